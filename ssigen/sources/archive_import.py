"""A member's LinkedIn archive → one snapshot record with `profile` and `activity` facts.

The member is `--member`, or the one whose name is Profile.csv's First and Last Name; the
date is `--date`, or the archive's own name. A fact someone typed in another snapshot file of
the same day is kept, and the archive's is left out (a different value is reported); a record
an earlier import wrote for the same day is replaced only with `--replace`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems
from ..load.records import Record
from ..load.schema import SNAPSHOTS
from ..load.validate import validate_record
from ..model import Content
from .archive import open_archive
from .archive_facts import ACTIVITY_ORDER, PROFILE_ORDER, activity_facts, profile_facts
from .archive_file import ARCHIVE_FOLDER, HEADING, ArchiveFile, archive_change, archive_file
from .commit import Change
from .lexicon import Lexicon
from .members import member_by_id, member_by_name
from .ssi import same_ssi
from .values import SourceError

SOURCE = "linkedin-archive"
DERIVED = (*(f"profile.{f}" for f in PROFILE_ORDER),
           *(f"activity.{f}" for f in ACTIVITY_ORDER))   # what an archive can give


@dataclass
class ArchiveReading:
    """What one archive says of one member on one day."""

    archive: str
    member: str
    date: dt.date
    kind: str                                   # "basic" or "complete"
    facts: dict[str, dict] = field(default_factory=dict)   # section → field → value
    status: str = "added"                       # added, unchanged, replaced, conflict

    @property
    def where(self) -> str:
        return self.archive

    @property
    def found(self) -> list[str]:
        return [f"{s}.{f}" for s, facts in self.facts.items() for f in facts]

    @property
    def absent(self) -> list[str]:
        """Facts an archive can give that this one did not (a Basic archive's activity)."""
        return [f for f in DERIVED if f not in self.found]


def read_archive(path: Path, content: Content, member: str | None,
                 date: dt.date | None) -> ArchiveReading:
    archive = open_archive(path)
    config = content.config
    day = date or archive.date
    if day is None:
        raise SourceError(f"{archive.name}: its name carries no date (LinkedIn names archives "
                          "Complete_LinkedInDataExport_MM-DD-YYYY.zip): give --date")
    rows = archive.rows("profile")
    if member is not None:
        who = member_by_id(member, content.members, archive.name)
    elif not rows:
        raise SourceError(f"{archive.name}: Profile.csv has no row: give --member")
    else:
        profile = rows[0][1]
        name = " ".join(p for p in (profile["First Name"], profile["Last Name"]) if p)
        who = member_by_name(name, content.members, f"{archive.name}: Profile.csv")
    lexicon = Lexicon(config.decision_maker_words)
    facts = {"profile": profile_facts(archive),
             "activity": activity_facts(archive, day, config.activity_window_days, lexicon)}
    return ArchiveReading(archive.name, who, day, "complete" if archive.complete else "basic",
                          {s: f for s, f in facts.items() if f})


@dataclass
class ArchivePlan:
    changes: list[Change]
    conflicts: list[str]
    kept: list[str]          # facts typed by hand that differ from the archive's: kept


def plan_archives(readings: list, content: Content, content_dir: Path, replace: bool,
                  folder: Path = ARCHIVE_FOLDER, heading: str = HEADING,
                  source: str = SOURCE) -> ArchivePlan:
    """Each reading's record, checked; the files to change, and what conflicts. A reading
    is an archive's, or any other source's with the same `where, member, date, facts,
    status` (a usage report's), written to `folder` with its `source`."""
    snapshots = {(s.member, s.date): s for s in content.snapshots}
    files: dict[str, ArchiveFile] = {}
    new: dict[str, dict[dt.date, dict]] = {}
    seen: dict[tuple[str, dt.date], ArchiveReading] = {}
    conflicts, kept = [], []
    for reading in readings:
        target = files.setdefault(reading.member,
                                  archive_file(content_dir, reading.member, folder, heading))
        key = (reading.member, reading.date)
        if key in seen:
            if seen[key].facts != reading.facts:
                conflicts.append(f"{reading.where}: {reading.member} on {reading.date} "
                                 f"disagrees with {seen[key].where}")
            reading.status = "conflict" if seen[key].facts != reading.facts else "unchanged"
            continue
        seen[key] = reading
        record, typed = _record(reading, snapshots.get(key), target, source)
        kept += typed
        earlier = target.record_of(reading.date)
        if earlier is not None and _typed(earlier, reading.where) == _typed(record,
                                                                            reading.where):
            reading.status = "unchanged"
        elif earlier is not None and not replace:
            reading.status = "conflict"
            conflicts.append(f"{reading.where}: {reading.member} on {reading.date}: "
                             f"{target.rel} already holds other facts of that day from an "
                             "earlier import; --replace replaces them")
        else:
            reading.status = "replaced" if earlier is not None else "added"
            new.setdefault(reading.member, {})[reading.date] = record
    changes = [archive_change(files[m], records) for m, records in sorted(new.items())]
    return ArchivePlan(changes, conflicts, kept)


def _record(reading, snapshot, target: ArchiveFile, source: str) -> tuple[dict, list[str]]:
    """The record to write (without what was typed by hand that day), and what conflicts.
    An `ssi` section is one fact: kept when another file gives that day's SSI."""
    record: dict = {"member": reading.member, "date": reading.date, "source": source}
    kept = []
    for section, facts in reading.facts.items():
        if section == "ssi":
            earlier = target.record_of(reading.date) or {}
            if snapshot is not None and snapshot.ssi is not None and "ssi" not in earlier:
                if not same_ssi(snapshot.ssi, facts):
                    kept.append(f"{reading.where}: {reading.member} on {reading.date}: the "
                                "SSI typed in another snapshot file is kept (the report "
                                "says otherwise)")
            else:
                record["ssi"] = facts
            continue
        values = {}
        for name, value in facts.items():
            known = (getattr(snapshot, section) or {}).get(name) if snapshot else None
            origin = snapshot.origin_of(f"{section}.{name}") if known is not None else None
            typed = origin is not None and origin.file != target.rel
            if typed and known != value:
                kept.append(f"{reading.where}: {reading.member} on {reading.date}: "
                            f"{section}.{name} typed in {origin.file} is kept (the archive "
                            "says otherwise)")
            if not typed:
                values[name] = value
        if values:
            record[section] = values
    _typed(record, reading.where)
    return record, kept


def _typed(record: dict, where: str) -> dict:
    """The record as the loader reads it; a value it would refuse is a SourceError."""
    problems = Problems()
    typed = validate_record(Record(where, None, record), SNAPSHOTS.fields, problems)
    if problems.errors:
        problem = problems.errors[0]
        raise SourceError(f"{where}: {problem.field}: {problem.message}")
    return typed
