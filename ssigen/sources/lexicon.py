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
    """The decision-maker words, ready to match titles against (a title met before is
    answered at once: a team's connections share few titles)."""

    def __init__(self, extra: tuple[str, ...] = ()):
        phrases = dict.fromkeys(f for f in map(folded, (*DECISION_MAKER_WORDS, *extra)) if f)
        self.pattern = re.compile(r"(?<!\S)(?:" + "|".join(
            map(re.escape, sorted(phrases, key=len, reverse=True))) + r")(?!\S)")
        self.seen: dict[str, bool] = {}

    def decides(self, title: str) -> bool:
        found = self.seen.get(title)
        if found is None:
            found = self.seen[title] = self.pattern.search(folded(title)) is not None
        return found
