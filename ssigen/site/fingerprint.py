"""A fingerprint of everything a build reads, so an unchanged site is not built again."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _files(root: Path):
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                           for part in rel.parts):
                yield rel.as_posix(), path


def input_fingerprint(content_dir: Path, templates_dir: Path, options: dict) -> str:
    """SHA-256 over the options, the content folder, the templates and ssigen's own files."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for label, root in (("content", content_dir), ("templates", templates_dir),
                        ("package", PACKAGE)):
        for rel, path in _files(root):
            digest.update(f"\0{label}/{rel}\0".encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\0unreadable")
    return digest.hexdigest()
