"""What a built site's marker records: the fingerprint of the inputs it was built from and
a digest of its files, so that a build whose inputs have not changed, into a site that
nobody has touched since, can leave it as it is."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .files import hash_entry, open_regular, walk

MARKER = ".ssigen-site"
MAX_MARKER_BYTES = 64 * 1024


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def output_state(site: Path, written: dict[str, bytes] | None = None) -> str:
    """A digest of the site's file names and contents, the marker aside: it tells whether
    anybody changed the site since ssigen wrote it, and is the same for the same site.
    Files are read 1 MB at a time; links are not followed, pipes and devices not opened.
    A file whose digest the build took as it wrote it (`written`) is not read again."""
    written = written or {}
    digest = hashlib.sha256()
    for entry in walk(site, lambda rel: rel != MARKER):
        digest.update(f"{entry.rel}\0".encode("utf-8", "surrogateescape"))
        known = written.get(entry.rel) if entry.problem is None else None
        if known is None:
            inner = hashlib.sha256()
            hash_entry(inner, entry)
            known = inner.digest()
        digest.update(known)
    return digest.hexdigest()


def built_from(out_dir: Path) -> str | None:
    """The input fingerprint of a site ssigen built and nobody has touched since."""
    try:
        if not is_regular(out_dir / MARKER):
            return None
        with open_regular(out_dir / MARKER) as f:
            text = f.read(MAX_MARKER_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    if fields.get("files") != output_state(out_dir):
        return None
    return fields.get("fingerprint") or None
