"""Reports that show only what a reader may see: a subset of members, or pseudonyms.

Both work on the loaded model, before anything is scored, so every figure, page,
file name and export is made from the reduced or renamed content alone.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata

from .errors import UnknownMembers, did_you_mean
from .model import Cohort, Content, Notes


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
                goals={k: v for k, v in cohort.goals.items() if k in keep},
                coaching={k: v for k, v in cohort.coaching.items() if k in keep}))
    kept = dataclasses.replace(
        content,
        members=members,
        snapshots=[s for s in content.snapshots if s.member in keep],
        deals=[d for d in content.deals if d.member in keep],
        cohorts=cohorts,
        notes=Notes(members={k: v for k, v in content.notes.members.items() if k in keep}),
    )
    others = {k: m for k, m in content.members.items() if k not in keep}
    replacements = _name_replacements(others, {k: ("another member", "another member")
                                               for k in others})
    own = {_fold(word) for word in _name_replacements(members, {k: ("", "") for k in members})}
    replacements = {k: v for k, v in replacements.items() if _fold(k) not in own}
    return _scrub_free_text(kept, _scrubber(replacements))


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
    scrub = _scrubber(_name_replacements(content.members, names))
    members = {}
    for old, member in content.members.items():
        members[new_id[old]] = dataclasses.replace(
            member, id=new_id[old], name=names[old][1], linkedin_url=None, email=None,
            manager=new_id.get(member.manager) if member.manager else None)
    members = dict(sorted(members.items()))

    def rename_cohort(cohort: Cohort) -> Cohort:
        return dataclasses.replace(
            cohort, members=tuple(new_id[m] for m in cohort.members),
            attendance={new_id[k]: v for k, v in cohort.attendance.items()},
            goals={new_id[k]: v for k, v in cohort.goals.items()},
            coaching={new_id[k]: v for k, v in cohort.coaching.items()})

    renamed = dataclasses.replace(
        content,
        members=members,
        snapshots=[dataclasses.replace(s, member=new_id[s.member]) for s in content.snapshots],
        deals=[dataclasses.replace(d, member=new_id[d.member]) for d in content.deals],
        cohorts=[rename_cohort(c) for c in content.cohorts],
        notes=dataclasses.replace(content.notes, files={}, members={
            new_id[k]: v for k, v in content.notes.members.items()}),
    )
    return _scrub_free_text(renamed, scrub)


def _scrub_free_text(content: Content, scrub) -> Content:
    """Every text a person wrote freely, where anybody's name may appear: notes, verbatims,
    accounts, titles, cohort names, profile headlines and descriptions."""
    def profile(section: dict | None) -> dict | None:
        if not section:
            return section
        cleaned = {k: scrub(v) if isinstance(v, str) else v for k, v in section.items()}
        position = cleaned.get("current_position")
        if isinstance(position, dict):
            cleaned["current_position"] = {k: scrub(v) for k, v in position.items()}
        return cleaned

    return dataclasses.replace(
        content,
        members={k: dataclasses.replace(m, title=scrub(m.title))
                 for k, m in content.members.items()},
        snapshots=[s if not s.profile else dataclasses.replace(s, profile=profile(s.profile))
                   for s in content.snapshots],
        deals=[dataclasses.replace(d, verbatim=scrub(d.verbatim), account=scrub(d.account),
                                   name=scrub(d.name))
               for d in content.deals],
        cohorts=[dataclasses.replace(c, name=scrub(c.name)) for c in content.cohorts],
        notes=dataclasses.replace(
            content.notes, team=scrub(content.notes.team),
            members={k: scrub(v) for k, v in content.notes.members.items()},
            cohorts={k: scrub(v) for k, v in content.notes.cohorts.items()}),
    )


def _scrubber(replacements: dict[str, str]):
    """A function that replaces every name and id in a text, in any letter case a writer
    may use ("SAM LEE", "sam lee", "STRASSE" for "Straße"), with or without accents, and
    whatever Unicode form those take."""
    if not replacements:
        return lambda text: text
    variants: set[str] = set()
    lookup: dict[str, str] = {}
    for key, replacement in replacements.items():  # later keys win: names over ids
        for variant in _spellings(key):
            variants.add(variant)
            lookup[_fold(variant)] = replacement
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(k) for k in sorted(variants, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE)

    def scrub(text: str | None) -> str | None:
        if not text:
            return text
        text = unicodedata.normalize("NFC", text)
        return pattern.sub(lambda m: lookup.get(_fold(m.group(0)), "a member"), text)
    return scrub


def _spellings(name: str) -> set[str]:
    """The ways a name is written: as given, in each letter case, and without accents."""
    name = unicodedata.normalize("NFC", name)
    forms = {name, name.lower(), name.upper(), name.title(), name.casefold()}
    forms |= {_plain(f) for f in forms}
    return {unicodedata.normalize("NFC", f) for f in forms if f}


def _plain(text: str) -> str:
    """Without accents, and with the letters that have no accent to drop spelled plainly."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PLAIN_LETTERS = str.maketrans({"ı": "i", "İ": "I", "ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L",
                                "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE",
                                "œ": "oe", "Œ": "OE"})


def _fold(text: str) -> str:
    return _plain(unicodedata.normalize("NFC", text)).casefold()


def _name_replacements(members: dict, names: dict[str, tuple[str, str]]) -> dict[str, str]:
    """What to replace in free text: ids, each part of a name of three letters or more (a
    first name in a note; a part two members share becomes "a member"), and full names.
    Where one word is several of these, a name wins over an id."""
    parts: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for old, member in members.items():
        for part in re.findall(r"[\w'-]+", member.name):
            if len(part) >= 3:
                parts.setdefault(_fold(part), set()).add(old)
                spelled.setdefault(_fold(part), part)
    replacements = {old: names[old][0] for old in members}
    for part, owners in parts.items():
        replacements[spelled[part]] = names[next(iter(owners))][1] if len(owners) == 1 \
            else "a member"
    for old, member in members.items():
        replacements[member.name] = names[old][1]
    return replacements
