"""The consultant's notes: Markdown files, each resolved by what it is about."""
from __future__ import annotations

from pathlib import Path

from ..errors import did_you_mean
from ..model import Cohort, Member, Notes
from .files import read_text
from .folder import ContentFolder

MAX_NOTE_BYTES = 200 * 1024


def read_notes(folder: ContentFolder, members: dict[str, Member], cohorts: list[Cohort]) -> Notes:
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


def _note_files(folder: ContentFolder, directory: Path) -> list[Path]:
    return [p for p in folder.entries(directory)
            if p.suffix == ".md" and not p.name.startswith(".") and not p.is_dir()]


def _note_elsewhere(folder: ContentFolder, path: Path, what: str, member_id: str) -> None:
    folder.problems.warning(folder.rel(path), None, None,
                            f"is {what}, not member '{member_id}''s",
                            f"put member '{member_id}''s note in notes/members/{member_id}.md")
