"""The profile and activity facts of a LinkedIn archive, as SOURCES.md §1 derives them.

Pure functions of the archive's rows, its date and the window: a fact the archive cannot
give is absent ("no data"), never 0. A Basic archive has no activity files, so their facts
are absent; a Complete archive leaves out a file that would be empty, so there a missing
activity file counts 0. Events count when `date − window < their day ≤ date` (UTC).
"""
from __future__ import annotations

import datetime as dt
import re

from .archive import Archive
from .lexicon import Lexicon
from .values import SourceError

MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                      "sep", "oct", "nov", "dec"), start=1)}


ISO_DAY = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T][\d:.]+)?(?: ?UTC| ?Z)?")
DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})")
US_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?(?: .*)?")
JAVA_DAY = re.compile(r"[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) [\d:]+ \w+ (\d{4})")


def _day(text: str) -> dt.date:
    """Any of the archive's date forms, to the day: `15 Mar 2024`, `2026-07-20 10:25:25`,
    `9/5/26, 1:12 AM`, `2026/09/05 08:12:14 UTC`, `Sat Sep 05 08:12:14 UTC 2026`."""
    text = text.strip()
    if m := ISO_DAY.fullmatch(text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := DAY_MONTH_YEAR.fullmatch(text):
        return dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    if m := US_DAY.fullmatch(text):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return dt.date(year, int(m[1]), int(m[2]))
    if m := JAVA_DAY.fullmatch(text):
        return dt.date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    raise ValueError(text)


def _month(text: str) -> tuple[int, int]:
    """`Mar 2022` (or `2022-03`, `2022`) as (year, month), for ordering positions."""
    text = text.strip()
    if m := re.fullmatch(r"([A-Za-z]{3})[a-z]* (\d{4})", text):
        return int(m[2]), MONTHS[m[1].lower()]
    if m := re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text):
        return int(m[1]), int(m[2] or 1)
    raise ValueError(text)


def _parsed(archive: Archive, base: str, line: int, column: str, text: str, parse):
    try:
        return parse(text)
    except (ValueError, KeyError):
        inner = archive.texts[base][0]
        raise SourceError(f"{archive.name}: {inner}:{line}: {column}: '{text[:40]}' is not a "
                          "date ssigen knows (expected forms such as 15 Mar 2024, "
                          "2026-07-20 10:25:25 or 9/5/26, 1:12 AM)") from None


def profile_facts(archive: Archive) -> dict:
    """profile.*: the member's own words and the counts of their profile's lists."""
    (_, profile), = archive.rows("profile")[:1] or [(0, {})]
    facts: dict = {}
    for field, column in (("headline", "Headline"), ("about", "Summary")):
        if profile.get(column):
            facts[field] = profile[column]
    facts["industry"] = bool(profile.get("Industry"))
    facts["location"] = bool(profile.get("Geo Location"))
    if archive.has("positions"):
        facts.update(_positions(archive))
    for field, base in (("education", "education"), ("skills", "skills"),
                        ("languages", "languages"), ("certifications", "certifications")):
        if archive.has(base):
            facts[field] = len(archive.rows(base))
    if archive.has("recommendations_received"):
        facts["recommendations"] = sum(1 for _, r in archive.rows("recommendations_received")
                                       if r["Status"].upper() in ("", "VISIBLE"))
    if archive.has("endorsement_received_info"):
        facts["endorsements"] = sum(1 for _, r in archive.rows("endorsement_received_info")
                                    if r["Endorsement Status"].upper() in ("", "ACCEPTED"))
    return dict(sorted(facts.items(), key=lambda kv: PROFILE_ORDER.index(kv[0])))


PROFILE_ORDER = ("headline", "about", "industry", "location", "current_position",
                 "past_positions", "education", "skills", "languages", "certifications",
                 "recommendations", "endorsements")


def current_position(archive: Archive) -> dict | None:
    """The position without a Finished On (the latest started, if several)."""
    current = [(line, row) for line, row in archive.rows("positions") if not row["Finished On"]]
    if not current:
        return None
    started = [(_parsed(archive, "positions", line, "Started On", row["Started On"], _month)
                if row["Started On"] else (0, 0), -line, row) for line, row in current]
    return max(started, key=lambda s: s[:2])[2]


def _positions(archive: Archive) -> dict:
    position = current_position(archive)
    value = False if position is None else {
        k: v for k, v in (("title", position["Title"]),
                          ("description", position["Description"])) if v}
    past = sum(1 for _, row in archive.rows("positions") if row["Finished On"])
    return {"current_position": value or False, "past_positions": past}


ACTIVITY_ORDER = ("connections", "decision_maker_connections", "colleague_connections",
                  "invitations_sent", "posts", "comments", "reactions", "shares", "searches",
                  "active_days")
WINDOW_COUNTS = (("invitations_sent", "invitations", "Sent At"), ("posts", "shares", "Date"),
                 ("comments", "comments", "Date"), ("reactions", "reactions", "Date"),
                 ("shares", "instantreposts", "Date"), ("searches", "searchqueries", "Time"))


def activity_facts(archive: Archive, date: dt.date, window: int, lexicon: Lexicon) -> dict:
    """activity.*: connections on `date` (totals) and the window's counts."""
    facts: dict = {}
    if archive.has("connections"):
        facts.update(_connections(archive, date, lexicon))
    elif archive.complete:
        facts.update(connections=0, decision_maker_connections=0, colleague_connections=0)
    start = date - dt.timedelta(days=window)

    def in_window(base: str, column: str, row_filter=lambda row: True) -> list[dt.date]:
        return [day for line, row in archive.rows(base) if row_filter(row)
                for day in [_parsed(archive, base, line, column, row[column], _day)]
                if start < day <= date]

    for field, base, column in WINDOW_COUNTS:
        if archive.has(base):
            outgoing = (lambda row: row["Direction"].upper() == "OUTGOING") \
                if base == "invitations" else (lambda row: True)
            facts[field] = len(in_window(base, column, outgoing))
        elif archive.complete:
            facts[field] = 0
    if archive.has("logins"):
        facts["active_days"] = len(set(in_window("logins", "Login Date")))
    elif archive.complete:
        facts["active_days"] = 0
    return dict(sorted(facts.items(), key=lambda kv: ACTIVITY_ORDER.index(kv[0])))


def _connections(archive: Archive, date: dt.date, lexicon: Lexicon) -> dict:
    rows = [row for line, row in archive.rows("connections")
            if not row["Connected On"]
            or _parsed(archive, "connections", line, "Connected On", row["Connected On"],
                       _day) <= date]
    position = current_position(archive) if archive.has("positions") else None
    company = _squeezed(position["Company Name"]) if position else None
    return {
        "connections": len(rows),
        "decision_maker_connections": sum(1 for r in rows if lexicon.decides(r["Position"])),
        "colleague_connections": sum(1 for r in rows
                                     if company and _squeezed(r["Company"]) == company),
    }


def _squeezed(text: str) -> str:
    """A company name compared as SOURCES.md says: case and spaces ignored."""
    return "".join(text.split()).casefold()
