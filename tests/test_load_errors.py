"""Every input error of a content folder: the file, line and field, the message and the hint."""
# Most tests start from the small valid folder TEAM (tests/folders.py), change one thing, and
# assert the exact place (file relative to the folder, line, dotted field), a key phrase of
# the message and the hint. CSV lines are physical lines (header = line 1); YAML lines are
# the line of the key.
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import ssigen
from ssigen.cli import cli
from ssigen.links import contact_link, web_link

from .folders import FIXTURES, PROBE, TEAM, TINY, make_folder

MEMBERS_CSV = TEAM["members.csv"]
SSI_HEADER = "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
SSI_CSV = TEAM["snapshots/ssi.csv"]
DEAL_HEADER = "id,member,account,amount,currency,status,date,stage,contribution\n"
PROBE_CONFIG = PROBE["ssigen.yml"]           # title, client, prepared_by, as_of
COHORT_OK = """\
- id: spring
  name: Spring programme
  start: 2026-03-01
  end: 2026-03-31
  members: [alex-morgan, sam-lee]
"""


# --------------------------------------------------------------------------- helpers

@pytest.fixture
def folder(folder):
    """This module's folders start from TEAM (tests/folders.py), not BASE."""
    return functools.partial(folder, base=TEAM)


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


def check_one(folder, changes):
    return only_error(ssigen.check(folder(changes)))


def test_base_folder_is_valid(folder):
    problems = ssigen.check(folder())
    assert problems.items == []
    result = CliRunner().invoke(cli, ["check", str(folder())])
    assert result.exit_code == 0, result.output
    assert "is valid" in result.output


# --------------------------------------------------------------------------- unknown fields

def test_unknown_csv_column_in_members_suggests_name(folder):
    problems = ssigen.check(folder({
        "members.csv": "id,nmae\nalex-morgan,Alex Morgan\nsam-lee,Sam Lee\n"}))
    # the column is named in the header row (line 1): reported once, not row after row
    unknown = [e for e in problems.errors if e.message == "unknown field"]
    assert [(e.file, e.line, e.field, e.hint) for e in unknown] == [
        ("members.csv", 1, "nmae", "did you mean 'name'?")]
    missing = [e for e in problems.errors if e not in unknown]
    assert {(e.file, e.line, e.field) for e in missing} == {
        ("members.csv", 2, "name"), ("members.csv", 3, "name")}
    assert all("required field is missing" in e.message for e in missing)


def test_unknown_dotted_csv_column_suggests_ssi_brand(folder):
    problems = ssigen.check(folder({"snapshots/more.csv": (
        "member,date,ssi.brnd,ssi.people,ssi.insights,ssi.relationships\n"
        "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n")}))
    assert errors_at(problems) == {("snapshots/more.csv", 1, "ssi.brnd"),
                                   ("snapshots/more.csv", 2, "ssi.brand")}
    unknown = next(e for e in problems.errors if e.field == "ssi.brnd")
    assert_error(unknown, "snapshots/more.csv", 1, "ssi.brnd", "unknown field",
                 "did you mean 'ssi.brand'?")
    missing = next(e for e in problems.errors if e.field == "ssi.brand")
    assert "required field is missing" in missing.message


def test_top_level_brand_column_in_snapshot_suggests_ssi_brand(folder):
    error = check_one(folder, {"snapshots/activity.csv": (
        "member,date,activity.posts,brand\n"
        "alex-morgan,2026-03-13,3,\n"
        "sam-lee,2026-03-13,2,12.5\n")})
    assert_error(error, "snapshots/activity.csv", 1, "brand", "unknown field",
                 "did you mean 'ssi.brand'?")


def test_unknown_yaml_field_in_members_reports_key_line(folder):
    error = check_one(folder, {"members.csv": None, "members.yml": """\
        - id: alex-morgan
          name: Alex Morgan
        - id: sam-lee
          name: Sam Lee
          tema: Sales
        """})
    assert_error(error, "members.yml", 5, "tema", "unknown field", "did you mean 'team'?")


def test_unknown_nested_yaml_field_in_snapshot(folder):
    problems = ssigen.check(folder({"snapshots/p.yml": """\
        member: alex-morgan
        date: 2026-03-13
        profile:
          photo: true
          skils: 12
        """}))
    assert_error(only_error(problems), "snapshots/p.yml", 5, "profile.skils", "unknown field",
                 "did you mean 'profile.skills'?")


def test_unknown_yaml_field_in_deal(folder):
    error = check_one(folder, {"deals.yml": """\
        - id: d1
          member: alex-morgan
          amount: 1000
          date: 2026-03-01
        - id: d2
          member: sam-lee
          amount: 500
          date: 2026-03-02
          acount: Acme
        """})
    assert_error(error, "deals.yml", 9, "acount", "unknown field", "did you mean 'account'?")


def test_unknown_option_in_ssigen_yml_suggests_locale(folder):
    error = check_one(folder, {"ssigen.yml": "title: T\nlocle: fr\n"})
    assert_error(error, "ssigen.yml", 2, "locle", "unknown field", "did you mean 'locale'?")


def test_unknown_csv_column_with_empty_cells_is_still_an_error(folder):
    problems = ssigen.check(folder({
        "members.csv": "id,name,linkedin_ulr\nalex-morgan,Alex Morgan,\nsam-lee,Sam Lee,\n"}))
    error = only_error(problems)
    assert_error(error, "members.csv", 1, "linkedin_ulr", "unknown field",
                 "did you mean 'linkedin_url'?")


# --------------------------------------------------------------------------- required fields

def test_member_without_name_csv(folder):
    problems = ssigen.check(folder({"members.csv": MEMBERS_CSV
                                    + "robin-diaz,,Sales,alex-morgan\n"}))
    assert_error(problems.errors[0], "members.csv", 4, "name", "required field is missing")
    assert len(problems.errors) == 1, "\n".join(map(str, problems.items))


def test_member_without_name_yaml_points_at_the_record(folder):
    error = check_one(folder, {"members.csv": None, "members.yml": """\
        - id: alex-morgan
          name: Alex Morgan

        - id: sam-lee
          name: Sam Lee

        - id: robin-diaz
          team: Sales
        """})
    assert_error(error, "members.yml", 7, "name", "required field is missing")


def test_ssi_section_without_relationships(folder):
    error = check_one(folder, {"snapshots/more.csv": (
        "member,date,ssi.brand,ssi.people,ssi.insights\n"
        "alex-morgan,2026-03-13,18.5,16.1,15.2\n")})
    assert_error(error, "snapshots/more.csv", 2, "ssi.relationships", "required field is missing")


def test_deal_without_amount(folder):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,50\n"
                               + "d2,sam-lee,Beta,,,won,2026-03-02,other,50\n"})
    assert_error(error, "deals.csv", 3, "amount", "required field is missing")


def test_snapshot_without_date(folder):
    error = check_one(folder, {"snapshots/more.csv": SSI_HEADER
                               + "alex-morgan,,18.5,16.1,15.2,17.9\n"})
    assert_error(error, "snapshots/more.csv", 2, "date", "required field is missing")


# --------------------------------------------------------------------------- wrong types

def test_text_in_a_number(folder):
    error = check_one(folder, {"snapshots/ssi.csv": SSI_CSV.replace("12.1", "high")})
    assert_error(error, "snapshots/ssi.csv", 3, "ssi.brand", "expected a number")
    assert "'high'" in error.message


def test_impossible_calendar_date_in_csv(folder):
    error = check_one(folder, {"snapshots/more.csv": SSI_HEADER
                               + "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n"
                               + "sam-lee,2026-13-01,12.1,11.4,8.7,13.2\n"})
    assert_error(error, "snapshots/more.csv", 3, "date", "not a real calendar date")


def test_non_iso_date_in_csv(folder):
    error = check_one(folder, {"snapshots/more.csv": SSI_HEADER
                               + "alex-morgan,13/03/2026,18.5,16.1,15.2,17.9\n"})
    assert_error(error, "snapshots/more.csv", 2, "date", "expected a date YYYY-MM-DD")


def test_impossible_calendar_date_in_yaml(folder):
    error = check_one(folder, {"snapshots/p.yml": """\
        member: alex-morgan
        date: 2026-13-01
        profile:
          photo: true
        """})
    assert (error.file, error.line) == ("snapshots/p.yml", 2)
    assert error.field in ("date", None)


def test_date_with_a_time_in_yaml(folder):
    error = check_one(folder, {"snapshots/p.yml": """\
        member: alex-morgan
        date: 2026-03-13 09:30:00
        profile:
          photo: true
        """})
    assert_error(error, "snapshots/p.yml", 2, "date", "without a time")


def test_unknown_bool_word(folder):
    error = check_one(folder, {"snapshots/profile.csv": (
        "member,date,profile.photo,profile.banner\n"
        "alex-morgan,2026-03-13,oui,nee\n"
        "sam-lee,2026-03-13,maybe,x\n")})
    assert_error(error, "snapshots/profile.csv", 3, "profile.photo", "expected true or false")


def test_bool_words_of_every_locale_are_accepted(folder):
    rows = "".join(f"alex-morgan,2026-03-{day:02d},{word}\n"
                   for day, word in enumerate(["yes", "Oui", "vrai", "sì", "ja", "waar", "x",
                                               "no", "non", "faux", "nee", "onwaar", "-", "0"],
                                              start=10))
    problems = ssigen.check(folder({"snapshots/p.csv": "member,date,profile.photo\n"
                                    + rows}))
    assert problems.items == []


def test_fraction_in_a_count(folder):
    error = check_one(folder, {"snapshots/a.csv": "member,date,activity.posts,activity.shares\n"
                               "alex-morgan,2026-03-13,2.5,1\n"})
    assert_error(error, "snapshots/a.csv", 2, "activity.posts", "whole number")


def test_bad_member_id_and_url(folder):
    problems = ssigen.check(folder({"members.csv": (
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


def test_huge_yaml_integer_is_an_error_not_a_crash(folder):
    error = check_one(folder, {"snapshots/p.yml": (
        "member: alex-morgan\ndate: 2026-03-13\nactivity:\n  connections: " + "9" * 400 + "\n")})
    assert (error.file, error.line, error.field) == ("snapshots/p.yml", 4,
                                                     "activity.connections")


def test_yaml_nan_is_rejected(folder):
    error = check_one(folder, {"deals.yml": ("id: d1\nmember: alex-morgan\n"
                                             "amount: .nan\ndate: 2026-03-01\n")})
    assert_error(error, "deals.yml", 3, "amount", "finite")


# --------------------------------------------------------------------------- ids and web addresses

def test_path_traversal_ids_are_rejected(tmp_path):
    root = make_folder(tmp_path, {"members.csv": "id,name\n../../etc/passwd,Eve\n"
                                                 "ann,Ann\nbob,Bob\n"}, base=TINY)
    errors = ssigen.check(root).errors
    assert [(e.file, e.line, e.field) for e in errors] == [("members.csv", 2, "id")]
    assert "lower-case letters, digits and '-'" in errors[0].message


@pytest.mark.parametrize("member_id", ["nul", "com1", "lpt9", "con", "aux", "prn"])
def test_windows_device_names_are_not_ids(folder, member_id):
    root = folder({"members.csv": f"id,name\n{member_id},X\nbob,Bob\n"}, base=TINY)
    problems = ssigen.check(root).errors
    assert (problems[0].file, problems[0].line, problems[0].field) == ("members.csv", 2, "id")
    assert "device name on Windows" in problems[0].message


@pytest.mark.parametrize("contact", [
    "javascript://x.com/%0aalert(1)//@x.com",
    "javascript:alert(1)//@x.com",
    "data:text/html,<script>//@x.com",
    "https://user:pw@x.com/",
    "https://x.com:99999/",
    "vbscript://a@b.com",
])
def test_a_contact_that_is_not_a_web_or_mail_address_is_refused(folder, contact):
    root = folder({"ssigen.yml": f"title: T\ncontact: {json.dumps(contact)}\n"}, base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line, e.field) for e in problems] == [("ssigen.yml", 2, "contact")]
    assert "expected a web address (https://…) or an e-mail address" in problems[0].message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ajvscript:/@.%<>\"' \n\tx-_#?=&()mailtohps01\u202e"),
               max_size=40))
def test_any_accepted_url_has_a_safe_scheme_and_parses(text):
    for href in (web_link(text), contact_link(text)):
        if href is None:
            continue
        parts = urllib.parse.urlsplit(href)
        assert parts.scheme in ("http", "https", "mailto")
        assert not any(c in href for c in " \n\t<>\"'\u202e")
        if parts.scheme != "mailto":
            assert parts.hostname


def test_linkedin_url_must_be_https(folder):
    root = folder({"members.csv": "id,name,linkedin_url\n"
                                  "ann,Ann,javascript://www.linkedin.com/%0a\n"
                                  "bob,Bob,https://www.linkedin.com/in/bob\n"}, base=TINY)
    assert [(e.file, e.line, e.field) for e in ssigen.check(root).errors] == [
        ("members.csv", 2, "linkedin_url")]


# --------------------------------------------------------------------------- out of range

@pytest.mark.parametrize("column, value, phrase", [
    ("ssi.brand", "26", "at most 25"),
    ("ssi.people", "-0.1", "at least 0"),
    ("ssi.industry_top_pct", "0", "above 0"),
    ("ssi.network_top_pct", "100.5", "at most 100"),
    ("ssi.industry_ssi", "101", "at most 100"),
    ("ssi.network_size", "-3", "at least 0"),
])
def test_ssi_value_out_of_range(folder, column, value, phrase):
    header = SSI_HEADER.rstrip("\n").split(",")
    row = ["alex-morgan", "2026-03-13", "18.5", "16.1", "15.2", "17.9"]
    if column in header:
        row[header.index(column)] = value
    else:
        header.append(column)
        row.append(value)
    error = check_one(folder, {"snapshots/more.csv": ",".join(header) + "\n"
                               + ",".join(row) + "\n"})
    assert_error(error, "snapshots/more.csv", 2, column, phrase)


def test_range_limits_themselves_are_accepted(folder):
    problems = ssigen.check(folder({"snapshots/more.csv": (
        SSI_HEADER.rstrip("\n") + ",ssi.industry_top_pct,ssi.network_top_pct,ssi.network_size\n"
        "alex-morgan,2026-03-13,25,0,25,0,100,0.1,0\n")}))
    assert problems.items == []


def test_negative_count(folder):
    error = check_one(folder, {"snapshots/a.csv": "member,date,activity.shares,activity.posts\n"
                               "alex-morgan,2026-03-13,1,-1\n"})
    assert_error(error, "snapshots/a.csv", 2, "activity.posts", "at least 0")


def test_contribution_above_100(folder):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,101\n"})
    assert_error(error, "deals.csv", 2, "contribution", "at most 100")


def test_negative_amount(folder):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + "d1,alex-morgan,Acme,-5,,won,2026-03-01,other,10\n"})
    assert_error(error, "deals.csv", 2, "amount", "at least 0")


def test_amounts_and_rates_too_large_for_a_finite_sum_are_refused(folder):
    root = folder({
        "ssigen.yml": "title: T\nrates: {USD: 1e7}\n",
        "deals.csv": "id,member,amount,status,date,stage,contribution\n"
                     "d1,ann,1e308,won,2026-01-01,other,50\n"
                     "d2,ann,1e308,won,2026-01-01,other,50\n"
                     "d3,bob,1e12,won,2026-01-01,other,50\n",
    }, base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line, e.field) for e in problems] == [
        ("ssigen.yml", 2, "rates"), ("deals.csv", 2, "amount"), ("deals.csv", 3, "amount")]
    assert problems[0].message.startswith("rate for USD: expected a number above 0 and at "
                                          "most 1,000,000")
    assert "sensible size" in problems[1].message


def test_huge_strings_are_rejected_quickly(tmp_path):
    root = make_folder(tmp_path, {"members.csv": f"id,name\nann,{'A' * 5_000}\n"
                                                 "bob,Bob\n"}, base=TINY)
    errors = ssigen.check(root).errors
    assert [(e.file, e.line, e.field) for e in errors] == [("members.csv", 2, "name")]
    assert "at most 200 characters" in errors[0].message
    assert len(str(errors[0])) < 300
    make_folder(tmp_path, {"members.csv": f"id,name\nann,{'A' * 1_000_000}\nbob,Bob\n"},
                base=None)
    started = time.perf_counter()
    errors = ssigen.check(tmp_path).errors
    assert time.perf_counter() - started < 5
    assert [(e.file, e.line) for e in errors] == [("members.csv", 2)]
    assert "cell is larger than" in errors[0].message


# --------------------------------------------------------------------------- ssi.total

def test_total_differing_from_pillar_sum(folder):
    error = check_one(folder, {"snapshots/more.csv": (
        SSI_HEADER.rstrip("\n") + ",ssi.total\n"
        "alex-morgan,2026-03-13,18.4,16.1,15.2,17.9,67.9\n"     # 67.6 + 0.3: fine
        "sam-lee,2026-03-13,12.1,11.4,8.7,13.2,46.4\n")})       # 45.4 + 1.0
    assert_error(error, "snapshots/more.csv", 3, "ssi.total", "differs from the sum")
    assert "45.40" in error.message


def test_total_differing_in_yaml_reports_the_total_line(folder):
    error = check_one(folder, {"snapshots/s.yml": """\
        member: alex-morgan
        date: 2026-03-13
        ssi:
          brand: 18.4
          people: 16.1
          insights: 15.2
          relationships: 17.9
          total: 60
        """})
    assert_error(error, "snapshots/s.yml", 8, "ssi.total", "more than 0.5")


def test_total_exactly_half_a_point_away_is_accepted(folder):
    problems = ssigen.check(folder({"snapshots/more.csv": (
        SSI_HEADER.rstrip("\n") + ",ssi.total\n"
        "alex-morgan,2026-03-13,19.5,19.6,0,17.8,56.4\n")}))
    assert problems.items == []


# --------------------------------------------------------------------------- decimal comma

def test_decimal_comma_in_comma_delimited_csv_is_an_error(folder):
    error = check_one(folder, {"snapshots/more.csv": SSI_HEADER
                               + 'alex-morgan,2026-03-13,"18,5",16.1,15.2,17.9\n'})
    assert_error(error, "snapshots/more.csv", 2, "ssi.brand", "decimal comma")


def test_unquoted_decimal_comma_gives_a_row_with_too_many_cells(folder):
    error = check_one(folder, {"snapshots/more.csv": SSI_HEADER
                               + "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n"
                               + "sam-lee,2026-03-13,12,5,11.4,8.7,13.2\n"})
    assert_error(error, "snapshots/more.csv", 3, None, "7 cells", "delimiter")
    assert "6 columns" in error.message


def test_decimal_comma_in_semicolon_csv_with_bom_is_read(folder):
    text = ("member;date;ssi.brand;ssi.people;ssi.insights;ssi.relationships\r\n"
            "alex-morgan;2026-03-13;18,5;16,25;15,2;17,9\r\n"
            "sam-lee;2026-03-13;12,1;11,4;8,7;13,2\r\n")
    root = folder({"snapshots/excel.csv": b"\xef\xbb\xbf" + text.encode("utf-8")})
    problems = ssigen.check(root)
    assert problems.items == []
    scores = {m.id: m.score for m in ssigen.score(root).members}
    assert scores["alex-morgan"] == pytest.approx(18.5 + 16.25 + 15.2 + 17.9)
    assert scores["sam-lee"] == pytest.approx(12.1 + 11.4 + 8.7 + 13.2)


def test_decimal_comma_rule_applies_to_upper_case_csv_suffix(folder):
    error = check_one(folder, {"snapshots/b.CSV": SSI_HEADER
                               + 'alex-morgan,2026-03-13,"18,4",16.1,15.2,17.9\n'})
    assert_error(error, "snapshots/b.CSV", 2, "ssi.brand", "decimal comma")


# --------------------------------------------------------------------------- unknown members

def test_unknown_member_in_snapshot(folder):
    error = check_one(folder, {"snapshots/more.csv": SSI_HEADER
                               + "alex-morgn,2026-03-13,18.5,16.1,15.2,17.9\n"})
    assert_error(error, "snapshots/more.csv", 2, "member", "unknown member 'alex-morgn'",
                 "did you mean 'alex-morgan'?")


def test_unknown_member_in_deal(folder):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,50\n"
                               + "d2,sam-le,Beta,200,,won,2026-03-02,other,50\n"})
    assert_error(error, "deals.csv", 3, "member", "unknown member 'sam-le'",
                 "did you mean 'sam-lee'?")


def test_unknown_member_in_cohort_members(folder):
    error = check_one(folder, {"cohorts.yml": COHORT_OK.replace("[alex-morgan, sam-lee]",
                                                                "[alex-morgan, sam-leee]")})
    assert_error(error, "cohorts.yml", 5, "members", "unknown member 'sam-leee'",
                 "did you mean 'sam-lee'?")


def test_unknown_member_in_cohort_attendance(folder):
    error = check_one(folder, {"cohorts.yml": COHORT_OK + (
        "  sessions: 4\n"
        "  attendance:\n"
        "    alex-morgan: 4\n"
        "    alex-morgen: 3\n")})
    assert_error(error, "cohorts.yml", 7, "attendance", "unknown member 'alex-morgen'",
                 "did you mean 'alex-morgan'?")


def test_unknown_manager(folder):
    error = check_one(folder, {"members.csv": MEMBERS_CSV.replace(",alex-morgan\n",
                                                                  ",alex-morgann\n")})
    assert_error(error, "members.csv", 3, "manager", "unknown member 'alex-morgann'",
                 "did you mean 'alex-morgan'?")


# --------------------------------------------------------------------------- duplicates

def test_duplicate_member_id(folder):
    error = check_one(folder, {"members.csv": MEMBERS_CSV + "alex-morgan,Alex Twin,Sales,\n"})
    assert_error(error, "members.csv", 4, "id", "duplicate member id 'alex-morgan'",
                 "members.csv:2")


def test_duplicate_member_id_across_members_csv_and_members_folder(folder):
    error = check_one(folder, {"members/sam-lee.yml": "name: Sam Again\n"})
    assert_error(error, "members/sam-lee.yml", 1, "id", "duplicate member id 'sam-lee'",
                 "members.csv:3")


def test_duplicate_deal_id(folder):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + "d1,alex-morgan,Acme,1000,,won,2026-03-01,other,50\n",
                               "deals/more.csv": DEAL_HEADER
                               + "d2,sam-lee,Beta,200,,won,2026-03-02,other,50\n"
                               + "d1,sam-lee,Gamma,300,,won,2026-03-03,other,50\n"})
    assert_error(error, "deals/more.csv", 3, "id", "duplicate deal id 'd1'", "deals.csv:2")


def test_duplicate_cohort_id(folder):
    error = check_one(folder, {"cohorts.yml": COHORT_OK + COHORT_OK.replace("Spring", "Again")})
    assert_error(error, "cohorts.yml", 6, "id", "duplicate cohort id 'spring'", "cohorts.yml:1")


def test_same_section_twice_across_two_files_names_both_places(folder):
    error = check_one(folder, {"snapshots/z-extra.yml": """\
        member: sam-lee
        date: 2026-03-06
        profile:
          photo: true
        ssi:
          brand: 12
          people: 11
          insights: 9
          relationships: 13
        """})
    assert_error(error, "snapshots/z-extra.yml", 5, "ssi", "a second 'ssi' section",
                 "snapshots/ssi.csv:3")
    assert "sam-lee" in error.message and "2026-03-06" in error.message


def test_different_sections_for_one_member_and_date_are_merged(folder):
    root = folder({"snapshots/profiles.yml": """\
        - member: sam-lee
          date: 2026-03-06
          profile:
            photo: true
            skills: 12
        """})
    assert ssigen.check(root).items == []


# --------------------------------------------------------------------------- follow-on errors
# One mistake should give one error: an error that follows from another must not claim
# something false about the content.

def test_invalid_member_row_does_not_make_its_snapshots_unknown(folder):
    error = check_one(folder, {"members.csv": MEMBERS_CSV.replace("Sam Lee", "")})
    assert_error(error, "members.csv", 3, "name", "required field is missing")


def test_invalid_value_does_not_also_report_no_section(folder):
    error = check_one(folder, {"snapshots/a.csv": "member,date,activity.posts\n"
                               "alex-morgan,2026-03-13,2.5\n"})
    assert_error(error, "snapshots/a.csv", 2, "activity.posts", "whole number")


def test_misspelt_stage_does_not_also_report_the_contribution(folder):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + "d1,alex-morgan,Acme,1000,,won,2026-03-01,find_acount,30\n"})
    assert_error(error, "deals.csv", 2, "stage", "expected one of")
    assert "find_account" in error.message


# --------------------------------------------------------------------------- snapshots

def test_snapshot_with_no_section(folder):
    error = check_one(folder, {"snapshots/more.csv": SSI_HEADER
                               + "alex-morgan,2026-03-13,18.5,16.1,15.2,17.9\n"
                               + "sam-lee,2026-03-13,,,,\n"})
    assert_error(error, "snapshots/more.csv", 3, None, "snapshot has no section")


# --------------------------------------------------------------------------- deals

@pytest.mark.parametrize("stage", ["none", ""])
def test_contribution_without_a_stage(folder, stage):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + f"d1,alex-morgan,Acme,1000,,won,2026-03-01,{stage},30\n"})
    assert_error(error, "deals.csv", 2, "contribution", "must be 0 when stage is 'none'")


def test_deal_currency_without_rate(folder):
    error = check_one(folder, {"deals.csv": DEAL_HEADER
                               + "d1,alex-morgan,Acme,1000,USD,won,2026-03-01,other,30\n"})
    assert_error(error, "deals.csv", 2, "currency", "no rate for USD", "rates")


def test_deal_currency_with_rate_is_fine(folder):
    root = folder({"ssigen.yml": "title: T\nrates:\n  USD: 0.92\n",
                   "deals.csv": DEAL_HEADER
                   + "d1,alex-morgan,Acme,1000,usd,won,2026-03-01,other,30\n"})
    assert ssigen.check(root).items == []


def test_deal_status_and_stage_choices(folder):
    problems = ssigen.check(folder({"deals.csv": DEAL_HEADER
                                    + "d1,alex-morgan,Acme,1000,,wonn,2026-03-01,,\n"
                                    + "d2,sam-lee,B,5,,won,2026-03-01,find_acount,\n"}))
    assert errors_at(problems) == {("deals.csv", 2, "status"), ("deals.csv", 3, "stage")}
    status = next(e for e in problems.errors if e.field == "status")
    assert "won, open, lost" in status.message and "'won'" in status.message
    stage = next(e for e in problems.errors if e.field == "stage")
    assert "find_account" in stage.message


# On top of the hand-checked deals fixture (tests/fixtures/deals): errors in deals/*.csv,
# deals/*.yml and a top-level deals.csv, each named by its own line.

DEALS_FIXTURE = FIXTURES / "deals"
BAD_HEADER = "id,member,account,amount,currency,status,date,stage,contribution\n"


def test_deal_errors_in_csv(tmp_path):
    content = make_folder(tmp_path / "content", {"deals/bad.csv": (
        BAD_HEADER
        + "X-1,ana,Chalet AG,100,CHF,won,2025-01-10,other,10\n"      # line 2: no rate for CHF
        + "X-2,ben,Dune SA,100,EUR,won,2025-01-11,none,20\n"         # line 3: none + 20
        + "X-3,ben,Erg SA,100,,open,2025-01-12,,20\n"                # line 4: absent stage + 20
        + "X-4,cleo,Fuji KK,100,JPY,lost,2025-01-13,other,10\n")},  # line 5: no rate for JPY
        base=DEALS_FIXTURE / "mixed")
    problems = ssigen.check(content)
    shown = "\n".join(str(e) for e in problems.errors)
    assert _normalise_places(problems, content) == {
        ("deals/bad.csv", 2, "currency"),
        ("deals/bad.csv", 3, "contribution"),
        ("deals/bad.csv", 4, "contribution"),
        ("deals/bad.csv", 5, "currency"),
    }, shown
    for e in problems.errors:
        assert e.message, shown
    currency = [e for e in problems.errors if e.field == "currency"]
    assert any("CHF" in f"{e.message} {e.hint or ''}" for e in currency), shown


def test_deal_errors_in_yaml(tmp_path):
    content = make_folder(tmp_path / "content", {"deals/bad.yml": (
        "- id: Y-1\n"                 # 1
        "  member: ana\n"             # 2
        "  amount: 100\n"             # 3
        "  currency: CHF\n"           # 4  no rate for CHF
        "  date: 2025-01-10\n"        # 5
        "  stage: other\n"            # 6
        "  contribution: 10\n"        # 7
        "- id: Y-2\n"                 # 8
        "  member: ben\n"             # 9
        "  amount: 100\n"             # 10
        "  date: 2025-01-11\n"        # 11
        "  stage: none\n"             # 12
        "  contribution: 20\n")},     # 13 must be 0 when stage is none
        base=DEALS_FIXTURE / "mixed")
    problems = ssigen.check(content)
    shown = "\n".join(str(e) for e in problems.errors)
    assert _normalise_places(problems, content) == {
        ("deals/bad.yml", 4, "currency"),
        ("deals/bad.yml", 13, "contribution"),
    }, shown


def test_deal_error_in_top_level_deals_csv(tmp_path):
    content = make_folder(tmp_path / "content", {"deals.csv": (
        (DEALS_FIXTURE / "usd" / "deals.csv").read_text(encoding="utf-8")
        + "U-7,pat,Omega Ltd,100,GBP,won,2025-06-01,other,10\n").encode()},
        base=DEALS_FIXTURE / "usd")
    problems = ssigen.check(content)
    assert _normalise_places(problems, content) == {("deals.csv", 8, "currency")}, \
        "\n".join(str(e) for e in problems.errors)


def _normalise_places(problems, content: Path) -> set[tuple]:
    """(file relative to the content folder, line, field) of every error."""
    places = set()
    root = content.as_posix()
    for e in problems.errors:
        text = str(e.file).replace("\\", "/") if e.file is not None else None
        if text is not None and text.startswith(root + "/"):
            text = text[len(root) + 1:]
        places.add((text, e.line, e.field))
    return places


# --------------------------------------------------------------------------- cohorts

def test_cohort_start_after_end(folder):
    error = check_one(folder, {"cohorts.yml": COHORT_OK.replace("end: 2026-03-31",
                                                                "end: 2026-02-01")})
    assert_error(error, "cohorts.yml", 4, "end", "before it starts")


def test_cohort_unknown_team(folder):
    error = check_one(folder, {"cohorts.yml": COHORT_OK.replace(
        "members: [alex-morgan, sam-lee]", "team: Sale")})
    assert_error(error, "cohorts.yml", 5, "team", "unknown team 'Sale'", "did you mean 'Sales'?")


def test_cohort_with_neither_members_nor_team(folder):
    error = check_one(folder, {"cohorts.yml": "- id: ok\n  name: Ok\n  start: 2026-03-01\n"
                               "  end: 2026-03-02\n  team: Sales\n"
                               + COHORT_OK.replace("  members: [alex-morgan, sam-lee]\n", "")})
    assert_error(error, "cohorts.yml", 6, "members", "needs 'members'")


def test_cohort_without_name(folder):
    error = check_one(folder, {"cohorts.yml": COHORT_OK.replace("  name: Spring programme\n",
                                                                "")})
    assert_error(error, "cohorts.yml", 1, "name", "required field is missing")


# --------------------------------------------------------------------------- ssigen.yml

def test_missing_ssigen_yml(folder):
    error = check_one(folder, {"ssigen.yml": None})
    assert_error(error, "ssigen.yml", None, None, "has no ssigen.yml", "ssigen init")


def test_missing_title(folder):
    error = check_one(folder, {"ssigen.yml": "client: Acme\nlocale: fr\n"})
    assert_error(error, "ssigen.yml", 1, "title", "required field is missing")


def test_empty_ssigen_yml(folder):
    error = check_one(folder, {"ssigen.yml": "# nothing yet\n"})
    assert_error(error, "ssigen.yml", None, "title", "'title' is required")


def test_bad_locale_lists_the_choices(folder):
    error = check_one(folder, {"ssigen.yml": "title: T\nlocale: de\n"})
    assert_error(error, "ssigen.yml", 2, "locale", "expected one of en, fr, it, nl")


def test_bands_not_ascending(folder):
    error = check_one(folder, {"ssigen.yml": """\
        title: T
        bands:
          - {min: 0, label: low}
          - {min: 60, label: high}
          - {min: 50, label: middle}
        """})
    assert_error(error, "ssigen.yml", 2, "bands", "ascending")


def test_band_with_an_extra_key(folder):
    error = check_one(folder, {"ssigen.yml": "title: T\nbands:\n  - {min: 0, lable: low}\n"})
    assert_error(error, "ssigen.yml", 2, "bands", "band 1")


def test_band_with_empty_label(folder):
    problems = ssigen.check(folder({"ssigen.yml": "title: T\nbands:\n"
                                    "  - min: 0\n    label:\n"}))
    assert [(e.file, e.field) for e in problems.errors] == [("ssigen.yml", "bands")]


@pytest.mark.parametrize("currency", ["EURO", "€", "12"])
def test_bad_currency_code(folder, currency):
    error = check_one(folder, {"ssigen.yml": f"title: T\ncurrency: '{currency}'\n"})
    assert_error(error, "ssigen.yml", 2, "currency", "ISO 4217")


@pytest.mark.parametrize("rates, phrase", [
    ("rates:\n  USD: -1\n", "above 0"),
    ("rates:\n  USD: 0\n", "above 0"),
    ("rates:\n  USD: abc\n", "expected a number"),
    ("rates:\n  DOLLAR: 0.9\n", "ISO 4217"),
    ("rates: 0.92\n", "expected a mapping"),
])
def test_bad_rates(folder, rates, phrase):
    error = check_one(folder, {"ssigen.yml": "title: T\n" + rates})
    assert_error(error, "ssigen.yml", 2, "rates", phrase)


def test_bad_option_values(folder):
    problems = ssigen.check(folder({"ssigen.yml": """\
        title: T
        activity_window_days: 0
        anonymize: maybe
        site_url: example.com
        brand:
          primary_color: blue
        """}))
    assert errors_at(problems) == {("ssigen.yml", 2, "activity_window_days"),
                                   ("ssigen.yml", 3, "anonymize"),
                                   ("ssigen.yml", 4, "site_url"),
                                   ("ssigen.yml", 6, "brand.primary_color")}


def test_rate_error_shows_the_bad_value_not_the_mapping(folder):
    """'rates: rate for USD: expected a number above 0 ... (got a mapping of 1 items)'."""
    content = folder({"ssigen.yml": PROBE_CONFIG + "rates: {USD: 0}\n"}, base=PROBE)
    result = CliRunner().invoke(cli, ["check", str(content)])
    assert result.exit_code == 1, result.output
    assert "got a mapping" not in result.output
    assert "(got 0)" in result.output


# --------------------------------------------------------------------------- broken files

def test_malformed_yaml_reports_the_line(folder):
    error = check_one(folder, {"ssigen.yml": "title: T\nlocale: fr\nclient: a: b\n"})
    assert_error(error, "ssigen.yml", 3, None, "is not valid YAML")


def test_malformed_yaml_table(folder):
    error = check_one(folder, {"snapshots/p.yml": "member: alex-morgan\ndate: 2026-03-13\n"
                               "profile:\n  photo: true\n skills: 3\n"})
    assert error.file == "snapshots/p.yml" and error.line == 5
    assert "is not valid YAML" in error.message


def test_non_utf8_bytes_report_the_line(folder):
    data = "id,name,team,manager\nalex-morgan,Alex Morgan,Sales,\nsam-lee,Sam Lé,Sales,\n"
    error = check_one(folder, {"members.csv": data.encode("latin-1")})
    assert_error(error, "members.csv", 3, None, "not valid UTF-8", "UTF-8")


def test_a_file_that_is_a_folder(folder):
    root = folder({"members.csv": None, "members.csv/x.txt": "x"})
    error = only_error(ssigen.check(root))
    assert_error(error, "members.csv", None, None, "found a folder")


def test_empty_csv_is_a_warning(folder, tmp_path):
    problems = ssigen.check(folder({"deals.csv": ""}))
    assert problems.errors == []
    assert [(w.file, w.line, w.message) for w in problems.warnings] == [
        ("deals.csv", None, "file is empty")]
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output


def test_nul_bytes_in_csv(folder):
    error = check_one(folder, {"snapshots/more.csv": b"member,date\x00\x00\n"})
    assert_error(error, "snapshots/more.csv", None, None, "NUL bytes")


def test_duplicate_and_empty_header_columns(folder):
    problems = ssigen.check(folder({"snapshots/more.csv": (
        "member,date,ssi.brand,ssi.brand,,ssi.people,ssi.insights,ssi.relationships\n")}))
    assert errors_at(problems) == {("snapshots/more.csv", 1, "ssi.brand"),
                                   ("snapshots/more.csv", 1, None)}


def test_record_lines_count_quoted_newlines_and_blank_lines(folder):
    problems = ssigen.check(folder({"members.csv": (
        'id,name,title,linkedin_url\n'
        'alex-morgan,Alex Morgan,"Sales\nDirector"\n'
        '\n'
        'sam-lee,Sam Lee,AE,ftp://x\n')}))
    title, url = problems.errors
    # a title over two lines is refused (most often a quote left open) ...
    assert_error(title, "members.csv", 2, "title", "one line")
    # ... and the rows after it keep their physical line numbers
    assert_error(url, "members.csv", 5, "linkedin_url", "https://")


def test_symlink_out_of_the_folder_is_an_error(folder, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text(SSI_HEADER + "alex-morgan,2026-03-13,1,1,1,1\n")
    root = folder()
    os.symlink(outside, root / "snapshots" / "linked.csv")
    error = only_error(ssigen.check(root))
    assert_error(error, "snapshots/linked.csv", None, None, "outside the content folder")


def test_symlinked_subfolder_out_of_the_folder_is_an_error(folder, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.csv").write_text(SSI_HEADER + "alex-morgan,2026-03-13,1,1,1,1\n")
    root = folder()
    os.symlink(outside, root / "snapshots" / "ext", target_is_directory=True)
    error = only_error(ssigen.check(root))
    assert error.file.startswith("snapshots/ext")
    assert "outside the content folder" in error.message


def test_symlink_loop_is_an_error_not_a_crash(folder):
    root = folder()
    os.symlink(root / "snapshots" / "loop.csv", root / "snapshots" / "loop.csv")
    error = only_error(ssigen.check(root))
    assert error.file == "snapshots/loop.csv"


def test_duplicate_yaml_key_is_an_error(folder):
    problems = ssigen.check(folder({"members.csv": None, "members.yml": (
        "- id: alex-morgan\n  name: Alex Morgan\n  name: Alexandra Morgan\n"
        "- id: sam-lee\n  name: Sam Lee\n")}))
    assert [(e.file, e.line, e.field) for e in problems.errors] == [("members.yml", 3, "name")]


def test_a_column_named_like_a_section_cannot_hide_its_fields(folder):
    root = folder({"snapshots/ssi.csv": "member,date,ssi.brand,ssi.people,ssi.insights,"
                                        "ssi.relationships,ssi\nann,2026-01-02,10,10,10,10,\n"},
                  base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line, e.field, e.message) for e in problems] == [
        ("snapshots/ssi.csv", 1, "ssi", "is both a column and the section of 'ssi.brand'")]


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
        root = make_folder(tmp_path_factory.mktemp(f"bomb-{name}") / "content", changes,
                           base=TEAM)
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


# --------------------------------------------------------------------------- YAML built to hurt

def test_a_record_that_contains_itself_is_a_clear_error(folder):
    root = folder({"snapshots/x.yml": "- &a\n  member: ann\n  date: 2026-01-03\n"
                                      "  ssi: *a\n"}, base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line) for e in problems] == [("snapshots/x.yml", 1)]
    assert problems[0].message == ("is not valid YAML: an alias refers to the record that "
                                   "contains it")


def test_a_4000_digit_hex_integer_is_named_by_field(folder):
    root = folder({"ssigen.yml": "title: T\nactivity_window_days: 0x" + "f" * 4000 + "\n"},
                  base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line, e.field) for e in problems] == [
        ("ssigen.yml", 2, "activity_window_days")]
    assert problems[0].message.startswith("expected a number (got '0xfff")
    assert len(str(problems[0])) < 200


def test_yaml_nested_too_deeply_for_python_is_refused(folder):
    deep = "{a: " * 500 + "1" + "}" * 500
    root = folder({"snapshots/x.yml": f"- member: ann\n  date: 2026-01-03\n"
                                      f"  ssi: {deep}\n"}, base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line) for e in problems] == [("snapshots/x.yml", 3)]
    assert "nested more than 40 levels deep" in problems[0].message


def test_20000_plain_yaml_records_load_quickly(folder):
    records = "".join(f"- member: ann\n  date: 2026-01-01\n  activity: {{posts: {i}, "
                      f"comments: {i}}}\n" for i in range(20_000))
    root = folder({"snapshots/many.yml": records}, base=TINY)
    started = time.perf_counter()
    problems = ssigen.check(root).errors
    assert time.perf_counter() - started < 10
    assert [(e.file, e.field) for e in problems][:1] == [("snapshots/many.yml", "activity")]
    assert "a second 'activity' section" in problems[0].message


def test_alias_bombs_and_oversized_yaml_are_refused(folder, tmp_path):
    bomb = "title: T\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
        for p, n in zip("abcdef", "bcdefg"))
    root = folder({"ssigen.yml": bomb}, base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line) for e in problems] == [("ssigen.yml", 1)]
    assert "aliases expand to more than 100,000 repeated values" in problems[0].message
    big = make_folder(tmp_path / "big" / "content",
                      {"cohorts.yml": "# " + "x" * (6 * 1024 * 1024) + "\n"}, base=TINY)
    problems = ssigen.check(big).errors
    assert [(e.file, e.message) for e in problems] == [
        ("cohorts.yml", "YAML file is larger than 5 MB")]


def test_yaml_merge_keys_may_be_overridden_but_not_repeated(folder, tmp_path):
    base = ("- &base\n  id: q1\n  name: Q\n  start: 2026-01-01\n  end: 2026-01-02\n"
            "  members: [ann]\n")
    root = folder({"cohorts.yml": base + "- <<: *base\n  id: q2\n"}, base=TINY)
    content, _ = ssigen.load(root)
    assert [c.id for c in content.cohorts] == ["q1", "q2"]
    root = make_folder(tmp_path / "dup" / "content",
                       {"cohorts.yml": base + "- <<: *base\n  id: q2\n  id: q3\n"}, base=TINY)
    assert [(e.file, e.line, e.field) for e in ssigen.check(root).errors] == [
        ("cohorts.yml", 9, "id")]


@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!set {a, b}"])
def test_yaml_non_text_title_is_an_error(folder, value):
    """A bytes or set value for a text field passes check and build, and the report
    shows Python's repr (b'hello', {'a', 'b'}) as the title."""
    content = folder({"ssigen.yml": PROBE_CONFIG.replace("Probe report", value)}, base=PROBE)
    result = CliRunner().invoke(cli, ["check", str(content)])
    assert result.exit_code == 1, result.output
    assert "ssigen.yml:1: title:" in result.output


def test_yaml_control_character_error_names_line_without_internals(folder):
    """A control character gives 'ssigen.yml: is not valid YAML: ...' with no line and
    PyYAML's 'in "<unicode string>", position N' on a second line."""
    content = folder({"ssigen.yml": PROBE_CONFIG + 'client: "Probe\x01Client"\n'}, base=PROBE)
    result = CliRunner().invoke(cli, ["check", str(content)])
    assert result.exit_code == 1, result.output
    assert "ssigen.yml:5:" in result.output
    assert "<unicode string>" not in result.output


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


def test_check_reports_every_mistake(folder):
    problems = ssigen.check(folder(MANY_MISTAKES))
    assert len(problems.errors) == 4, "\n".join(map(str, problems.items))
    assert errors_at(problems) == MANY_LOCATIONS
    assert problems.warnings == []


def test_cli_check_prints_every_mistake_and_exits_1(folder):
    root = folder(MANY_MISTAKES)
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for file, line, field in MANY_LOCATIONS:
        assert f"{file}:{line}: {field}:" in result.output, result.output
    assert "4 error(s)" in result.output


def test_cli_check_json_lists_every_mistake(folder):
    root = folder(MANY_MISTAKES)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    assert result.exit_code == 1
    items = json.loads(result.output)
    assert {(i["file"], i["line"], i["field"]) for i in items
            if i["severity"] == "error"} == MANY_LOCATIONS


# --------------------------------------------------------------------------- warnings, usage

def test_unknown_top_level_file_is_a_warning_with_suggestion(folder):
    root = folder({"member.csv": MEMBERS_CSV})
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


def test_cli_usage_error_exits_2(folder):
    result = CliRunner().invoke(cli, ["check", "--no-such-option", str(folder())])
    assert result.exit_code == 2
    assert "No such option" in result.output
