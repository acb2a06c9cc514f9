"""How well the rubric tracks LinkedIn: reported against estimated, pillar by pillar."""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..model import PILLARS
from .figures import MemberScore


@dataclass(frozen=True)
class Fit:
    """Over the n members with both figures: mean |estimated − reported| and Pearson's r."""

    pillar: str
    n: int
    mean_abs_diff: float | None
    mean_diff: float | None
    correlation: float | None


def calibration(members: list[MemberScore]) -> list[Fit]:
    """One Fit per pillar, then one for the total (pillar 'total')."""
    both = [m for m in members if m.reported is not None and m.estimated is not None]
    fits = []
    for pillar in (*PILLARS, "total"):
        reported = [m.reported.sum if pillar == "total" else m.reported.pillars[pillar]
                    for m in both]
        estimated = [m.estimated.total if pillar == "total" else m.estimated.pillars[pillar]
                     for m in both]
        diffs = [e - r for e, r in zip(estimated, reported)]
        fits.append(Fit(
            pillar=pillar,
            n=len(both),
            mean_abs_diff=statistics.fmean(abs(d) for d in diffs) if diffs else None,
            mean_diff=statistics.fmean(diffs) if diffs else None,
            correlation=_pearson(reported, estimated),
        ))
    return fits


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when it is undefined (fewer than 3 pairs, or a constant series)."""
    if len(xs) < 3:
        return None
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return None
