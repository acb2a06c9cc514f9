"""Load a content folder: find its files, read every table, validate, build the model.

`load_content` never raises on bad content: it returns the model (or None) and
the full list of problems, so `ssigen check` can report them all at once.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Iterator

from ..config import CONFIG_FILE, read_config
from ..errors import Problems, did_you_mean
from ..scoring.rubric import load_rubric
from ..model import (NO_PILLARS, PILLARS, SSI, Cohort, Config, Content, Deal, Member,
                     Notes, Snapshot)
from .readers import Record, read_text, table_records
from .schema import (COHORT_SCHEMA, DEAL_SCHEMA, MEMBER_SCHEMA, SECTIONS, SNAPSHOT_SCHEMA,
                     _has_values, _present, validate_record)

TABLE_SUFFIXES = (".csv", ".yml", ".yaml")
KNOWN_ENTRIES = ("ssigen.yml", "members.csv", "members.yml", "members.yaml", "members",
                 "snapshots", "deals.csv", "deals.yml", "deals.yaml", "deals", "cohorts.yml",
                 "cohorts.yaml", "cohorts", "rubric.yml", "notes", "templates", "assets")


class _Folder:
    """The content folder's files, with paths relative to it and a guard against escapes."""

    def __init__(self, root: Path, problems: Problems):
        self.root = root
        self.resolved = root.resolve()
        self.problems = problems
        self.broken_members: set[str] = set()

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def inside(self, path: Path) -> bool:
        """True for a path inside the content folder; links that lead out are errors."""
        try:
            path.resolve(strict=True).relative_to(self.resolved)
        except ValueError:
            self.problems.error(self.rel(path), None, None,
                                "is a link to a place outside the content folder; "
                                "copy the file in instead")
            return False
        except (OSError, RuntimeError):
            self.problems.error(self.rel(path), None, None,
                                "is a broken or looping symbolic link")
            return False
        return True

    def tables(self, *names: str, folder: str | None = None,
               recursive: bool = False) -> list[tuple[Path, str]]:
        """Files named `names` at the top, plus table files in `folder`, in a stable order."""
        found = [self.root / n for n in names if (self.root / n).exists()
                 or (self.root / n).is_symlink()]
        found = [p for p in found if self.inside(p)]
        if folder and (self.root / folder).is_dir() and self.inside(self.root / folder):
            found += self._walk(self.root / folder, recursive, set())
        return [(p, self.rel(p)) for p in found]

    def _walk(self, directory: Path, recursive: bool, seen: set[Path]) -> list[Path]:
        """Table files under `directory`, following links only while they stay inside."""
        seen.add(directory.resolve())
        files = []
        for entry in self.entries(directory):
            if entry.name.startswith("."):
                continue
            if entry.is_symlink() and not self.inside(entry):
                continue
            if entry.is_dir():
                if recursive and entry.resolve() not in seen:
                    files += self._walk(entry, recursive, seen)
            elif entry.suffix.lower() in TABLE_SUFFIXES:
                files.append(entry)
        return files

    def entries(self, directory: Path) -> list[Path]:
        """The folder's entries in name order; an unreadable folder is an error, not a crash."""
        try:
            return sorted(directory.iterdir())
        except OSError as exc:
            self.problems.error(self.rel(directory), None, None,
                                f"folder cannot be read: {exc.strerror or exc}")
            return []

    def records(self, *names: str, folder: str | None = None,
                recursive: bool = False) -> Iterator[Record]:
        for path, rel in self.tables(*names, folder=folder, recursive=recursive):
            yield from table_records(path, rel, self.problems)


def load_content(root: str | Path) -> tuple[Content | None, Problems]:
    root = Path(root)
    problems = Problems()
    try:
        return _load_content(root, problems)
    except OSError as exc:  # a folder that cannot be searched, met by any path check
        where = Path(exc.filename) if exc.filename else root
        try:
            where_rel = where.relative_to(root).as_posix()
        except ValueError:
            where_rel = str(where)
        problems.error(where_rel, None, None, f"cannot be read: {exc.strerror or exc}")
        return None, problems


def _load_content(root: Path, problems: Problems) -> tuple[Content | None, Problems]:
    if not root.is_dir():
        problems.error(str(root), None, None, "content folder not found",
                       "give the folder that holds ssigen.yml")
        return None, problems
    folder = _Folder(root, problems)
    _check_links(folder)
    _warn_unknown_entries(folder)
    config = read_config(root, problems)
    members = _load_members(folder)
    snapshots = _load_snapshots(folder, members)
    deals = _load_deals(folder, members, config)
    cohorts = _load_cohorts(folder, members)
    notes = _load_notes(folder, members, cohorts)
    rubric = load_rubric(root, problems)
    if config is not None and config.brand.logo:
        _check_logo(folder, config.brand.logo)
    if config is None or problems.errors:
        return None, problems
    as_of = config.as_of or max((s.date for s in snapshots), default=None)
    later = [d for d in deals if as_of and d.date > as_of]
    if later:
        problems.warning("deals", None, None,
                         f"{len(later)} deal(s) dated after as_of ({as_of}) are left out")
    content = Content(root=root, config=config, members=members, snapshots=snapshots,
                      deals=[d for d in deals if not as_of or d.date <= as_of],
                      cohorts=cohorts, notes=notes, as_of=as_of, rubric=rubric)
    for member_id in members:
        if not content.snapshots_of(member_id):
            problems.warning("snapshots", None, member_id,
                             "member has no snapshot on or before as_of: no score")
    return content, problems


def _check_links(folder: _Folder) -> None:
    """Every symbolic link in the content folder must stay inside it: nothing from elsewhere
    on the disk is read, copied into the site or used as a template."""
    for directory, dirs, files in os.walk(folder.root):
        for name in sorted(dirs + files):
            path = Path(directory) / name
            if path.is_symlink():
                folder.inside(path)


def _check_logo(folder: _Folder, logo: str) -> None:
    """The logo is a file of the content folder's assets/, named relative to it."""
    path = folder.root / "assets" / logo
    if logo.startswith(("/", "\\")) or ".." in Path(logo).parts or "://" in logo:
        folder.problems.error(CONFIG_FILE, None, "brand.logo",
                              "expected a file name inside assets/, such as logo.svg")
    elif not path.is_file():
        folder.problems.error(CONFIG_FILE, None, "brand.logo", f"assets/{logo} does not exist",
                              "put the logo in the content folder's assets/ folder")
    else:
        folder.inside(path)


def _warn_unknown_entries(folder: _Folder) -> None:
    problems = folder.problems
    for entry in folder.entries(folder.root):
        if entry.name.startswith(".") or entry.name in KNOWN_ENTRIES \
                or entry.name.lower().startswith("readme"):
            continue
        problems.warning(entry.name, None, None, "is not part of the content format; ignored",
                         did_you_mean(entry.name, KNOWN_ENTRIES))


def _load_members(folder: _Folder) -> dict[str, Member]:
    problems = folder.problems
    members: dict[str, Member] = {}
    places: dict[str, str] = {}
    records = list(folder.records("members.csv", "members.yml", "members.yaml"))
    for path, rel in folder.tables(folder="members"):
        for record in table_records(path, rel, problems):
            record.data.setdefault("id", path.stem)
            records.append(record)
    typed_records = [(r, validate_record(r, MEMBER_SCHEMA, problems)) for r in records]
    for record, typed in typed_records:
        if "id" not in typed or "name" not in typed:
            if "id" in typed:
                folder.broken_members.add(typed["id"])
            continue
        if not _first(places, record, typed["id"], "member", problems):
            continue
        members[typed["id"]] = Member(**typed)
    for record, typed in typed_records:
        manager = typed.get("manager")
        if manager and manager not in members:
            _unknown_member(problems, record, "manager", manager, members,
                            folder.broken_members)
    if not records and not problems.errors:
        problems.error("members.csv", None, None, "no members found",
                       "add members.csv, members.yml or members/<id>.yml")
    return members


def _first(places: dict[str, str], record: Record, key: str, kind: str,
           problems: Problems) -> bool:
    """True the first time `key` is defined; a second definition is an error naming the first."""
    if key in places:
        problems.error(record.file, record.line_of("id"), "id", f"duplicate {kind} id '{key}'",
                       f"first defined at {places[key]}")
        return False
    places[key] = f"{record.file}:{record.line}"
    return True


def _unknown_member(problems: Problems, record: Record, path: str, member_id: str,
                    members: dict[str, Member], broken: set[str] = frozenset()) -> None:
    """An unknown member, unless the id belongs to a member row already reported as broken."""
    if member_id in broken or not members:
        return
    problems.error(record.file, record.line_of(path), path, f"unknown member '{member_id}'",
                   did_you_mean(member_id, members) or "members are defined in members.csv")


def _load_snapshots(folder: _Folder, members: dict[str, Member]) -> list[Snapshot]:
    problems = folder.problems
    merged: dict[tuple[str, object], dict] = {}
    places: dict[tuple[str, object, str], str] = {}
    if not (folder.root / "snapshots").is_dir():
        problems.warning("snapshots", None, None, "no snapshots folder: nobody can be scored")
    for record in folder.records(folder="snapshots", recursive=True):
        typed = validate_record(record, SNAPSHOT_SCHEMA, problems)
        if "member" not in typed or "date" not in typed:
            continue
        member_id, date = typed["member"], typed["date"]
        if member_id not in members:
            _unknown_member(problems, record, "member", member_id, members,
                            folder.broken_members)
            continue
        sections = [s for s in SECTIONS if typed.get(s)]
        if not sections and not any(_has_values(record.data.get(s) or {}) for s in SECTIONS):
            problems.error(record.file, record.line, None,
                           "snapshot has no section: expected ssi.*, profile.* or activity.* "
                           "fields")
            continue
        entry = merged.setdefault((member_id, date), {})
        for section in sections:
            where = f"{record.file}:{record.line_of(section) or record.line}"
            key = (member_id, date, section)
            if key in places:
                problems.error(record.file, record.line_of(section), section,
                               f"a second '{section}' section for {member_id} on {date}",
                               f"the first is at {places[key]}")
                continue
            if section == "ssi":
                if not _ssi_ok(record, typed["ssi"], problems):
                    continue
                typed["ssi"] = _ssi(typed["ssi"])
            places[key] = where
            entry[section] = typed[section]
    snapshots = []
    for (member_id, date), sections in sorted(merged.items()):
        if not sections:
            continue
        snapshots.append(Snapshot(member=member_id, date=date, ssi=sections.get("ssi"),
                                  profile=sections.get("profile"),
                                  activity=sections.get("activity")))
    return snapshots


def _ssi_ok(record: Record, ssi: dict, problems: Problems) -> bool:
    if any(p not in ssi for p in PILLARS):
        return False
    total = ssi.get("total")
    pillar_sum = sum(ssi[p] for p in PILLARS)
    if total is not None and abs(total - pillar_sum) > 0.5 + 1e-9:
        problems.error(record.file, record.line_of("ssi.total"), "ssi.total",
                       f"total {total:g} differs from the sum of the four pillars "
                       f"({pillar_sum:.2f}) by more than 0.5")
        return False
    return True


def _ssi(values: dict) -> SSI:
    plain = {k: v for k, v in values.items()
             if not k.startswith(("industry_", "network_")) or k.endswith(
                 ("_ssi", "_top_pct", "_size", "_name"))}
    groups = {g: {p: values[f"{g}_{p}"] for p in PILLARS if f"{g}_{p}" in values} or NO_PILLARS
              for g in ("industry", "network")}
    return SSI(**plain, industry_pillars=groups["industry"], network_pillars=groups["network"])


def _load_deals(folder: _Folder, members: dict[str, Member], config: Config | None) -> list[Deal]:
    problems = folder.problems
    deals: list[Deal] = []
    places: dict[str, str] = {}
    currency = config.currency if config else "EUR"
    rates = config.rates if config else {}
    for record in folder.records("deals.csv", "deals.yml", "deals.yaml", folder="deals"):
        typed = validate_record(record, DEAL_SCHEMA, problems)
        if not {"id", "member", "amount", "date"} <= typed.keys():
            continue
        if not _first(places, record, typed["id"], "deal", problems):
            continue
        ok = True
        if typed["member"] not in members:
            _unknown_member(problems, record, "member", typed["member"], members,
                            folder.broken_members)
            ok = False
        deal_currency = typed.get("currency", currency)
        if config and deal_currency != currency and deal_currency not in rates:
            problems.error(record.file, record.line_of("currency"), "currency",
                           f"no rate for {deal_currency} in ssigen.yml",
                           f"add 'rates: {{{deal_currency}: …}}': how many {currency} "
                           f"one {deal_currency} is worth")
            ok = False
        stage_readable = "stage" in typed or not _present(record.data.get("stage"))
        if stage_readable and typed.get("stage", "none") == "none" \
                and typed.get("contribution", 0) != 0:
            problems.error(record.file, record.line_of("contribution"), "contribution",
                           "must be 0 when stage is 'none' (or absent)",
                           "give the stage where social selling was decisive")
            ok = False
        if ok:
            deals.append(Deal(**typed))
    return deals


def _load_cohorts(folder: _Folder, members: dict[str, Member]) -> list[Cohort]:
    problems = folder.problems
    cohorts: list[Cohort] = []
    places: dict[str, str] = {}
    teams = sorted({m.team for m in members.values() if m.team})
    for record in folder.records("cohorts.yml", "cohorts.yaml", folder="cohorts"):
        typed = validate_record(record, COHORT_SCHEMA, problems)
        if not {"id", "name", "start", "end"} <= typed.keys():
            continue
        if not _first(places, record, typed["id"], "cohort", problems):
            continue
        ok = True
        if typed["start"] > typed["end"]:
            problems.error(record.file, record.line_of("end"), "end",
                           f"ends ({typed['end']}) before it starts ({typed['start']})")
            ok = False
        team = typed.get("team")
        listed = list(dict.fromkeys(typed.get("members", [])))
        counts = Counter(typed.get("members", []))
        for member_id in sorted(m for m, n in counts.items() if n > 1):
            problems.warning(record.file, record.line_of("members"), "members",
                             f"'{member_id}' is listed more than once; counted once")
        if team is not None and team not in teams:
            problems.error(record.file, record.line_of("team"), "team", f"unknown team '{team}'",
                           did_you_mean(team, teams) or "teams come from members' 'team'")
            ok = False
        if team is None and not listed:
            problems.error(record.file, record.line, "members",
                           "a cohort needs 'members' (a list of ids) or 'team'")
            ok = False
        for field_name in ("members", "attendance", "coaching"):
            for member_id in typed.get(field_name, []):
                if member_id not in members:
                    _unknown_member(problems, record, field_name, member_id, members,
                                    folder.broken_members)
                    ok = False
        if not ok:
            continue
        if team is not None:
            already = set(listed)
            listed = listed + [m.id for m in members.values()
                               if m.team == team and m.id not in already]
        cohorts.append(Cohort(**{**typed, "members": tuple(listed)}))
    return cohorts


MAX_NOTE_BYTES = 200 * 1024


def _load_notes(folder: _Folder, members: dict[str, Member], cohorts: list[Cohort]) -> Notes:
    """notes/index.md is the team's note; notes/cohort-<id>.md a cohort's; notes/<id>.md a
    member's. notes/members/<id>.md and notes/cohorts/<id>.md say the same without any
    doubt, and are where the note of a member whose id looks like another note's goes."""
    notes_dir = folder.root / "notes"
    if not notes_dir.is_dir() or not folder.inside(notes_dir):
        return Notes()
    cohort_ids = {c.id for c in cohorts}
    team, by_member, by_cohort = None, {}, {}
    files: dict[str, str] = {}  # "team", "member <id>", "cohort <id>" → the note's file

    def read(path: Path, kind: str, key: str):
        rel = folder.rel(path)
        label = kind if kind == "team" else f"{kind} {key}"
        if not folder.inside(path):
            return
        if label in files:
            folder.problems.error(rel, None, None, f"a second note for {kind} '{key}'",
                                  f"the first is {files[label]}")
            return
        text = read_text(path, rel, folder.problems, MAX_NOTE_BYTES, "note")
        if text is None:
            return
        files[label] = rel
        if kind == "team":
            nonlocal team
            team = text
        else:
            (by_member if kind == "member" else by_cohort)[key] = text

    for path in _note_files(folder, notes_dir):
        stem = path.stem
        if stem == "index":
            read(path, "team", "")
            if stem in members:
                _note_elsewhere(folder, path, "the team's note", stem)
        elif stem.startswith("cohort-") and stem[7:] in cohort_ids:
            read(path, "cohort", stem[7:])
            if stem in members:
                _note_elsewhere(folder, path, f"the note of cohort '{stem[7:]}'", stem)
        elif stem in members:
            read(path, "member", stem)
        else:
            valid = ["index", *members, *(f"cohort-{c}" for c in cohort_ids)]
            folder.problems.warning(folder.rel(path), None, None,
                                    "note does not match index, a member id or cohort-<id>; "
                                    "ignored", did_you_mean(stem, valid))
    subfolders = {p.name: p for p in folder.entries(notes_dir) if p.is_dir()}
    for kind, ids in (("member", members), ("cohort", cohort_ids)):
        sub = subfolders.get(f"{kind}s")
        if sub is not None and folder.inside(sub):
            for path in _note_files(folder, sub):
                if path.stem in ids:
                    read(path, kind, path.stem)
                else:
                    folder.problems.warning(folder.rel(path), None, None,
                                            f"no {kind} has the id '{path.stem}'; ignored",
                                            did_you_mean(path.stem, ids))
    return Notes(team, by_member, by_cohort, files)


def _note_files(folder: _Folder, directory: Path) -> list[Path]:
    return [p for p in folder.entries(directory)
            if p.suffix == ".md" and not p.name.startswith(".") and not p.is_dir()]


def _note_elsewhere(folder: _Folder, path: Path, what: str, member_id: str) -> None:
    folder.problems.warning(folder.rel(path), None, None,
                            f"is {what}, not member '{member_id}''s",
                            f"put member '{member_id}''s note in notes/members/{member_id}.md")


__all__ = ["load_content", "CONFIG_FILE"]
