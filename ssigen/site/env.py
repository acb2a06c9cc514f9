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


def make_environment(locale: str, currency: str, user_templates: Path | None = None,
                     translations=None) -> jinja2.Environment:
    loaders = []
    if user_templates is not None and user_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(
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
