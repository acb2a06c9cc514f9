"""rubric.yml (or ssigen's default rubric): pillar → criteria, read against the schema's
RUBRIC table."""
from __future__ import annotations

import math
from pathlib import Path

from ..errors import Problems, did_you_mean
from ..model import PILLARS, Criterion, Rubric
from .fields import Known
from .records import Record
from .schema import PILLAR_POINTS, RUBRIC, signal_kind
from .validate import check_rules, read_record
from .yaml_file import LineDict, read_yaml

DEFAULT_RUBRIC = Path(__file__).resolve().parent.parent / "scoring" / "default_rubric.yml"
RUBRIC_FILE = RUBRIC.files[0]


def read_rubric(root: Path | None, problems: Problems) -> Rubric | None:
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
    first: dict[str, str] = {}
    for pillar, items in doc.items():
        line = doc.key_lines.get(pillar)
        if pillar not in PILLARS:
            problems.error(rel, line, pillar, "unknown pillar",
                           did_you_mean(pillar, PILLARS) or "pillars are " + ", ".join(PILLARS))
        elif not isinstance(items, list) or not items:
            problems.error(rel, line, pillar, "expected a list of criteria")
        else:
            read = [_criterion(pillar, item, rel, line, first, problems) for item in items]
            ours = [c for c in read if c is not None]
            total = math.fsum(c.points for c in ours)
            if len(ours) == len(items) and abs(total - PILLAR_POINTS) > 1e-9:
                problems.error(rel, line, pillar, f"points add up to {total:g}, not "
                               f"{PILLAR_POINTS}", f"each pillar's points must add up to "
                               f"exactly {PILLAR_POINTS}")
            criteria.extend(ours)
    for pillar in PILLARS:
        if pillar not in doc:
            problems.error(rel, doc.line, pillar, "pillar is missing: its criteria must add "
                           f"up to {PILLAR_POINTS} points")
    if len(problems.errors) > before:
        return None
    return Rubric(tuple(criteria), rel)


def _criterion(pillar: str, item, rel: str, line: int | None, first: dict[str, str],
               problems: Problems) -> Criterion | None:
    """One criterion, its fields named `<pillar>.<field>`; None when it is not valid."""
    if not isinstance(item, LineDict):
        problems.error(rel, line, pillar, "each criterion must be a mapping with id, signal "
                       "and points")
        return None
    prefix = f"{pillar}."
    lines = {prefix + key: key_line for key, key_line in item.key_lines.items()}
    record = Record(rel, item.line, item, lines)
    checked = read_record(record, RUBRIC, Known(), problems, prefix)
    if not checked.complete or not check_rules(record, RUBRIC.rules, checked, Known(),
                                               problems, prefix):
        return None
    values = checked.values
    key = values["id"]
    if key in first:
        problems.error(rel, item.line, f"{pillar}.id", f"duplicate criterion id '{key}'",
                       f"first defined at {first[key]}")
    first.setdefault(key, f"{rel}:{item.line}")
    return Criterion(pillar=pillar, kind=signal_kind(values["signal"]), **values)
