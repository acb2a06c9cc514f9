"""Write a site atomically: render beside the output, then swap it in whole.

The previous site stays exactly as it was until the new one is complete, and
ssigen only ever replaces a folder that it created itself (it leaves a marker file).
What a killed build leaves beside the site is removed by the next (leftovers.py).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import signal
import tempfile
import threading
from pathlib import Path

from ..errors import OutputError
from .files import open_regular
from .leftovers import remove_leftovers, remove_tree, tag
from .state import MARKER, is_regular, output_state


def check_output_dir(out_dir: Path, content_dir: Path) -> None:
    try:
        _check_output_dir(out_dir, content_dir)
    except (OSError, RuntimeError) as exc:
        raise OutputError(f"cannot use {out_dir} as the output folder: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None


def _check_output_dir(out_dir: Path, content_dir: Path) -> None:
    out, content = out_dir.resolve(), content_dir.resolve()
    if out == content or out in content.parents:
        raise OutputError(f"refusing to write the site into {out_dir}: it holds the content "
                          "folder; choose another output folder with -o")
    if content in out.parents:
        raise OutputError(f"refusing to write the site into {out_dir}: it is inside the "
                          "content folder; choose a folder beside it with -o")
    if out.exists() and not out.is_dir():
        raise OutputError(f"refusing to write the site to {out_dir}: it is a file")
    if out.is_dir() and any(out.iterdir()) and not is_regular(out / MARKER):
        raise OutputError(f"refusing to replace {out_dir}: it is not empty and was not made "
                          "by ssigen; choose another output folder with -o, or empty it")


# --------------------------------------------------------------------------- signals

class Terminated(KeyboardInterrupt):
    """SIGTERM arrived during a build: it unwinds like Ctrl+C, so that the half-built site
    and the render processes are removed and the previous site stays."""


@contextlib.contextmanager
def _signals_deferred(after: dict | None = None):
    """SIGINT and SIGTERM that arrive in the enclosed block (the swap of the sites, the
    removal of a half-built one) act once it is done, with the handlers in force before
    it, or those of `after`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    watched = (signal.SIGINT, signal.SIGTERM)
    handlers = {signum: signal.getsignal(signum) for signum in watched}
    handlers.update(after or {})
    for signum in watched:
        if handlers[signum] is not None:
            signal.signal(signum, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        for signum in watched:
            if handlers[signum] is not None:
                signal.signal(signum, handlers[signum])
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)


# --------------------------------------------------------------------------- the writer

class SiteWriter:
    """Collects a site's files in a temporary folder beside `out_dir`; `commit` swaps it in.

    Any failure to write (a full disk, a folder without write permission) is an
    OutputError naming the folder; the previous site is then left as it was, and the
    temporary folder removed. While the writer is open in the main thread, SIGTERM
    raises `Terminated` (if nothing else handles SIGTERM), so a killed build cleans up."""

    def __init__(self, out_dir: Path, content_dir: Path):
        self.out_dir = out_dir
        self.files = 0
        self.digests: dict[str, bytes] = {}   # each file written: its bytes' SHA-256
        self._folders: set[Path] = set()
        self._sigterm = None
        check_output_dir(out_dir, content_dir)
        remove_leftovers(out_dir)
        parent = out_dir.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write the site into {out_dir}: cannot create "
                              f"{exc.filename or parent} ({exc.strerror or exc})") from None
        try:
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-{tag()}",
                                             dir=parent))
        except OSError as exc:
            raise OutputError(f"cannot write the site into {out_dir}: cannot create a folder "
                              f"in {os.path.abspath(parent)} ({exc.strerror or exc})") from None

    def _failed(self, rel: str, exc: OSError) -> OutputError:
        return OutputError(f"cannot write the site into {self.out_dir} ({rel}: "
                           f"{exc.strerror or exc}); the previous site is unchanged")

    def write(self, rel: str, data: bytes | str) -> None:
        path = self.tmp / rel
        data = data.encode("utf-8") if isinstance(data, str) else data
        try:
            self._folder(path.parent)
            path.write_bytes(data)
        except OSError as exc:
            raise self._failed(rel, exc) from None
        self.digests[rel] = hashlib.sha256(data).digest()
        self.files += 1

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def take_digests(self) -> dict[str, bytes]:
        """The digests of the files written since the last call (a render process sends
        them to ssigen's own process with its pages)."""
        taken, self.digests = self.digests, {}
        return taken

    def copy(self, rel: str, source) -> None:
        """Copy `source` (a path, or a file open for reading) to `rel`, streaming."""
        path = self.tmp / rel
        try:
            self._folder(path.parent)
            if isinstance(source, (str, os.PathLike)):
                with open_regular(Path(source)) as opened:
                    digest = self._stream(opened, path)
            else:
                digest = self._stream(source, path)
        except OSError as exc:
            raise self._failed(rel, exc) from None
        self.digests[rel] = digest
        self.files += 1

    @staticmethod
    def _stream(source, path: Path) -> bytes:
        """Copy `source` to `path`, 1 MB at a time; returns the digest of its bytes."""
        digest = hashlib.sha256()
        with open(path, "wb") as target:
            while chunk := source.read(1024 * 1024):
                digest.update(chunk)
                target.write(chunk)
        return digest.digest()

    fingerprint: str = ""

    def commit(self) -> None:
        try:
            (self.tmp / MARKER).write_text("This folder is written by ssigen and replaced "
                                           "whole on every build.\n"
                                           f"fingerprint: {self.fingerprint}\n"
                                           f"files: {output_state(self.tmp, self.digests)}\n",
                                           encoding="utf-8")
            os.chmod(self.tmp, 0o755)
        except OSError as exc:
            raise self._failed(MARKER, exc) from None
        old = None
        try:
            if os.path.lexists(self.out_dir):
                old = self.out_dir.parent / (f".{self.out_dir.name}.old-{tag()}"
                                             f"{secrets.token_hex(4)}")
                os.replace(self.out_dir, old)
            try:
                os.replace(self.tmp, self.out_dir)
            except BaseException:
                if old is not None:
                    os.replace(old, self.out_dir)
                raise
        except OSError as exc:
            raise OutputError(f"cannot replace {self.out_dir} with the new site "
                              f"({exc.strerror or exc}); the previous site is "
                              "unchanged") from None
        if old is not None:
            remove_tree(old)

    def abort(self) -> None:
        if os.path.lexists(self.tmp):
            remove_tree(self.tmp)

    def __enter__(self) -> "SiteWriter":
        if threading.current_thread() is threading.main_thread() \
                and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            self._sigterm = signal.SIG_DFL
            signal.signal(signal.SIGTERM, _terminate)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        after = {signal.SIGTERM: self._sigterm} if self._sigterm is not None else {}
        self._sigterm = None
        with _signals_deferred(after):
            if exc_type is None:
                try:
                    self.commit()
                except BaseException:
                    self.abort()
                    raise
            else:
                self.abort()


def _terminate(_signum, _frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)   # one is enough; cleaning up follows
    raise Terminated


class DiscardingWriter:
    """A writer that keeps nothing: `ssigen check` renders every page through it."""

    files = 0

    def write(self, rel: str, data: bytes | str) -> None:
        self.files += 1

    def take_digests(self) -> dict[str, bytes]:
        return {}

    def copy(self, rel: str, source) -> None:
        self.files += 1
