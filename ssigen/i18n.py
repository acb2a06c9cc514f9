"""Words the report writes, and the catalog that translates them for a locale.

Catalogs are the `.po` files in `ssigen/locale/`; a build compiles one when it first needs
it and keeps it in the user's cache folder under its .po file's hash, so the package holds
no compiled file to forget. README says how to extract and update them.
"""
from __future__ import annotations

import gettext
import hashlib
import io
import struct
from functools import lru_cache
from pathlib import Path

from .cache import kept

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LOCALES = ("en", "fr", "it", "nl")
# Each locale's number and date conventions in Vega (d3 locale names, as vl-convert ships).
CHART_LOCALES = {"en": "en-US", "fr": "fr-FR", "it": "it-IT", "nl": "nl-NL"}


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


PILLAR_NAMES = {
    "brand": N_("Establish your professional brand"),
    "people": N_("Find the right people"),
    "insights": N_("Engage with insights"),
    "relationships": N_("Build relationships"),
}
PILLAR_SHORT = {
    "brand": N_("Brand"),
    "people": N_("People"),
    "insights": N_("Insights"),
    "relationships": N_("Relationships"),
}


STAGE_NAMES = {
    "find_account": N_("Finding the account"),
    "find_prospect": N_("Finding the prospect"),
    "start_conversation": N_("Starting a conversation"),
    "new_contacts": N_("New contacts on the deal"),
    "anticipate_rfp": N_("Anticipating a tender"),
    "other": N_("Other"),
    "none": N_("No decisive role"),
}
STATUS_NAMES = {"won": N_("won"), "open": N_("open"), "lost": N_("lost")}
BAND_NAMES = (N_("foundations missing"), N_("foundations in place"),
              N_("active social seller"), N_("expert"))


@lru_cache(maxsize=None)
def translations(locale: str) -> gettext.NullTranslations:
    """The catalog of `locale`; English, the language of the source, needs none. The
    catalog is compiled from its .po file once and kept in the cache folder, as reading a
    .po file with Babel costs more than a small build's pages."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == "en" or not path.is_file():
        return gettext.NullTranslations()
    source = path.read_bytes()
    catalog = kept("catalogs", f"{locale}-{hashlib.sha256(source).hexdigest()[:16]}.mo",
                   lambda: _compiled(source, locale))
    try:
        return gettext.GNUTranslations(io.BytesIO(catalog))
    except (OSError, ValueError, IndexError, struct.error):   # a damaged cache entry
        return gettext.GNUTranslations(io.BytesIO(_compiled(source, locale)))


def _compiled(source: bytes, locale: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = io.BytesIO()
    write_mo(compiled, read_po(io.BytesIO(source), locale=locale))
    return compiled.getvalue()


def extract_rubric(fileobj, keywords, comment_tags, options):
    """Babel extractor for the default rubric: each criterion's label and advice."""
    import yaml

    document = yaml.safe_load(fileobj.read().decode("utf-8")) or {}
    for pillar, criteria in document.items():
        for criterion in criteria or []:
            for key in ("label", "advice"):
                if criterion.get(key):
                    yield 0, "_", criterion[key], [f"rubric: {pillar}.{criterion['id']}.{key}"]
