"""Content tables as Excel workbooks (.xlsx, docs/format.md "The folder"): read as their CSV
twins are, errors naming the file, the sheet and the row as Excel numbers it.

Every workbook is written by the test with xlsxwriter, each cell with its own type (a
number, a date with a date format, a boolean, or text), so what is read is what Excel would
have stored.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

import ssigen
from ssigen.cli import cli

from .folders import FIXTURES, SAMPLE, TEAM, make_folder

SSI_HEADER = ["member", "date", "ssi.brand", "ssi.people", "ssi.insights",
              "ssi.relationships"]


# --------------------------------------------------------------------------- helpers

def write_workbook(path: Path, sheets: dict[str, list[list]], *, row: int = 0,
                   col: int = 0) -> Path:
    """A workbook with `sheets` in order, each table starting at (row, col) counted from 0.
    A cell is written with its type: str as text (never as a formula), bool, int and float
    as numbers, date as an Excel date with a date format; None stays blank."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    day = book.add_format({"num_format": "d mmm yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, cells in enumerate(rows, start=row):
            for c, value in enumerate(cells, start=col):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
                else:
                    sheet.write_string(r, c, value)
    book.close()
    return path


def typed(cell: str):
    """A CSV cell as Excel would hold it: a number, a date, text, or blank."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return dt.date.fromisoformat(cell)
    if re.fullmatch(r"-?\d+", cell):
        return int(cell)
    if re.fullmatch(r"-?\d+\.\d+", cell):
        return float(cell)
    return cell or None


def csv_as_rows(path: Path) -> list[list]:
    header, *rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return [header, *([typed(c) for c in row] for row in rows)]


def check(content: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(content)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def team(tmp_path):
    """`team(sheets, row=0, col=0, name="snapshots/ssi.xlsx")`: TEAM with its snapshots in a
    workbook instead of ssi.csv."""
    def make(sheets: dict[str, list[list]], *, name: str = "snapshots/ssi.xlsx",
             row: int = 0, col: int = 0) -> Path:
        content = make_folder(tmp_path / "content", {"snapshots/ssi.csv": None}, base=TEAM)
        write_workbook(content / name, sheets, row=row, col=col)
        return content
    return make


# =========================================================================== 1. a CSV twin

def test_members_and_deals_as_workbooks_give_the_same_figures(tmp_path, sample_site):
    twin = make_folder(tmp_path / "content", {"members.csv": None, "deals.csv": None},
                       base=SAMPLE)
    members = write_workbook(twin / "members.xlsx",
                             {"Team": csv_as_rows(SAMPLE / "members.csv")})
    deals = write_workbook(twin / "deals.xlsx", {"Deals": csv_as_rows(SAMPLE / "deals.csv")})
    # the workbooks hold real numbers and Excel dates, not text
    from python_calamine import CalamineWorkbook
    header, first, *_ = CalamineWorkbook.from_path(str(deals)).get_sheet_by_name(
        "Deals").to_python()
    cells = dict(zip(header, first))
    assert isinstance(cells["amount"], float) and isinstance(cells["meetings"], float)
    assert isinstance(cells["date"], (dt.date, dt.datetime))
    assert CalamineWorkbook.from_path(str(members)).sheet_names == ["Team"]

    csv_content, _ = ssigen.load(SAMPLE)
    xlsx_content, problems = ssigen.load(twin)
    assert not problems.errors
    assert xlsx_content.members == csv_content.members
    assert xlsx_content.deals == csv_content.deals

    csv_scores, xlsx_scores = ssigen.score(SAMPLE), ssigen.score(twin)
    assert len(xlsx_scores.members) == len(csv_scores.members) == 16
    for a, b in zip(csv_scores.members, xlsx_scores.members):
        assert (b.member.id, b.score, b.rank, b.band, b.attributed_revenue, b.deals_won) == (
            a.member.id, a.score, a.rank, a.band, a.attributed_revenue, a.deals_won)
    assert sum(m.deals_won for m in xlsx_scores.members) > 0

    ssigen.build(twin, tmp_path / "site")
    assert (tmp_path / "site" / "data" / "scores.json").read_bytes() == \
        (sample_site / "data" / "scores.json").read_bytes()


# =========================================================================== 2. the cells

def test_text_dates_decimal_commas_and_whole_floats(team):
    content = team({"SSI": [
        [*SSI_HEADER, "ssi.industry_size", "activity.connections", "profile.photo"],
        ["alex-morgan", "2026-03-06", "18,52", "16,1", 15.2, 17.9, 1500.0, 120.0, True],
        ["sam-lee", dt.date(2026, 3, 6), 12.1, 11.4, "8,7", 13, 2, "3", False],
    ]})
    loaded, problems = ssigen.load(content)
    assert not problems.errors
    snapshots = {s.member: s for s in loaded.snapshots}
    alex, sam = snapshots["alex-morgan"], snapshots["sam-lee"]
    assert alex.date == sam.date == dt.date(2026, 3, 6)
    assert (alex.ssi.brand, alex.ssi.people, alex.ssi.insights, alex.ssi.relationships) == (
        18.52, 16.1, 15.2, 17.9)
    assert (sam.ssi.brand, sam.ssi.people, sam.ssi.insights, sam.ssi.relationships) == (
        12.1, 11.4, 8.7, 13)
    for value, want in ((alex.ssi.industry_size, 1500), (alex.activity["connections"], 120),
                        (sam.ssi.industry_size, 2), (sam.activity["connections"], 3)):
        assert value == want and type(value) is int
    assert alex.profile == {"photo": True} and sam.profile == {"photo": False}
    assert type(alex.profile["photo"]) is bool


def test_a_fraction_where_a_whole_number_is_expected(team):
    content = team({"SSI": [[*SSI_HEADER, "ssi.industry_size"],
                            ["alex-morgan", "2026-03-06", 18.4, 16.1, 15.2, 17.9, 1500.5]]})
    assert check(content) == (1, "error: snapshots/ssi.xlsx (sheet SSI):2: ssi.industry_size: "
                                 "expected a whole number (got 1500.5)\n"
                                 f"1 error(s), 0 warning(s) in {content}/\n")


# =========================================================================== 3. errors

def test_error_names_file_sheet_excel_row_and_heading(team):
    content = team({"SSI": [
        SSI_HEADER,
        ["alex-morgan", dt.date(2026, 3, 6), 18.4, 16.1, 15.2, 17.9],
        ["sam-lee", dt.date(2026, 3, 6), 12.1, 11.4, 8.7, 13.2],
        ["sam-lee", dt.date(2026, 3, 13), 12.1, 26, 8.7, 13.2],      # Excel's row 4
    ]})
    assert check(content) == (1, "error: snapshots/ssi.xlsx (sheet SSI):4: ssi.people: "
                                 "expected a value of at most 25 (range 0–25) (got 26)\n"
                                 f"1 error(s), 0 warning(s) in {content}/\n")
    error, = ssigen.check(content).errors
    assert (error.file, error.line, error.field) == ("snapshots/ssi.xlsx (sheet SSI)", 4,
                                                     "ssi.people")


def test_unknown_heading_suggests_the_closest(team):
    content = team({"SSI": [
        ["member", "date", "ssi.brnd", "ssi.people", "ssi.insights", "ssi.relationships"],
        ["alex-morgan", dt.date(2026, 3, 6), 18.4, 16.1, 15.2, 17.9]]})
    assert check(content) == (1, "error: snapshots/ssi.xlsx (sheet SSI):1: ssi.brnd: unknown "
                                 "field (did you mean 'ssi.brand'?)\n"
                                 "error: snapshots/ssi.xlsx (sheet SSI):2: ssi.brand: "
                                 "required field is missing\n"
                                 f"2 error(s), 0 warning(s) in {content}/\n")


LOWER = [SSI_HEADER,
         ["alex-morgan", dt.date(2026, 3, 6), 18.4, 16.1, 15.2, 17.9],
         ["sam-lee", dt.date(2026, 3, 6), 12.1, 26, 8.7, 13.2]]


@pytest.mark.parametrize("row, col", [(2, 0), (1, 1)], ids=["from A3", "from B2"])
def test_a_table_that_starts_lower_is_read(team, row, col):
    fixed = [LOWER[0], LOWER[1], [*LOWER[2][:3], 11.4, *LOWER[2][4:]]]
    content = team({"SSI": fixed}, row=row, col=col)
    loaded, problems = ssigen.load(content)
    assert not problems.errors
    assert {s.member: s.ssi.people for s in loaded.snapshots} == {"alex-morgan": 16.1,
                                                                  "sam-lee": 11.4}


@pytest.mark.parametrize("row, col, error_row", [(2, 0, 5), (1, 1, 4)],
                         ids=["from A3", "from B2"])
def test_a_table_that_starts_lower_is_numbered_as_excel_does(team, row, col, error_row):
    content = team({"SSI": LOWER}, row=row, col=col)
    assert check(content) == (1, f"error: snapshots/ssi.xlsx (sheet SSI):{error_row}: "
                                 "ssi.people: expected a value of at most 25 (range 0–25) "
                                 "(got 26)\n"
                                 f"1 error(s), 0 warning(s) in {content}/\n")


def test_the_sheet_named_like_the_file_comes_before_the_first(team):
    content = team({
        "Read me": [["Exported from the CRM; the data is on the SSI sheet"], ["brand?"]],
        "SSI": [SSI_HEADER, ["alex-morgan", dt.date(2026, 3, 6), 18.4, 16.1, 15.2, 17.9]],
    })
    loaded, problems = ssigen.load(content)
    assert not problems.errors
    snapshot, = loaded.snapshots
    assert (snapshot.member, snapshot.ssi.brand) == ("alex-morgan", 18.4)


def test_without_a_sheet_named_like_the_file_the_first_is_read(tmp_path):
    content = make_folder(tmp_path / "content", {"members.csv": None}, base=TEAM)
    write_workbook(content / "members.xlsx", {
        "Team": [["id", "name", "team", "manager"],
                 ["alex-morgan", "Alex Morgan", "Sales", None],
                 ["sam-lee", "Sam Lee", "Sales", "alex-morgan"]],
        "Old team": [["id", "name"], ["nobody", "No Body"]]})
    loaded, problems = ssigen.load(content)
    assert not problems.errors
    assert sorted(loaded.members) == ["alex-morgan", "sam-lee"]
    assert loaded.members["sam-lee"].manager == "alex-morgan"
    # and its errors name that sheet
    write_workbook(content / "members.xlsx", {
        "Team": [["id", "name", "team"], ["alex-morgan", "Alex Morgan", "Sales"],
                 ["sam-lee", None, "Sales"]]})
    error = next(e for e in ssigen.check(content).errors if e.field == "name")
    assert (error.file, error.line) == ("members.xlsx (sheet Team)", 3)


# =========================================================================== 4. not a workbook

def zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a workbook\n")
    return out.getvalue()


@pytest.mark.parametrize("data, what", [
    ((FIXTURES / "archives" / "broken" / "fake.xlsx").read_bytes(),
     "it is not even a zip file"),
    (zip_without_workbook(), "a zip file without a workbook inside"),
], ids=["text", "zip without a workbook"])
@pytest.mark.parametrize("name", ["snapshots/ssi.xlsx", "members.xlsx"])
def test_not_a_workbook_is_a_clear_error(tmp_path, data, what, name):
    files = {"snapshots/ssi.xlsx": data} if name.startswith("snapshots") else {
        "members.csv": None, "members.xlsx": data}
    content = make_folder(tmp_path / "content", {"snapshots/ssi.csv": None, **files},
                          base=TEAM)
    code, output = check(content)
    first = (f"error: {name}: is not an Excel workbook (.xlsx): {what} (save it from Excel "
             "as .xlsx, or export the sheet as CSV UTF-8)")
    assert code == 1
    assert output.splitlines()[0] == first
    if name.startswith("snapshots"):
        assert output == f"{first}\n1 error(s), 0 warning(s) in {content}/\n"
