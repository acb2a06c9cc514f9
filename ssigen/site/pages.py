"""The page plan: which pages the site has, each with the context its template formats.

Everything a template shows is computed here or earlier; templates only format.
Charts are the cached spec of their kind plus this page's data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from .. import charts
from ..analysis.advice import write_audit
from ..analysis.cohorts import CohortResult
from ..analysis.deals import DealsSummary
from ..audit import ABOUT_MIN, CHECKS, HEADLINE_MIN, common_gaps
from ..errors import ContentError, ContentErrors
from ..i18n import PILLAR_NAMES, PILLAR_SHORT, STAGE_NAMES, STATUS_NAMES
from ..model import PILLARS, Content
from ..scoring import MemberScore, Scores
from ..scoring.calibration import calibration
from ..scoring.figures import GroupSummary
from .notes import NoteError, render_markdown

GROUP_STYLE = {
    "team": (charts.PALETTE["team"], charts.SHAPES["team"], "◆"),
    "industry": (charts.PALETTE["industry"], charts.SHAPES["industry"], "▼"),
    "network": (charts.PALETTE["network"], charts.SHAPES["network"], "■"),
}


@dataclass(frozen=True)
class Chart:
    """A chart ready for a page: the cached spec of its kind, this page's data, and a table
    that says the same in words."""

    id: str
    title: str
    spec: dict
    datasets: dict[str, list[dict]]
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    legend: tuple[tuple[str, str, str], ...] = ()
    description: str = ""

    @property
    def spec_json(self) -> str:
        """The spec with its data, and the title as the drawing's accessible name."""
        return charts.to_script_json({**charts.with_data(self.spec, **self.datasets),
                                      "description": self.title})


@dataclass
class Page:
    path: str
    template: str
    context: dict = field(default_factory=dict)


def member_path(member_id: str) -> str:
    return f"people/{member_id}.html"


def cohort_path(cohort_id: str) -> str:
    return f"cohorts/{cohort_id}.html"


class Planner:
    """Lays out every page of the site from the content and its scores."""

    def __init__(self, content: Content, scores: Scores, translations,
                 cohorts: list[CohortResult] = (), deals: DealsSummary | None = None):
        self.content = content
        self.scores = scores
        self.cohorts = list(cohorts)
        self.deals = deals
        self.trainings: dict[str, list] = {}
        for result in self.cohorts:
            for member in result.members:
                self.trainings.setdefault(member.member.id, []).append((result, member))
        self.flags = {f.member_id: f.kind for f in deals.flags} if deals else {}
        self.translations = translations
        self._ = gettext = translations.gettext
        self.pillar_names = {p: gettext(PILLAR_NAMES[p]) for p in PILLARS}
        self.pillar_short = {p: gettext(PILLAR_SHORT[p]) for p in PILLARS}
        self.stage_names = {k: gettext(v) for k, v in STAGE_NAMES.items()}
        self.status_names = {k: gettext(v) for k, v in STATUS_NAMES.items()}
        self.group_names = {"team": gettext("Team average"),
                            "industry": gettext("Industry average"),
                            "network": gettext("Network average")}

    def pages(self) -> Iterator[Page]:
        """Every page, each made only when it is asked for."""
        yield from self.shared_pages()
        yield from self.person_pages()

    def shared_pages(self) -> Iterator[Page]:
        """The pages that are not about one person."""
        yield self.index_page()
        for result in self.cohorts:
            yield self.cohort_page(result)
        if self.has_deals:
            yield self.deals_page()
        yield self.methodology_page()

    def person_pages(self) -> Iterator[Page]:
        for index, ms in enumerate(self.scores.members):
            yield self.person_page(ms, index)

    def page_count(self) -> int:
        return 2 + len(self.cohorts) + int(self.has_deals) + len(self.scores.members)

    @property
    def has_deals(self) -> bool:
        return self.deals is not None and bool(self.deals.deals)

    def navigation(self) -> list[dict]:
        """Links after "Team" in every page's header."""
        links = []
        if len(self.cohorts) == 1:
            links.append({"path": cohort_path(self.cohorts[0].cohort.id),
                          "label": self._("Training")})
        elif self.cohorts:
            links.append({"path": "index.html#cohorts", "label": self._("Training")})
        if self.has_deals:
            links.append({"path": "deals.html", "label": self._("Business impact")})
        links.append({"path": "methodology.html", "label": self._("Methodology")})
        return links

    @staticmethod
    def note(text: str | None):
        try:
            return render_markdown(text) if text else None
        except NoteError as exc:
            raise ContentErrors([ContentError("notes", None, None, f"a note {exc}")]) from None

    # -- index ---------------------------------------------------------------------------

    def index_page(self) -> Page:
        _ = self._
        scores = self.scores
        overall = scores.overall
        band_rows = tuple((_(band.label), count) for band, count in scores.band_counts)
        band_chart = Chart(
            id="chart-bands",
            title=_("Members per band"),
            spec=charts.band_counts_spec(_("Members")),
            datasets={"bands": [{"label": label, "count": count, "order": i}
                                for i, (label, count) in enumerate(band_rows)]},
            headers=(_("Band"), _("Members")),
            rows=band_rows,
        )
        return Page("index.html", "index.html", {
            "members": scores.members,
            "overall": overall,
            "teams": scores.teams,
            "band_counts": scores.band_counts,
            "pillar_rows": self.pillar_rows(overall, None),
            "charts": {"bands": band_chart, "groups": self.group_chart(overall)},
            "gaps": common_gaps([m.audit for m in scores.members if m.audit is not None]),
            "audited": sum(1 for m in scores.members if m.audit is not None),
            "cohorts": self.cohorts,
            "deals": self.deals if self.has_deals else None,
            "note": self.note(self.content.notes.team),
        })

    def group_chart(self, group: GroupSummary) -> Chart:
        _ = self._
        rows, data = [], []
        for order, pillar in enumerate(PILLARS):
            values = {"team": group.pillars[pillar], "industry": group.industry_pillars[pillar],
                      "network": group.network_pillars[pillar]}
            rows.append((self.pillar_names[pillar], values["team"], values["industry"],
                         values["network"]))
            for group_order, (key, value) in enumerate(values.items()):
                if value is None:
                    continue
                colour = charts.PALETTE["primary"] if key == "team" else GROUP_STYLE[key][0]
                data.append({"label": self.pillar_short[pillar], "order": order,
                             "group_label": self.group_names[key], "group_order": group_order,
                             "value": round(value, 4), "color": colour})
        legend = [(self.group_names["team"], charts.PALETTE["primary"], "■")]
        for key in ("industry", "network"):
            if any(v is not None for v in getattr(group, f"{key}_pillars").values()):
                legend.append((self.group_names[key], GROUP_STYLE[key][0], "■"))
        return Chart(
            id="chart-groups",
            title=_("Average per pillar"),
            spec=charts.group_pillars_spec(_("Points (out of 25)")),
            datasets=dict(groups=data),
            headers=(_("Pillar"), self.group_names["team"], self.group_names["industry"],
                     self.group_names["network"]),
            rows=tuple(rows),
            legend=tuple(legend),
        )

    def pillar_rows(self, group: GroupSummary, ms: MemberScore | None) -> list[dict]:
        """One row per pillar: the member's value (if any) beside the group averages."""
        rows = []
        for pillar in PILLARS:
            reported = ms.reported if ms else None
            value = ms.pillars[pillar] if ms and ms.pillars else None
            team = group.pillars[pillar] if group else None
            rows.append({
                "key": pillar,
                "name": self.pillar_names[pillar],
                "value": value,
                "team": team,
                "gap": None if value is None or team is None else value - team,
                "industry": (reported.industry_pillars.get(pillar) if reported
                             else group.industry_pillars[pillar]) if (reported or ms is None)
                else None,
                "network": (reported.network_pillars.get(pillar) if reported
                            else group.network_pillars[pillar]) if (reported or ms is None)
                else None,
            })
        return rows

    # -- person --------------------------------------------------------------------------

    def person_page(self, ms: MemberScore, index: int) -> Page:
        team = self.scores.team(ms.member.team)
        rows = self.pillar_rows(team, ms)
        charts_ = {"pillars": self.pillar_chart(ms, rows) if ms.pillars else None,
                   "history": self.history_chart(ms) if ms.history else None}
        members = self.scores.members
        return Page(member_path(ms.id), "person.html", {
            "ms": ms,
            "member": ms.member,
            "team": team,
            "manager": self.scores.by_id.get(ms.member.manager) if ms.member.manager else None,
            "pillar_rows": rows,
            "charts": charts_,
            "previous": members[index - 1] if index > 0 else None,
            "next": members[index + 1] if index + 1 < len(members) else None,
            "written": write_audit(ms, team, self.scores.overall.scored, self.translations,
                                   self.content.config.locale),
            "estimate_rows": self.estimate_rows(ms),
            "trainings": self.trainings.get(ms.id, []),
            "member_deals": self.deals.of(ms.id) if self.deals else [],
            "pipeline": self.deals.pipeline_by_member.get(ms.id, 0) if self.deals else 0,
            "meetings": self.deals.meetings_by_member.get(ms.id, 0) if self.deals else 0,
            "flag": self.flags.get(ms.id),
            "note": self.note(self.content.notes.members.get(ms.id)),
        })

    def estimate_rows(self, ms: MemberScore) -> list[dict]:
        """Per pillar: reported and estimated points, their difference, and the criteria."""
        if ms.estimated is None:
            return []
        rows = []
        for pillar in PILLARS:
            reported = ms.reported.pillars[pillar] if ms.reported else None
            estimated = ms.estimated.pillars[pillar]
            rows.append({
                "key": pillar,
                "name": self.pillar_names[pillar],
                "reported": reported,
                "estimated": estimated,
                "diff": None if reported is None else estimated - reported,
                "criteria": ms.estimated.of(pillar),
            })
        return rows

    # -- cohorts ------------------------------------------------------------------------

    def cohort_page(self, result: CohortResult) -> Page:
        _ = self._
        check_labels = {c.id: _(c.label) for c in CHECKS}
        return Page(cohort_path(result.cohort.id), "cohort.html", {
            "result": result,
            "cohort": result.cohort,
            "check_labels": check_labels,
            "charts": {"dumbbell": self.dumbbell_chart(result) if result.complete else None,
                       "deltas": self.delta_chart(result) if result.complete else None},
            "bands": [b for b in self.content.config.bands if b.min > 0],
            "note": self.note(self.content.notes.cohorts.get(result.cohort.id)),
        })

    def dumbbell_chart(self, result: CohortResult) -> Chart:
        _ = self._
        before_label, after_label = _("Before"), _("After")
        pairs, points = [], []
        for m in result.complete:
            before, after = m.before.values["total"], m.after.values["total"]
            colour = charts.PALETTE["primary"] if after >= before else "#b91c1c"
            pairs.append({"name": m.member.name, "before": round(before, 4),
                          "after": round(after, 4), "color": colour})
            points.append({"name": m.member.name, "value": round(before, 4),
                           "moment": before_label, "color": "#6b7280", "shape": "circle"})
            points.append({"name": m.member.name, "value": round(after, 4),
                           "moment": after_label, "color": colour, "shape": "diamond"})
        thresholds = [{"min": b.min} for b in self.content.config.bands if b.min > 0]
        return Chart(
            id="chart-dumbbell",
            title=_("SSI before and after, member by member"),
            spec=charts.dumbbell_spec(_("SSI (out of 100)")),
            datasets=dict(pairs=pairs, points=points, thresholds=thresholds),
            headers=(_("Member"), before_label, after_label, _("Change")),
            rows=tuple((m.member.name, m.before.values["total"], m.after.values["total"],
                        m.delta["total"]) for m in result.complete),
            legend=((before_label, "#6b7280", "●"), (after_label, charts.PALETTE["primary"], "◆")),
            description=_("Dashed lines mark the band thresholds; a red line is a fall."),
        )

    def delta_chart(self, result: CohortResult) -> Chart:
        _ = self._
        labels = {"total": _("Total SSI"), **self.pillar_short}
        data = [{"label": labels[f], "value": round(v, 4),
                 "color": charts.PALETTE["primary"] if v >= 0 else "#b91c1c"}
                for f, v in result.mean_delta.items() if v is not None]
        return Chart(
            id="chart-deltas",
            title=_("Mean change per pillar"),
            spec=charts.delta_bars_spec(_("Points gained (mean over complete members)")),
            datasets=dict(deltas=data, zero=[{"x": 0}]),
            headers=(_("Figure"), _("Mean change")),
            rows=tuple((labels[f], v) for f, v in result.mean_delta.items()),
        )

    # -- deals ---------------------------------------------------------------------------

    def deals_page(self) -> Page:
        _ = self._
        deals = self.deals
        money = _("Revenue credited (%(currency)s)") % {"currency": deals.currency}
        stage_rows = [(self.stage_names[k], v) for k, v in deals.by_stage.items()]
        quarter_rows = list(deals.by_quarter.items())
        by_member = [(self.scores.by_id[m], deals.by_member.get(m, 0.0),
                      deals.pipeline_by_member.get(m, 0.0), deals.meetings_by_member.get(m, 0),
                      sum(1 for v in deals.of(m) if v.deal.status == "won"))
                     for m in self.content.members]
        by_member.sort(key=lambda row: (-row[1], row[0].member.name))
        flags = {f.member_id: f.kind for f in deals.flags}
        return Page("deals.html", "deals.html", {
            "summary": deals,
            "by_member": by_member,
            "flags": flags,
            "charts": {
                "stages": Chart(
                    id="chart-stages", title=_("Credited revenue by stage of the sales cycle"),
                    spec=charts.bars_spec(money, ",.0f"),
                    datasets={"bars": [{"label": k, "value": round(v, 2)}
                                       for k, v in stage_rows]},
                    headers=(_("Stage"), money), rows=tuple(stage_rows)),
                "quarters": Chart(
                    id="chart-quarters", title=_("Credited revenue by quarter"),
                    spec=charts.columns_spec(money, ",.0f"),
                    datasets={"columns": [{"label": k, "value": round(v, 2)}
                                          for k, v in quarter_rows]},
                    headers=(_("Quarter"), money), rows=tuple(quarter_rows)),
                "scatter": self.scatter_chart(flags, money),
            },
        })

    def scatter_chart(self, flags: dict[str, str], money: str) -> Chart:
        _ = self._
        points = []
        for ms in self.scores.members:
            if ms.score is None:
                continue
            flagged = flags.get(ms.id)
            colour = {"high_band_no_revenue": "#b91c1c",
                      "low_band_strong_revenue": "#15803d"}.get(flagged, charts.PALETTE["primary"])
            points.append({"name": ms.member.name, "score": round(ms.score, 2),
                           "revenue": round(ms.attributed_revenue, 2), "color": colour,
                           "shape": "triangle-up" if flagged else "circle"})
        return Chart(
            id="chart-scatter", title=_("SSI and credited revenue, member by member"),
            spec=charts.scatter_spec(_("SSI"), money, ",.0f"),
            datasets={"points": points,
                      "thresholds": [{"min": b.min} for b in self.content.config.bands
                                     if b.min > 0]},
            headers=(_("Member"), _("SSI"), money),
            rows=tuple((p["name"], p["score"], p["revenue"]) for p in points),
            legend=((_("Member"), charts.PALETTE["primary"], "●"),
                    (_("High band, no credited revenue"), "#b91c1c", "▲"),
                    (_("Lowest band, strong credited revenue"), "#15803d", "▲")),
            description=_("Dashed lines mark the band thresholds."),
        )

    # -- methodology ---------------------------------------------------------------------

    def methodology_page(self) -> Page:
        rubric = self.content.rubric
        return Page("methodology.html", "methodology.html", {
            "bands": self.content.config.bands,
            "rubric": rubric,
            "rubric_rows": [{"key": p, "name": self.pillar_names[p], "criteria": rubric.of(p)}
                            for p in PILLARS] if rubric else [],
            "checks": CHECKS,
            "headline_min": HEADLINE_MIN,
            "about_min": ABOUT_MIN,
            "fits": calibration(self.scores.members),
            "pillar_names": {**self.pillar_names, "total": self._("Total SSI")},
            "charts": {},
        })

    def pillar_chart(self, ms: MemberScore, rows: list[dict]) -> Chart:
        _ = self._
        bars, marks = [], []
        for order, row in enumerate(rows):
            label = self.pillar_short[row["key"]]
            bars.append({"label": label, "order": order, "value": round(row["value"], 4)})
            for key in ("team", "industry", "network"):
                if row[key] is not None:
                    colour, shape, _symbol = GROUP_STYLE[key]
                    marks.append({"label": label, "order": order, "value": round(row[key], 4),
                                  "group_label": self.group_names[key], "color": colour,
                                  "shape": shape})
        present = [k for k in ("team", "industry", "network") if any(r[k] is not None for r in rows)]
        return Chart(
            id="chart-pillars",
            title=_("The four pillars"),
            spec=charts.pillar_bars_spec(_("Points (out of 25)")),
            datasets=dict(bars=bars, marks=marks),
            headers=(_("Pillar"), ms.member.name, *(self.group_names[k] for k in present)),
            rows=tuple((r["name"], r["value"], *(r[k] for k in present)) for r in rows),
            legend=tuple((self.group_names[k], GROUP_STYLE[k][0], GROUP_STYLE[k][2])
                         for k in present),
        )

    def history_chart(self, ms: MemberScore) -> Chart:
        _ = self._
        history = [{"date": d.isoformat(), "total": round(ssi.sum, 4)} for d, ssi in ms.history]
        bands = [{"min": b.min, "label": _(b.label)} for b in self.content.config.bands
                 if b.min > 0]
        return Chart(
            id="chart-history",
            title=_("SSI over time"),
            spec=charts.history_spec(_("SSI (out of 100)")),
            datasets=dict(history=history, bands=bands),
            headers=(_("Date"), _("SSI"), *self.pillar_short.values()),
            rows=tuple((d, ssi.sum, *(ssi.pillars[p] for p in PILLARS))
                       for d, ssi in reversed(ms.history)),
            description=_("Dashed lines mark the band thresholds."),
        )
