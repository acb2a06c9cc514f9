"""Plain data classes for a loaded content folder: what every later stage reads.

Nothing here reads files or knows about HTML; these objects are built by `load` (whose
schema declares every default) and read by `scoring`, `analysis` and `views`.
"""
from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .links import contact_link, web_link

PILLARS = ("brand", "people", "insights", "relationships")
_PILLAR_VALUES = attrgetter(*PILLARS)
_DATE = attrgetter("date")
STAGES = ("find_account", "find_prospect", "start_conversation", "new_contacts",
          "anticipate_rfp", "other", "none")


@dataclass(frozen=True)
class Band:
    min: float
    label: str


@dataclass(frozen=True)
class Brand:
    logo: str | None = None
    primary_color: str | None = None


@dataclass(frozen=True)
class Config:
    """ssigen.yml, every default applied (None: not given)."""

    title: str
    locale: str
    currency: str
    rates: dict[str, float]
    bands: tuple[Band, ...]
    activity_window_days: int
    anonymize: bool
    pdf: bool
    brand: Brand
    decision_maker_words: tuple[str, ...]
    sales_navigator: "SalesNavigator"
    client: str | None = None
    prepared_by: str | None = None
    contact: str | None = None
    as_of: dt.date | None = None
    site_url: str | None = None

    @property
    def contact_href(self) -> str | None:
        return contact_link(self.contact) if self.contact else None


@dataclass(frozen=True)
class SalesNavigator:
    """How the adoption page judges seats: the SSI from which a seller may hold one, and
    the fewest active days of a seat that is used."""

    min_active_days: int
    eligibility_ssi: float | None = None


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    title: str | None = None
    team: str | None = None
    industry: str | None = None
    manager: str | None = None
    linkedin_url: str | None = None
    email: str | None = None
    seat: bool | None = None

    @property
    def linkedin_href(self) -> str | None:
        return web_link(self.linkedin_url, ("https",)) if self.linkedin_url else None


NO_PILLARS: Mapping[str, float] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class SSI:
    """The figures of LinkedIn's SSI page on one day (slots: a large team has millions)."""

    brand: float
    people: float
    insights: float
    relationships: float
    total: float | None = None
    industry_ssi: float | None = None
    network_ssi: float | None = None
    industry_top_pct: float | None = None
    network_top_pct: float | None = None
    industry_size: int | None = None
    network_size: int | None = None
    industry_name: str | None = None
    industry_pillars: Mapping[str, float] = field(default_factory=lambda: NO_PILLARS)
    network_pillars: Mapping[str, float] = field(default_factory=lambda: NO_PILLARS)
    sum: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sum", math.fsum((self.brand, self.people, self.insights,
                                                    self.relationships)))

    @property
    def pillars(self) -> dict[str, float]:
        return dict(zip(PILLARS, _PILLAR_VALUES(self)))

    @property
    def pillar_values(self) -> tuple[float, float, float, float]:
        """The four pillars in PILLARS' order (a history's rows: no dict for each)."""
        return _PILLAR_VALUES(self)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a profile or activity fact was read: its file, its snapshot's date, and what
    wrote the record (`linkedin-archive` for `ssigen import`; None: typed by hand)."""

    file: str
    date: dt.date
    source: str | None = None


NO_ORIGINS: Mapping[str, Origin] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What was known about one member on one day; any section may be absent. `origins`
    says where the profile and activity facts came from: by section, and by field for a
    field that another record of the same day added."""

    member: str
    date: dt.date
    ssi: SSI | None = None
    profile: dict | None = None
    activity: dict | None = None
    origins: Mapping[str, Origin] = field(default_factory=lambda: NO_ORIGINS)

    def origin_of(self, path: str) -> Origin | None:
        """Where `profile.headline` (say) was read."""
        return self.origins.get(path) or self.origins.get(path.partition(".")[0])


@dataclass(frozen=True)
class Deal:
    id: str
    member: str
    amount: float
    date: dt.date
    status: str
    stage: str
    contribution: float
    account: str | None = None
    currency: str | None = None   # None: the report's currency
    meetings: int | None = None
    verbatim: str | None = None
    name: str | None = None
    interviewed: dt.date | None = None
    source: str | None = None

    @property
    def awaits_interview(self) -> bool:
        """A won deal from the CRM that nobody has asked the seller about yet."""
        return (self.source == "crm" and self.status == "won" and self.stage == "none"
                and self.interviewed is None)


@dataclass(frozen=True)
class Goal:
    """The SSI a member should reach by a day; `band` names the band it was written as."""

    target: float
    due: dt.date
    band: str | None = None


@dataclass(frozen=True)
class Question:
    """A question of a cohort's survey: `kind` is scale (1–5), yes_no or text; a scale's
    `low` and `high` are the words for 1 and 5."""

    id: str
    text: str
    kind: str
    low: str | None = None
    high: str | None = None


@dataclass(frozen=True)
class Answer:
    """One member's answer to one question of a cohort, on one day: a whole number from 1 to
    5, True or False, or text, as the question's kind says."""

    member: str
    date: dt.date
    cohort: str
    question: str
    value: int | bool | str


@dataclass(frozen=True)
class Cohort:
    id: str
    name: str
    start: dt.date
    end: dt.date
    members: tuple[str, ...]
    attendance: dict[str, int]
    coaching: dict[str, int]
    team: str | None = None
    sessions: int | None = None
    compare_at: dt.date | None = None
    goals: Mapping[str, Goal] = field(default_factory=dict)   # member id → goal
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric: a signal of the profile or activity, and the points it earns."""

    id: str
    pillar: str
    label: str
    signal: str
    points: float
    kind: str                      # bool, text, object or number
    curve: str
    target: float | None = None
    min_length: float | None = None
    advice: str | None = None

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The signal names it reads: one, or two for a ratio (asked for every member)."""
        return tuple(p.strip() for p in self.signal.split("/"))

    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _hash(self) -> int:
        """Its fields' hash, made once: every member's criteria table looks its cells up
        by criterion (tests/test_rubric.py checks it agrees with equality)."""
        return hash(tuple(getattr(self, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    source: str                    # "rubric.yml", or "default rubric"

    def of(self, pillar: str) -> list[Criterion]:
        return [c for c in self.criteria if c.pillar == pillar]


@dataclass(frozen=True)
class Notes:
    """The consultant's Markdown notes, by what they are about: a file name never decides
    whose page a note lands on (a member whose id is `index` does not get the team note)."""

    team: str | None = None
    members: Mapping[str, str] = field(default_factory=dict)
    cohorts: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)  # "team", "member <id>"… → file

    def all(self) -> list[tuple[str, str]]:
        """(file, text) of every note, for checks that read them all."""
        labelled = ([("team", self.team)] if self.team else []) \
            + [(f"member {k}", v) for k, v in sorted(self.members.items())] \
            + [(f"cohort {k}", v) for k, v in sorted(self.cohorts.items())]
        return [(self.files.get(label, "notes"), text) for label, text in labelled]


@dataclass
class Content:
    """A whole content folder, validated."""

    root: Path
    config: Config
    members: dict[str, Member]
    snapshots: list[Snapshot]
    deals: list[Deal] = field(default_factory=list)
    cohorts: list[Cohort] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    as_of: dt.date | None = None
    rubric: Rubric | None = None
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        by_member: dict[str, list[Snapshot]] = {}
        for snap in sorted(self.snapshots, key=lambda s: (s.member, s.date)):
            if self.as_of is None or snap.date <= self.as_of:
                by_member.setdefault(snap.member, []).append(snap)
        self._by_member = {member: tuple(snaps) for member, snaps in by_member.items()}
        self._deals_by_member: dict[str, list[Deal]] = {}
        for deal in self.deals:
            self._deals_by_member.setdefault(deal.member, []).append(deal)

    def answers_to(self, cohort_id: str) -> list[Answer]:
        return [a for a in self.answers if a.cohort == cohort_id]

    def deals_of(self, member_id: str) -> list[Deal]:
        return self._deals_by_member.get(member_id, [])

    def snapshots_of(self, member_id: str) -> tuple[Snapshot, ...]:
        """The member's snapshots up to `as_of`, oldest first (sorted once, when the
        content is made: scoring, cohorts and deals ask for them tens of thousands of
        times)."""
        return self._by_member.get(member_id, ())

    def latest(self, member_id: str, section: str,
               until: dt.date | None = None) -> Snapshot | None:
        """The member's latest snapshot that has `section`, on or before `until` (and
        `as_of`): found by bisection, as each of 50,000 deals asks for its day's SSI."""
        snaps = self.snapshots_of(member_id)
        end = len(snaps) if until is None else bisect_right(snaps, until, key=_DATE)
        for index in range(end - 1, -1, -1):
            if getattr(snaps[index], section) is not None:
                return snaps[index]
        return None
