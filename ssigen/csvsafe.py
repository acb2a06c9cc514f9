"""The one guard for every CSV file ssigen writes: a cell a spreadsheet would run as a
formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) gets a leading apostrophe."""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that would start a formula, made inert; numbers and other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    """A CSV row: None as an empty cell, text made inert."""
    return ["" if v is None else spreadsheet_safe(v) for v in values]
