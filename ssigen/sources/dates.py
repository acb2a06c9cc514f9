"""Dates as exports write them: ISO, M/D/YYYY or D/M/YYYY, or an Excel date cell.

A file writes all its dates in one order. The order is taken from the file when a day above
12 decides it, else from `--date-order`, else the import stops and asks (SOURCES.md §3).
"""
from __future__ import annotations

import datetime as dt
import re

from .values import SourceError

SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
ORDERS = ("dmy", "mdy")


def date_order(cells: list[tuple[str, object]], given: str | None, file: str) -> str | None:
    """The order of slashed dates in `file`: 'dmy' or 'mdy' (None: it writes none).
    `cells` are (where, value) pairs."""
    firsts, seconds, seen = False, False, False
    for _where, value in cells:
        match = SLASHED.fullmatch(value.strip()) if isinstance(value, str) else None
        if match:
            seen = True
            firsts |= int(match[1]) > 12
            seconds |= int(match[2]) > 12
    if not seen:
        return given
    if firsts and seconds:
        where = next(w for w, v in cells if isinstance(v, str) and SLASHED.fullmatch(v.strip()))
        raise SourceError(f"{where}: its dates are written both day first and month first "
                          "(some have a first part above 12, others a second part above 12)")
    found = "dmy" if firsts else "mdy" if seconds else None
    if found and given and found != given:
        raise SourceError(f"{file}: --date-order {given} does not "
                          f"fit its dates, which are written {_spelled(found)}")
    if found is None and given is None:
        raise SourceError(f"{file}: no date has a day above 12, so whether 03/04/2026 is "
                          "4 March or 3 April cannot be decided: give --date-order mdy "
                          "(month first, as US exports write) or --date-order dmy")
    return found or given


def _spelled(order: str) -> str:
    return "day first (D/M/YYYY)" if order == "dmy" else "month first (M/D/YYYY)"


def parse_export_date(value: object, order: str | None, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if match := ISO.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if (match := SLASHED.fullmatch(text)) and order:
            a, b, year = int(match[1]), int(match[2]), int(match[3])
            day, month = (a, b) if order == "dmy" else (b, a)
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise SourceError(f"{where}: '{text[:40]}' is not a date (expected YYYY-MM-DD, M/D/YYYY "
                      "or D/M/YYYY)")
