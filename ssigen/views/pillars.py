"""The four pillars beside the team, industry and network averages (team and person pages)."""
from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..model import PILLARS
from ..scoring import MemberScore
from ..scoring.figures import GroupSummary
from .base import Chart
from .labels import GROUPS, Labels


@dataclass(frozen=True)
class PillarRow:
    """One pillar: the member's points (if any) beside the group averages."""

    key: str
    name: str
    value: float | None
    team: float | None
    gap: float | None
    industry: float | None
    network: float | None


def pillar_rows(labels: Labels, group: GroupSummary | None,
                ms: MemberScore | None) -> list[PillarRow]:
    """A member's row takes industry and network from their own SSI page; the team's from
    the group."""
    rows = []
    for pillar in PILLARS:
        reported = ms.reported if ms else None
        value = ms.pillars[pillar] if ms and ms.pillars else None
        team = group.pillars[pillar] if group else None
        outside = {}
        for key in ("industry", "network"):
            if reported:
                outside[key] = getattr(reported, f"{key}_pillars").get(pillar)
            elif ms is None:
                outside[key] = getattr(group, f"{key}_pillars")[pillar]
            else:
                outside[key] = None
        rows.append(PillarRow(pillar, labels.pillar_names[pillar], value, team,
                              None if value is None or team is None else value - team,
                              outside["industry"], outside["network"]))
    return rows


def group_chart(labels: Labels, group: GroupSummary) -> Chart:
    """The team's average per pillar, with the industry and network averages beside it."""
    _ = labels.gettext
    names = labels.group_names
    rows, data = [], []
    for order, pillar in enumerate(PILLARS):
        values = {key: getattr(group, "pillars" if key == "team" else f"{key}_pillars")[pillar]
                  for key in GROUPS}
        rows.append((labels.pillar_names[pillar], *values.values()))
        for group_order, (key, value) in enumerate(values.items()):
            if value is None:
                continue
            colour = charts.PALETTE["primary" if key == "team" else key]
            data.append({"label": labels.pillar_short[pillar], "order": order,
                         "group_label": names[key], "group_order": group_order,
                         "value": round(value, 4), "color": colour})
    legend = [(names["team"], charts.PALETTE["primary"], "■")]
    for key in ("industry", "network"):
        if any(v is not None for v in getattr(group, f"{key}_pillars").values()):
            legend.append((names[key], charts.PALETTE[key], "■"))
    return Chart(
        id="chart-groups",
        title=_("Average per pillar"),
        spec=charts.group_pillars_spec(_("Points (out of 25)")),
        datasets=dict(groups=data),
        headers=(_("Pillar"), *(names[key] for key in GROUPS)),
        rows=tuple(rows),
        legend=tuple(legend),
    )


def pillar_chart(labels: Labels, ms: MemberScore, rows: list[PillarRow]) -> Chart:
    """A person's four pillars, with a marker for each average there is."""
    _ = labels.gettext
    bars, marks = [], []
    for order, row in enumerate(rows):
        label = labels.pillar_short[row.key]
        bars.append({"label": label, "order": order, "value": round(row.value, 4)})
        for key in GROUPS:
            value = getattr(row, key)
            if value is not None:
                marks.append({"label": label, "order": order, "value": round(value, 4),
                              "group_label": labels.group_names[key],
                              "color": charts.PALETTE[key], "shape": charts.SHAPES[key]})
    present = [k for k in GROUPS if any(getattr(r, k) is not None for r in rows)]
    return Chart(
        id="chart-pillars",
        title=_("The four pillars"),
        spec=charts.pillar_bars_spec(_("Points (out of 25)")),
        datasets=dict(bars=bars, marks=marks),
        headers=(_("Pillar"), ms.member.name, *(labels.group_names[k] for k in present)),
        rows=tuple((r.name, r.value, *(getattr(r, k) for k in present)) for r in rows),
        legend=tuple((labels.group_names[k], charts.PALETTE[k], charts.SYMBOLS[k])
                     for k in present),
    )
