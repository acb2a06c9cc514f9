"""Who decides purchases: the words of a job title that make a connection a decision maker.

The one declared list (English, French, Italian, Dutch); `decision_maker_words` in
ssigen.yml adds words to it. A title matches a word or phrase only whole, case and accents
ignored: "Head of Sales" is one, "Headhunter" is not; "Sales Manager" is not (manager alone
decides little), "General Manager" is.
"""
from __future__ import annotations

import re
import unicodedata

DECISION_MAKER_WORDS = (
    # English
    "chief", "ceo", "cfo", "coo", "cto", "cio", "cmo", "president", "vice president", "vp",
    "director", "head", "owner", "founder", "co-founder", "partner", "managing director",
    "general manager",
    # French
    "directeur", "directrice", "président", "présidente", "gérant", "gérante", "fondateur",
    "fondatrice",
    # Italian
    "direttore", "direttrice", "amministratore delegato", "presidente", "titolare",
    "fondatore", "socio",
    # Dutch
    "eigenaar", "oprichter", "bestuurder", "voorzitter", "hoofd",
)


def folded(text: str) -> str:
    """Lower case, no accents, words separated by one space: what titles are compared as."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.split(r"[^\w]+|_", text)).strip()


class Lexicon:
    """The decision-maker words, ready to match titles against."""

    def __init__(self, extra: tuple[str, ...] = ()):
        self.phrases = tuple(dict.fromkeys(f" {folded(w)} " for w in
                                           (*DECISION_MAKER_WORDS, *extra) if folded(w)))

    def decides(self, title: str) -> bool:
        text = f" {folded(title)} "
        return any(phrase in text for phrase in self.phrases)
