"""Person pages on several cores, when the site is large.

Person pages are independent, so on a machine with several cores they are rendered
by forked workers that inherit the plan and the Jinja environment (nothing is
pickled) and write their files straight into the site being built. Meanwhile ssigen's
own process renders the other pages and writes the exports, then renders person pages
beside the workers: `-j N` is N processes at work, and no core waits for another.
Each page's view is made just before it is rendered and dropped after, so memory
grows with one page, not with the site.

A worker that dies (the out-of-memory killer, a signal) stops the build at once with
RenderProcessDied, and the others are killed. Workers die with ssigen: on Linux the
kernel kills them when it dies, even by SIGKILL (PR_SET_PDEATHSIG); elsewhere they
notice between pages and while they wait.
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import traceback
from typing import Callable

from ..errors import OutputError
from ..heap import frozen
from ..views.plan import SitePlan
from .pages import Progress, Renderer

PARALLEL_FROM = 150     # person pages: below this, starting workers costs more than it saves
CHUNK = 25

_WORK: dict = {}
WORKER_POLL = 1.0      # seconds: how often an idle render process checks that ssigen runs
PR_SET_PDEATHSIG = 1   # Linux prctl(2): the signal a process gets when its parent dies


class RenderProcessDied(OutputError):
    """A process that renders pages died (the out-of-memory killer, a signal): the build
    is abandoned, the other processes are stopped and the previous site stays."""


def _render_people(indexes: range) -> tuple[int, dict[str, bytes]]:
    """In a forked worker: render the person pages of `indexes`; returns how many, and
    the digests of the files written (ssigen's own process records the site's state)."""
    plan: SitePlan = _WORK["plan"]
    renderer: Renderer = _WORK["renderer"]
    parent = _WORK.get("parent")
    for index in indexes:
        if parent is not None and os.getppid() != parent:
            os._exit(1)                 # ssigen is gone: nobody wants these pages
        renderer.render(plan.person_page(index))
    return len(indexes), renderer.writer.take_digests()


def _die_with_parent(parent: int) -> None:
    """On Linux the kernel kills this process when ssigen dies, even by SIGKILL; elsewhere
    the worker notices between pages and while it waits (os.getppid())."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
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
    None, answering ("done", (count, digests)) or ("error", exception) for each."""
    for other in inherited:                # the parent's ends of every worker's pipe
        other.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl+C is the parent's to handle
    _die_with_parent(parent)
    _WORK["parent"] = parent
    _WORK["renderer"].writer.take_digests()   # ssigen's own process has those
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


def _start(context, jobs: int) -> list:
    """`jobs` forked render processes, each with its end of a pipe."""
    workers: list = []
    for _ in range(jobs):
        ours, theirs = context.Pipe()
        process = context.Process(target=_worker, name="ssigen-render", daemon=True,
                                  args=(theirs, os.getpid(),
                                        [conn for _, conn in workers] + [ours]))
        process.start()
        theirs.close()
        workers.append((process, ours))
    return workers


def _stop(workers: list, finished: bool) -> None:
    """Every process gone: killed at once if the build failed, else after its last page."""
    for process, _conn in workers:
        if not finished and process.is_alive():
            process.kill()
    for process, conn in workers:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
        conn.close()


class _Chunks:
    """The person pages still to hand out, in chunks of CHUNK that shrink as the end nears,
    so that no process is left with a long chunk while the others have nothing to do."""

    def __init__(self, people: int, processes: int):
        self.next, self.people, self.processes = 0, people, processes

    def take(self) -> range | None:
        """The next chunk, None when every page is handed out."""
        left = self.people - self.next
        if left <= 0:
            return None
        size = max(1, min(CHUNK, left // (2 * self.processes)))
        self.next += size
        return range(self.next - size, self.next)


class _Dispatch:
    """Hands out chunks of person pages, AHEAD at a time, to each worker (so a worker
    never waits while this process is busy with its own work), and counts what they
    finish; this process takes chunks from the same queue."""

    AHEAD = 2

    def __init__(self, renderer: Renderer, chunks: _Chunks, total: int,
                 progress: Progress | None):
        self.renderer, self.chunks = renderer, chunks
        self.done, self.total, self.progress = 0, total, progress
        self.sent: dict = {}           # worker → chunks sent and not yet answered
        self.stopped: set = set()      # workers told that the work is done

    def start(self, workers: list) -> None:
        self.sent = dict.fromkeys(workers, 0)
        for _ in range(self.AHEAD):
            for worker in workers:
                self.hand_out(worker)

    def hand_out(self, worker) -> None:
        """The next chunk to a worker, or None, once: its work is done."""
        if worker in self.stopped:
            return
        process, conn = worker
        chunk = self.chunks.take()
        try:
            conn.send(chunk)
        except OSError:
            if chunk is None:
                return
            raise _death(process) from None
        if chunk is None:
            self.stopped.add(worker)
        else:
            self.sent[worker] += 1

    def count(self, pages: int) -> None:
        self.done += pages
        if self.progress:
            self.progress(self.done, self.total)

    def collect(self, worker) -> None:
        """A worker's answer: pages done, or the error that stopped it."""
        process, conn = worker
        try:
            kind, value = conn.recv() if conn.poll() else (None, None)
        except (EOFError, OSError):
            kind, value = None, None
        if kind is None:
            raise _death(process)
        if kind == "error":
            raise value
        pages, digests = value
        self.renderer.writer.files += pages
        self.renderer.writer.digests.update(digests)
        self.sent[worker] -= 1
        self.count(pages)
        self.hand_out(worker)

    def poll(self, timeout: float | None = 0) -> None:
        """Collect whatever the busy workers have answered (waiting up to `timeout`)."""
        busy = [worker for worker, sent in self.sent.items() if sent]
        if not busy:
            return
        import multiprocessing.connection
        ready = set(multiprocessing.connection.wait(
            [conn for _, conn in busy] + [p.sentinel for p, _ in busy], timeout))
        for worker in sorted(busy, key=lambda w: w[0].pid):
            process, conn = worker
            if conn in ready or process.sentinel in ready:
                self.collect(worker)

    def finish(self) -> int:
        while any(self.sent.values()):
            self.poll(None)
        for worker in self.sent:
            self.hand_out(worker)
        return self.done


def _render_in_workers(plan: SitePlan, renderer: Renderer, jobs: int, total: int,
                       progress: Progress | None, alongside: Callable[[], None] | None) -> int:
    """Every page, by this process and `jobs` - 1 forked ones. The workers take the person
    pages in chunks (_Chunks) as they become free; this process renders the shared pages
    and runs `alongside` meanwhile, then takes chunks too. A process that dies stops the
    build with RenderProcessDied; whatever stops it, every process is gone when this
    returns."""
    people = len(plan.scores.members)
    chunks = _Chunks(people, jobs)
    workers: list = []
    finished = False
    gc.collect(1)   # what was made since the heap froze, not the heap
    try:
        with frozen():   # the workers' collectors never walk (so never copy) what they inherit
            import multiprocessing
            workers = _start(multiprocessing.get_context("fork"),
                             min(jobs - 1, -(-people // CHUNK)))
        dispatch = _Dispatch(renderer, chunks, total, progress)
        dispatch.start(workers)
        for page in plan.shared_pages():
            renderer.render(page)
            dispatch.count(1)
            dispatch.poll()
        if alongside is not None:
            alongside()
        while (chunk := chunks.take()) is not None:   # this process's own share
            for index in chunk:
                renderer.render(plan.person_page(index))
            dispatch.count(len(chunk))
            dispatch.poll()
        done = dispatch.finish()
        finished = True
    finally:
        _stop(workers, finished)
    return done


def _can_fork() -> bool:
    import multiprocessing   # only when workers may pay: a small site never needs it
    return "fork" in multiprocessing.get_all_start_methods()


def render_site(plan: SitePlan, renderer: Renderer, jobs: int | None = None,
                progress: Progress | None = None,
                alongside: Callable[[], None] | None = None) -> int:
    """Every page of the plan, and `alongside` (the exports), on `jobs` processes (default:
    one per core) when the site is large; returns the number of pages."""
    total = plan.page_count()
    renderer.start(total)
    people = len(plan.scores.members)
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and people >= PARALLEL_FROM and _can_fork():
        _WORK.update(plan=plan, renderer=renderer)
        try:
            return _render_in_workers(plan, renderer, jobs, total, progress, alongside)
        finally:
            _WORK.clear()
    done = renderer.render_all(plan.shared_pages(), 0, total, progress)
    done = renderer.render_all(plan.person_pages(), done, total, progress)
    if alongside is not None:
        alongside()
    return done
