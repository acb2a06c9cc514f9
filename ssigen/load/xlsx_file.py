"""Excel workbooks (.xlsx): one sheet read as a CSV file is, with Excel's own types.

The sheet named like the file (`members` in members.xlsx) is read, else the first. Rows
are numbered as Excel numbers them, and errors name the file and the sheet: `members.xlsx
(sheet Team):4: name: …`. Numbers, dates and booleans arrive typed; text keeps working as in
CSV, a decimal comma included (`18,52`). python-calamine reads the file; it is imported
only when a workbook is read.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any, Iterator

from ..errors import Problems, did_you_mean
from .csv_file import cell_value
from .files import read_bytes
from .records import Record, checked_header, set_dotted

MAX_UNPACKED_BYTES = 1024 ** 3   # what the workbook's parts may expand to, all together


class Workbook:
    """An opened workbook: its sheets by name, read row by row."""

    def __init__(self, book, rel: str):
        self.book, self.rel = book, rel

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def rows(self, name: str) -> Iterator[tuple[int, list]]:
        """(Excel's row number, the row's cells) of every row of sheet `name`."""
        sheet = self.book.get_sheet_by_name(name)
        for index, row in enumerate(sheet.iter_rows(), start=1):   # from row 1, blank or not
            yield index, list(row)


def open_workbook(path: Path, rel: str, problems: Problems) -> Workbook | None:
    """The workbook, or None after an error: not a workbook, or one that would unpack into
    more than MAX_UNPACKED_BYTES (a zip bomb)."""
    raw = read_bytes(path, rel, problems)
    if raw is None:
        return None
    problem = _not_a_workbook(raw)
    if problem is None:
        from python_calamine import CalamineError, CalamineWorkbook
        try:
            return Workbook(CalamineWorkbook.from_filelike(io.BytesIO(raw)), rel)
        except (CalamineError, ValueError, OSError) as exc:
            problem = f"cannot be read as an Excel workbook ({exc})"
    problems.error(rel, None, None, problem,
                   "save it from Excel as .xlsx, or export the sheet as CSV UTF-8")
    return None


def _not_a_workbook(raw: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "is not an Excel workbook (.xlsx): it is not even a zip file"
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        return "is not an Excel workbook (.xlsx): a zip file without a workbook inside"
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"would unpack into {unpacked / 1024 ** 3:.1f} GB, more than "
                f"{MAX_UNPACKED_BYTES // 1024 ** 3} GB: refused")
    return None


def choose_sheet(book: Workbook, wanted: str | None, stem: str, problems: Problems) -> str | None:
    """Sheet `wanted` if given (an error names the closest one when there is none), else the
    sheet named like the file, else the first."""
    names = book.sheet_names
    if wanted is not None:
        if wanted in names:
            return wanted
        problems.error(book.rel, None, None, f"has no sheet '{wanted}'",
                       did_you_mean(wanted, names) or "its sheets are " + ", ".join(names))
        return None
    by_name = {n.strip().casefold(): n for n in names}
    return by_name.get(stem.casefold(), names[0] if names else None)


def xlsx_records(path: Path, rel: str, problems: Problems,
                 sheet: str | None = None) -> Iterator[Record]:
    """The sheet's rows as records, the first non-empty row being the header."""
    book = open_workbook(path, rel, problems)
    if book is None:
        return
    name = choose_sheet(book, sheet, path.stem, problems)
    if name is None:
        return
    where = f"{rel} (sheet {name})"
    header: list[str] | None = None
    header_row = 0
    for number, row in book.rows(name):
        if header is None:
            if any(typed_cell(c) is not None for c in row):
                header = checked_header([_heading(c) for c in row], where, problems)
                header_row = number
            continue
        values = [typed_cell(c) for c in row]
        if all(v is None for v in values):
            continue
        data: dict = {}
        for column, value in zip(header, values + [None] * (len(header) - len(values))):
            if column:
                set_dotted(data, column, value)
        extra = [v for v in values[len(header):] if v is not None]
        if extra:
            problems.error(where, number, None, f"row has {len(header) + len(extra)} cells "
                           f"but the header has {len(header)} columns",
                           "give every column a heading in the first row")
            continue
        yield Record(where, number, data, {}, decimal_comma=True, header_line=header_row)
    if header is None:
        problems.warning(where, None, None, "sheet is empty")


def _heading(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def typed_cell(cell: Any) -> Any:
    """A cell as the schema's kinds read it: text as a CSV cell, a whole number as an int,
    a date-time at midnight as a date; an empty cell is None."""
    if isinstance(cell, str):
        return cell_value(cell)
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2 ** 53:
        return int(cell)
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date()
    if isinstance(cell, (dt.time, dt.timedelta)):
        return str(cell)
    return cell
