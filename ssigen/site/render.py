"""Render the page plan into a SiteWriter, on several cores when the site is large.

Person pages are independent, so on a machine with several cores they are rendered
by forked workers that inherit the planner and the Jinja environment (nothing is
pickled) and write their files straight into the site being built. Each page's
context is made just before it is rendered and dropped after, so memory grows with
one page, not with the site.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable

import jinja2
import jinja2.sandbox
from pathlib import Path

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
        try:
            html = template.render({**page.context, "page_path": page.path,
                                    "has_charts": any(charts.values())})
        except (jinja2.TemplateError, jinja2.sandbox.SecurityError) as exc:
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


def _template_error(template: jinja2.Template, exc: Exception, page: str) -> ContentError:
    """A template that fails while rendering, named as the content folder names it."""
    origin = Path(template.filename or "").resolve()
    builtin = origin.is_relative_to(builtin_templates().resolve())
    name = f"built-in template {template.name}" if builtin else f"templates/{template.name}"
    line = getattr(exc, "lineno", None)
    return ContentError(name, line, None, f"cannot render {page}: {exc}")


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
