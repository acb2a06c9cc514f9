"""What `ssigen import` reads, turned into rows of the snapshot table.

Each source has its own module: LinkedIn's SSI response (`linkedin`), a SocialEdge export
(`socialedge`). Readings are checked before anything is written; they land in
`snapshots/imported/<member>.csv` (`snapshot_file`). A reading already there is skipped;
one that disagrees with an existing snapshot for the same member and date is reported.

What is written is exactly what the loader reads back: every new row is checked with the
loader's own schema (as the CSV cells it will be) and compared with the content folder in
that form, so a second import of the same file finds everything already present.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problems, did_you_mean
from ..load import load_content
from ..load.csv_file import cell_value
from ..load.records import Record, set_dotted
from ..load.schema import SNAPSHOTS
from ..load.validate import validate_record
from .linkedin import from_linkedin, unwrap
from .snapshot_file import Target, target_of, write_files
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
class ImportResult:
    added: list[Reading]
    unchanged: list[Reading]
    conflicts: list[str]
    written: list[Path]



def import_files(paths: list[Path], content_dir: Path, member: str | None = None,
                 date: dt.date | None = None) -> ImportResult:
    """Check every file first; write only if all of them can be imported."""
    content_dir = Path(content_dir)
    content, problems = load_content(content_dir)
    if content is None:
        raise SourceError(f"{content_dir}: the content folder has errors; run ssigen check "
                          f"{content_dir} first")
    readings = []
    for path in paths:
        readings.extend(read_readings(Path(path), member, date))
    for reading in readings:
        if reading.member not in content.members:
            hint = did_you_mean(reading.member, content.members)
            raise SourceError(f"{reading.source}: unknown member '{reading.member}'"
                              + (f" ({hint})" if hint else ""))
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
        elif _same(ssi, typed):
            unchanged.append(reading)
        else:
            conflicts.append(f"{reading.where}: {reading.member} on {reading.date} differs "
                             "from the snapshot already in the content folder; not imported")
    written = write_files(content_dir, targets, added)
    return ImportResult(added, unchanged, conflicts, written)


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


def _same(ssi, values: dict[str, object]) -> bool:
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


