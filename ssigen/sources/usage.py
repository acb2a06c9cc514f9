"""A team's Sales Navigator usage report (CSV or .xlsx) → one snapshot per activated seat,
with the seat holder's SSI and usage counts, in snapshots/imported/sales-navigator/.

Headings are recognised in four languages (`headings.USAGE`), `--map` names others. The
date is `--date`, else an end-date column, else the range in the file's name; a range's
length must be the project's `activity_window_days`, since usage counts cover that window.
A seat never activated is a row whose figures are all empty: it gives no snapshot, and the
summary lists it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems
from ..load.records import Record
from ..load.schema import SNAPSHOTS
from ..load.validate import validate_record
from ..model import Content
from .dates import date_order, parse_export_date
from .headings import USAGE, key, lookup
from .members import Matcher
from .sheet import Sheet, match_headings, read_sheet
from .values import SourceError

SOURCE = "sales-navigator"
FOLDER = Path("snapshots") / "imported" / "sales-navigator"
HEADING = ("# Written by `ssigen import` from Sales Navigator usage reports: one record per\n"
           "# seat and report. A fact typed in another snapshot file of the same day wins\n"
           "# over the report's; see docs/format.md.\n")
FIELDS = tuple(USAGE)
FIGURES = tuple(f"{s}.{name}" for s in ("ssi", "activity") for name in SNAPSHOTS.fields[s].fields
                if f"{s}.{name}" in USAGE)   # in the schema's order
NAME_DATES = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


@dataclass
class UsageReading:
    """What one report says of one seat on one day."""

    where: str
    member: str
    date: dt.date
    facts: dict[str, dict] = field(default_factory=dict)   # section → field → value
    status: str = "added"


@dataclass
class UsageReport:
    where: str
    readings: list[UsageReading]
    never_activated: list[str]     # seat holders (name or e-mail) with no figure yet


def is_usage_report(headings: list[str]) -> bool:
    known = lookup(USAGE)
    fields = {known.get(key(h)) for h in headings}
    return bool(fields & {"name", "email"}) and bool(fields & set(FIGURES))


def read_usage(path: Path, content: Content, date: dt.date | None,
               mapped: dict[str, str], sheet_name: str | None = None,
               order: str | None = None) -> UsageReport:
    """Every activated seat's reading, checked; every problem of the file raised at once."""
    sheet = read_sheet(path, sheet_name)
    columns = match_headings(sheet, lookup(USAGE), mapped, FIELDS)
    if not columns.keys() & {"name", "email"}:
        raise SourceError(f"{sheet.where}:{sheet.header_row}: no column names the seat "
                          "holder (Name, Seat holder, Email…); name one with --map "
                          "'Heading=name' or 'Heading=email'")
    if not columns.keys() & set(FIGURES):
        raise SourceError(f"{sheet.where}:{sheet.header_row}: no column of SSI or usage "
                          "(SSI, Days active, InMails sent…) is known; name them with --map")
    window = content.config.activity_window_days
    days = _dates(sheet, columns, path, date, order, window)
    matcher = Matcher(content.members)
    headings = {f: sheet.headings[i] for f, i in columns.items()}
    readings, never, errors, rows_of = [], [], [], {}
    for (number, cells), day in zip(sheet.rows, days):
        where = f"{sheet.where}:{number}"
        value = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        who = value.get("name") or value.get("email")
        if all(_empty(value.get(f)) for f in FIGURES):
            never.append(str(who or f"row {number}"))
            continue
        try:
            member = matcher.member_of(_text(value.get("email")), _text(value.get("name")),
                                       where)
        except SourceError as exc:
            errors.append(str(exc))
            continue
        if member in rows_of:
            errors.append(f"{where}: {member} has a second row (the first is row "
                          f"{rows_of[member]})")
            continue
        rows_of[member] = number
        facts, problems = _facts(value, where, number, sheet, headings)
        errors += problems
        if not problems:
            readings.append(UsageReading(where, member, day, facts))
    if errors:
        raise SourceError(errors[0] if len(errors) == 1 else
                          f"{sheet.where}: {len(errors)} rows cannot be imported", errors)
    return UsageReport(sheet.where, readings, never)


def _facts(value: dict, where: str, number: int, sheet: Sheet,
           headings: dict[str, str]) -> tuple[dict, list[str]]:
    data: dict = {"member": "x", "date": dt.date(2000, 1, 1)}
    for name in FIGURES:
        cell = value.get(name)
        if not _empty(cell):
            section, _, inner = name.partition(".")
            data.setdefault(section, {})[inner] = cell
    problems = Problems()
    typed = validate_record(Record(where, number, data, {}, decimal_comma=sheet.decimal_comma),
                            SNAPSHOTS.fields, problems)
    messages = []
    for problem in problems.errors:
        heading = headings.get(problem.field or "", problem.field)
        messages.append(f"{where}: {heading}: {problem.message}"
                        + (f" ({problem.hint})" if problem.hint else ""))
    if "ssi" in data and "ssi" not in typed and not messages:
        messages.append(f"{where}: the SSI needs its four pillars")
    return {s: typed[s] for s in ("ssi", "activity") if s in typed}, messages


def _dates(sheet: Sheet, columns: dict[str, int], path: Path, given: dt.date | None,
           order: str | None, window: int) -> list[dt.date]:
    """Each row's date: --date, else its end-date column, else the file name's range."""
    start = end = None
    named = [dt.date(int(y), int(m), int(d)) for y, m, d in NAME_DATES.findall(path.stem)
             if _valid(int(y), int(m), int(d))]
    if len(named) >= 2:
        start, end = named[-2], named[-1]
    elif named:
        end = named[-1]
    if "start" in columns or "end" in columns:
        cells = [(f"{sheet.where}:{n}", c[columns[f]]) for n, c in sheet.rows
                 for f in ("start", "end") if f in columns and columns[f] < len(c)
                 and not _empty(c[columns[f]])]
        order = date_order(cells, order, sheet.where) if cells else order
    days = []
    for number, cells in sheet.rows:
        row_start, row_end = start, end
        for name in ("start", "end"):
            if name in columns and columns[name] < len(cells) \
                    and not _empty(cells[columns[name]]):
                day = parse_export_date(cells[columns[name]], order,
                                        f"{sheet.where}:{number}: "
                                        f"{sheet.headings[columns[name]]}")
                row_start, row_end = (day, row_end) if name == "start" else (row_start, day)
        day = given or row_end
        if day is None:
            raise SourceError(f"{sheet.where}: says neither its date (no end-date column, "
                              "no date in the file's name): give --date")
        if given is None and row_start is not None:
            length = (row_end - row_start).days + 1
            if length != window:
                raise SourceError(
                    f"{sheet.where}: covers {length} days ({row_start} to {row_end}) but "
                    f"activity_window_days is {window}: export the last {window} days, or set "
                    f"activity_window_days: {length} in ssigen.yml")
        days.append(day)
    return days


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return 2000 <= year <= 2100


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) \
        or (isinstance(value, str) and value.strip() in ("-", "—", "–"))


def _text(value) -> str | None:
    return None if _empty(value) else str(value).strip()
