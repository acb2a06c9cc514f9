"""The site's shared assets, written once with a content hash in their names.

The Vega runtime comes from vl-convert-python's bundle (the Vega-Lite version the stored
chart specs were made for), so charts draw offline and nothing is fetched from a CDN.
Making the bundle takes a second or two, so it is cached on disk per vl-convert install and
Vega-Lite version, as are the charts' locale files; a build that finds them there never
imports vl-convert.
"""
from __future__ import annotations

import hashlib
import json
import importlib.util
from functools import lru_cache
from pathlib import Path

from .. import charts
from ..cache import kept
from ..errors import ContentErrors, Problems
from ..i18n import CHART_LOCALES
from ..load.files import read_bytes
from ..render.html import builtin_templates


def _make_bundle(wanted: str) -> bytes:
    import vl_convert as vlc
    available = vlc.get_vegalite_versions()
    vl_version = "v" + (wanted if wanted in available else available[-1])
    return vlc.javascript_bundle(vl_version=vl_version).encode("utf-8")


@lru_cache(maxsize=1)
def installed_vl_convert() -> str:
    """A stamp of the installed vl-convert (its files' names, sizes and times), which names
    the kept bundle and locale files; read without importing vl-convert, nor
    importlib.metadata, which alone took longer than the rest of a small build's assets."""
    spec = importlib.util.find_spec("vl_convert")
    if spec is None or spec.origin is None:
        return "none"
    files = sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                   for entry in Path(spec.origin).parent.iterdir() if entry.is_file())
    return hashlib.sha256(repr(files).encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def vega_bundle() -> bytes:
    wanted = charts.vega_lite_version()
    return kept("vega", f"bundle-{installed_vl_convert()}-v{wanted}.js",
                lambda: _make_bundle(wanted))


def hashed_name(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def read_builtin_or_user(name: str, user_templates: Path | None) -> bytes:
    """A template asset, taken from the content folder's templates/assets first."""
    if user_templates is not None and (user_templates / "assets" / name).is_file():
        problems = Problems()
        data = read_bytes(user_templates / "assets" / name, f"templates/assets/{name}",
                          problems)
        if data is None:
            raise ContentErrors(problems.errors)
        return data
    return (builtin_templates() / "assets" / name).read_bytes()


def _make_chart_locale(name: str) -> bytes:
    import vl_convert as vlc
    conventions = {"format": vlc.get_format_locale(name),
                   "time": vlc.get_time_format_locale(name)}
    return ("window.ssigenChartLocale = "
            + json.dumps(conventions, ensure_ascii=False, sort_keys=True) + ";\n").encode()


@lru_cache(maxsize=None)
def chart_locale(locale: str) -> bytes:
    """Vega's number and date conventions for the report's locale (decimal comma, month
    names), from the d3 locale files vl-convert ships."""
    name = CHART_LOCALES.get(locale, "en-US")
    return kept("vega", f"locale-{installed_vl_convert()}-{name}.js",
                lambda: _make_chart_locale(name))


def site_assets(user_templates: Path | None, locale: str = "en") -> dict[str, tuple[str, bytes]]:
    """logical name → (path in the site, bytes) for every shared asset."""
    files = {"vega.js": vega_bundle(), "chart-locale.js": chart_locale(locale)}
    for name in ("style.css", "charts.js"):
        files[name] = read_builtin_or_user(name, user_templates)
    return {name: (f"assets/{hashed_name(name, data)}", data) for name, data in files.items()}
