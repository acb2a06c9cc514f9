"""Every chart kind is a valid Vega-Lite spec, with its data too (validated here, not in builds)."""
from __future__ import annotations

import json
import inspect

import jsonschema
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from ssigen import charts

from .htmlparse import parse


@pytest.mark.parametrize("name", sorted(charts.KINDS))
def test_every_chart_kind_is_valid_vega_lite(name, monkeypatch):
    monkeypatch.setattr(charts, "VALIDATE", True)     # Altair's own validation as well
    builder = charts.KINDS[name]
    args = [f"title {i}" for i in range(len(inspect.signature(builder).parameters))]
    spec = builder(*args)
    validate_jsonschema(spec, load_schema())


def test_page_charts_with_their_data_are_valid(sample_site):
    schema = load_schema()
    pages = [sample_site / "index.html", sample_site / "people" / "claire-dubois.html",
             sample_site / "deals.html", sample_site / "cohorts" / "spring-2026.html"]
    seen = 0
    for page in pages:
        for script in parse(page).find_all("script", type="application/json"):
            validate_jsonschema(json.loads(script.text), schema)
            seen += 1
    assert seen == 2 + 2 + 3 + 2


def test_a_broken_spec_is_caught():
    with pytest.raises(jsonschema.ValidationError):
        validate_jsonschema({"mark": "no-such-mark", "data": {"values": []}}, load_schema())


def test_specs_are_built_once_per_kind():
    charts.history_spec.cache_clear()
    first = charts.history_spec("SSI")
    assert charts.history_spec("SSI") is first
    assert charts.history_spec.cache_info().hits == 1
