"""The written audit: what a consultant would say about one person's figures.

Pure functions from the member's score, estimate and profile audit to sentences
and a prioritised list; the words go through gettext and the numbers through the
locale's formats, so the text reads naturally in the report's language.

`write_audit` comes first and names the parts in the order the reader meets them;
each part follows in that order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from .. import formats
from ..i18n import PILLAR_NAMES
from ..model import PILLARS
from ..scoring.figures import GroupSummary, MemberScore

if TYPE_CHECKING:
    from ..scoring.audit import ProfileAudit
    from ..scoring.rubric import Estimate

TREND_MIN_DAYS = 28
MAX_ACTIONS = 6


@dataclass(frozen=True)
class Action:
    label: str
    advice: str
    pillar: str | None
    points: float | None


@dataclass
class WrittenAudit:
    paragraphs: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    quick_fixes: list[Action] = field(default_factory=list)
    no_data: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Words:
    """The report's language, handed to every part so that all of them say numbers alike."""
    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]
    locale: str

    def num(self, value: float) -> str:
        return formats.number(value, 2, self.locale)

    def signed(self, value: float) -> str:
        return formats.signed(value, 2, self.locale)

    def pillar(self, pillar: str) -> str:
        return self.gettext(PILLAR_NAMES[pillar])


def write_audit(ms: MemberScore, team: GroupSummary | None, scored: int,
                translations, locale: str) -> WrittenAudit:
    """Three paragraphs (the gist, the pillars, the profile), then the lists a reader acts on."""
    _ = translations.gettext
    words = _Words(translations.gettext, translations.ngettext, locale)
    if ms.score is None:
        return WrittenAudit(paragraphs=[
            _("%(name)s has no SSI snapshot and no profile or activity "
              "data yet, so there is nothing to audit.") % {"name": ms.member.name}])
    return WrittenAudit(
        paragraphs=[_opening(ms, team, scored, words),
                    _pillars_paragraph(ms, team, words),
                    _profile_paragraph(ms.audit, words)],
        strengths=_strengths(ms, team, words),
        actions=_actions(ms.estimated, words),
        quick_fixes=_quick_fixes(ms.audit, words),
        no_data=_no_data(ms.estimated, words))


def _compares_with(team: GroupSummary | None) -> bool:
    """A team of one scored member averages to that member: nothing to compare with."""
    return team is not None and team.scored > 1


# --- First paragraph: the score, then how it compares and how it moves ---------------

def _opening(ms: MemberScore, team: GroupSummary | None, scored: int, words: _Words) -> str:
    """The gist in one paragraph; sentences with nothing to say are left out."""
    sentences = (_score_sentence(ms, scored, words), _estimate_sentence(ms, words),
                 _team_gap_sentence(ms, team, words), _trend_sentence(ms, words))
    return " ".join(s for s in sentences if s is not None)


def _score_sentence(ms: MemberScore, scored: int, words: _Words) -> str:
    """Say whose figure it is: LinkedIn's reported SSI, or the rubric's estimate standing in."""
    _ = words.gettext
    values = {"name": ms.member.name, "score": words.num(ms.score),
              "band": _(ms.band.label) if ms.band else "–", "rank": ms.rank, "count": scored}
    if ms.source == "reported":
        return _("%(name)s's SSI is %(score)s out of 100 (%(band)s), rank %(rank)s of "
                 "%(count)s in this report.") % values
    return _("LinkedIn reported no SSI for %(name)s; from the profile and activity, "
             "the rubric estimates %(score)s out of 100 (%(band)s), rank %(rank)s of "
             "%(count)s.") % values


def _estimate_sentence(ms: MemberScore, words: _Words) -> str | None:
    """Beside a reported SSI, the rubric's estimate shows how far the rubric reads it off."""
    if ms.source != "reported" or ms.estimated is None:
        return None
    _ = words.gettext
    return _("From the profile and activity, the rubric estimates "
             "%(estimate)s (%(diff)s points).") % {
        "estimate": words.num(ms.estimated.total),
        "diff": words.signed(ms.estimated.total - ms.score)}


def _team_gap_sentence(ms: MemberScore, team: GroupSummary | None,
                       words: _Words) -> str | None:
    """Above or below the team average, said as a distance rather than a signed number."""
    if not _compares_with(team) or team.score is None:
        return None
    _ = words.gettext
    gap = ms.score - team.score
    message = (_("That is %(gap)s points above the team average of %(avg)s.") if gap >= 0
               else _("That is %(gap)s points below the team average of %(avg)s."))
    return message % {"gap": words.num(abs(gap)), "avg": words.num(team.score)}


def _trend_sentence(ms: MemberScore, words: _Words) -> str | None:
    """Moves under a point are noise, so they read as stable; larger ones rise or fall."""
    moved = trend(ms)
    if moved is None:
        return None
    _ = words.gettext
    since, before, change = moved
    weeks = max(1, round((ms.history[-1][0] - since).days / 7))
    if abs(change) < 1:
        return _("Over the last %(weeks)s weeks it has stayed stable "
                 "(%(change)s points).") % {"weeks": weeks, "change": words.signed(change)}
    message = (_("Over the last %(weeks)s weeks it rose by %(change)s points "
                 "(from %(before)s).") if change > 0 else
               _("Over the last %(weeks)s weeks it fell by %(change)s points "
                 "(from %(before)s)."))
    return message % {"weeks": weeks, "change": words.num(abs(change)),
                      "before": words.num(before)}


def trend(ms: MemberScore, weeks: int = 12):
    """(earlier date, earlier total, change) over about `weeks`, or None with too little history."""
    if len(ms.history) < 2:
        return None
    last_date, last = ms.history[-1]
    window = [(d, s) for d, s in ms.history if (last_date - d).days <= weeks * 7]
    first_date, first = window[0]
    if (last_date - first_date).days < TREND_MIN_DAYS:
        first_date, first = ms.history[0]
        if (last_date - first_date).days < TREND_MIN_DAYS:
            return None
    return first_date, first.sum, last.sum - first.sum


# --- Second paragraph: the pillars ---------------------------------------------------

def _pillars_paragraph(ms: MemberScore, team: GroupSummary | None, words: _Words) -> str:
    """The strongest and weakest pillar, with the weakest set against the averages."""
    _ = words.gettext
    pillars = ms.pillars
    strongest = max(PILLARS, key=lambda p: pillars[p])
    weakest = min(PILLARS, key=lambda p: pillars[p])
    paragraph = _("The strongest pillar is “%(strong)s” (%(strong_value)s / 25); the weakest is "
                  "“%(weak)s” (%(weak_value)s / 25).") % {
        "strong": words.pillar(strongest), "strong_value": words.num(pillars[strongest]),
        "weak": words.pillar(weakest), "weak_value": words.num(pillars[weakest])}
    comparisons = _pillar_averages(ms, team, weakest, words)
    if comparisons:
        paragraph += " " + _("On that pillar, %(comparisons)s.") % {
            "comparisons": _(", and ").join(comparisons)}
    return paragraph


def _pillar_averages(ms: MemberScore, team: GroupSummary | None, pillar: str,
                     words: _Words) -> list[str]:
    """The team's and the industry's average on one pillar, for whichever is known."""
    _ = words.gettext
    comparisons = []
    if _compares_with(team) and team.pillars[pillar] is not None:
        comparisons.append(_("the team average is %(value)s") % {
            "value": words.num(team.pillars[pillar])})
    industry = ms.reported.industry_pillars.get(pillar) if ms.reported else None
    if industry is not None:
        comparisons.append(_("the industry average is %(value)s") % {
            "value": words.num(industry)})
    return comparisons


# --- Third paragraph: the profile ----------------------------------------------------

def _profile_paragraph(audit: ProfileAudit | None, words: _Words) -> str:
    """Checks passed, and what still stands between the profile and LinkedIn's All-Star."""
    _ = words.gettext
    if audit is None or not audit.with_data:
        return _("No profile snapshot was recorded, so the profile could not "
                 "be audited.")
    paragraph = _("The profile passes %(passed)s of %(checked)s checks (%(pct)s).") % {
        "passed": len(audit.passed), "checked": len(audit.with_data),
        "pct": formats.percent(audit.completeness_pct, 0, words.locale)}
    missing_star = [_(r.check.label) for r in audit.results
                    if r.check.all_star and r.passed is False]
    if audit.all_star:
        paragraph += " " + _("It meets LinkedIn's All-Star criteria.")
    elif missing_star:
        paragraph += " " + _("It does not reach LinkedIn's All-Star level yet; missing: "
                             "%(items)s.") % {"items": ", ".join(missing_star)}
    return paragraph


# --- Strengths: what to keep doing ---------------------------------------------------

def _strengths(ms: MemberScore, team: GroupSummary | None, words: _Words) -> list[str]:
    """Pillars ahead of the team, an All-Star profile, then the rubric's full marks."""
    _ = words.gettext
    strengths = _pillars_above_team(ms, team, words)
    if ms.audit is not None and ms.audit.all_star:
        strengths.append(_("An All-Star profile by LinkedIn's criteria."))
    if ms.estimated is not None:
        strengths += _full_marks(ms.estimated, words)
    return strengths


def _pillars_above_team(ms: MemberScore, team: GroupSummary | None,
                        words: _Words) -> list[str]:
    """A lead of under a point over the team average is not worth praising."""
    if not _compares_with(team):
        return []
    _ = words.gettext
    strengths = []
    for pillar in PILLARS:
        average = team.pillars[pillar]
        if average is not None and ms.pillars[pillar] - average >= 1:
            strengths.append(_("“%(pillar)s” is %(gap)s points above the team "
                               "average.") % {
                "pillar": words.pillar(pillar),
                "gap": words.num(ms.pillars[pillar] - average)})
    return strengths


def _full_marks(estimated: Estimate, words: _Words) -> list[str]:
    """The three weightiest criteria at full marks; whole points are written without decimals."""
    _ = words.gettext
    ngettext = words.ngettext
    full = sorted((r for r in estimated.criteria if r.status == "full"),
                  key=lambda r: -r.criterion.points)
    strengths = []
    for result in full[:3]:
        points = result.criterion.points
        whole = points == int(points)
        strengths.append(ngettext("Full marks on “%(criterion)s” (%(points)s point).",
                                  "Full marks on “%(criterion)s” (%(points)s points).",
                                  int(points) if whole else 2) % {
            "criterion": _(result.criterion.label),
            "points": formats.number(points, 0 if whole else 2, words.locale)})
    return strengths


# --- The lists to act on -------------------------------------------------------------

def _actions(estimated: Estimate | None, words: _Words) -> list[Action]:
    """Most points still to win first (ties by id, for a stable order); crumbs are skipped."""
    if estimated is None:
        return []
    _ = words.gettext
    open_criteria = sorted((r for r in estimated.criteria
                            if r.has_data and r.missing > 0.05),
                           key=lambda r: (-r.missing, r.criterion.id))
    return [Action(_(r.criterion.label),
                   _(r.criterion.advice) if r.criterion.advice else "",
                   words.pillar(r.criterion.pillar), r.missing)
            for r in open_criteria[:MAX_ACTIONS]]


def _quick_fixes(audit: ProfileAudit | None, words: _Words) -> list[Action]:
    """Every failed profile check: a small edit, so it carries no pillar and no points."""
    if audit is None:
        return []
    _ = words.gettext
    return [Action(_(r.check.label), _(r.check.advice), None, None) for r in audit.failed]


def _no_data(estimated: Estimate | None, words: _Words) -> list[str]:
    """Criteria without data are listed apart, so a missing signal does not read as a failure."""
    if estimated is None:
        return []
    _ = words.gettext
    return [_(r.criterion.label) for r in estimated.criteria if not r.has_data]
