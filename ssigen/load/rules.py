"""Rules and kinds that look beyond one record: member ids that must be members, a file
name that must stay inside assets/ (and be there), a currency that needs a rate."""
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
        if isinstance(value, str):
            if value in known.members:
                return None   # one id, of a member: nearly every record of a large table
            ids = [value]
        else:
            ids = list(value)
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


def logo_is_an_asset(values: dict, known: Known):
    logo = values.get("logo")
    if logo is not None and not known.asset_exists(logo):
        return (f"assets/{logo} does not exist",
                "put the logo in the content folder's assets/ folder")
    return None


def currency_has_a_rate(values: dict, known: Known):
    currency = values.get("currency", known.currency)
    if known.currency is not None and currency != known.currency \
            and currency not in known.rates:
        return (f"no rate for {currency} in ssigen.yml",
                f"add 'rates: {{{currency}: …}}': how many {known.currency} "
                f"one {currency} is worth")
    return None
