"""Kinds of value: each turns a raw value (a CSV string or a YAML scalar) into a typed one,
or raises `Invalid` saying what was expected. The schema gives every field one kind."""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..formats import without_bidi
from ..links import EMAIL_RE, contact_link, web_link
from ..model import Band
from .records import Record

MAX_TEXT = 20_000
# Every number is at most 10^15 and a deal at most 10^12 (a rate at most 10^6): sums over
# any table ssigen can read stay finite, so no "inf" reaches a page, a chart or a JSON file.
MAX_NUMBER = 1e15
MAX_AMOUNT = 1e12
MAX_RATE = 1e6
TOO_LARGE = "expected a number of a sensible size (at most 10^15)"


class Invalid(ValueError):
    """A raw value does not have the expected form; the message says what was expected.
    `shown`: the message already quotes the faulty part (an entry of a mapping or list),
    so the whole value is not quoted after it; `hint`: the closest valid value, or where to
    look."""

    def __init__(self, message: str, shown: bool = False, hint: str | None = None):
        super().__init__(message)
        self.shown = shown
        self.hint = hint


TRUE_WORDS = {"true", "yes", "y", "1", "x", "on", "oui", "vrai", "si", "sì", "ja", "waar"}
FALSE_WORDS = {"false", "no", "n", "0", "off", "non", "faux", "nee", "onwaar", "-"}
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
CURRENCY_RE = re.compile(r"[A-Z]{3}")


def parse_bool(value: Any, _ctx: Record) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS:
        return True
    if isinstance(value, str) and value.strip().lower() in FALSE_WORDS:
        return False
    raise Invalid("expected true or false")


def parse_number(value: Any, ctx: Record) -> float:
    if isinstance(value, bool):
        raise Invalid("expected a number")
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        raise Invalid(TOO_LARGE)
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if "," in text:
            if not ctx.decimal_comma and ctx.header_line is not None:
                raise Invalid("expected a number with a decimal point "
                              "(a decimal comma needs ';' as the CSV delimiter)")
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise Invalid("expected a number") from None
    else:
        raise Invalid("expected a number")
    if not math.isfinite(number):
        raise Invalid("expected a finite number")
    if abs(number) > MAX_NUMBER:
        raise Invalid(TOO_LARGE)
    return number + 0.0  # -0 is 0


def parse_int(value: Any, ctx: Record) -> int:
    number = parse_number(value, ctx)
    if number != int(number):
        raise Invalid("expected a whole number")
    return int(number)


def parse_text(value: Any, _ctx: Record) -> str:
    if isinstance(value, bool):
        raise Invalid("expected text (quote it in YAML)")
    if not isinstance(value, (str, int, float, dt.date)):
        raise Invalid("expected text")  # None, a list, a mapping, !!binary, !!set…
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = without_bidi(str(value)).strip()
    if len(text) > MAX_TEXT:
        raise Invalid(f"expected at most {MAX_TEXT:,} characters, got {len(text):,}")
    return text


def short_text(limit: int):
    """One line of at most `limit` characters (names, titles: what fits on a page). A name
    running over lines is most often a CSV quote left open, which swallows the next rows."""
    def parse(value: Any, ctx: Record) -> str:
        text = parse_text(value, ctx)
        if len(text) > limit:
            raise Invalid(f"expected at most {limit} characters, got {len(text):,}")
        if "\n" in text or "\r" in text:
            raise Invalid("expected one line of text; in a CSV file, is a closing quote "
                          "missing?")
        return text
    return parse


def parse_date(value: Any, _ctx: Record) -> dt.date:
    if isinstance(value, dt.datetime):
        raise Invalid("expected a date YYYY-MM-DD without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid("is not a real calendar date") from None
    raise Invalid("expected a date YYYY-MM-DD")


# Names Windows reserves for devices: a page people/nul.html cannot be opened there.
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                             *(f"lpt{i}" for i in range(10))})


def parse_id(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx)
    if not ID_RE.fullmatch(text):
        raise Invalid("expected an id of lower-case letters, digits and '-', "
                      "starting with a letter or digit, at most 64 characters")
    if text in WINDOWS_DEVICES:
        raise Invalid(f"'{text}' is a device name on Windows, where a page named after it "
                      "cannot be opened; choose another id")
    return text


def parse_http_url(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx)
    if web_link(text) is None:
        raise Invalid("expected an absolute http(s) URL")
    return text


def parse_https_url(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx)
    if web_link(text, ("https",)) is None:
        raise Invalid("expected an https:// URL")
    return text


def parse_currency(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx).upper()
    if not CURRENCY_RE.fullmatch(text):
        raise Invalid("expected a three-letter ISO 4217 currency code such as EUR")
    return text


def parse_position(value: Any, ctx: Record):
    """`current_position`: a bool, or a mapping with a title and a description."""
    if isinstance(value, dict):
        unknown = set(value) - {"title", "description"}
        if unknown:
            raise Invalid(f"unknown key '{sorted(unknown)[0]}' "
                          "(expected 'title' and 'description')")
        return {k: parse_text(v, ctx) for k, v in value.items() if v is not None}
    return parse_bool(value, ctx)


def list_of(parse):
    """A list (in CSV: values separated by ',', ';' or spaces) of values of one kind."""
    def parse_list(value: Any, ctx: Record) -> tuple:
        if isinstance(value, str):
            value = [v for v in re.split(r"[;,\s]+", value) if v]
        if not isinstance(value, list):
            raise Invalid("expected a list")
        return tuple(entry(parse, item, ctx, f"item {i}")
                     for i, item in enumerate(value, start=1))
    return parse_list


def counts_by_member(value: Any, ctx: Record) -> dict[str, int]:
    """A mapping of member id: a whole number of at least 0 (sessions attended, …)."""
    if not isinstance(value, dict):
        raise Invalid("expected a mapping of member id: number")
    result = {}
    for key, item in value.items():
        number = entry(parse_int, item, ctx, f"'{key}'")
        if number < 0:
            raise Invalid(f"'{key}': expected a number of at least 0 (got {shown(item)})",
                          shown=True)
        result[str(key)] = number
    return result


def entry(parse, item: Any, ctx: Record, where: str):
    """One entry of a mapping or a list, whose error names the entry and its value."""
    try:
        return parse(item, ctx)
    except Invalid as exc:
        if exc.shown:
            raise Invalid(f"{where}: {exc}", shown=True, hint=exc.hint) from None
        raise Invalid(f"{where}: {exc} (got {shown(item)})", shown=True, hint=exc.hint) \
            from None


def shown(value: Any) -> str:
    """A value as an error message quotes it: short, and never Python's inner workings."""
    if isinstance(value, (list, dict, set, frozenset)):
        kind = "list" if isinstance(value, list) else \
            "mapping" if isinstance(value, dict) else "set"
        return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 57 else f"'{value[:54]}…'"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# -- the kinds of ssigen.yml's own options ------------------------------------------------

def parse_rates(value: Any, ctx: Record) -> dict[str, float]:
    """Currency code: how many units of the report's currency one unit of it is worth."""
    if not isinstance(value, dict):
        raise Invalid("expected a mapping of currency code: rate, such as USD: 0.92")
    rates = {}
    for code, rate in value.items():
        where = f"rate for {code}"
        if str(code) in ("True", "False"):
            raise Invalid(f"{where}: YAML reads NO, YES, ON and OFF as true or false; "
                          "quote the code ('NO')", shown=True)
        number = entry(parse_number, rate, ctx, where)
        if not 0 < number <= MAX_RATE:
            raise Invalid(f"{where}: expected a number above 0 and at most "
                          f"{MAX_RATE:,.0f} (got {number:g})", shown=True)
        rates[entry(parse_currency, code, ctx, f"currency {code}")] = number
    return rates


def parse_bands(value: Any, ctx: Record) -> tuple[Band, ...]:
    """A list of {min, label}, lowest first."""
    if not isinstance(value, list) or not value:
        raise Invalid("expected a list of {min, label}, lowest first")
    bands = []
    for index, item in enumerate(value, start=1):
        where = f"band {index}"
        if not isinstance(item, dict) or set(item) != {"min", "label"}:
            raise Invalid(f"{where}: expected exactly the keys 'min' and 'label'", shown=True)
        minimum = entry(parse_number, item["min"], ctx, f"{where}: min")
        if not 0 <= minimum <= 100:
            raise Invalid(f"{where}: min must be between 0 and 100 (got {minimum:g})",
                          shown=True)
        label = entry(parse_text, item["label"], ctx, f"{where}: label") \
            if item["label"] is not None else ""
        if not label:
            raise Invalid(f"{where}: the label is empty", shown=True)
        bands.append(Band(minimum, label))
    if any(later.min <= earlier.min for earlier, later in zip(bands, bands[1:])):
        raise Invalid("bands must be in ascending order of min, without repeats")
    return tuple(bands)


def parse_contact(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx)
    if contact_link(text) is None:
        raise Invalid("expected a web address (https://…) or an e-mail address")
    return text


def parse_email(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx).removeprefix("mailto:")
    if len(text) > 254 or not EMAIL_RE.fullmatch(text):
        raise Invalid("expected an e-mail address such as name@example.com", shown=True)
    return text


def parse_color(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", text):
        raise Invalid("expected a hex colour such as #0a66c2")
    return text
