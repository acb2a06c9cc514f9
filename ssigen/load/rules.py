"""Rules and kinds that several tables share: member ids that must be members, and a file
name that must stay inside assets/."""
from __future__ import annotations

from ..errors import did_you_mean
from .fields import Known, Rule
from .kinds import Invalid, parse_text


def refers_to_members(name: str) -> Rule:
    """Every member id in field `name` (one id, a list of ids, or a mapping keyed by id) is
    a member; an id whose member row was itself broken is not reported again."""
    def check(values: dict, known: Known):
        value = values.get(name)
        if value is None or not known.members:
            return None
        ids = [value] if isinstance(value, str) else list(value)
        return [(name, f"unknown member '{member_id}'",
                 did_you_mean(member_id, known.members) or "members are defined in members.csv")
                for member_id in ids
                if member_id not in known.members and member_id not in known.broken_members]
    return Rule(f"every member id of '{name}' is a member", name, (name,), check)


def parse_asset_name(value, ctx) -> str:
    text = parse_text(value, ctx)
    if text.startswith(("/", "\\")) or ".." in text.replace("\\", "/").split("/") \
            or "://" in text:
        raise Invalid("expected a file name inside assets/, such as logo.svg", shown=True)
    return text
