"""The cycle collector during a build, which would otherwise spend a fifth of it walking
the content again and again.

Loading, scoring, analysis and the view models make no reference cycle (tests check), so
the collector rests while they run. Rendering does make cycles (Jinja's contexts and
modules, a few hundred objects a page), so it runs then, but over what the page makes
only: the content, the scores and the analyses are frozen, left out of its passes. Their
objects are still freed as usual when nothing refers to them any more.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

_frozen = 0     # depth of nested `frozen()` blocks: only the outermost thaws the heap


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection in the block, if there was any before it."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now is left out of the collector's passes until the block ends
    (and, in processes forked meanwhile, never walked, so never copied)."""
    global _frozen
    gc.freeze()
    _frozen += 1
    try:
        yield
    finally:
        _frozen -= 1
        if _frozen == 0:
            gc.unfreeze()
