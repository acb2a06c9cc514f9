"""Before/after comparisons of a training cohort: what the programme changed.

For each member, "before" is the latest SSI snapshot on or before the start and
"after" the latest on or after the end (and on or before `compare_at`). Members
without both are listed as incomplete and kept out of every average.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

from ..model import PILLARS, SSI, Band, Cohort, Content, Member
from ..scoring.audit import CHECKS, audit_profile
from .goals import GoalResult, goal_result, status_counts
from .stats import wilcoxon_signed_rank
from .surveys import SurveyResult, analyse_survey

FIGURES = ("total", *PILLARS)
SMALL_GROUP = 3
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Point:
    """A member's SSI on one date, as the cohort compares it."""

    date: dt.date
    values: dict[str, float]

    @classmethod
    def of(cls, date: dt.date, ssi: SSI) -> "Point":
        return cls(date, {"total": ssi.sum, **ssi.pillars})


@dataclass(frozen=True)
class CohortMember:
    member: Member
    before: Point | None
    after: Point | None
    attended: int | None
    coaching: int | None
    fixed: tuple[str, ...] = ()
    regressed: tuple[str, ...] = ()
    goal: GoalResult | None = None

    @property
    def complete(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def delta(self) -> dict[str, float] | None:
        if not self.complete:
            return None
        return {f: self.after.values[f] - self.before.values[f] for f in FIGURES}


@dataclass(frozen=True)
class Significance:
    """A Wilcoxon signed-rank test on the total deltas (zero deltas dropped)."""

    n: int
    statistic: float | None
    p_value: float | None

    @property
    def verdict(self) -> str:
        """'too_few', 'significant' or 'could_be_chance'."""
        if self.p_value is None:
            return "too_few"
        return "significant" if self.p_value < SIGNIFICANCE else "could_be_chance"


@dataclass(frozen=True)
class AttendanceGroup:
    level: str            # "full", "most", "less", "unknown"
    n: int
    mean_delta: float | None

    @property
    def small(self) -> bool:
        return self.n < SMALL_GROUP


@dataclass(frozen=True)
class CohortResult:
    cohort: Cohort
    compare_at: dt.date | None
    members: list[CohortMember]
    mean_delta: dict[str, float | None]
    improved: int
    crossed: dict[float, int]
    significance: Significance
    attendance_groups: list[AttendanceGroup] = field(default_factory=list)
    survey: SurveyResult | None = None

    @property
    def goals(self) -> dict[str, int] | None:
        """How many of the cohort's goals have each status (None: the cohort sets none)."""
        results = [m.goal for m in self.members if m.goal is not None]
        return status_counts(results) if results else None

    @property
    def complete(self) -> list[CohortMember]:
        return [m for m in self.members if m.complete]

    @property
    def incomplete(self) -> list[CohortMember]:
        return [m for m in self.members if not m.complete]


def before_after(content: Content, member_id: str, start: dt.date, end: dt.date,
                 compare_at: dt.date | None, section: str = "ssi"):
    """(before, after) snapshots with `section` under the cohort rule; either may be None.
    The latest on or before `compare_at` is the "after" only if it is on or after `end`."""
    before = content.latest(member_id, section, until=start)
    after = content.latest(member_id, section, until=compare_at)
    return before, after if after is not None and after.date >= end else None


def attendance_level(attended: int | None, sessions: int | None) -> str:
    if attended is None or not sessions:
        return "unknown"
    share = attended / sessions
    if share >= 1:
        return "full"
    return "most" if share >= 0.5 else "less"


def analyse_cohort(content: Content, cohort: Cohort, scores=None) -> CohortResult:
    compare_at = cohort.compare_at or content.as_of
    members = []
    for member_id in cohort.members:
        member = content.members[member_id]
        before, after = before_after(content, member_id, cohort.start, cohort.end, compare_at)
        fixed, regressed = _profile_changes(content, member, cohort, compare_at)
        members.append(CohortMember(
            member=member,
            before=Point.of(before.date, before.ssi) if before else None,
            after=Point.of(after.date, after.ssi) if after else None,
            attended=cohort.attendance.get(member_id),
            coaching=cohort.coaching.get(member_id),
            fixed=fixed, regressed=regressed,
            goal=_goal(content, cohort, member_id, before, scores)))
    complete = [m for m in members if m.complete]
    deltas = [m.delta for m in complete]
    return CohortResult(
        cohort=cohort,
        compare_at=compare_at,
        members=members,
        mean_delta={f: statistics.fmean(d[f] for d in deltas) if deltas else None
                    for f in FIGURES},
        improved=sum(1 for d in deltas if d["total"] > 0),
        crossed=crossings(complete, content.config.bands),
        significance=signed_rank([d["total"] for d in deltas]),
        attendance_groups=_by_attendance(complete, cohort.sessions),
        survey=analyse_survey(cohort, content.answers_to(cohort.id), compare_at),
    )


def crossings(members: list[CohortMember], bands: tuple[Band, ...]) -> dict[float, int]:
    """Band min → members below it before and at or above it after."""
    return {band.min: sum(1 for m in members
                          if round(m.before.values["total"], 9) < band.min
                          <= round(m.after.values["total"], 9))
            for band in bands}


def signed_rank(deltas: list[float]) -> Significance:
    """Wilcoxon's signed-rank test, two-sided; exact for small samples (see .stats)."""
    nonzero = [d for d in deltas if abs(d) > 1e-9]
    if len(nonzero) < 2:
        return Significance(len(nonzero), None, None)
    statistic, p_value = wilcoxon_signed_rank(nonzero)
    if not math.isfinite(p_value):
        return Significance(len(nonzero), None, None)
    return Significance(len(nonzero), statistic, p_value)


def _by_attendance(members: list[CohortMember], sessions: int | None) -> list[AttendanceGroup]:
    groups = []
    for level in ("full", "most", "less", "unknown"):
        in_level = [m for m in members if attendance_level(m.attended, sessions) == level]
        if in_level:
            groups.append(AttendanceGroup(level, len(in_level),
                                          statistics.fmean(m.delta["total"] for m in in_level)))
    return groups


def _profile_changes(content: Content, member: Member, cohort: Cohort,
                     compare_at: dt.date | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Check ids that failed before and pass after (fixed), and the reverse (regressed)."""
    before, after = before_after(content, member.id, cohort.start, cohort.end, compare_at,
                                 "profile")
    if before is None or after is None:
        return (), ()
    activity_before, activity_after = before_after(content, member.id, cohort.start,
                                                   cohort.end, compare_at, "activity")
    old = audit_profile(member, before.profile, activity_before and activity_before.activity)
    new = audit_profile(member, after.profile, activity_after and activity_after.activity)
    fixed = tuple(c.id for c, o, n in zip(CHECKS, old.results, new.results)
                  if o.passed is False and n.passed is True)
    regressed = tuple(c.id for c, o, n in zip(CHECKS, old.results, new.results)
                      if o.passed is True and n.passed is False)
    return fixed, regressed


def analyse_cohorts(content: Content, scores=None) -> list[CohortResult]:
    return [analyse_cohort(content, c, scores) for c in content.cohorts]


def _goal(content: Content, cohort: Cohort, member_id: str, before, scores):
    """The member's goal figures on as_of: baseline the "before" total, current the score,
    the trajectory from their reported totals."""
    goal = cohort.goals.get(member_id)
    if goal is None or content.as_of is None:
        return None
    ms = scores.by_id.get(member_id) if scores is not None else None
    current = ms.score if ms is not None else None
    readings = [(s.date, s.ssi.sum) for s in content.snapshots_of(member_id)
                if s.ssi is not None]
    return goal_result(goal, before.ssi.sum if before else None, current, readings,
                       content.as_of)
