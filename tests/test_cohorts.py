"""Cohorts: data/cohort-<id>.json on hand-checked fixtures, the cohort pages, cohort members."""
from __future__ import annotations

import json
import re

import pytest
import yaml

import ssigen

from .folders import FIXTURES, TINY, make_folder, read_expected
from .htmlparse import parse

# Independent, hand-checked figures of data/cohort-<id>.json (and a smoke check of
# cohorts/<id>.html). Every expected value in tests/fixtures/cohorts/<case>/expected.json was
# derived by hand from docs/format.md ("cohorts", and "data/cohort-<id>.json" in "The site";
# see each case's README.md), not by running ssigen.
#
# expected.json: {cohort id: {"id", "name", "start", "end",
#                             "members": [{"id", "before", "after", "delta"}],
#                             "mean_delta", "improved", "crossed"}}
# where before/after are null or {"date", "total", "brand", "people", "insights",
# "relationships"} and delta / mean_delta are null or {"total", "brand", "people", "insights",
# "relationships"}.
#
# Readings of docs/format.md used here (also stated in fixtures/cohorts/README.md):
# - `total` is the sum of the four pillars.
# - `before` / `after` are each null when that snapshot is missing (a member who has only one of
#   them keeps it); `delta` is null when either is missing.
# - `mean_delta` averages each figure over complete members only. When no member is complete,
#   null and an object whose five figures are all null are both accepted.
# - `crossed` has one key per band min, written as a JSON object key; keys are compared after
#   converting to float, so "50" and "50.0" both match.
# - `members` follows the order of the cohort's `members` list; for a `team` cohort only the set
#   of ids is checked.

CASES_DIR = FIXTURES / "cohorts"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())

PILLARS = ["brand", "people", "insights", "relationships"]
SNAPSHOT_FIELDS = ["total", *PILLARS]  # plus "date"
DELTA_FIELDS = ["total", *PILLARS]
TOL = 0.01


# --------------------------------------------------------------------------- helpers


def _expected(case: str) -> dict:
    return read_expected(CASES_DIR / case)


def _cohort_definitions(case: str) -> dict:
    """The cohorts as written in the fixture's cohorts.yml (a list or a single mapping)."""
    data = yaml.safe_load((CASES_DIR / case / "cohorts.yml").read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = [data]
    return {c["id"]: c for c in data}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _num_ok(actual, expected) -> bool:
    return _is_number(actual) and abs(actual - expected) <= TOL + 1e-9


def _compare_figures(actual, expected, fields, where, errors, with_date=False):
    """Compare a before/after/delta/mean_delta object (or null) against the expectation."""
    if expected is None:
        if actual is not None:
            errors.append(f"{where}: got {actual!r}, expected null")
        return
    if not isinstance(actual, dict):
        errors.append(f"{where}: got {actual!r}, expected an object like {expected!r}")
        return
    if with_date:
        if actual.get("date") != expected["date"]:
            errors.append(f"{where}.date: got {actual.get('date')!r}, expected {expected['date']!r}")
    for field in fields:
        if field not in actual:
            errors.append(f"{where}: field {field!r} missing")
        elif not _num_ok(actual[field], expected[field]):
            errors.append(
                f"{where}.{field}: got {actual[field]!r}, expected {expected[field]!r} (±{TOL})"
            )


def _float_key(key):
    try:
        return float(key)
    except (TypeError, ValueError):
        return key


# --------------------------------------------------------------------------- build once per case


@pytest.fixture(scope="module", params=CASES)
def built(request, tmp_path_factory):
    case = request.param
    root = tmp_path_factory.mktemp(f"cohorts-{case}")
    content = make_folder(root / "content", base=CASES_DIR / case)
    out = root / "site"
    ssigen.build(content, out)  # must succeed for every case, the empty cohort included
    return case, out


# --------------------------------------------------------------------------- data/cohort-<id>.json


def test_cohort_json_figures(built):
    case, out = built
    expected_all = _expected(case)
    definitions = _cohort_definitions(case)
    assert set(expected_all) == set(definitions), "fixture error: expected.json vs cohorts.yml"

    errors = []
    for cohort_id, exp in expected_all.items():
        path = out / "data" / f"cohort-{cohort_id}.json"
        if not path.is_file():
            errors.append(f"{case}: {path.relative_to(out)} missing")
            continue
        got = json.loads(path.read_text(encoding="utf-8"))
        where = f"{case}/cohort-{cohort_id}.json"

        for field in ("id", "name", "start", "end"):
            if got.get(field) != exp[field]:
                errors.append(f"{where}.{field}: got {got.get(field)!r}, expected {exp[field]!r}")

        # members: set of ids, no duplicates, order for an explicit list
        members = got.get("members")
        if not isinstance(members, list):
            errors.append(f"{where}.members: got {members!r}, expected a list")
            members = []
        ids = [m.get("id") if isinstance(m, dict) else m for m in members]
        exp_ids = [m["id"] for m in exp["members"]]
        if len(ids) != len(set(ids)):
            errors.append(f"{where}.members: duplicate ids {ids}")
        if set(ids) != set(exp_ids):
            errors.append(f"{where}.members: ids {sorted(ids)}, expected {sorted(exp_ids)}")
        elif "members" in definitions[cohort_id] and ids != exp_ids:
            errors.append(f"{where}.members: order {ids}, expected the cohort's list {exp_ids}")
        by_id = {m["id"]: m for m in members if isinstance(m, dict) and "id" in m}
        for exp_member in exp["members"]:
            member = by_id.get(exp_member["id"])
            if member is None:
                continue  # already reported above
            mwhere = f"{where}/{exp_member['id']}"
            for key, fields, with_date in (
                ("before", SNAPSHOT_FIELDS, True),
                ("after", SNAPSHOT_FIELDS, True),
                ("delta", DELTA_FIELDS, False),
            ):
                if key not in member:
                    errors.append(f"{mwhere}: field {key!r} missing")
                    continue
                _compare_figures(member[key], exp_member[key], fields, f"{mwhere}.{key}", errors,
                                 with_date=with_date)

        # mean_delta: null, or all-null fields, is accepted when no member is complete
        if "mean_delta" not in got:
            errors.append(f"{where}: field 'mean_delta' missing")
        elif exp["mean_delta"] is None:
            mean = got["mean_delta"]
            all_null = isinstance(mean, dict) and all(mean.get(f) is None for f in DELTA_FIELDS)
            if mean is not None and not all_null:
                errors.append(f"{where}.mean_delta: got {mean!r}, expected null (or all-null fields)")
        else:
            _compare_figures(got["mean_delta"], exp["mean_delta"], DELTA_FIELDS,
                             f"{where}.mean_delta", errors)

        # improved: count of delta.total > 0
        improved = got.get("improved")
        if not _is_number(improved) or improved != exp["improved"]:
            errors.append(f"{where}.improved: got {improved!r}, expected {exp['improved']!r}")

        # crossed: band min -> count; keys compared as floats
        crossed = got.get("crossed")
        if not isinstance(crossed, dict):
            errors.append(f"{where}.crossed: got {crossed!r}, expected an object")
        else:
            actual_c = {}
            for key, value in crossed.items():
                fkey = _float_key(key)
                if fkey in actual_c:
                    errors.append(f"{where}.crossed: two keys for band min {key!r}")
                actual_c[fkey] = value
            expected_c = {float(k): v for k, v in exp["crossed"].items()}
            if set(actual_c) != set(expected_c):
                errors.append(
                    f"{where}.crossed: keys {sorted(crossed)}, expected {sorted(exp['crossed'])}"
                )
            for fkey, count in expected_c.items():
                if fkey in actual_c:
                    value = actual_c[fkey]
                    if not _is_number(value) or value != count:
                        errors.append(f"{where}.crossed[{fkey:g}]: got {value!r}, expected {count}")
    assert not errors, "\n".join(errors)


# --------------------------------------------------------------------------- cohorts/<id>.html

_NAN_WORD = re.compile(r"\bnan\b", re.IGNORECASE)


def _has_nan(text: str) -> bool:
    return "NaN" in text or bool(_NAN_WORD.search(text))


def test_cohort_pages(built):
    case, out = built
    errors = []
    for cohort_id, exp in _expected(case).items():
        page = out / "cohorts" / f"{cohort_id}.html"
        if not page.is_file():
            errors.append(f"{case}: cohorts/{cohort_id}.html missing")
            continue
        document = parse(page)     # text outside <script>/<style>, and attribute values
        bad_text = [t.strip() for t in document.texts if _has_nan(t)]
        if bad_text:
            errors.append(f"{case}: cohorts/{cohort_id}.html shows NaN/nan in text: {bad_text[:5]}")
        bad_attrs = [
            (tag, name, value) for tag, name, value in document.attribute_values()
            if not value.startswith("data:") and _NAN_WORD.search(value)
        ]
        if bad_attrs:
            errors.append(f"{case}: cohorts/{cohort_id}.html has NaN/nan in attributes: {bad_attrs[:5]}")
        text = document.text
        if exp["name"] not in text:
            errors.append(f"{case}: cohorts/{cohort_id}.html does not show the cohort name {exp['name']!r}")
    assert not errors, "\n".join(errors)


# --------------------------------------------------------------------------- fixtures themselves


@pytest.mark.parametrize("case", CASES)
def test_expected_is_self_consistent(case):
    """Guards the hand calculation against typos (no ssigen involved): totals are pillar sums,
    deltas are after - before, and mean/improved/crossed follow from the listed members."""
    bands = [0.0, 50.0, 70.0, 80.0]  # every case uses the default bands
    settings = yaml.safe_load((CASES_DIR / case / "ssigen.yml").read_text(encoding="utf-8"))
    assert "bands" not in settings
    for cohort_id, exp in _expected(case).items():
        complete = []
        for m in exp["members"]:
            for key in ("before", "after"):
                snap = m[key]
                if snap is not None:
                    assert abs(snap["total"] - sum(snap[p] for p in PILLARS)) < 1e-9, (cohort_id, m["id"], key)
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", snap["date"])
            if m["before"] is None or m["after"] is None:
                assert m["delta"] is None, (cohort_id, m["id"])
                continue
            for f in DELTA_FIELDS:
                assert abs(m["delta"][f] - (m["after"][f] - m["before"][f])) < 1e-9, (cohort_id, m["id"], f)
            assert m["before"]["date"] <= exp["start"] and m["after"]["date"] >= exp["end"]
            complete.append(m)
        if complete:
            for f in DELTA_FIELDS:
                mean = sum(m["delta"][f] for m in complete) / len(complete)
                assert abs(exp["mean_delta"][f] - mean) < 1e-6, (cohort_id, f)
        else:
            assert exp["mean_delta"] is None
        assert exp["improved"] == sum(1 for m in complete if m["delta"]["total"] > 0)
        crossed = {
            b: sum(1 for m in complete if m["before"]["total"] < b <= m["after"]["total"])
            for b in bands
        }
        assert {float(k): v for k, v in exp["crossed"].items()} == crossed, cohort_id


def test_fixture_cases_present():
    assert {"basic", "team", "single", "empty"} <= set(CASES)


# --------------------------------------------------------------------------- cohort members

def test_a_member_listed_twice_in_a_cohort_counts_once(folder):
    root = folder({"cohorts.yml": "- {id: q1, name: Q1, start: 2026-01-01, "
                                  "end: 2026-01-02, members: [ann, bob, ann]}\n"}, base=TINY)
    problems = ssigen.check(root)
    assert [(w.file, w.field, w.message) for w in problems.warnings] == [
        ("cohorts.yml", "members", "'ann' is listed more than once; counted once")]
    content, _ = ssigen.load(root)
    assert content.cohorts[0].members == ("ann", "bob")
