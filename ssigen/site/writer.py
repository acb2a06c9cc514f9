"""Write a site atomically: render beside the output, then swap it in whole.

The previous site stays exactly as it was until the new one is complete, and
ssigen only ever replaces a folder that it created itself (it leaves a marker file).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import OutputError

MARKER = ".ssigen-site"


def check_output_dir(out_dir: Path, content_dir: Path) -> None:
    out, content = out_dir.resolve(), content_dir.resolve()
    if out == content or out in content.parents:
        raise OutputError(f"refusing to write the site into {out_dir}: it holds the content "
                          "folder; choose another output folder with -o")
    if content in out.parents:
        raise OutputError(f"refusing to write the site into {out_dir}: it is inside the "
                          "content folder; choose a folder beside it with -o")
    if out.exists() and not out.is_dir():
        raise OutputError(f"refusing to write the site to {out_dir}: it is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(f"refusing to replace {out_dir}: it is not empty and was not made "
                          "by ssigen; choose another output folder with -o, or empty it")


class SiteWriter:
    """Collects a site's files in a temporary folder beside `out_dir`; `commit` swaps it in."""

    def __init__(self, out_dir: Path, content_dir: Path):
        self.out_dir = out_dir
        check_output_dir(out_dir, content_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
        self.files = 0

    def write(self, rel: str, data: bytes | str) -> None:
        path = self.tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files += 1

    def copy(self, rel: str, source: Path) -> None:
        path = self.tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.files += 1

    fingerprint: str = ""

    def commit(self) -> None:
        (self.tmp / MARKER).write_text("This folder is written by ssigen and replaced whole "
                                       "on every build.\n"
                                       f"fingerprint: {self.fingerprint}\n"
                                       f"files: {output_state(self.tmp)}\n", encoding="utf-8")
        os.chmod(self.tmp, 0o755)
        old = None
        if self.out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.old-",
                                        dir=self.out_dir.parent))
            os.replace(self.out_dir, old / "site")
        try:
            os.replace(self.tmp, self.out_dir)
        except BaseException:
            if old is not None:
                os.replace(old / "site", self.out_dir)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> "SiteWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def output_state(site: Path) -> str:
    """A digest of the site's file names and contents, the marker aside: it tells whether
    anybody changed the site since ssigen wrote it, and is the same for the same site."""
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.name != MARKER:
            digest.update(f"{path.relative_to(site).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def built_from(out_dir: Path) -> str | None:
    """The input fingerprint of a site ssigen built and nobody has touched since."""
    try:
        text = (out_dir / MARKER).read_text(encoding="utf-8")
    except OSError:
        return None
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    if fields.get("files") != output_state(out_dir):
        return None
    return fields.get("fingerprint") or None
