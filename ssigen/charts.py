"""One Vega-Lite spec per chart kind, read from chart-specs.json and fed data per page.

The specs are written with Altair (ssigen.chart_specs) but stored as data, so a build
never spends the half second importing Altair takes. A kind's spec is the stored one with
the page's titles and formats in place of its placeholders, made once per arguments
(cached); a page's chart is that spec plus its own `datasets`. The browser draws it with
the Vega bundle written into the site's assets, so nothing is loaded from outside the site.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from .formats import without_bidi

PILLAR_DOMAIN = ("brand", "people", "insights", "relationships")
PALETTE = {"primary": "#0a66c2", "team": "#1f2937", "industry": "#b45309", "network": "#7e22ce",
           "fall": "#b91c1c", "before": "#6b7280", "alert": "#b91c1c", "good_news": "#15803d",
           "ink": "#374151", "muted": "#6b7280", "rule": "#9ca3af", "grid": "#e5e7eb"}
SHAPES = {"team": "diamond", "industry": "triangle-down", "network": "square"}
SYMBOLS = {"team": "◆", "industry": "▼", "network": "■"}  # the legend's glyph of each shape
BAND_COLOURS = ("#b91c1c", "#b45309", "#15803d", "#0f5132", "#1d4ed8", "#6d28d9")
SCALE_COLOURS = ("#b91c1c", "#f08a7e", "#b8bec6", "#7fb0e0", "#0a66c2")   # answers 1 to 5

STORED = Path(__file__).resolve().with_name("chart-specs.json")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def placeholder(name: str) -> str:
    """What stands for the argument `name` in a stored spec."""
    return "{{" + name + "}}"


@functools.lru_cache(maxsize=1)
def _stored() -> dict:
    """kind → {"parameters": its argument names, "spec": its spec with placeholders}."""
    return json.loads(STORED.read_text(encoding="utf-8"))["kinds"]


def vega_lite_version() -> str:
    """The Vega-Lite version ('6.4') the stored specs were made for, which the Vega bundle
    in the site's assets must speak."""
    (schema,) = {stored["spec"]["$schema"] for stored in _stored().values()}
    return re.search(r"/v(\d+\.\d+)", schema)[1]


KINDS = {}  # name → spec function, as the tests list every kind


def _kind(name: str):
    """Kind `name`'s spec function, taking its builder's arguments (in chart_specs.py); the
    file is read at the first chart, so commands that draw none (check, import) never do.
    Each argument goes into the JSON text escaped as a JSON string's content, so quotes,
    backslashes and braces in a title stay text."""
    @functools.lru_cache(maxsize=None)
    def spec(*args: str) -> dict:
        stored = _stored()[name]
        if len(args) != len(stored["parameters"]):
            raise TypeError(f"{name}() takes {stored['parameters']}, not {len(args)} arguments")
        values = dict(zip(stored["parameters"], args))
        text = json.dumps(stored["spec"], ensure_ascii=False)
        return json.loads(_PLACEHOLDER.sub(lambda m: json.dumps(values[m[1]])[1:-1], text))
    spec.__name__ = spec.__qualname__ = name
    KINDS[name] = spec
    return spec


pillar_bars_spec = _kind("pillar_bars_spec")
history_spec = _kind("history_spec")
group_pillars_spec = _kind("group_pillars_spec")
band_counts_spec = _kind("band_counts_spec")
dumbbell_spec = _kind("dumbbell_spec")
delta_bars_spec = _kind("delta_bars_spec")
bars_spec = _kind("bars_spec")
columns_spec = _kind("columns_spec")
scatter_spec = _kind("scatter_spec")
usage_spec = _kind("usage_spec")
diverging_spec = _kind("diverging_spec")


def with_data(spec: dict, **datasets: list[dict]) -> dict:
    """The cached spec plus one page's data (the cached dict itself is never changed)."""
    return {**spec, "datasets": datasets}


def to_script_json(spec: dict) -> str:
    """JSON safe to place inside a <script type="application/json"> element."""
    return _script_safe(json.dumps(spec, ensure_ascii=False, sort_keys=True,
                                   separators=(",", ":")))


def _script_safe(text: str) -> str:
    """Each character on its own (so pieces made safe apart join into safe JSON)."""
    text = without_bidi(text)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_FRAMES: dict[int, tuple[dict, tuple[str, str, str]]] = {}
_DATA, _TITLE = "\x00datasets\x00", "\x00description\x00"


def page_chart_json(spec: dict, datasets: dict, description: str) -> str:
    """`to_script_json` of the spec with a page's data and title, byte for byte: the
    spec's own part is written once per kind and arguments, and only the page's part on
    each page (a thousand pages draw a few dozen specs)."""
    kept = _FRAMES.get(id(spec))
    if kept is None or kept[0] is not spec:
        text = to_script_json({**spec, "datasets": _DATA, "description": _TITLE})
        head, rest = text.split(json.dumps(_DATA))
        middle, tail = rest.split(json.dumps(_TITLE))
        kept = _FRAMES[id(spec)] = (spec, (head, middle, tail))
    head, middle, tail = kept[1]
    return (head + to_script_json(datasets) + middle + to_script_json(description) + tail)
