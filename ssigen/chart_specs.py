"""The chart kinds' Vega-Lite specs, written with Altair: run `python -m ssigen.chart_specs`
after changing one, to store them in ssigen/chart-specs.json.

Builds read that file (ssigen.charts) rather than running this module, so they never
import Altair, which costs half a second. Each builder is run once with a placeholder
for each argument ({{name}}); a build puts the page's titles and formats in their place.
Altair comes with the test extra, as the tests compare every stored kind with its builder.
"""
from __future__ import annotations

import functools
import inspect
import json
from typing import TYPE_CHECKING

from .charts import BAND_COLOURS, PALETTE, STORED, placeholder

if TYPE_CHECKING:
    import altair as alt


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure_view(stroke=None).configure_axis(
        labelFontSize=12, titleFontSize=12, grid=True, gridColor=PALETTE["grid"],
        labelColor=PALETTE["ink"], titleColor=PALETTE["ink"], domainColor=PALETTE["rule"],
    ).configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")


VALIDATE = False  # the tests turn it on: Altair's schema validation of every kind


def _spec(chart: alt.TopLevelMixin) -> dict:
    return _config(chart).to_dict(validate=VALIDATE)


KINDS = {}  # name → spec builder, taking the chart's titles and formats


def kind(builder):
    """A spec builder, given Altair as its first argument, so that this module (and the
    tests that only list the kinds) imports without it."""
    @functools.wraps(builder)
    def spec(*args):
        import altair
        return builder(altair, *args)
    signature = inspect.signature(builder)
    spec.__signature__ = signature.replace(parameters=tuple(signature.parameters.values())[1:])
    KINDS[builder.__name__] = spec
    return spec


@kind
def pillar_bars_spec(alt, value_title: str) -> dict:
    """A person's four pillars (0–25) with a marker each for the team, industry and network
    averages; colour and shape come with the data, and the page's legend names them."""
    bars = alt.Chart(alt.Data(name="bars")).mark_bar(
        color=PALETTE["primary"], cornerRadiusEnd=3, height=22,
    ).encode(
        y=alt.Y("label:N", sort=None, title=None),
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 25], nice=False), title=value_title),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("value:Q", format=".2f")],
    )
    marks = alt.Chart(alt.Data(name="marks")).mark_point(
        filled=True, size=140, opacity=1, stroke="white", strokeWidth=1,
    ).encode(
        y=alt.Y("label:N", sort=None),
        x=alt.X("value:Q"),
        color=alt.Color("color:N", scale=None),
        shape=alt.Shape("shape:N", scale=None),
        tooltip=[alt.Tooltip("group_label:N", title=" "), alt.Tooltip("value:Q", format=".2f")],
    )
    chart = alt.layer(bars, marks).properties(width="container", height=190)
    return _spec(chart)


@kind
def history_spec(alt, y_title: str) -> dict:
    """A person's total SSI over time, with the band thresholds as dashed rules."""
    line = alt.Chart(alt.Data(name="history")).mark_line(
        color=PALETTE["primary"], point=alt.OverlayMarkDef(size=28, filled=True),
    ).encode(
        x=alt.X("date:T", title=None,
                axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount="month")),
        y=alt.Y("total:Q", scale=alt.Scale(domain=[0, 100]), title=y_title),
        tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d"), alt.Tooltip("total:Q", format=".2f")],
    )
    rules = alt.Chart(alt.Data(name="bands")).mark_rule(
        strokeDash=[4, 4], color=PALETTE["rule"]).encode(
        y="min:Q", tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("min:Q")])
    # Band names sit right of the plot, clear of the line; one that would touch another
    # is left out by the view (the rule's tooltip and the description still name it).
    labels = alt.Chart(alt.Data(name="band_labels")).mark_text(
        align="left", baseline="middle", dx=6, color=PALETTE["muted"], fontSize=11,
    ).encode(y="min:Q", x=alt.value("width"), text="label:N")
    projection = alt.Chart(alt.Data(name="projection")).mark_line(
        color=PALETTE["primary"], strokeDash=[2, 3], strokeWidth=1.5, aria=False).encode(
        x="date:T", y="total:Q")
    goal = alt.Chart(alt.Data(name="goal")).mark_point(
        shape="diamond", size=140, filled=True, color=PALETTE["good_news"], aria=False).encode(
        x="date:T", y="total:Q",
        tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d"), alt.Tooltip("total:Q")])
    # the goal and its projection are in the chart's description (aria: the layers stay
    # empty, and unnamed, for a member without a goal)
    chart = alt.layer(rules, labels, line, projection, goal).properties(width="container",
                                                                        height=240)
    return _spec(chart)


@kind
def group_pillars_spec(alt, y_title: str) -> dict:
    """Average per pillar for the team beside the industry and network averages."""
    chart = alt.Chart(alt.Data(name="groups")).mark_bar().encode(
        x=alt.X("label:N", sort=alt.EncodingSortField("order"), title=None,
                axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("group_label:N", sort=alt.EncodingSortField("group_order")),
        y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 25]), title=y_title),
        color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("group_label:N", title=" "), alt.Tooltip("label:N", title=" "),
                 alt.Tooltip("value:Q", format=".2f")],
    ).properties(width="container", height=240)
    return _spec(chart)


@kind
def band_counts_spec(alt, x_title: str) -> dict:
    """How many members fall in each band."""
    chart = alt.Chart(alt.Data(name="bands")).mark_bar(cornerRadiusEnd=3).encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("order"), title=None),
        x=alt.X("count:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("label:N", legend=None, sort=alt.EncodingSortField("order"),
                        scale=alt.Scale(range=list(BAND_COLOURS))),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("count:Q")],
    ).properties(width="container", height=alt.Step(30))
    return _spec(chart)


@kind
def dumbbell_spec(alt, x_title: str) -> dict:
    """Each member's total before and after a programme: a line from one dot to the other."""
    rules = alt.Chart(alt.Data(name="thresholds")).mark_rule(
        strokeDash=[4, 4], color=PALETTE["rule"]).encode(x="min:Q")
    links = alt.Chart(alt.Data(name="pairs")).mark_rule(strokeWidth=3).encode(
        y=alt.Y("name:N", sort=None, title=None),
        x=alt.X("before:Q", scale=alt.Scale(domain=[0, 100], nice=False), title=x_title),
        x2="after:Q",
        color=alt.Color("color:N", scale=None),
    )
    dots = alt.Chart(alt.Data(name="points")).mark_point(
        filled=True, size=110, opacity=1, stroke="white", strokeWidth=1,
    ).encode(
        y=alt.Y("name:N", sort=None),
        x="value:Q",
        color=alt.Color("color:N", scale=None),
        shape=alt.Shape("shape:N", scale=None),
        tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("moment:N", title=" "),
                 alt.Tooltip("value:Q", format=".2f")],
    )
    chart = alt.layer(rules, links, dots).properties(width="container", height=alt.Step(26))
    return _spec(chart)


@kind
def delta_bars_spec(alt, x_title: str) -> dict:
    """Mean change per figure, gains and losses either side of zero."""
    bars = alt.Chart(alt.Data(name="deltas")).mark_bar(cornerRadiusEnd=3, height=20).encode(
        y=alt.Y("label:N", sort=None, title=None),
        x=alt.X("value:Q", title=x_title),
        color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("value:Q", format="+.2f")],
    )
    zero = alt.Chart(alt.Data(name="zero")).mark_rule(color=PALETTE["ink"]).encode(x="x:Q")
    chart = alt.layer(bars, zero).properties(width="container", height=alt.Step(30))
    return _spec(chart)


@kind
def bars_spec(alt, x_title: str, value_format: str) -> dict:
    """Horizontal bars, one per label, in the data's order."""
    chart = alt.Chart(alt.Data(name="bars")).mark_bar(
        color=PALETTE["primary"], cornerRadiusEnd=3, height=18,
    ).encode(
        y=alt.Y("label:N", sort=None, title=None),
        x=alt.X("value:Q", title=x_title, axis=alt.Axis(format=value_format)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("value:Q", format=value_format)],
    ).properties(width="container", height=alt.Step(26))
    return _spec(chart)


@kind
def columns_spec(alt, y_title: str, value_format: str) -> dict:
    """Vertical columns in time order (quarters)."""
    chart = alt.Chart(alt.Data(name="columns")).mark_bar(
        color=PALETTE["primary"], cornerRadiusEnd=3,
    ).encode(
        x=alt.X("label:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=value_format)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("value:Q", format=value_format)],
    ).properties(width="container", height=220)
    return _spec(chart)


def _named_points(alt, base, y_field: str, y_format: str) -> tuple:
    """Coloured, shaped points (colour and shape come with the data), each with its name."""
    dots = base.mark_point(filled=True, size=110, opacity=1, stroke="white", strokeWidth=1).encode(
        color=alt.Color("color:N", scale=None),
        shape=alt.Shape("shape:N", scale=None),
        tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("score:Q", format=".2f"),
                 alt.Tooltip(f"{y_field}:Q", format=y_format)],
    )
    labels = base.mark_text(align="left", dx=7, dy=-6, fontSize=10, color=PALETTE["ink"]).encode(
        text="label:N")   # empty where the view found no room: the tooltip names the point
    return dots, labels


@kind
def scatter_spec(alt, x_title: str, y_title: str, value_format: str) -> dict:
    """Each member's score against the revenue credited to social selling."""
    base = alt.Chart(alt.Data(name="points")).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100], nice=False), title=x_title),
        y=alt.Y("revenue:Q", title=y_title, axis=alt.Axis(format=value_format)),
    )
    rules = alt.Chart(alt.Data(name="thresholds")).mark_rule(
        strokeDash=[4, 4], color=PALETTE["rule"]).encode(x="min:Q")
    chart = alt.layer(rules, *_named_points(alt, base, "revenue", value_format)).properties(
        width="container", height=300)
    return _spec(chart)


@kind
def usage_spec(alt, x_title: str, y_title: str) -> dict:
    """Each seat's SSI against its days of use: dashed rules at the eligibility SSI and at
    the fewest active days of a seat in use."""
    base = alt.Chart(alt.Data(name="points")).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100], nice=False), title=x_title),
        y=alt.Y("days:Q", title=y_title, scale=alt.Scale(domainMin=0)),
    )
    vertical = alt.Chart(alt.Data(name="eligibility")).mark_rule(
        strokeDash=[4, 4], color=PALETTE["rule"]).encode(x="min:Q")
    horizontal = alt.Chart(alt.Data(name="min_days")).mark_rule(
        strokeDash=[4, 4], color=PALETTE["rule"]).encode(y="days:Q")
    chart = alt.layer(vertical, horizontal, *_named_points(alt, base, "days", ",.0f")
                      ).properties(width="container", height=300)
    return _spec(chart)


@kind
def diverging_spec(alt, x_title: str) -> dict:
    """A scale question's answers before and after, as diverging stacked bars: the neutral
    answer straddles zero, disagreement extends left and agreement right."""
    bars = alt.Chart(alt.Data(name="segments")).mark_bar(height=22).encode(
        y=alt.Y("phase:N", sort=None, title=None),
        x=alt.X("start:Q", scale=alt.Scale(domain=[-100, 100], nice=False), title=x_title,
                axis=alt.Axis(labelExpr="format(abs(datum.value), 'd')", tickCount=8)),
        x2="end:Q",
        color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("phase:N", title=" "), alt.Tooltip("answer:N", title=" "),
                 alt.Tooltip("share:Q", format=".0f", title="%")],
    )
    zero = alt.Chart(alt.Data(name="zero")).mark_rule(color=PALETTE["ink"]).encode(x="x:Q")
    chart = alt.layer(bars, zero).properties(width="container", height=alt.Step(34))
    return _spec(chart)


def stored() -> dict:
    """Every kind's spec with a placeholder for each argument, as ssigen.charts reads it."""
    kinds = {}
    for name in sorted(KINDS):
        parameters = tuple(inspect.signature(KINDS[name]).parameters)
        kinds[name] = {"parameters": list(parameters),
                       "spec": KINDS[name](*(placeholder(p) for p in parameters))}
    return {"made_by": "python -m ssigen.chart_specs (from the builders in chart_specs.py)",
            "kinds": kinds}


def stored_text() -> str:
    return json.dumps(stored(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    STORED.write_text(stored_text(), encoding="utf-8", newline="")
    print(f"wrote {STORED}")
