"""Reports that show only what a reader may see: a subset of members, or pseudonyms.

Both work on the loaded model, before anything is scored, so every figure, page,
file name and export is made from the reduced or renamed content alone.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata

from .errors import did_you_mean
from .model import Cohort, Content, Notes


class UnknownMembers(ValueError):
    pass


def only_members(content: Content, member_ids: list[str]) -> Content:
    """The content restricted to `member_ids`: other members, their snapshots, deals,
    cohort places and notes are gone, and so are the notes that may name anyone."""
    unknown = [m for m in member_ids if m not in content.members]
    if unknown:
        hints = [did_you_mean(m, content.members) for m in unknown]
        raise UnknownMembers("unknown member " + ", ".join(
            f"'{m}'" + (f" ({h})" if h else "") for m, h in zip(unknown, hints)))
    keep = set(member_ids)
    members = {k: (m if m.manager in keep else dataclasses.replace(m, manager=None))
               for k, m in content.members.items() if k in keep}
    cohorts = []
    for cohort in content.cohorts:
        listed = tuple(m for m in cohort.members if m in keep)
        if listed:
            cohorts.append(dataclasses.replace(
                cohort, members=listed,
                attendance={k: v for k, v in cohort.attendance.items() if k in keep},
                coaching={k: v for k, v in cohort.coaching.items() if k in keep}))
    return dataclasses.replace(
        content,
        members=members,
        snapshots=[s for s in content.snapshots if s.member in keep],
        deals=[d for d in content.deals if d.member in keep],
        cohorts=cohorts,
        notes=Notes(members={k: v for k, v in content.notes.members.items() if k in keep}),

    )


def pseudonyms(member_ids) -> dict[str, tuple[str, str]]:
    """id → (pseudonymous id, pseudonymous name), numbered in id order so they are stable."""
    ordered = sorted(member_ids)
    width = max(2, len(str(len(ordered))))
    return {m: (f"member-{i:0{width}d}", f"Member {i:0{width}d}")
            for i, m in enumerate(ordered, start=1)}


def anonymize(content: Content) -> Content:
    """Names and ids replaced by stable pseudonyms everywhere, free text included."""
    names = pseudonyms(content.members)
    new_id = {old: pseudo for old, (pseudo, _) in names.items()}
    scrub = _scrubber(_name_replacements(content, names))
    members = {}
    for old, member in content.members.items():
        members[new_id[old]] = dataclasses.replace(
            member, id=new_id[old], name=names[old][1], linkedin_url=None,
            manager=new_id.get(member.manager) if member.manager else None)
    members = dict(sorted(members.items()))

    def rename_cohort(cohort: Cohort) -> Cohort:
        return dataclasses.replace(
            cohort, members=tuple(new_id[m] for m in cohort.members),
            attendance={new_id[k]: v for k, v in cohort.attendance.items()},
            coaching={new_id[k]: v for k, v in cohort.coaching.items()})

    notes = Notes(team=scrub(content.notes.team),
                  members={new_id[k]: scrub(v) for k, v in content.notes.members.items()},
                  cohorts={k: scrub(v) for k, v in content.notes.cohorts.items()})  # no file names
    return dataclasses.replace(
        content,
        members=members,
        snapshots=[dataclasses.replace(s, member=new_id[s.member]) for s in content.snapshots],
        deals=[dataclasses.replace(d, member=new_id[d.member], verbatim=scrub(d.verbatim))
               for d in content.deals],
        cohorts=[rename_cohort(c) for c in content.cohorts],
        notes=notes,
    )


def _scrubber(replacements: dict[str, str]):
    """A function that replaces every name and id in a text, in any letter case a writer
    may use ("SAM LEE", "sam lee"), and whatever Unicode form its accents take."""
    if not replacements:
        return lambda text: text
    folded = {unicodedata.normalize("NFC", k).casefold(): v for k, v in replacements.items()}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(k) for k in sorted(folded, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE)

    def scrub(text: str | None) -> str | None:
        if not text:
            return text
        text = unicodedata.normalize("NFC", text)
        return pattern.sub(lambda m: folded.get(m.group(0).casefold(), "a member"), text)
    return scrub


def _name_replacements(content: Content, names: dict[str, tuple[str, str]]) -> dict[str, str]:
    """What to replace in free text: ids, each part of a name of three letters or more (a
    first name in a note; a part two members share becomes "a member"), and full names.
    Where one word is several of these, a name wins over an id."""
    parts: dict[str, set[str]] = {}
    for old, member in content.members.items():
        for part in re.findall(r"[\w'-]+", member.name):
            if len(part) >= 3:
                parts.setdefault(part.casefold(), set()).add(old)
    replacements = {old.casefold(): names[old][0] for old in content.members}
    for part, owners in parts.items():
        replacements[part] = names[next(iter(owners))][1] if len(owners) == 1 else "a member"
    for old, member in content.members.items():
        replacements[member.name.casefold()] = names[old][1]
    return replacements
