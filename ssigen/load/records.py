"""A record: one row of a table, with the line of every value, whatever file it came from.

A record is a nested mapping of raw values (strings from CSV, YAML scalars from YAML) plus
the line of every key, so that validation can point at the exact line. CSV dotted columns
(`ssi.brand`) become nested mappings, so CSV and YAML records look alike downstream.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problems


@dataclass
class Record:
    file: str
    line: int | None
    data: dict
    key_lines: dict[str, int] = field(default_factory=dict)
    decimal_comma: bool = False
    header_line: int | None = None

    def column_line(self, path: str) -> int | None:
        """Where a field's name is written: the CSV header row, or the YAML key."""
        return self.header_line if self.header_line is not None else self.line_of(path)

    def line_of(self, path: str) -> int | None:
        return self.key_lines.get(path, self.line)


def set_dotted(data: dict, column: str, value: str | None) -> None:
    """`ssi.brand` = v as data["ssi"]["brand"] = v."""
    parts = column.split(".")
    target = data
    for part in parts[:-1]:
        nested = target.get(part)
        if not isinstance(nested, dict):
            nested = {} if nested is None else {"": nested}
            target[part] = nested
        target = nested
    target[parts[-1]] = value


def checked_header(header: list[str], rel: str, problems: Problems) -> list[str]:
    """Column names as read; a column that cannot be a field is reported and read as ""
    (ignored), so it can never hide the values of another column."""
    sections: dict[str, str] = {}
    for column in header:
        parts = column.split(".")
        for i in range(1, len(parts)):
            sections.setdefault(".".join(parts[:i]), column)
    checked, seen = [], set()
    for column in header:
        ok = False
        if not column:
            problems.error(rel, 1, None, "a column has no name in the header row")
        elif column in seen:
            problems.error(rel, 1, column, "column appears twice in the header row")
        elif not all(column.split(".")):
            problems.error(rel, 1, column, "a column name has an empty part around a '.'")
        elif column in sections:
            problems.error(rel, 1, column,
                           f"is both a column and the section of '{sections[column]}'",
                           f"remove the column '{column}'")
        else:
            ok = True
        seen.add(column)
        checked.append(column if ok else "")
    return checked
