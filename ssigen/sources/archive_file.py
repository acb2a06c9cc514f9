"""snapshots/imported/archives/<member>.yml: one record per imported LinkedIn archive (and
snapshots/imported/sales-navigator/<member>.yml: one per usage report, in the same form).

YAML, because the profile's own text runs over lines and `current_position` is a mapping.
Each record of the file stays byte for byte as it is, comments around it included; a new
record goes before the first later one, and a replaced record takes the place of the old.
"""
from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Problems
from ..load.schema import SNAPSHOTS
from ..load.yaml_file import LineDict, read_yaml, yaml_records
from .commit import Change, read_back
from .values import SourceError

ARCHIVE_FOLDER = Path("snapshots") / "imported" / "archives"
HEADING = ("# Written by `ssigen import` from the member's LinkedIn archives: one record per\n"
           "# archive. A fact typed in another snapshot file of the same day wins over the\n"
           "# archive's; see docs/format.md.\n")


@dataclass
class ArchiveFile:
    """The file as it is now: its text before the first record, and each record's date,
    values and text."""

    path: Path
    rel: str
    prefix: str = HEADING
    records: list[tuple[dt.date, dict, str]] = field(default_factory=list)
    mode: int | None = None

    def record_of(self, date: dt.date) -> dict | None:
        return next((values for day, values, _ in self.records if day == date), None)


def archive_file(content_dir: Path, member: str, folder: Path = ARCHIVE_FOLDER,
                 heading: str = HEADING) -> ArchiveFile:
    rel = (folder / f"{member}.yml").as_posix()
    path = content_dir / rel
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ArchiveFile(path, rel, heading)
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"{path}: is not a regular file; ssigen import only updates a "
                          "regular file there")
    problems = Problems()
    doc = read_yaml(path, rel, problems)
    if problems.errors:
        raise SourceError(f"{problems.errors[0]}; fix it, or move the file away")
    text = path.read_text(encoding="utf-8")
    items = doc if isinstance(doc, list) else []
    if doc is not None and not (isinstance(doc, list) and all(isinstance(i, LineDict)
                                                              for i in items)):
        raise SourceError(f"{path}: expected a list of snapshot records")
    lines = text.splitlines(keepends=True)
    starts = [item.line - 1 for item in items] + [len(lines)]
    records = []
    for index, item in enumerate(items):
        date = item.get("date")
        records.append((date, dict(item), "".join(lines[starts[index]:starts[index + 1]])))
    prefix = "".join(lines[:starts[0]]) if items else text
    return ArchiveFile(path, rel, prefix, records, stat.S_IMODE(info.st_mode))


class _Dumper(yaml.SafeDumper):
    """Text of several lines (an About section) as a literal block, as a person writes it."""


def _text(dumper: yaml.SafeDumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def record_text(record: dict) -> str:
    return yaml.dump([record], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)


def archive_change(target: ArchiveFile, new: dict[dt.date, dict]) -> Change:
    """`target` with the records of `new` added, or put in place of those of the same day."""
    records = [(day, text) for day, _values, text in target.records if day not in new]
    for day, record in sorted(new.items()):
        at = next((i for i, (other, _) in enumerate(records)
                   if isinstance(other, dt.date) and other > day), len(records))
        records.insert(at, (day, record_text(record)))
    body = "".join(text if text.endswith("\n") else text + "\n" for _, text in records)
    prefix = target.prefix if not target.prefix or target.prefix.endswith("\n") \
        else target.prefix + "\n"
    return Change(target.path, prefix + body, target.mode, _check)


_check = read_back(yaml_records, SNAPSHOTS.fields)
