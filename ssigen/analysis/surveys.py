"""What a cohort's members said before and after the programme: response rates, each
question's answers, and the change in each question's mean (docs/format.md, surveys).

Each member counts once per question and phase, with their latest answer there.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from ..load.surveys import phase
from ..model import Answer, Cohort, Question

PHASES = ("before", "after")
SCALE = (1, 2, 3, 4, 5)
NEUTRAL = 3


@dataclass(frozen=True)
class PhaseAnswers:
    """One question's answers in one phase: their count, how many gave each answer, and
    the mean (scale) or share of yes (yes_no); free text keeps its words in date order."""

    n: int
    counts: dict
    mean: float | None = None
    yes_pct: float | None = None
    texts: tuple[str, ...] = ()

    @property
    def value(self) -> float | None:
        return self.mean if self.yes_pct is None else self.yes_pct


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    before: PhaseAnswers
    after: PhaseAnswers

    @property
    def change(self) -> float | None:
        """After minus before: of the mean (scale), in points of yes (yes_no)."""
        if self.question.kind == "text" or self.before.value is None \
                or self.after.value is None:
            return None
        return self.after.value - self.before.value

    def phase(self, name: str) -> PhaseAnswers:
        return self.before if name == "before" else self.after


@dataclass(frozen=True)
class SurveyResult:
    members: int
    respondents: dict[str, int]
    questions: list[QuestionResult]

    @property
    def response_rate_pct(self) -> dict[str, float | None]:
        return {p: 100 * n / self.members if self.members else None
                for p, n in self.respondents.items()}

    def of_kind(self, *kinds: str) -> list[QuestionResult]:
        return [q for q in self.questions if q.question.kind in kinds]


def analyse_survey(cohort: Cohort, answers: list[Answer],
                   compare_at: dt.date | None) -> SurveyResult | None:
    """The survey of `cohort` from its answers (None: the cohort asks no question)."""
    if not cohort.questions:
        return None
    latest: dict[tuple[str, str, str], Answer] = {}
    for answer in sorted(answers, key=lambda a: a.date):
        when = phase(cohort, answer.date)
        if when == "after" and compare_at is not None and answer.date > compare_at:
            continue
        if when is not None and answer.member in cohort.members:
            latest[(when, answer.question, answer.member)] = answer
    counted = sorted(latest.items(), key=lambda item: item[1].date)
    respondents = {p: len({m for (when, _q, m) in latest if when == p}) for p in PHASES}
    return SurveyResult(
        members=len(cohort.members),
        respondents=respondents,
        questions=[QuestionResult(q, *(_phase(q, [a.value for (when, qid, _m), a in counted
                                                   if when == p and qid == q.id])
                                       for p in PHASES))
                   for q in cohort.questions])


def _phase(question: Question, values: list) -> PhaseAnswers:
    n = len(values)
    if question.kind == "scale":
        return PhaseAnswers(n, {v: values.count(v) for v in SCALE},
                            mean=statistics.fmean(values) if values else None)
    if question.kind == "yes_no":
        yes = sum(1 for v in values if v)
        return PhaseAnswers(n, {"yes": yes, "no": n - yes},
                            yes_pct=100 * yes / n if n else None)
    return PhaseAnswers(n, {}, texts=tuple(values))


@dataclass(frozen=True)
class Segment:
    """One part of a diverging bar, in percent of the phase's answers; answer 3 is split in
    two halves either side of zero."""

    answer: int
    half: str | None     # "left" or "right" for the neutral answer
    start: float
    end: float


def diverging(counts: dict[int, int]) -> list[Segment]:
    """The segments of a diverging stacked bar: 1, 2 and half the 3s left of zero, the
    other half of the 3s, 4 and 5 right of it (answers nobody gave are left out)."""
    n = sum(counts.values())
    if not n:
        return []
    share = {a: 100 * counts.get(a, 0) / n for a in SCALE}
    left = [(a, None, share[a]) for a in SCALE if a < NEUTRAL] + [(NEUTRAL, "left",
                                                                   share[NEUTRAL] / 2)]
    right = [(NEUTRAL, "right", share[NEUTRAL] / 2)] + [(a, None, share[a])
                                                        for a in SCALE if a > NEUTRAL]
    segments, edge = [], -sum(width for *_k, width in left)
    for answer, half, width in left + right:
        if width:
            segments.append(Segment(answer, half, edge, edge + width))
        edge += width
    return segments
