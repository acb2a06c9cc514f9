"""Deals read beside the SSI: seller SSI at the deal date, correlation, members to discuss."""
from __future__ import annotations

import pytest

import ssigen
from ssigen.analysis.deals import quarter, summarise_deals

from .conftest import write_folder

FOLDER = {
    "ssigen.yml": "title: T\nas_of: 2026-06-30\ncurrency: EUR\nrates: {USD: 0.5}\n",
    "members.csv": """
        id,name,team
        hi,High Nodeals,A
        lo,Low Earner,A
        mid,Mid Seller,A
        new,No Score,A
    """,
    "snapshots/ssi.csv": """
        member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships
        hi,2026-01-01,20,20,20,20
        lo,2026-01-01,10,10,10,10
        lo,2026-04-01,11,11,11,12
        mid,2026-01-01,15,15,15,15
    """,
    "deals.csv": """
        id,member,account,amount,currency,status,date,stage,contribution,meetings
        d1,lo,Acme,100000,EUR,won,2026-03-15,find_prospect,50,2
        d2,lo,Beta,40000,USD,won,2026-04-02,new_contacts,25,1
        d3,mid,Gamma,20000,EUR,won,2026-05-01,other,10,
        d4,mid,Delta,10000,EUR,open,2026-06-01,anticipate_rfp,40,3
        d5,lo,Eps,99999,EUR,lost,2026-06-02,find_account,50,
        d6,mid,Zeta,5000,EUR,won,2026-06-03,none,0,
    """,
}


@pytest.fixture
def summary(tmp_path):
    content, _ = ssigen.load(write_folder(tmp_path, FOLDER))
    from ssigen.scoring import score_content
    return summarise_deals(content, score_content(content))


def test_seller_ssi_is_the_latest_reported_on_or_before_the_deal(summary):
    views = {v.deal.id: v for v in summary.deals}
    assert (views["d1"].seller_ssi, views["d1"].seller_ssi_date.isoformat()) == (40, "2026-01-01")
    assert (views["d2"].seller_ssi, views["d2"].seller_ssi_date.isoformat()) == (45, "2026-04-01")


def test_totals_and_shares(summary):
    # won: d1 50000 + d2 40000*0.5*0.25=5000 + d3 2000 + d6 0
    assert summary.attributed_revenue == pytest.approx(57000)
    assert summary.influenced_pipeline == pytest.approx(4000)
    assert (summary.won, summary.open, summary.lost, summary.won_influenced) == (4, 1, 1, 3)
    assert summary.share_influenced_pct == pytest.approx(75)
    assert summary.meetings == 6
    assert summary.by_quarter == {"2026-Q1": 50000, "2026-Q2": 7000}
    assert list(summary.by_stage) == ["find_prospect", "new_contacts", "other", "none"]


def test_members_worth_a_conversation(summary):
    flags = {f.member_id: f.kind for f in summary.flags}
    # hi: 80 (expert) and no revenue; lo: 45 (lowest band) with 55000 >= median(55000, 2000)
    assert flags == {"hi": "high_band_no_revenue", "lo": "low_band_strong_revenue"}


def test_correlation_needs_three_members_with_varied_figures(summary):
    cor = summary.correlation
    assert cor.n == 3
    assert cor.rho == pytest.approx(-1.0)      # revenue ranks exactly reverse the scores


@pytest.mark.parametrize("date, label", [("2025-01-01", "2025-Q1"), ("2025-03-31", "2025-Q1"),
                                         ("2025-04-01", "2025-Q2"), ("2025-12-31", "2025-Q4")])
def test_quarter(date, label):
    import datetime as dt
    assert quarter(dt.date.fromisoformat(date)) == label


def test_deals_page_and_person_sections(tmp_path):
    from .htmlparse import parse
    out = tmp_path / "site"
    ssigen.build(write_folder(tmp_path / "c", FOLDER), out)
    deals = parse(out / "deals.html")
    assert "SSI 80.00 (expert) but no revenue credited" in deals.text
    lo = parse(out / "people" / "lo.html")
    assert "Strong revenue credited to social selling despite a modest SSI" in lo.text
    assert lo.find("table", **{"class": "deals"}) is not None
    index = parse(out / "index.html")
    assert "€57,000" in index.text
