"""The profile audit, the written audit and calibration, on small hand-checked folders."""
from __future__ import annotations

import gettext
import json

import pytest

import ssigen
from ssigen.analysis.advice import write_audit
from ssigen.scoring.audit import CHECKS, audit_profile, common_gaps
from ssigen.model import Member
from ssigen.scoring.calibration import calibration

from .folders import CONTRAST, STRONG_PROFILE, WEAK_PROFILE, make_folder
from .htmlparse import parse

MEMBER = Member(id="ann", name="Ann", title="Account Manager")


def statuses(audit):
    return {r.check.id: r.status for r in audit.results}


def test_strong_profile_passes_every_check():
    audit = audit_profile(MEMBER, STRONG_PROFILE, {"connections": 600})
    assert set(statuses(audit).values()) == {"pass"}
    assert audit.completeness_pct == 100
    assert audit.all_star is True


def test_weak_profile_fails_with_no_data_apart():
    audit = audit_profile(MEMBER, WEAK_PROFILE, None)
    result = statuses(audit)
    assert result["connections_50"] == "no_data"      # no activity section
    assert result["contact_info"] == "no_data"        # never recorded
    assert result["headline"] == "fail"               # only the job title
    assert result["current_position"] == "fail"       # no description
    assert result["industry_location"] == "fail"      # industry missing
    passed = [k for k, v in result.items() if v == "pass"]
    assert passed == []
    # 15 checks, 2 without data: 0 / 13 passed
    assert audit.completeness_pct == 0
    assert audit.all_star is False


def test_completeness_counts_only_checks_with_data():
    profile = {"photo": True, "banner": False, "skills": 12}
    audit = audit_profile(MEMBER, profile, None)
    # photo pass, banner fail, skills_3 pass, skills_10 pass: 3 of 4 with data
    assert audit.completeness_pct == 75
    assert audit.all_star is None     # some All-Star checks have no data


def test_headline_longer_than_the_title_passes_only_when_it_says_more():
    long_title = "Senior Key Account Manager, Industrial Automation EMEA"
    member = Member(id="a", name="A", title=long_title)
    assert statuses(audit_profile(member, {"headline": long_title}, None))["headline"] == "fail"
    assert statuses(audit_profile(member, {"headline": long_title + " | helping plants"},
                                  None))["headline"] == "pass"


def test_common_gaps_share_over_members_with_data():
    audits = [audit_profile(MEMBER, STRONG_PROFILE, {"connections": 600}),
              audit_profile(MEMBER, WEAK_PROFILE, None),
              audit_profile(MEMBER, {"photo": False}, None)]
    gaps = {g.check.id: (g.failing, g.with_data, round(g.share_pct, 2)) for g in common_gaps(audits)}
    assert gaps["photo"] == (2, 3, 66.67)
    assert gaps["banner"] == (1, 2, 50.0)
    assert "connections_50" not in gaps          # nobody with data fails it
    assert list(gaps)[0] == "photo"              # most common first


@pytest.fixture
def contrast_site(tmp_path):
    content = make_folder(tmp_path / "content", base=CONTRAST)
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def test_audit_text_follows_the_data(contrast_site):
    ann = parse(contrast_site / "people" / "ann.html")
    bob = parse(contrast_site / "people" / "bob.html")
    cat = parse(contrast_site / "people" / "cat.html")
    assert "Ann Active's SSI is 85.50 out of 100 (expert), rank 1 of 3" in ann.text
    assert "rose by 25.50 points (from 60.00)" in ann.text
    assert "It meets LinkedIn's All-Star criteria." in ann.text
    assert "Bob Quiet's SSI is 38.00 out of 100 (foundations missing), rank 2 of 3" in bob.text
    assert "fell by 3.00 points (from 41.00)" in bob.text
    assert "the weakest is “Engage with insights” (5.00 / 25)" in bob.text
    assert "the industry average is 12.25" in bob.text
    assert "does not reach LinkedIn's All-Star level yet; missing:" in bob.text
    assert "LinkedIn reported no SSI for Cat Estimate" in cat.text
    assert "No profile snapshot was recorded" in cat.text
    # Bob's priorities are the criteria with the most points at stake, biggest first.
    items = [li.text for li in bob.find("ol", **{"class": "actions"}).children]
    points = [float(t.split("up to ")[1].split(" points")[0]) for t in items]
    assert points == sorted(points, reverse=True) and len(points) == 6
    assert "Comments" in items[0] or "Followers" in items[0] or "Searches" in items[0]


def test_scores_json_has_estimate_and_completeness(contrast_site):
    members = {m["id"]: m for m in json.loads(
        (contrast_site / "data" / "scores.json").read_text(encoding="utf-8"))["members"]}
    assert members["ann"]["completeness_pct"] == 100
    assert members["bob"]["completeness_pct"] == 0
    assert members["cat"]["completeness_pct"] is None     # activity only: no profile audit
    assert members["cat"]["source"] == "estimated"
    assert members["cat"]["score"] == pytest.approx(members["cat"]["estimated"]["total"])
    assert members["cat"]["date"] == "2026-03-20"
    assert members["ann"]["estimated"]["total"] > members["bob"]["estimated"]["total"]


def test_calibration_on_known_values(tmp_path):
    scores = ssigen.score(make_folder(tmp_path, {"notes/bob.md": None}, base=CONTRAST))
    fits = {f.pillar: f for f in calibration(scores.members)}
    ann, bob = scores.by_id["ann"], scores.by_id["bob"]
    expected = (abs(ann.estimated.pillars["brand"] - 22) + abs(bob.estimated.pillars["brand"] - 11)) / 2
    assert fits["brand"].n == 2
    assert fits["brand"].mean_abs_diff == pytest.approx(expected)
    assert fits["brand"].correlation is None      # fewer than 3 pairs: undefined


def test_every_check_has_a_label_and_advice():
    assert len({c.id for c in CHECKS}) == len(CHECKS) == 15
    assert sum(c.all_star for c in CHECKS) == 7
    assert all(c.label and c.advice for c in CHECKS)


def test_written_audit_without_score():
    from ssigen.scoring.figures import MemberScore
    ms = MemberScore(member=MEMBER, date=None, score=None, source=None, pillars=None,
                     reported=None, estimated=None, band=None, rank=None, top_pct=None,
                     completeness_pct=None, attributed_revenue=0, deals_won=0)
    text = write_audit(ms, None, 0, gettext.NullTranslations(), "en")
    assert text.paragraphs == ["Ann has no SSI snapshot and no profile or activity data yet, "
                               "so there is nothing to audit."]
    assert text.actions == [] and text.strengths == []
