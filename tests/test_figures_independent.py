"""Independent, hand-checked figures of data/scores.json and data/scores.csv.

Every expected value in tests/fixtures/figures/<case>/expected.json was derived by hand from
FORMAT.md (see each case's README.md), not by running ssigen.

expected.json: {"as_of", "currency", "members": {id: {field: value, ...}}}.
A member may list field names under "_nullable": for those, null (JSON) / an empty cell (CSV)
is accepted as well as the expected value (used for attributed_revenue / deals_won of members
without any deal: FORMAT.md says "absent figures are null", so "no deals" may read as absent).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

import ssigen

from .conftest import copy_fixture, read_expected

FIXTURES = Path(__file__).parent / "fixtures" / "figures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())

FIELDS = [
    "id", "name", "team", "date", "score", "source",
    "brand", "people", "insights", "relationships",
    "band", "rank", "top_pct",
    "industry_ssi", "industry_top_pct", "network_ssi", "network_top_pct",
    "attributed_revenue", "deals_won",
]
NUMERIC = {
    "score", "brand", "people", "insights", "relationships", "rank", "top_pct",
    "industry_ssi", "industry_top_pct", "network_ssi", "network_top_pct",
    "attributed_revenue", "deals_won",
}
TOL = 0.01


def _copy_content(case: str, tmp_path: Path) -> Path:
    """Copy the fixture to tmp_path, without the files that are not part of the format."""
    return copy_fixture(FIXTURES / case, tmp_path / "content")


def _build(case: str, tmp_path: Path) -> Path:
    content = _copy_content(case, tmp_path)
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def _expected(case: str) -> dict:
    return read_expected(FIXTURES / case)


def _default_bands(case: str) -> bool:
    settings = yaml.safe_load((FIXTURES / case / "ssigen.yml").read_text(encoding="utf-8"))
    return "bands" not in settings


def _num_ok(actual, expected) -> bool:
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return False
    return abs(actual - expected) <= TOL + 1e-9


def _check_value(case, member_id, field, actual, spec, where):
    """Return an error message, or None when `actual` matches the expected spec."""
    expected = spec[field]
    nullable = field in spec.get("_nullable", [])
    if actual is None:
        if expected is None or nullable:
            return None
        return f"{where} {case}/{member_id}.{field}: got null, expected {expected!r}"
    if expected is None:
        return f"{where} {case}/{member_id}.{field}: got {actual!r}, expected null"
    if field in NUMERIC:
        if _num_ok(actual, expected):
            return None
        return f"{where} {case}/{member_id}.{field}: got {actual!r}, expected {expected!r} (±{TOL})"
    if field == "band" and _default_bands(case) and isinstance(actual, str):
        # FORMAT.md names the default bands in lower case ("foundations missing", ...) but does
        # not pin their capitalisation in exports; compare case-insensitively for them only.
        ok = actual.casefold() == expected.casefold()
    else:
        ok = actual == expected
    if ok:
        return None
    return f"{where} {case}/{member_id}.{field}: got {actual!r}, expected {expected!r}"


@pytest.mark.parametrize("case", CASES)
def test_scores_json_figures(case, tmp_path):
    expected = _expected(case)
    out = _build(case, tmp_path)
    data = json.loads((out / "data" / "scores.json").read_text(encoding="utf-8"))

    assert data["as_of"] == expected["as_of"]
    assert data["currency"] == expected["currency"]

    members = data["members"]
    assert isinstance(members, list)
    ids = [m["id"] for m in members]
    assert len(ids) == len(set(ids)), f"duplicate ids in scores.json: {ids}"
    by_id = {m["id"]: m for m in members}
    assert set(by_id) == set(expected["members"]), "members in scores.json differ from expected"

    errors = []
    for member_id, spec in expected["members"].items():
        got = by_id[member_id]
        for field in FIELDS:
            if field not in got:
                errors.append(f"json {case}/{member_id}: field {field!r} missing")
                continue
            err = _check_value(case, member_id, field, got[field], spec, "json")
            if err:
                errors.append(err)
    assert not errors, "\n".join(errors)


def _read_scores_csv(path: Path):
    text = path.read_text(encoding="utf-8-sig")
    header_line = text.splitlines()[0] if text else ""
    # The export's delimiter is not pinned by FORMAT.md; accept ',' (expected) or ';'.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = next(csv.reader(io.StringIO(header_line), delimiter=delimiter), [])
    return header, rows, delimiter


def _csv_number(cell: str, delimiter: str):
    cell = cell.strip()
    if delimiter == ";":
        cell = cell.replace(",", ".")
    try:
        return float(cell)
    except ValueError:
        return cell  # leaves the mismatch to be reported


@pytest.mark.parametrize("case", CASES)
def test_scores_csv_figures(case, tmp_path):
    expected = _expected(case)
    out = _build(case, tmp_path)
    header, rows, delimiter = _read_scores_csv(out / "data" / "scores.csv")

    missing = [f for f in FIELDS if f not in header]
    assert not missing, f"scores.csv header lacks {missing}; header = {header}"

    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), f"duplicate ids in scores.csv: {ids}"
    assert sorted(ids) == sorted(expected["members"]), "rows of scores.csv differ from expected"
    by_id = {r["id"]: r for r in rows}

    errors = []
    for member_id, spec in expected["members"].items():
        row = by_id[member_id]
        for field in FIELDS:
            cell = row[field]
            if cell is None or cell == "":
                actual = None  # empty cell = null
            elif field in NUMERIC:
                actual = _csv_number(cell, delimiter)
            else:
                actual = cell
            err = _check_value(case, member_id, field, actual, spec, "csv")
            if err:
                errors.append(err)
    assert not errors, "\n".join(errors)


def test_fixture_cases_present():
    assert {"basic", "bands", "formats", "deals"} <= set(CASES)
