"""Surveys (issue 18): a cohort's questions, what its members answered before and after, and
how the cohort page and data/cohort-<id>.json report it.

Written on tests/fixtures/surveys/ (see its README.md: every figure worked out by hand from
docs/format.md by someone who never read ssigen's code).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import ssigen
from ssigen.analysis.surveys import diverging
from ssigen.cli import cli

from .folders import FIXTURES, make_folder
from .htmlparse import parse, text_of
from .test_xlsx import write_workbook

FIXTURE = FIXTURES / "surveys"
GOOD = FIXTURE / "content"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("surveys") / "site"
    ssigen.build(GOOD, site)
    return site


@pytest.fixture(scope="module")
def survey(site) -> dict:
    return json.loads((site / "data" / "cohort-pilot.json").read_text())["survey"]


def close(got, expected) -> None:
    """`got` equals `expected`, numbers within 0.01."""
    if isinstance(expected, dict):
        assert sorted(got) == sorted(expected)
        for key in expected:
            close(got[key], expected[key])
    elif isinstance(expected, list):
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            close(g, e)
    elif isinstance(expected, float) or isinstance(got, float):
        assert got == pytest.approx(expected, abs=0.01)
    else:
        assert got == expected


def test_every_survey_figure_matches_the_hand_count(survey):
    close({k: survey[k] for k in ("members", "respondents", "response_rate_pct")},
          {k: EXPECTED[k] for k in ("members", "respondents", "response_rate_pct")})
    close(survey["questions"], EXPECTED["questions"])


def test_the_diverging_bar_centres_the_neutral_answer():
    expected = EXPECTED["diverging"]
    question = next(q for q in EXPECTED["questions"] if q["id"] == expected["question"])
    for phase in ("before", "after"):
        counts = {int(k): v for k, v in question[phase]["counts"].items()}
        got = [{"answer": s.answer, **({"half": s.half} if s.half else {}), "start": s.start,
                "end": s.end} for s in diverging(counts)]
        close(got, expected[phase])


def test_a_diverging_bar_by_hand():
    # 10 answers: two 1s (20 %), one 2 (10 %), four 3s (40 %: 20 % each side), three 5s
    segments = [(s.answer, s.half, s.start, s.end)
                for s in diverging({1: 2, 2: 1, 3: 4, 4: 0, 5: 3})]
    assert segments == [(1, None, -50.0, -30.0), (2, None, -30.0, -20.0),
                        (3, "left", -20.0, 0.0), (3, "right", 0.0, 20.0),
                        (5, None, 20.0, 50.0)]
    assert diverging({a: 0 for a in range(1, 6)}) == []


def test_answers_during_the_programme_or_after_as_of_are_warned_about():
    result = CliRunner().invoke(cli, ["check", str(GOOD)])
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning")]
    assert warnings == [
        "warning: surveys.csv:24: date: 2026-03-15 is during the programme (2026-03-02 to "
        "2026-03-27): the answer counts neither before nor after (date it on or before the "
        "start, or on or after the end)",
        "warning: surveys: 1 survey answer(s) dated after as_of (2026-06-30) are left out"]
    assert len(warnings) == EXPECTED["warnings"]


# --------------------------------------------------------------------------- the page

@pytest.fixture(scope="module")
def page(site):
    return parse(site / "cohorts" / "pilot.html")


def _section(page):
    return next(s for s in page.find_all("section") if s.has_class("survey"))


def test_the_page_gives_the_response_rates(page):
    table = _section(page).find("table", class_="survey-responses")
    rows = [[text_of(c) for c in r.children] for r in table.find("tbody").find_all("tr")]
    assert rows == [["Before", "4 / 6", "67%"], ["After", "3 / 6", "50%"]]


def test_each_scale_question_has_its_diverging_chart(page):
    figures = {f.find("figcaption").attrs["id"]: f for f in _section(page).find_all("figure")}
    assert sorted(figures) == ["chart-survey-confidence-title", "chart-survey-useful-title"]
    confidence = figures["chart-survey-confidence-title"]
    spec = json.loads(confidence.find("script").text)
    segments = spec["datasets"]["segments"]
    assert [(s["phase"], s["answer"], s["start"], s["end"]) for s in segments] == [
        ("Before (n = 4)", "1 – Not at all confident", -75.0, -50.0),
        ("Before (n = 4)", "2", -50.0, -25.0),
        ("Before (n = 4)", "3", -25.0, 0.0), ("Before (n = 4)", "3", 0.0, 25.0),
        ("After (n = 3)", "3", -16.6667, 0.0), ("After (n = 3)", "3", 0.0, 16.6667),
        ("After (n = 3)", "4", 16.6667, 50.0),
        ("After (n = 3)", "5 – Very confident", 50.0, 83.3333)]
    legend = [text_of(li) for li in confidence.find("ul", class_="legend").find_all("li")]
    assert legend == ["■ 1 – Not at all confident", "■ 2", "■ 3", "■ 4",
                      "■ 5 – Very confident"]


def test_the_change_of_each_mean_and_share_of_yes(page):
    tables = _section(page).find_all("table", class_="survey-changes")
    rows = [[text_of(c) for c in r.children] for t in tables
            for r in t.find("tbody").find_all("tr")]
    assert rows == [
        ["How confident are you starting a conversation on LinkedIn?", "2.25", "4.00",
         "+1.75", "4", "3"],
        ["How useful is LinkedIn to your sales work?", "3.00", "4.67", "+1.67", "4", "3"],
        ["Do you post on LinkedIn at least once a week?", "50%", "67%", "+16.67", "4", "3"]]


def test_free_text_answers_are_quotes_escaped_and_unsigned(page):
    quotes = [(text_of(q.find("p")), text_of(q.find("footer")))
              for q in _section(page).find_all("blockquote")]
    assert quotes == [("Not much yet, to be honest.", "Before"),
                      ("It helps me prepare my meetings.", "Before"),
                      ("Takes time, brings little.", "Before"),
                      ("Conversations start more easily.", "After"),
                      ("It's <b>great</b> & \"useful\"", "After"),
                      ("Comment first, then post, then message.", "After")]
    assert not _section(page).find_all("b")
    names = ("Alice", "Bruno", "Carla", "Dario", "Fatima")
    assert not any(name in text_of(q) for q in _section(page).find_all("blockquote")
                   for name in names)


def test_a_cohort_without_questions_shows_no_survey(tmp_path):
    folder = make_folder(tmp_path / "content", {"surveys.csv": None, "surveys/late.yml": None,
                                                "cohorts.yml": COHORT}, base=GOOD)
    ssigen.build(folder, tmp_path / "site")
    page = parse(tmp_path / "site" / "cohorts" / "pilot.html")
    assert not page.by_class("survey")
    assert json.loads((tmp_path / "site/data/cohort-pilot.json").read_text())["survey"] is None


def test_answers_read_from_a_workbook(tmp_path):
    rows = [["member", "date", "question", "answer"],
            ["alice", dt.date(2026, 2, 25), "confidence", 2],
            ["alice", dt.date(2026, 3, 27), "confidence", 4.0],
            ["alice", dt.date(2026, 3, 27), "weekly-post", True],
            ["bruno", dt.date(2026, 3, 27), "comment", 42]]
    folder = make_folder(tmp_path / "content", {"surveys.csv": None, "surveys/late.yml": None},
                         base=GOOD)
    write_workbook(folder / "surveys.xlsx", {"surveys": rows})
    content, problems = ssigen.load(folder)
    assert not problems.errors
    assert [(a.member, a.question, a.value) for a in content.answers] == [
        ("alice", "confidence", 2), ("alice", "confidence", 4), ("alice", "weekly-post", True),
        ("bruno", "comment", "42")]


# --------------------------------------------------------------------------- bad input

COHORT = """
    - id: pilot
      name: Pilot programme
      start: 2026-03-02
      end: 2026-03-27
      members: [alice, bruno, carla, dario, elena, fatima]
"""
QUESTIONS = COHORT + """\
      questions:
        - {id: confidence, text: "How confident?", kind: scale}
        - {id: weekly-post, text: "Weekly?", kind: yes_no}
        - {id: comment, text: "Why?", kind: text}
"""


def errors(tmp_path, files: dict) -> list[str]:
    folder = make_folder(tmp_path / "content", {"surveys.csv": None, "surveys/late.yml": None,
                                                "cohorts.yml": QUESTIONS, **files}, base=GOOD)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "site")])
    assert result.exit_code == 1 and result.exception is None or \
        isinstance(result.exception, SystemExit)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "site").exists()
    return [line for line in result.output.splitlines() if line.startswith("error")]


def survey_rows(*rows: str) -> dict:
    return {"surveys.csv": "member,date,question,answer\n" + "\n".join(rows) + "\n"}


def test_an_answer_outside_its_scale(tmp_path):
    assert errors(tmp_path, survey_rows("alice,2026-02-25,confidence,6",
                                        "bruno,2026-02-25,confidence,good")) == [
        "error: surveys.csv:2: answer: 6 is outside the scale 1–5 of 'confidence'",
        "error: surveys.csv:3: answer: expected a whole number from 1 to 5, the scale of "
        "'confidence' (got 'good')"]


def test_an_answer_that_is_not_yes_or_no(tmp_path):
    assert errors(tmp_path, survey_rows("alice,2026-02-25,weekly-post,sometimes")) == [
        "error: surveys.csv:2: answer: expected yes or no, the answers of 'weekly-post' "
        "(got 'sometimes')"]


def test_an_unknown_question_id(tmp_path):
    assert errors(tmp_path, survey_rows("alice,2026-02-25,confidense,3")) == [
        "error: surveys.csv:2: question: unknown question 'confidense' (did you mean "
        "'confidence'?)"]


def test_a_survey_row_for_an_unknown_member(tmp_path):
    assert errors(tmp_path, survey_rows("alise,2026-02-25,confidence,3")) == [
        "error: surveys.csv:2: member: unknown member 'alise' (did you mean 'alice'?)"]


def test_an_answer_from_a_member_outside_the_cohort(tmp_path):
    assert errors(tmp_path, survey_rows("gina,2026-02-25,confidence,3")) == [
        "error: surveys.csv:2: member: 'gina' is not in a cohort that asks 'confidence' "
        "(asked by pilot)"]


def test_two_answers_to_one_question_on_one_day(tmp_path):
    assert errors(tmp_path, survey_rows("alice,2026-02-25,confidence,3",
                                        "alice,2026-02-25,confidence,4")) == [
        "error: surveys.csv:3: question: a second answer from alice to 'confidence' on "
        "2026-02-25 (the first is at surveys.csv:2)"]


def test_a_question_asked_by_two_of_the_members_cohorts(tmp_path):
    twice = QUESTIONS + QUESTIONS.replace("id: pilot", "id: autumn").replace(
        "2026-03-02", "2026-09-01").replace("2026-03-27", "2026-09-30")
    assert errors(tmp_path, {"cohorts.yml": twice, **survey_rows(
        "alice,2026-02-25,confidence,3")}) == [
        "error: surveys.csv:2: question: 'confidence' is asked by cohorts pilot and autumn, "
        "and 'alice' is in each (add a 'cohort' column (or field) to say which)"]
    folder = make_folder(tmp_path / "two", {
        "cohorts.yml": twice, "surveys/late.yml": None,
        "surveys.csv": "member,date,question,answer,cohort\nalice,2026-02-25,confidence,3,"
                       "pilot\nalice,2026-03-01,confidence,5,autumn\n"}, base=GOOD)
    content, problems = ssigen.load(folder)
    assert not problems.errors
    assert [(a.cohort, a.value) for a in content.answers] == [("pilot", 3), ("autumn", 5)]


def test_an_unknown_cohort(tmp_path):
    assert errors(tmp_path, {"surveys.csv": "member,date,question,answer,cohort\n"
                             "alice,2026-02-25,confidence,3,pilto\n"}) == [
        "error: surveys.csv:2: cohort: unknown cohort 'pilto' (did you mean 'pilot'?)"]


@pytest.mark.parametrize("question, message", [
    ("{id: confidence, text: Sure?, kind: likert}",
     "questions: question 1: kind: expected scale, yes_no or text (got 'likert')"),
    ("{id: confidence, text: Sure?, kind: scale, lo: never}",
     "questions: question 1: unknown field 'lo' (did you mean 'low'?)"),
    ("{id: confidence, kind: scale}", "questions: question 1: 'text' is missing"),
    ("{id: Confidence, text: Sure?, kind: scale}",
     "questions: question 1: id: expected an id of lower-case letters, digits and '-', "
     "starting with a letter or digit, at most 64 characters (got 'Confidence')"),
    ("{id: posts, text: Weekly?, kind: yes_no, low: never}",
     "questions: question 1: only a scale question has 'low' and 'high' words"),
])
def test_a_malformed_question(tmp_path, question, message):
    cohorts = COHORT + f"      questions:\n        - {question}\n"
    assert errors(tmp_path, {"cohorts.yml": cohorts}) == [f"error: cohorts.yml:6: {message}"]


def test_two_questions_with_one_id(tmp_path):
    cohorts = COHORT + ("      questions:\n        - {id: q, text: A?, kind: scale}\n"
                        "        - {id: q, text: B?, kind: text}\n")
    assert errors(tmp_path, {"cohorts.yml": cohorts}) == [
        "error: cohorts.yml:6: questions: question 2: id 'q' is also question 1's (each "
        "question of a cohort has its own id)"]
