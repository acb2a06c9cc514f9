"""Scores, bands, ranks and top %: hand-checked inputs, fixtures of scores.json and scores.csv."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

import ssigen
from ssigen.load.schema import DEFAULT_BANDS
from ssigen.model import Band
from ssigen.scoring import band_for, rank_scores

from .folders import FIXTURES, make_folder, read_expected

# --------------------------------------------------------------------------- bands and ranks


@pytest.mark.parametrize("score, label", [
    (0, "foundations missing"), (49.99, "foundations missing"), (50, "foundations in place"),
    (69.994, "foundations in place"), (70, "active social seller"), (80, "expert"),
    (100, "expert"), (None, None),
])
def test_default_bands(score, label):
    band = band_for(score, DEFAULT_BANDS)
    assert (band.label if band else None) == label


def test_band_below_the_lowest_min_is_none():
    assert band_for(5, (Band(10, "low"), Band(50, "high"))) is None


def test_ranks_compare_scores_rounded_to_two_decimals():
    ranks = rank_scores({"a": 61.004, "b": 61.001, "c": 70.0, "d": 12.5, "e": None})
    assert ranks == {"c": (1, 25), "a": (2, 50), "b": (2, 50), "d": (4, 100)}


def test_latest_snapshot_on_or_before_as_of(tmp_path):
    content = make_folder(tmp_path, {
        "ssigen.yml": "title: T\nas_of: 2026-02-01\n",
        "members.csv": "id,name,team\nann,Ann,A\nbob,Bob,A\ncid,Cid,B\n",
        "snapshots/ssi.csv": """
            member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships,ssi.industry_ssi
            ann,2026-01-01,10,10,10,10,20
            ann,2026-01-15,12.5,12.25,11,10.75,21
            ann,2026-03-01,25,25,25,25,22
            bob,2026-01-20,20,20,20,15.5,
            cid,2026-01-20,5,5,5,5,
        """,
    }, base=None)
    scores = ssigen.score(content)
    by_id = scores.by_id
    assert by_id["ann"].score == pytest.approx(46.5)
    assert by_id["ann"].date.isoformat() == "2026-01-15"
    assert by_id["ann"].reported.industry_ssi == 21
    assert [m.id for m in scores.members] == ["bob", "ann", "cid"]
    assert (by_id["bob"].rank, by_id["bob"].top_pct, by_id["bob"].band.label) == \
        (1, 34, "active social seller")
    assert (by_id["cid"].rank, by_id["cid"].top_pct) == (3, 100)
    team_a = scores.team("A")
    assert team_a.score == pytest.approx((46.5 + 75.5) / 2)
    assert team_a.pillars["brand"] == pytest.approx((12.5 + 20) / 2)
    assert team_a.industry_ssi == pytest.approx(21)
    assert [(b.label, n) for b, n in scores.band_counts] == [
        ("foundations missing", 2), ("foundations in place", 0),
        ("active social seller", 1), ("expert", 0)]


# --------------------------------------------------------------------------- hand-checked fixtures
# Every expected value in tests/fixtures/figures/<case>/expected.json was derived by hand from
# docs/format.md (see each case's README.md), not by running ssigen.
#
# expected.json: {"as_of", "currency", "members": {id: {field: value, ...}}}.
# A member may list field names under "_nullable": for those, null (JSON) / an empty cell (CSV)
# is accepted as well as the expected value (used for attributed_revenue / deals_won of members
# without any deal: docs/format.md, "The site", says "Absent figures are `null`", so "no deals"
# may read as absent).

CASES_DIR = FIXTURES / "figures"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())

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


def _build(case: str, tmp_path: Path) -> Path:
    content = make_folder(tmp_path / "content", base=CASES_DIR / case)
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def _expected(case: str) -> dict:
    return read_expected(CASES_DIR / case)


def _default_bands(case: str) -> bool:
    settings = yaml.safe_load((CASES_DIR / case / "ssigen.yml").read_text(encoding="utf-8"))
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
        # docs/format.md ("ssigen.yml") names the default bands in lower case ("foundations
        # missing", ...) but does not pin their capitalisation in exports; compare
        # case-insensitively for them only.
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
    # The export's delimiter is not pinned by docs/format.md ("The site"); accept ','
    # (expected) or ';'.
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
