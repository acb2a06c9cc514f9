"""Golden pages: the sample's key pages as they were last approved, volatile parts scrubbed.

As in coverage.py's gold files, a test compares today's pages with these files, byte for byte
after scrubbing. After an intended change to a page, refresh them with

    python -m tests.golden

and review the diff like any other change.
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import ssigen

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
GOLDEN = Path(__file__).resolve().parent / "golden"

PAGES = (
    "index.html",
    "people/pieter-jansen.html",
    "people/francesca-greco.html",
    "cohorts/spring-2026.html",
    "deals.html",
    "adoption.html",
    "methodology.html",
)

# Fingerprinted asset names change with every edit of the CSS or scripts, not with the page.
SCRUBS = ((re.compile(r"(assets/[\w-]+)\.[0-9a-f]{10}\.(css|js)"), r"\1.HASH.\2"),)


def scrub(html: str) -> str:
    for pattern, replacement in SCRUBS:
        html = pattern.sub(replacement, html)
    return html


def golden_name(page: str) -> str:
    return page.replace("/", "--")


def build_pages() -> dict[str, str]:
    """Build the sample and return each golden page, scrubbed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        ssigen.build(SAMPLE, out)
        return {page: scrub((out / page).read_text(encoding="utf-8")) for page in PAGES}


def refresh() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for page, html in build_pages().items():
        (GOLDEN / golden_name(page)).write_text(html, encoding="utf-8", newline="")
        print(f"wrote {(GOLDEN / golden_name(page)).relative_to(ROOT)}")


if __name__ == "__main__":
    refresh()
    sys.exit(0)
