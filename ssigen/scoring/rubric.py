"""The transparent score: a rubric anyone can read and change, and the estimate it gives.

A rubric maps each pillar to criteria; a criterion reads one signal of the member's
latest profile or activity (or a ratio of two) and earns up to its points. A signal
that is absent, or a ratio over zero, earns nothing and is reported as "no data",
not as a failure.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problems, did_you_mean
from ..formats import without_bidi
from ..load.readers import LineDict, read_yaml
from ..load.schema import (ACTIVITY_SCHEMA, PROFILE_BOOLS, PROFILE_COUNTS, PROFILE_TEXTS)
from ..model import PILLARS

DEFAULT_RUBRIC = Path(__file__).resolve().parent / "default_rubric.yml"
RUBRIC_FILE = "rubric.yml"
CURVES = ("linear", "log", "step")
CRITERION_KEYS = ("id", "label", "signal", "points", "target", "curve", "min_length", "advice")

SIGNAL_KINDS: dict[str, str] = {
    **{f"profile.{n}": "bool" for n in PROFILE_BOOLS},
    **{f"profile.{n}": "text" for n in PROFILE_TEXTS},
    "profile.current_position": "object",
    **{f"profile.{n}": "number" for n in PROFILE_COUNTS},
    **{f"activity.{n}": "number" for n in ACTIVITY_SCHEMA},
}


@dataclass(frozen=True)
class Criterion:
    id: str
    pillar: str
    label: str
    signal: str
    points: float
    kind: str
    target: float | None = None
    curve: str = "linear"
    min_length: int | None = None
    advice: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        """The signal names it reads: one, or two for a ratio."""
        return tuple(p.strip() for p in self.signal.split("/"))


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    source: str

    def of(self, pillar: str) -> list[Criterion]:
        return [c for c in self.criteria if c.pillar == pillar]


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


# -- evaluation ---------------------------------------------------------------------------

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


# -- loading and validation --------------------------------------------------------------

def load_rubric(root: Path | None, problems: Problems) -> Rubric | None:
    """The content folder's rubric.yml if there is one, else the default rubric."""
    path = root / RUBRIC_FILE if root is not None else None
    if path is not None and path.exists():
        return _read(path, RUBRIC_FILE, problems)
    return _read(DEFAULT_RUBRIC, "default rubric", problems)


def _read(path: Path, rel: str, problems: Problems) -> Rubric | None:
    doc = read_yaml(path, rel, problems)
    if doc is None:
        return None
    if not isinstance(doc, LineDict):
        problems.error(rel, None, None, "expected a mapping of pillar: list of criteria",
                       "pillars are " + ", ".join(PILLARS))
        return None
    before = len(problems.errors)
    criteria: list[Criterion] = []
    seen_ids: dict[str, int] = {}
    for pillar, items in doc.items():
        line = doc.key_lines.get(pillar)
        if pillar not in PILLARS:
            problems.error(rel, line, pillar, "unknown pillar",
                           did_you_mean(pillar, PILLARS) or "pillars are " + ", ".join(PILLARS))
            continue
        if not isinstance(items, list) or not items:
            problems.error(rel, line, pillar, "expected a list of criteria")
            continue
        pillar_criteria = []
        for item in items:
            criterion = _criterion(pillar, item, rel, line, problems)
            if criterion is None:
                continue
            item_line = item.line if isinstance(item, LineDict) else line
            if criterion.id in seen_ids:
                problems.error(rel, item_line, f"{pillar}.id",
                               f"duplicate criterion id '{criterion.id}'",
                               f"first used at line {seen_ids[criterion.id]}")
            seen_ids.setdefault(criterion.id, item_line)
            pillar_criteria.append(criterion)
        total = math.fsum(c.points for c in pillar_criteria)
        if len(pillar_criteria) == len(items) and abs(total - 25) > 1e-9:
            problems.error(rel, line, pillar,
                           f"points add up to {total:g}, not 25",
                           "each pillar's points must add up to exactly 25")
        criteria.extend(pillar_criteria)
    for pillar in PILLARS:
        if pillar not in doc:
            problems.error(rel, doc.line, pillar, "pillar is missing: its criteria must add "
                           "up to 25 points")
    if len(problems.errors) > before:
        return None
    return Rubric(tuple(criteria), rel)


def _criterion(pillar: str, item: Any, rel: str, line: int | None,
               problems: Problems) -> Criterion | None:
    if not isinstance(item, LineDict):
        problems.error(rel, line, pillar, "each criterion must be a mapping with id, signal "
                       "and points")
        return None

    def err(key: str | None, message: str, hint: str | None = None) -> None:
        where = item.key_lines.get(key, item.line) if key else item.line
        problems.error(rel, where, f"{pillar}.{key}" if key else pillar, message, hint)

    ok = True
    for key in item:
        if key not in CRITERION_KEYS:
            err(key, "unknown key", did_you_mean(key, CRITERION_KEYS))
            ok = False
    for key in ("id", "signal", "points"):
        if item.get(key) in (None, ""):
            err(key, f"criterion is missing '{key}'")
            ok = False
    if not ok:
        return None
    signal = str(item["signal"]).strip()
    parts = [p.strip() for p in signal.split("/")]
    kinds = []
    for part in parts:
        kind = SIGNAL_KINDS.get(part)
        if kind is None:
            err("signal", f"unknown signal '{part}'",
                did_you_mean(part, SIGNAL_KINDS) or "signals are profile.* and activity.* "
                "fields, or a ratio 'a / b'")
            return None
        kinds.append(kind)
    if len(parts) > 2:
        err("signal", "a ratio divides exactly two signals: 'a / b'")
        return None
    if len(parts) == 2 and kinds != ["number", "number"]:
        err("signal", "a ratio needs two number signals")
        return None
    kind = kinds[0] if len(parts) == 1 else "number"
    points = _number(item, "points", err, positive=True)
    curve = str(item.get("curve", "linear")).strip()
    if curve not in CURVES:
        err("curve", f"unknown curve '{curve}'", "curves are " + ", ".join(CURVES))
        return None
    target = min_length = None
    if kind == "number":
        if "target" not in item:
            err("target", f"criterion '{item['id']}' reads a number: it needs a 'target' (> 0)")
            return None
        target = _number(item, "target", err, positive=True)
    elif kind == "text":
        if "min_length" not in item:
            err("min_length",
                f"criterion '{item['id']}' reads text: it needs a 'min_length' (> 0)")
            return None
        min_length = _number(item, "min_length", err, positive=True)
    if points is None or (kind == "number" and target is None) or \
            (kind == "text" and min_length is None):
        return None
    label = without_bidi(str(item.get("label") or str(item["id"]).replace("_", " ").capitalize()))
    advice = without_bidi(str(item["advice"])) if item.get("advice") else None
    return Criterion(id=str(item["id"]), pillar=pillar, label=label, signal=signal,
                     points=points, kind=kind, target=target, curve=curve,
                     min_length=min_length, advice=advice)


def _number(item: LineDict, key: str, err, positive: bool) -> float | None:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value):
        err(key, f"expected a number (got {value!r})")
        return None
    if positive and value <= 0:
        err(key, f"expected a number above 0 (got {value!r})")
        return None
    return float(value)
