"""Every chart kind is a valid Vega-Lite spec, with its data too (validated here, not in
builds), and the specs builds read from chart-specs.json are exactly what Altair makes."""
from __future__ import annotations

import json
import inspect

import jsonschema
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from ssigen import chart_specs, charts

from .htmlparse import parse


@pytest.mark.parametrize("name", sorted(charts.KINDS))
def test_every_chart_kind_is_valid_vega_lite(name, monkeypatch):
    monkeypatch.setattr(chart_specs, "VALIDATE", True)     # Altair's own validation as well
    count = len(inspect.signature(chart_specs.KINDS[name]).parameters)
    args = [f"title {i}" for i in range(count)]
    chart_specs.KINDS[name](*args)
    validate_jsonschema(charts.KINDS[name](*args), load_schema())


# -- the stored specs are what the Altair builders make -----------------------------------

REGENERATE = ("ssigen/chart-specs.json is not what the builders in ssigen/chart_specs.py "
              "make: regenerate it with `python -m ssigen.chart_specs`")
ARGUMENTS = (
    ("SSI (out of 100)", "Revenue (EUR)", ",.0f"),
    ('Chiffre d\'affaires « net », "signé" — é ü ß', "Días \\ </script> & co", "+.2%"),
    ("{x_title} {{y_title}}", "{{value_format}}", "100 %"),   # placeholders' look-alikes
    ("", "{", "}"),
)


def test_the_stored_kinds_are_the_builders_kinds():
    assert sorted(charts.KINDS) == sorted(chart_specs.KINDS), (
        "each builder in chart_specs.py needs its `name = _kind(name)` line in charts.py")
    assert sorted(charts._stored()) == sorted(chart_specs.KINDS), REGENERATE


def test_the_stored_specs_are_up_to_date():
    assert charts.STORED.read_text(encoding="utf-8") == chart_specs.stored_text(), REGENERATE


@pytest.mark.parametrize("arguments", ARGUMENTS, ids=range(len(ARGUMENTS)))
@pytest.mark.parametrize("name", sorted(chart_specs.KINDS))
def test_every_stored_spec_is_what_altair_builds(name, arguments):
    args = arguments[:len(inspect.signature(chart_specs.KINDS[name]).parameters)]
    built = chart_specs.KINDS[name](*args)
    assert json.dumps(charts.KINDS[name](*args)) == json.dumps(built), REGENERATE


def test_page_charts_with_their_data_are_valid(sample_site):
    schema = load_schema()
    pages = [sample_site / "index.html", sample_site / "people" / "claire-dubois.html",
             sample_site / "deals.html", sample_site / "cohorts" / "spring-2026.html"]
    seen = 0
    for page in pages:
        for script in parse(page).find_all("script", type="application/json"):
            validate_jsonschema(json.loads(script.text), schema)
            seen += 1
    assert seen == 2 + 2 + 3 + 4      # the cohort: two charts, and its survey's two


def test_a_broken_spec_is_caught():
    with pytest.raises(jsonschema.ValidationError):
        validate_jsonschema({"mark": "no-such-mark", "data": {"values": []}}, load_schema())


def test_specs_are_built_once_per_kind():
    charts.history_spec.cache_clear()
    first = charts.history_spec("SSI")
    assert charts.history_spec("SSI") is first
    assert charts.history_spec.cache_info().hits == 1


# -- labels that cannot fit give way to the tooltip and the data table ---------------------

def test_band_labels_that_would_touch_give_way():
    from ssigen.views.base import spaced_labels
    # highest first: 80 is kept, 77 is within 6 points of it, 70 is clear of 80
    assert spaced_labels([80, 77, 70, 50], 100, 0.06) == [True, False, True, True]
    assert spaced_labels([80, 70, 50], 100, 0.06) == [True, True, True]


def test_point_labels_do_not_pile_up():
    from ssigen.views.base import point_labels
    points = [{"name": "Ann Long-Name", "score": 50, "revenue": 100, "shape": "circle"},
              {"name": "Bob", "score": 51, "revenue": 99, "shape": "circle"},
              {"name": "Cy", "score": 10, "revenue": 10, "shape": "triangle-up"},
              {"name": "Di", "score": 90, "revenue": 0, "shape": "circle"}]
    labels = point_labels(points, "score", "revenue", 100, 100)
    # Ann (highest) is named; Bob sits under Ann's name, so his gives way; the flagged
    # point and the lone one keep theirs.
    assert labels == ["Ann Long-Name", "", "Cy", "Di"]


def test_the_history_chart_names_each_band_once_clear_of_the_others(tmp_path):
    from ssigen.views.person import history_chart
    from ssigen.views.labels import Labels
    from ssigen.model import Band
    from ssigen import i18n
    from ssigen.scoring import score_content
    from .folders import SAMPLE
    from ssigen.pipeline import load
    content, _ = load(SAMPLE)
    ms = score_content(content).members[0]
    bands = (Band(0, "a"), Band(50, "b"), Band(70, "c"), Band(73, "d"), Band(80, "e"))
    chart = history_chart(Labels.of(i18n.translations("en")), ms, bands)
    assert [b["label"] for b in chart.datasets["band_labels"]] == ["e", "d", "b"]
    assert [b["label"] for b in chart.datasets["bands"]] == ["b", "c", "d", "e"]
    assert chart.description == "Dashed lines mark the bands: 50 b, 70 c, 73 d, 80 e."


@pytest.mark.parametrize("name", sorted(chart_specs.KINDS))
def test_a_page_chart_is_the_whole_json_written_at_once(name):
    """The spec's part written once and the page's part each time join into exactly the
    JSON of the whole, hostile text included."""
    args = ARGUMENTS[1][:len(inspect.signature(chart_specs.KINDS[name]).parameters)]
    spec = charts.KINDS[name](*args)
    data = {"points": [{"name": "</script><b>\u202eé", "v": 1.5, "w": [1, None]}],
            "zero": [{"x": 0}]}
    for title in ("Title «x» & </script>", "\u2028", ""):
        assert charts.page_chart_json(spec, data, title) == charts.to_script_json(
            {**charts.with_data(spec, **data), "description": title})


def test_the_kept_vega_bundle_is_named_after_the_installed_vl_convert(tmp_path, monkeypatch):
    """The bundle and locale files kept between builds are named after the vl-convert
    installed (its files' names, sizes and times): another install makes them again."""
    import importlib.machinery
    import importlib.util

    from ssigen.site import assets

    package = tmp_path / "vl_convert"
    package.mkdir()
    (package / "__init__.py").write_text("x = 1\n", encoding="utf-8")
    (package / "vl_convert.so").write_bytes(b"\0" * 10)
    spec = importlib.machinery.ModuleSpec("vl_convert", None, origin=str(package / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: spec if name == "vl_convert" else None)

    def stamp() -> str:
        assets.installed_vl_convert.cache_clear()
        return assets.installed_vl_convert()

    first = stamp()
    assert first == stamp() and len(first) == 12
    (package / "vl_convert.so").write_bytes(b"\0" * 11)
    assert stamp() != first
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert stamp() == "none"
    assets.installed_vl_convert.cache_clear()
