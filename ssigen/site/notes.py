"""Consultants' Markdown notes as sanitised HTML: no script, no handlers, no javascript: links."""
from __future__ import annotations

import re

import markdown as md
import nh3
from markupsafe import Markup

from ..formats import without_bidi

ALLOWED_TAGS = {"h1", "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote",
                "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody",
                "tr", "th", "td", "sup", "sub", "abbr"}


def render_markdown(text: str) -> Markup:
    html = md.markdown(without_bidi(text), extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(_HEADING.sub(_demote, clean))


_HEADING = re.compile(r"<(/?)h([1-6])>")


def _demote(match: re.Match) -> str:
    """Notes sit inside a page section (h2), so their headings start at h3."""
    return f"<{match[1]}h{min(6, int(match[2]) + 2)}>"
