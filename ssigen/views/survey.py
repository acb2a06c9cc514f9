"""A cohort's survey, on its page: response rates, a diverging bar per scale question, the
change of each question's mean or share of yes, and the free-text answers as quotes."""
from __future__ import annotations

from dataclasses import dataclass

from .. import charts
from ..analysis.surveys import PHASES, SCALE, QuestionResult, SurveyResult, diverging
from .base import Chart, Column, Table
from .labels import Labels


@dataclass(frozen=True)
class Quotes:
    question: str
    quotes: tuple[tuple[str, str], ...]    # (phase's name, the answer's words)


@dataclass(frozen=True)
class SurveyView:
    result: SurveyResult
    response_table: Table
    charts: dict[str, Chart]
    scale_table: Table | None
    yes_no_table: Table | None
    quotes: list[Quotes]


def survey_view(labels: Labels, survey: SurveyResult) -> SurveyView:
    _ = labels.gettext
    phases = phase_names(labels)
    scale, yes_no = survey.of_kind("scale"), survey.of_kind("yes_no")
    return SurveyView(
        result=survey,
        response_table=response_table(labels, survey),
        charts={f"survey-{q.question.id}": scale_chart(labels, q) for q in scale
                if q.before.n or q.after.n},
        scale_table=change_table(labels, scale, _("mean (1–5)"), "num")
        if scale else None,
        yes_no_table=change_table(labels, yes_no, _("share answering yes"), "pct")
        if yes_no else None,
        quotes=[Quotes(q.question.text, tuple((phases[p], text) for p in PHASES
                                              for text in q.phase(p).texts))
                for q in survey.of_kind("text") if q.before.n or q.after.n],
    )


def phase_names(labels: Labels) -> dict[str, str]:
    return {"before": labels.gettext("Before"), "after": labels.gettext("After")}


def response_table(labels: Labels, survey: SurveyResult) -> Table:
    _ = labels.gettext
    names = phase_names(labels)
    columns = (Column(_("Survey")), Column(_("Members who answered"), "fraction",
                                                 align="num"),
               Column(_("Response rate"), "pct", align="num"))
    return Table(columns, tuple((names[p], (survey.respondents[p], survey.members),
                                 survey.response_rate_pct[p]) for p in PHASES),
                 css="survey-responses")


def change_table(labels: Labels, questions: list[QuestionResult], figure: str,
                 fmt: str) -> Table:
    """Each question's figure before and after, with how many answered, and the change."""
    _ = labels.gettext
    names = phase_names(labels)
    columns = (Column(_("Question")),
               *(Column(_("%(phase)s: %(figure)s") % {"phase": names[p], "figure": figure}, fmt,
                        align="num") for p in PHASES),
               Column(_("Change"), "signed", align="num"),
               Column(_("Answers before"), align="num"), Column(_("Answers after"), align="num"))
    return Table(columns, tuple((q.question.text, q.before.value, q.after.value, q.change,
                                 q.before.n, q.after.n) for q in questions),
                 css="survey-changes")


def scale_words(question) -> dict[int, str]:
    """Each answer of the scale as the legend names it: '1 – not at all' … '5 – fully'."""
    ends = {SCALE[0]: question.low, SCALE[-1]: question.high}
    return {a: f"{a} – {ends[a]}" if ends.get(a) else str(a) for a in SCALE}


def scale_chart(labels: Labels, result: QuestionResult) -> Chart:
    _ = labels.gettext
    names = phase_names(labels)
    words = scale_words(result.question)
    segments, rows = [], []
    for p in PHASES:
        answers = result.phase(p)
        phase = f"{names[p]} (n = {answers.n})"
        share = {a: 100 * answers.counts[a] / answers.n if answers.n else None for a in SCALE}
        segments += [{"phase": phase, "answer": words[s.answer], "share": round(share[s.answer], 4),
                      "start": round(s.start, 4), "end": round(s.end, 4),
                      "color": charts.SCALE_COLOURS[s.answer - 1]}
                     for s in diverging(answers.counts)]
        rows.append((names[p], *(share[a] for a in SCALE), answers.n, answers.mean))
    return Chart(
        id=f"chart-survey-{result.question.id}",
        title=result.question.text,
        spec=charts.diverging_spec(_("Share of answers (%)")),
        datasets=dict(segments=segments, zero=[{"x": 0}]),
        headers=(_("Survey"), *(f"{words[a]} (%)" for a in SCALE), _("Answers"),
                 _("Mean")),
        rows=tuple(rows),
        legend=tuple((words[a], charts.SCALE_COLOURS[a - 1], "■") for a in SCALE),
        description=_("Answers below the middle extend left of zero, answers above it right; "
                      "the middle answer (3) is split either side."),
    )
