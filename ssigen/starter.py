"""`ssigen init`: a small, valid content folder a new user can build at once."""
from __future__ import annotations

import shutil
from pathlib import Path

STARTER = Path(__file__).resolve().parent / "starter"


def write_starter(directory: Path) -> list[Path]:
    written = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        target = directory / source.relative_to(STARTER)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written
