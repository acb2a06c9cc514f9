"""The Jinja environment: the user's templates first, then ssigen's; filters that format.

Every link goes through the `url` filter, which makes it relative to the page being
rendered, so a site works from the file system and under any sub-path.
"""
from __future__ import annotations

import datetime as dt
from gettext import NullTranslations
import posixpath
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from jinja2 import meta, nodes

from .. import formats


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
    environment_class = SandboxedEnvironment if custom else jinja2.Environment
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
    env.globals.update(locale=locale, currency=currency)
    env.current_page = "index.html"
    return env


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
        try:
            source = path.read_text(encoding="utf-8")
            tree = env.parse(source, name=rel)
        except UnicodeDecodeError:
            problems.error(rel, None, None, "is not valid UTF-8 text")
            continue
        except jinja2.TemplateSyntaxError as exc:
            problems.error(rel, exc.lineno, None, f"template syntax error: {exc.message}")
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
