"""The words a cohort's goals are written in: a target (an SSI, or a band's label), each
member's own goal, and the rules that bind them to the cohort and the bands."""
from __future__ import annotations

from ..errors import did_you_mean
from .fields import Field, Known, Rule, Section
from .kinds import Invalid, entry, parse_date, parse_id, parse_number, parse_text


def parse_target(value, ctx):
    """A goal's target: an SSI from 0 to 100, or a band's label (that band's `min`)."""
    if isinstance(value, str) and not value.strip().lstrip("+-").replace(".", "", 1) \
            .replace(",", "", 1).isdigit():
        return parse_text(value, ctx)
    number = parse_number(value, ctx)
    if not 0 <= number <= 100:
        raise Invalid("expected an SSI from 0 to 100, or a band's label")
    return number


GOAL_FIELDS = {"target": Field(parse_target, "the SSI to reach (0–100), or a band's label"),
               "due": Field(parse_date, "the day to reach it by")}


def goal_overrides(value, ctx) -> dict[str, dict]:
    """members: {id: {target, due}}, each member's own goal."""
    if not isinstance(value, dict):
        raise Invalid("expected a mapping of member id → {target, due}")
    found = {}
    for member_id, goal in value.items():
        member = entry(parse_id, member_id, ctx, "a member id")
        if not isinstance(goal, dict):
            raise Invalid(f"{member}: expected {{target, due}}", shown=True)
        own = {}
        for key, item in goal.items():
            if key not in GOAL_FIELDS:
                raise Invalid(f"{member}: unknown field '{key}'", shown=True,
                              hint=did_you_mean(str(key), GOAL_FIELDS) or "a goal has "
                              "target and due")
            own[key] = entry(GOAL_FIELDS[key].parse, item, ctx, f"{member}: {key}")
        found[member] = own
    return found


def targets_are_bands(values: dict, known: Known):
    """A target written as a label names a band of ssigen.yml."""
    targets = [("target", values.get("target"))] + [
        ("members", goal.get("target")) for goal in values.get("members", {}).values()]
    return [(name, f"unknown band '{target}'",
             did_you_mean(target, [b.label for b in known.bands])
             or "bands are " + ", ".join(f"'{b.label}'" for b in known.bands))
            for name, target in targets
            if isinstance(target, str) and target not in {b.label for b in known.bands}]


def every_goal_has_a_due_date(values: dict, _known: Known):
    without = [m for m, goal in values.get("members", {}).items()
               if "due" not in goal and "due" not in values
               and ("target" in goal or "target" in values)]
    if "target" in values and "due" not in values and not values.get("members"):
        return [("due", "a goal needs a 'due' date", None)]
    return [("members", f"'{m}' has a target but no 'due' date", None) for m in without]


def goals_are_for_members(values: dict, known: Known):
    goals = values.get("goals") or {}
    listed, team = set(values["members"]), values.get("team")
    return [("goals.members", f"'{member_id}' has a goal but is not in the cohort",
             "list the member in 'members', or give the cohort their team")
            for member_id in goals.get("members", {})
            if member_id not in listed and not (
                team is not None and member_id in known.members
                and known.members[member_id].team == team)]


GOALS = Section({
    **GOAL_FIELDS,
    "members": Field(goal_overrides, "each member's own target or due date, by id",
                     default={}),
}, "the SSI each member should reach, and by when", rules=(
    Rule("a target that is a label names a band", "target", ("target", "members"),
         targets_are_bands),
    Rule("every goal has a due date", "due", ("target", "due", "members"),
         every_goal_has_a_due_date)))
