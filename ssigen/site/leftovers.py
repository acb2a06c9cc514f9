"""What killed builds leave beside a site, and how ssigen recognises and removes it.

The folders beside the output are named `.<site>.building-<pid>-<host>-<random>` (the
site being built) and `.<site>.old-<pid>-<host>-<random>` (the previous site, between the
swap and its removal). A build that was killed (SIGKILL, a power cut) leaves them behind;
the next build removes those whose process no longer runs on this machine, and those of
other machines or of older ssigen versions once they are an hour old, so two builds into
the same folder at once never remove each other's work. Removal makes read-only trees
writable first.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import stat
import sys
import time
from pathlib import Path

from .state import MARKER, is_regular

FOREIGN_LEFTOVER_SECONDS = 3600   # another machine's (or an older ssigen's) leftovers

HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
_OURS = re.compile(r"(\d+)-([0-9a-f]{6})-[a-z0-9_]+")
_LEGACY = re.compile(r"[a-z0-9_]{8}")        # tempfile's names, before ssigen 0.x named pids


def tag() -> str:
    return f"{os.getpid()}-{HOST}-"


def _running(pid: int, made: float) -> bool:
    """True if process `pid` runs on this machine, is not a zombie, and was started
    before its folder was last changed at `made` (else the number now belongs to
    another process)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass                              # someone else's process: it exists
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        if fields[0] == b"Z":
            return False
        return _boot_time() + int(fields[19]) / os.sysconf("SC_CLK_TCK") <= made + 2
    except (OSError, IndexError, ValueError):
        return True


def _boot_time() -> float:
    with open("/proc/stat", "rb") as f:
        for line in f:
            if line.startswith(b"btime "):
                return float(line.split()[1])
    raise ValueError("no btime in /proc/stat")


def _stale(path: Path, rest: str, now: float) -> bool:
    """Whether a folder named .<site>.building-<rest> or .<site>.old-<rest> is a leftover.
    Ours are dated by their ctime (an .old- folder is renamed, not made, by its build);
    an older ssigen's were folders of their own, dated by their mtime."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    match = _OURS.fullmatch(rest)
    if match and match[2] == HOST:
        return not _running(int(match[1]), info.st_ctime)
    if match:
        return now - info.st_ctime > FOREIGN_LEFTOVER_SECONDS
    if _LEGACY.fullmatch(rest):
        return now - info.st_mtime > FOREIGN_LEFTOVER_SECONDS
    return False


def remove_leftovers(out_dir: Path) -> None:
    """Remove what killed builds into `out_dir` left beside it (see the module's doc). If
    a build was killed in the middle of its swap, so that `out_dir` is missing, the
    previous site is put back first."""
    parent, name = out_dir.parent, out_dir.name
    prefixes = (f".{name}.building-", f".{name}.old-")
    try:
        names = os.listdir(parent)
    except OSError:
        return
    now = time.time()
    stale = []
    for entry in sorted(names):
        for prefix in prefixes:
            path = parent / entry
            if entry.startswith(prefix) and _stale(path, entry[len(prefix):], now) \
                    and stat.S_ISDIR(_lstat_mode(path)):
                stale.append((prefix, path))
    if not os.path.lexists(out_dir):
        previous = [p for prefix, p in stale
                    if prefix == prefixes[1] and _OURS.fullmatch(p.name[len(prefix):])
                    and is_regular(p / MARKER)]
        with contextlib.suppress(OSError, ValueError):
            os.replace(max(previous, key=lambda p: os.lstat(p).st_mtime), out_dir)
    for _prefix, path in stale:
        if os.path.lexists(path):
            remove_tree(path)


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def _add_mode(path: str | Path, bits: int) -> None:
    """Add permission `bits` to a folder or file (never through a link); best effort."""
    try:
        info = os.lstat(path)
        if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) & bits != bits:
            os.chmod(path, stat.S_IMODE(info.st_mode) | bits)
    except OSError:
        pass


def _make_writable(root: Path) -> None:
    _add_mode(root, stat.S_IRWXU)
    for directory, folders, _files in os.walk(root):
        for folder in folders:
            _add_mode(os.path.join(directory, folder), stat.S_IRWXU)


def _retry_writable(func, path, _exc) -> None:
    _add_mode(os.path.dirname(path), stat.S_IRWXU)
    if func in (os.rmdir, os.unlink, os.remove):
        with contextlib.suppress(OSError):
            func(path)


def remove_tree(path: Path) -> bool:
    """Remove a folder ssigen made, read-only parts included; True if it is gone."""
    for _attempt in range(2):
        _make_writable(path)
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=_retry_writable)  # type: ignore[call-arg]
        else:
            shutil.rmtree(path, onerror=_retry_writable)
        if not os.path.lexists(path):
            return True
    return False
