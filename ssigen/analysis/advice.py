"""The written audit: what a consultant would say about one person's figures.

Pure functions from the member's score, estimate and profile audit to sentences
and a prioritised list; the words go through gettext and the numbers through the
locale's formats, so the text reads naturally in the report's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from .. import formats
from ..i18n import PILLAR_NAMES
from ..model import PILLARS
from ..scoring.figures import GroupSummary, MemberScore

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


def write_audit(ms: MemberScore, team: GroupSummary | None, scored: int,
                translations, locale: str) -> WrittenAudit:
    _ = translations.gettext
    ngettext = translations.ngettext

    def num(value: float) -> str:
        return formats.number(value, 2, locale)

    pillar_name = {p: _(PILLAR_NAMES[p]) for p in PILLARS}
    name = ms.member.name
    text = WrittenAudit()

    if ms.score is None:
        text.paragraphs.append(_("%(name)s has no SSI snapshot and no profile or activity "
                                 "data yet, so there is nothing to audit.") % {"name": name})
        return text

    band = _(ms.band.label) if ms.band else "–"
    if ms.source == "reported":
        first = _("%(name)s's SSI is %(score)s out of 100 (%(band)s), rank %(rank)s of "
                  "%(count)s in this report.") % {"name": name, "score": num(ms.score),
                                                   "band": band, "rank": ms.rank,
                                                   "count": scored}
        if ms.estimated is not None:
            diff = ms.estimated.total - ms.score
            first += " " + _("From the profile and activity, the rubric estimates "
                             "%(estimate)s (%(diff)s points).") % {
                "estimate": num(ms.estimated.total),
                "diff": formats.signed(diff, 2, locale)}
    else:
        first = _("LinkedIn reported no SSI for %(name)s; from the profile and activity, "
                  "the rubric estimates %(score)s out of 100 (%(band)s), rank %(rank)s of "
                  "%(count)s.") % {"name": name, "score": num(ms.score), "band": band,
                                   "rank": ms.rank, "count": scored}
    if team is not None and team.score is not None and team.scored > 1:
        gap = ms.score - team.score
        first += " " + (_("That is %(gap)s points above the team average of %(avg)s.")
                        if gap >= 0 else
                        _("That is %(gap)s points below the team average of %(avg)s.")) % {
            "gap": num(abs(gap)), "avg": num(team.score)}
    moved = trend(ms)
    if moved is not None:
        since, before, change = moved
        weeks = max(1, round((ms.history[-1][0] - since).days / 7))
        if abs(change) < 1:
            first += " " + _("Over the last %(weeks)s weeks it has stayed stable "
                             "(%(change)s points).") % {
                "weeks": weeks, "change": formats.signed(change, 2, locale)}
        else:
            first += " " + (_("Over the last %(weeks)s weeks it rose by %(change)s points "
                              "(from %(before)s).") if change > 0 else
                            _("Over the last %(weeks)s weeks it fell by %(change)s points "
                              "(from %(before)s).")) % {
                "weeks": weeks, "change": num(abs(change)), "before": num(before)}
    text.paragraphs.append(first)

    pillars = ms.pillars
    strongest = max(PILLARS, key=lambda p: pillars[p])
    weakest = min(PILLARS, key=lambda p: pillars[p])
    second = _("The strongest pillar is “%(strong)s” (%(strong_value)s / 25); the weakest is "
               "“%(weak)s” (%(weak_value)s / 25).") % {
        "strong": pillar_name[strongest], "strong_value": num(pillars[strongest]),
        "weak": pillar_name[weakest], "weak_value": num(pillars[weakest])}
    comparisons = []
    if team is not None and team.pillars[weakest] is not None and team.scored > 1:
        comparisons.append(_("the team average is %(value)s") % {"value": num(team.pillars[weakest])})
    industry = ms.reported.industry_pillars.get(weakest) if ms.reported else None
    if industry is not None:
        comparisons.append(_("the industry average is %(value)s") % {"value": num(industry)})
    if comparisons:
        second += " " + _("On that pillar, %(comparisons)s.") % {
            "comparisons": _(", and ").join(comparisons)}
    text.paragraphs.append(second)

    audit = ms.audit
    if audit is None or not audit.with_data:
        text.paragraphs.append(_("No profile snapshot was recorded, so the profile could not "
                                 "be audited."))
    else:
        third = _("The profile passes %(passed)s of %(checked)s checks (%(pct)s).") % {
            "passed": len(audit.passed), "checked": len(audit.with_data),
            "pct": formats.percent(audit.completeness_pct, 0, locale)}
        missing_star = [_(r.check.label) for r in audit.results
                        if r.check.all_star and r.passed is False]
        if audit.all_star:
            third += " " + _("It meets LinkedIn's All-Star criteria.")
        elif missing_star:
            third += " " + _("It does not reach LinkedIn's All-Star level yet; missing: "
                             "%(items)s.") % {"items": ", ".join(missing_star)}
        text.paragraphs.append(third)

    if team is not None and team.scored > 1:
        for pillar in PILLARS:
            if team.pillars[pillar] is not None and pillars[pillar] - team.pillars[pillar] >= 1:
                text.strengths.append(_("“%(pillar)s” is %(gap)s points above the team "
                                        "average.") % {
                    "pillar": pillar_name[pillar],
                    "gap": num(pillars[pillar] - team.pillars[pillar])})
    if audit is not None and audit.all_star:
        text.strengths.append(_("An All-Star profile by LinkedIn's criteria."))
    if ms.estimated is not None:
        full = sorted((r for r in ms.estimated.criteria if r.status == "full"),
                      key=lambda r: -r.criterion.points)
        for result in full[:3]:
            points = result.criterion.points
            text.strengths.append(ngettext("Full marks on “%(criterion)s” (%(points)s point).",
                                           "Full marks on “%(criterion)s” (%(points)s points).",
                                           int(points) if points == int(points) else 2) % {
                "criterion": _(result.criterion.label),
                "points": formats.number(points, 0 if points == int(points) else 2, locale)})
        open_criteria = sorted((r for r in ms.estimated.criteria
                                if r.has_data and r.missing > 0.05),
                               key=lambda r: (-r.missing, r.criterion.id))
        for result in open_criteria[:MAX_ACTIONS]:
            criterion = result.criterion
            text.actions.append(Action(_(criterion.label),
                                       _(criterion.advice) if criterion.advice else "",
                                       pillar_name[criterion.pillar], result.missing))
        text.no_data = [_(r.criterion.label) for r in ms.estimated.criteria if not r.has_data]
    if audit is not None:
        for result in audit.failed:
            text.quick_fixes.append(Action(_(result.check.label), _(result.check.advice),
                                           None, None))
    return text
