"""Input errors of a content folder: `ssigen.check` and `ssigen check`.

Every test starts from a small valid folder (BASE), changes one thing, and asserts the
exact place (file relative to the folder, line, dotted field), a key phrase of the
message and the hint. CSV lines are physical lines (header = line 1); YAML lines are
the line of the key.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import ssigen
from ssigen.cli import cli

MEMBERS_CSV = """\
id,name,team,manager
alex-morgan,Alex Morgan,Sales,
sam-lee,Sam Lee,Sales,alex-morgan
"""
SSI_HEADER = "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
SSI_CSV = SSI_HEADER + """\
alex-morgan,2026-03-06,18.4,16.1,15.2,17.9
sam-lee,2026-03-06,12.1,11.4,8.7,13.2
"""
BASE = {
    "ssigen.yml": "title: Test report\n",
    "members.csv": MEMBERS_CSV,
    "snapshots/ssi.csv": SSI_CSV,
}
DEAL_HEADER = "id,member,account,amount,currency,status,date,stage,contribution\n"
COHORT_OK = """\
- id: spring
  name: Spring programme
  start: 2026-03-01
  end: 2026-03-31
  members: [alex-morgan, sam-lee]
"""


# --------------------------------------------------------------------------- helpers

def write(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write {relative path: text or bytes} under root; None removes a file."""
    for rel, data in files.items():
        path = root / rel
        if data is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def folder(tmp_path: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """The minimal valid content folder, with `changes` applied on top of it."""
    root = tmp_path / "content"
    root.mkdir(exist_ok=True)
    return write(root, {**BASE, **(changes or {})})


def only_error(problems):
    """The single error of `problems` (and no warning), or fail showing them all."""
    shown = "\n".join(str(p) for p in problems.items)
    assert len(problems.errors) == 1, f"expected exactly one error, got:\n{shown}"
    assert not problems.warnings, f"expected no warning, got:\n{shown}"
    return problems.errors[0]


def assert_error(error, file, line, field, phrase, hint=None):
    assert error.severity == "error", str(error)
    assert (error.file, error.line, error.field) == (file, line, field), str(error)
    assert phrase in error.message, str(error)
    if hint is not None:
        assert error.hint is not None and hint in error.hint, str(error)


def errors_at(problems) -> set[tuple]:
    return {(e.file, e.line, e.field) for e in problems.errors}


def check_one(tmp_path, changes):
    return only_error(ssigen.check(folder(tmp_path, changes)))


def test_base_folder_is_valid(tmp_path):
    problems = ssigen.check(folder(tmp_path))
    assert problems.items == []
    result = CliRunner().invoke(cli, ["check", str(folder(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "is valid" in result.output


# --------------------------------------------------------------------------- unknown fields

def test_unknown_csv_column_in_members_suggests_name(tmp_path):
    problems = ssigen.check(folder(tmp_path, {
        "members.csv": "id,nmae\nalex-morgan,Alex Morgan\nsam-lee,Sam Lee\n"}))
    # the column is named in the header row (line 1): reported once, not row after row
    unknown = [e for e in problems.errors if e.message == "unknown field"]
    assert [(e.file, e.line, e.field, e.hint) for e in unknown] == [
        ("members.csv", 1, "nmae", "did you mean 'name'?")]
    missing = [e for e in problems.errors if e not in unknown]
    assert {(e.file, e.line, e.field) for e in missing} == {
        ("members.csv", 2, "name"), ("members.csv", 3, "name")}
    assert all("required field is missing" in e.message for e in missing)


def test_unknown_dotted_csv_column_suggests_ssi_brand(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"snapshots/more.csv": (
        "member,date,ssi.brnd,ssi.people,ssi.insights,ssi.relationships\n"
        "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n")}))
    assert errors_at(problems) == {("snapshots/more.csv", 1, "ssi.brnd"),
                                   ("snapshots/more.csv", 2, "ssi.brand")}
    unknown = next(e for e in problems.errors if e.field == "ssi.brnd")
    assert_error(unknown, "snapshots/more.csv", 1, "ssi.brnd", "unknown field",
                 "did you mean 'ssi.brand'?")
    missing = next(e for e in problems.errors if e.field == "ssi.brand")
    assert "required field is missing" in missing.message


def test_top_level_brand_column_in_snapshot_suggests_ssi_brand(tmp_path):
    error = check_one(tmp_path, {"snapshots/activity.csv": (
        "member,date,activity.posts,brand\n"
        "alex-morgan,2026-03-13,3,\n"
        "sam-lee,2026-03-13,2,12.5\n")})
    assert_error(error, "snapshots/activity.csv", 1, "brand", "unknown field",
                 "did you mean 'ssi.brand'?")


def test_unknown_yaml_field_in_members_reports_key_line(tmp_path):
    error = check_one(tmp_path, {"members.csv": None, "members.yml": textwrap.dedent("""\
        - id: alex-morgan
          name: Alex Morgan
        - id: sam-lee
          name: Sam Lee
          tema: Sales
        """)})
    assert_error(error, "members.yml", 5, "tema", "unknown field", "did you mean 'team'?")


def test_unknown_nested_yaml_field_in_snapshot(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"snapshots/p.yml": textwrap.dedent("""\
        member: alex-morgan
        date: 2026-03-13
        profile:
          photo: true
          skils: 12
        """)}))
    assert_error(only_error(problems), "snapshots/p.yml", 5, "profile.skils", "unknown field",
                 "did you mean 'profile.skills'?")


def test_unknown_yaml_field_in_deal(tmp_path):
    error = check_one(tmp_path, {"deals.yml": textwrap.dedent("""\
        - id: d1
          member: alex-morgan
          amount: 1000
          date: 2026-03-01
        - id: d2
          member: sam-lee
          amount: 500
          date: 2026-03-02
          acount: Acme
        """)})
    assert_error(error, "deals.yml", 9, "acount", "unknown field", "did you mean 'account'?")


def test_unknown_option_in_ssigen_yml_suggests_locale(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": "title: T\nlocle: fr\n"})
    assert_error(error, "ssigen.yml", 2, "locle", "unknown field", "did you mean 'locale'?")


def test_unknown_csv_column_with_empty_cells_is_still_an_error(tmp_path):
    problems = ssigen.check(folder(tmp_path, {
        "members.csv": "id,name,linkedin_ulr\nalex-morgan,Alex Morgan,\nsam-lee,Sam Lee,\n"}))
    error = only_error(problems)
    assert_error(error, "members.csv", 1, "linkedin_ulr", "unknown field",
                 "did you mean 'linkedin_url'?")


# --------------------------------------------------------------------------- required fields

def test_member_without_name_csv(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"members.csv": MEMBERS_CSV
                                              + "robin-diaz,,Sales,alex-morgan\n"}))
    assert_error(problems.errors[0], "members.csv", 4, "name", "required field is missing")
    assert len(problems.errors) == 1, "\n".join(map(str, problems.items))


def test_member_without_name_yaml_points_at_the_record(tmp_path):
    error = check_one(tmp_path, {"members.csv": None, "members.yml": textwrap.dedent("""\
        - id: alex-morgan
          name: Alex Morgan

        - id: sam-lee
          name: Sam Lee

        - id: robin-diaz
          team: Sales
        """)})
    assert_error(error, "members.yml", 7, "name", "required field is missing")


def test_ssi_section_without_relationships(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": (
        "member,date,ssi.brand,ssi.people,ssi.insights\n"
        "alex-morgan,2026-03-13,18.5,16.1,15.2\n")})
    assert_error(error, "snapshots/more.csv", 2, "ssi.relationships", "required field is missing")


def test_deal_without_amount(tmp_path):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,50\n"
                                 + "d2,sam-lee,Beta,,,won,2026-03-02,other,50\n"})
    assert_error(error, "deals.csv", 3, "amount", "required field is missing")


def test_snapshot_without_date(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": SSI_HEADER
                                 + "alex-morgan,,18.5,16.1,15.2,17.9\n"})
    assert_error(error, "snapshots/more.csv", 2, "date", "required field is missing")


# --------------------------------------------------------------------------- wrong types

def test_text_in_a_number(tmp_path):
    error = check_one(tmp_path, {"snapshots/ssi.csv": SSI_CSV.replace("12.1", "high")})
    assert_error(error, "snapshots/ssi.csv", 3, "ssi.brand", "expected a number")
    assert "'high'" in error.message


def test_impossible_calendar_date_in_csv(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": SSI_HEADER
                                 + "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n"
                                 + "sam-lee,2026-13-01,12.1,11.4,8.7,13.2\n"})
    assert_error(error, "snapshots/more.csv", 3, "date", "not a real calendar date")


def test_non_iso_date_in_csv(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": SSI_HEADER
                                 + "alex-morgan,13/03/2026,18.5,16.1,15.2,17.9\n"})
    assert_error(error, "snapshots/more.csv", 2, "date", "expected a date YYYY-MM-DD")


def test_impossible_calendar_date_in_yaml(tmp_path):
    error = check_one(tmp_path, {"snapshots/p.yml": textwrap.dedent("""\
        member: alex-morgan
        date: 2026-13-01
        profile:
          photo: true
        """)})
    assert (error.file, error.line) == ("snapshots/p.yml", 2)
    assert error.field in ("date", None)


def test_date_with_a_time_in_yaml(tmp_path):
    error = check_one(tmp_path, {"snapshots/p.yml": textwrap.dedent("""\
        member: alex-morgan
        date: 2026-03-13 09:30:00
        profile:
          photo: true
        """)})
    assert_error(error, "snapshots/p.yml", 2, "date", "without a time")


def test_unknown_bool_word(tmp_path):
    error = check_one(tmp_path, {"snapshots/profile.csv": (
        "member,date,profile.photo,profile.banner\n"
        "alex-morgan,2026-03-13,oui,nee\n"
        "sam-lee,2026-03-13,maybe,x\n")})
    assert_error(error, "snapshots/profile.csv", 3, "profile.photo", "expected true or false")


def test_bool_words_of_every_locale_are_accepted(tmp_path):
    rows = "".join(f"alex-morgan,2026-03-{day:02d},{word}\n"
                   for day, word in enumerate(["yes", "Oui", "vrai", "sì", "ja", "waar", "x",
                                               "no", "non", "faux", "nee", "onwaar", "-", "0"],
                                              start=10))
    problems = ssigen.check(folder(tmp_path, {"snapshots/p.csv": "member,date,profile.photo\n"
                                              + rows}))
    assert problems.items == []


def test_fraction_in_a_count(tmp_path):
    error = check_one(tmp_path, {"snapshots/a.csv": "member,date,activity.posts,activity.shares\n"
                                 "alex-morgan,2026-03-13,2.5,1\n"})
    assert_error(error, "snapshots/a.csv", 2, "activity.posts", "whole number")


def test_bad_member_id_and_url(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"members.csv": (
        "id,name,linkedin_url\n"
        "alex-morgan,Alex Morgan,http://linkedin.com/in/alex\n"
        "sam-lee,Sam Lee,\n"
        "Robin Diaz,Robin Diaz,\n")}))
    assert errors_at(problems) == {("members.csv", 2, "linkedin_url"),
                                   ("members.csv", 4, "id")}
    url = next(e for e in problems.errors if e.field == "linkedin_url")
    assert "https://" in url.message
    bad_id = next(e for e in problems.errors if e.field == "id")
    assert "lower-case" in bad_id.message


def test_huge_yaml_integer_is_an_error_not_a_crash(tmp_path):
    error = check_one(tmp_path, {"snapshots/p.yml": (
        "member: alex-morgan\ndate: 2026-03-13\nactivity:\n  connections: " + "9" * 400 + "\n")})
    assert (error.file, error.line, error.field) == ("snapshots/p.yml", 4,
                                                     "activity.connections")


def test_yaml_nan_is_rejected(tmp_path):
    error = check_one(tmp_path, {"deals.yml": ("id: d1\nmember: alex-morgan\n"
                                               "amount: .nan\ndate: 2026-03-01\n")})
    assert_error(error, "deals.yml", 3, "amount", "finite")


# --------------------------------------------------------------------------- out of range

@pytest.mark.parametrize("column, value, phrase", [
    ("ssi.brand", "26", "at most 25"),
    ("ssi.people", "-0.1", "at least 0"),
    ("ssi.industry_top_pct", "0", "above 0"),
    ("ssi.network_top_pct", "100.5", "at most 100"),
    ("ssi.industry_ssi", "101", "at most 100"),
    ("ssi.network_size", "-3", "at least 0"),
])
def test_ssi_value_out_of_range(tmp_path, column, value, phrase):
    header = SSI_HEADER.rstrip("\n").split(",")
    row = ["alex-morgan", "2026-03-13", "18.5", "16.1", "15.2", "17.9"]
    if column in header:
        row[header.index(column)] = value
    else:
        header.append(column)
        row.append(value)
    error = check_one(tmp_path, {"snapshots/more.csv": ",".join(header) + "\n"
                                 + ",".join(row) + "\n"})
    assert_error(error, "snapshots/more.csv", 2, column, phrase)


def test_range_limits_themselves_are_accepted(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"snapshots/more.csv": (
        SSI_HEADER.rstrip("\n") + ",ssi.industry_top_pct,ssi.network_top_pct,ssi.network_size\n"
        "alex-morgan,2026-03-13,25,0,25,0,100,0.1,0\n")}))
    assert problems.items == []


def test_negative_count(tmp_path):
    error = check_one(tmp_path, {"snapshots/a.csv": "member,date,activity.shares,activity.posts\n"
                                 "alex-morgan,2026-03-13,1,-1\n"})
    assert_error(error, "snapshots/a.csv", 2, "activity.posts", "at least 0")


def test_contribution_above_100(tmp_path):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,101\n"})
    assert_error(error, "deals.csv", 2, "contribution", "at most 100")


def test_negative_amount(tmp_path):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + "d1,alex-morgan,Acme,-5,,won,2026-03-01,other,10\n"})
    assert_error(error, "deals.csv", 2, "amount", "at least 0")


# --------------------------------------------------------------------------- ssi.total

def test_total_differing_from_pillar_sum(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": (
        SSI_HEADER.rstrip("\n") + ",ssi.total\n"
        "alex-morgan,2026-03-13,18.4,16.1,15.2,17.9,67.9\n"     # 67.6 + 0.3: fine
        "sam-lee,2026-03-13,12.1,11.4,8.7,13.2,46.4\n")})       # 45.4 + 1.0
    assert_error(error, "snapshots/more.csv", 3, "ssi.total", "differs from the sum")
    assert "45.40" in error.message


def test_total_differing_in_yaml_reports_the_total_line(tmp_path):
    error = check_one(tmp_path, {"snapshots/s.yml": textwrap.dedent("""\
        member: alex-morgan
        date: 2026-03-13
        ssi:
          brand: 18.4
          people: 16.1
          insights: 15.2
          relationships: 17.9
          total: 60
        """)})
    assert_error(error, "snapshots/s.yml", 8, "ssi.total", "more than 0.5")


def test_total_exactly_half_a_point_away_is_accepted(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"snapshots/more.csv": (
        SSI_HEADER.rstrip("\n") + ",ssi.total\n"
        "alex-morgan,2026-03-13,19.5,19.6,0,17.8,56.4\n")}))
    assert problems.items == []


# --------------------------------------------------------------------------- decimal comma

def test_decimal_comma_in_comma_delimited_csv_is_an_error(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": SSI_HEADER
                                 + 'alex-morgan,2026-03-13,"18,5",16.1,15.2,17.9\n'})
    assert_error(error, "snapshots/more.csv", 2, "ssi.brand", "decimal comma")


def test_unquoted_decimal_comma_gives_a_row_with_too_many_cells(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": SSI_HEADER
                                 + "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n"
                                 + "sam-lee,2026-03-13,12,5,11.4,8.7,13.2\n"})
    assert_error(error, "snapshots/more.csv", 3, None, "7 cells", "delimiter")
    assert "6 columns" in error.message


def test_decimal_comma_in_semicolon_csv_with_bom_is_read(tmp_path):
    text = ("member;date;ssi.brand;ssi.people;ssi.insights;ssi.relationships\r\n"
            "alex-morgan;2026-03-13;18,5;16,25;15,2;17,9\r\n"
            "sam-lee;2026-03-13;12,1;11,4;8,7;13,2\r\n")
    root = folder(tmp_path, {"snapshots/excel.csv": b"\xef\xbb\xbf" + text.encode("utf-8")})
    problems = ssigen.check(root)
    assert problems.items == []
    scores = {m.id: m.score for m in ssigen.score(root).members}
    assert scores["alex-morgan"] == pytest.approx(18.5 + 16.25 + 15.2 + 17.9)
    assert scores["sam-lee"] == pytest.approx(12.1 + 11.4 + 8.7 + 13.2)


def test_decimal_comma_rule_applies_to_upper_case_csv_suffix(tmp_path):
    error = check_one(tmp_path, {"snapshots/b.CSV": SSI_HEADER
                                 + 'alex-morgan,2026-03-13,"18,4",16.1,15.2,17.9\n'})
    assert_error(error, "snapshots/b.CSV", 2, "ssi.brand", "decimal comma")


# --------------------------------------------------------------------------- unknown members

def test_unknown_member_in_snapshot(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": SSI_HEADER
                                 + "alex-morgn,2026-03-13,18.5,16.1,15.2,17.9\n"})
    assert_error(error, "snapshots/more.csv", 2, "member", "unknown member 'alex-morgn'",
                 "did you mean 'alex-morgan'?")


def test_unknown_member_in_deal(tmp_path):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,50\n"
                                 + "d2,sam-le,Beta,200,,won,2026-03-02,other,50\n"})
    assert_error(error, "deals.csv", 3, "member", "unknown member 'sam-le'",
                 "did you mean 'sam-lee'?")


def test_unknown_member_in_cohort_members(tmp_path):
    error = check_one(tmp_path, {"cohorts.yml": COHORT_OK.replace("[alex-morgan, sam-lee]",
                                                                  "[alex-morgan, sam-leee]")})
    assert_error(error, "cohorts.yml", 5, "members", "unknown member 'sam-leee'",
                 "did you mean 'sam-lee'?")


def test_unknown_member_in_cohort_attendance(tmp_path):
    error = check_one(tmp_path, {"cohorts.yml": COHORT_OK + (
        "  sessions: 4\n"
        "  attendance:\n"
        "    alex-morgan: 4\n"
        "    alex-morgen: 3\n")})
    assert_error(error, "cohorts.yml", 7, "attendance", "unknown member 'alex-morgen'",
                 "did you mean 'alex-morgan'?")


def test_unknown_manager(tmp_path):
    error = check_one(tmp_path, {"members.csv": MEMBERS_CSV.replace(",alex-morgan\n",
                                                                    ",alex-morgann\n")})
    assert_error(error, "members.csv", 3, "manager", "unknown member 'alex-morgann'",
                 "did you mean 'alex-morgan'?")


# --------------------------------------------------------------------------- duplicates

def test_duplicate_member_id(tmp_path):
    error = check_one(tmp_path, {"members.csv": MEMBERS_CSV + "alex-morgan,Alex Twin,Sales,\n"})
    assert_error(error, "members.csv", 4, "id", "duplicate member id 'alex-morgan'",
                 "members.csv:2")


def test_duplicate_member_id_across_members_csv_and_members_folder(tmp_path):
    error = check_one(tmp_path, {"members/sam-lee.yml": "name: Sam Again\n"})
    assert_error(error, "members/sam-lee.yml", 1, "id", "duplicate member id 'sam-lee'",
                 "members.csv:3")


def test_duplicate_deal_id(tmp_path):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,50\n",
                                 "deals/more.csv": DEAL_HEADER
                                 + "d2,sam-lee,Beta,200,,won,2026-03-02,other,50\n"
                                 + "d1,sam-lee,Gamma,300,,won,2026-03-03,other,50\n"})
    assert_error(error, "deals/more.csv", 3, "id", "duplicate deal id 'd1'", "deals.csv:2")


def test_duplicate_cohort_id(tmp_path):
    error = check_one(tmp_path, {"cohorts.yml": COHORT_OK + COHORT_OK.replace("Spring", "Again")})
    assert_error(error, "cohorts.yml", 6, "id", "duplicate cohort id 'spring'", "cohorts.yml:1")


def test_same_section_twice_across_two_files_names_both_places(tmp_path):
    error = check_one(tmp_path, {"snapshots/z-extra.yml": textwrap.dedent("""\
        member: sam-lee
        date: 2026-03-06
        profile:
          photo: true
        ssi:
          brand: 12
          people: 11
          insights: 9
          relationships: 13
        """)})
    assert_error(error, "snapshots/z-extra.yml", 5, "ssi", "a second 'ssi' section",
                 "snapshots/ssi.csv:3")
    assert "sam-lee" in error.message and "2026-03-06" in error.message


def test_different_sections_for_one_member_and_date_are_merged(tmp_path):
    root = folder(tmp_path, {"snapshots/profiles.yml": textwrap.dedent("""\
        - member: sam-lee
          date: 2026-03-06
          profile:
            photo: true
            skills: 12
        """)})
    assert ssigen.check(root).items == []


# --------------------------------------------------------------------------- follow-on errors
# One mistake should give one error: an error that follows from another must not claim
# something false about the content.

def test_invalid_member_row_does_not_make_its_snapshots_unknown(tmp_path):
    error = check_one(tmp_path, {"members.csv": MEMBERS_CSV.replace("Sam Lee", "")})
    assert_error(error, "members.csv", 3, "name", "required field is missing")


def test_invalid_value_does_not_also_report_no_section(tmp_path):
    error = check_one(tmp_path, {"snapshots/a.csv": "member,date,activity.posts\n"
                                 "alex-morgan,2026-03-13,2.5\n"})
    assert_error(error, "snapshots/a.csv", 2, "activity.posts", "whole number")


def test_misspelt_stage_does_not_also_report_the_contribution(tmp_path):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + "d1,alex-morgan,Acme,1000,,won,2026-03-01,find_acount,30\n"})
    assert_error(error, "deals.csv", 2, "stage", "expected one of")
    assert "find_account" in error.message


# --------------------------------------------------------------------------- snapshots

def test_snapshot_with_no_section(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": SSI_HEADER
                                 + "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n"
                                 + "sam-lee,2026-03-13,,,,\n"})
    assert_error(error, "snapshots/more.csv", 3, None, "snapshot has no section")


# --------------------------------------------------------------------------- deals

@pytest.mark.parametrize("stage", ["none", ""])
def test_contribution_without_a_stage(tmp_path, stage):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + f"d1,alex-morgan,Acme,1000,,won,2026-03-01,{stage},30\n"})
    assert_error(error, "deals.csv", 2, "contribution", "must be 0 when stage is 'none'")


def test_deal_currency_without_rate(tmp_path):
    error = check_one(tmp_path, {"deals.csv": DEAL_HEADER
                                 + "d1,alex-morgan,Acme,1000,USD,won,2026-03-01,other,30\n"})
    assert_error(error, "deals.csv", 2, "currency", "no rate for USD", "rates")


def test_deal_currency_with_rate_is_fine(tmp_path):
    root = folder(tmp_path, {"ssigen.yml": "title: T\nrates:\n  USD: 0.92\n",
                             "deals.csv": DEAL_HEADER
                             + "d1,alex-morgan,Acme,1000,usd,won,2026-03-01,other,30\n"})
    assert ssigen.check(root).items == []


def test_deal_status_and_stage_choices(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"deals.csv": DEAL_HEADER
                                              + "d1,alex-morgan,Acme,1000,,wonn,2026-03-01,,\n"
                                              + "d2,sam-lee,B,5,,won,2026-03-01,find_acount,\n"}))
    assert errors_at(problems) == {("deals.csv", 2, "status"), ("deals.csv", 3, "stage")}
    status = next(e for e in problems.errors if e.field == "status")
    assert "won, open, lost" in status.message and "'won'" in status.message
    stage = next(e for e in problems.errors if e.field == "stage")
    assert "find_account" in stage.message


# --------------------------------------------------------------------------- cohorts

def test_cohort_start_after_end(tmp_path):
    error = check_one(tmp_path, {"cohorts.yml": COHORT_OK.replace("end: 2026-03-31",
                                                                  "end: 2026-02-01")})
    assert_error(error, "cohorts.yml", 4, "end", "before it starts")


def test_cohort_unknown_team(tmp_path):
    error = check_one(tmp_path, {"cohorts.yml": COHORT_OK.replace(
        "members: [alex-morgan, sam-lee]", "team: Sale")})
    assert_error(error, "cohorts.yml", 5, "team", "unknown team 'Sale'", "did you mean 'Sales'?")


def test_cohort_with_neither_members_nor_team(tmp_path):
    error = check_one(tmp_path, {"cohorts.yml": "- id: ok\n  name: Ok\n  start: 2026-03-01\n"
                                 "  end: 2026-03-02\n  team: Sales\n"
                                 + COHORT_OK.replace("  members: [alex-morgan, sam-lee]\n", "")})
    assert_error(error, "cohorts.yml", 6, "members", "needs 'members'")


def test_cohort_without_name(tmp_path):
    error = check_one(tmp_path, {"cohorts.yml": COHORT_OK.replace("  name: Spring programme\n",
                                                                  "")})
    assert_error(error, "cohorts.yml", 1, "name", "required field is missing")


# --------------------------------------------------------------------------- ssigen.yml

def test_missing_ssigen_yml(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": None})
    assert_error(error, "ssigen.yml", None, None, "has no ssigen.yml", "ssigen init")


def test_missing_title(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": "client: Acme\nlocale: fr\n"})
    assert_error(error, "ssigen.yml", 1, "title", "required field is missing")


def test_empty_ssigen_yml(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": "# nothing yet\n"})
    assert_error(error, "ssigen.yml", None, "title", "'title' is required")


def test_bad_locale_lists_the_choices(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": "title: T\nlocale: de\n"})
    assert_error(error, "ssigen.yml", 2, "locale", "expected one of en, fr, it, nl")


def test_bands_not_ascending(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": textwrap.dedent("""\
        title: T
        bands:
          - {min: 0, label: low}
          - {min: 60, label: high}
          - {min: 50, label: middle}
        """)})
    assert_error(error, "ssigen.yml", 2, "bands", "ascending")


def test_band_with_an_extra_key(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": "title: T\nbands:\n  - {min: 0, lable: low}\n"})
    assert_error(error, "ssigen.yml", 2, "bands", "band 1")


def test_band_with_empty_label(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"ssigen.yml": "title: T\nbands:\n"
                                              "  - min: 0\n    label:\n"}))
    assert [(e.file, e.field) for e in problems.errors] == [("ssigen.yml", "bands")]


@pytest.mark.parametrize("currency", ["EURO", "€", "12"])
def test_bad_currency_code(tmp_path, currency):
    error = check_one(tmp_path, {"ssigen.yml": f"title: T\ncurrency: '{currency}'\n"})
    assert_error(error, "ssigen.yml", 2, "currency", "ISO 4217")


@pytest.mark.parametrize("rates, phrase", [
    ("rates:\n  USD: -1\n", "above 0"),
    ("rates:\n  USD: 0\n", "above 0"),
    ("rates:\n  USD: abc\n", "expected a number"),
    ("rates:\n  DOLLAR: 0.9\n", "ISO 4217"),
    ("rates: 0.92\n", "expected a mapping"),
])
def test_bad_rates(tmp_path, rates, phrase):
    error = check_one(tmp_path, {"ssigen.yml": "title: T\n" + rates})
    assert_error(error, "ssigen.yml", 2, "rates", phrase)


def test_bad_option_values(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"ssigen.yml": textwrap.dedent("""\
        title: T
        activity_window_days: 0
        anonymize: maybe
        site_url: example.com
        brand:
          primary_color: blue
        """)}))
    assert errors_at(problems) == {("ssigen.yml", 2, "activity_window_days"),
                                   ("ssigen.yml", 3, "anonymize"),
                                   ("ssigen.yml", 4, "site_url"),
                                   ("ssigen.yml", 6, "brand.primary_color")}


# --------------------------------------------------------------------------- broken files

def test_malformed_yaml_reports_the_line(tmp_path):
    error = check_one(tmp_path, {"ssigen.yml": "title: T\nlocale: fr\nclient: a: b\n"})
    assert_error(error, "ssigen.yml", 3, None, "is not valid YAML")


def test_malformed_yaml_table(tmp_path):
    error = check_one(tmp_path, {"snapshots/p.yml": "member: alex-morgan\ndate: 2026-03-13\n"
                                 "profile:\n  photo: true\n skills: 3\n"})
    assert error.file == "snapshots/p.yml" and error.line == 5
    assert "is not valid YAML" in error.message


def test_non_utf8_bytes_report_the_line(tmp_path):
    data = "id,name,team,manager\nalex-morgan,Alex Morgan,Sales,\nsam-lee,Sam Lé,Sales,\n"
    error = check_one(tmp_path, {"members.csv": data.encode("latin-1")})
    assert_error(error, "members.csv", 3, None, "not valid UTF-8", "UTF-8")


def test_a_file_that_is_a_folder(tmp_path):
    root = folder(tmp_path, {"members.csv": None})
    (root / "members.csv").mkdir()
    (root / "members.csv" / "x.txt").write_text("x")
    error = only_error(ssigen.check(root))
    assert_error(error, "members.csv", None, None, "found a folder")


def test_empty_csv_is_a_warning(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"deals.csv": ""}))
    assert problems.errors == []
    assert [(w.file, w.line, w.message) for w in problems.warnings] == [
        ("deals.csv", None, "file is empty")]
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output


def test_nul_bytes_in_csv(tmp_path):
    error = check_one(tmp_path, {"snapshots/more.csv": b"member,date\x00\x00\n"})
    assert_error(error, "snapshots/more.csv", None, None, "NUL bytes")


def test_duplicate_and_empty_header_columns(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"snapshots/more.csv": (
        "member,date,ssi.brand,ssi.brand,,ssi.people,ssi.insights,ssi.relationships\n")}))
    assert errors_at(problems) == {("snapshots/more.csv", 1, "ssi.brand"),
                                   ("snapshots/more.csv", 1, None)}


def test_record_lines_count_quoted_newlines_and_blank_lines(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"members.csv": (
        'id,name,title,linkedin_url\n'
        'alex-morgan,Alex Morgan,"Sales\nDirector"\n'
        '\n'
        'sam-lee,Sam Lee,AE,ftp://x\n')}))
    title, url = problems.errors
    # a title over two lines is refused (most often a quote left open) ...
    assert_error(title, "members.csv", 2, "title", "one line")
    # ... and the rows after it keep their physical line numbers
    assert_error(url, "members.csv", 5, "linkedin_url", "https://")


def test_symlink_out_of_the_folder_is_an_error(tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text(SSI_HEADER + "alex-morgan,2026-03-13,1,1,1,1\n")
    root = folder(tmp_path)
    os.symlink(outside, root / "snapshots" / "linked.csv")
    error = only_error(ssigen.check(root))
    assert_error(error, "snapshots/linked.csv", None, None, "outside the content folder")


def test_symlinked_subfolder_out_of_the_folder_is_an_error(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.csv").write_text(SSI_HEADER + "alex-morgan,2026-03-13,1,1,1,1\n")
    root = folder(tmp_path)
    os.symlink(outside, root / "snapshots" / "ext", target_is_directory=True)
    error = only_error(ssigen.check(root))
    assert error.file.startswith("snapshots/ext")
    assert "outside the content folder" in error.message


def test_symlink_loop_is_an_error_not_a_crash(tmp_path):
    root = folder(tmp_path)
    os.symlink(root / "snapshots" / "loop.csv", root / "snapshots" / "loop.csv")
    error = only_error(ssigen.check(root))
    assert error.file == "snapshots/loop.csv"


def test_duplicate_yaml_key_is_an_error(tmp_path):
    problems = ssigen.check(folder(tmp_path, {"members.csv": None, "members.yml": (
        "- id: alex-morgan\n  name: Alex Morgan\n  name: Alexandra Morgan\n"
        "- id: sam-lee\n  name: Sam Lee\n")}))
    assert [(e.file, e.line, e.field) for e in problems.errors] == [("members.yml", 3, "name")]


# --------------------------------------------------------------------------- YAML alias bombs
# Each runs in its own child process (started together, killed after a deadline), so that a
# hang or a memory blow-up cannot stall or kill the test run.

_LEVELS = "abcdefghi"
_LIST_BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]" for p, c in zip(_LEVELS, _LEVELS[1:])]
) + "\n"
_MAP_BOMB = "\n".join(
    ["a: &a {x: 1}"]
    + [f"{c}: &{c} {{" + ", ".join(f"k{i}: *{p}" for i in range(9)) + "}"
       for p, c in zip(_LEVELS, _LEVELS[1:])]
) + "\n"
BOMBS = {
    # the classic billion laughs, in ssigen.yml: unknown keys pointing at 9^9 'lol's
    "classic": {"ssigen.yml": "title: T\n" + _LIST_BOMB},
    # the same, with the bomb as the value of a known option
    "known_field": {"ssigen.yml": _LIST_BOMB + "title: *i\n"},
    # mappings instead of lists, in a snapshot file
    "mappings": {"snapshots/bomb.yml": _MAP_BOMB + "member: alex-morgan\ndate: 2026-03-13\n"},
}
_CHILD = """
import faulthandler, json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
import ssigen
# The 2 s budget starts once ssigen is imported; past it the watchdog thread prints where
# the child is stuck and ends it (it fires even inside C code such as repr()).
faulthandler.dump_traceback_later(2.0, exit=True)
started = time.perf_counter()
problems = ssigen.check(sys.argv[1])
faulthandler.cancel_dump_traceback_later()
print(json.dumps({"seconds": time.perf_counter() - started,
                  "errors": [[e.file, e.line, e.message] for e in problems.errors]}))
"""


@pytest.fixture(scope="module")
def bomb_results(tmp_path_factory):
    """Every bomb checked in its own child process, all started together."""
    children = {}
    for name, changes in BOMBS.items():
        root = folder(tmp_path_factory.mktemp(f"bomb-{name}"), changes)
        children[name] = subprocess.Popen([sys.executable, "-c", _CHILD, str(root)],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True)
    results = {}
    for name, child in children.items():
        try:        # a safety net only: the child's own watchdog ends it after 2 s
            out, err = child.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            out, err = child.communicate()
        if child.returncode == 0:
            results[name] = {"outcome": "ok", **json.loads(out)}
        elif "Timeout" in err:
            where = [line.strip() for line in err.splitlines() if "ssigen" in line][:1]
            results[name] = {"outcome": f"still running after 2 s, in {where}"}
        else:
            results[name] = {"outcome": f"failed: {err.strip().splitlines()[-1:]}"}
    return results


def _assert_bomb_rejected(result, file):
    assert result["outcome"] == "ok", result["outcome"]
    assert result["seconds"] < 2.0, result
    assert any(e[0] == file for e in result["errors"]), result


def test_yaml_alias_bomb_is_rejected_quickly(bomb_results):
    _assert_bomb_rejected(bomb_results["classic"], "ssigen.yml")


def test_yaml_alias_bomb_in_a_known_field_is_rejected_quickly(bomb_results):
    _assert_bomb_rejected(bomb_results["known_field"], "ssigen.yml")


def test_yaml_alias_bomb_of_mappings_is_rejected_quickly(bomb_results):
    _assert_bomb_rejected(bomb_results["mappings"], "snapshots/bomb.yml")


# --------------------------------------------------------------------------- many mistakes

MANY_MISTAKES = {
    "ssigen.yml": "title: T\nlocle: fr\n",
    "members.csv": MEMBERS_CSV + "robin-diaz,,Sales,\n",
    "snapshots/ssi.csv": SSI_CSV.replace("18.4", "26"),
    "deals.csv": DEAL_HEADER + "d1,alex-morgan,Acme,100,,won,2026-03-01,other,10\n"
                               "d2,alex-morgn,Beta,100,,won,2026-03-01,other,10\n",
}
MANY_LOCATIONS = {
    ("ssigen.yml", 2, "locle"),
    ("members.csv", 4, "name"),
    ("snapshots/ssi.csv", 2, "ssi.brand"),
    ("deals.csv", 3, "member"),
}


def test_check_reports_every_mistake(tmp_path):
    problems = ssigen.check(folder(tmp_path, MANY_MISTAKES))
    assert len(problems.errors) == 4, "\n".join(map(str, problems.items))
    assert errors_at(problems) == MANY_LOCATIONS
    assert problems.warnings == []


def test_cli_check_prints_every_mistake_and_exits_1(tmp_path):
    root = folder(tmp_path, MANY_MISTAKES)
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for file, line, field in MANY_LOCATIONS:
        assert f"{file}:{line}: {field}:" in result.output, result.output
    assert "4 error(s)" in result.output


def test_cli_check_json_lists_every_mistake(tmp_path):
    root = folder(tmp_path, MANY_MISTAKES)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    assert result.exit_code == 1
    items = json.loads(result.output)
    assert {(i["file"], i["line"], i["field"]) for i in items
            if i["severity"] == "error"} == MANY_LOCATIONS


# --------------------------------------------------------------------------- warnings, usage

def test_unknown_top_level_file_is_a_warning_with_suggestion(tmp_path):
    root = folder(tmp_path, {"member.csv": MEMBERS_CSV})
    problems = ssigen.check(root)
    assert problems.errors == []
    assert [(w.file, w.line, w.hint) for w in problems.warnings] == [
        ("member.csv", None, "did you mean 'members.csv'?")]
    assert "not part of the content format" in problems.warnings[0].message
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "warning: member.csv:" in result.output
    assert "1 warning" in result.output


def test_missing_content_folder(tmp_path):
    problems = ssigen.check(tmp_path / "nowhere")
    assert len(problems.errors) == 1
    assert "content folder not found" in problems.errors[0].message
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1


def test_cli_usage_error_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--no-such-option", str(folder(tmp_path))])
    assert result.exit_code == 2
    assert "No such option" in result.output
