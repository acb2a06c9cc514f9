"""Exports and `ssigen score --format csv`: the figures of scores.json, no formula in a cell."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import ssigen
from ssigen.cli import cli

from .folders import TINY


def test_scores_csv_matches_json(sample_site):
    scores = json.loads((sample_site / "data" / "scores.json").read_text(encoding="utf-8"))
    with open(sample_site / "data" / "scores.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [m["id"] for m in scores["members"]]
    for row, member in zip(rows, scores["members"]):
        for field in ("score", "rank", "top_pct", "band", "attributed_revenue"):
            value = member[field]
            assert row[field] == ("" if value is None else str(value))


def test_score_csv_cannot_start_a_formula(folder):
    root = folder({
        "ssigen.yml": "title: T\nbands: [{min: 0, label: '=HYPERLINK(\"http://x\")'}, "
                      "{min: 45, label: '-2+3'}]\n",
        "members.csv": "id,name,team\nann,@SUM(1),+A\nbob,Bob,\tB\n",
    }, base=TINY)
    result = CliRunner().invoke(cli, ["score", str(root), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert rows["ann"]["name"] == "'@SUM(1)" and rows["ann"]["team"] == "'+A"
    assert rows["ann"]["band"] == "'=HYPERLINK(\"http://x\")"
    assert rows["bob"]["band"] == "'-2+3"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows.values() for cell in row.values() if cell)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False),
                          st.text(max_size=12)), max_size=6))
def test_no_csv_cell_ssigen_writes_can_start_a_formula(values):
    from ssigen.csvsafe import safe_row
    out = io.StringIO()
    csv.writer(out).writerow(safe_row(values))
    for cell, value in zip(next(csv.reader(io.StringIO(out.getvalue()))), values):
        if isinstance(value, str):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert cell in (value, "'" + value)


def test_a_guarded_cell_reads_back_as_it_was_written(folder):
    root = folder({"members.csv": "id,name,team\nann,'=Ann,'-A\nbob,'Bob,A\n"}, base=TINY)
    content, _ = ssigen.load(root)
    assert content.members["ann"].name == "=Ann" and content.members["ann"].team == "-A"
    assert content.members["bob"].name == "'Bob"      # only a guard before a formula goes
