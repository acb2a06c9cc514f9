"""SSI readings: LinkedIn's SSI response and SocialEdge exports, added to
snapshots/imported/<member>.csv. A reading already there is unchanged; one that disagrees
with a snapshot of the same member and date is a conflict, never written."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problems
from ..load.csv_file import cell_value
from ..load.records import Record, set_dotted
from ..load.schema import SNAPSHOTS
from ..load.validate import validate_record
from ..model import Content
from .commit import Change
from .linkedin import from_linkedin, unwrap
from .snapshot_file import Target, ssi_changes, target_of
from .socialedge import from_socialedge
from .values import Reading, SourceError, parse_json, source_bytes

TOLERANCE = 0.005


def read_readings(path: Path, member: str | None, date: dt.date | None) -> list[Reading]:
    """Every reading of one file, checked; raises SourceError with the file's name."""
    name = str(path)
    raw = source_bytes(Path(path), name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{name}: cannot be read (not UTF-8 text)") from None
    document = parse_json(text, name)
    document = unwrap(document)
    if isinstance(document, dict) and "memberScore" in document:
        if member is None or date is None:
            raise SourceError(f"{name}: a LinkedIn SSI response has no member or date: "
                              "give --member and --date")
        values, origins = from_linkedin(document, name)
        return [Reading(member, date, values, name, name, origins)]
    if isinstance(document, list) and document and all(
            isinstance(e, dict) and "date" in e and ("parsed" in e or "raw" in e)
            for e in document):
        if member is None:
            raise SourceError(f"{name}: give --member: a SocialEdge export does not say "
                              "whose readings it holds")
        return [from_socialedge(entry, index, member, name)
                for index, entry in enumerate(document, start=1)]
    raise SourceError(f"{name}: neither a LinkedIn SSI response (with 'memberScore') nor a "
                      "SocialEdge export (a list of {date, parsed, raw})")


@dataclass
class SsiPlan:
    added: list[Reading]
    unchanged: list[Reading]
    conflicts: list[str]
    changes: list[Change]


def plan_readings(readings: list[Reading], content: Content, content_dir: Path) -> SsiPlan:
    """Which readings are new, already there or in conflict; the files that change."""
    targets = {m: target_of(content_dir, m) for m in sorted({r.member for r in readings})}
    existing = {(s.member, s.date): s.ssi for s in content.snapshots if s.ssi is not None}
    added, unchanged, conflicts = [], [], []
    seen: dict[tuple[str, dt.date], tuple[Reading, dict]] = {}
    for reading in readings:
        typed = _checked(reading, targets[reading.member])
        key = (reading.member, reading.date)
        if key in seen:
            earlier, earlier_typed = seen[key]
            if earlier_typed != typed:
                conflicts.append(f"{reading.where}: {reading.member} on {reading.date} "
                                 f"disagrees with {earlier.where}")
            continue
        seen[key] = (reading, typed)
        ssi = existing.get(key)
        if ssi is None:
            added.append(reading)
        elif same_ssi(ssi, typed):
            unchanged.append(reading)
        else:
            conflicts.append(f"{reading.where}: {reading.member} on {reading.date} differs "
                             "from the snapshot already in the content folder; not imported")
    return SsiPlan(added, unchanged, conflicts, ssi_changes(targets, added))


def _checked(reading: Reading, target: Target) -> dict:
    """The reading's ssi section as the loader will read it from the cells written into
    `target`; a value the loader would refuse is a SourceError naming where it came from."""
    cells = reading.cells(target.decimal_comma)
    data: dict = {}
    for column, cell in cells.items():
        set_dotted(data, column, cell_value(cell))
    record = Record(reading.where, None, data, {}, decimal_comma=target.decimal_comma,
                    header_line=1)
    problems = Problems()
    typed = validate_record(record, SNAPSHOTS.fields, problems)
    for problem in problems.errors:
        key = (problem.field or "").removeprefix("ssi.")
        origin = reading.origins.get(key, reading.where)
        raise SourceError(f"{origin}: {problem.field}: {problem.message}"
                          + (f" ({problem.hint})" if problem.hint else ""))
    return typed.get("ssi", {})


def same_ssi(ssi, values: dict[str, object]) -> bool:
    """Whether a loaded SSI holds `values` (an import's, typed as the loader reads them)."""
    for key, value in values.items():
        if key.startswith(("industry_", "network_")) and key.endswith(
                ("brand", "people", "insights", "relationships")):
            group, pillar = key.split("_", 1)
            known = getattr(ssi, f"{group}_pillars").get(pillar)
        else:
            known = getattr(ssi, key, None)
        if known is None and key == "total":
            continue
        if isinstance(value, float) or isinstance(known, float):
            if known is None or abs(float(known) - float(value)) > TOLERANCE:
                return False
        elif known != value:
            return False
    return True


