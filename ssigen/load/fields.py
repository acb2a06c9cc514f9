"""The words a schema is written in: a field, a section of fields, a rule, a table.

`schema.py` declares every table of the content folder with these; `validate.py` checks a
record against them. Each field and rule carries a one-line doc, and docs/format.md names
the same fields (a test holds the two together).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..errors import did_you_mean
from .kinds import Invalid, parse_text
from .records import Record

NO_DEFAULT = object()


@dataclass(frozen=True)
class Field:
    """One field: its kind (`parse`), whether it is required, its range or choices, and its
    default (a value, or a function of the record's other values)."""

    parse: Callable[[Any, Record], Any]
    doc: str = ""
    required: bool = False
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    choices: tuple[str, ...] | None = None
    default: Any = NO_DEFAULT

    def read(self, value: Any, ctx: Record) -> Any:
        result = self.parse(value, ctx)
        if self.choices is not None and result not in self.choices:
            hint = did_you_mean(result, self.choices)
            raise Invalid("expected one of " + ", ".join(self.choices)
                          + (f"; {hint}" if hint else ""))
        if self.min is not None:
            if self.min_exclusive and not result > self.min:
                raise Invalid(f"expected a value above {_n(self.min)}" + self._range())
            if not self.min_exclusive and result < self.min:
                raise Invalid(f"expected a value of at least {_n(self.min)}" + self._range())
        if self.max is not None and result > self.max:
            raise Invalid(f"expected a value of at most {_n(self.max)}" + self._range())
        return result

    def _range(self) -> str:
        if self.min is not None and self.max is not None:
            return f" (range {_n(self.min)}–{_n(self.max)})"
        return ""

    def with_doc(self, doc: str) -> "Field":
        return Field(**{**self.__dict__, "doc": doc})


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def choice(*choices: str, doc: str = "", default: Any = NO_DEFAULT) -> Field:
    return Field(parse_text, doc, choices=choices, default=default)


@dataclass(frozen=True)
class Rule:
    """A rule over several values of one record: `check(values, known)` returns nothing
    when the rule holds, else a message, a (message, hint) pair, or a list of
    (field, message, hint) for several faults. The rule is checked only when every field it
    `reads` was read without error, so one mistake is never reported twice. A broken rule
    is an error at `field` (the record's line when `at_record`) and leaves the record (or
    the section) out; a warning leaves it in."""

    doc: str
    field: str | None
    reads: tuple[str, ...]
    check: Callable[[dict, "Known"], Any]
    severity: str = "error"
    at_record: bool = False


@dataclass(frozen=True)
class Section:
    """A group of fields written `name.field` in CSV and as a mapping in YAML. A section
    that lacks a required field, or breaks one of its rules, is left out of its record."""

    fields: dict[str, Field]
    doc: str = ""
    rules: tuple[Rule, ...] = ()

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        return required(self.fields)

    def defaults(self, values: dict) -> dict:
        """`values` with the default of every field it lacks that has one."""
        return {**{name: spec.default for name, spec in self.fields.items()
                   if spec.default is not NO_DEFAULT}, **values}


def required(schema: "Schema") -> tuple[str, ...]:
    """The required fields of a schema (a table's, or a section's)."""
    return tuple(name for name, spec in schema.items()
                 if isinstance(spec, Field) and spec.required)


Schema = dict[str, "Field | Section"]


@dataclass(frozen=True)
class Table:
    """A table of the content folder: where it is found, its fields and its rules.

    `files` are the names it may have at the top of the folder; `folder` holds any number of
    its files (in subfolders too when `recursive`). `key` names the field that is unique
    over the table; a YAML file in `folder` gives that key its file stem when `stem_key`.
    `unique` names other fields that no two records share, letter case ignored."""

    name: str
    doc: str
    fields: Schema
    rules: tuple[Rule, ...] = ()
    files: tuple[str, ...] = ()
    folder: str | None = None
    recursive: bool = False
    key: str | None = None
    stem_key: bool = False
    unique: tuple[str, ...] = ()

    def defaults(self, values: dict) -> dict:
        """`values` with the default of every field it lacks that has one."""
        for name, default in self._defaults:
            if name not in values:
                values[name] = default(values) if callable(default) else default
        return values

    @functools.cached_property
    def _defaults(self) -> tuple[tuple[str, Any], ...]:
        return tuple((name, spec.default) for name, spec in self.fields.items()
                     if isinstance(spec, Field) and spec.default is not NO_DEFAULT)


@dataclass
class Known:
    """What rules check values against, beyond the record: the members read so far (and the
    ids of member rows already reported as broken), the teams, the report's currency and
    rates, the bands, the cohorts (which surveys answer), and the content folder's assets."""

    members: dict = field(default_factory=dict)
    broken_members: set[str] = field(default_factory=set)
    currency: str | None = None
    rates: dict[str, float] = field(default_factory=dict)
    bands: tuple = ()
    cohorts: dict = field(default_factory=dict)     # id → Cohort, once read
    asset_exists: Callable[[str], bool] = lambda _name: True

    @property
    def teams(self) -> list[str]:
        return sorted({m.team for m in self.members.values() if m.team})


def paths(schema: Schema, prefix: str = "", sections: bool = False) -> Iterable[str]:
    """Every field's dotted name (`member`, `ssi.brand`, …), and each section's if asked."""
    for key, spec in schema.items():
        if isinstance(spec, Section):
            if sections:
                yield prefix + key
            yield from paths(spec.fields, f"{prefix}{key}.", sections)
        else:
            yield prefix + key
