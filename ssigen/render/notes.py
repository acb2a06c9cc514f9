"""Consultants' Markdown notes as sanitised HTML: no script, no handlers, no javascript: links."""
from __future__ import annotations

import re
import time

from markupsafe import Markup

from ..budget import OverBudget, time_limit
from ..formats import without_bidi

ALLOWED_TAGS = {"h1", "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote",
                "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody",
                "tr", "th", "td", "sup", "sub", "abbr"}


NOTE_SECONDS = 5        # one note; all of a folder's notes get 5 s + 0.02 s per note
NOTE_SHARE = 0.02


class NoteError(ValueError):
    """A note that cannot be turned into HTML; the message says why."""


def render_markdown(text: str, seconds: float | None = None) -> Markup:
    """The note as sanitised HTML; raises NoteError when Markdown cannot render it within
    NOTE_SECONDS (runs of unmatched '[' cost quadratic time) or nests too deeply."""
    import markdown as md   # only a folder with notes needs Markdown and its sanitiser
    import nh3

    seconds = NOTE_SECONDS if seconds is None else seconds
    try:
        with time_limit(seconds):
            html = md.markdown(without_bidi(text), extensions=["tables", "sane_lists"],
                               output_format="html")
    except OverBudget:
        raise NoteError(f"takes more than {seconds:g} s to render as Markdown "
                        "(long runs of '[' or '(' without their closing bracket?)") from None
    except RecursionError:
        raise NoteError("is nested too deeply to render as Markdown (lists or quotes "
                        "hundreds of levels deep?)") from None
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


def check_notes(notes, problems) -> None:
    """Every note renders: `check` says what `build` will meet. All notes share one time
    budget, so a folder of many slow notes is stopped as surely as one slow note."""
    every = notes.all()
    deadline = time.monotonic() + NOTE_SECONDS + NOTE_SHARE * len(every)
    for index, (rel, text) in enumerate(every):
        left = deadline - time.monotonic()
        if left <= 0:
            rest = len(every) - index
            problems.error("notes", None, None,
                           f"the notes together take more than "
                           f"{NOTE_SECONDS + NOTE_SHARE * len(every):g} s to render as "
                           f"Markdown; {rest} note{'s' if rest != 1 else ''} not checked")
            return
        try:
            render_markdown(text, min(NOTE_SECONDS, left))
        except NoteError as exc:
            problems.error(rel, None, None, str(exc))
