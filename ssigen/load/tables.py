"""The content folder's tables, each read against its schema and turned into the model.

Every rule lives in `schema.py`; what is left here is how records become model objects:
members first (what the other tables refer to), snapshots merged by member and date,
deals, and cohorts with their team's members added.
"""
from __future__ import annotations

from ..errors import Problems
from ..model import (NO_ORIGINS, NO_PILLARS, PILLARS, SSI, Answer, Cohort, Deal, Goal,
                     Member, Origin, Snapshot)
from .fields import Known, Table
from .folder import ContentFolder
from .records import Record
from .schema import COHORTS, DEALS, MEMBERS, SECTIONS, SNAPSHOTS, SURVEYS
from .surveys import answer_value, asked_by
from .validate import Checked, check_rules


class _Keys:
    """The first place each key of a table is defined; a second definition is an error."""

    def __init__(self, table: Table, problems: Problems):
        self.table, self.problems, self.places = table, problems, {}

    def first(self, record: Record, key: str) -> bool:
        kind = self.table.name.removesuffix("s")
        if key in self.places:
            self.problems.error(record.file, record.line_of(self.table.key), self.table.key,
                                f"duplicate {kind} id '{key}'",
                                f"first defined at {self.places[key]}")
            return False
        self.places[key] = f"{record.file}:{record.line}"
        return True


def _check_unique(table: Table, records: list[tuple[Record, Checked]],
                  problems: Problems) -> None:
    """No two records share a value of a `unique` field, letter case ignored."""
    for name in table.unique:
        first: dict[str, Record] = {}
        for record, checked in records:
            value = checked.values.get(name)
            if value is None:
                continue
            earlier = first.setdefault(value.casefold(), record)
            if earlier is not record:
                problems.error(record.file, record.line_of(name), name,
                               f"'{value}' is also the {name} of "
                               f"'{earlier.data.get(table.key)}'",
                               f"first given at {earlier.file}:{earlier.line_of(name)}; "
                               f"each member's {name} is their own")


def read_members(folder: ContentFolder, known: Known) -> dict[str, Member]:
    """The members; a member whose manager is unknown stays, so what refers to it is still
    checked; an id whose row is broken is remembered, so nothing reports it again."""
    problems = folder.problems
    keys = _Keys(MEMBERS, problems)
    records = list(folder.read(MEMBERS, known))
    for record, checked in records:
        if not checked.complete:
            if "id" in checked.values:
                known.broken_members.add(checked.values["id"])
        elif keys.first(record, checked.values["id"]):
            known.members[checked.values["id"]] = Member(**checked.values)
    for record, checked in records:
        check_rules(record, MEMBERS.rules, checked, known, problems)
    _check_unique(MEMBERS, records, problems)
    if not records and not problems.errors:
        problems.error("members.csv", None, None, "no members found",
                       "add members.csv, members.xlsx, members.yml or members/<id>.yml")
    return known.members


def read_snapshots(folder: ContentFolder, known: Known) -> list[Snapshot]:
    """Snapshots by member and date: records of the same day merge. The `ssi` section comes
    from one record; `profile` and `activity` may take their fields from several (a LinkedIn
    archive, and what a consultant typed), each field from one."""
    problems = folder.problems
    days: dict[tuple[str, object], _Day] = {}
    if not (folder.root / SNAPSHOTS.folder).is_dir():
        problems.warning("snapshots", None, None, "no snapshots folder: nobody can be scored")
    for record, checked in folder.read(SNAPSHOTS, known):
        if not checked.complete or not check_rules(record, SNAPSHOTS.rules, checked, known,
                                                   problems):
            continue
        member_id, date = checked.values["member"], checked.values["date"]
        day = days.setdefault((member_id, date), _Day())
        origin = None
        for section in SECTIONS:
            values = checked.values.get(section)
            if not values:
                continue
            twice = day.twice(section, values)
            if twice:
                problems.error(record.file, record.line_of(section), section,
                               f"a second '{section}' section for {member_id} on {date}",
                               f"the first is at {day.first_place(section, twice[0])}"
                               + (f"; both give {', '.join(twice)}" if twice[0] else ""))
                continue
            place = f"{record.file}:{record.line_of(section) or record.line}"
            if origin is None and section != "ssi":
                origin = Origin(record.file, date, checked.get("source"))
            day.add(section, values, origin, place)
    return [day.snapshot(m, d) for (m, d), day in sorted(days.items())
            if day.ssi is not None or day.sections]


class _Day:
    """What the records of one member and day hold so far, and where each part was read
    (a large team has a day for every weekly SSI row: nothing is made before it is needed;
    the SSI and its place have slots of their own, so such a day holds no dict at all)."""

    __slots__ = ("ssi", "ssi_place", "sections", "origins", "places")

    def __init__(self):
        self.ssi: SSI | None = None
        self.ssi_place: str | None = None
        self.sections: dict | None = None   # profile, activity
        self.origins: dict[str, Origin] | None = None
        self.places: dict[str, dict[str, str]] | None = None   # section → field → place

    def snapshot(self, member: str, date) -> Snapshot:
        sections = self.sections or {}
        return Snapshot(member=member, date=date, ssi=self.ssi, profile=sections.get("profile"),
                        activity=sections.get("activity"), origins=self.origins or NO_ORIGINS)

    def twice(self, section: str, values: dict) -> list[str]:
        """What a new record would give a second time: the whole ssi section, or fields."""
        if section == "ssi":
            return [""] if self.ssi_place is not None else []
        taken = self.places.get(section) if self.places else None
        if taken is None:
            return []
        return sorted(taken.keys() & values.keys())

    def first_place(self, section: str, field: str) -> str:
        return self.ssi_place if section == "ssi" else self.places[section][field]

    def add(self, section: str, values: dict, origin: Origin | None, place: str) -> None:
        if section == "ssi":
            self.ssi_place = place
            self.ssi = _ssi(values)
            return
        if self.places is None:   # the first profile or activity record of the day
            self.places, self.sections, self.origins = {}, {}, {}
        self.places.setdefault(section, {}).update(dict.fromkeys(values, place))
        if section in self.sections:
            self.sections[section] = {**self.sections[section], **values}
            self.origins.update({f"{section}.{name}": origin for name in values})
        else:
            self.sections[section] = values
            self.origins[section] = origin


GROUP_PILLARS = frozenset(f"{g}_{p}" for g in ("industry", "network") for p in PILLARS)


def _ssi(values: dict) -> SSI:
    if values.keys().isdisjoint(GROUP_PILLARS):
        return SSI(**values)   # the common row: no group's pillar averages to gather
    plain = {k: v for k, v in values.items()
             if not k.startswith(("industry_", "network_")) or k.endswith(
                 ("_ssi", "_top_pct", "_size", "_name"))}
    groups = {g: {p: values[f"{g}_{p}"] for p in PILLARS if f"{g}_{p}" in values} or NO_PILLARS
              for g in ("industry", "network")}
    return SSI(**plain, industry_pillars=groups["industry"], network_pillars=groups["network"])


def _valid(folder: ContentFolder, table: Table, known: Known):
    """(record, values) of every record of `table` that is complete, has a new key and
    keeps every rule."""
    keys = _Keys(table, folder.problems)
    for record, checked in folder.read(table, known):
        if checked.complete and keys.first(record, checked.values[table.key]) \
                and check_rules(record, table.rules, checked, known, folder.problems):
            yield record, checked.values


def read_deals(folder: ContentFolder, known: Known) -> list[Deal]:
    return [Deal(**values) for _record, values in _valid(folder, DEALS, known)]


def read_cohorts(folder: ContentFolder, known: Known) -> list[Cohort]:
    """Cohorts, each member listed once, then every member of its `team` after them."""
    cohorts = []
    for _record, values in _valid(folder, COHORTS, known):
        listed = list(dict.fromkeys(values["members"]))
        if values.get("team") is not None:
            already = set(listed)
            listed += [m.id for m in known.members.values()
                       if m.team == values["team"] and m.id not in already]
        goals = _goals(values.get("goals"), listed, known)
        cohorts.append(Cohort(**{**values, "members": tuple(listed), "goals": goals}))
    known.cohorts = {c.id: c for c in cohorts}
    return cohorts


def read_surveys(folder: ContentFolder, known: Known) -> list[Answer]:
    """Answers, each bound to the cohort that asks its question and read as its kind; one
    member's second answer to a question on the same day is an error."""
    answers, places = [], {}
    for record, checked in folder.read(SURVEYS, known):
        if not checked.complete or not check_rules(record, SURVEYS.rules, checked, known,
                                                   folder.problems):
            continue
        values = checked.values
        cohort, question = asked_by(values, known)
        key = (values["member"], cohort.id, question.id, values["date"])
        if key in places:
            folder.problems.error(record.file, record.line_of("question"), "question",
                                  f"a second answer from {key[0]} to '{question.id}' on "
                                  f"{key[3]}", f"the first is at {places[key]}")
            continue
        places[key] = f"{record.file}:{record.line}"
        answers.append(Answer(values["member"], values["date"], cohort.id, question.id,
                              answer_value(question, values["answer"])))
    return answers


def _goals(goals: dict | None, members: list[str], known: Known) -> dict[str, Goal]:
    """Each member's goal: their own target and due date, else the cohort's; a band's
    label stands for its `min`."""
    if not goals:
        return {}
    minimum = {b.label: b.min for b in known.bands}
    found = {}
    for member_id in members:
        own = {**{k: goals[k] for k in ("target", "due") if k in goals},
               **goals.get("members", {}).get(member_id, {})}
        if "target" in own and "due" in own:
            target = own["target"]
            band = target if isinstance(target, str) else None
            found[member_id] = Goal(float(minimum[band]) if band else target, own["due"],
                                    band)
    return found
