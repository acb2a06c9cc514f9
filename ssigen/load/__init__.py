"""Load a content folder: read every table against its schema and build the model.

`load_content` never raises on bad content: it returns the model (or None) and the full
list of problems, so `ssigen check` can report them all at once. The tables are read in the
order they refer to each other: settings, members, snapshots, deals, cohorts, surveys,
notes, rubric.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Problems
from ..heap import collector_paused
from ..model import Content
from .config import read_config
from .fields import Known
from .folder import ContentFolder
from .notes import read_notes
from .rubric import read_rubric
from .tables import read_cohorts, read_deals, read_members, read_snapshots, read_surveys


def load_content(root: str | Path) -> tuple[Content | None, Problems]:
    root = Path(root)
    problems = Problems()
    try:
        with collector_paused():
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
    folder = ContentFolder(root, problems)
    folder.check_links()
    folder.warn_unknown_entries()
    config = read_config(folder, problems)
    known = Known(currency=config and config.currency, rates=config.rates if config else {},
                  bands=config.bands if config else ())
    members = read_members(folder, known)
    snapshots = read_snapshots(folder, known)
    deals = read_deals(folder, known)
    cohorts = read_cohorts(folder, known)
    answers = read_surveys(folder, known)
    notes = read_notes(folder, members, cohorts)
    rubric = read_rubric(root, problems)
    if config is None or problems.errors:
        return None, problems
    as_of = config.as_of or max((s.date for s in snapshots), default=None)
    later = [d for d in deals if as_of and d.date > as_of]
    if later:
        problems.warning("deals", None, None,
                         f"{len(later)} deal(s) dated after as_of ({as_of}) are left out")
    unanswered = [a for a in answers if as_of and a.date > as_of]
    if unanswered:
        problems.warning("surveys", None, None, f"{len(unanswered)} survey answer(s) dated "
                         f"after as_of ({as_of}) are left out")
    content = Content(root=root, config=config, members=members, snapshots=snapshots,
                      deals=[d for d in deals if not as_of or d.date <= as_of],
                      cohorts=cohorts, notes=notes, as_of=as_of, rubric=rubric,
                      answers=[a for a in answers if not as_of or a.date <= as_of])
    for member_id in members:
        if not content.snapshots_of(member_id):
            problems.warning("snapshots", None, member_id,
                             "member has no snapshot on or before as_of: no score")
    return content, problems
