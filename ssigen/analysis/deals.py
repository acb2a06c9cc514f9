"""Revenue credited to social selling, read beside the SSI.

An SSI is not revenue: these functions put the money and the meetings next to the
score. Every amount is converted to the report's currency with `rates`.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

from ..model import STAGES, Config, Content, Deal
from ..scoring.revenue import credited, in_report_currency
from .stats import spearman


def quarter(date: dt.date) -> str:
    return f"{date.year}-Q{(date.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class DealView:
    """One deal as the report shows it: converted, credited, and the seller's SSI then."""

    deal: Deal
    amount: float
    credited: float
    seller_ssi: float | None
    seller_ssi_date: dt.date | None

    @property
    def quarter(self) -> str:
        return quarter(self.deal.date)


@dataclass(frozen=True)
class Correlation:
    """Spearman's rank correlation between score and attributed revenue, over n members."""

    n: int
    rho: float | None
    p_value: float | None


@dataclass(frozen=True)
class Flag:
    member_id: str
    kind: str          # "high_band_no_revenue" or "low_band_strong_revenue"


@dataclass
class DealsSummary:
    currency: str
    deals: list[DealView]
    attributed_revenue: float
    influenced_pipeline: float
    by_member: dict[str, float]
    by_stage: dict[str, float]
    by_quarter: dict[str, float]
    pipeline_by_member: dict[str, float]
    meetings_by_member: dict[str, int]
    won: int
    open: int
    lost: int
    won_influenced: int
    meetings: int
    correlation: Correlation | None = None
    flags: list[Flag] = field(default_factory=list)

    @property
    def share_influenced_pct(self) -> float | None:
        """Share of won deals in which social selling played a part (contribution > 0)."""
        return 100 * self.won_influenced / self.won if self.won else None

    @property
    def verbatims(self) -> list[DealView]:
        return [v for v in self.deals if v.deal.verbatim]

    def of(self, member_id: str) -> list[DealView]:
        return self._by_member.get(member_id, [])

    @property
    def awaiting(self) -> dict[str, list[DealView]]:
        """Won deals nobody has asked the seller about yet, by seller."""
        found: dict[str, list[DealView]] = {}
        for view in self.deals:
            if view.deal.awaits_interview:
                found.setdefault(view.deal.member, []).append(view)
        return dict(sorted(found.items()))

    def __post_init__(self) -> None:
        # each flagged member's flag kind, asked for every person page
        self.flag_of = {f.member_id: f.kind for f in self.flags}
        self._by_member: dict[str, list[DealView]] = {}
        for view in self.deals:
            self._by_member.setdefault(view.deal.member, []).append(view)


def seller_ssi_at(content: Content, member_id: str, date: dt.date):
    """The seller's latest reported SSI on or before the deal date: (total, date) or None."""
    snap = content.latest(member_id, "ssi", until=date)
    return (snap.ssi.sum, snap.date) if snap else None


def summarise_deals(content: Content, scores=None) -> DealsSummary:
    config = content.config
    views = []
    for deal in sorted(content.deals, key=lambda d: (d.date, d.id), reverse=True):
        at = seller_ssi_at(content, deal.member, deal.date)
        views.append(DealView(deal, in_report_currency(deal, config), credited(deal, config),
                              at[0] if at else None, at[1] if at else None))
    won = [v for v in views if v.deal.status == "won"]
    opened = [v for v in views if v.deal.status == "open"]
    return DealsSummary(
        currency=config.currency,
        deals=views,
        attributed_revenue=math.fsum(v.credited for v in won),
        influenced_pipeline=math.fsum(v.credited for v in opened),
        by_member=_sum_by(won, lambda v: v.deal.member, list(content.members)),
        by_stage=_sum_by(won, lambda v: v.deal.stage, list(STAGES)),
        by_quarter=dict(sorted(_sum_by(won, lambda v: v.quarter, []).items())),
        pipeline_by_member=_sum_by(opened, lambda v: v.deal.member, list(content.members)),
        meetings_by_member=_meetings_by_member(views, content.members),
        won=len(won),
        open=len(opened),
        lost=sum(1 for v in views if v.deal.status == "lost"),
        won_influenced=sum(1 for v in won if v.deal.contribution > 0),
        meetings=sum(v.deal.meetings or 0 for v in views),
        correlation=None if scores is None else score_revenue_correlation(scores.members),
        flags=[] if scores is None else flag_members(scores.members, config),
    )


def _meetings_by_member(views: list[DealView], members) -> dict[str, int]:
    meetings = dict.fromkeys(members, 0)
    for view in views:
        meetings[view.deal.member] = meetings.get(view.deal.member, 0) + (view.deal.meetings or 0)
    return meetings


def _sum_by(views: list[DealView], key, order: list[str]) -> dict[str, float]:
    """Credited revenue summed per key; keys without a deal are left out, order kept."""
    sums: dict[str, float] = {}
    for view in views:
        sums[key(view)] = sums.get(key(view), 0.0) + view.credited
    position = {k: i for i, k in enumerate(order)}
    return dict(sorted(sums.items(), key=lambda kv: (position.get(kv[0], len(order)), kv[0])))


def score_revenue_correlation(members) -> Correlation:
    """Spearman's rho between score and attributed revenue, over members with a score."""
    pairs = [(m.score, m.attributed_revenue) for m in members if m.score is not None]
    n = len(pairs)
    if n < 3 or len({p[0] for p in pairs}) < 2 or len({p[1] for p in pairs}) < 2:
        return Correlation(n, None, None)
    rho, p_value = spearman([p[0] for p in pairs], [p[1] for p in pairs])
    if not math.isfinite(rho):
        return Correlation(n, None, None)
    return Correlation(n, rho, p_value if math.isfinite(p_value) else None)


def flag_members(members, config: Config) -> list[Flag]:
    """Members worth a conversation: a high band with no credited revenue, or the lowest
    band with credited revenue at or above the median of those who have any."""
    bands = list(config.bands)
    high = set(bands[-2:]) if len(bands) >= 3 else set(bands[-1:])
    low = bands[0] if len(bands) >= 2 else None
    earning = [m.attributed_revenue for m in members if m.attributed_revenue > 0]
    strong = statistics.median(earning) if earning else None
    flags = []
    for m in members:
        if m.band in high and m.attributed_revenue == 0:
            flags.append(Flag(m.id, "high_band_no_revenue"))
        elif m.band == low and strong is not None and m.attributed_revenue >= strong > 0:
            flags.append(Flag(m.id, "low_band_strong_revenue"))
    return flags
