"""Profile audit, written audit, calibration and notes, on small hand-checked folders."""
from __future__ import annotations

import gettext
import json

import pytest

import ssigen
from ssigen.analysis.advice import write_audit
from ssigen.scoring.audit import CHECKS, audit_profile, common_gaps
from ssigen.model import Member
from ssigen.scoring.calibration import calibration
from ssigen.render.notes import render_markdown

from .conftest import write_folder
from .htmlparse import parse

STRONG_PROFILE = {
    "photo": True, "banner": True, "custom_url": True, "contact_info": True, "location": True,
    "industry": True, "headline": "I help plant managers cut unplanned downtime with predictive "
    "maintenance", "about": "x" * 350,
    "current_position": {"title": "Account Manager", "description": "Industrial accounts"},
    "past_positions": 3, "education": 1, "skills": 25, "endorsements": 80,
    "recommendations": 4, "featured": 2,
}
WEAK_PROFILE = {
    "photo": False, "banner": False, "custom_url": False, "location": True, "industry": False,
    "headline": "Account Manager", "about": "",
    "current_position": {"title": "Account Manager", "description": ""},
    "past_positions": 1, "education": 0, "skills": 2, "recommendations": 0, "featured": 0,
}
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


CONTRAST = {
    "ssigen.yml": "title: T\nas_of: 2026-03-27\n",
    "members.csv": """
        id,name,title,team
        ann,Ann Active,Account Manager,Sales
        bob,Bob Quiet,Account Manager,Sales
        cat,Cat Estimate,Account Manager,Sales
    """,
    "snapshots/ssi.csv": """
        member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships,ssi.industry_insights
        ann,2025-12-26,15,15,15,15,
        ann,2026-03-27,22,21,20.5,22,
        bob,2025-12-26,12,12,6,11,
        bob,2026-03-27,11,11.5,5,10.5,12.25
    """,
    "snapshots/profiles.yml": f"""
        - member: ann
          date: 2026-03-27
          profile: {json.dumps(STRONG_PROFILE)}
          activity: {{connections: 1500, posts: 12, comments: 60, searches: 150, active_days: 22}}
        - member: bob
          date: 2026-03-27
          profile: {json.dumps(WEAK_PROFILE)}
          activity: {{connections: 40, posts: 0, comments: 1, searches: 5, active_days: 3}}
        - member: cat
          date: 2026-03-20
          activity: {{connections: 300, posts: 2}}
    """,
}


@pytest.fixture
def contrast_site(tmp_path):
    content = write_folder(tmp_path / "content", {
        **CONTRAST,
        "notes/bob.md": "Coaching **planned**.\n\n<script>alert(1)</script>\n\n"
                        "[x](javascript:alert(2)) <a href='#' onclick='alert(3)'>y</a>",
    })
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


def test_notes_cannot_inject_script(contrast_site):
    bob = parse(contrast_site / "people" / "bob.html")
    note = [s for s in bob.find_all("section") if "note" in (s.attrs.get("class") or "")][0]
    tags = {c.tag for c in note.children} | {g.tag for c in note.children for g in c.children}
    assert "script" not in tags
    assert "Coaching planned." in " ".join(note.text.split())
    for element in bob.elements:
        assert not any(a.startswith("on") for a in element.attrs)
        assert not (element.attrs.get("href") or "").lower().startswith("javascript:")


@pytest.mark.parametrize("markdown, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("[a](javascript:alert(1))", "javascript:"),
    ("<a href=\"JaVaScRiPt:alert(1)\">a</a>", "javascript:"),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ("<div style=\"background:url(x)\" onmouseover=\"x()\">a</div>", "onmouseover"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
])
def test_render_markdown_sanitises(markdown, forbidden):
    assert forbidden not in render_markdown(markdown).lower()


def test_render_markdown_keeps_formatting():
    html = render_markdown("# Title\n\n**bold** and [link](https://example.org)\n\n- item")
    assert "<h3>Title</h3>" in html and "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and "<li>item</li>" in html


def test_calibration_on_known_values(tmp_path):
    scores = ssigen.score(write_folder(tmp_path, CONTRAST))
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
