"""The Jinja environment: the user's templates first, then ssigen's; filters that format.

Every link goes through the `url` filter, which makes it relative to the page being
rendered, so a site works from the file system and under any sub-path.
"""
from __future__ import annotations

import datetime as dt
import re
from gettext import NullTranslations
import posixpath
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2 import meta, nodes
from jinja2.compiler import CodeGenerator

from .. import formats
from ..load.readers import read_text


def builtin_templates() -> Path:
    """Templates ship inside the package (wheel) or beside it (source checkout)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError("ssigen's built-in templates are missing from the installation")


def relative_url(target: str, page: str) -> str:
    """`target` (a path from the site's root) as seen from `page` (also from the root)."""
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    path, _, anchor = target.partition("#")
    base = posixpath.dirname(page) or "."
    rel = posixpath.relpath(path or page, base)
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def has_templates(user_templates: Path | None) -> bool:
    return user_templates is not None and user_templates.is_dir() and any(
        p.is_file() for p in user_templates.rglob("*.html"))


def make_environment(locale: str, currency: str, user_templates: Path | None = None,
                     translations=None) -> jinja2.Environment:
    """The user's templates come first; with any of them, templates run in Jinja's sandbox,
    so a template in a content folder cannot reach Python's internals."""
    loaders = []
    custom = has_templates(user_templates)
    if custom:
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    environment_class = BoundedSandbox if custom else jinja2.Environment
    env = environment_class(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if translations is None:
        env.install_null_translations(newstyle=True)
    else:
        env.install_gettext_translations(translations, newstyle=True)

    @jinja2.pass_context  # never folded into a constant when the template is compiled
    def url(_context, target: str) -> str:
        """`target` relative to the page being rendered (Renderer sets env.current_page)."""
        return relative_url(target, env.current_page)

    gettext = (translations or NullTranslations()).gettext
    env.filters.update(
        tr=lambda text: gettext(text) if text else text,
        url=url,
        num=lambda v, digits=2: formats.number(v, digits, locale),
        signed=lambda v, digits=2: formats.signed(v, digits, locale),
        pct=lambda v, digits=0: formats.percent(v, digits, locale),
        cell=lambda v: _cell(v, locale),
        money=lambda v, code=None: formats.money(v, code or currency, locale),
        date=lambda v, style="medium": formats.date(v, locale, style),
    )
    if custom:
        for name in (*WIDTH_FILTERS, "format", "replace", "join"):
            env.filters[name] = _bounded_filter(env, name, env.filters[name])
    env.globals.update(locale=locale, currency=currency)
    env.current_page = "index.html"
    return env


MAX_STRING = 1_000_000       # the longest string or list one operation may make
MAX_PRODUCED = 50_000_000    # all strings and lists a template makes for one page


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` so that its result is charged to the page's budget as well."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.charge(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with a size budget: no operator, method or filter of a content
    folder's template may make a string or list of more than MAX_STRING items, nor all of
    them together more than MAX_PRODUCED for one page (whose time the renderer bounds)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    produced = 0

    def new_page(self) -> None:
        self.produced = 0

    def charge(self, result):
        if isinstance(result, (str, list, tuple)):
            if len(result) > MAX_STRING:
                raise SecurityError(TOO_LARGE)
            self.produced += len(result)
            if self.produced > MAX_PRODUCED:
                raise SecurityError(f"the template makes more than {MAX_PRODUCED:,} "
                                    "characters of text for one page")
        return result

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_STRING:
                    raise SecurityError(TOO_LARGE)
        elif operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
            raise SecurityError("an exponent larger than 1000 is not allowed in templates")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError(TOO_LARGE)
        return self.charge(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        if _has_huge_number((*args, *kwargs.values())):
            raise SecurityError(f"a number above {MAX_STRING:,} given to a function is not "
                                "allowed in templates")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and _WIDE_FORMAT.search(owner):
            raise SecurityError(TOO_LARGE)
        if isinstance(owner, (str, list)) and getattr(__obj, "__name__", "") == "replace" \
                and len(args) >= 2 and _replaced_size(owner, *args[:2]) > MAX_STRING:
            raise SecurityError(TOO_LARGE)
        return __self.charge(super().call(__context, __obj, *args, **kwargs))


_WIDE_FORMAT = re.compile(r"[%{][^%{}]*?\d{7,}")
WIDTH_FILTERS = ("center", "indent", "truncate", "wordwrap", "batch", "slice")


TOO_LARGE = f"a string or list of more than {MAX_STRING:,} items is not allowed in templates"


def _has_huge_number(values) -> bool:
    return any(isinstance(v, int) and not isinstance(v, bool) and v > MAX_STRING
               for v in values)


def _replaced_size(text, old, new) -> int:
    if not isinstance(text, str) or not isinstance(old, str) or not isinstance(new, str):
        return 0
    count = len(text) + 1 if not old else text.count(old)
    return len(text) + count * (len(new) - len(old))


def _bounded_filter(env: BoundedSandbox, name: str, original):
    """Filters that take a width, a count or a format get the sandbox's size budget."""
    offset = 1 if getattr(original, "jinja_pass_arg", None) is not None else 0

    def bounded(*args, **kwargs):
        value, params = (args[offset] if len(args) > offset else None), args[offset + 1:]
        if name in WIDTH_FILTERS and _has_huge_number((*params, *kwargs.values())):
            raise SecurityError(f"'{name}' with a number above {MAX_STRING:,} is not "
                                "allowed in templates")
        if name == "format" and isinstance(value, str) and _WIDE_FORMAT.search(value):
            raise SecurityError(TOO_LARGE)
        if name == "replace" and len(params) >= 2 and \
                _replaced_size(str(value), *params[:2]) > MAX_STRING:
            raise SecurityError(TOO_LARGE)
        if name == "join" and isinstance(value, (list, tuple)) and params and \
                isinstance(params[0], str) and len(value) * len(params[0]) > MAX_STRING:
            raise SecurityError(TOO_LARGE)
        return env.charge(original(*args, **kwargs))

    if hasattr(original, "jinja_pass_arg"):
        bounded.jinja_pass_arg = original.jinja_pass_arg
    return bounded


def _cell(value, locale: str) -> str:
    """A table cell of any type, formatted for the locale."""
    if value is None:
        return formats.DASH
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return formats.number(value, 0 if isinstance(value, int) else 2, locale)
    if isinstance(value, dt.date):
        return formats.date(value, locale)
    return str(value)


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
