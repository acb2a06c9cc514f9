"""Render the page plan into a SiteWriter, on several cores when the site is large.

Person pages are independent, so on a machine with several cores they are rendered
by forked workers that inherit the planner and the Jinja environment (nothing is
pickled) and write their files straight into the site being built. Each page's
context is made just before it is rendered and dropped after, so memory grows with
one page, not with the site.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import traceback
from typing import Callable, Iterable

import jinja2
import jinja2.sandbox
from pathlib import Path

from ..budget import OverBudget, time_limit
from ..errors import ContentError, ContentErrors
from .env import builtin_templates

from .pages import Page, Planner
from .writer import SiteWriter

PARALLEL_FROM = 150     # person pages: below this, starting workers costs more than it saves
CHUNK = 25

Progress = Callable[[int, int], None]


class Renderer:
    """Renders pages with `common` (what every page shares) as the environment's globals,
    so the template helpers imported by every page are built once, not per page."""

    def __init__(self, env: jinja2.Environment, common: dict, writer: SiteWriter):
        self.env = env
        self.writer = writer
        env.globals.update(common)

    def render(self, page: Page) -> None:
        entity = page.path.rsplit("/", 1)[-1].removesuffix(".html")
        template = self.env.select_template([f"{page.template[:-5]}-{entity}.html",
                                             page.template])
        charts = page.context.get("charts") or {}
        self.env.current_page = page.path
        context = {**page.context, "page_path": page.path, "has_charts": any(charts.values())}
        if hasattr(self.env, "new_page"):
            self.env.new_page()
        try:
            with time_limit(PAGE_SECONDS):
                html = _bounded_join(template.generate(context))
        except OverBudget:
            raise ContentErrors([_template_error(
                template, None, page.path, f"takes more than {PAGE_SECONDS} s to render "
                "(a loop too large?)")]) from None
        except Exception as exc:  # noqa: BLE001 - a template's own failure, named as such
            raise ContentErrors([_template_error(template, exc, page.path)]) from None
        self.writer.write(page.path, html)

    def render_all(self, pages: Iterable[Page], done: int, total: int,
                   progress: Progress | None) -> int:
        for page in pages:
            self.render(page)
            done += 1
            if progress:
                progress(done, total)
        return done


PAGE_SECONDS = 10                 # a page of the sample renders in about 10 ms
MAX_PAGE_CHARS = 20 * 1024 * 1024  # the largest person page of 10,000 members is ~60 KB


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


_WORK: dict = {}


def _render_people(indexes: range) -> int:
    """In a forked worker: render the person pages of `indexes`; returns how many."""
    planner: Planner = _WORK["planner"]
    renderer: Renderer = _WORK["renderer"]
    members = planner.scores.members
    for index in indexes:
        renderer.render(planner.person_page(members[index], index))
    return len(indexes)


def render_site(planner: Planner, renderer: Renderer, jobs: int | None = None,
                progress: Progress | None = None) -> int:
    """Every page of the plan; returns the number of pages."""
    total = planner.page_count()
    people = len(planner.scores.members)
    jobs = jobs or os.cpu_count() or 1
    done = renderer.render_all(planner.shared_pages(), 0, total, progress)
    if jobs > 1 and people >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        _WORK.update(planner=planner, renderer=renderer)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                chunks = [range(i, min(i + CHUNK, people)) for i in range(0, people, CHUNK)]
                for count in pool.imap_unordered(_render_people, chunks):
                    renderer.writer.files += count
                    done += count
                    if progress:
                        progress(done, total)
        finally:
            _WORK.clear()
    else:
        done = renderer.render_all(planner.person_pages(), done, total, progress)
    return done
