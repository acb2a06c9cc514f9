"""Render one page: its view model, formatted by its template, within a time budget.

A page's template may be specialised per entity: `person-<id>.html` before
`person.html`, as Datasette does. The view's fields are the template's context.
"""
from __future__ import annotations

import dataclasses
import functools
import io
import time
import traceback
from pathlib import Path
from typing import Callable, Iterable

import jinja2

from ..budget import OverBudget, time_limit
from ..errors import ContentError, ContentErrors
from ..views.base import Page
from .html import builtin_templates
from .notes import NoteError

Progress = Callable[[int, int], None]


class Renderer:
    """Renders pages with `common` (what every page shares) as the environment's globals,
    so the template helpers imported by every page are built once, not per page."""

    def __init__(self, env: jinja2.Environment, common: dict, writer):
        self.env = env
        self.writer = writer
        env.globals.update(common)

    deadline: float | None = None   # time.monotonic() by which every page must be done
    budget: float = 0.0
    pdfs = False                    # whether the site has PDFs for its pages to link to

    def start(self, pages: int) -> None:
        """The shared time budget of a site of `pages` pages starts now."""
        self.budget = PAGE_SECONDS + PAGE_SHARE * pages
        self.deadline = time.monotonic() + self.budget

    def template_of(self, page: Page) -> jinja2.Template:
        """The page's template: `<kind>-<entity>.html` from the content folder first."""
        entity = page.path.rsplit("/", 1)[-1].removesuffix(".html")
        special = f"{page.template[:-5]}-{entity}.html"
        return self.env.get_template(special if special in self.templates else page.template)

    @functools.cached_property
    def templates(self) -> frozenset[str]:
        """The names of every template, listed once: Jinja keeps the templates it found,
        not those it did not, and would look for `person-<id>.html` on disk for each."""
        return frozenset(self.env.list_templates())

    def context(self, page: Page) -> dict:
        return {**context_of(page.view), "page_path": page.path,
                "has_charts": page.has_charts, "pdf_path": self.pdf_path(page.path)}

    def pdf_path(self, page_path: str) -> str | None:
        """The PDF a page links to (None: the site has none): a person's own, else the
        team report."""
        if not self.pdfs:
            return None
        if page_path.startswith("people/"):
            return "pdf/" + page_path.removeprefix("people/").removesuffix(".html") + ".pdf"
        return "pdf/report.pdf"

    def html_of(self, page: Page) -> str:
        """The page's HTML, within the time budget when the content folder's own templates
        are in use."""
        template = self.template_of(page)
        context = self.context(page)
        self.env.current_page = page.path
        sandboxed = hasattr(self.env, "new_page")
        if sandboxed:
            self.env.new_page()
        seconds = PAGE_SECONDS
        if self.deadline is not None:
            seconds = min(seconds, self.deadline - time.monotonic())
        all_pages = (f"the pages together take more than {self.budget:g} s to render "
                     "(a template too slow for every page?)")
        chunks = template.generate(context)
        try:
            if not sandboxed:   # the built-in templates are bounded by the data
                return "".join(chunks)
            if seconds <= 0:
                raise OverBudget(0)
            with time_limit(seconds):
                return _bounded_join(chunks)
        except NoteError as exc:
            raise ContentErrors([ContentError("notes", None, None, f"a note {exc}")]) from None
        except OverBudget:
            message = (f"takes more than {PAGE_SECONDS} s to render (a loop too large?)"
                       if seconds == PAGE_SECONDS else all_pages)
            raise ContentErrors([_template_error(template, None, page.path, message)]) \
                from None
        except Exception as exc:  # noqa: BLE001 - a template's own failure, named as such
            raise ContentErrors([_template_error(template, exc, page.path)]) from None

    def html_named(self, name: str, page_path: str, **context) -> str:
        """The template `name` rendered as the page at `page_path` (the team report's PDF):
        its links, and its partials', are relative to that page."""
        self.env.current_page = page_path
        return self.env.get_template(name).render(page_path=page_path, **context)

    def render(self, page: Page) -> None:
        self.writer.write(page.path, self.html_of(page))

    def render_all(self, pages: Iterable[Page], done: int, total: int,
                   progress: Progress | None) -> int:
        for page in pages:
            self.render(page)
            done += 1
            if progress:
                progress(done, total)
        return done


def context_of(view) -> dict:
    """A view model's fields, by name: what its template sees."""
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}


# A content folder's templates (run in the sandbox) must render a page within PAGE_SECONDS,
# and every page within the shared budget; the built-in ones are bounded by the data alone
# (the business impact page of 50,000 deals takes seconds on a busy machine).
PAGE_SECONDS = 10                 # a page of the sample renders in about 10 ms
PAGE_SHARE = 0.1                  # all pages: PAGE_SECONDS + 0.1 s a page (10,000: 1,010 s)
# A content folder's templates may write at most this much per page. The built-in ones are
# bounded by the data: the business impact page of 50,000 deals is about 27 MB.
MAX_PAGE_CHARS = 20 * 1024 * 1024


class _PageTooLarge(Exception):
    def __str__(self) -> str:
        return f"the page would be larger than {MAX_PAGE_CHARS // (1024 * 1024)} MB"


def _bounded_join(chunks: Iterable[str]) -> str:
    """The page's text, stopped as soon as it outgrows MAX_PAGE_CHARS."""
    out, size = io.StringIO(), 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_PAGE_CHARS:
            raise _PageTooLarge
        out.write(chunk)
    return out.getvalue()


def _template_error(template: jinja2.Template, exc: Exception | None, page: str,
                    message: str | None = None) -> ContentError:
    """A template that fails while rendering, named as the content folder names it: the
    innermost template in the traceback (an included file, a macro), and its line."""
    filename, line = template.filename, getattr(exc, "lineno", None)
    for frame, lineno in traceback.walk_tb(exc.__traceback__ if exc else None):
        if frame.f_code.co_filename.endswith(".html") or \
                frame.f_code.co_filename == "<template>":
            filename, line = frame.f_code.co_filename, lineno
    if message is None:
        message = _describe(exc)
    return ContentError(_template_name(filename), line, None, f"cannot render {page}: {message}")


def _template_name(filename: str | None) -> str:
    origin = Path(filename or "").resolve()
    builtin = builtin_templates().resolve()
    if origin.is_relative_to(builtin):
        return f"built-in template {origin.relative_to(builtin).as_posix()}"
    parts = origin.parts
    if "templates" in parts:
        index = len(parts) - 1 - parts[::-1].index("templates")
        return "templates/" + "/".join(parts[index + 1:])
    return origin.name or "a template"


def _describe(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "it calls itself without end (a macro or an include that recurses)"
    if isinstance(exc, OverflowError):
        return f"{exc} (a range or a number too large)"
    if isinstance(exc, MemoryError):
        return "it needs more memory than there is"
    if isinstance(exc, (jinja2.TemplateError, _PageTooLarge)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


