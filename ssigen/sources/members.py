"""Which member a source's row or file is about: by e-mail, else by name (case, accents and
extra spaces ignored); an unknown or ambiguous name is an error that lists the closest."""
from __future__ import annotations

import difflib

from ..model import Member
from .lexicon import folded
from .values import SourceError


def member_by_name(name: str, members: dict[str, Member], where: str) -> str:
    """The id of the one member called `name`."""
    wanted = folded(name)
    found = [m.id for m in members.values() if folded(m.name) == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        raise SourceError(f"{where}: '{name}' is the name of several members "
                          f"({', '.join(found)}); give --member")
    names = {folded(m.name): m for m in members.values()}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    hint = ("closest: " + ", ".join(f"{names[c].name} ({names[c].id})" for c in close)
            if close else "add the member to members.csv, or give --member")
    raise SourceError(f"{where}: no member is called '{name}' ({hint})")


def member_by_id(member_id: str, members: dict[str, Member], where: str) -> str:
    if member_id in members:
        return member_id
    close = difflib.get_close_matches(member_id, list(members), n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise SourceError(f"{where}: unknown member '{member_id}'{hint}")


class Matcher:
    """Rows of a team export → member ids: by e-mail when the row has one that a member
    has (letter case ignored), else by name."""

    def __init__(self, members: dict[str, Member]):
        self.members = members
        self.by_email = {m.email.casefold(): m.id for m in members.values() if m.email}

    def member_of(self, email: str | None, name: str | None, where: str) -> str:
        if email and email.strip().casefold() in self.by_email:
            return self.by_email[email.strip().casefold()]
        if name:
            return member_by_name(name, self.members, where)
        if email:
            raise SourceError(f"{where}: no member has the e-mail '{email}' (add it to "
                              "members.csv's email column)")
        raise SourceError(f"{where}: the row has neither a name nor an e-mail")
