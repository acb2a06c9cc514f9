"""snapshots/imported/<member>.csv: read to the byte, added to, checked, and replaced whole.

An existing file keeps every column, row and cell it has, its delimiter (`;` with decimal
commas, as French Excel saves it), its byte-order mark and its line endings. Every file is
prepared and read back as the loader reads it before any of them replaces the one in place.
"""
from __future__ import annotations

import csv
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..load.csv_file import csv_records, sniff_delimiter
from ..load.schema import SNAPSHOTS
from .commit import Change, read_back
from .values import COLUMNS, Reading, SourceError, source_bytes

IMPORT_FOLDER = Path("snapshots") / "imported"
BOM = "\ufeff"


@dataclass
class Target:
    """One snapshots/imported/<member>.csv: what it holds now, in the form it is written."""
    path: Path
    header: list[str]                   # the header row's cells as typed
    header_text: str | None = None      # and its text in the file (None: a new file)
    rows: list[tuple[list[str], str]] = field(default_factory=list)  # (cells, text)
    delimiter: str = ","
    bom: bool = False
    newline: str = "\n"
    mode: int | None = None

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter == ";"

    def names(self) -> list[str]:
        """Column names as the loader reads them."""
        return [cell.strip() for cell in self.header]



def target_of(content_dir: Path, member: str) -> Target:
    """The member's imported file as it is now (an empty one when there is none yet)."""
    return csv_target(content_dir / IMPORT_FOLDER / f"{member}.csv", COLUMNS)


def csv_target(path: Path, columns: tuple[str, ...]) -> Target:
    """A CSV table as it is now (one with `columns` when there is none yet), read as the
    loader reads it (`;` or `,` delimiter, a byte-order mark dropped), with the text of
    every row, so that what is there is written back to the byte."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Target(path, list(columns))
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISLNK(info.st_mode):
        raise SourceError(f"{path}: is a symbolic link; ssigen import only updates a "
                          "regular file there")
    raw = source_bytes(path, str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{path}: cannot be read (not UTF-8 text)") from None
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    mode = stat.S_IMODE(info.st_mode)
    if not text.strip():
        return Target(path, list(columns), bom=bom, mode=mode)
    delimiter = sniff_delimiter(text.splitlines()[0])
    lines = list(io.StringIO(text, newline=""))   # each with its own line ending
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    rows: list[tuple[list[str], str]] = []
    try:
        for cells in reader:
            rows.append((cells, reader.line_num))
    except csv.Error as exc:
        raise SourceError(f"{path}:{reader.line_num}: is not valid CSV ({exc})") from None
    texts, first = [], 0
    for cells, last in rows:
        texts.append((cells, "".join(lines[first:last])))
        first = last
    (header, header_text), rest = texts[0], texts[1:]
    return Target(path, header, header_text, rest, delimiter, bom, newline, mode)


def _ended(text: str, newline: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + newline


def _text_of(target: Target, new: list[Reading]) -> str:
    """The file's new text: its header (with the columns the new rows need added at the
    end), every existing row to the byte, each new row before the first later one."""
    names = target.names()
    rows = [r.cells(target.decimal_comma) for r in sorted(new, key=lambda r: r.date)]
    added = [c for c in COLUMNS if c not in names and any(c in cells for cells in rows)]
    names += added
    out = io.StringIO()
    writer = csv.writer(out, delimiter=target.delimiter, lineterminator=target.newline)
    if target.header_text is None:
        writer.writerow(names)
        header = out.getvalue()
    elif added:
        line = target.header_text.rstrip("\r\n")
        ending = target.header_text[len(line):] or target.newline
        header = line + "".join(target.delimiter + c for c in added) + ending
    else:
        header = _ended(target.header_text, target.newline)
    date_at = names.index("date") if "date" in names else None
    lines = list(target.rows)
    for cells in rows:
        out.seek(0)
        out.truncate()
        row = [cells.get(name, "") for name in names]
        writer.writerow(row)
        at = len(lines)
        if date_at is not None:
            at = next((i for i, (old, _) in enumerate(lines)
                       if len(old) > date_at and old[date_at].strip() > cells["date"]), at)
        lines.insert(at, (row, out.getvalue()))
    body = "".join(_ended(text, target.newline) if i < len(lines) - 1 else text
                   for i, (_, text) in enumerate(lines))
    return (BOM if target.bom else "") + header + body


def ssi_changes(targets: dict[str, Target], readings: list[Reading]) -> list[Change]:
    """The new text of snapshots/imported/<member>.csv for each member with new readings."""
    by_member: dict[str, list[Reading]] = {}
    for reading in readings:
        by_member.setdefault(reading.member, []).append(reading)
    return [Change(targets[m].path, _text_of(targets[m], new), targets[m].mode, check_written)
            for m, new in sorted(by_member.items())]


check_written = read_back(csv_records, SNAPSHOTS.fields)
