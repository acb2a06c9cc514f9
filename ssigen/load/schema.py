"""Declared fields of every table, and the checks that turn raw values into typed ones.

Each field declares its kind; a kind parses a raw value (a CSV string or a YAML
scalar) or raises `Invalid` with what was expected. `validate_record` walks a record
against a schema, reports unknown fields with the closest known name, and returns
the typed values it could read.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import Problems, did_you_mean
from ..formats import without_bidi
from ..links import web_link
from ..model import STAGES
from .readers import Record


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
    so the whole value is not quoted after it."""

    def __init__(self, message: str, shown: bool = False):
        super().__init__(message)
        self.shown = shown


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


@dataclass(frozen=True)
class Field:
    parse: Callable[[Any, Record], Any]
    required: bool = False
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    choices: tuple[str, ...] | None = None

    def read(self, value: Any, ctx: Record) -> Any:
        if self.choices is not None:
            text = parse_text(value, ctx)
            if text not in self.choices:
                hint = did_you_mean(text, self.choices)
                raise Invalid("expected one of " + ", ".join(self.choices)
                              + (f"; {hint}" if hint else ""))
            return text
        result = self.parse(value, ctx)
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


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


BOOL = Field(parse_bool)
TEXT = Field(parse_text)
DATE = Field(parse_date)
COUNT = Field(parse_int, min=0)
PILLAR = Field(parse_number, min=0, max=25)
SCORE = Field(parse_number, min=0, max=100)
TOP_PCT = Field(parse_number, min=0, max=100, min_exclusive=True)

Schema = dict[str, "Field | dict"]

NAME = Field(short_text(200))

MEMBER_SCHEMA: Schema = {
    "id": Field(parse_id, required=True),
    "name": Field(short_text(200), required=True),
    "title": NAME,
    "team": NAME,
    "industry": NAME,
    "manager": Field(parse_id),
    "linkedin_url": Field(parse_https_url),
}

SSI_SCHEMA: Schema = {
    "brand": Field(parse_number, required=True, min=0, max=25),
    "people": Field(parse_number, required=True, min=0, max=25),
    "insights": Field(parse_number, required=True, min=0, max=25),
    "relationships": Field(parse_number, required=True, min=0, max=25),
    "total": SCORE,
    "industry_ssi": SCORE,
    "network_ssi": SCORE,
    "industry_top_pct": TOP_PCT,
    "network_top_pct": TOP_PCT,
    "industry_size": COUNT,
    "network_size": COUNT,
    "industry_name": NAME,
    # ssigen's compatible extension: the group's pillar averages, as LinkedIn's SSI
    # response gives them, so pillar bars can carry industry and network marks.
    **{f"{group}_{pillar}": PILLAR
       for group in ("industry", "network")
       for pillar in ("brand", "people", "insights", "relationships")},
}

PROFILE_BOOLS = ("photo", "banner", "custom_url", "contact_info", "location", "industry")
PROFILE_TEXTS = ("headline", "about")
PROFILE_COUNTS = ("past_positions", "education", "skills", "endorsements", "recommendations",
                  "featured", "certifications", "languages")
PROFILE_SCHEMA: Schema = {
    **{name: BOOL for name in PROFILE_BOOLS},
    **{name: TEXT for name in PROFILE_TEXTS},
    "current_position": Field(parse_position),
    **{name: COUNT for name in PROFILE_COUNTS},
}

ACTIVITY_TOTALS = ("connections", "followers", "decision_maker_connections",
                   "colleague_connections", "group_memberships")
ACTIVITY_COUNTS = ("invitations_sent", "invitations_accepted", "posts", "articles", "comments",
                   "reactions", "shares", "group_posts", "inmails_sent", "inmails_replied",
                   "searches", "profile_views", "leads_saved", "accounts_saved",
                   "profile_views_received", "post_impressions", "messages_received",
                   "active_days")
ACTIVITY_SCHEMA: Schema = {name: COUNT for name in ACTIVITY_TOTALS + ACTIVITY_COUNTS}

SECTIONS = ("ssi", "profile", "activity")
SNAPSHOT_SCHEMA: Schema = {
    "member": Field(parse_id, required=True),
    "date": Field(parse_date, required=True),
    "ssi": SSI_SCHEMA,
    "profile": PROFILE_SCHEMA,
    "activity": ACTIVITY_SCHEMA,
}

DEAL_SCHEMA: Schema = {
    "id": Field(short_text(200), required=True),
    "member": Field(parse_id, required=True),
    "account": NAME,
    "amount": Field(parse_number, required=True, min=0, max=MAX_AMOUNT),
    "currency": Field(parse_currency),
    "status": Field(parse_text, choices=("won", "open", "lost")),
    "date": Field(parse_date, required=True),
    "stage": Field(parse_text, choices=STAGES),
    "contribution": Field(parse_number, min=0, max=100),
    "meetings": COUNT,
    "verbatim": TEXT,
}

COHORT_SCHEMA: Schema = {
    "id": Field(parse_id, required=True),
    "name": Field(short_text(200), required=True),
    "start": Field(parse_date, required=True),
    "end": Field(parse_date, required=True),
    "members": Field(lambda v, ctx: _list_of(v, ctx, parse_id)),
    "team": TEXT,
    "sessions": COUNT,
    "attendance": Field(lambda v, ctx: _map_of(v, ctx, parse_int)),
    "coaching": Field(lambda v, ctx: _map_of(v, ctx, parse_int)),
    "compare_at": DATE,
}


def _list_of(value: Any, ctx: Record, parse) -> list:
    if isinstance(value, str):
        value = [v for v in re.split(r"[;,\s]+", value) if v]
    if not isinstance(value, list):
        raise Invalid("expected a list")
    return [entry(parse, item, ctx, f"item {i}") for i, item in enumerate(value, start=1)]


def _map_of(value: Any, ctx: Record, parse) -> dict:
    if not isinstance(value, dict):
        raise Invalid("expected a mapping of member id: number")
    result = {}
    for key, item in value.items():
        number = entry(parse, item, ctx, f"'{key}'")
        if number < 0:
            raise Invalid(f"'{key}': expected a number of at least 0 (got {_shown(item)})",
                          shown=True)
        result[str(key)] = number
    return result


def entry(parse, item: Any, ctx: Record, where: str):
    """One entry of a mapping or a list, whose error names the entry and its value."""
    try:
        return parse(item, ctx)
    except Invalid as exc:
        if exc.shown:
            raise Invalid(f"{where}: {exc}", shown=True) from None
        raise Invalid(f"{where}: {exc} (got {_shown(item)})", shown=True) from None


def validate_record(record: Record, schema: Schema, problems: Problems,
                    prefix: str = "", data: dict | None = None,
                    root: Schema | None = None, require: bool = True) -> dict:
    """Typed values of `record` under `schema`; every problem is added to `problems`."""
    data = record.data if data is None else data
    root = schema if root is None else root
    typed: dict = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        spec = schema.get(key)
        if spec is None:
            hint = _suggest(key, schema, prefix) or did_you_mean(path, list(_paths(root, "")))
            problems.error(record.file, record.column_line(path), path, "unknown field",
                           hint or "known fields: " + ", ".join(schema))
            continue
        if isinstance(spec, dict):
            if value is None:
                continue
            if isinstance(value, dict) and not _has_values(value):
                validate_record(record, spec, problems, path + ".", value, root, require=False)
                continue
            if not isinstance(value, dict):
                problems.error(record.file, record.line_of(path), path,
                               "expected a section of fields (a mapping)",
                               "known fields: " + ", ".join(spec))
                continue
            typed[key] = validate_record(record, spec, problems, path + ".", value, root)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            typed[key] = spec.read(value, record)
        except Invalid as exc:
            problems.error(record.file, record.line_of(path), path,
                           str(exc) if exc.shown else f"{exc} (got {_shown(value)})")
    if require:
        for key, spec in schema.items():
            if isinstance(spec, Field) and spec.required and key not in typed \
                    and not _present(data.get(key)):
                problems.error(record.file, record.line, f"{prefix}{key}",
                               "required field is missing")
    return typed


def _has_values(data: dict) -> bool:
    return any(_has_values(v) if isinstance(v, dict) else _present(v) for v in data.values())


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _suggest(key: str, schema: Schema, prefix: str) -> str | None:
    match = did_you_mean(key, schema)
    return match and match.replace("'", f"'{prefix}", 1)


def _paths(schema: Schema, prefix: str):
    for key, spec in schema.items():
        yield prefix + key
        if isinstance(spec, dict):
            yield from _paths(spec, f"{prefix}{key}.")


def _shown(value: Any) -> str:
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
