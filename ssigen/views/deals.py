"""The business impact page (deals.html): credited revenue beside the SSI."""
from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..analysis.deals import Correlation, DealsSummary, DealView
from ..model import Band
from ..scoring import MemberScore, Scores
from .base import Chart, Column, MemberLink, Row, Table, point_labels
from .labels import Labels

WEAK_CORRELATION = 0.3  # |rho| below this: no relation worth describing


@dataclass(frozen=True)
class FlagLine:
    """A member worth a conversation, and why."""

    link: MemberLink
    kind: str
    ms: MemberScore


@dataclass(frozen=True)
class DealsView:
    """What the business impact page shows."""

    summary: DealsSummary
    flags: dict[str, str]
    flagged: list[FlagLine]
    correlation: Correlation | None
    correlation_verdict: str | None
    charts: dict[str, Chart]
    by_member_table: Table
    deal_table: Table
    awaiting_table: Table | None


def deals_view(labels: Labels, scores: Scores, deals: DealsSummary, bands: tuple[Band, ...],
               member_ids: list[str], member_names: dict[str, str]) -> DealsView:
    _ = labels.gettext
    money = _("Revenue credited (%(currency)s)") % {"currency": deals.currency}
    flags = deals.flag_of
    return DealsView(
        summary=deals,
        flags=flags,
        flagged=[FlagLine(MemberLink(f.member_id, scores.by_id[f.member_id].member.name),
                          f.kind, scores.by_id[f.member_id]) for f in deals.flags],
        correlation=deals.correlation,
        correlation_verdict=verdict(deals.correlation),
        charts={"stages": stage_chart(labels, deals, money),
                "quarters": quarter_chart(labels, deals, money),
                "scatter": scatter_chart(labels, scores, flags, bands, money)},
        by_member_table=by_member_table(labels, scores, deals, member_ids),
        deal_table=deal_table(labels, deals.deals, member_names, show_seller=True),
        awaiting_table=awaiting_table(labels, deals, member_names),
    )


def awaiting_table(labels: Labels, deals: DealsSummary,
                   member_names: dict[str, str]) -> Table | None:
    """Won deals that await the interview with their seller, seller by seller."""
    _ = labels.gettext
    if not deals.awaiting:
        return None
    columns = (Column(_("Seller"), "member"), Column(_("Date"), "date"),
               Column(_("Deal")), Column(_("Account")),
               Column(_("Amount"), "deal_amount", align="num"))
    rows = [(MemberLink(member, member_names[member]), v.deal.date,
             v.deal.name or v.deal.id, v.deal.account or None, v)
            for member, views in deals.awaiting.items() for v in views]
    return Table(columns, tuple(rows), caption=_("Won deals awaiting an interview"))


def verdict(correlation: Correlation | None) -> str | None:
    """How the rank correlation reads: weak, positive or negative (None if unmeasured)."""
    if correlation is None or correlation.rho is None:
        return None
    if abs(correlation.rho) < WEAK_CORRELATION:
        return "weak"
    return "positive" if correlation.rho > 0 else "negative"


def stage_chart(labels: Labels, deals: DealsSummary, money: str) -> Chart:
    _ = labels.gettext
    rows = [(labels.stage_names[k], v) for k, v in deals.by_stage.items()]
    return Chart(
        id="chart-stages", title=_("Credited revenue by stage of the sales cycle"),
        spec=charts.bars_spec(money, ",.0f"),
        datasets={"bars": [{"label": k, "value": round(v, 2)} for k, v in rows]},
        headers=(_("Stage"), money), rows=tuple(rows))


def quarter_chart(labels: Labels, deals: DealsSummary, money: str) -> Chart:
    _ = labels.gettext
    rows = list(deals.by_quarter.items())
    return Chart(
        id="chart-quarters", title=_("Credited revenue by quarter"),
        spec=charts.columns_spec(money, ",.0f"),
        datasets={"columns": [{"label": k, "value": round(v, 2)} for k, v in rows]},
        headers=(_("Quarter"), money), rows=tuple(rows))


def scatter_chart(labels: Labels, scores: Scores, flags: dict[str, str],
                  bands: tuple[Band, ...], money: str) -> Chart:
    _ = labels.gettext
    colours = {"high_band_no_revenue": charts.PALETTE["alert"],
               "low_band_strong_revenue": charts.PALETTE["good_news"]}
    points = []
    for ms in scores.members:
        if ms.score is None:
            continue
        flagged = flags.get(ms.id)
        points.append({"name": ms.member.name, "score": round(ms.score, 2),
                       "revenue": round(ms.attributed_revenue, 2),
                       "color": colours.get(flagged, charts.PALETTE["primary"]),
                       "shape": "triangle-up" if flagged else "circle"})
    top = max((p["revenue"] for p in points), default=0.0)
    for point, label in zip(points, point_labels(points, "score", "revenue", 100, top)):
        point["label"] = label
    return Chart(
        id="chart-scatter", title=_("SSI and credited revenue, member by member"),
        spec=charts.scatter_spec(_("SSI"), money, ",.0f"),
        datasets={"points": points, "thresholds": [{"min": b.min} for b in bands if b.min > 0]},
        headers=(_("Member"), _("SSI"), money),
        rows=tuple((p["name"], p["score"], p["revenue"]) for p in points),
        legend=((_("Member"), charts.PALETTE["primary"], "●"),
                (_("High band, no credited revenue"), charts.PALETTE["alert"], "▲"),
                (_("Lowest band, strong credited revenue"), charts.PALETTE["good_news"], "▲")),
        description=_("Dashed lines mark the band thresholds. A name that has no room "
                      "is in the point's tooltip and in the data table."),
        print_table=True,
    )


def by_member_table(labels: Labels, scores: Scores, deals: DealsSummary,
                    member_ids: list[str]) -> Table:
    """Every member, most credited revenue first."""
    _ = labels.gettext
    flags = deals.flag_of
    members = sorted((scores.by_id[m] for m in member_ids),
                     key=lambda ms: (-deals.by_member.get(ms.id, 0.0), ms.member.name))
    columns = (Column(_("Member"), "member"), Column(_("SSI"), "num", align="num"),
               Column(_("Won deals"), align="num"),
               Column(_("Credited revenue"), "money", align="num"),
               Column(_("Influenced pipeline"), "money", align="num"),
               Column(_("Meetings"), align="num"))
    return Table(columns, tuple(
        (MemberLink(ms.id, ms.member.name, tag=_("to discuss") if flags.get(ms.id) else ""),
         ms.score, ms.deals_won, deals.by_member.get(ms.id, 0.0),
         deals.pipeline_by_member.get(ms.id, 0.0), deals.meetings_by_member.get(ms.id, 0))
        for ms in members))


def deal_table(labels: Labels, views: list[DealView], member_names: dict[str, str],
               show_seller: bool = False) -> Table:
    """Deals, newest first; the seller column on the deals page, not on a person's."""
    _ = labels.gettext
    columns = (Column(_("Date"), "date"),
               *((Column(_("Seller"), "member"),) if show_seller else ()),
               Column(_("Account")), Column(_("Status")),
               Column(_("Stage where social selling was decisive")),
               Column(_("Amount"), "deal_amount", align="num"),
               Column(_("Contribution"), "pct", align="num"),
               Column(_("Credited"), "credited", align="num"),
               Column(_("Meetings"), align="num"),
               Column(_("Seller's SSI then"), "num", align="num"))
    return Table(columns, tuple(Row((
        v.deal.date,
        *((MemberLink(v.deal.member, member_names[v.deal.member]),) if show_seller else ()),
        v.deal.account or None, labels.status_names[v.deal.status],
        labels.stage_names[v.deal.stage], v, v.deal.contribution, v, v.deal.meetings,
        v.seller_ssi), f"status-{v.deal.status}") for v in views), css="deals", row_header=None)
