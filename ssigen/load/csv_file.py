"""CSV tables, read row by row: Excel's dialects (`;` and decimal commas, a byte-order
mark), dotted columns as sections, and a header that cannot hide one column behind another."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..csvsafe import FORMULA_STARTS
from ..errors import Problems
from .files import read_text
from .records import Record, checked_header, set_dotted


def sniff_delimiter(header: str) -> str:
    """`;` when the header uses it more than `,` (French, Italian and Dutch Excel)."""
    return ";" if header.count(";") > header.count(",") else ","


@dataclass
class CsvFile:
    """An opened CSV file: its checked header (a column that cannot be a field is ""), its
    dialect, and its rows, read as they are asked for."""

    rel: str
    header: list[str]
    delimiter: str
    reader: Iterator[list[str]]
    problems: Problems

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter == ";"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of every row that is not blank and fits the header, its cells as
        many as the header's columns; a row too long is reported and skipped."""
        reader, width, rel = self.reader, len(self.header), self.rel
        last_line = reader.line_num
        try:
            for row in reader:
                line, last_line = last_line + 1, reader.line_num
                if not "".join(row).strip():
                    continue
                if len(row) != width:
                    if len(row) > width:
                        self.problems.error(
                            rel, line, None, f"row has {len(row)} cells but the header has "
                            f"{width} columns", f"check the delimiter ('{self.delimiter}') "
                            "and quoting")
                        continue
                    row += [""] * (width - len(row))
                yield line, row
        except csv.Error as exc:
            self.problems.error(rel, reader.line_num, None,
                                f"is not valid CSV: {_csv_error(exc)}")


def open_csv(path: Path, rel: str, problems: Problems) -> CsvFile | None:
    """The file with its header read and checked, or None (after an error or a warning)
    when it has no rows to read."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    if "\x00" in text:
        problems.error(rel, None, None, "contains NUL bytes: is it really a CSV file?")
        return None
    if not text.strip():
        problems.warning(rel, None, None, "file is empty")
        return None
    delimiter = sniff_delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.error(rel, 1, None, f"is not valid CSV: {exc}")
        return None
    header = checked_header([h.strip() for h in header], rel, problems)
    return CsvFile(rel, header, delimiter, reader, problems)


def _csv_error(exc: csv.Error) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return f"a cell is larger than {csv.field_size_limit():,} characters"
    if "unexpected end of data" in message:
        return "a quoted cell is never closed (a missing '\"'?)"
    return message


def csv_records(path: Path, rel: str, problems: Problems) -> Iterator[Record]:
    """The file's rows one at a time, so a large table never sits in memory as records."""
    table = open_csv(path, rel, problems)
    if table is None:
        return
    for line, row in table.rows():
        yield Record(rel, line, row_data(table.header, row), {},
                     decimal_comma=table.decimal_comma, header_line=1)


def row_data(header: list[str], row: list[str]) -> dict:
    """A row's raw values as a record holds them: dotted columns as nested mappings."""
    data: dict = {}
    for column, cell in zip(header, row):
        if column:
            set_dotted(data, column, cell_value(cell))
    return data


def cell_value(cell: str) -> str | None:
    """A CSV cell's value: trimmed, None when empty, and without the apostrophe that ssigen
    (like any careful tool) puts before text a spreadsheet would run as a formula."""
    text = cell.strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text or None
