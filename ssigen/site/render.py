"""Render the page plan into a SiteWriter, on several cores when the site is large.

Person pages are independent, so on a machine with several cores they are rendered
by forked workers that inherit the planner and the Jinja environment (nothing is
pickled) and write their files straight into the site being built. Each page's
context is made just before it is rendered and dropped after, so memory grows with
one page, not with the site.

A worker that dies (the out-of-memory killer, a signal) stops the build at once with
RenderProcessDied, and the others are killed. Workers die with ssigen: on Linux the
kernel kills them when it dies, even by SIGKILL (PR_SET_PDEATHSIG); elsewhere they
notice between pages and while they wait.
"""
from __future__ import annotations

import contextlib
import ctypes
import io
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import time
import traceback
from collections import deque
from typing import Callable, Iterable

import jinja2
import jinja2.sandbox
from pathlib import Path

from ..budget import OverBudget, time_limit
from ..errors import ContentError, ContentErrors, OutputError
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

    deadline: float | None = None   # time.monotonic() by which every page must be done
    budget: float = 0.0

    def render(self, page: Page) -> None:
        entity = page.path.rsplit("/", 1)[-1].removesuffix(".html")
        template = self.env.select_template([f"{page.template[:-5]}-{entity}.html",
                                             page.template])
        charts = page.context.get("charts") or {}
        self.env.current_page = page.path
        context = {**page.context, "page_path": page.path, "has_charts": any(charts.values())}
        if hasattr(self.env, "new_page"):
            self.env.new_page()
        seconds = PAGE_SECONDS
        if self.deadline is not None:
            seconds = min(seconds, self.deadline - time.monotonic())
        all_pages = (f"the pages together take more than {self.budget:g} s to render "
                     "(a template too slow for every page?)")
        try:
            if seconds <= 0:
                raise OverBudget(0)
            with time_limit(seconds):
                html = _bounded_join(template.generate(context))
        except OverBudget:
            message = (f"takes more than {PAGE_SECONDS} s to render (a loop too large?)"
                       if seconds == PAGE_SECONDS else all_pages)
            raise ContentErrors([_template_error(template, None, page.path, message)]) \
                from None
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
PAGE_SHARE = 0.1                  # all pages: PAGE_SECONDS + 0.1 s a page (10,000: 1,010 s)
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
WORKER_POLL = 1.0      # seconds: how often an idle render process checks that ssigen runs
PR_SET_PDEATHSIG = 1   # Linux prctl(2): the signal a process gets when its parent dies


class RenderProcessDied(OutputError):
    """A process that renders pages died (the out-of-memory killer, a signal): the build
    is abandoned, the other processes are stopped and the previous site stays."""


def _render_people(indexes: range) -> int:
    """In a forked worker: render the person pages of `indexes`; returns how many."""
    planner: Planner = _WORK["planner"]
    renderer: Renderer = _WORK["renderer"]
    parent = _WORK.get("parent")
    members = planner.scores.members
    for index in indexes:
        if parent is not None and os.getppid() != parent:
            os._exit(1)                 # ssigen is gone: nobody wants these pages
        renderer.render(planner.person_page(members[index], index))
    return len(indexes)


def _die_with_parent(parent: int) -> None:
    """On Linux the kernel kills this process when ssigen dies, even by SIGKILL; elsewhere
    the worker notices between pages and while it waits (os.getppid())."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:        # ssigen died before the line above
        os._exit(1)


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it survives pickling (ContentErrors, OutputError do), else its text."""
    with contextlib.suppress(Exception):
        exc.add_note("in a page-rendering process:\n" + "".join(traceback.format_exception(exc)))
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any exception must reach the parent somehow
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _worker(conn, parent: int, inherited: list) -> None:
    """A render process: renders the chunks of person pages it is sent until it is sent
    None, answering ("done", count) or ("error", exception) for each."""
    for other in inherited:                # the parent's ends of every worker's pipe
        other.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl+C is the parent's to handle
    _die_with_parent(parent)
    _WORK["parent"] = parent
    while True:
        while not conn.poll(WORKER_POLL):
            if os.getppid() != parent:
                os._exit(1)
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            os._exit(1)
        if chunk is None:
            return
        try:
            answer = ("done", _render_people(chunk))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            answer = ("error", _portable(exc))
        try:
            conn.send(answer)
        except OSError:
            os._exit(1)
        if answer[0] == "error":
            return


def _death(process) -> RenderProcessDied:
    process.join(1)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = None
        how = f"killed by signal {-code}" + (f", {name}" if name else "")
        if -code == signal.SIGKILL:
            how += ": out of memory?"
    elif code is None:
        how = "it stopped answering"
    else:
        how = f"it exited with code {code}"
    return RenderProcessDied(f"a page-rendering process died ({how}); the site was not "
                             "built and the previous site is unchanged")


def _render_in_workers(renderer: Renderer, people: int, jobs: int, done: int, total: int,
                       progress: Progress | None) -> int:
    """The person pages, rendered by `jobs` forked processes that take chunks of CHUNK
    pages as they become free. A process that dies stops the build with
    RenderProcessDied; whatever stops it, every process is gone when this returns."""
    context = multiprocessing.get_context("fork")
    chunks = deque(range(i, min(i + CHUNK, people)) for i in range(0, people, CHUNK))
    workers: list = []
    finished = False
    try:
        for _ in range(min(jobs, len(chunks))):
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker, name="ssigen-render", daemon=True,
                                      args=(theirs, os.getpid(),
                                            [conn for _, conn in workers] + [ours]))
            process.start()
            theirs.close()
            workers.append((process, ours))
        busy = set()

        def hand_out(worker) -> None:
            """The next chunk to a free worker, or None: its work is done."""
            process, conn = worker
            chunk = chunks.popleft() if chunks else None
            try:
                conn.send(chunk)
            except OSError:
                if chunk is None:
                    return
                raise _death(process) from None
            if chunk is not None:
                busy.add(worker)

        for worker in workers:
            hand_out(worker)
        while busy:
            ready = set(multiprocessing.connection.wait(
                [conn for _, conn in busy] + [process.sentinel for process, _ in busy]))
            for worker in sorted(busy, key=lambda w: w[0].pid):
                process, conn = worker
                if conn not in ready and process.sentinel not in ready:
                    continue
                try:
                    kind, value = conn.recv() if conn.poll() else (None, None)
                except (EOFError, OSError):
                    kind, value = None, None
                if kind is None:
                    raise _death(process)
                if kind == "error":
                    raise value
                renderer.writer.files += value
                done += value
                if progress:
                    progress(done, total)
                busy.discard(worker)
                hand_out(worker)
        finished = True
    finally:
        for process, _conn in workers:
            if not finished and process.is_alive():
                process.kill()
        for process, conn in workers:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
            conn.close()
    return done


def render_site(planner: Planner, renderer: Renderer, jobs: int | None = None,
                progress: Progress | None = None) -> int:
    """Every page of the plan; returns the number of pages."""
    total = planner.page_count()
    renderer.budget = PAGE_SECONDS + PAGE_SHARE * total
    renderer.deadline = time.monotonic() + renderer.budget
    people = len(planner.scores.members)
    jobs = jobs or os.cpu_count() or 1
    done = renderer.render_all(planner.shared_pages(), 0, total, progress)
    if jobs > 1 and people >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        _WORK.update(planner=planner, renderer=renderer)
        try:
            done = _render_in_workers(renderer, people, jobs, done, total, progress)
        finally:
            _WORK.clear()
    else:
        done = renderer.render_all(planner.person_pages(), done, total, progress)
    return done
