"""The team page (index.html): key figures, bands, pillars, ranking, teams, training, gaps."""
from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..analysis import Analyses
from ..analysis.cohorts import CohortResult
from ..analysis.deals import DealsSummary
from ..model import PILLARS
from ..scoring import MemberScore, Scores
from ..scoring.audit import Gap
from ..scoring.figures import GroupSummary
from .base import Chart, Column, Link, MemberLink, Table, cohort_path
from .labels import Labels
from .pillars import PillarRow, group_chart, pillar_rows


@dataclass(frozen=True)
class TeamView:
    """What the team page shows."""

    members: list[MemberScore]
    overall: GroupSummary
    teams: list[GroupSummary]
    band_counts: list
    pillar_rows: list[PillarRow]
    charts: dict[str, Chart]
    gaps: list[Gap]
    audited: int
    cohorts: list[CohortResult]
    deals: DealsSummary | None
    note: str | None
    ranking: Table
    team_table: Table
    cohort_table: Table
    goal_summary: dict[str, int] | None   # reached, at_risk, total over every cohort
    gap_table: Table


def team_view(labels: Labels, scores: Scores, analyses: Analyses, note: str | None) -> TeamView:
    overall = scores.overall
    rows = pillar_rows(labels, overall, None)
    return TeamView(
        members=scores.members,
        overall=overall,
        teams=scores.teams,
        band_counts=scores.band_counts,
        pillar_rows=rows,
        charts={"bands": band_chart(labels, scores), "groups": group_chart(labels, overall)},
        gaps=analyses.gaps,
        audited=sum(1 for m in scores.members if m.audit is not None),
        cohorts=analyses.cohorts,
        deals=analyses.deals if analyses.has_deals else None,
        note=note,
        ranking=ranking_table(labels, scores.members, rows),
        team_table=team_table(labels, scores.teams),
        cohort_table=cohort_table(labels, analyses.cohorts),
        goal_summary=goal_summary(analyses.cohorts),
        gap_table=gap_table(labels, analyses.gaps),
    )


def band_chart(labels: Labels, scores: Scores) -> Chart:
    _ = labels.gettext
    band_rows = tuple((_(band.label), count) for band, count in scores.band_counts)
    return Chart(
        id="chart-bands",
        title=_("Members per band"),
        spec=charts.band_counts_spec(_("Members")),
        datasets={"bands": [{"label": label, "count": count, "order": i}
                            for i, (label, count) in enumerate(band_rows)]},
        headers=(_("Band"), _("Members")),
        rows=band_rows,
    )


def ranking_table(labels: Labels, members: list[MemberScore], rows: list[PillarRow]) -> Table:
    _ = labels.gettext
    columns = (
        Column(_("Rank"), align="num"),
        Column(_("Member"), "member"),
        Column(_("Team")),
        Column(_("SSI"), "score", align="num", css="num score"),
        Column(_("Band"), "band"),
        Column(_("Profile"), "pct", align="num"),
        *(Column(labels.pillar_short[row.key], "num", align="num", abbr=row.name)
          for row in rows),
    )
    return Table(columns, tuple(
        (ms.rank, MemberLink(ms.id, ms.member.name, ms.member.title or ""),
         ms.member.team or None, ms, ms.band, ms.completeness_pct,
         *((ms.pillars[p] if ms.pillars else None) for p in PILLARS))
        for ms in members), css="ranking", caption=_("Members ranked by SSI"), row_header=1)


def team_table(labels: Labels, teams: list[GroupSummary]) -> Table:
    _ = labels.gettext
    columns = (
        Column(_("Team")),
        Column(_("Members"), align="num"),
        Column(_("Average SSI"), "num", align="num"),
        *(Column(labels.pillar_short[p], "num", align="num") for p in PILLARS),
        Column(_("Industry average"), "num", align="num"),
        Column(_("Network average"), "num", align="num"),
    )
    return Table(columns, tuple(
        (team.name or _("No team"), team.size, team.score,
         *(team.pillars[p] for p in PILLARS), team.industry_ssi, team.network_ssi)
        for team in teams))


def goal_summary(cohorts: list[CohortResult]) -> dict[str, int] | None:
    """How many goals, over every cohort, are reached and at risk (None: no goal set)."""
    counts = [r.goals for r in cohorts if r.goals]
    if not counts:
        return None
    return {"reached": sum(c["reached"] for c in counts),
            "at_risk": sum(c["at_risk"] for c in counts),
            "total": sum(sum(c.values()) for c in counts)}


def cohort_table(labels: Labels, cohorts: list[CohortResult]) -> Table:
    _ = labels.gettext
    columns = (
        Column(_("Cohort"), "link"),
        Column(_("Programme"), "period"),
        Column(_("Members compared"), "fraction", align="num"),
        Column(_("Mean change of the SSI"), "signed", align="num"),
        Column(_("Improved"), align="num"),
    )
    return Table(columns, tuple(
        (Link(cohort_path(r.cohort.id), r.cohort.name), (r.cohort.start, r.cohort.end),
         (len(r.complete), len(r.members)), r.mean_delta["total"], r.improved)
        for r in cohorts))


def gap_table(labels: Labels, gaps: list[Gap]) -> Table:
    _ = labels.gettext
    columns = (
        Column(_("Check"), "tr"),
        Column(_("Failing"), "fraction", align="num"),
        Column(_("Share"), "pct", align="num"),
        Column(_("Share"), "meter", hidden=True, css="bar-cell"),
    )
    return Table(columns, tuple(
        (gap.check.label, (gap.failing, gap.with_data), gap.share_pct, gap.share_pct)
        for gap in gaps), css="gaps")
