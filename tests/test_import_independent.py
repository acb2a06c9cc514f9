"""Independent tests of `ssigen import`, written from the specification only.

Fixture: tests/fixtures/import/
  content/                       a minimal content folder (two members, one old snapshot)
  linkedin-ana-2026-03-06.json   LinkedIn salesApiSsi response, pillars in a non-standard order,
                                 groupScore NETWORK, TEAM, INDUSTRY (TEAM must be ignored)
  linkedin-bo-2026-03-06.json    LinkedIn salesApiSsi response, standard order
  socialedge-ana.json            SocialEdge export: 2026-03-13 (raw differs from parsed: raw
                                 wins), 2026-02-15 (raw {}: parsed), 2026-01-15 (no raw: parsed)
  truncated.json, neither.json, out-of-range.json   broken inputs
  expected.json                  hand-computed figures (see its _comment)

Every expected figure was computed by hand from the JSON files and /work/shared/FORMAT.md,
never by running ssigen.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import ssigen
from ssigen.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "import"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
TOL = 0.01

ANA_LI = "linkedin-ana-2026-03-06.json"
BO_LI = "linkedin-bo-2026-03-06.json"
ANA_SE = "socialedge-ana.json"
GOOD_IMPORTS = [
    ([ANA_LI], ["--member", "ana-lima", "--date", "2026-03-06"]),
    ([BO_LI], ["--member", "bo-chen", "--date", "2026-03-06"]),
    ([ANA_SE], ["--member", "ana-lima"]),
]
SCORE_FIELDS = ["brand", "people", "insights", "relationships", "score",
                "industry_ssi", "industry_top_pct", "network_ssi", "network_top_pct",
                "rank", "top_pct"]
SNAPSHOT_FIELDS = ["brand", "people", "insights", "relationships",
                   "industry_ssi", "industry_top_pct", "industry_size", "industry_name",
                   "network_ssi", "network_top_pct", "network_size"]


# --------------------------------------------------------------------------- helpers

@pytest.fixture
def work(tmp_path) -> dict[str, Path]:
    """A fresh copy of the content folder and of the input files."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for src in FIXTURE.glob("*.json"):
        if src.name != "expected.json":
            shutil.copy2(src, inputs / src.name)
    return {"content": content, "in": inputs, "tmp": tmp_path}


def run_import(files: list[Path], content: Path, *options: str):
    result = CliRunner().invoke(
        cli, ["import", *(str(f) for f in files), "--content", str(content), *options])
    text = result.output or ""
    try:
        stderr = result.stderr
    except ValueError:  # stderr not captured separately (old Click)
        stderr = ""
    if stderr and stderr not in text:
        text += stderr
    return result, text


def assert_clean_exit(result, text: str) -> None:
    """No crash: the command ended through click (exit code), not an uncaught exception."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: "
                             f"{result.exception!r}\n{text}")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def import_all_good(work) -> None:
    for names, options in GOOD_IMPORTS:
        result, text = run_import([work["in"] / n for n in names], work["content"], *options)
        assert_clean_exit(result, text)
        assert result.exit_code == 0, text


def write_variant(work, name: str, source: str, change) -> Path:
    data = json.loads((work["in"] / source).read_text(encoding="utf-8"))
    change(data)
    path = work["in"] / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def set_group_rank(group_type: str, rank):
    def change(data):
        for group in data["groupScore"]:
            if group["groupType"] == group_type:
                group["rank"] = rank
    return change


def set_pillar(pillar: str, score):
    """Change one pillar and keep memberScore.overall the sum of the four (as LinkedIn does)."""
    def change(data):
        member = data["memberScore"]
        for sub in member["subScores"]:
            if sub["pillar"] == pillar:
                sub["score"] = score
        member["overall"] = round(math.fsum(sub["score"] for sub in member["subScores"]), 4)
    return change


def build_scores(content: Path, out: Path) -> dict:
    ssigen.build(content, out)
    return json.loads((out / "data" / "scores.json").read_text(encoding="utf-8"))


def close(actual, expected) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, str):
        return actual == expected
    return actual is not None and math.isclose(float(actual), float(expected), abs_tol=TOL)


def check_fields(actual: dict, expected: dict, fields, where: str) -> None:
    wrong = {f: (actual.get(f), expected[f]) for f in fields
             if f in expected and not close(actual.get(f), expected[f])}
    assert not wrong, f"{where}: field (actual, expected): {wrong}"


def set_as_of(content: Path, day: str) -> None:
    path = content / "ssigen.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["as_of"] = day
    path.write_text(yaml.safe_dump(config), encoding="utf-8")


# --------------------------------------------------------------------------- good files

def test_good_imports_succeed_and_write_snapshots(work):
    before = tree(work["content"])
    import_all_good(work)
    after = tree(work["content"])
    new = [p for p in after if p not in before]
    assert new, "no snapshot file was written"
    assert all(p.startswith("snapshots/") for p in new), new
    # the hand-written snapshot and the project files are left alone
    for rel, data in before.items():
        assert after[rel] == data, f"{rel} changed"


def test_scores_json_after_import(work):
    import_all_good(work)
    scores = build_scores(work["content"], work["tmp"] / "site")
    assert scores["as_of"] == EXPECTED["as_of"]
    members = {m["id"]: m for m in scores["members"]}
    assert set(members) == set(EXPECTED["members"])
    for member_id, exp in EXPECTED["members"].items():
        got = members[member_id]
        assert got["date"] == exp["date"], member_id
        assert got["source"] == "reported", member_id
        check_fields(got, exp, SCORE_FIELDS, member_id)


def test_every_reading_lands_in_a_snapshot(work):
    from ssigen.pipeline import load

    import_all_good(work)
    content, _problems = load(work["content"])
    found = {(s.member, s.date.isoformat()): s for s in content.snapshots if s.ssi}
    expected_keys = {(m, d) for m, rs in EXPECTED["readings"].items() for d in rs}
    assert set(found) == expected_keys
    for member_id, readings in EXPECTED["readings"].items():
        for day, exp in readings.items():
            ssi = found[(member_id, day)].ssi
            where = f"{member_id} {day}"
            check_fields({f: getattr(ssi, f, None) for f in SNAPSHOT_FIELDS}, exp,
                         SNAPSHOT_FIELDS, where)
            assert math.isclose(ssi.sum, exp["score"], abs_tol=TOL), where
            if ssi.total is not None:
                assert math.isclose(ssi.total, exp["score"], abs_tol=TOL), where


def test_raw_wins_over_parsed(work):
    """2026-03-13: `raw` says brand 18.2611, `parsed` says 16: raw must win."""
    result, text = run_import([work["in"] / ANA_SE], work["content"], "--member", "ana-lima")
    assert_clean_exit(result, text)
    assert result.exit_code == 0, text
    scores = build_scores(work["content"], work["tmp"] / "site")
    ana = next(m for m in scores["members"] if m["id"] == "ana-lima")
    assert ana["date"] == "2026-03-13"
    check_fields(ana, EXPECTED["readings"]["ana-lima"]["2026-03-13"],
                 ["brand", "people", "insights", "relationships", "score", "industry_ssi",
                  "industry_top_pct", "network_ssi", "network_top_pct"], "raw reading")
    assert not math.isclose(ana["brand"], 16, abs_tol=TOL)


@pytest.mark.parametrize("day", ["2026-01-15", "2026-02-15", "2026-03-06", "2026-03-13"])
def test_each_reading_through_scores_json(work, day):
    """With as_of on each date, ana's figures are that reading's (parsed when raw is absent
    or empty, LinkedIn's pillars mapped by name, TEAM ignored)."""
    import_all_good(work)
    set_as_of(work["content"], day)
    scores = build_scores(work["content"], work["tmp"] / "site")
    ana = next(m for m in scores["members"] if m["id"] == "ana-lima")
    exp = EXPECTED["readings"]["ana-lima"][day]
    assert ana["date"] == day
    check_fields(ana, exp, ["brand", "people", "insights", "relationships", "score",
                            "industry_ssi", "industry_top_pct", "network_ssi",
                            "network_top_pct"], f"as_of {day}")


# --------------------------------------------------------------------------- idempotence

def test_second_import_changes_nothing(work):
    import_all_good(work)
    first = tree(work["content"])
    for names, options in GOOD_IMPORTS:
        result, text = run_import([work["in"] / n for n in names], work["content"], *options)
        assert_clean_exit(result, text)
        assert result.exit_code == 0, text
    assert tree(work["content"]) == first


def test_same_file_twice_in_one_call_changes_nothing(work):
    import_all_good(work)
    first = tree(work["content"])
    result, text = run_import([work["in"] / ANA_LI, work["in"] / ANA_SE], work["content"],
                              "--member", "ana-lima", "--date", "2026-03-06")
    assert_clean_exit(result, text)
    assert result.exit_code == 0, text
    assert tree(work["content"]) == first


# --------------------------------------------------------------------------- conflicts

def test_conflict_with_imported_reading(work):
    import_all_good(work)
    first = tree(work["content"])
    changed = write_variant(work, "linkedin-ana-changed.json", ANA_LI,
                            set_pillar("PROFESSIONAL_BRAND", 19.5))
    result, text = run_import([changed], work["content"],
                              "--member", "ana-lima", "--date", "2026-03-06")
    assert_clean_exit(result, text)
    assert result.exit_code != 0, text
    assert "ana-lima" in text and "2026-03-06" in text, text
    assert tree(work["content"]) == first


def test_conflict_with_hand_written_snapshot(work):
    """content/snapshots/history-2025.csv already holds ana-lima on 2025-09-30."""
    first = tree(work["content"])
    result, text = run_import([work["in"] / ANA_LI], work["content"],
                              "--member", "ana-lima", "--date", "2025-09-30")
    assert_clean_exit(result, text)
    assert result.exit_code != 0, text
    assert "ana-lima" in text and "2025-09-30" in text, text
    assert tree(work["content"]) == first


# --------------------------------------------------------------------------- missing options

@pytest.mark.parametrize("name, options, option", [
    (ANA_LI, ["--date", "2026-03-06"], "--member"),
    (ANA_LI, ["--member", "ana-lima"], "--date"),
    (ANA_SE, [], "--member"),
])
def test_missing_option(work, name, options, option):
    first = tree(work["content"])
    result, text = run_import([work["in"] / name], work["content"], *options)
    assert_clean_exit(result, text)
    assert result.exit_code != 0, text
    assert option in text, text
    assert tree(work["content"]) == first


# --------------------------------------------------------------------------- bad files

def _bad_file(work, kind: str) -> tuple[Path, list[str], str | None]:
    """(path, options, a value the message should quote) for each kind of bad input."""
    li = ["--member", "ana-lima", "--date", "2026-03-06"]
    if kind in ("truncated", "neither", "out-of-range"):
        return work["in"] / f"{kind}.json", li, "26" if kind == "out-of-range" else None
    if kind == "top-zero":
        return write_variant(work, "top-zero.json", ANA_LI, set_group_rank("NETWORK", 0)), li, None
    if kind == "top-120":
        return (write_variant(work, "top-120.json", ANA_LI, set_group_rank("INDUSTRY", 120)),
                li, "120")
    if kind == "socialedge-pillar-26":
        def change(data):
            data[2]["parsed"]["prof_brand"] = 26
        path = write_variant(work, "socialedge-pillar-26.json", ANA_SE, change)
        return path, ["--member", "ana-lima"], "26"
    if kind == "socialedge-raw-top-120":
        def change(data):
            set_group_rank("NETWORK", 120)(data[0]["raw"])
        path = write_variant(work, "socialedge-raw-top-120.json", ANA_SE, change)
        return path, ["--member", "ana-lima"], "120"
    raise AssertionError(kind)


BAD_KINDS = ["truncated", "neither", "out-of-range", "top-zero", "top-120",
             "socialedge-pillar-26", "socialedge-raw-top-120"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_file_alone(work, kind):
    path, options, quoted = _bad_file(work, kind)
    first = tree(work["content"])
    result, text = run_import([path], work["content"], *options)
    assert_clean_exit(result, text)
    assert result.exit_code == 1, text
    assert path.name in text, text
    if quoted:
        assert quoted in text, text
    assert tree(work["content"]) == first


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_good_files_then_bad_file_writes_nothing(work, kind):
    """Several files, only the last one bad: nothing at all is written."""
    path, options, _quoted = _bad_file(work, kind)
    if "--date" not in options:
        options = [*options, "--date", "2026-03-06"]
    first = tree(work["content"])
    result, text = run_import([work["in"] / ANA_LI, work["in"] / ANA_SE, path],
                              work["content"], *options)
    assert_clean_exit(result, text)
    assert result.exit_code == 1, text
    assert path.name in text, text
    assert tree(work["content"]) == first


@pytest.mark.parametrize("kind", ["truncated", "out-of-range"])
def test_new_reading_then_bad_file_on_imported_folder_writes_nothing(work, kind):
    import_all_good(work)
    first = tree(work["content"])
    path, _options, _quoted = _bad_file(work, kind)
    later = write_variant(work, "linkedin-bo-later.json", BO_LI,
                          set_pillar("FIND_RIGHT_PEOPLE", 10.5))
    result, text = run_import([later, path], work["content"],
                              "--member", "bo-chen", "--date", "2026-03-20")
    assert_clean_exit(result, text)
    assert result.exit_code == 1, text
    assert path.name in text, text
    assert tree(work["content"]) == first


# --------------------------------------------------------------------------- range limits

@pytest.mark.parametrize("change, field, value", [
    (set_pillar("PROFESSIONAL_BRAND", 25), "brand", 25),
    (set_pillar("INSIGHT_ENGAGEMENT", 0), "insights", 0),
    (set_group_rank("NETWORK", 100), "network_top_pct", 100),
    (set_group_rank("INDUSTRY", 0.5), "industry_top_pct", 0.5),
])
def test_values_on_the_limits_are_accepted(work, change, field, value):
    """FORMAT.md: pillars 0-25 inclusive, top % 0 < x <= 100."""
    path = write_variant(work, "limit.json", ANA_LI, change)
    result, text = run_import([path], work["content"],
                              "--member", "ana-lima", "--date", "2026-03-06")
    assert_clean_exit(result, text)
    assert result.exit_code == 0, text
    scores = build_scores(work["content"], work["tmp"] / "site")
    ana = next(m for m in scores["members"] if m["id"] == "ana-lima")
    assert close(ana[field], value), (field, ana[field])


@pytest.mark.parametrize("change, quoted", [
    (set_pillar("STRONG_RELATIONSHIP", -0.5), "-0.5"),
    (set_group_rank("NETWORK", -3), "-3"),
    (set_group_rank("INDUSTRY", 100.5), "100.5"),
])
def test_values_beyond_the_limits_are_rejected(work, change, quoted):
    path = write_variant(work, "beyond.json", ANA_LI, change)
    first = tree(work["content"])
    result, text = run_import([path], work["content"],
                              "--member", "ana-lima", "--date", "2026-03-06")
    assert_clean_exit(result, text)
    assert result.exit_code == 1, text
    assert path.name in text and quoted in text, text
    assert tree(work["content"]) == first
