"""The rubric and its estimated SSI: hand-checked fixtures, and the validation of rubric.yml."""
# Every expected value in tests/fixtures/rubric/<case>/expected.json was derived by hand from
# docs/format.md ("rubric.yml: the transparent score", the `profile`/`activity` sections of
# "snapshots" and "The figures every report computes"), not by running ssigen; each case's
# README.md shows the calculation criterion by criterion.
#
# expected.json: {"as_of", "members": {id: {"source", "score", "estimated": null | {"total",
# "brand", "people", "insights", "relationships"}}}}. Numbers are compared within 0.01,
# strings and nulls exactly.

from __future__ import annotations

import json

import pytest

import ssigen

from .folders import FIXTURES, make_folder, read_expected

CASES_DIR = FIXTURES / "rubric"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())
TOL = 0.01
PILLARS = ("brand", "people", "insights", "relationships")
ESTIMATE_KEYS = ("total",) + PILLARS


# --------------------------------------------------------------------------- figures

def _expected(case: str) -> dict:
    return read_expected(CASES_DIR / case)


def _num_ok(actual, expected) -> bool:
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return False
    return abs(actual - expected) <= TOL + 1e-9


def _compare_number(where: str, actual, expected) -> str | None:
    if expected is None:
        return None if actual is None else f"{where}: got {actual!r}, expected null"
    if actual is None:
        return f"{where}: got null, expected {expected!r}"
    if _num_ok(actual, expected):
        return None
    return f"{where}: got {actual!r}, expected {expected!r} (±{TOL})"


@pytest.mark.parametrize("case", CASES)
def test_estimated_scores(case, tmp_path):
    expected = _expected(case)
    content = make_folder(tmp_path / "content", base=CASES_DIR / case)
    out = tmp_path / "site"
    ssigen.build(content, out)
    data = json.loads((out / "data" / "scores.json").read_text(encoding="utf-8"))

    assert data["as_of"] == expected["as_of"]
    members = data["members"]
    assert isinstance(members, list)
    ids = [m["id"] for m in members]
    assert len(ids) == len(set(ids)), f"duplicate ids in scores.json: {ids}"
    by_id = {m["id"]: m for m in members}
    assert set(by_id) == set(expected["members"]), "members in scores.json differ from expected"

    errors = []
    for member_id, spec in expected["members"].items():
        got = by_id[member_id]
        where = f"{case}/{member_id}"
        missing = [f for f in ("source", "score", "estimated") if f not in got]
        if missing:
            errors.append(f"{where}: fields {missing} missing")
            continue

        if got["source"] != spec["source"]:
            errors.append(f"{where}.source: got {got['source']!r}, expected {spec['source']!r}")
        err = _compare_number(f"{where}.score", got["score"], spec["score"])
        if err:
            errors.append(err)

        est, exp_est = got["estimated"], spec["estimated"]
        if exp_est is None:
            if est is not None:
                errors.append(f"{where}.estimated: got {est!r}, expected null")
            continue
        if not isinstance(est, dict):
            errors.append(f"{where}.estimated: got {est!r}, expected {exp_est!r}")
            continue
        for key in ESTIMATE_KEYS:
            if key not in est:
                errors.append(f"{where}.estimated: key {key!r} missing")
                continue
            err = _compare_number(f"{where}.estimated.{key}", est[key], exp_est[key])
            if err:
                errors.append(err)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("case", CASES)
def test_fixture_content_is_valid(case, tmp_path):
    """The fixtures themselves (custom rubrics included) must check without a single error."""
    content = make_folder(tmp_path / "content", base=CASES_DIR / case)
    problems = ssigen.check(content)
    assert [str(e) for e in problems.errors] == []


def test_fixture_cases_present():
    assert {"curves", "no_data", "latest"} <= set(CASES)


# --------------------------------------------------------------------------- validation

SETTINGS = """\
title: Rubric validation
as_of: 2024-06-30
"""

MEMBERS = """\
id,name,team
vera,Vera Hoffmann,Alpha
"""

SNAPSHOT = """\
- member: vera
  date: 2024-06-30
  profile:
    photo: true
    about: Short about text.
    skills: 4
  activity:
    followers: 120
    invitations_sent: 10
    invitations_accepted: 4
    comments: 3
    inmails_sent: 5
    inmails_replied: 1
"""

# A valid rubric; each test below changes exactly one thing. Keep one criterion per id.
VALID_RUBRIC = """\
brand:
  - id: photo
    signal: profile.photo
    points: 5
  - id: about
    signal: profile.about
    min_length: 200
    points: 10
  - id: followers
    signal: activity.followers
    target: 500
    curve: log
    points: 10
people:
  - id: acceptance
    signal: activity.invitations_accepted / activity.invitations_sent
    target: 0.5
    points: 25
insights:
  - id: comments
    signal: activity.comments
    target: 20
    curve: step
    points: 15
  - id: skills
    signal: profile.skills
    target: 10
    points: 10
relationships:
  - id: inmails
    signal: activity.inmails_replied / activity.inmails_sent
    target: 0.2
    points: 25
"""


# The folder every validation test below starts from; each changes its rubric.yml only.
VALIDATION = {
    "ssigen.yml": SETTINGS,
    "members.csv": MEMBERS,
    "snapshots/vera.yml": SNAPSHOT,
    "rubric.yml": VALID_RUBRIC,
}


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"fixture bug: {old!r} must occur exactly once"
    return text.replace(old, new)


def _line_of(text: str, needle: str) -> int:
    """1-based number of the only line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"fixture bug: {needle!r} on lines {hits}"
    return hits[0]


def _block_lines(text: str, start: int) -> set[int]:
    """Line `start` (a pillar key or a `- id:` line) and the more-indented lines under it."""
    lines = text.splitlines()

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip())

    base = indent(lines[start - 1])
    result = {start}
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            continue
        if indent(line) <= base:
            break
        result.add(number)
    return result


def _text(error) -> str:
    return " ".join(str(part) for part in (error.field, error.message, error.hint) if part).lower()


def _find(problems, predicate, what: str):
    errors = list(problems.errors)
    for error in errors:
        if predicate(error):
            return error
    listing = "\n".join(f"  {e.file}:{e.line} {e.field}: {e.message} ({e.hint})" for e in errors)
    pytest.fail(f"no error about {what}; errors were:\n{listing or '  (none)'}")


def _assert_location(error, allowed: set[int]):
    assert error.file == "rubric.yml", f"error file is {error.file!r}"
    assert isinstance(error.line, int) and not isinstance(error.line, bool), (
        f"error line is {error.line!r}")
    assert error.line in allowed, f"error line {error.line} not in {sorted(allowed)}"


def test_valid_rubric_has_no_errors(tmp_path):
    """The base of every validation test below is itself valid."""
    content = make_folder(tmp_path / "content", base=VALIDATION)
    assert [str(e) for e in ssigen.check(content).errors] == []


def test_pillar_points_must_add_up_to_25(tmp_path):
    # brand: photo 5 -> 4, so brand adds up to 4 + 10 + 10 = 24.
    rubric = _replace_once(VALID_RUBRIC,
                           "    signal: profile.photo\n    points: 5\n",
                           "    signal: profile.photo\n    points: 4\n")
    content = make_folder(tmp_path / "content", {"rubric.yml": rubric}, base=VALIDATION)
    error = _find(ssigen.check(content),
                  lambda e: "25" in _text(e) and "24" in _text(e),
                  "brand points adding up to 24 instead of 25")
    # the `brand:` key, or any line of its criteria
    _assert_location(error, _block_lines(rubric, _line_of(rubric, "brand:")))


def test_unknown_signal_suggests_closest(tmp_path):
    rubric = _replace_once(VALID_RUBRIC, "signal: profile.photo\n", "signal: profile.phot\n")
    content = make_folder(tmp_path / "content", {"rubric.yml": rubric}, base=VALIDATION)
    error = _find(ssigen.check(content),
                  lambda e: "phot" in _text(e) or "signal" in _text(e),
                  "the unknown signal profile.phot")
    assert "profile.photo" in f"{error.message} {error.hint or ''}".lower()
    allowed = _block_lines(rubric, _line_of(rubric, "- id: photo"))
    _assert_location(error, allowed)


def test_unknown_curve_lists_known_curves(tmp_path):
    rubric = _replace_once(VALID_RUBRIC, "curve: log\n", "curve: exponential\n")
    content = make_folder(tmp_path / "content", {"rubric.yml": rubric}, base=VALIDATION)
    error = _find(ssigen.check(content),
                  lambda e: "exponential" in _text(e) or "curve" in _text(e),
                  "the unknown curve 'exponential'")
    text = f"{error.message} {error.hint or ''}".lower()
    for curve in ("linear", "log", "step"):
        assert curve in text, f"{curve!r} not listed in {text!r}"
    _assert_location(error, _block_lines(rubric, _line_of(rubric, "- id: followers")))


def test_number_signal_needs_target(tmp_path):
    rubric = _replace_once(VALID_RUBRIC, "    target: 20\n", "")
    content = make_folder(tmp_path / "content", {"rubric.yml": rubric}, base=VALIDATION)
    error = _find(ssigen.check(content), lambda e: "target" in _text(e),
                  "activity.comments without a target")
    _assert_location(error, _block_lines(rubric, _line_of(rubric, "- id: comments")))


def test_target_must_be_positive(tmp_path):
    rubric = _replace_once(VALID_RUBRIC, "    target: 10\n", "    target: 0\n")
    content = make_folder(tmp_path / "content", {"rubric.yml": rubric}, base=VALIDATION)
    error = _find(ssigen.check(content), lambda e: "target" in _text(e),
                  "profile.skills with target 0")
    _assert_location(error, _block_lines(rubric, _line_of(rubric, "- id: skills")))


def test_text_signal_needs_min_length(tmp_path):
    rubric = _replace_once(VALID_RUBRIC, "    min_length: 200\n", "")
    content = make_folder(tmp_path / "content", {"rubric.yml": rubric}, base=VALIDATION)
    error = _find(ssigen.check(content), lambda e: "min_length" in _text(e),
                  "profile.about without min_length")
    _assert_location(error, _block_lines(rubric, _line_of(rubric, "- id: about")))


def test_unknown_pillar_suggests_closest(tmp_path):
    rubric = _replace_once(VALID_RUBRIC, "brand:\n", "brands:\n")
    content = make_folder(tmp_path / "content", {"rubric.yml": rubric}, base=VALIDATION)
    error = _find(ssigen.check(content), lambda e: "brands" in _text(e),
                  "the unknown pillar 'brands'")
    # the suggestion, not merely the echo of the wrong name
    suggestion = f"{error.message} {error.hint or ''}".lower().replace("brands", "")
    assert "brand" in suggestion, f"no suggestion of 'brand' in {error.message!r} / {error.hint!r}"
    _assert_location(error, _block_lines(rubric, _line_of(rubric, "brands:")))


def test_a_criterions_kept_hash_agrees_with_equality():
    """A criterion keeps its hash (cells are looked up by criterion on every person page):
    equal criteria hash alike, and changing any field makes another criterion."""
    import dataclasses

    from ssigen.model import Criterion

    base = Criterion("photo", "brand", "Photo", "photo", 2.0, "bool", "step", 1.0, 3.0, "Add")
    twin = Criterion("photo", "brand", "Photo", "photo", 2.0, "bool", "step", 1.0, 3.0, "Add")
    assert base == twin and hash(base) == hash(twin) and len({base, twin}) == 1
    changed = {"id": "x", "pillar": "people", "label": "X", "signal": "x", "points": 3.0,
               "kind": "number", "curve": "log", "target": 9.0, "min_length": 4.0,
               "advice": None}
    assert set(changed) == {f.name for f in dataclasses.fields(Criterion)}
    for name, value in changed.items():
        other = dataclasses.replace(base, **{name: value})
        assert other != base and len({base, other}) == 2, name
        assert hash(other) == hash(tuple(getattr(other, f.name)
                                         for f in dataclasses.fields(other))), name
