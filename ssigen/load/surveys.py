"""The words a survey is written in: a cohort's questions, and the rules that bind each
answer to a question its cohort asks, on its scale, and to a phase of the programme."""
from __future__ import annotations

from ..errors import did_you_mean
from ..model import Cohort, Question
from .fields import Known
from .kinds import Invalid, entry, parse_bool, parse_id, parse_text, short_text, shown

KINDS = ("scale", "yes_no", "text")
SCALE = (1, 5)
QUESTION_KEYS = ("id", "text", "kind", "low", "high")


def parse_questions(value, ctx) -> tuple[Question, ...]:
    """questions: a list of {id, text, kind, low, high}, each id once."""
    if not isinstance(value, list):
        raise Invalid("expected a list of questions, each {id, text, kind}")
    questions: list[Question] = []
    for number, item in enumerate(value, start=1):
        where = f"question {number}"
        if not isinstance(item, dict):
            raise Invalid(f"{where}: expected {{id, text, kind}}", shown=True)
        for key in item:
            if key not in QUESTION_KEYS:
                raise Invalid(f"{where}: unknown field '{key}'", shown=True,
                              hint=did_you_mean(str(key), QUESTION_KEYS)
                              or "a question has id, text, kind, low and high")
        for key in ("id", "text", "kind"):
            if item.get(key) in (None, ""):
                raise Invalid(f"{where}: '{key}' is missing", shown=True)
        question = Question(
            id=entry(parse_id, item["id"], ctx, f"{where}: id"),
            text=entry(parse_text, item["text"], ctx, f"{where}: text"),
            kind=entry(_parse_kind, item["kind"], ctx, f"{where}: kind"),
            **{k: entry(short_text(80), item[k], ctx, f"{where}: {k}")
               for k in ("low", "high") if item.get(k) is not None})
        if question.kind != "scale" and (question.low or question.high):
            raise Invalid(f"{where}: only a scale question has 'low' and 'high' words",
                          shown=True)
        twin = next((i for i, q in enumerate(questions, start=1) if q.id == question.id),
                    None)
        if twin is not None:
            raise Invalid(f"{where}: id '{question.id}' is also question {twin}'s",
                          shown=True, hint="each question of a cohort has its own id")
        questions.append(question)
    return tuple(questions)


def _parse_kind(value, ctx) -> str:
    kind = parse_text(value, ctx)
    if kind not in KINDS:
        raise Invalid("expected scale, yes_no or text", hint=did_you_mean(kind, KINDS))
    return kind


def parse_answer(value, ctx):
    """An answer as written: true or false (YAML's bare yes and no), a number, or text;
    what it must be depends on its question, which `answer_fits_the_question` checks."""
    if isinstance(value, bool):
        return value
    return parse_text(value, ctx)


def answer_value(question: Question, value: bool | str) -> int | bool | str:
    """The answer as its question's kind reads it; Invalid says what the question expects."""
    if question.kind == "scale":
        number = None if isinstance(value, bool) else _whole_number(value)
        if number is None:
            raise Invalid(f"expected a whole number from {SCALE[0]} to {SCALE[1]}, the "
                          f"scale of '{question.id}' (got {shown(value)})")
        if not SCALE[0] <= number <= SCALE[1]:
            raise Invalid(f"{number} is outside the scale {SCALE[0]}–{SCALE[1]} of "
                          f"'{question.id}'")
        return number
    if question.kind == "yes_no":
        try:
            return parse_bool(value, None)
        except Invalid:
            raise Invalid(f"expected yes or no, the answers of '{question.id}' "
                          f"(got {shown(value)})") from None
    if isinstance(value, bool):
        raise Invalid(f"expected text, the answer to '{question.id}' (quote it in YAML)")
    return value


def _whole_number(text: str) -> int | None:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def asked_by(values: dict, known: Known) -> tuple[Cohort, Question] | list:
    """The cohort that asks the row's question of its member, with the question; or the
    faults that say why there is none."""
    member, question_id = values["member"], values["question"]
    named = values.get("cohort")
    if named is not None and named not in known.cohorts:
        return [("cohort", f"unknown cohort '{named}'",
                 did_you_mean(named, known.cohorts) or "cohorts are defined in cohorts.yml")]
    cohorts = [known.cohorts[named]] if named is not None else list(known.cohorts.values())
    asking = [c for c in cohorts if any(q.id == question_id for q in c.questions)]
    if not asking:
        ids = sorted({q.id for c in cohorts for q in c.questions})
        return [("question", f"unknown question '{question_id}'",
                 did_you_mean(question_id, ids) or (
                     "questions are declared under a cohort's 'questions' in cohorts.yml"
                     if not ids else "questions are " + ", ".join(ids)))]
    theirs = [c for c in asking if member in c.members]
    if not theirs:
        return [("member", f"'{member}' is not in a cohort that asks '{question_id}'",
                 "asked by " + ", ".join(c.id for c in asking))]
    if len(theirs) > 1:
        return [("question", f"'{question_id}' is asked by cohorts "
                 + " and ".join(c.id for c in theirs) + f", and '{member}' is in each",
                 "add a 'cohort' column (or field) to say which")]
    cohort = theirs[0]
    return cohort, next(q for q in cohort.questions if q.id == question_id)


def question_is_asked(values: dict, known: Known):
    found = asked_by(values, known)
    return found if isinstance(found, list) else None


def answer_fits_the_question(values: dict, known: Known):
    found = asked_by(values, known)
    if isinstance(found, list):
        return None
    try:
        answer_value(found[1], values["answer"])
    except Invalid as exc:
        return str(exc)
    return None


def phase(cohort: Cohort, date) -> str | None:
    """'before' (on or before the start), 'after' (on or after the end, after the start) or
    None (during the programme)."""
    if date <= cohort.start:
        return "before"
    return "after" if date >= cohort.end else None


def dated_before_or_after(values: dict, known: Known):
    found = asked_by(values, known)
    if isinstance(found, list) or phase(found[0], values["date"]) is not None:
        return None
    cohort = found[0]
    return (f"{values['date']} is during the programme ({cohort.start} to {cohort.end}): "
            "the answer counts neither before nor after",
            "date it on or before the start, or on or after the end")
