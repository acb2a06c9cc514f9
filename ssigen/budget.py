"""Time budgets for work whose cost the content decides: a note, a template.

A Markdown note or a template from the content folder can ask for far more work than
it looks (40 KB of '[' take minutes to parse; two nested loops of 100,000). Such work
runs under `time_limit`, which interrupts it with `OverBudget` once its seconds are
spent, so a build ends with a clear error instead of running for ever.
"""
from __future__ import annotations

import contextlib
import signal
import threading
import time


REPEAT = 0.2


class OverBudget(Exception):
    """The work ran out of its time budget."""

    def __init__(self, seconds: float):
        super().__init__(f"took more than {seconds:g} s")
        self.seconds = seconds


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt the enclosed work after `seconds` (wall clock) with OverBudget.

    Uses a real-time interval timer, so it works in the main thread of a process (ssigen's
    commands and its render workers); elsewhere the work runs without a limit. Budgets
    nest: the inner one never outlives the outer one."""
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return
    outer_left, _interval = signal.getitimer(signal.ITIMER_REAL)
    outer_handler = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    limit = min(seconds, outer_left) if outer_left > 0 else seconds

    def interrupt(_signum, _frame):
        raise OverBudget(seconds)

    signal.signal(signal.SIGALRM, interrupt)
    # The timer fires again every REPEAT s, in case the first OverBudget was swallowed by
    # code that ignores exceptions (a garbage-collection callback, a bare except).
    signal.setitimer(signal.ITIMER_REAL, limit, REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_left > 0:
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))

