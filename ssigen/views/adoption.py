"""The Sales Navigator adoption page (adoption.html): are the seats used, by the right people?"""
from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..analysis.adoption import METRICS, Adoption, SeatUsage
from .base import Cell, Chart, Column, MemberLink, Table, point_labels
from .labels import Labels


@dataclass(frozen=True)
class Change:
    """A count and its change since the seat's previous activity snapshot."""

    value: float | None
    change: float | None
    percent: bool = False


@dataclass(frozen=True)
class AdoptionView:
    adoption: Adoption
    seats_table: Table
    totals_table: Table
    little_use: list[MemberLink]
    without_seat: list[tuple[MemberLink, float]]
    below_eligibility: list[tuple[MemberLink, float | None]]
    charts: dict[str, Chart]


def metric_names(labels: Labels) -> dict[str, str]:
    _ = labels.gettext
    return {"active_days": _("Active days"), "searches": _("Searches"),
            "profile_views": _("Profile views"), "inmails_sent": _("InMails sent"),
            "reply_rate": _("InMail reply rate"), "leads_saved": _("Leads saved"),
            "accounts_saved": _("Accounts saved"),
            "invitations_sent": _("Connection requests")}


def adoption_view(labels: Labels, adoption: Adoption) -> AdoptionView:
    return AdoptionView(
        adoption=adoption,
        seats_table=seats_table(labels, adoption),
        totals_table=totals_table(labels, adoption),
        little_use=[_link(s) for s in adoption.flagged("little_use")],
        without_seat=[(MemberLink(m.id, m.name), ssi) for m, ssi in adoption.without_seat],
        below_eligibility=[(_link(s), s.ssi) for s in adoption.flagged("below_eligibility")],
        charts={"usage": usage_chart(labels, adoption)},
    )


def _link(seat: SeatUsage, tag: str = "") -> MemberLink:
    return MemberLink(seat.member.id, seat.member.name, tag=tag)


ORDER = ("active_days", "searches", "profile_views", "inmails_sent", "reply_rate",
         "leads_saved", "accounts_saved", "invitations_sent")


def seats_table(labels: Labels, adoption: Adoption) -> Table:
    """One row per seat: each count with its change since the previous activity snapshot."""
    _ = labels.gettext
    names = metric_names(labels)
    columns = (Column(_("Seat holder"), "member"), Column(_("SSI"), "num", align="num"),
               *(Column(names[m], "with_change", align="num") for m in ORDER),
               Column(_("Counted until"), "date"))
    rows = []
    for seat in adoption.seats:
        tag = _("to reassign") if "little_use" in seat.flags else ""
        cells = [Change(seat.reply_rate, seat.changes.get("reply_rate"), True)
                 if m == "reply_rate" else Change(seat.counts[m], seat.changes.get(m))
                 for m in ORDER]
        rows.append((_link(seat, tag), seat.ssi, *cells, seat.date))
    return Table(columns, tuple(rows), css="adoption",
                 caption=_("Sales Navigator usage per seat"))


def totals_table(labels: Labels, adoption: Adoption) -> Table:
    """The team's totals and the average per active seat, as the admin dashboard shows."""
    _ = labels.gettext
    names = metric_names(labels)
    columns = (Column(_("Usage")), Column(_("Team total"), "exact", align="num"),
               Column(_("Average per active seat"), "num", align="num"))
    rows = [(names[m], adoption.totals[m], adoption.per_active_seat[m]) for m in METRICS]
    rows.append((names["reply_rate"], Cell(adoption.reply_rate, "pct"), Cell(None, "text")))
    return Table(columns, tuple(rows), caption=_("Team totals and averages"))


def usage_chart(labels: Labels, adoption: Adoption) -> Chart:
    _ = labels.gettext
    days = _("Active days (last %(days)s days)") % {"days": adoption.window_days}
    colours = {"little_use": charts.PALETTE["alert"],
               "below_eligibility": charts.PALETTE["industry"]}
    points = []
    for seat in adoption.seats:
        if seat.ssi is None or seat.counts["active_days"] is None:
            continue
        flag = next((f for f in ("little_use", "below_eligibility") if f in seat.flags), None)
        points.append({"name": seat.member.name, "score": round(seat.ssi, 2),
                       "days": seat.counts["active_days"],
                       "color": colours.get(flag, charts.PALETTE["primary"]),
                       "shape": "triangle-up" if flag else "circle"})
    top = max((p["days"] for p in points), default=0)
    for point, label in zip(points, point_labels(points, "score", "days", 100, top)):
        point["label"] = label
    eligibility = [{"min": adoption.eligibility_ssi}] if adoption.eligibility_ssi else []
    legend = [(_("Seat in use"), charts.PALETTE["primary"], "●"),
              (_("Little used: a seat to reassign"), charts.PALETTE["alert"], "▲")]
    if adoption.eligibility_ssi is not None:
        legend.append((_("Held below the eligibility SSI"), charts.PALETTE["industry"], "▲"))
    return Chart(
        id="chart-usage", title=_("Sales Navigator use beside the SSI, seat by seat"),
        spec=charts.usage_spec(_("SSI"), days),
        datasets={"points": points, "eligibility": eligibility,
                  "min_days": [{"days": adoption.min_active_days}]},
        headers=(_("Seat holder"), _("SSI"), days),
        rows=tuple((p["name"], p["score"], p["days"]) for p in points),
        legend=tuple(legend),
        description=_("Dashed lines mark the eligibility SSI and the fewest active days of a "
                      "seat in use.") if adoption.eligibility_ssi is not None else
        _("The dashed line marks the fewest active days of a seat in use."),
        print_table=True,
    )
