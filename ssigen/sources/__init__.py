"""What `ssigen import` reads, turned into rows of the snapshot table.

Each kind of source has its own module: LinkedIn's SSI response (`linkedin`) and SocialEdge
exports (`socialedge`), added to snapshots/imported/<member>.csv (`ssi`, `snapshot_file`);
a member's LinkedIn archive (`archive`, `archive_facts`), added to
snapshots/imported/archives/<member>.yml (`archive_import`, `archive_file`); a team's Sales
Navigator usage report (`usage`), added to snapshots/imported/sales-navigator/<member>.yml
the same way; a CRM's opportunity export (`crm`), merged into the deals table
(`deals_table`). CSV and workbook exports are read by `sheet`, their headings declared in
`headings`, their people matched to members by `members`. A file's kind is recognised from
its content; every file is read and checked before anything is written,
and then every change is written or none (`commit`).

What is written is exactly what the loader reads back: every new record is checked with the
loader's own schema, and compared with the content folder in that form, so a second import
of the same files finds everything already present.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import did_you_mean
from ..load import load_content
from ..model import Content
from .archive import is_archive
from .archive_import import ArchiveReading, plan_archives, read_archive
from .commit import commit
from .crm import CrmExport, crm_of, read_crm
from .deals_table import DealsPlan, plan_deals
from .sheet import read_sheet
from .ssi import plan_readings, read_readings
from .usage import UsageReport, is_usage_report, read_usage
from . import usage as usage_report
from .values import Reading, SourceError

KINDS = {
    "linkedin-ssi": "LinkedIn's SSI response (salesApiSsi JSON)",
    "socialedge": "a SocialEdge export (JSON)",
    "linkedin-archive": "a member's LinkedIn archive (a zip, or the folder it unpacks to)",
    "sales-navigator": "a Sales Navigator usage report (CSV or .xlsx)",
    "crm": "a CRM's opportunity export: Salesforce, HubSpot (CSV) or Dynamics 365 (.xlsx)",
}
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass
class ImportResult:
    added: list[Reading]
    unchanged: list[Reading]
    conflicts: list[str]
    written: list[Path]
    archives: list[ArchiveReading] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)   # typed facts kept over an import's
    usage: list[UsageReport] = field(default_factory=list)
    crm: list[CrmExport] = field(default_factory=list)
    deals: DealsPlan | None = None
    planned: list[Path] = field(default_factory=list)   # what is (or would be) written

    @property
    def readings(self) -> bool:
        """Whether any SSI reading was read."""
        return bool(self.added or self.unchanged)


def import_files(paths: list[Path], content_dir: Path, member: str | None = None,
                 date: dt.date | None = None, *, kind: str | None = None,
                 replace: bool = False, dry_run: bool = False,
                 mapped: dict[str, str] | None = None, sheet: str | None = None,
                 date_order: str | None = None, skip_unknown: bool = False) -> ImportResult:
    """Read and check every file; then write everything they add, or nothing."""
    content_dir = Path(content_dir)
    content, _problems = load_content(content_dir)
    if content is None:
        raise SourceError(f"{content_dir}: the content folder has errors; run ssigen check "
                          f"{content_dir} first")
    readings: list[Reading] = []
    archives: list[ArchiveReading] = []
    reports: list[UsageReport] = []
    exports: list[CrmExport] = []
    failed: list[str] = []
    for path in inputs(paths, kind):
        try:
            found = kind or kind_of(path, sheet)
            if found == "linkedin-archive":
                archives.append(read_archive(path, content, member, date))
            elif found == "sales-navigator":
                reports.append(read_usage(path, content, date, mapped or {}, sheet,
                                          date_order))
            elif found == "crm":
                exports.append(read_crm(path, content, order=date_order,
                                        skip_unknown=skip_unknown, mapped=mapped,
                                        sheet_name=sheet))
            else:
                readings.extend(read_readings(path, member, date))
        except SourceError as exc:
            failed += exc.messages
    if len(failed) > 1:
        raise SourceError(f"{len(failed)} problems", failed)
    if failed:
        raise SourceError(failed[0])
    _known_members(readings, content)
    usage = [r for report in reports for r in report.readings]
    _not_twice(archives, usage)
    ssi = plan_readings(readings, content, content_dir)
    archive = plan_archives(archives, content, content_dir, replace)
    seats = plan_archives(usage, content, content_dir, replace, usage_report.FOLDER,
                          usage_report.HEADING, usage_report.SOURCE)
    deals = plan_deals([d for e in exports for d in e.deals], content, content_dir) \
        if exports else None
    changes = ssi.changes + archive.changes + seats.changes + (deals.changes if deals else [])
    written = [] if dry_run else commit(changes)
    return ImportResult(ssi.added, ssi.unchanged,
                        ssi.conflicts + archive.conflicts + seats.conflicts, written,
                        archives, archive.kept + seats.kept, reports, exports, deals,
                        [c.path for c in changes])


def _not_twice(archives: list[ArchiveReading], usage: list) -> None:
    """An archive and a usage report of one member and day may not both give a count."""
    days = {(a.member, a.date): a for a in archives}
    for reading in usage:
        archive = days.get((reading.member, reading.date))
        if archive is None:
            continue
        both = sorted(set(archive.facts.get("activity", {}))
                      & set(reading.facts.get("activity", {})))
        if both:
            raise SourceError(f"{reading.where}: {reading.member} on {reading.date}: "
                              f"{archive.where} gives {', '.join(both)} too; import them "
                              "separately, or date one of them with --date")


def kind_of(path: Path, sheet: str | None = None) -> str:
    """A file's kind, from its content: a zip or a folder with Profile.csv is an archive;
    JSON is read as an SSI response or a SocialEdge export; a CSV file or a workbook is a
    usage report or a CRM export, by its headings."""
    if (not path.is_dir() and not path.is_file()) or path.suffix.lower() == ".json":
        return "linkedin-ssi"   # read as JSON, which refuses pipes and devices unopened
    if is_archive(path) or (path.suffix.lower() == ".zip" and _head(path).startswith(b"PK")):
        return "linkedin-archive"   # a zip, or the truncated start of one
    if path.is_dir():
        seen = "a folder without Profile.csv, and without archives in it"
    else:
        head = _head(path)
        if head.lstrip()[:1] in (b"{", b"["):
            return "linkedin-ssi"
        workbook = path.suffix.lower() == ".xlsx"
        if path.suffix.lower() == ".csv" or (workbook and head.startswith(b"PK")):
            table = _table_kind(path, sheet)
            if table:
                return table
            seen = ("a workbook whose headings are neither a usage report's nor a CRM "
                    "export's" if workbook else
                    "a CSV file whose headings are neither a usage report's nor a CRM "
                    "export's")
            raise SourceError(f"{path}: is {seen}; ssigen import reads "
                              + "; ".join(f"{v} (--kind {k})" for k, v in KINDS.items()))
        seen = ("an Excel workbook" if head.startswith(b"PK") else
                "named .xlsx but not an Excel workbook" if workbook else
                "text that is not JSON" if _is_text(head) else "binary data")
    raise SourceError(f"{path}: is {seen}; ssigen import reads "
                      + "; ".join(f"{v} (--kind {k})" for k, v in KINDS.items()))


def _table_kind(path: Path, sheet: str | None) -> str | None:
    """A CSV file's or workbook's kind, from its first row of headings."""
    headings = read_sheet(path, sheet).headings
    if is_usage_report(headings):
        return "sales-navigator"
    if crm_of(headings):
        return "crm"
    return None


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(512).removeprefix(b"\xef\xbb\xbf")
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _is_text(head: bytes) -> bool:
    try:
        head[:-4].decode("utf-8")   # the last bytes may cut a character in two
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


def inputs(paths: list[Path], kind: str | None) -> list[Path]:
    """The files to read: a folder that is not an archive stands for the archives and
    exports in it (a folder of the team's zips and reports; a broken one among them is
    reported, not skipped)."""
    if kind is not None and kind not in KINDS:
        raise SourceError(f"unknown kind '{kind}'" + (f" ({hint})" if (
            hint := did_you_mean(kind, KINDS)) else "") + "; kinds are " + ", ".join(KINDS))
    found = []
    for path in map(Path, paths):
        if path.is_dir() and not is_archive(path):
            inner = [p for p in sorted(path.iterdir()) if not p.name.startswith(".")
                     and (p.suffix.lower() in (".zip", ".json", *TABLE_SUFFIXES)
                          or is_archive(p))]
            if not inner:
                kind_of(path)
            found += inner
        else:
            found.append(path)
    return found


def _known_members(readings: list[Reading], content: Content) -> None:
    for reading in readings:
        if reading.member not in content.members:
            hint = did_you_mean(reading.member, content.members)
            raise SourceError(f"{reading.source}: unknown member '{reading.member}'"
                              + (f" ({hint})" if hint else ""))


__all__ = ["ImportResult", "KINDS", "SourceError", "import_files", "read_readings"]
