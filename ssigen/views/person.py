"""A person's page: score, pillars, audit, profile checks, estimate, deals, training, history."""
from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..analysis import Analyses
from ..analysis.advice import WrittenAudit
from ..analysis.cohorts import CohortMember, CohortResult
from ..analysis.deals import DealView
from ..model import PILLARS, Band, Member
from ..scoring import MemberScore, Scores
from ..scoring.figures import GroupSummary
from ..scoring.rubric import CriterionResult
from .base import Chart, Column, Link, MemberLink, Row, Table, cohort_path, spaced_labels
from .deals import deal_table
from .labels import Labels
from .pillars import PillarRow, pillar_chart, pillar_rows


@dataclass(frozen=True)
class EstimateRow:
    """One pillar of the estimate: reported and estimated points, and its criteria."""

    key: str
    name: str
    reported: float | None
    estimated: float
    diff: float | None
    criteria: list[CriterionResult]
    criteria_table: Table


@dataclass(frozen=True)
class Training:
    link: Link
    result: CohortResult
    member: CohortMember


@dataclass(frozen=True)
class PersonView:
    """What a person's page shows."""

    ms: MemberScore
    member: Member
    team: GroupSummary | None
    manager: MemberLink | None
    pillar_rows: list[PillarRow]
    charts: dict[str, Chart | None]
    previous: MemberLink | None
    next: MemberLink | None
    written: WrittenAudit
    estimate_rows: list[EstimateRow]
    trainings: list[Training]
    member_deals: list[DealView]
    pipeline: float
    meetings: int
    flag: str | None
    note: str | None
    pillar_table: Table
    checks_table: Table | None
    estimate_table: Table | None
    deal_table: Table | None


def person_view(labels: Labels, scores: Scores, analyses: Analyses, bands: tuple[Band, ...],
                index: int, note: str | None, member_names: dict[str, str],
                trainings: list[Training]) -> PersonView:
    members = scores.members
    ms = members[index]
    team = scores.team(ms.member.team)
    rows = pillar_rows(labels, team, ms)
    manager = scores.by_id.get(ms.member.manager) if ms.member.manager else None
    deals = analyses.deals
    member_deals = deals.of(ms.id)
    estimate = estimate_rows(labels, ms)
    return PersonView(
        ms=ms, member=ms.member, team=team,
        manager=_link(manager),
        pillar_rows=rows,
        charts={"pillars": pillar_chart(labels, ms, rows) if ms.pillars else None,
                "history": history_chart(labels, ms, bands, _goal_of(trainings, scores.as_of))
                if ms.history else None},
        previous=_link(members[index - 1] if index > 0 else None),
        next=_link(members[index + 1] if index + 1 < len(members) else None),
        written=analyses.audits[ms.id],
        estimate_rows=estimate,
        trainings=trainings,
        member_deals=member_deals,
        pipeline=deals.pipeline_by_member.get(ms.id, 0),
        meetings=deals.meetings_by_member.get(ms.id, 0),
        flag=deals.flag_of.get(ms.id),
        note=note,
        pillar_table=pillar_table(labels, rows),
        checks_table=checks_table(labels, ms) if ms.audit else None,
        estimate_table=estimate_table(labels, ms, estimate) if estimate else None,
        deal_table=deal_table(labels, member_deals, member_names) if member_deals else None,
    )


def trainings_by_member(cohorts: list[CohortResult]) -> dict[str, list[Training]]:
    """Each member's cohorts, in the order of cohorts.yml."""
    found: dict[str, list[Training]] = {}
    for result in cohorts:
        link = Link(cohort_path(result.cohort.id), result.cohort.name)
        for member in result.members:
            found.setdefault(member.member.id, []).append(Training(link, result, member))
    return found


def _goal_of(trainings: list[Training], as_of):
    """The member's goal (of their latest cohort that sets one), with the report's date."""
    goals = [t.member.goal for t in trainings if t.member.goal is not None]
    return (goals[-1], as_of) if goals and as_of else None


def _link(ms: MemberScore | None) -> MemberLink | None:
    return MemberLink(ms.id, ms.member.name) if ms else None


def pillar_table(labels: Labels, rows: list[PillarRow]) -> Table:
    _ = labels.gettext
    columns = (Column(_("Pillar")), Column(_("Points"), "of25", align="num"),
               Column(_("Team average"), "num", align="num"),
               Column(_("Gap to team"), "signed", align="num"))
    return Table(columns, tuple((r.name, r.value, r.team, r.gap) for r in rows))


def checks_table(labels: Labels, ms: MemberScore) -> Table:
    _ = labels.gettext
    columns = (Column(_("Check"), "tr"), Column(_("Result"), "status"),
               Column(_("LinkedIn All-Star criterion"), "yes"),
               Column(_("Source"), "origin", css="small"))
    return Table(columns, tuple((r.check.label, r.status, r.check.all_star, r.origin)
                                for r in ms.audit.results), css="checks")


def estimate_rows(labels: Labels, ms: MemberScore) -> list[EstimateRow]:
    """Per pillar: reported and estimated points, their difference, and the criteria."""
    if ms.estimated is None:
        return []
    rows = []
    for pillar in PILLARS:
        reported = ms.reported.pillars[pillar] if ms.reported else None
        estimated = ms.estimated.pillars[pillar]
        criteria = ms.estimated.of(pillar)
        rows.append(EstimateRow(pillar, labels.pillar_names[pillar], reported, estimated,
                                None if reported is None else estimated - reported, criteria,
                                criteria_table(labels, criteria)))
    return rows


def estimate_table(labels: Labels, ms: MemberScore, rows: list[EstimateRow]) -> Table:
    """Reported beside estimated when LinkedIn reported the pillars, else the estimate."""
    _ = labels.gettext
    total = ms.estimated.total
    if not ms.reported:
        columns = (Column(_("Pillar")), Column(_("Estimated"), "num", align="num"))
        return Table(columns, (*((r.name, r.estimated) for r in rows),
                               Row((_("Total"), total), "total")))
    columns = (Column(_("Pillar")), Column(_("Reported by LinkedIn"), "num", align="num"),
               Column(_("Estimated"), "num", align="num"),
               Column(_("Difference"), "signed", align="num"))
    reported = ms.reported.sum
    return Table(columns, (*((r.name, r.reported, r.estimated, r.diff) for r in rows),
                           Row((_("Total"), reported, total, total - reported), "total")))


def criteria_table(labels: Labels, criteria: list[CriterionResult]) -> Table:
    _ = labels.gettext
    columns = (Column(_("Criterion"), "tr"), Column(_("Value"), "criterion_value"),
               Column(_("Rule"), "rule", css="small"),
               Column(_("Points"), "earned", align="num"), Column(_("Status"), "status"))
    return Table(columns, tuple((r.criterion.label, r, r.criterion, r, r.status)
                                for r in criteria))


def goal_layers(goal) -> dict[str, list[dict]]:
    """The goal on the history chart: its target at the due date, and the projection from
    today's score to that day (none when the trajectory is unknown)."""
    if goal is None:
        return {"goal": [], "projection": []}
    result, as_of = goal
    projection = [] if result.projected is None or result.current is None else [
        {"date": as_of.isoformat(), "total": round(result.current, 4)},
        {"date": result.due.isoformat(), "total": round(result.projected, 4)}]
    return {"goal": [{"date": result.due.isoformat(), "total": result.target}],
            "projection": projection}


BAND_LABEL_GAP = 0.06   # band names closer than this share of the axis would touch


def history_chart(labels: Labels, ms: MemberScore, bands: tuple[Band, ...],
                  goal=None) -> Chart:
    _ = labels.gettext
    history = [{"date": d.isoformat(), "total": round(ssi.sum, 4)} for d, ssi in ms.history]
    thresholds = [{"min": b.min, "label": _(b.label)} for b in bands if b.min > 0]
    highest_first = sorted(thresholds, key=lambda t: -t["min"])
    shown = spaced_labels([t["min"] for t in highest_first], 100, BAND_LABEL_GAP)
    return Chart(
        id="chart-history",
        title=_("SSI over time"),
        spec=charts.history_spec(_("SSI (out of 100)")),
        datasets=dict(history=history, bands=thresholds,
                      band_labels=[t for t, ok in zip(highest_first, shown) if ok],
                      **goal_layers(goal)),
        headers=(_("Date"), _("SSI"), *labels.pillar_short.values()),
        rows=tuple((d, ssi.sum, *ssi.pillar_values) for d, ssi in reversed(ms.history)),
        description=_("Dashed lines mark the bands: %(bands)s.") % {
            "bands": ", ".join(f"{b.min:g} {_(b.label)}" for b in bands if b.min > 0)}
        + ("" if goal is None else " " + _(
            "The diamond is the goal, %(target)s by %(due)s; the thin line projects the last "
            "eight weeks' trend to that day.") % {"target": f"{goal[0].target:g}",
                                                   "due": goal[0].due.isoformat()}),
    )
