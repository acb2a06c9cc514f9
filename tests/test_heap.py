"""The cycle collector rests while a build scores, analyses and lays out its pages
(ssigen/heap.py): that holds only while they make no reference cycle, which these tests
check on every fixture folder and on the sample, whole, for some members, and anonymised."""
from __future__ import annotations

import gc

import pytest

from ssigen import heap, i18n
from ssigen.analysis import analyse
from ssigen.load import load_content
from ssigen.pipeline import prepare
from ssigen.scoring import score_content
from ssigen.views.plan import SitePlan

from .folders import FIXTURES, SAMPLE

FOLDERS = [SAMPLE, *sorted(p / "content" for p in FIXTURES.iterdir()
                           if (p / "content" / "ssigen.yml").exists())]


def _plan_every_page(content) -> int:
    scores = score_content(content)
    translations = i18n.translations(content.config.locale)
    analyses = analyse(content, scores, translations)
    plan = SitePlan(content, scores, analyses, translations)
    return sum(1 for _ in plan.pages())


@pytest.mark.parametrize("root", FOLDERS, ids=lambda p: p.parent.name if p != SAMPLE
                         else "sample")
@pytest.mark.parametrize("how", ["whole", "members", "anonymized"])
def test_scoring_analysis_and_views_make_no_reference_cycle(root, how):
    content, _problems = load_content(root)
    assert content is not None
    first = sorted(content.members)[:2]
    gc.collect()
    with heap.collector_paused():
        prepared = prepare(content, members=first if how == "members" else None,
                           anonymize=how == "anonymized")
        assert _plan_every_page(prepared) > 0
        assert gc.collect() == 0


def test_the_collector_rests_only_inside_the_block():
    assert gc.isenabled()
    with heap.collector_paused():
        assert not gc.isenabled()
        with heap.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_frozen_heap_thaws_when_the_outermost_block_ends():
    gc.collect()
    assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(10)]
    with heap.frozen():
        outer = gc.get_freeze_count()
        assert outer > 0
        with heap.frozen():
            assert gc.get_freeze_count() >= outer
        assert gc.get_freeze_count() >= outer
    assert gc.get_freeze_count() == 0
    assert kept
