"""A training cohort's page: before and after, per member and per pillar."""
from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..analysis.cohorts import CohortMember, CohortResult
from ..model import PILLARS, Band, Cohort
from ..scoring.audit import CHECKS
from .base import Cell, Chart, Column, MemberLink, Row, Table
from .labels import Labels
from .survey import SurveyView, survey_view


@dataclass(frozen=True)
class CohortView:
    """What a cohort's page shows."""

    result: CohortResult
    cohort: Cohort
    check_labels: dict[str, str]
    charts: dict[str, Chart | None]
    bands: list[Band]
    note: str | None
    crossed_table: Table
    attendance_table: Table | None
    member_table: Table
    goal_table: Table | None
    goal_counts: list[tuple[str, str, int]] | None   # (status, its name, count)
    survey: SurveyView | None = None


def cohort_view(labels: Labels, result: CohortResult, bands: tuple[Band, ...],
                note: str | None) -> CohortView:
    _ = labels.gettext
    thresholds = [b for b in bands if b.min > 0]
    check_labels = {c.id: _(c.label) for c in CHECKS}
    survey = survey_view(labels, result.survey) if result.survey else None
    return CohortView(
        result=result,
        cohort=result.cohort,
        check_labels=check_labels,
        charts={"dumbbell": dumbbell_chart(labels, result, thresholds) if result.complete
                else None,
                "deltas": delta_chart(labels, result) if result.complete else None,
                **(survey.charts if survey else {})},
        bands=thresholds,
        note=note,
        crossed_table=crossed_table(labels, result, thresholds),
        attendance_table=attendance_table(labels, result) if result.attendance_groups
        else None,
        member_table=member_table(labels, result, check_labels),
        goal_table=goal_table(labels, result) if result.goals else None,
        goal_counts=[(status, goal_status_names(labels)[status], count)
                     for status, count in result.goals.items()] if result.goals else None,
        survey=survey,
    )


def goal_status_names(labels: Labels) -> dict[str, str]:
    _ = labels.gettext
    return {"reached": _("reached"), "on_track": _("on track"), "at_risk": _("at risk"),
            "missed": _("missed"), "no_data": _("no data")}


def goal_table(labels: Labels, result: CohortResult) -> Table:
    """Each member's goal: target, due date, where they started and stand, the projection
    of their last eight weeks, and the status."""
    _ = labels.gettext
    names = goal_status_names(labels)
    columns = (Column(_("Member"), "member"), Column(_("Target"), "goal_target", align="num"),
               Column(_("Due"), "date"), Column(_("Baseline"), "num", align="num"),
               Column(_("Current"), "num", align="num"),
               Column(_("Progress"), "pct", align="num"),
               Column(_("Projected at the due date"), "num", align="num"),
               Column(_("Status"), "goal_status"))
    rows = [Row((MemberLink(m.member.id, m.member.name), m.goal, m.goal.due, m.goal.baseline,
                 m.goal.current, m.goal.progress_pct, m.goal.projected,
                 (m.goal.status, names[m.goal.status])), f"goal-{m.goal.status}")
            for m in result.members if m.goal is not None]
    return Table(columns, tuple(rows), css="goals", caption=_("Goals"))


def dumbbell_chart(labels: Labels, result: CohortResult, thresholds: list[Band]) -> Chart:
    _ = labels.gettext
    before_label, after_label = _("Before"), _("After")
    pairs, points = [], []
    for m in result.complete:
        before, after = m.before.values["total"], m.after.values["total"]
        colour = charts.PALETTE["primary" if after >= before else "fall"]
        pairs.append({"name": m.member.name, "before": round(before, 4),
                      "after": round(after, 4), "color": colour})
        points.append({"name": m.member.name, "value": round(before, 4),
                       "moment": before_label, "color": charts.PALETTE["before"],
                       "shape": "circle"})
        points.append({"name": m.member.name, "value": round(after, 4),
                       "moment": after_label, "color": colour, "shape": "diamond"})
    return Chart(
        id="chart-dumbbell",
        title=_("SSI before and after, member by member"),
        spec=charts.dumbbell_spec(_("SSI (out of 100)")),
        datasets=dict(pairs=pairs, points=points,
                      thresholds=[{"min": b.min} for b in thresholds]),
        headers=(_("Member"), before_label, after_label, _("Change")),
        rows=tuple((m.member.name, m.before.values["total"], m.after.values["total"],
                    m.delta["total"]) for m in result.complete),
        legend=((before_label, charts.PALETTE["before"], "●"),
                (after_label, charts.PALETTE["primary"], "◆")),
        description=_("Dashed lines mark the band thresholds; a red line is a fall."),
    )


def delta_chart(labels: Labels, result: CohortResult) -> Chart:
    _ = labels.gettext
    names = {"total": _("Total SSI"), **labels.pillar_short}
    data = [{"label": names[f], "value": round(v, 4),
             "color": charts.PALETTE["primary" if v >= 0 else "fall"]}
            for f, v in result.mean_delta.items() if v is not None]
    return Chart(
        id="chart-deltas",
        title=_("Mean change per pillar"),
        spec=charts.delta_bars_spec(_("Points gained (mean over complete members)")),
        datasets=dict(deltas=data, zero=[{"x": 0}]),
        headers=(_("Figure"), _("Mean change")),
        rows=tuple((names[f], v) for f, v in result.mean_delta.items()),
    )


def crossed_table(labels: Labels, result: CohortResult, thresholds: list[Band]) -> Table:
    _ = labels.gettext
    columns = (Column(_("Band"), "tr"), Column(_("Threshold"), "exact", align="num"),
               Column(_("Members who crossed it"), align="num"))
    return Table(columns, tuple((b.label, b.min, result.crossed[b.min]) for b in thresholds))


def attendance_table(labels: Labels, result: CohortResult) -> Table:
    _ = labels.gettext
    names = {"full": _("Attended every session"), "most": _("Attended half or more"),
             "less": _("Attended less than half"), "unknown": _("Attendance not recorded")}
    columns = (Column(_("Attendance")), Column(_("Members"), align="num"),
               Column(_("Mean change of the SSI"), "tagged_signed", align="num"))
    return Table(columns, tuple(
        (names[g.level], g.n, (g.mean_delta, _("small group") if g.small else ""))
        for g in result.attendance_groups))


def member_table(labels: Labels, result: CohortResult, check_labels: dict[str, str]) -> Table:
    """Every member of the cohort; an incomplete one spans the change columns with a note."""
    _ = labels.gettext
    columns = (
        Column(_("Member"), "member"),
        Column(_("Sessions"), "attended", align="num"),
        Column(_("Coaching"), align="num"),
        Column(_("Before"), "snapshot_total", align="num"),
        Column(_("After"), "snapshot_total", align="num"),
        Column(_("Change"), "strong_signed", align="num"),
        *(Column(labels.pillar_short[p], "signed", align="num") for p in PILLARS),
        Column(_("Profile fixes"), "labels"),
    )
    return Table(columns, tuple(_member_row(labels, result, m, check_labels)
                                for m in result.members), css="cohort-members")


def _member_row(labels: Labels, result: CohortResult, m: CohortMember,
                check_labels: dict[str, str]) -> tuple:
    if m.delta:
        changes = (m.delta["total"], *(m.delta[p] for p in PILLARS))
    else:
        changes = (Cell(labels.gettext("incomplete: left out of the averages"), "muted",
                        colspan=1 + len(PILLARS)),)
    return (MemberLink(m.member.id, m.member.name), (m.attended, result.cohort.sessions),
            m.coaching, m.before, m.after, *changes, [check_labels[i] for i in m.fixed])
