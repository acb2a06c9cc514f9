"""All or nothing: every file an import changes is written beside itself, read back as the
loader will read it, and only then do all of them replace the files in place."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import Problems
from ..load.validate import validate_record
from .values import SourceError


@dataclass(frozen=True)
class Change:
    """A file's new text (or bytes: a workbook); `check(tmp, path)` raises a SourceError
    if the loader would refuse it; `mode` is kept from the file it replaces (None: a new
    file)."""

    path: Path
    text: str | bytes
    mode: int | None
    check: Callable[[Path, Path], None]


def commit(changes: list[Change]) -> list[Path]:
    """Write every change, or none: the paths written, in order."""
    folders = sorted({c.path.parent for c in changes})
    created = [p for folder in folders for p in (folder, *folder.parents)
               if not p.exists()]
    created = sorted(set(created), key=lambda p: len(p.parts), reverse=True)
    prepared: list[tuple[Path, Path]] = []
    try:
        for folder in folders:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SourceError(f"{folder}: cannot be created ({exc.strerror or exc})") \
                    from None
        for change in changes:
            tmp = _prepared(change)
            prepared.append((tmp, change.path))
            change.check(tmp, change.path)
    except BaseException:
        _clean(prepared, created)
        raise
    written = []
    for index, (tmp, path) in enumerate(prepared):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            _clean(prepared[index:], [])
            done = ", ".join(str(p) for p in written) or "none"
            raise SourceError(f"{path}: cannot be written ({exc.strerror or exc}); files "
                              f"already updated: {done}") from None
        written.append(path)
    return written


def _prepared(change: Change) -> Path:
    mode = change.mode if change.mode is not None else 0o666 & ~_umask()
    name = None
    try:
        handle, name = tempfile.mkstemp(dir=change.path.parent,
                                        prefix=f".{change.path.name}.", suffix=".tmp")
        if isinstance(change.text, bytes):
            with os.fdopen(handle, "wb") as f:
                f.write(change.text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as f:
                f.write(change.text)
        os.chmod(name, mode)
    except OSError as exc:
        if name is not None:
            Path(name).unlink(missing_ok=True)
        raise SourceError(f"{change.path}: cannot be written ({exc.strerror or exc})") \
            from None
    return Path(name)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _clean(prepared: list[tuple[Path, Path]], created: list[Path]) -> None:
    for tmp, _path in prepared:
        try:
            tmp.unlink()
        except OSError:
            pass
    for directory in created:
        try:
            directory.rmdir()
        except OSError:
            pass


def read_back(read, fields) -> Callable[[Path, Path], None]:
    """A Change's check: the prepared file read back by the loader's `read(path, rel,
    problems)` and every record valid under `fields`."""
    def check(tmp: Path, path: Path) -> None:
        problems = Problems()
        for record in read(tmp, str(path), problems):
            validate_record(record, fields, problems)
        if problems.errors:
            raise SourceError(f"{problems.errors[0]} (in the file ssigen import would write)")
    return check
