"""Numbers, percentages, money and dates written the way the report's locale writes them."""
from __future__ import annotations

import datetime as dt

from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import (format_currency, format_percent, get_decimal_symbol,
                           get_group_symbol, get_minus_sign_symbol)

DASH = "–"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_bidi(text: str) -> str:
    """Text without the characters that reorder it on screen (bidi embeddings, overrides,
    isolates), so a name from the data cannot disguise itself or what follows it."""
    return text.translate(BIDI_CONTROLS)


def number(value: float | None, digits: int = 2, locale: str = "en") -> str:
    """Grouped thousands and `digits` decimals in the locale's symbols (1,234.50 in English,
    1 234,50 in French). Python rounds, as ranks do, so a shown score and its rank agree;
    and Python formats, which is many times faster than Babel on the hot path of a build."""
    if value is None:
        return DASH
    text = f"{value:,.{digits}f}"
    if text.startswith("-") and text.strip("-0.,") == "":
        text = text[1:]
    return text.translate(_symbols(locale))


@lru_cache(maxsize=None)
def _symbols(locale: str) -> dict[int, str]:
    """Python's ',' '.' '-' as the locale writes them."""
    parsed = Locale.parse(locale)
    return str.maketrans({",": get_group_symbol(parsed), ".": get_decimal_symbol(parsed),
                          "-": get_minus_sign_symbol(parsed)})


def signed(value: float | None, digits: int = 2, locale: str = "en") -> str:
    """A difference with its sign: +1.50, −0.25."""
    if value is None:
        return DASH
    text = number(abs(value), digits, locale)
    if text.strip("0.,\u00a0 ") == "":
        return text
    return ("+" if value > 0 else "\u2212") + text


def percent(value: float | None, digits: int = 0, locale: str = "en") -> str:
    """`value` is already a percentage (42 → "42 %" in French, "42%" in English)."""
    if value is None:
        return DASH
    return format_percent(value / 100, format=_pattern(locale, "percent", digits), locale=locale)


def money(value: float | None, currency: str, locale: str = "en") -> str:
    if value is None:
        return DASH
    return format_currency(value, currency, format=_pattern(locale, "currency", 0),
                           locale=locale, currency_digits=False)


def date(value: dt.date | None, locale: str = "en", style: str = "medium") -> str:
    if value is None:
        return DASH
    return format_date(value, style, locale=locale)


@lru_cache(maxsize=None)
def _pattern(locale: str, kind: str, digits: int) -> str:
    """The locale's own percent or currency pattern, with `digits` decimals."""
    formats = Locale.parse(locale).percent_formats if kind == "percent" \
        else Locale.parse(locale).currency_formats
    pattern = formats[None if kind == "percent" else "standard"].pattern.split(";")[0]
    decimals = "." + "0" * digits if digits else ""
    return pattern.replace("#,##0.00", "#,##0").replace("#,##0", "#,##0" + decimals)
