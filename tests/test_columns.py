"""CSV tables read by columns give what reading them record by record gives: the same
values (of the same types, in the same order), the same problems in the same order; and a
valid cell of a common kind never goes through `Field.read`."""
from __future__ import annotations

import gc
import textwrap
from dataclasses import fields

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssigen.errors import Problems
from ssigen.load import columns, load_content
from ssigen.load.columns import CsvRow, csv_checked
from ssigen.load.csv_file import csv_records
from ssigen.load.fields import Field, Known, Table
from ssigen.load.kinds import parse_id, parse_number
from ssigen.load.records import Record
from ssigen.load.schema import DEALS, MEMBERS, SNAPSHOTS
from ssigen.load.validate import read_record

from .folders import FIXTURES, SAMPLE, TINY, make_folder

KNOWN = Known(members={"ann": None, "bob": None})


def _shown(values: dict) -> list:
    """Values with their order, nesting and types: 3 is not 3.0, -0.0 is not 0.0."""
    return [(k, _shown(v) if isinstance(v, dict) else (type(v).__name__, repr(v)))
            for k, v in values.items()]


def _read(pairs) -> list:
    return [(record.line, record.data, _shown(checked.values), sorted(checked.failed),
             checked.complete) for record, checked in pairs]


def by_columns(path, table) -> tuple[list, list]:
    problems = Problems()
    rows = _read(csv_checked(path, path.name, table, KNOWN, problems))
    return rows, problems.items


def by_records(path, table) -> tuple[list, list]:
    """The generic way: every record through `read_record`."""
    problems = Problems()
    rows = _read((record, read_record(record, table, KNOWN, problems))
                 for record in csv_records(path, path.name, problems))
    return rows, problems.items


def assert_same(tmp_path, text: str, table, name: str = "t.csv") -> list:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    fast, generic = by_columns(path, table), by_records(path, table)
    assert fast[1] == generic[1]
    assert fast[0] == generic[0]
    return generic[1]


SNAPSHOT_HEADER = "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships,ssi.total"


def test_good_and_bad_cells_give_the_same_values_and_problems(tmp_path):
    problems = assert_same(tmp_path, f"""
        {SNAPSHOT_HEADER},ssi.brnd,extra
        ann,2026-01-02,10,10,10,10,40,,
        bob,2026-01-02,abc,10,10,10,,,x
        ann,2026-01-09,26,10,10,10,,,
        ,2026-01-09,10,10,10,10,,,
        bob,2026-02-30,10,10,10,10,,,
        bob,2026-01-16,"1,5",10,10,10,,,
        bob,2026-01-23,10,10,10,10,45,,
        ann,2026-01-30,-0,0,nan,inf,,,
        ann,2026-01-31,-0,0,-0.0,+0,,,
        ann,2026-02-06, 12 ,1_0,'-5,1e16,,,
        ann,2026-02-13,,,,,,5,
        ann,2026-02-20,10,,10,10,,,
        Ann,2026-02-27,10,10,10,10,,,
        con,2026-03-06,10,10,10,10,,,
        ann,2026-W01-1,10,10,10,10,,,
        ann,2026-03-13,10,10,10,10,40.2,,
    """, SNAPSHOTS)
    messages = " ".join(p.message for p in problems)
    for phrase in ("unknown field", "expected a number", "at most 25", "required field",
                   "real calendar date", "decimal comma", "differs from the sum",
                   "finite", "device name"):
        assert phrase in messages


def test_decimal_commas_with_semicolons(tmp_path):
    assert_same(tmp_path, """
        member;date;ssi.brand;ssi.people;ssi.insights;ssi.relationships;ssi.industry_top_pct
        ann;2026-01-02;18,52;10;10,0;10.5;0
        bob;2026-01-02;1.000,5;10;10;10;0,5
        bob;2026-01-09;10;10;10;10;1 000
    """, SNAPSHOTS)


def test_profile_and_activity_kinds(tmp_path):
    assert_same(tmp_path, """
        member,date,profile.photo,profile.headline,profile.skills,activity.posts,profile.x
        ann,2026-01-02,True,Sales lead,3,0,
        ann,2026-01-09,oui, spaced ,3.0,-0,
        bob,2026-01-02, yes,"two
        lines",-1,2.5,
        bob,2026-01-09,maybe,,,,filled
        bob,2026-01-16,,,,,
        bob,2026-01-23,-,=cmd,'+3,1e3,
    """, SNAPSHOTS)


def test_members_and_deals(tmp_path):
    assert_same(tmp_path, """
        id,name,team,seat,email,manager
        ann,Ann,A,yes,ann@example.com,
        bob,Bob,A,nope,bob@,ann
        Bad Id,Cat,,,,
        ,Dan,,,,
    """, MEMBERS)
    assert_same(tmp_path, """
        id,member,amount,currency,status,date,stage,contribution,meetings
        d1,ann,1000,EUR,won,2026-01-02,new_contacts,20,2
        d2,bob,-5,usd,Won,2026-01-02,none,0,1.5
        d3,bob,2e12,EURO,lost,2026-01-02,nowhere,101,
        d4,ann,10,,,2026-01-02,,,
    """, DEALS)


def test_columns_in_an_unusual_order_keep_the_order_of_the_values(tmp_path):
    assert_same(tmp_path, """
        ssi.relationships,ssi.brand,member,ssi.insights,date,ssi.people
        10,11,ann,12,2026-01-02,13
    """, SNAPSHOTS)


def test_columns_only_the_generic_way_reads(tmp_path):
    assert_same(tmp_path, """
        member,date,ssi.brand.x,ssi.brand,ssi.people,ssi.insights,ssi.relationships,ssi
        ann,2026-01-02,1,10,10,10,10,
    """, SNAPSHOTS)
    assert_same(tmp_path, """
        member,date,ssi,profile.photo
        ann,2026-01-02,,yes
        ann,2026-01-09,x,yes
    """, SNAPSHOTS)


CELLS = ["", " ", "0", "-0", "10", "25", "25.5", "1,5", "1.5", "nan", "inf", "1e3", " 7 ",
         "'-1", "x", "ann", "bob", "Ann", "con", "2026-01-02", "2026-02-30", "true", "No",
         "won", "none", "1_000", "١٢"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=4), min_size=9,
                              max_size=9), min_size=1, max_size=6),
       delimiter=st.sampled_from([",", ";"]))
def test_any_cells_read_alike_both_ways(tmp_path_factory, rows, delimiter):
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["member", "date", "ssi.brand", "ssi.people", "ssi.insights",
                     "ssi.relationships", "ssi.industry_size", "profile.photo", "source"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("c") / "t.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert by_columns(path, SNAPSHOTS) == by_records(path, SNAPSHOTS)


def load_both(root, monkeypatch):
    """The folder loaded by columns, then with every CSV row read the generic way."""
    fast = load_content(root)
    with monkeypatch.context() as patch:
        patch.setattr(columns, "plan_columns", lambda *_args: None)
        generic = load_content(root)
    return fast, generic


def test_a_folder_with_errors_loads_alike_both_ways(tmp_path, monkeypatch):
    root = make_folder(tmp_path / "content", {
        "members.csv": "id,name,team,seat\nann,Ann,A,yes\nbob,Bob,A,x\nann,Ann 2,A,\n",
        "snapshots/ssi.csv": f"""
            {SNAPSHOT_HEADER},ssi.brnd
            ann,2026-01-02,10,10,10,10,,
            bob,2026-01-02,10,10,10,10,,
            ann,2026-01-02,11,10,10,10,,
            cat,2026-01-09,10,10,10,10,,
            ann,2026-01-09,10,10,10,10,45,
            bob,2026-01-09,10,10,10,10,,1
            ann,2026-01-16,10,10,10,10,,,
        """,
        "deals.csv": "id,member,amount,date\nd1,ann,10,2026-01-02\nd1,bob,x,2026-01-02\n",
    }, base=TINY)
    (fast, fast_problems), (generic, generic_problems) = load_both(root, monkeypatch)
    assert fast is None and generic is None
    assert fast_problems.items == generic_problems.items
    assert len(fast_problems.errors) >= 7


def test_a_valid_folder_gives_the_same_model_both_ways(tmp_path, monkeypatch):
    root = make_folder(tmp_path / "content", {
        "members.csv": "id,name,team,seat\nann,Ann,A,yes\nbob,Bob,A,\n",
        "members/cat.csv": "name,team\nCat,B\n",
        "snapshots/ssi.csv": f"""
            {SNAPSHOT_HEADER},ssi.industry_people,ssi.network_top_pct
            ann,2026-01-02,10,10,10,10,,12.5,3
            bob,2026-01-02,10.5,10,10,10,40.5,,
            cat,2026-01-02,1,2,3,4,,,
        """,
        "snapshots/more.csv": """
            member;date;profile.photo;profile.skills;activity.posts;activity.connections
            ann;2026-01-02;oui;3;2;100
            bob;2026-01-09;non;;0;1 000
        """,
        "deals.csv": "id,member,amount,date,stage,contribution\n"
                     "d1,ann,10.5,2026-01-02,new_contacts,20\nd2,bob,7,2026-01-02,,\n",
    }, base=TINY)
    (fast, fast_problems), (generic, generic_problems) = load_both(root, monkeypatch)
    assert fast_problems.items == generic_problems.items
    assert fast is not None, [str(p) for p in fast_problems.errors]
    assert fast == generic
    assert [m for m in fast.members] == ["ann", "bob", "cat"]


def test_valid_cells_of_common_kinds_never_reach_field_read(tmp_path, monkeypatch):
    calls = []
    read = Field.read
    monkeypatch.setattr(Field, "read", lambda self, value, ctx: calls.append(value)
                        or read(self, value, ctx))
    path = tmp_path / "ssi.csv"
    path.write_text(SNAPSHOT_HEADER + "\n" + "".join(
        f"ann,2026-01-{day:02},{day / 2},10,10.25,10,\n" for day in range(1, 29)))
    problems = Problems()
    read_rows = list(csv_checked(path, "ssi.csv", SNAPSHOTS, KNOWN, problems))
    assert len(read_rows) == 28 and not problems.items
    assert read_rows[4][1].values["ssi"] == {"brand": 2.5, "people": 10.0, "insights": 10.25,
                                            "relationships": 10.0}
    assert calls == []
    path.write_text(SNAPSHOT_HEADER + "\nann,2026-01-02,x,10,10,10,\n")
    list(csv_checked(path, "ssi.csv", SNAPSHOTS, KNOWN, problems))
    assert "x" in calls   # a cell the columns are not sure of is read the generic way


def test_a_file_without_a_key_column_takes_its_stem(tmp_path):
    table = Table(name="t", doc="", fields={"id": Field(parse_id), "n": Field(parse_number)},
                  key="id", stem_key=True)
    path = tmp_path / "cat.csv"
    path.write_text("n\n1\n2\n")
    problems = Problems()
    fast = _read(csv_checked(path, "cat.csv", table, KNOWN, problems, stem="cat"))
    records = list(csv_records(path, "cat.csv", problems))
    for record in records:
        record.data.setdefault("id", "cat")
    assert fast == _read((r, read_record(r, table, KNOWN, problems)) for r in records)
    assert fast[0][2] == [("n", ("float", "1.0")), ("id", ("str", "'cat'"))]


@pytest.mark.parametrize("root", [SAMPLE, *sorted(p for p in FIXTURES.iterdir() if p.is_dir())],
                         ids=lambda p: p.name)
def test_loading_makes_no_reference_cycle(root):
    """What lets the loader pause the cycle collector: nothing is left for it to find."""
    gc.collect()
    running = gc.isenabled()
    gc.disable()
    try:
        load_content(root)
        assert gc.collect() == 0
    finally:
        if running:
            gc.enable()


def test_a_csv_row_is_a_whole_record(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("member,date,ssi.brand\nann,2026-01-02,1\n")
    record = next(csv_records(path, "t.csv", Problems()))
    row = CsvRow("t.csv", 2, ["ann", "2026-01-02", "1"], ["member", "date", "ssi.brand"],
                 False)
    assert {f.name: getattr(row, f.name) for f in fields(Record)} == vars(record)
