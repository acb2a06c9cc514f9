"""The one gate between a URL that comes from data and an `href` in the site.

A contact, a LinkedIn profile or a site URL is checked here when it is loaded, and the
templates link only to what these functions return: `javascript:`, `data:` and
look-alikes never become links.
"""
from __future__ import annotations

import re
import urllib.parse

EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
# A host's characters: ASCII letters and digits and every character from U+00A1 to U+FFFF
# ('.' and '-' inside). Written as what is excluded, which compiles ten times faster than
# the same set written as ranges (a test checks the two agree on every character).
_HOST_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\xa0\U00010000-\U0010ffff]"
_HOST_INNER = r"[^\x00-\x2c\x2f\x3a-\x40\x5b-\x60\x7b-\xa0\U00010000-\U0010ffff]"
HOST_RE = re.compile(f"{_HOST_CHAR}(?:{_HOST_INNER}*{_HOST_CHAR})?")
URL_FORBIDDEN = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")


def web_link(text: str, schemes: tuple[str, ...] = ("https", "http")) -> str | None:
    """`text` when it is an absolute URL of one of `schemes` that a parser accepts, else None."""
    if URL_FORBIDDEN.search(text):
        return None
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme not in schemes or not text.lower().startswith(parts.scheme + "://"):
        return None
    host = parts.hostname or ""
    if not HOST_RE.fullmatch(host) or ".." in host or parts.username or parts.password:
        return None
    return text


def contact_link(text: str) -> str | None:
    """The href for a contact: `mailto:` for an e-mail address, the URL for a web address."""
    address = text.removeprefix("mailto:")
    if EMAIL_RE.fullmatch(address):
        return "mailto:" + address
    return web_link(text)
