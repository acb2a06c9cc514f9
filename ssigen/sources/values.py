"""What every source reader shares: the reading it makes, its error, and careful parsing of
JSON values (numbers, text, dates) into what the loader's schema will accept."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..csvsafe import spreadsheet_safe
from ..errors import Problems
from ..load.files import read_bytes
from ..load.kinds import Invalid, parse_text
from ..load.records import Record
from ..model import PILLARS

COLUMNS = ("member", "date", *(f"ssi.{p}" for p in PILLARS), "ssi.total",
           "ssi.industry_ssi", "ssi.industry_top_pct", "ssi.industry_size", "ssi.industry_name",
           "ssi.network_ssi", "ssi.network_top_pct", "ssi.network_size",
           *(f"ssi.{g}_{p}" for g in ("industry", "network") for p in PILLARS))
TEXT_COLUMNS = frozenset({"ssi.industry_name"})


class SourceError(ValueError):
    """A file that cannot be imported; the message names the file and what is wrong.
    `messages`: one per file, when several files are wrong."""

    def __init__(self, message: str, messages: list[str] | None = None):
        super().__init__(message)
        self.messages = messages or [message]


@dataclass(frozen=True)
class Reading:
    member: str
    date: dt.date
    values: dict[str, object]
    source: str
    where: str = ""
    origins: dict[str, str] = field(default_factory=dict, compare=False)

    def cells(self, decimal_comma: bool = False) -> dict[str, str]:
        """The reading as CSV cells, by column name: what the file will hold."""
        row = {"member": self.member, "date": self.date.isoformat()}
        for column in COLUMNS[2:]:
            value = self.values.get(column.removeprefix("ssi."))
            if value is None:
                continue
            text = cell_text(value, decimal_comma)
            row[column] = spreadsheet_safe(text) if column in TEXT_COLUMNS else text
        return row


def cell_text(value, decimal_comma: bool = False) -> str:
    """A value as a CSV cell writes it: a float without trailing zeros, in the file's
    decimal form."""
    if isinstance(value, float):
        text = f"{value + 0.0:.6f}".rstrip("0").rstrip(".")
        text = "0" if text == "-0" else text
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def shown(value) -> str:
    """A JSON value as a message can quote it: short, whatever its type or size."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, int):
        text = str(value)
    else:
        text = repr(str(value))
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- reading files

def source_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, read as the loader reads any file (a regular file of at most
    50 MB, checked before it is opened); the first problem becomes the error."""
    problems = Problems()
    raw = read_bytes(path, name, problems)
    if raw is None:
        raise SourceError(str(problems.errors[0]))
    return raw



def parse_json(text: str, where: str, line_of_error: bool = True):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = f"{where}:{exc.lineno}" if line_of_error else where
        raise SourceError(f"{place}: not valid JSON ({exc.msg}); is the file "
                          "complete?") from None
    except RecursionError:
        raise SourceError(f"{where}: not valid JSON (nested too deeply)") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise SourceError(f"{where}: not valid JSON for ssigen (a number of more than "
                          "4,300 digits)") from None



def json_number(value, where: str, low: float, high: float, *, above_low: bool = False) -> float:
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise SourceError(f"{where}: expected a number, got {shown(value)}") from None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any float
            number = math.inf
    else:
        raise SourceError(f"{where}: expected a number, got {shown(value)}")
    if not math.isfinite(number) or number < low or number > high \
            or (above_low and number <= low):
        text = f"{number:g}" if math.isfinite(number) else shown(value)
        raise SourceError(f"{where}: {text} is out of range ({low:g}–{high:g})")
    return number + 0.0  # -0 is 0


def object_of(value, where: str, what: str = "an object") -> dict:
    if not isinstance(value, dict):
        raise SourceError(f"{where}: expected {what}, got {shown(value)}")
    return value


def name_text(value, where: str) -> str | None:
    """Text as the loader's schema will read it (bidi controls removed, trimmed), or None
    when there is none."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(f"{where}: expected text, got {shown(value)}")
    try:
        text = parse_text(value, Record(where, None, {}))
        text.encode("utf-8")
    except Invalid as exc:
        raise SourceError(f"{where}: {exc}") from None
    except UnicodeEncodeError:
        raise SourceError(f"{where}: is not valid Unicode text (a lone surrogate "
                          "escape?)") from None
    if "\x00" in text:
        raise SourceError(f"{where}: contains a NUL character")
    return text or None



DATE_RE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?\s*")


def date_of(value, where: str) -> dt.date:
    """A date YYYY-MM-DD (a time after it is ignored), or a Unix time in seconds or
    milliseconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            if not (isinstance(value, int) or math.isfinite(value)) or value < 0:
                raise ValueError
            seconds = value / 1000 if value > 1e11 else value
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise SourceError(f"{where}: {shown(value)} is not a date (expected YYYY-MM-DD "
                              "or a Unix time)") from None
    match = DATE_RE.fullmatch(value) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise SourceError(f"{where}: expected a date YYYY-MM-DD, got {shown(value)}") from None


