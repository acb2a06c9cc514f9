"""The floor: the least a Python tool on this stack spends on the person pages.

    python benchmarks/floor.py CONTENT OUT

The csv module reads members, SSI snapshots and deals, and one autoescaped Jinja2
template writes OUT/people/<id>.html for each member with the tables and chart data
ssigen's person page carries: the history as a table and as JSON, the latest pillars
as JSON, the deals as a table. One process, no validation, no scoring, no other page,
so ssigen's time ÷ this one is what everything else it does costs.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import jinja2

PILLARS = ("brand", "people", "insights", "relationships")
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ member.name }}</title></head>
<body><main><h1>{{ member.name }}</h1><p>{{ member.title }} · {{ member.team }}</p>
<h2>The four pillars</h2>
<script type="application/json">{{ pillars|tojson }}</script>
<h2>Deals</h2>
<table><thead><tr><th>Date</th><th>Account</th><th>Status</th><th>Stage</th><th>Amount</th>
<th>Currency</th><th>Contribution</th><th>Meetings</th></tr></thead><tbody>
{% for d in deals %}<tr><td>{{ d.date }}</td><td>{{ d.account }}</td><td>{{ d.status }}</td>
<td>{{ d.stage }}</td><td>{{ d.amount }}</td><td>{{ d.currency }}</td>
<td>{{ d.contribution }}%</td><td>{{ d.meetings }}</td></tr>
{% endfor %}</tbody></table>
{% for d in deals if d.verbatim %}<blockquote>{{ d.verbatim }}</blockquote>{% endfor %}
<h2>History</h2>
<script type="application/json">{{ chart|tojson }}</script>
<table><thead><tr><th>Date</th><th>SSI</th><th>Brand</th><th>People</th><th>Insights</th>
<th>Relationships</th></tr></thead><tbody>
{% for row in history|reverse %}<tr><th>{{ row.date }}</th><td>{{ "%.2f"|format(row.total) }}</td>
{% for p in row.pillars %}<td>{{ "%.2f"|format(p) }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></main></body></html>
"""


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def build(content: Path, out: Path) -> int:
    """Writes one page per member; returns how many."""
    history: dict[str, list[dict]] = {}
    for row in rows(content / "snapshots" / "ssi.csv"):
        pillars = [float(row[f"ssi.{p}"]) for p in PILLARS]
        history.setdefault(row["member"], []).append(
            {"date": row["date"], "total": sum(pillars), "pillars": pillars})
    deals: dict[str, list[dict]] = {}
    for row in rows(content / "deals.csv"):
        deals.setdefault(row["member"], []).append(row)
    template = jinja2.Environment(autoescape=True).from_string(PAGE)
    (out / "people").mkdir(parents=True, exist_ok=True)
    members = rows(content / "members.csv")
    for member in members:
        mine = history.get(member["id"], [])
        latest = mine[-1]["pillars"] if mine else [0.0] * 4
        page = template.render(
            member=member, history=mine, deals=deals.get(member["id"], []),
            chart=[{"date": r["date"], "total": round(r["total"], 2)} for r in mine],
            pillars=[{"label": p, "value": v} for p, v in zip(PILLARS, latest)])
        (out / "people" / f"{member['id']}.html").write_text(page, encoding="utf-8")
    return len(members)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
