"""The content folder's files: found in a stable order, never followed outside the folder."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..errors import Problems, did_you_mean
from .columns import csv_checked
from .fields import Known, Table
from .readers import TABLE_SUFFIXES, table_records
from .records import Record
from .schema import TABLES
from .validate import Checked, read_record

OTHER_ENTRIES = ("notes", "templates", "assets")
KNOWN_ENTRIES = tuple(dict.fromkeys(
    [name for t in TABLES for name in (*t.files, *([t.folder] if t.folder else []))]
    + list(OTHER_ENTRIES)))


class ContentFolder:
    """The content folder's files, with paths relative to it and a guard against escapes."""

    def __init__(self, root: Path, problems: Problems):
        self.root = root
        self.resolved = root.resolve()
        self.problems = problems

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

    def read(self, table: Table, known: Known) -> Iterator[tuple[Record, Checked]]:
        """Every record of `table`, file by file, with its values under the schema (its
        rules are the caller's to check): CSV files by columns, other files record by record.
        A record of a file in the table's folder takes the file's stem as its key when the
        table says so (members/<id>.yml)."""
        top = self.tables(*table.files)
        inner = self.tables(folder=table.folder, recursive=table.recursive) \
            if table.folder else []
        files = [(path, rel, None) for path, rel in top] + [
            (path, rel, path.stem if table.stem_key else None) for path, rel in inner]
        for path, rel, stem in files:
            if path.suffix.lower() == ".csv":
                yield from csv_checked(path, rel, table, known, self.problems, stem)
                continue
            for record in table_records(path, rel, self.problems):
                if stem is not None:
                    record.data.setdefault(table.key, stem)
                yield record, read_record(record, table, known, self.problems)

    def check_links(self) -> None:
        """Every symbolic link in the content folder must stay inside it: nothing from
        elsewhere on the disk is read, copied into the site or used as a template."""
        for directory, dirs, files in os.walk(self.root):
            for name in sorted(dirs + files):
                path = Path(directory) / name
                if path.is_symlink():
                    self.inside(path)

    def warn_unknown_entries(self) -> None:
        for entry in self.entries(self.root):
            if entry.name.startswith(".") or entry.name in KNOWN_ENTRIES \
                    or entry.name.lower().startswith("readme"):
                continue
            self.problems.warning(entry.name, None, None,
                                  "is not part of the content format; ignored",
                                  did_you_mean(entry.name, KNOWN_ENTRIES))

    def asset_exists(self, name: str) -> bool:
        return (self.root / "assets" / name).is_file()

