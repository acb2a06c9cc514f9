"""Reading a file of the content folder: a regular file, of bounded size, as UTF-8 text.

Every file ssigen reads goes through `read_bytes`, so one check refuses pipes, devices and
files too large, before they are opened and while they are read.
"""
from __future__ import annotations

import stat
from pathlib import Path

from ..errors import Problems

MAX_FILE_BYTES = 50 * 1024 * 1024   # any file ssigen reads; CSV is streamed row by row


def read_text(path: Path, rel: str, problems: Problems, limit: int = MAX_FILE_BYTES,
              kind: str = "file", hint: str | None = None) -> str | None:
    """The file decoded as UTF-8 (a byte-order mark is dropped), or None after an error."""
    raw = read_bytes(path, rel, problems, limit, kind, hint)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, None, "is not valid UTF-8 text",
                       "save the file as UTF-8 (in Excel: 'CSV UTF-8')")
        return None


def read_bytes(path: Path, rel: str, problems: Problems, limit: int = MAX_FILE_BYTES,
               kind: str = "file", hint: str | None = None) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes, or None after an error: a
    pipe, a device or a file too large (a `kind` larger than …) is refused unopened."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            problems.error(rel, None, None, "is not a regular file (a pipe or a device?)")
            return None
        if info.st_size > limit:
            problems.error(rel, None, None, f"{kind} is larger than {_size(limit)}", hint)
            return None
        with open(path, "rb") as f:
            raw = f.read(limit + 1)  # a file that grew since stat() is still bounded
        if len(raw) > limit:
            problems.error(rel, None, None, f"{kind} is larger than {_size(limit)}", hint)
            return None
    except IsADirectoryError:
        problems.error(rel, None, None, "expected a file, found a folder")
        return None
    except OSError as exc:
        problems.error(rel, None, None, f"cannot be read: {exc.strerror or exc}")
        return None
    return raw


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"

