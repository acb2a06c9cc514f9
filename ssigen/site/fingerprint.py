"""A fingerprint of everything a build reads, so an unchanged site is not built again.

It covers the options, ssigen's own files and built-in templates, and the content folder:
`assets/` exactly as the build copies it (`files.asset_files`, dot-files included), the
`templates/` folder with its dot-files, and every other file but dot-files (which the
loader never reads). Files are hashed 1 MB at a time; a link is followed only while it
stays inside its folder (else its target's name is hashed, and the loader reports it);
pipes and devices are never opened; a file larger than the build accepts is hashed by
size and time, unread.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .files import MAX_ASSET_BYTES, asset_files, hash_entry, is_junk, walk

PACKAGE = Path(__file__).resolve().parent.parent


def _content_keep(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0] == "assets":
        return False                      # listed by asset_files, as the build copies it
    if parts[0] == "templates":
        return not is_junk(parts[-1])
    return not any(part.startswith(".") or part == "__pycache__" for part in parts)


def _package_keep(rel: str) -> bool:
    return not any(part.startswith(".") or part == "__pycache__" for part in rel.split("/"))


def input_fingerprint(content_dir: Path, templates_dir: Path, options: dict) -> str:
    """SHA-256 over the options, the content folder, the templates and ssigen's own files."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    roots = (("content", content_dir, _content_keep), ("templates", templates_dir, _package_keep),
             ("package", PACKAGE, _package_keep))
    for label, root, keep in roots:
        if not root.is_dir():
            continue
        for entry in walk(root, keep, root):
            digest.update(f"\0{label}/{entry.rel}\0".encode("utf-8", "surrogateescape"))
            hash_entry(digest, entry, MAX_ASSET_BYTES)
    for entry in asset_files(content_dir):
        digest.update(f"\0content/assets/{entry.rel}\0".encode("utf-8", "surrogateescape"))
        hash_entry(digest, entry, MAX_ASSET_BYTES)
    return digest.hexdigest()
