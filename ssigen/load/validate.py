"""Check a record against its table's schema: known fields, kinds, ranges, required fields,
defaults, then the rules. Every problem goes to one `Problems` list, with its line."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problems, did_you_mean
from .fields import Known, Rule, Schema, Section, Table, paths, required
from .kinds import Invalid, shown
from .records import Record


@dataclass
class Checked:
    """A record's typed values (defaults included) and the fields that could not be read."""

    values: dict
    failed: set[str] = field(default_factory=set)
    complete: bool = True   # every required field was read

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def read_record(record: Record, table: Table, known: Known, problems: Problems,
                prefix: str = "") -> Checked:
    """The record's values under `table` (its own rules are `check_rules`' job); `prefix`
    names its fields where they sit inside a larger document."""
    failed: set[str] = set()
    typed = validate_record(record, table.fields, problems, prefix, known=known,
                            failed=failed)
    complete = all(name in typed for name in _required(table.fields))
    return Checked(table.defaults(typed), failed, complete)


def check_rules(record: Record, rules: tuple[Rule, ...], checked: Checked, known: Known,
                problems: Problems, prefix: str = "") -> bool:
    """True when no error rule is broken; each broken rule is reported at its field."""
    ok = True
    for rule in rules:
        if checked.failed and any(_within(f"{prefix}{name}", path) for name in rule.reads
                                  for path in checked.failed):
            continue
        result = rule.check(checked.values, known)
        if not result:
            continue   # the rule holds: what nearly every record of a large table does
        for name, message, hint in _faults(rule, result):
            path = f"{prefix}{name}" if name else None
            line = record.line if rule.at_record or not path else record.line_of(path)
            add = problems.warning if rule.severity == "warning" else problems.error
            add(record.file, line, path, message, hint)
            if rule.severity != "warning":
                ok = False
                checked.failed.add(path or prefix.rstrip(".") or "")
    return ok


def _within(name: str, path: str) -> bool:
    return path == name or path.startswith(name + ".")


def _faults(rule: Rule, result) -> list[tuple[str | None, str, str | None]]:
    """A broken rule's result as (field, message, hint) faults."""
    if isinstance(result, str):
        return [(rule.field, result, None)]
    if isinstance(result, tuple):
        return [(rule.field, *result)]
    return list(result)


def validate_record(record: Record, schema: Schema, problems: Problems,
                    prefix: str = "", data: dict | None = None,
                    root: Schema | None = None, require: bool = True,
                    known: Known | None = None, failed: set[str] | None = None) -> dict:
    """Typed values of `record` under `schema`; every problem is added to `problems`, and the
    path of every field that could not be read to `failed`."""
    data = record.data if data is None else data
    root = schema if root is None else root
    failed = set() if failed is None else failed
    typed: dict = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        spec = schema.get(key)
        if spec is None:
            hint = _suggest(key, schema, prefix) or did_you_mean(
                path, list(paths(root, sections=True)))
            problems.error(record.file, record.column_line(path), path, "unknown field",
                           hint or "known fields: " + ", ".join(schema))
            continue
        if isinstance(spec, Section):
            section = _section(record, spec, path, value, problems, root, known, failed)
            if section is not None:
                typed[key] = section
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # absent (inlined: the loop runs for every cell of a large table)
        try:
            typed[key] = spec.read(value, record)
        except Invalid as exc:
            failed.add(path)
            problems.error(record.file, record.line_of(path), path,
                           str(exc) if exc.shown else f"{exc} (got {shown(value)})", exc.hint)
    if require:
        for key in _required(schema):
            if key not in typed and f"{prefix}{key}" not in failed:
                failed.add(f"{prefix}{key}")
                if not present(data.get(key)):
                    problems.error(record.file, record.line, f"{prefix}{key}",
                                   "required field is missing")
    return typed


def _section(record: Record, spec: Section, path: str, value: Any, problems: Problems,
             root: Schema, known: Known | None, failed: set[str]) -> dict | None:
    """A section's values; None when it is absent, lacks a required field or breaks a rule."""
    if value is None:
        return None
    if isinstance(value, dict) and not has_values(value):
        validate_record(record, spec.fields, problems, path + ".", value, root, require=False)
        return None
    if not isinstance(value, dict):
        failed.add(path)
        problems.error(record.file, record.line_of(path), path,
                       "expected a section of fields (a mapping)",
                       "known fields: " + ", ".join(spec.fields))
        return None
    inner: set[str] = set()
    typed = validate_record(record, spec.fields, problems, path + ".", value, root,
                            known=known, failed=inner)
    failed |= inner
    if any(name not in typed for name in spec.required):
        return None
    if not spec.rules:
        return typed
    checked = Checked(typed, inner)
    if not check_rules(record, spec.rules, checked, known or Known(), problems, path + "."):
        failed |= checked.failed
        return None
    return typed


_REQUIRED: dict[int, tuple[str, ...]] = {}


def _required(schema: Schema) -> tuple[str, ...]:
    """A schema's required fields, worked out once per schema (tables have many rows)."""
    found = _REQUIRED.get(id(schema))
    if found is None:
        found = _REQUIRED[id(schema)] = required(schema)
    return found


def has_values(data: dict) -> bool:
    return any(has_values(v) if isinstance(v, dict) else present(v) for v in data.values())


def present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _suggest(key: str, schema: Schema, prefix: str) -> str | None:
    match = did_you_mean(key, schema)
    return match and match.replace("'", f"'{prefix}", 1)
