"""Where ssigen keeps what is costly to make and the same from one build to the next (the
Vega bundle, compiled templates): the user's cache folder, never the site or the content."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir(*parts: str) -> Path:
    """`$XDG_CACHE_HOME/ssigen/<parts>` (default `~/.cache/ssigen/<parts>`)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "ssigen", *parts)
