"""Where ssigen keeps what is costly to make and the same from one build to the next (the
Vega bundle, compiled templates): the user's cache folder, never the site or the content."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable


def cache_dir(*parts: str) -> Path:
    """`$XDG_CACHE_HOME/ssigen/<parts>` (default `~/.cache/ssigen/<parts>`)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "ssigen", *parts)


def kept(name: str, key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns, kept as `<cache>/<name>/<key>` for the next process; the
    cache is best-effort: a folder that cannot be written only costs the making again."""
    path = cache_dir(name, key)
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass
    return data
