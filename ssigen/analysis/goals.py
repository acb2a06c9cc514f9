"""Goals: where each member of a cohort stands against the SSI they should reach, and whether
their trajectory gets them there by the due date (docs/format.md, cohorts)."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..model import Goal

WINDOW_DAYS = 56          # the trajectory is fitted on the last eight weeks of readings
MIN_READINGS = 3
STATUSES = ("reached", "on_track", "at_risk", "missed", "no_data")


@dataclass(frozen=True)
class GoalResult:
    target: float
    due: dt.date
    band: str | None
    baseline: float | None
    current: float | None
    progress_pct: float | None
    slope: float | None           # points per day
    projected: float | None
    status: str


def slope_of(readings: list[tuple[dt.date, float]], as_of: dt.date) -> float | None:
    """The least-squares slope (points per day) of the readings dated in the window that
    ends on `as_of`; None with fewer than MIN_READINGS."""
    start = as_of - dt.timedelta(days=WINDOW_DAYS)
    points = [(d.toordinal(), total) for d, total in readings if start <= d <= as_of]
    if len(points) < MIN_READINGS:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def goal_result(goal: Goal, baseline: float | None, current: float | None,
                readings: list[tuple[dt.date, float]], as_of: dt.date) -> GoalResult:
    """A member's goal figures on `as_of` (`readings`: their reported totals by date)."""
    slope = slope_of(readings, as_of)
    projected = current + slope * (goal.due - as_of).days \
        if goal.due > as_of and slope is not None and current is not None else None
    if baseline is None or current is None:
        return GoalResult(goal.target, goal.due, goal.band, baseline, current, None, slope,
                          projected, "no_data")
    progress = 100.0 if baseline >= goal.target else \
        100 * (current - baseline) / (goal.target - baseline)
    if current >= goal.target:
        status = "reached"
    elif goal.due <= as_of:
        status = "missed"
    elif projected is not None and projected >= goal.target:
        status = "on_track"
    else:
        status = "at_risk"
    return GoalResult(goal.target, goal.due, goal.band, baseline, current, progress, slope,
                      projected, status)


def status_counts(results) -> dict[str, int]:
    """How many goals have each status (every status listed, 0 included)."""
    counts = Counter(r.status for r in results)
    return {status: counts.get(status, 0) for status in STATUSES}
