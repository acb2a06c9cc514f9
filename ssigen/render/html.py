"""The Jinja environment: the user's templates first, then ssigen's; filters that format.

Every link goes through the `url` filter, which makes it relative to the page being
rendered (taken from the render context, as MkDocs' `url` filter does), so a site works
from the file system and under any sub-path. A user template may extend the built-in
template of the same name as `default:<name>`, as in Datasette.
"""
from __future__ import annotations

import base64
import functools
import datetime as dt
import hashlib
import posixpath
from gettext import NullTranslations
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from .. import charts, formats
from ..cache import cache_dir
from ..version import __version__
from ..i18n import CHART_LOCALES
from ..load.files import read_text
from .cells import escaped, table_filters
from .fixed_text import FixedText
from .templates_dir import builtin_templates, has_templates  # noqa: F401  (also here)
from .notes import render_markdown
from .sandbox import WIDTH_FILTERS, BoundedSandbox, bounded_filter


def relative_url(target: str, page: str) -> str:
    """`target` (a path from the site's root) as seen from `page` (also from the root)."""
    return _from_folder(target or page, posixpath.dirname(page) or ".")


@functools.lru_cache(maxsize=1 << 14)
def _from_folder(target: str, folder: str) -> str:
    """Kept by folder, not by page: a thousand person pages in one folder link to the same
    thousand places, which a cache keyed by page would hold a thousand times."""
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, folder)
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


class _SharedGlobals:
    """Every template reads the environment's globals dict itself, not Jinja's ChainMap
    over it (the same names, always current): each page copies its template's globals
    into its context, and each import of a partial compares them with the partial's,
    both loops in Python over a ChainMap, a tenth of a person page's time."""

    globals: dict

    def make_globals(self, d):
        return self.globals if not d else super().make_globals(d)  # type: ignore[misc]


class _PageTemplate(jinja2.Template):
    """A template whose printed values are written by `cells.escaped`, without the new
    Markup Jinja's `escape` makes for each (its pieces are only ever joined)."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = escaped
        return template


class _Trusted(_SharedGlobals, jinja2.Environment):
    template_class = _PageTemplate


class _Sandboxed(_SharedGlobals, BoundedSandbox):
    template_class = _PageTemplate


def make_environment(locale: str, currency: str, user_templates: Path | None = None,
                     translations=None) -> jinja2.Environment:
    """The user's templates come first; with any of them, templates run in Jinja's sandbox,
    so a template in a content folder cannot reach Python's internals."""
    builtin = jinja2.FileSystemLoader(str(builtin_templates()))
    loaders = [builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")]
    custom = has_templates(user_templates)
    if custom:
        loaders.insert(0, jinja2.FileSystemLoader(str(user_templates)))
    environment_class = _Sandboxed if custom else _Trusted
    env = environment_class(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache("sandboxed" if custom else "trusted", locale),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n", FixedText],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,      # a build's templates do not change while it runs
    )
    env.fixed_gettext = translations.gettext if translations is not None else None
    if translations is None:
        env.install_null_translations(newstyle=True)
    else:
        env.install_gettext_translations(translations, newstyle=True)
    env.globals.update(locale=locale, currency=currency)
    env.current_page = "index.html"   # the page being rendered: see `url`
    env.filters.update(_filters(locale, currency, translations))
    env.filters.update(table_filters(env, memo=not custom))
    if custom:
        for name in (*WIDTH_FILTERS, "format", "replace", "join"):
            env.filters[name] = bounded_filter(env, name, env.filters[name])
    return env


def _bytecode_cache(kind: str, locale: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds: compiling them is most of a small build's
    rendering. Jinja checks each entry against its template's source, so an edited template
    is compiled again; sandboxed and trusted templates are kept apart, and each language
    (fixed words are translated as templates compile: fixed_text.py). The folder is named
    after what compiles them, ssigen's and Jinja's versions and fixed_text.py itself, so a
    compiler that changes never loads what another compiled."""
    directory = cache_dir(f"templates-{__version__}-{_compiler()}-{kind}-{locale}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


@functools.lru_cache(maxsize=None)
def _compiler() -> str:
    source = Path(__file__).with_name("fixed_text.py").read_bytes()
    return hashlib.sha256(jinja2.__version__.encode() + b"\0" + source).hexdigest()[:12]


@jinja2.pass_context
def url(context, target: str) -> str:
    """`target` (from the site's root) relative to the page being rendered: the page's
    `page_path`, or, in a partial imported without the page's context (as the built-in
    pages import theirs, once for every page rather than once a page), the page its
    environment is rendering (`current_page`, which the renderer sets)."""
    page = context.get("page_path")
    return relative_url(target, context.environment.current_page if page is None else page)


def _filters(locale: str, currency: str, translations) -> dict:
    gettext = (translations or NullTranslations()).gettext
    return dict(
        tr=lambda text: gettext(text) if text else text,
        url=url,
        num=lambda v, digits=2: formats.number(v, digits, locale),
        exact=lambda v: _exact(v, locale),
        measure=lambda v, signal: _measure(v, signal, locale),
        signed=lambda v, digits=2: formats.signed(v, digits, locale),
        pct=lambda v, digits=0: formats.percent(v, digits, locale),
        cell=cell_writer(locale),
        money=lambda v, code=None: formats.money(v, code or currency, locale),
        date=lambda v, style="medium": formats.date(v, locale, style),
        markdown=lambda text: render_markdown(text) if text else None,
        chart_svg=chart_svg(locale),
        css_string=css_string,
    )


CHART_WIDTH = 640          # a chart's width in a PDF, between A4's margins
PDF_FONT = "DejaVu Sans"   # the PDFs' font (templates/assets/pdf.css), Debian's default


def chart_svg(locale: str):
    """For a PDF: the chart drawn as SVG by vl-convert from its spec and data, with the
    locale's number and date conventions, as a data: address for an <img>."""
    name = CHART_LOCALES.get(locale, "en-US")

    def draw(chart) -> str:
        import vl_convert as vlc
        spec = {**charts.with_data(chart.spec, **chart.datasets), "description": chart.title}
        if spec.get("width") == "container":
            spec["width"] = CHART_WIDTH
        spec["autosize"] = {"type": "pad"}   # axis labels and names beyond the plot too
        # measured and drawn in the PDF's own font, so no label outgrows the drawing
        spec["config"] = {**spec.get("config", {}), "font": PDF_FONT}
        svg = vlc.vegalite_to_svg(spec, format_locale=name, time_format_locale=name)
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return draw


def css_string(text) -> Markup:
    """Text as a CSS string (a PDF's running header): anything but plain characters
    escaped, so a title cannot end the string or the rule."""
    escaped = "".join(c if c.isalnum() or c in " .,;:!?-–—()/&%+€$£@#'" else f"\\{ord(c):x} "
                      for c in str(text))
    return Markup(f'"{escaped}"')


def _exact(value: float | None, locale: str) -> str:
    """No decimals for a whole number, two otherwise: a threshold, a rubric's points."""
    digits = 0 if value is not None and value == int(value) else 2
    return formats.number(value, digits, locale)


def _measure(value: float, signal: str, locale: str) -> str:
    """A rubric signal's value: a ratio of two signals (`a/b`) as a percentage."""
    if "/" in signal:
        return formats.percent(value * 100, 0, locale)
    return _exact(value, locale)


def cell_writer(locale: str):
    """The `cell` filter: a table cell of any type (a chart's data table) formatted for the
    locale, its number and date writers settled once; the common types are met first."""
    decimal, whole = formats.number_writer(2, locale), formats.number_writer(0, locale)

    def cell(value) -> str:
        kind = type(value)
        if kind is float:
            return decimal(value)
        if kind is int:
            return whole(value)
        if kind is dt.date:
            return formats.date(value, locale)
        if value is None:
            return formats.DASH
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float)):
            return (whole if isinstance(value, int) else decimal)(value)
        if isinstance(value, dt.date):
            return formats.date(value, locale)
        return str(value)
    return cell


def check_templates(user_templates: Path, env: jinja2.Environment, problems) -> None:
    """The content folder's templates parse, and every template they name exists."""
    for path in sorted(user_templates.rglob("*.html")):
        rel = "templates/" + path.relative_to(user_templates).as_posix()
        source = read_text(path, rel, problems)
        if source is None:
            continue
        try:
            tree = env.parse(source, name=rel)
        except jinja2.TemplateSyntaxError as exc:
            problems.error(rel, exc.lineno, None, f"template syntax error: {exc.message}")
            continue
        except RecursionError:
            problems.error(rel, None, None, "template is nested too deeply to be read")
            continue
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", "")
            if isinstance(attr, str) and attr.startswith("_"):
                problems.error(rel, node.lineno, None,
                               f"reaches '{attr}': templates may not use private attributes")
        for name in meta.find_referenced_templates(tree):
            if name is None:
                continue
            try:
                env.get_template(name)
            except jinja2.TemplateNotFound:
                problems.error(rel, None, None, f"uses a template that does not exist: {name}",
                               "templates are named relative to the templates folder")
            except jinja2.TemplateSyntaxError:
                pass  # reported for that file itself
