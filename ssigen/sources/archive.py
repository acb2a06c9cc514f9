"""A member's LinkedIn archive ("Get a copy of your data"), a zip or the folder it unpacks to.

Only the files of `FILES` are ever opened, and of each only the columns listed there are
kept: messages, e-mail addresses, IP addresses and connections' names are never read into
ssigen (docs/format.md and README say so). Files are matched by base name, whatever the
archive's layout: at the root or in one folder, `Shares_181682616.csv` or
`Endorsement Received Info.csv`, `__MACOSX/` and `._*` junk ignored.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import did_you_mean
from .values import SourceError

# base name → the columns ssigen reads from it (nothing else of the file is kept)
FILES: dict[str, tuple[str, ...]] = {
    "profile": ("First Name", "Last Name", "Headline", "Summary", "Industry", "Geo Location"),
    "positions": ("Company Name", "Title", "Description", "Started On", "Finished On"),
    "education": ("School Name",),
    "skills": ("Name",),
    "languages": ("Name",),
    "certifications": ("Name",),
    "recommendations_received": ("Status",),
    "endorsement_received_info": ("Endorsement Status",),
    "connections": ("Company", "Position", "Connected On"),
    "invitations": ("Sent At", "Direction"),
    "shares": ("Date",),
    "comments": ("Date",),
    "reactions": ("Date",),
    "instantreposts": ("Date",),
    "searchqueries": ("Time",),
    "logins": ("Login Date",),
}
WINDOWED = ("invitations", "shares", "comments", "reactions", "instantreposts",
            "searchqueries", "logins")   # the files a Basic archive lacks
BACKSLASH_ESCAPED = frozenset({"comments"})   # `\"` inside a quoted field, not `""`
ARCHIVE_NAME = re.compile(r"(basic|complete)_linkedindataexport_(\d{2})-(\d{2})-(\d{4})",
                          re.IGNORECASE)
MAX_ENTRY_BYTES = 200 * 1024 * 1024   # the largest file read from an archive, unpacked


@dataclass
class Archive:
    """The files of one archive that ssigen reads, by base name, and what its name says."""

    name: str                      # as the user gave it, for messages
    texts: dict[str, tuple[str, str]]   # base name → (the file's name inside, its text)
    kind: str | None = None        # "basic" or "complete", from the archive's name
    date: dt.date | None = None    # from the archive's name

    def has(self, base: str) -> bool:
        return base in self.texts

    @property
    def complete(self) -> bool:
        if self.kind is not None:
            return self.kind == "complete"
        return any(self.has(base) for base in WINDOWED)

    def rows(self, base: str) -> list[tuple[int, dict[str, str]]]:
        """(line, cells) of the file's rows, with only the columns ssigen reads (FILES)."""
        inner, text = self.texts[base]
        return _rows(self.name, inner, text, FILES[base], base in BACKSLASH_ESCAPED)


def is_archive(path: Path) -> bool:
    """A zip (not an Excel workbook, which is one too), or a folder holding Profile.csv (at
    its root or in one folder)."""
    if path.is_dir():
        return any(_base(p.name) == "profile" for p in [*path.iterdir(), *(
            q for d in path.iterdir() if d.is_dir() and not _junk(d.name)
            for q in d.iterdir())])
    return path.suffix.lower() != ".xlsx" and zipfile.is_zipfile(path)


def open_archive(path: Path) -> Archive:
    """The archive at `path`; a SourceError names what is wrong with it."""
    name = str(path)
    texts = _folder_texts(path) if path.is_dir() else _zip_texts(path)
    if "profile" not in texts:
        raise SourceError(f"{name}: no Profile.csv: is it a LinkedIn data archive? (request "
                          "it under Settings › Data privacy › Get a copy of your data)")
    found = ARCHIVE_NAME.search(path.name) or next(
        (m for m in (ARCHIVE_NAME.search(inner) for inner, _ in texts.values()) if m), None)
    kind = date = None
    if found:
        kind = found.group(1).lower()
        month, day, year = (int(g) for g in found.group(2, 3, 4))
        try:
            date = dt.date(year, month, day)
        except ValueError:
            raise SourceError(f"{name}: its name holds no real date "
                              f"({found.group(2)}-{found.group(3)}-{found.group(4)}, "
                              "expected MM-DD-YYYY); give --date") from None
    return Archive(name, texts, kind, date)


def _base(filename: str) -> str | None:
    """`Shares_181682616.csv` → `shares`; `Endorsement Received Info.csv` →
    `endorsement_received_info`; None for a file ssigen does not read."""
    if not filename.lower().endswith(".csv") or filename.startswith("._"):
        return None
    base = re.sub(r"[\s_]+", "_", filename[:-4].strip().lower())
    base = re.sub(r"_\d+$", "", base)
    return base if base in FILES else None


def _junk(part: str) -> bool:
    return part == "__MACOSX" or part.startswith("._")


def _zip_texts(path: Path) -> dict[str, tuple[str, str]]:
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SourceError(f"{name}: is not a zip file, or it is truncated (download the "
                          "archive again)") from None
    with archive:
        wanted: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if info.filename.startswith(("/", "\\")) or ".." in parts or \
                    re.match(r"^[A-Za-z]:", info.filename):
                raise SourceError(f"{name}: holds an entry with an unsafe path "
                                  f"'{info.filename}': refused")
            if info.is_dir() or any(_junk(p) for p in parts) or len(parts) > 2:
                continue
            base = _base(parts[-1])
            if base is not None:
                _once(name, wanted, base, info.filename)
                wanted[base] = info
        return {base: (info.filename, _entry_text(archive, info, name))
                for base, info in wanted.items()}


def _entry_text(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> str:
    if info.file_size > MAX_ENTRY_BYTES:
        raise SourceError(f"{name}: {info.filename} would unpack into "
                          f"{info.file_size / 1024 ** 2:,.0f} MB, more than "
                          f"{MAX_ENTRY_BYTES // 1024 ** 2} MB: refused (a zip bomb?)")
    try:
        with archive.open(info) as entry:
            raw = entry.read(MAX_ENTRY_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise SourceError(f"{name}: {info.filename} cannot be unpacked ({exc}); download "
                          "the archive again") from None
    if len(raw) > MAX_ENTRY_BYTES:
        raise SourceError(f"{name}: {info.filename} unpacks into more than "
                          f"{MAX_ENTRY_BYTES // 1024 ** 2} MB: refused (a zip bomb?)")
    return _decoded(raw, name, info.filename)


def _folder_texts(path: Path) -> dict[str, tuple[str, str]]:
    name = str(path)
    found: dict[str, Path] = {}
    for directory in [path, *(d for d in sorted(path.iterdir())
                             if d.is_dir() and not d.is_symlink() and not _junk(d.name))]:
        for file in sorted(directory.iterdir()):
            base = _base(file.name)
            if base is None or not file.is_file():
                continue
            if file.is_symlink():
                raise SourceError(f"{name}: {file.relative_to(path)} is a symbolic link; "
                                  "an unpacked archive holds regular files only")
            _once(name, found, base, str(file.relative_to(path)))
            found[base] = file
    texts = {}
    for base, file in found.items():
        inner = file.relative_to(path).as_posix()
        if file.stat().st_size > MAX_ENTRY_BYTES:
            raise SourceError(f"{name}: {inner} is larger than "
                              f"{MAX_ENTRY_BYTES // 1024 ** 2} MB: refused")
        texts[base] = (inner, _decoded(file.read_bytes(), name, inner))
    return texts


def _once(name: str, found: dict, base: str, inner: str) -> None:
    if base in found:
        first = found[base]
        first = getattr(first, "filename", first)
        raise SourceError(f"{name}: holds both {first} and {inner}; keep one archive per "
                          "zip or folder")


def _decoded(raw: bytes, name: str, inner: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(f"{name}: {inner}:{line}: is not UTF-8 text") from None


def _rows(name: str, inner: str, text: str, columns: tuple[str, ...],
          backslash: bool) -> list[tuple[int, dict[str, str]]]:
    """The rows under the header row (a `Notes:` paragraph may come first), as {column:
    cell} for `columns` only; a header without one of them is an error naming the closest."""
    options = dict(escapechar="\\", doublequote=True) if backslash else {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, **options)
    header: list[str] | None = None
    best: tuple[int, int, list[str]] = (0, 0, [])
    rows = []
    last = 0
    try:
        for cells in reader:
            first, last = last + 1, reader.line_num
            if header is None:
                names = [c.strip() for c in cells]
                matched = sum(c in names for c in columns)
                if matched == len(columns):
                    header, at = names, [names.index(c) for c in columns]
                elif matched > best[0] or (not best[2] and len(names) > 1):
                    best = (matched, reader.line_num, names)
                continue
            if any(c.strip() for c in cells):
                rows.append((first, {column: (cells[i].strip() if i < len(cells) else "")
                                     for column, i in zip(columns, at)}))
    except csv.Error as exc:
        raise SourceError(f"{name}: {inner}:{reader.line_num}: is not valid CSV ({exc})") \
            from None
    if header is None:
        _, line, names = best
        missing = next(c for c in columns if c not in names)
        hint = did_you_mean(missing, names)
        raise SourceError(f"{name}: {inner}:{line or 1}: no column '{missing}' in the header"
                          + (f" ({hint})" if hint else f" (it has: {', '.join(names)})"))
    return rows
