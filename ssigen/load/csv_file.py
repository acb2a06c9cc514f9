"""CSV tables, read row by row: Excel's dialects (`;` and decimal commas, a byte-order
mark), dotted columns as sections, and a header that cannot hide one column behind another."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from ..csvsafe import FORMULA_STARTS
from ..errors import Problems
from .files import read_text
from .records import Record, checked_header, set_dotted


def sniff_delimiter(header: str) -> str:
    """`;` when the header uses it more than `,` (French, Italian and Dutch Excel)."""
    return ";" if header.count(";") > header.count(",") else ","


def csv_records(path: Path, rel: str, problems: Problems) -> Iterator[Record]:
    """The file's rows one at a time, so a large table never sits in memory as records."""
    text = read_text(path, rel, problems)
    if text is None:
        return
    if "\x00" in text:
        problems.error(rel, None, None, "contains NUL bytes: is it really a CSV file?")
        return
    if not text.strip():
        problems.warning(rel, None, None, "file is empty")
        return
    header_line = text.splitlines()[0]
    delimiter = sniff_delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.error(rel, 1, None, f"is not valid CSV: {exc}")
        return
    header = checked_header([h.strip() for h in header], rel, problems)
    last_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = f"a cell is larger than {csv.field_size_limit():,} characters"
            elif "unexpected end of data" in message:
                message = "a quoted cell is never closed (a missing '\"'?)"
            problems.error(rel, reader.line_num, None, f"is not valid CSV: {message}")
            break
        line = last_line + 1
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.error(rel, line, None,
                           f"row has {len(row)} cells but the header has {len(header)} columns",
                           f"check the delimiter ('{delimiter}') and quoting")
            continue
        data: dict = {}
        cells = row + [""] * (len(header) - len(row))
        for column, cell in zip(header, cells):
            if column:
                set_dotted(data, column, cell_value(cell))
        yield Record(rel, line, data, {}, decimal_comma=delimiter == ";", header_line=1)


def cell_value(cell: str) -> str | None:
    """A CSV cell's value: trimmed, None when empty, and without the apostrophe that ssigen
    (like any careful tool) puts before text a spreadsheet would run as a formula."""
    text = cell.strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text or None
