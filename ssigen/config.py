"""`ssigen.yml`: the project settings, each option declared with the check it needs."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import Problems
from .load.readers import LineDict, Record, read_yaml
from .links import contact_link
from .load.schema import (BOOL, DATE, MAX_RATE, TEXT, Field, entry, Invalid, parse_currency,
                          parse_http_url, parse_int,
                          parse_number, parse_text, validate_record)
from .model import DEFAULT_BANDS, Band, Brand, Config

from .i18n import LOCALES
CONFIG_FILE = "ssigen.yml"


def _parse_rates(value: Any, ctx: Record) -> dict[str, float]:
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


def _parse_bands(value: Any, ctx: Record) -> tuple[Band, ...]:
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


def _parse_contact(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx)
    if contact_link(text) is None:
        raise Invalid("expected a web address (https://…) or an e-mail address")
    return text


def _parse_color(value: Any, ctx: Record) -> str:
    text = parse_text(value, ctx)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", text):
        raise Invalid("expected a hex colour such as #0a66c2")
    return text


CONFIG_SCHEMA = {
    "title": Field(parse_text, required=True),
    "client": TEXT,
    "prepared_by": TEXT,
    "contact": Field(_parse_contact),
    "locale": Field(parse_text, choices=LOCALES),
    "currency": Field(parse_currency),
    "rates": Field(_parse_rates),
    "as_of": DATE,
    "bands": Field(_parse_bands),
    "activity_window_days": Field(parse_int, min=1),
    "site_url": Field(parse_http_url),
    "anonymize": BOOL,
    "brand": {"logo": TEXT, "primary_color": Field(_parse_color)},
}


def read_config(root: Path, problems: Problems) -> Config | None:
    path = root / CONFIG_FILE
    if not path.exists():
        problems.error(CONFIG_FILE, None, None, "the content folder has no ssigen.yml",
                       "run 'ssigen init' to start one, or point to the right folder")
        return None
    doc = read_yaml(path, CONFIG_FILE, problems)
    if doc is None:
        if not problems.errors:
            problems.error(CONFIG_FILE, None, "title", "file is empty; 'title' is required")
        return None
    if not isinstance(doc, LineDict):
        problems.error(CONFIG_FILE, 1, None, "expected a mapping of option: value")
        return None
    lines: dict[str, int] = {}
    for key, line in doc.key_lines.items():
        lines[key] = line
        if isinstance(doc[key], LineDict):
            for sub, subline in doc[key].key_lines.items():
                lines[f"{key}.{sub}"] = subline
    before = len(problems.errors)
    typed = validate_record(Record(CONFIG_FILE, doc.line, doc, lines), CONFIG_SCHEMA, problems)
    if len(problems.errors) > before and "title" not in typed:
        return None
    brand = typed.pop("brand", {})
    typed.setdefault("title", "")
    return Config(**typed, brand=Brand(**brand))


__all__ = ["Config", "read_config", "DEFAULT_BANDS", "LOCALES"]
