"""The transparent score: the estimate a rubric (read by `load.rubric`) gives.

A rubric maps each pillar to criteria; a criterion reads one signal of the member's
latest profile or activity (or a ratio of two) and earns up to its points. A signal
that is absent, or a ratio over zero, earns nothing and is reported as "no data",
not as a failure.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..model import PILLARS, Criterion, Rubric


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    value: Any
    earned: float
    has_data: bool

    @property
    def missing(self) -> float:
        return self.criterion.points - self.earned

    @property
    def status(self) -> str:
        if not self.has_data:
            return "no_data"
        if self.earned >= self.criterion.points - 1e-9:
            return "full"
        return "partial" if self.earned > 0 else "none"


@dataclass(frozen=True)
class Estimate:
    """The rubric's estimate of the four pillars, with every criterion's points."""

    pillars: dict[str, float]
    criteria: tuple[CriterionResult, ...] = ()
    profile_date: Any = None
    activity_date: Any = None

    @property
    def total(self) -> float:
        return math.fsum(self.pillars.values())

    def of(self, pillar: str) -> list[CriterionResult]:
        return [r for r in self.criteria if r.criterion.pillar == pillar]


def signal_value(name: str, profile: dict | None, activity: dict | None) -> Any:
    section, _, field = name.partition(".")
    source = profile if section == "profile" else activity
    return None if source is None else source.get(field)


def earn(criterion: Criterion, profile: dict | None, activity: dict | None) -> CriterionResult:
    parts = criterion.parts
    values = [signal_value(p, profile, activity) for p in parts]
    if any(v is None for v in values):
        return CriterionResult(criterion, None, 0.0, False)
    if len(parts) == 2:
        if values[1] == 0:
            return CriterionResult(criterion, None, 0.0, False)
        value = values[0] / values[1]
    else:
        value = values[0]
    points = criterion.points
    if criterion.kind == "text":
        length = len(str(value).strip())
        return CriterionResult(criterion, length, points * min(1.0, length / criterion.min_length),
                               True)
    if criterion.kind in ("bool", "object"):
        return CriterionResult(criterion, value, points if _present(value) else 0.0, True)
    target = criterion.target
    if criterion.curve == "step":
        earned = points if value >= target else 0.0
    elif criterion.curve == "log":
        earned = points * min(1.0, math.log1p(value) / math.log1p(target))
    else:
        earned = points * min(1.0, value / target)
    return CriterionResult(criterion, value, earned, True)


def _present(value: Any) -> bool:
    """A bool counts when true; an object such as {title, description} when it says something."""
    if isinstance(value, dict):
        return any(str(v).strip() for v in value.values())
    return bool(value)


def estimate(rubric: Rubric, profile: dict | None, activity: dict | None,
             profile_date=None, activity_date=None) -> Estimate | None:
    """The estimate from the latest profile and activity; None when there is neither."""
    if profile is None and activity is None:
        return None
    results = tuple(earn(c, profile, activity) for c in rubric.criteria)
    pillars = {p: math.fsum(r.earned for r in results if r.criterion.pillar == p) for p in PILLARS}
    return Estimate(pillars, results, profile_date, activity_date)
