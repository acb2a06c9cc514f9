"""Numbers, percentages, money and dates written the way the report's locale writes them."""
from __future__ import annotations

import datetime as dt

from functools import lru_cache
from typing import Callable

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
    return number_writer(digits, locale)(value)


@lru_cache(maxsize=None)
def number_writer(digits: int = 2, locale: str = "en") -> Callable[[float | None], str]:
    """`number` with its digits and locale settled once, for the thousands of cells of a
    site's tables."""
    spec, symbols = f",.{digits}f", _symbols(locale)
    written: dict = {}   # a site's tables repeat the same few thousand values

    def write(value: float | None) -> str:
        text = written.get(value)
        if text is not None:
            return text
        if value is None:
            return DASH
        text = format(value, spec)
        if text[0] == "-" and text.strip("-0.,") == "":
            text = text[1:]
        if symbols:
            text = text.translate(symbols)
        if len(written) >= NUMBERS_KEPT:
            written.clear()
        written[value] = text
        return text
    return write


NUMBERS_KEPT = 50_000


@lru_cache(maxsize=None)
def _symbols(locale: str) -> dict[int, str]:
    """Python's ',' '.' '-' as the locale writes them; empty where they are Python's own
    (English), so that no translation is made."""
    parsed = Locale.parse(locale)
    table = {",": get_group_symbol(parsed), ".": get_decimal_symbol(parsed),
             "-": get_minus_sign_symbol(parsed)}
    if all(key == value for key, value in table.items()):
        return {}
    return str.maketrans(table)


def signed(value: float | None, digits: int = 2, locale: str = "en") -> str:
    """A difference with its sign: +1.50, −0.25."""
    if value is None:
        return DASH
    text = number(abs(value), digits, locale)
    if _shows_zero(text):
        return text
    return ("+" if value > 0 else "\u2212") + text


def _shows_zero(text: str) -> bool:
    """True when a formatted number rounds to zero, whatever the locale's symbols."""
    return not any(c.isdigit() and c != "0" for c in text)


def percent(value: float | None, digits: int = 0, locale: str = "en") -> str:
    """`value` is already a percentage (42 → "42 %" in French, "42%" in English)."""
    if value is None:
        return DASH
    prefix, suffix = _affixes(locale, "percent", "")
    return _with_affixes(value, digits, locale, prefix, suffix)


def money(value: float | None, currency: str, locale: str = "en") -> str:
    """Whole units with the locale's symbol and placement: €1,234 / 1 234 € / € 1.234."""
    if value is None:
        return DASH
    prefix, suffix = _affixes(locale, "currency", currency)
    return _with_affixes(value, 0, locale, prefix, suffix)


def _with_affixes(value: float, digits: int, locale: str, prefix: str, suffix: str) -> str:
    text = number(abs(value), digits, locale)
    sign = "-" if value < 0 and not _shows_zero(text) else ""
    if sign:
        sign = sign.translate(_symbols(locale))
    return f"{sign}{prefix}{text}{suffix}"


@lru_cache(maxsize=None)
def _affixes(locale: str, kind: str, currency: str) -> tuple[str, str]:
    """What the locale writes before and after a percentage or an amount, read once from
    Babel's own formatting of a sample value."""
    sample = number(1234, 0, locale)
    if kind == "percent":
        text = format_percent(12.34, locale=locale)
    else:
        pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
        text = format_currency(1234, currency, format=pattern.replace(".00", ""),
                               locale=locale, currency_digits=False)
    where = text.find(sample)
    return text[:where], text[where + len(sample):]


def date(value: dt.date | None, locale: str = "en", style: str = "medium") -> str:
    if value is None:
        return DASH
    return _date(value, locale, style)


@lru_cache(maxsize=4096)
def _date(value: dt.date, locale: str, style: str) -> str:
    return format_date(value, style, locale=locale)
