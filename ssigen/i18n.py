"""Words the report writes, and the catalog that translates them for a locale."""
from __future__ import annotations

import gettext


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


def translations(locale: str) -> gettext.NullTranslations:
    return gettext.NullTranslations()
