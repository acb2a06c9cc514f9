"""CSV tables read by columns: the header is matched to the table's schema once, and each
column gets a converter for its field's kind, so that a valid row is read in a tight loop
instead of cell by cell through `validate.py`.

A converter gives exactly what `Field.read` would give, or raises ValueError for any cell it
is not sure of. Then, and whenever a row would give any problem at all (a required field
missing, a section's rule broken), the whole row is read again by `read_record`, which
writes every message: messages, their lines and their order are the same whichever way a
row was read. Valid rows, nearly all rows of a large table, never reach it.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import Problems
from ..formats import without_bidi
from .csv_file import cell_value, open_csv, row_data
from .fields import Field, Known, Rule, Section, Table, required
from .kinds import (FALSE_WORDS, ID_RE, MAX_NUMBER, TRUE_WORDS, WINDOWS_DEVICES, parse_bool,
                    parse_date, parse_id, parse_int, parse_number, parse_text)
from .records import Record
from .validate import Checked, read_record

Convert = Callable[[str], Any]   # a cell that is not "" → its value, or ValueError


class CsvRow(Record):
    """A CSV row as a record. Reading it by columns needs only its cells, so `data` (the
    nested raw values of every record) is made from them only when something asks: the
    generic reading of a row, or a message quoting a raw value."""

    def __init__(self, file: str, line: int, cells: list[str], header: list[str],
                 decimal_comma: bool):
        # Record's fields, set here rather than by its __init__: a large table has a row
        # for every member and week (tests/test_columns.py checks that none is missed).
        self.file, self.line, self.key_lines = file, line, {}
        self.decimal_comma, self.header_line = decimal_comma, 1
        self._data, self._cells, self._header = None, cells, header

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = row_data(self._header, self._cells)
        return self._data

    @data.setter
    def data(self, value: dict | None) -> None:
        self._data = value


def csv_checked(path: Path, rel: str, table: Table, known: Known, problems: Problems,
                stem: str | None = None) -> Iterator[tuple[Record, Checked]]:
    """Every row of a CSV file of `table` with its values, as `read_record` reads them; a
    row takes the key `stem` when the file has no key column (members/<id>.csv)."""
    csv_file = open_csv(path, rel, problems)
    if csv_file is None:
        return
    header, decimal_comma = csv_file.header, csv_file.decimal_comma
    plan = plan_columns(table, header, Record(rel, None, {}, {}, decimal_comma, 1))
    if stem is not None and table.key not in header:
        plan = None
    # Unknown columns are reported while the first record is read, as they always were.
    generic = plan is None or plan.unknown
    for line, cells in csv_file.rows():
        record = CsvRow(rel, line, cells, header, decimal_comma)
        checked = None if generic else plan.read(cells, known)
        if checked is None:
            if stem is not None:
                record.data.setdefault(table.key, stem)
            checked = read_record(record, table, known, problems)
        generic = plan is None
        yield record, checked


# (index in the row, field, converter, and for a number its lowest and highest value)
Columns = tuple[tuple[int, str, Convert, Any, Any], ...]


def _convert(columns: Columns, cells: list[str]) -> dict:
    """The values of the filled cells of `columns`, in their order; a ValueError when a
    converter is not sure of a cell. A number's converter is float() or int(), which
    accepts a cell only when parse_number reads the same number from it; nan, inf
    and numbers out of the field's range fail the range check."""
    values = {}
    for index, name, convert, low, high in columns:
        cell = cells[index]
        if cell:
            value = convert(cell)
            if low is not None and not low <= value <= high:
                raise ValueError(cell)
            values[name] = value
    return values


@dataclass(frozen=True)
class SectionColumns:
    """The columns of a section (`ssi.brand`, …), and of the unknown fields written in it,
    which count only for whether the section is there."""

    name: str
    columns: Columns
    others: tuple[int, ...]
    required: frozenset[str]
    rules: tuple[Rule, ...]

    def read(self, cells: list[str], known: Known) -> dict | None:
        """The section's values, None when it is absent; a ValueError when it would not
        be read cleanly (a required field missing, a rule broken)."""
        values = _convert(self.columns, cells)
        if not values and not (self.others and any(cells[i].strip() for i in self.others)):
            return None
        if not self.required <= values.keys():
            raise ValueError(self.name)
        for rule in self.rules:
            if rule.check(values, known):
                raise ValueError(self.name)
        return values


@dataclass(frozen=True)
class ColumnPlan:
    """How to read each column of one file's header: the table's own fields, then its
    sections; `order` is the order `read_record` gives the values in, when that differs
    (a section's columns before a field's)."""

    table: Table
    columns: Columns
    sections: tuple[SectionColumns, ...]
    order: tuple[str, ...] | None
    required: frozenset[str]
    unknown: bool   # some column names no field

    def read(self, cells: list[str], known: Known) -> Checked | None:
        """The row's values, or None when it must be read the generic way."""
        try:
            typed = _convert(self.columns, cells)
            for section in self.sections:
                values = section.read(cells, known)
                if values is not None:
                    typed[section.name] = values
        except ValueError:
            return None
        if not self.required <= typed.keys():
            return None
        if self.order:
            typed = {name: typed[name] for name in self.order if name in typed}
        return Checked(self.table.defaults(typed))


def plan_columns(table: Table, header: list[str], dialect: Record) -> ColumnPlan | None:
    """The plan for `header`, or None when a column is one the generic way alone reads
    (`ssi.brand.x`: a field written as a section; a section inside a section). `dialect`
    is a record of the file without values: all a kind reads of its record."""
    top: dict[str, tuple | dict] = {}   # in the order of the header, as a record's data
    unknown = False
    for index, column in enumerate(header):
        if not column:
            continue
        first, *rest = column.split(".")
        spec = table.fields.get(first)
        if spec is None:
            unknown = True
        elif isinstance(spec, Field):
            if rest:
                return None
            top[first] = (index, first, *converter(spec, dialect))
        elif not rest:
            top[first] = (index, first, _not_a_section, None, None)
        else:
            group = top.setdefault(first, {"columns": [], "others": []})
            inner = spec.fields.get(rest[0])
            if inner is None:
                unknown = True
                group["others"].append(index)
            elif isinstance(inner, Section) or len(rest) > 1:
                return None
            else:
                group["columns"].append((index, rest[0], *converter(inner, dialect)))
    columns = tuple(entry for entry in top.values() if isinstance(entry, tuple))
    sections = tuple(SectionColumns(name, tuple(entry["columns"]), tuple(entry["others"]),
                                    frozenset(table.fields[name].required),
                                    table.fields[name].rules)
                     for name, entry in top.items() if isinstance(entry, dict))
    order = tuple(top)
    fields_first = tuple(c[1] for c in columns) + tuple(s.name for s in sections)
    return ColumnPlan(table, columns, sections, None if order == fields_first else order,
                      frozenset(required(table.fields)), unknown)


# -- converters: each reads the raw cell, and gives up (ValueError) unless sure -----------

def converter(spec: Field, dialect: Record) -> tuple[Convert, Any, Any]:
    """A fast converter for the common kinds, else one that asks the field itself; with a
    number's range (None for other kinds)."""
    plain = spec.choices is None
    bounded = spec.min is not None or spec.max is not None
    if spec.parse is parse_number and plain:
        return (_kept(_decimal_comma if dialect.decimal_comma else _float), *_bounds(spec))
    if spec.parse is parse_int and plain:
        return (int, *_bounds(spec))   # below 2^53, as every number is, int() is exact
    if not bounded and plain and spec.parse in SIMPLE:
        return _kept(SIMPLE[spec.parse]), None, None
    if spec.parse is parse_text and not bounded and spec.choices:
        return _choice(spec.choices), None, None
    return _by_field(spec, dialect), None, None


def _bounds(spec: Field) -> tuple[float, float]:
    """The lowest and the highest valid number: the field's range (above its min, when
    that is exclusive) within the sensible size of every number."""
    low, high = -MAX_NUMBER, MAX_NUMBER
    if spec.min is not None and spec.min >= low:
        low = math.nextafter(spec.min, math.inf) if spec.min_exclusive else spec.min
    if spec.max is not None:
        high = min(high, spec.max)
    return low, high


KEPT = 4096   # distinct cells a column remembers: a pillar's 0.00–25.00, a year of dates


def _kept(convert: Convert) -> Convert:
    """`convert`, remembering what it gave for each cell: the weeks of a large team repeat
    the same dates and two-decimal pillars, which are then read once and stored once (a
    cell met again costs one lookup of a dict)."""
    return _Kept(convert).__getitem__


class _Kept(dict):
    def __init__(self, convert: Convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, cell: str) -> Any:
        value = self.convert(cell)
        if len(self) < KEPT:
            self[cell] = value
        return value


def _float(cell: str) -> float:
    return float(cell) + 0   # -0 is 0


def _decimal_comma(cell: str) -> float:
    return float(cell.replace(",", ".")) + 0


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")   # parse_date's own check
BOOL_WORDS = {**dict.fromkeys(FALSE_WORDS, False), **dict.fromkeys(TRUE_WORDS, True)}


def _date(cell: str) -> dt.date:
    if ISO_DATE.fullmatch(cell):
        return dt.date.fromisoformat(cell)   # ValueError for a day that does not exist
    raise ValueError(cell)


def _id(cell: str) -> str:
    if ID_RE.fullmatch(cell) and cell not in WINDOWS_DEVICES:
        return cell
    raise ValueError(cell)


def _bool(cell: str) -> bool:
    value = BOOL_WORDS.get(cell.lower())   # a cell with spaces around is not sure
    if value is None:
        raise ValueError(cell)
    return value


SIMPLE: dict[Callable, Convert] = {parse_date: _date, parse_id: _id, parse_bool: _bool}


def _choice(choices: tuple[str, ...]) -> Convert:
    written = frozenset(c for c in choices if cell_value(c) == c == without_bidi(c))

    def convert(cell: str) -> str:
        if cell in written:
            return cell
        raise ValueError(cell)
    return convert


MISSING = object()
REMEMBERED = (str, int, float, bool, dt.date)   # values no one can change once given


def _by_field(spec: Field, dialect: Record) -> Convert:
    """Any other kind, read by the field itself (Invalid is a ValueError); a blank cell is
    left to the generic reading, which skips it. A reading depends on the cell alone (and
    the file's dialect), so a short cell met again (a team, an industry, row after row) is
    not read again; what is remembered stays small."""
    seen: dict[str, Any] = {}

    def convert(cell: str) -> Any:
        value = seen.get(cell, MISSING)
        if value is not MISSING:
            return value
        raw = cell_value(cell)
        if raw is None:
            raise ValueError(cell)
        value = spec.read(raw, dialect)
        if len(cell) <= 100 and len(seen) < 1000 and type(value) in REMEMBERED:
            seen[cell] = value
        return value
    return convert


def _not_a_section(cell: str) -> Any:
    """A filled cell in a column named like a section: the generic reading reports it."""
    raise ValueError(cell)
