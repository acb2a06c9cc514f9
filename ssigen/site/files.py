"""Walking the folders a build reads, hashing files without loading them, and the one
listing of the content folder's `assets/` that both the copy and the fingerprint use.

`assets/` rules (the build copies exactly what `asset_files` lists, and the fingerprint
hashes exactly that, so a change to any copied file rebuilds the site):

- every file under `assets/` is copied as it is, dot-files and dot-folders included (a
  `.well-known/` folder, a `.htaccess`), except editor and system clutter (`JUNK`:
  `.DS_Store`, `Thumbs.db`, `desktop.ini`, `._*`, `.#*`, `.~lock.*`, `*~`, `*.swp`,
  `*.swo`, version-control folders);
- a symbolic link is followed only while it stays inside the content folder, and each real
  folder is walked once (no loops); a link that leads out, a broken link, a pipe, a socket
  or a device, a file or folder that cannot be read, and a file larger than
  `MAX_ASSET_BYTES` are errors naming the file (`assets/<name>`);
- nothing is opened before `stat` says it is a regular file of an accepted size, and
  files are read 1 MB at a time.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from ..errors import ContentError, ContentErrors, Problems

MAX_ASSET_BYTES = 100 * 1024 * 1024   # one file of assets/: a logo, a PDF, a short video
READ_CHUNK = 1024 * 1024

JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".git", ".hg", ".svn", "__MACOSX",
              "__pycache__"}
JUNK_PREFIXES = ("._", ".#", ".~lock.")
JUNK_SUFFIXES = ("~", ".swp", ".swo")

LINK_OUT = "is a link to a place outside the content folder; copy the file in instead"
BROKEN_LINK = "is a broken or looping symbolic link"
LINK_AGAIN = "is a link to a folder it is already inside of, or one already listed"
NOT_REGULAR = "is not a regular file (a pipe or a device?)"
NOT_A_FOLDER = "expected a folder of files to copy into the site, found a file"
TOO_LARGE = (f"file is larger than {MAX_ASSET_BYTES // (1024 * 1024)} MB, the most ssigen "
             "copies from assets/")


def is_junk(name: str) -> bool:
    """Editor and system clutter that is never copied into a site."""
    return name in JUNK_NAMES or name.startswith(JUNK_PREFIXES) or name.endswith(JUNK_SUFFIXES)


@dataclass(frozen=True)
class Entry:
    """A file met by `walk`: `problem` is None for a regular file that can be read, else
    why it cannot (for an error message); `link` is a link's target as written."""
    rel: str
    path: Path
    size: int = 0
    mtime_ns: int = 0
    problem: str | None = None
    link: str | None = None


def _unreadable(exc: OSError) -> str:
    return f"cannot be read: {exc.strerror or exc}"


def walk(root: Path, keep: Callable[[str], bool] = lambda rel: True,
         boundary: Path | None = None) -> Iterator[Entry]:
    """Every file under `root` whose relative path `keep` accepts, in a stable order.

    Links are followed only while their target stays inside `boundary` (never, if it is
    None); other links, pipes, devices and unreadable folders come out as entries with a
    `problem`. Nothing is opened but folders."""
    seen: set[str] = set()
    yield from _walk(root, "", keep, boundary.resolve() if boundary else None, seen)


def _walk(directory: Path, prefix: str, keep, boundary: Path | None,
          seen: set[str]) -> Iterator[Entry]:
    seen.add(os.path.realpath(directory))
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        yield Entry(prefix.rstrip("/") or ".", directory, problem=_unreadable(exc))
        return
    for name in names:
        rel = prefix + name
        if not keep(rel):
            continue
        path = directory / name
        try:
            info = os.lstat(path)
        except OSError as exc:
            yield Entry(rel, path, problem=_unreadable(exc))
            continue
        link = stat.S_ISLNK(info.st_mode)
        if link:
            entry = _follow(rel, path, boundary)
            if isinstance(entry, Entry):
                yield entry
                continue
            info = entry
        if stat.S_ISDIR(info.st_mode):
            if os.path.realpath(path) not in seen:
                yield from _walk(path, rel + "/", keep, boundary, seen)
            elif link:    # the loader may read through it, so a fingerprint must see it
                yield Entry(rel, path, problem=LINK_AGAIN, link=os.readlink(path))
        elif stat.S_ISREG(info.st_mode):
            yield Entry(rel, path, info.st_size, info.st_mtime_ns)
        else:
            yield Entry(rel, path, problem=NOT_REGULAR)


def _follow(rel: str, path: Path, boundary: Path | None) -> Entry | os.stat_result:
    """A link's target's stat when it may be followed, else an entry saying why not."""
    try:
        target = os.readlink(path)
    except OSError as exc:
        return Entry(rel, path, problem=_unreadable(exc))
    if boundary is None:
        return Entry(rel, path, problem="is a symbolic link", link=target)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Entry(rel, path, problem=BROKEN_LINK, link=target)
    if not real.is_relative_to(boundary):
        return Entry(rel, path, problem=LINK_OUT, link=target)
    try:
        return os.stat(path)
    except OSError as exc:
        return Entry(rel, path, problem=_unreadable(exc), link=target)


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, refused (OSError) unless it is a regular file: it is
    opened without waiting, so a pipe put in its place cannot hang the build."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def hash_entry(digest, entry: Entry, limit: int | None = None) -> None:
    """Feed `entry` to `digest`: a regular file's bytes, 1 MB at a time; for a file larger
    than `limit` (which the build refuses unread) its size and time; for anything else
    a marker of what it is, and a link's target as written (never what it points to)."""
    if entry.problem is not None:
        digest.update(f"\0{entry.problem}\0{entry.link or ''}".encode("utf-8", "surrogateescape"))
        return
    if limit is not None and entry.size > limit:
        digest.update(f"\0too large\0{entry.size}\0{entry.mtime_ns}".encode())
        return
    try:
        with open_regular(entry.path) as source:
            while chunk := source.read(READ_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        digest.update(f"\0{_unreadable(exc)}".encode("utf-8", "surrogateescape"))


# --------------------------------------------------------------------------- assets/

def asset_files(content_dir: Path) -> list[Entry]:
    """The files of `content_dir/assets/` the build copies (see the module's rules), with
    paths relative to assets/; entries with a `problem`, or larger than MAX_ASSET_BYTES,
    are errors that stop the build."""
    assets = content_dir / "assets"
    boundary = content_dir.resolve()
    try:
        info = os.lstat(assets)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [Entry(".", assets, problem=_unreadable(exc))]
    if stat.S_ISLNK(info.st_mode):
        followed = _follow(".", assets, boundary)
        if isinstance(followed, Entry):
            return [followed]
        info = followed
    if not stat.S_ISDIR(info.st_mode):
        return [Entry(".", assets, problem=NOT_A_FOLDER)]
    return list(walk(assets, lambda rel: not is_junk(rel.rsplit("/", 1)[-1]), boundary))


def asset_errors(entries: list[Entry]) -> list[ContentError]:
    """Why the build cannot copy these files, each naming its file as assets/<name>."""
    errors = []
    for entry in entries:
        name = "assets" if entry.rel == "." else f"assets/{entry.rel}"
        if entry.problem is not None:
            errors.append(ContentError(name, None, None, entry.problem))
        elif entry.size > MAX_ASSET_BYTES:
            errors.append(ContentError(name, None, None, TOO_LARGE))
    return errors


def check_assets(content_dir: Path, problems: Problems) -> None:
    """Report what would stop the build from copying assets/ (for `ssigen check`),
    opening each file as the copy will, so an unreadable one is found here too."""
    entries = asset_files(content_dir)
    for error in asset_errors(entries):
        problems.error(error.file, error.line, error.field, error.message)
    for entry in entries:
        if entry.problem is None and entry.size <= MAX_ASSET_BYTES:
            try:
                open_regular(entry.path).close()
            except OSError as exc:
                problems.error(f"assets/{entry.rel}", None, None, _unreadable(exc))


def copy_assets(content_dir: Path, writer) -> int:
    """Copy assets/ into the site under assets/, streaming. Every file it refuses (see
    the module's rules) is named in one ContentErrors, raised after the whole folder was
    looked at. Returns the number of files copied."""
    entries = asset_files(content_dir)
    errors = asset_errors(entries)
    refused = {error.file for error in errors}
    for entry in entries:
        name = f"assets/{entry.rel}"
        if name in refused:
            continue
        try:
            source = open_regular(entry.path)
        except OSError as exc:
            errors.append(ContentError(name, None, None,
                                       _unreadable(exc) if exc.errno else NOT_REGULAR))
            continue
        with source:
            if os.fstat(source.fileno()).st_size > MAX_ASSET_BYTES:
                errors.append(ContentError(name, None, None, TOO_LARGE))
            elif not errors:
                writer.copy(name, source)
    if errors:
        raise ContentErrors(errors)
    return len(entries)
