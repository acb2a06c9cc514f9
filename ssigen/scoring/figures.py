"""Per-member figures (score, band, rank, top %) and the team aggregates built on them.

The reported SSI is LinkedIn's own figure; when a member has none, the rubric's
estimate stands in and `source` says so. Ranks compare scores rounded to two
decimals, so two people showing the same score share a rank.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property
from statistics import fmean

from .audit import ProfileAudit, audit_member
from ..model import PILLARS, SSI, Band, Content, Member
from .revenue import attributed_revenue
from .rubric import Estimate, estimate


@dataclass(frozen=True)
class MemberScore:
    member: Member
    date: dt.date | None
    score: float | None
    source: str | None
    pillars: dict[str, float] | None
    reported: SSI | None
    estimated: Estimate | None
    band: Band | None
    rank: int | None
    top_pct: int | None
    completeness_pct: float | None
    attributed_revenue: float
    deals_won: int
    history: tuple[tuple[dt.date, SSI], ...] = ()
    audit: ProfileAudit | None = None

    @property
    def id(self) -> str:
        return self.member.id


@dataclass(frozen=True)
class GroupSummary:
    """Averages over a set of members: the whole team or one of its sub-teams."""

    name: str | None
    size: int
    scored: int
    score: float | None
    pillars: dict[str, float | None]
    industry_ssi: float | None
    network_ssi: float | None
    industry_pillars: dict[str, float | None]
    network_pillars: dict[str, float | None]


@dataclass(frozen=True)
class Scores:
    as_of: dt.date | None
    members: list[MemberScore]
    overall: GroupSummary
    teams: list[GroupSummary]
    band_counts: list[tuple[Band, int]]
    by_id: dict[str, MemberScore] = field(default_factory=dict)

    def team(self, name: str | None) -> GroupSummary | None:
        return self._teams_by_name.get(name)

    @cached_property
    def _teams_by_name(self) -> dict[str | None, GroupSummary]:
        return {t.name: t for t in self.teams}


def band_for(score: float | None, bands: tuple[Band, ...]) -> Band | None:
    """The highest band whose `min` is at or below the score."""
    if score is None:
        return None
    eligible = [b for b in bands if b.min <= round(score, 9)]
    return max(eligible, key=lambda b: b.min) if eligible else None


def rank_scores(scores: dict[str, float | None]) -> dict[str, tuple[int, int]]:
    """id → (rank, top_pct) for every id with a score."""
    rounded = {k: round(v, 2) for k, v in scores.items() if v is not None}
    n = len(rounded)
    ascending = sorted(rounded.values())
    result = {}
    for key, value in rounded.items():
        rank = 1 + n - bisect.bisect_right(ascending, value)
        result[key] = (rank, math.ceil(100 * rank / n))
    return result


def member_estimate(content: Content, member_id: str) -> Estimate | None:
    """The rubric on the latest profile and the latest activity (each on or before as_of)."""
    if content.rubric is None:
        return None
    profile = content.latest(member_id, "profile")
    activity = content.latest(member_id, "activity")
    return estimate(content.rubric, profile and profile.profile, activity and activity.activity,
                    profile and profile.date, activity and activity.date)


def score_content(content: Content) -> Scores:
    """Score every member: reported SSI first, the rubric's estimate when there is none."""
    config = content.config
    partial = []
    for member in content.members.values():
        snaps = content.snapshots_of(member.id)
        history = tuple((s.date, s.ssi) for s in snaps if s.ssi is not None)
        reported = history[-1][1] if history else None
        estimated = member_estimate(content, member.id)
        audit = audit_member(content, member.id)
        if reported is not None:
            score, source, pillars = reported.sum, "reported", reported.pillars
            date = history[-1][0]
        elif estimated is not None:
            score, source, pillars = estimated.total, "estimated", dict(estimated.pillars)
            date = max(d for d in (estimated.profile_date, estimated.activity_date) if d)
        else:
            score = source = pillars = date = None
        deals = content.deals_of(member.id)
        partial.append(dict(
            member=member, date=date, score=score, source=source, pillars=pillars,
            reported=reported, estimated=estimated, band=band_for(score, config.bands),
            completeness_pct=audit.completeness_pct if audit else None,
            audit=audit,
            attributed_revenue=attributed_revenue(deals, config),
            deals_won=sum(1 for d in deals if d.status == "won"),
            history=history))
    ranks = rank_scores({p["member"].id: p["score"] for p in partial})
    members = [MemberScore(**p, rank=ranks.get(p["member"].id, (None, None))[0],
                           top_pct=ranks.get(p["member"].id, (None, None))[1])
               for p in partial]
    members.sort(key=lambda m: (m.rank is None, m.rank or 0, m.member.name.casefold(), m.id))
    by_team: dict[str | None, list[MemberScore]] = {}
    for m in members:
        by_team.setdefault(m.member.team, []).append(m)
    teams = sorted(by_team, key=lambda t: (t is None, t or ""))
    return Scores(
        as_of=content.as_of,
        members=members,
        overall=summarise(None, members),
        teams=[summarise(t, by_team[t]) for t in teams],
        band_counts=[(b, sum(1 for m in members if m.band == b)) for b in config.bands],
        by_id={m.id: m for m in members},
    )


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return fmean(values) if values else None


def summarise(name: str | None, members: list[MemberScore]) -> GroupSummary:
    scored = [m for m in members if m.score is not None]
    reported = [m.reported for m in members if m.reported is not None]
    return GroupSummary(
        name=name,
        size=len(members),
        scored=len(scored),
        score=_mean(m.score for m in scored),
        pillars={p: _mean(m.pillars[p] for m in scored) for p in PILLARS},
        industry_ssi=_mean(r.industry_ssi for r in reported),
        network_ssi=_mean(r.network_ssi for r in reported),
        industry_pillars={p: _mean(r.industry_pillars.get(p) for r in reported) for p in PILLARS},
        network_pillars={p: _mean(r.network_pillars.get(p) for r in reported) for p in PILLARS},
    )
