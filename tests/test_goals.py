"""Goals in cohorts.yml (issue 18): each member's baseline, progress, trajectory and status.

Written on tests/fixtures/goals/ (see its README.md: seven members, one per case, every
figure worked out by hand from the definitions by someone who never read ssigen's code).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import ssigen
from ssigen.analysis.goals import slope_of
from ssigen.cli import cli

from .folders import FIXTURES, make_folder

FIXTURE = FIXTURES / "goals"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
FIGURES = ("target", "baseline", "current", "progress_pct", "slope", "projected")


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> dict:
    site = tmp_path_factory.mktemp("goals") / "site"
    ssigen.build(FIXTURE / "content", site)
    return json.loads((site / "data" / "cohort-spring.json").read_text())


def test_every_goal_figure_and_status_matches_the_hand_count(cohort):
    goals = {m["id"]: m["goal"] for m in cohort["members"]}
    assert sorted(goals) == sorted(EXPECTED["members"])
    for member_id, expected in EXPECTED["members"].items():
        got = goals[member_id]
        assert got["status"] == expected["status"], member_id
        assert got["due"] == expected["due"], member_id
        for name in FIGURES:
            if expected[name] is None:
                assert got[name] is None, (member_id, name)
            else:
                assert got[name] == pytest.approx(expected[name], abs=0.01), (member_id, name)


def test_the_cohort_counts_goals_by_status(cohort):
    assert cohort["goals"] == EXPECTED["goals"]


def test_a_band_label_target_is_its_min(cohort):
    fatima = next(m["goal"] for m in cohort["members"] if m["id"] == "fatima")
    assert (fatima["target"], fatima["band"]) == (80, "expert")


def test_the_slope_is_least_squares_over_eight_weeks():
    day = dt.date(2026, 6, 30)
    readings = [(day - dt.timedelta(days=57), 0.0), (day - dt.timedelta(days=56), 10.0),
                (day - dt.timedelta(days=28), 12.0), (day, 14.0)]
    assert slope_of(readings, day) == pytest.approx(4 / 56)
    assert slope_of(readings[:3], day) is None     # two readings in the window


GOOD = FIXTURE / "content"


def errors(tmp_path, cohorts: str) -> list[str]:
    folder = make_folder(tmp_path / "content", {"cohorts.yml": cohorts}, base=GOOD)
    result = CliRunner().invoke(cli, ["check", str(folder)])
    return [line for line in result.stdout.splitlines() if line.startswith("error")]


COHORT = """
    - id: spring
      name: Spring programme
      start: 2026-03-01
      end: 2026-04-15
      members: [alice, bruno]
      goals:
"""


def test_a_goal_for_a_member_outside_the_cohort(tmp_path):
    assert errors(tmp_path, COHORT + "        target: 70\n        due: 2026-09-30\n"
                  "        members: {carla: {target: 75}}\n") == [
        "error: cohorts.yml:9: goals.members: 'carla' has a goal but is not in the cohort "
        "(list the member in 'members', or give the cohort their team)"]


def test_a_target_outside_0_to_100(tmp_path):
    assert errors(tmp_path, COHORT + "        target: 120\n        due: 2026-09-30\n") == [
        "error: cohorts.yml:7: goals.target: expected an SSI from 0 to 100, or a band's "
        "label (got 120)"]


def test_an_unknown_band(tmp_path):
    assert errors(tmp_path, COHORT + "        target: experts\n        due: 2026-09-30\n") \
        == ["error: cohorts.yml:7: goals.target: unknown band 'experts' (did you mean "
            "'expert'?)"]


def test_a_goal_needs_a_due_date(tmp_path):
    assert errors(tmp_path, COHORT + "        target: 70\n") == [
        "error: cohorts.yml:1: goals.due: a goal needs a 'due' date"]


def test_an_unknown_field_of_a_members_goal(tmp_path):
    assert errors(tmp_path, COHORT + "        due: 2026-09-30\n"
                  "        members: {alice: {traget: 75}}\n") == [
        "error: cohorts.yml:8: goals.members: alice: unknown field 'traget' (did you mean "
        "'target'?)"]
