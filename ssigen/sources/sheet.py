"""A team export as rows under headings: a CSV file or one sheet of an Excel workbook.

Usage reports and CRM exports are not content tables: their headings are whatever the
exporting tool wrote, and a row is known by its number in the file (Excel's row number in a
workbook), which every error names. Headings are matched to fields case-, accent- and
space-insensitively (`folded`), and a heading that two columns share, or that two names of
one field both match, is an error.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problems, did_you_mean
from ..load.csv_file import sniff_delimiter
from ..load.xlsx_file import choose_sheet, open_workbook, typed_cell
from .headings import key
from .values import SourceError, source_bytes


@dataclass
class Sheet:
    """The rows of one export: `where` names the file (and sheet) in every message."""

    where: str
    headings: list[str]
    rows: list[tuple[int, list[Any]]]   # (line or Excel row, cells), blank rows left out
    header_row: int = 1
    decimal_comma: bool = False
    workbook: bool = False


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    name = str(path)
    if path.suffix.lower() == ".xlsx":
        return _workbook_sheet(path, name, sheet)
    raw = source_bytes(path, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")   # Salesforce and Excel on Windows write it
        except UnicodeDecodeError:
            raise SourceError(f"{name}: cannot be read (not UTF-8 text)") from None
    if "\x00" in text:
        raise SourceError(f"{name}: contains NUL bytes: is it really a CSV file?")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as exc:
        raise SourceError(f"{name}:{reader.line_num}: is not valid CSV ({exc})") from None
    if not rows:
        raise SourceError(f"{name}: is empty")
    (header_row, headings), body = rows[0], rows[1:]
    return Sheet(name, headings, body, header_row, decimal_comma=delimiter == ";")


def _workbook_sheet(path: Path, name: str, wanted: str | None) -> Sheet:
    problems = Problems()
    book = open_workbook(path, name, problems)
    if book is None:
        raise SourceError(str(problems.errors[0]))
    visible = _visible_sheets(book)
    if wanted is None and len(visible) > 1:
        raise SourceError(f"{name}: has several sheets ({', '.join(visible)}): name the one "
                          "to import with --sheet")
    chosen = choose_sheet(book, wanted, "", problems) if wanted is not None else (
        visible[0] if visible else None)
    if chosen is None:
        message = problems.errors[0] if problems.errors else f"{name}: has no sheet"
        raise SourceError(str(message))
    where = f"{name} (sheet {chosen})"
    headings: list[str] | None = None
    header_row = 1
    rows: list[tuple[int, list[Any]]] = []
    for number, cells in book.rows(chosen):
        values = [typed_cell(c) for c in cells]
        if all(v is None for v in values):
            continue
        if headings is None:
            headings = ["" if v is None else str(v).strip() for v in values]
            header_row = number
        else:
            rows.append((number, values))
    if headings is None:
        raise SourceError(f"{where}: is empty")
    return Sheet(where, headings, rows, header_row, decimal_comma=True, workbook=True)


def _visible_sheets(book) -> list[str]:
    """The sheets a person sees (Dynamics 365 adds a hidden one of its own)."""
    try:
        return [s.name for s in book.book.sheets_metadata if str(s.visible).endswith("Visible")]
    except AttributeError:
        return book.sheet_names


def match_headings(sheet: Sheet, names: dict[str, str], mapped: dict[str, str],
                   fields: tuple[str, ...]) -> dict[str, int]:
    """field → column index, from the known `names` (folded heading → field) and the
    `--map` ones (heading → field); a field two columns claim is an error."""
    wanted = {key(h): f for h, f in mapped.items()}
    for heading, field in mapped.items():
        if field not in fields:
            raise SourceError(f"--map '{heading}={field}': unknown field '{field}' "
                              + (f"({did_you_mean(field, fields)})"
                                 if did_you_mean(field, fields) else
                                 "(fields are " + ", ".join(fields) + ")"))
        if key(heading) not in {key(h) for h in sheet.headings}:
            raise SourceError(f"--map '{heading}={field}': {sheet.where} has no column "
                              f"'{heading}'" + (f" ({did_you_mean(heading, sheet.headings)})"
                                                if did_you_mean(heading, sheet.headings)
                                                else ""))
    found: dict[str, int] = {}
    for index, heading in enumerate(sheet.headings):
        field = wanted.get(key(heading)) or names.get(key(heading))
        if field is None:
            continue
        if field in found:
            first = sheet.headings[found[field]]
            raise SourceError(f"{sheet.where}:{sheet.header_row}: columns '{first}' and "
                              f"'{heading}' both give {field}: keep one, or name the other "
                              "with --map")
        found[field] = index
    return found
