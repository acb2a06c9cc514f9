"""Score, band, rank and top % on hand-checked inputs."""
from __future__ import annotations

import pytest

import ssigen
from ssigen.load.schema import DEFAULT_BANDS
from ssigen.model import Band
from ssigen.scoring import band_for, rank_scores

from .conftest import write_folder


@pytest.mark.parametrize("score, label", [
    (0, "foundations missing"), (49.99, "foundations missing"), (50, "foundations in place"),
    (69.994, "foundations in place"), (70, "active social seller"), (80, "expert"),
    (100, "expert"), (None, None),
])
def test_default_bands(score, label):
    band = band_for(score, DEFAULT_BANDS)
    assert (band.label if band else None) == label


def test_band_below_the_lowest_min_is_none():
    assert band_for(5, (Band(10, "low"), Band(50, "high"))) is None


def test_ranks_compare_scores_rounded_to_two_decimals():
    ranks = rank_scores({"a": 61.004, "b": 61.001, "c": 70.0, "d": 12.5, "e": None})
    assert ranks == {"c": (1, 25), "a": (2, 50), "b": (2, 50), "d": (4, 100)}


def test_latest_snapshot_on_or_before_as_of(tmp_path):
    content = write_folder(tmp_path, {
        "ssigen.yml": "title: T\nas_of: 2026-02-01\n",
        "members.csv": "id,name,team\nann,Ann,A\nbob,Bob,A\ncid,Cid,B\n",
        "snapshots/ssi.csv": """
            member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships,ssi.industry_ssi
            ann,2026-01-01,10,10,10,10,20
            ann,2026-01-15,12.5,12.25,11,10.75,21
            ann,2026-03-01,25,25,25,25,22
            bob,2026-01-20,20,20,20,15.5,
            cid,2026-01-20,5,5,5,5,
        """,
    })
    scores = ssigen.score(content)
    by_id = scores.by_id
    assert by_id["ann"].score == pytest.approx(46.5)
    assert by_id["ann"].date.isoformat() == "2026-01-15"
    assert by_id["ann"].reported.industry_ssi == 21
    assert [m.id for m in scores.members] == ["bob", "ann", "cid"]
    assert (by_id["bob"].rank, by_id["bob"].top_pct, by_id["bob"].band.label) == \
        (1, 34, "active social seller")
    assert (by_id["cid"].rank, by_id["cid"].top_pct) == (3, 100)
    team_a = scores.team("A")
    assert team_a.score == pytest.approx((46.5 + 75.5) / 2)
    assert team_a.pillars["brand"] == pytest.approx((12.5 + 20) / 2)
    assert team_a.industry_ssi == pytest.approx(21)
    assert [(b.label, n) for b, n in scores.band_counts] == [
        ("foundations missing", 2), ("foundations in place", 0),
        ("active social seller", 1), ("expert", 0)]
