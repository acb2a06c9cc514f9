"""The profile-completeness audit: LinkedIn's All-Star criteria plus a consultant's checks.

Each check passes, fails, or has no data (the field was never recorded). The
completeness percentage counts only checks that had data, so a missing export does
not read as a weak profile.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ..i18n import N_
from ..model import Content, Member, Origin, Snapshot

HEADLINE_MIN = 40
ABOUT_MIN = 300

Test = Callable[[dict, dict, Member], "bool | None"]


@dataclass(frozen=True)
class Check:
    id: str
    label: str
    all_star: bool
    advice: str
    test: Test
    fields: tuple[str, ...] = ()   # what it reads: profile.photo, activity.connections…


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool | None
    origin: Origin | None = None   # where the facts it read came from

    @property
    def status(self) -> str:
        return "no_data" if self.passed is None else ("pass" if self.passed else "fail")


@dataclass(frozen=True)
class ProfileAudit:
    date: dt.date | None
    results: tuple[CheckResult, ...]

    @property
    def with_data(self) -> list[CheckResult]:
        return [r for r in self.results if r.passed is not None]

    @property
    def passed(self) -> list[CheckResult]:
        return [r for r in self.results if r.passed]

    @property
    def failed(self) -> list[CheckResult]:
        return [r for r in self.results if r.passed is False]

    @property
    def completeness_pct(self) -> float | None:
        """Passed checks / checks that had data × 100."""
        checked = self.with_data
        return 100 * len(self.passed) / len(checked) if checked else None

    @property
    def all_star(self) -> bool | None:
        """True when every All-Star criterion passes; None when one of them has no data."""
        star = [r for r in self.results if r.check.all_star]
        if any(r.passed is False for r in star):
            return False
        if any(r.passed is None for r in star):
            return None
        return True


def _flag(name: str) -> Test:
    return lambda profile, activity, member: _bool(profile.get(name))


def _at_least(section: str, name: str, minimum: int) -> Test:
    def test(profile, activity, member):
        value = (profile if section == "profile" else activity).get(name)
        return None if value is None else value >= minimum
    return test


def _bool(value) -> bool | None:
    return None if value is None else bool(value)


def _industry_and_location(profile, activity, member) -> bool | None:
    values = [profile.get("industry"), profile.get("location")]
    if all(v is None for v in values):
        return None
    return all(bool(v) for v in values)


def _position_described(profile, activity, member) -> bool | None:
    position = profile.get("current_position")
    if position is None:
        return None
    if isinstance(position, dict):
        return bool(position.get("description", "").strip())
    return bool(position)


def _text_at_least(name: str, minimum: int) -> Test:
    def test(profile, activity, member):
        value = profile.get(name)
        return None if value is None else len(value.strip()) >= minimum
    return test


def _headline_says_more(profile, activity, member) -> bool | None:
    """More than a job title: long enough, and not just the member's or the position's title."""
    headline = profile.get("headline")
    if headline is None:
        return None
    text = headline.strip().casefold()
    position = profile.get("current_position")
    titles = {(member.title or "").strip().casefold()}
    if isinstance(position, dict):
        titles.add(position.get("title", "").strip().casefold())
    return len(text) >= HEADLINE_MIN and text not in titles


CHECKS: tuple[Check, ...] = (
    Check("industry_location", N_("Industry and location"), True,
          N_("Fill in the industry and the location so buyers and LinkedIn search find you."),
          _industry_and_location,
          fields=("profile.industry", "profile.location")),
    Check("current_position", N_("Current position with a description"), True,
          N_("Describe the current position: who you help and with what results."),
          _position_described,
          fields=("profile.current_position",)),
    Check("past_positions", N_("At least two past positions"), True,
          N_("Add at least two past positions to show your track record."),
          _at_least("profile", "past_positions", 2),
          fields=("profile.past_positions",)),
    Check("education", N_("Education"), True,
          N_("Add your education."), _at_least("profile", "education", 1),
          fields=("profile.education",)),
    Check("skills_3", N_("At least 3 skills"), True,
          N_("List at least three skills."), _at_least("profile", "skills", 3),
          fields=("profile.skills",)),
    Check("photo", N_("Profile photo"), True,
          N_("Add a professional photo."), _flag("photo"),
          fields=("profile.photo",)),
    Check("connections_50", N_("At least 50 connections"), True,
          N_("Connect with at least 50 colleagues, clients and partners."),
          _at_least("activity", "connections", 50),
          fields=("activity.connections",)),
    Check("headline", N_("Headline says more than a job title"), False,
          N_("Rewrite the headline around the value you bring, not only the job title."),
          _headline_says_more,
          fields=("profile.headline",)),
    Check("about", N_("About section of real length"), False,
          N_("Write an About section of at least a few paragraphs."),
          _text_at_least("about", ABOUT_MIN),
          fields=("profile.about",)),
    Check("banner", N_("Background banner"), False,
          N_("Replace the default background with a banner about your offer."), _flag("banner"),
          fields=("profile.banner",)),
    Check("custom_url", N_("Custom profile URL"), False,
          N_("Set a custom profile URL with your name."), _flag("custom_url"),
          fields=("profile.custom_url",)),
    Check("featured", N_("Featured items"), False,
          N_("Feature a case study, an article or a presentation."),
          _at_least("profile", "featured", 1),
          fields=("profile.featured",)),
    Check("recommendations", N_("At least 2 recommendations"), False,
          N_("Ask two satisfied clients or colleagues for a recommendation."),
          _at_least("profile", "recommendations", 2),
          fields=("profile.recommendations",)),
    Check("contact_info", N_("Contact information"), False,
          N_("Add contact information (e-mail, phone or website)."), _flag("contact_info"),
          fields=("profile.contact_info",)),
    Check("skills_10", N_("At least 10 skills"), False,
          N_("List ten or more skills your buyers look for."),
          _at_least("profile", "skills", 10),
          fields=("profile.skills",)),
)


def audit_profile(member: Member, profile: dict | None, activity: dict | None,
                  date: dt.date | None = None, snapshots: tuple[Snapshot | None, ...] = ()
                  ) -> ProfileAudit | None:
    """Every check on the given profile and activity; None when there is neither. The
    `snapshots` they come from say where each check's facts were read."""
    if profile is None and activity is None:
        return None
    profile, activity = profile or {}, activity or {}
    results = []
    for check in CHECKS:
        passed = check.test(profile, activity, member)
        origin = None if passed is None else _origin(check, snapshots)
        results.append(CheckResult(check, passed, origin))
    return ProfileAudit(date, tuple(results))


def _origin(check: Check, snapshots: tuple[Snapshot | None, ...]) -> Origin | None:
    """Where the first fact the check read with a value came from."""
    for path in check.fields:
        section, _, name = path.partition(".")
        for snap in snapshots:
            if snap is not None and (getattr(snap, section) or {}).get(name) is not None:
                return snap.origin_of(path)
    return None


def audit_member(content: Content, member_id: str) -> ProfileAudit | None:
    """The audit of the member's latest profile (and latest activity, for connections);
    None without a profile snapshot: a connection count alone is no profile audit."""
    profile = content.latest(member_id, "profile")
    if profile is None:
        return None
    activity = content.latest(member_id, "activity")
    return audit_profile(content.members[member_id], profile.profile,
                         activity and activity.activity, profile.date, (profile, activity))


@dataclass(frozen=True)
class Gap:
    """How many members fail one check, over those with data."""

    check: Check
    failing: int
    with_data: int

    @property
    def share_pct(self) -> float:
        return 100 * self.failing / self.with_data if self.with_data else 0.0


def common_gaps(audits: list[ProfileAudit]) -> list[Gap]:
    """The team's gaps, most common first (checks nobody fails are left out)."""
    gaps = []
    for index, check in enumerate(CHECKS):
        results = [a.results[index] for a in audits]
        with_data = [r for r in results if r.passed is not None]
        failing = sum(1 for r in with_data if r.passed is False)
        if failing:
            gaps.append(Gap(check, failing, len(with_data)))
    return sorted(gaps, key=lambda g: (-g.share_pct, -g.failing, CHECKS.index(g.check)))
