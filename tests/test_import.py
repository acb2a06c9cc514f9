"""ssigen import: LinkedIn and SocialEdge files into snapshots, idempotent and all or nothing."""
# Two parts. First, tests written from the specification only, on tests/fixtures/import/:
#   content/                       a minimal content folder (two members, one old snapshot)
#   linkedin-ana-2026-03-06.json   LinkedIn salesApiSsi response, pillars in a non-standard
#                                  order, groupScore NETWORK, TEAM, INDUSTRY (TEAM is ignored)
#   linkedin-bo-2026-03-06.json    LinkedIn salesApiSsi response, standard order
#   socialedge-ana.json            SocialEdge export: 2026-03-13 (raw differs from parsed: raw
#                                  wins), 2026-02-15 (raw {}: parsed), 2026-01-15 (no raw:
#                                  parsed)
#   truncated.json, neither.json, out-of-range.json   broken inputs
#   expected.json                  hand-computed figures (see its _comment)
# Every expected figure was computed by hand from the JSON files and docs/format.md
# ("snapshots", "The figures every report computes"), never by running ssigen.
#
# Then what an adversarial probe found, one test per failure:
# - the import keeps every existing column, row and cell of snapshots/imported/<member>.csv,
#   its delimiter (`;` with decimal commas, a byte-order mark) and its line endings;
# - imported text is normalised as the loader reads it, so a second import finds it present;
# - every row is checked with the loader's own schema before anything is written;
# - text cells are inert in a spreadsheet;
# - wrongly typed JSON anywhere, JSON nested too deeply, absurd dates, numbers too long for
#   Python: one clear line;
# - devices, pipes and huge files are refused before they are read;
# - a failed import leaves the content folder exactly as it was.
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ssigen
from ssigen.cli import cli
from ssigen.sources import SourceError, import_files, read_readings
from ssigen.load import load_content

from .imports import everything, run_import as import_command
from .folders import FIXTURES, TINY, make_folder

FIXTURE = FIXTURES / "import"

# =========================================================================== the fixture

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
    content = make_folder(tmp_path / "content", base=FIXTURE / "content")
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
    """docs/format.md ("snapshots"): pillars 0-25 inclusive, top % 0 < x <= 100."""
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


# =========================================================================== hostile inputs

LINKEDIN = json.loads((FIXTURE / "linkedin-ana-2026-03-06.json").read_text(encoding="utf-8"))
SOCIALEDGE = json.loads((FIXTURE / "socialedge-ana.json").read_text(encoding="utf-8"))
LI_OPTIONS = ["--member", "ana-lima", "--date", "2026-03-06"]
SE_OPTIONS = ["--member", "ana-lima"]
IMPORTED = Path("snapshots") / "imported" / "ana-lima.csv"

# The fixture's reading, as written by hand from linkedin-ana-2026-03-06.json.
NEW_COLUMNS = ("ssi.industry_ssi,ssi.industry_top_pct,ssi.industry_size,ssi.industry_name,"
               "ssi.network_ssi,ssi.network_top_pct,ssi.network_size,"
               "ssi.industry_brand,ssi.industry_people,ssi.industry_insights,"
               "ssi.industry_relationships,ssi.network_brand,ssi.network_people,"
               "ssi.network_insights,ssi.network_relationships")
GROUP_VALUES = ("27.4519,8,254310,Software Development,31.0762,5,1284,"
                "7.7312,6.8844,5.2109,7.6254,8.9154,7.6021,6.1307,8.428")


# --------------------------------------------------------------------------- helpers

@pytest.fixture
def content(tmp_path) -> Path:
    return make_folder(tmp_path / "content", base=FIXTURE / "content")


def write_json(folder: Path, name: str, document) -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def linkedin(change=None) -> dict:
    document = copy.deepcopy(LINKEDIN)
    if change:
        change(document)
    return document


def group(document: dict, kind: str) -> dict:
    return next(g for g in document["groupScore"] if g["groupType"] == kind)


def run(files, content: Path, *options: str):
    """(exit code, stdout + stderr); fails on any exception that is not an exit."""
    result = import_command(files, content, *options)
    return result.exit_code, result.output




def refused(files, content: Path, options, message: str) -> None:
    """The import exits 1 with exactly `message`, and changes nothing."""
    before = everything(content)
    code, output = run(files, content, *options)
    assert (code, output) == (1, f"Error: {message}; nothing was imported\n")
    assert everything(content) == before


def check_ok(content: Path) -> None:
    loaded, problems = load_content(content)
    assert loaded is not None and not problems.errors, [str(p) for p in problems.errors]


def imported_twice(files, content: Path, options, added: int = 1) -> bytes:
    """Run 1 adds `added` readings, run 2 finds them all present and changes no byte."""
    code, output = run(files, content, *options)
    assert code == 0, output
    assert output.startswith(f"Imported {added} reading(s), 0 already present, "
                             "0 conflict(s): "), output
    check_ok(content)
    first = everything(content)
    code, output = run(files, content, *options)
    assert (code, output) == (0, f"Imported 0 reading(s), {added} already present, "
                                 "0 conflict(s).\n")
    assert everything(content) == first
    return (content / IMPORTED).read_bytes()


# --------------------------------------------------------------------------- existing data kept

def test_existing_columns_rows_and_cells_are_kept(content, tmp_path):
    """Hand-added profile/activity columns and a header cell with stray spaces survive; every
    existing row is kept to the byte (quotes, a cell on two lines, no final line end); the
    new row goes before the later one; only the columns it needs are added, at the end."""
    header = "member,date, ssi.brand ,ssi.people,ssi.insights,ssi.relationships,profile.photo," \
             "profile.headline,activity.posts"
    early = 'ana-lima,2026-01-15,12.5,10,8,11,yes,"Helping teams\nsell, better",3'
    late = 'ana-lima,2026-04-01,13,10,"8.5",11,no,,4'
    make_folder(content, {str(IMPORTED): f"{header}\n{early}\n{late}".encode()}, base=None)
    path = write_json(tmp_path, "in.json", linkedin())
    data = imported_twice([path], content, LI_OPTIONS)
    assert data.decode("utf-8") == (
        f"{header},ssi.total,{NEW_COLUMNS}\n"
        f"{early}\n"
        f"ana-lima,2026-03-06,17.8234,14.5117,12.3049,16.9021,,,,61.5421,{GROUP_VALUES}\n"
        f"{late}")
    loaded, _ = load_content(content)
    by_date = {s.date.isoformat(): s for s in loaded.snapshots}
    assert by_date["2026-01-15"].ssi.brand == 12.5
    assert by_date["2026-01-15"].profile == {"photo": True,
                                             "headline": "Helping teams\nsell, better"}
    assert by_date["2026-04-01"].ssi.insights == 8.5
    assert by_date["2026-04-01"].activity["posts"] == 4
    assert by_date["2026-03-06"].ssi.brand == 17.8234


def test_semicolon_file_with_bom_crlf_and_decimal_commas(content, tmp_path):
    """French Excel's re-save: read with the loader's delimiter sniffing, written back with
    ';', decimal commas, the byte-order mark and CRLF."""
    header = "member;date;ssi.brand;ssi.people;ssi.insights;ssi.relationships;ssi.total"
    old = "ana-lima;2026-01-15;12,5;10;8,25;11;41,75"
    make_folder(content, {str(IMPORTED): f"\ufeff{header}\r\n{old}\r\n".encode("utf-8")},
                base=None)
    path = write_json(tmp_path, "in.json", linkedin())
    data = imported_twice([path], content, LI_OPTIONS)
    new = "ana-lima;2026-03-06;17,8234;14,5117;12,3049;16,9021;61,5421;" \
          + GROUP_VALUES.replace(",", ";").replace(".", ",")
    assert data == (f"\ufeff{header};{NEW_COLUMNS.replace(',', ';')}\r\n{old}\r\n{new}\r\n"
                    ).encode("utf-8")
    loaded, _ = load_content(content)
    ssi = {s.date.isoformat(): s.ssi for s in loaded.snapshots}
    assert ssi["2026-03-06"].brand == 17.8234 and ssi["2026-03-06"].network_pillars[
        "relationships"] == 8.428
    assert ssi["2026-01-15"].insights == 8.25


@pytest.mark.parametrize("name", ["Software\u202e ", "  Software", "\u2067Software\u2069\t"])
def test_name_normalised_as_the_loader_reads_it(content, tmp_path, name):
    def change(document):
        group(document, "INDUSTRY")["industry"] = name
    path = write_json(tmp_path, "in.json", linkedin(change))
    data = imported_twice([path], content, LI_OPTIONS)
    row = data.decode("utf-8").splitlines()[1].split(",")
    assert row[10] == "Software"


@pytest.mark.parametrize("name, cell", [
    ("=HYPERLINK(\"http://evil.example\";\"x\")", "'=HYPERLINK(\"http://evil.example\";\"x\")"),
    ("+1+2", "'+1+2"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
])
def test_text_cells_are_inert_in_a_spreadsheet(content, tmp_path, name, cell):
    def change(document):
        group(document, "INDUSTRY")["industry"] = name
    path = write_json(tmp_path, "in.json", linkedin(change))
    data = imported_twice([path], content, LI_OPTIONS)
    cells = next(r for r in csv.reader(io.StringIO(data.decode("utf-8")))
                 if r and r[1] == "2026-03-06")
    assert cell in cells                       # inert in the file a spreadsheet opens
    loaded, _ = load_content(content)
    ssi = {s.date.isoformat(): s.ssi for s in loaded.snapshots}
    assert ssi["2026-03-06"].industry_name == name.strip()   # and read back as it was


def test_every_run_gives_the_same_result(content, tmp_path):
    """Several files and both shapes, in one call: run 2 adds nothing and changes no byte."""
    li = write_json(tmp_path, "li.json", linkedin())
    se = write_json(tmp_path, "se.json", SOCIALEDGE)
    imported_twice([li, se], content, LI_OPTIONS, added=4)


def test_stale_tmp_name_in_the_way(content, tmp_path):
    """Temporary names are unique: a folder with the old fixed name does not stop a write."""
    (content / IMPORTED).parent.mkdir(parents=True)
    (content / "snapshots" / "imported" / "ana-lima.csv.tmp").mkdir()
    path = write_json(tmp_path, "in.json", linkedin())
    imported_twice([path], content, LI_OPTIONS)


def test_symbolic_link_in_place_of_the_imported_file(content, tmp_path):
    (content / IMPORTED).parent.mkdir(parents=True)
    (content / "snapshots" / "ana.txt").write_text("kept\n", encoding="utf-8")
    (content / IMPORTED).symlink_to(Path("..") / "ana.txt")
    path = write_json(tmp_path, "in.json", linkedin())
    refused([path], content, LI_OPTIONS,
            f"{content / IMPORTED}: is a symbolic link; ssigen import only updates a regular "
            "file there")


# --------------------------------------------------------------------------- rows validated

def test_name_too_long_for_the_schema_is_refused(content, tmp_path):
    def change(document):
        group(document, "INDUSTRY")["industry"] = "x" * 300
    path = write_json(tmp_path, "in.json", linkedin(change))
    refused([path], content, LI_OPTIONS,
            f"{path}: groupScore[INDUSTRY].industry: ssi.industry_name: expected at most 200 "
            f"characters, got 300 (got '{'x' * 54}…')")


def test_total_the_loader_would_refuse_once_rounded(content, tmp_path):
    """overall - sum = 0.4999999 passes, but written with 6 decimals it is 0.500002: the
    loader's own total check refuses it before anything is written."""
    def change(document):
        for sub in document["memberScore"]["subScores"]:
            sub["score"] = 10.0000004
        document["memberScore"]["overall"] = 40.5000015
    path = write_json(tmp_path, "in.json", linkedin(change))
    refused([path], content, LI_OPTIONS,
            f"{path}: memberScore.overall: ssi.total: total 40.5 differs from the sum of the "
            "four pillars (40.00) by more than 0.5")


def test_socialedge_name_too_long_or_on_two_lines_is_refused(content, tmp_path):
    document = copy.deepcopy(SOCIALEDGE)
    document[1]["parsed"]["industry"]["name"] = "y" * 201
    path = write_json(tmp_path, "se.json", document)
    refused([path], content, SE_OPTIONS,
            f"{path}: entry 2.parsed.industry.name: ssi.industry_name: expected at most 200 "
            f"characters, got 201 (got '{'y' * 54}…')")
    document[1]["parsed"]["industry"]["name"] = "Soft\nware"
    path = write_json(tmp_path, "se.json", document)
    refused([path], content, SE_OPTIONS,
            f"{path}: entry 2.parsed.industry.name: ssi.industry_name: expected one line of "
            "text; in a CSV file, is a closing quote missing? (got 'Soft\nware')")


@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_write_leaves_nothing_behind(content, tmp_path, monkeypatch, existing):
    """The prepared file fails its final check: the file in place is untouched, and no
    temporary file or folder created for it is left."""
    import ssigen.sources.snapshot_file as snapshot_file

    def failing(tmp, path):
        assert tmp.exists() and tmp.name.startswith(".ana-lima.csv.")
        raise SourceError(f"{path}: simulated failure")
    monkeypatch.setattr(snapshot_file, "check_written", failing)
    if existing:
        make_folder(content, {str(IMPORTED): b"member,date,ssi.brand,ssi.people,ssi.insights,"
                                             b"ssi.relationships\nana-lima,2026-01-15,1,2,3,4\n"},
                    base=None)
    path = write_json(tmp_path, "in.json", linkedin())
    refused([path], content, LI_OPTIONS, f"{content / IMPORTED}: simulated failure")
    assert (content / "snapshots" / "imported").exists() == existing


# --------------------------------------------------------------------------- wrongly typed JSON

def _set(path: tuple, value):
    """A change that puts `value` at `path` in the document."""
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


@pytest.mark.parametrize("path, value, message", [
    (("groupScore", 2, "score"), 5, "groupScore[INDUSTRY].score: expected an object, got 5"),
    (("groupScore", 0, "score"), [1, 2],
     "groupScore[NETWORK].score: expected an object, got a list"),
    (("groupScore", 0, "score", "subScores", 1), "x",
     "groupScore[NETWORK].score.subScores[1]: expected an object {pillar, score}, got 'x'"),
    (("groupScore", 0, "score", "subScores"), {"a": 1},
     "groupScore[NETWORK].score.subScores: expected a list of {pillar, score}, got an object"),
    (("memberScore", "subScores", 1), 3,
     "memberScore.subScores[1]: expected an object {pillar, score}, got 3"),
    (("memberScore", "subScores", 0, "pillar"), ["STRONG_RELATIONSHIP"],
     "memberScore.subScores[0].pillar: expected a pillar name such as PROFESSIONAL_BRAND, "
     "got a list"),
    (("memberScore", "subScores", 0, "pillar"), "STRONG_RELATIONSHP",
     "memberScore.subScores[0].pillar: unknown pillar 'STRONG_RELATIONSHP' (did you mean "
     "'STRONG_RELATIONSHIP'?)"),
    (("memberScore", "subScores", 0, "score"), {"value": 16},
     "memberScore.STRONG_RELATIONSHIP: expected a number, got an object"),
    (("memberScore",), [], "memberScore: expected an object, got a list"),
    (("groupScore",), {"groupType": "INDUSTRY"}, "groupScore: expected a list, got an object"),
    (("groupScore", 1), 7, "groupScore[1]: expected an object, got 7"),
    (("groupScore", 2, "industry"), ["Software"],
     "groupScore[INDUSTRY].industry: expected text, got a list"),
    (("groupScore", 2, "industry"), 42, "groupScore[INDUSTRY].industry: expected text, got 42"),
    (("groupScore", 2, "industry"), True,
     "groupScore[INDUSTRY].industry: expected text, got true"),
    (("groupScore", 2, "industry"), {"name": {"en": "Software"}},
     "groupScore[INDUSTRY].industry.name: expected text, got an object"),
    (("groupScore", 2, "industry"), "\ud800",
     "groupScore[INDUSTRY].industry: is not valid Unicode text (a lone surrogate escape?)"),
    (("groupScore", 2, "industry"), "Soft\u0000ware",
     "groupScore[INDUSTRY].industry: contains a NUL character"),
    (("groupScore", 2, "rank"), {"top": 8},
     "groupScore[INDUSTRY].rank: expected a number, got an object"),
    (("groupScore", 2, "groupSize"), 10 ** 400,
     f"groupScore[INDUSTRY].groupSize: {str(10 ** 400)[:57]}... is out of range (0–1e+12)"),
    (("groupScore", 0, "rank"), float("nan"),
     "groupScore[NETWORK].rank: nan is out of range (0–100)"),
])
def test_wrongly_typed_linkedin_values(content, tmp_path, path, value, message):
    file = write_json(tmp_path, "in.json", linkedin(_set(path, value)))
    refused([file], content, LI_OPTIONS, f"{file}: {message}")


@pytest.mark.parametrize("path, value, message", [
    ((0, "raw", "groupScore", 1, "score"), 1.5,
     "entry 1.raw: groupScore[INDUSTRY].score: expected an object, got 1.5"),
    ((2, "parsed", "industry"), ["Software"],
     "entry 3.parsed.industry: expected an object, got a list"),
    ((2, "parsed", "industry", "name"), 12, "entry 3.parsed.industry.name: expected text, got 12"),
    ((2, "parsed", "prof_brand"), [16], "entry 3.parsed.prof_brand: expected a number, got a list"),
    ((0, "raw"), "[" * 5000 + "]" * 5000, "entry 1.raw: not valid JSON (nested too deeply)"),
])
def test_wrongly_typed_socialedge_values(content, tmp_path, path, value, message):
    document = copy.deepcopy(SOCIALEDGE)
    _set(path, value)(document)
    file = write_json(tmp_path, "se.json", document)
    refused([file], content, SE_OPTIONS, f"{file}: {message}")


@pytest.mark.parametrize("date, shown", [
    (1e20, "1e+20 is not a date (expected YYYY-MM-DD or a Unix time)"),
    (-1e20, "-1e+20 is not a date (expected YYYY-MM-DD or a Unix time)"),
    (float("nan"), "nan is not a date (expected YYYY-MM-DD or a Unix time)"),
    (float("inf"), "inf is not a date (expected YYYY-MM-DD or a Unix time)"),
    (10 ** 400, f"{str(10 ** 400)[:57]}... is not a date (expected YYYY-MM-DD or a Unix time)"),
    (-1, "-1 is not a date (expected YYYY-MM-DD or a Unix time)"),
    ("99999-01-01", "expected a date YYYY-MM-DD, got '99999-01-01'"),
    ("2026-02-30", "expected a date YYYY-MM-DD, got '2026-02-30'"),
    ("2026-03-13 and more", "expected a date YYYY-MM-DD, got '2026-03-13 and more'"),
    (True, "expected a date YYYY-MM-DD, got true"),
    (None, "expected a date YYYY-MM-DD, got null"),
    ({"y": 2026}, "expected a date YYYY-MM-DD, got an object"),
])
def test_absurd_socialedge_dates(content, tmp_path, date, shown):
    document = copy.deepcopy(SOCIALEDGE)
    document[1]["date"] = date
    file = write_json(tmp_path, "se.json", document)
    refused([file], content, SE_OPTIONS, f"{file}: entry 2.date: {shown}")


def test_socialedge_dates_as_times_are_read(content, tmp_path):
    document = copy.deepcopy(SOCIALEDGE)
    document[0]["date"] = "2026-03-13T09:30:00.000Z"
    document[1]["date"] = 1771113600000            # 2026-02-15 00:00 UTC, milliseconds
    document[2]["date"] = 1768435200               # 2026-01-15 00:00 UTC, seconds
    file = write_json(tmp_path, "se.json", document)
    data = imported_twice([file], content, SE_OPTIONS, added=3)
    dates = [line.split(",")[1] for line in data.decode("utf-8").splitlines()[1:]]
    assert dates == ["2026-01-15", "2026-02-15", "2026-03-13"]


def test_json_nested_ten_thousand_levels(content, tmp_path):
    file = tmp_path / "deep.json"
    file.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    refused([file], content, LI_OPTIONS, f"{file}: not valid JSON (nested too deeply)")
    file.write_text('{"memberScore": ' + '{"a": ' * 10_000 + "1" + "}" * 10_001,
                    encoding="utf-8")
    refused([file], content, LI_OPTIONS, f"{file}: not valid JSON (nested too deeply)")


# --------------------------------------------------------------------------- unbounded work

def _limited() -> None:  # pragma: no cover - runs in the child process
    """At most 1 GB of memory: an import that started reading /dev/zero or a 1.5 GB file
    fails in the child instead of exhausting the machine running the tests."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run_main(file: Path, content: Path) -> tuple[int, str, str]:
    """`python -m ssigen import` (through `main`, as a user runs it), bounded in time and
    memory: (exit code, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "ssigen", "import", str(file), "-c", str(content), *LI_OPTIONS],
        capture_output=True, text=True, timeout=20,
        env={**os.environ, "SSIGEN_DEBUG": ""},
        preexec_fn=_limited if sys.platform.startswith("linux") else None)
    return done.returncode, done.stdout, done.stderr


def refused_by_main(file: Path, content: Path, message: str) -> None:
    before = everything(content)
    assert run_main(file, content) == (1, "", f"Error: {message}; nothing was imported\n")
    assert everything(content) == before


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_device_is_refused_at_once(content):
    refused_by_main(Path("/dev/zero"), content,
                    "/dev/zero: is not a regular file (a pipe or a device?)")


def test_huge_file_is_refused_before_it_is_read(content, tmp_path):
    file = tmp_path / "huge.json"
    with file.open("wb") as f:
        f.truncate(1_500_000_000)  # sparse: instant, takes no room
    refused_by_main(file, content, f"{file}: file is larger than 50 MB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_pipe_is_refused_without_blocking(content, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    refused_by_main(fifo, content, f"{fifo}: is not a regular file (a pipe or a device?)")


@pytest.mark.parametrize("name", ["deep.json", "score.json", "date.json"])
def test_main_prints_one_line_and_no_traceback(content, tmp_path, name):
    """The crashes of the probe, through `main`: one line, never "unexpected failure"."""
    if name == "deep.json":
        file = tmp_path / name
        file.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
        message = f"{file}: not valid JSON (nested too deeply)"
    elif name == "score.json":
        file = write_json(tmp_path, name, linkedin(_set(("groupScore", 2, "score"), 5)))
        message = f"{file}: groupScore[INDUSTRY].score: expected an object, got 5"
    else:
        document = copy.deepcopy(SOCIALEDGE)
        document[0]["date"] = 1e20
        file = write_json(tmp_path, name, document)
        message = (f"{file}: entry 1.date: 1e+20 is not a date (expected YYYY-MM-DD or a "
                   "Unix time)")
    refused_by_main(file, content, message)


# --------------------------------------------------------------------------- any JSON anywhere

SCALARS = (st.none() | st.booleans() | st.integers()
           | st.sampled_from([10 ** 400, -(10 ** 30), 1e308, -0.0, 25, 25.0000001, 100, 0])
           | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=12)
           | st.sampled_from(["PROFESSIONAL_BRAND", "FIND_RIGHT_PEOPLE", "INDUSTRY", "NETWORK",
                             "TEAM", "2026-03-06", "17,5", " 12.5 ", "=1+1", "\u202e", " ",
                             "x" * 201, "\ud800", "a\x00b", "a\nb", "memberScore", "NaN"]))
JSON = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.text(max_size=10) | st.sampled_from(
                        ["score", "subScores", "pillar", "overall", "industry", "name", "rank",
                         "groupSize", "groupType", "raw", "parsed", "date", "data"]),
                        children, max_size=4), max_leaves=10)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _mutated(base, data) -> object:
    """The valid document with one value anywhere replaced by any JSON, deleted, or a key
    added; sometimes twice."""
    document = copy.deepcopy(base)
    for _ in range(data.draw(st.integers(1, 2))):
        paths = list(_paths(document))
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        value = data.draw(JSON)
        if not path:
            return value
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if action == "replace":
            parent[path[-1]] = value
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(max_size=10))] = value
        else:
            parent.append(value)
    return document


def _dumped(document) -> str:
    return json.dumps(document, ensure_ascii=True)


FAST = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(data=st.data(), shape=st.sampled_from(["linkedin", "socialedge"]))
def test_reader_survives_any_json_anywhere(data, shape):
    """Any JSON type at any key of either shape: readings, or a SourceError naming the
    file on one line; never another exception."""
    document = _mutated(LINKEDIN if shape == "linkedin" else SOCIALEDGE, data)
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "in.json"
        file.write_text(_dumped(document), encoding="utf-8")
        try:
            readings = read_readings(file, "ana-lima",
                                     dt.date(2026, 3, 6))
        except SourceError as exc:
            assert str(exc).startswith(f"{file}"), str(exc)
            assert "\n" not in str(exc) and len(str(exc)) < 600, str(exc)
            return
    for reading in readings:
        for key, value in reading.values.items():
            assert isinstance(value, (int, float, str)) and not isinstance(value, bool), key
            if isinstance(value, float):
                assert math.isfinite(value)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), shape=st.sampled_from(["linkedin", "socialedge"]))
def test_import_of_any_json_is_checked_then_stable(data, shape):
    """End to end: a refused file changes nothing; an accepted one leaves a content folder
    that `ssigen check` accepts, and importing it again changes no byte."""
    document = _mutated(LINKEDIN if shape == "linkedin" else SOCIALEDGE, data)
    date = dt.date(2026, 3, 6)
    with tempfile.TemporaryDirectory() as folder:
        content = make_folder(Path(folder) / "content", base=FIXTURE / "content")
        file = Path(folder) / "in.json"
        file.write_text(_dumped(document), encoding="utf-8")
        before = everything(content)
        try:
            first = import_files([file], content, "ana-lima", date)
        except SourceError as exc:
            assert str(exc).startswith(f"{file}"), str(exc)
            assert everything(content) == before
            return
        check_ok(content)
        after = everything(content)
        second = import_files([file], content, "ana-lima", date)
        assert not second.added and not second.written
        assert len(second.unchanged) == len(first.added) + len(first.unchanged)
        assert len(second.conflicts) == len(first.conflicts)
        assert everything(content) == after


EXTRA_COLUMNS = {"profile.photo": st.sampled_from(["yes", "no", "x", ""]),
                 "profile.headline": st.sampled_from(["Sales, EMEA", "a \"quoted\" b", "l1\nl2",
                                                      "", "=not a formula here"]),
                 "activity.posts": st.sampled_from(["0", "3", "12", ""])}


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(delimiter=st.sampled_from([",", ";"]), bom=st.booleans(),
       newline=st.sampled_from(["\n", "\r\n"]), final_newline=st.booleans(),
       extra=st.lists(st.sampled_from(sorted(EXTRA_COLUMNS)), unique=True),
       padded=st.booleans(), data=st.data())
def test_any_existing_imported_file_is_kept(delimiter, bom, newline, final_newline, extra,
                                            padded, data):
    """Whatever the member's imported file looks like (as the loader accepts it), the import
    keeps its header and every row to the byte, in order, adds the one new row before the
    first later date, and a second import changes nothing."""
    def line(cells, eol):
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator=eol).writerow(cells)
        return out.getvalue()

    columns = ["member", "date", "ssi.brand", "ssi.people", "ssi.insights",
               "ssi.relationships", *extra]
    header = line([f" {c} " if padded else c for c in columns], newline)
    days = data.draw(st.lists(st.sampled_from(["2026-01-15", "2026-02-01", "2026-04-01",
                                               "2026-05-09"]), unique=True, max_size=3))
    rows = [line(["ana-lima", day, "12,5" if delimiter == ";" else "12.5", "10", "8", "11",
                  *(data.draw(EXTRA_COLUMNS[c]) for c in extra)], newline) for day in days]
    text = header + "".join(rows)
    if not final_newline:
        text = text.removesuffix(newline)
    eol = newline if newline in text else "\n"  # a file without any line end gets "\n"
    new_values = ["ana-lima", "2026-03-06", "17.8234", "14.5117", "12.3049", "16.9021",
                  *([""] * len(extra)), "61.5421", *GROUP_VALUES.split(",")]
    if delimiter == ";":
        new_values = [v.replace(".", ",") for v in new_values]
    position = next((i for i, day in enumerate(days) if day > "2026-03-06"), len(days))
    kept = list(rows)
    if kept and not final_newline:
        kept[-1] = kept[-1].removesuffix(newline)
    body = kept[:position] + [line(new_values, eol)] + kept[position:]
    # a last row without a line end gets one when the new row goes after it
    body = [r if r.endswith(newline) or i == len(body) - 1 else r + eol
            for i, r in enumerate(body)]
    expected = (("\ufeff" if bom else "") + header.removesuffix(newline)
                + "".join(delimiter + c for c in ["ssi.total", *NEW_COLUMNS.split(",")]) + eol
                + "".join(body))
    with tempfile.TemporaryDirectory() as folder:
        content = make_folder(Path(folder) / "content",
                              {str(IMPORTED): (("\ufeff" if bom else "") + text).encode("utf-8")},
                              base=FIXTURE / "content")
        check_ok(content)
        file = write_json(Path(folder), "in.json", linkedin())
        date = dt.date(2026, 3, 6)
        result = import_files([file], content, "ana-lima", date)
        assert len(result.added) == 1 and not result.conflicts
        check_ok(content)
        after = (content / IMPORTED).read_bytes()
        assert after.decode("utf-8") == expected
        again = import_files([file], content, "ana-lima", date)
        assert not again.added and len(again.unchanged) == 1
        assert (content / IMPORTED).read_bytes() == after


def test_import_of_a_number_too_long_for_python_is_a_plain_error(tmp_path):
    root = make_folder(tmp_path / "content", base=TINY)
    path = tmp_path / "in.json"
    path.write_text('{"memberScore": {"overall": ' + "9" * 5000 + "}}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "-c", str(root), "-m", "ann",
                                      "-d", "2026-01-05"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {path}: not valid JSON for ssigen (a number of "
                                     "more than 4,300 digits); nothing was imported")
