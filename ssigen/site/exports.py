"""The machine-readable exports: `data/scores.json`, `data/scores.csv` and the cohort and deal
files, as docs/format.md says."""
from __future__ import annotations

import csv
import io
import json

from ..csvsafe import safe_row
from ..analysis.adoption import COUNTED, METRICS, Adoption
from ..analysis.cohorts import FIGURES, CohortResult
from ..analysis.surveys import PHASES, PhaseAnswers, SurveyResult
from ..analysis.deals import DealsSummary
from ..model import PILLARS
from ..scoring import MemberScore, Scores

FLAT_FIELDS = ("id", "name", "team", "date", "score", "source", *PILLARS, "band", "rank",
               "top_pct", "industry_ssi", "industry_top_pct", "network_ssi", "network_top_pct",
               "completeness_pct", "attributed_revenue", "deals_won")
ESTIMATED_FIELDS = ("total", *PILLARS)


def _num(value):
    return None if value is None else round(float(value), 6)


def member_record(ms: MemberScore) -> dict:
    reported = ms.reported
    record = {
        "id": ms.member.id,
        "name": ms.member.name,
        "team": ms.member.team,
        "date": ms.date.isoformat() if ms.date else None,
        "score": _num(ms.score),
        "source": ms.source,
        **{p: _num(ms.pillars[p]) if ms.pillars else None for p in PILLARS},
        "estimated": None if ms.estimated is None else {
            "total": _num(ms.estimated.total),
            **{p: _num(ms.estimated.pillars[p]) for p in PILLARS},
        },
        "band": ms.band.label if ms.band else None,
        "rank": ms.rank,
        "top_pct": ms.top_pct,
        "industry_ssi": _num(reported.industry_ssi) if reported else None,
        "industry_top_pct": _num(reported.industry_top_pct) if reported else None,
        "network_ssi": _num(reported.network_ssi) if reported else None,
        "network_top_pct": _num(reported.network_top_pct) if reported else None,
        "completeness_pct": _num(ms.completeness_pct),
        "attributed_revenue": _num(ms.attributed_revenue),
        "deals_won": ms.deals_won,
        "title": ms.member.title,
        "industry_name": reported.industry_name if reported else None,
        "industry_size": reported.industry_size if reported else None,
        "network_size": reported.network_size if reported else None,
    }
    return record


def scores_json(scores: Scores, currency: str) -> str:
    document = {
        "as_of": scores.as_of.isoformat() if scores.as_of else None,
        "currency": currency,
        "members": [member_record(m) for m in scores.members],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def scores_csv(scores: Scores) -> str:
    columns = [*FLAT_FIELDS] + [f"estimated.{f}" for f in ESTIMATED_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for ms in scores.members:
        record = member_record(ms)
        estimated = record["estimated"] or {}
        row = [record[c] for c in FLAT_FIELDS] + [estimated.get(f) for f in ESTIMATED_FIELDS]
        writer.writerow(safe_row(row))
    return out.getvalue()


def _point(point) -> dict | None:
    if point is None:
        return None
    return {"date": point.date.isoformat(), **{f: _num(point.values[f]) for f in FIGURES}}


def _band_key(minimum: float) -> str:
    return f"{minimum:g}"


def _goal(goal) -> dict | None:
    if goal is None:
        return None
    return {"target": _num(goal.target), "band": goal.band, "due": goal.due.isoformat(),
            "baseline": _num(goal.baseline), "current": _num(goal.current),
            "progress_pct": _num(goal.progress_pct), "slope": _num(goal.slope),
            "projected": _num(goal.projected), "status": goal.status}


def _survey(survey: SurveyResult | None) -> dict | None:
    if survey is None:
        return None
    return {"members": survey.members, "respondents": survey.respondents,
            "response_rate_pct": {p: _num(v) for p, v in survey.response_rate_pct.items()},
            "questions": [{"id": q.question.id, "text": q.question.text,
                           "kind": q.question.kind,
                           **{p: _answers(q.question.kind, q.phase(p)) for p in PHASES},
                           "change": _num(q.change)} for q in survey.questions]}


def _answers(kind: str, answers: PhaseAnswers) -> dict:
    if kind == "text":
        return {"n": answers.n, "answers": list(answers.texts)}
    figure = {"mean": _num(answers.mean)} if kind == "scale" else \
        {"yes_pct": _num(answers.yes_pct)}
    return {"n": answers.n, "counts": {str(k): v for k, v in answers.counts.items()},
            **figure}


def cohort_json(result: CohortResult) -> str:
    """`data/cohort-<id>.json`: docs/format.md's fields, plus attendance and the signed-rank
    test."""
    cohort = result.cohort
    document = {
        "id": cohort.id,
        "name": cohort.name,
        "start": cohort.start.isoformat(),
        "end": cohort.end.isoformat(),
        "compare_at": result.compare_at.isoformat() if result.compare_at else None,
        "sessions": cohort.sessions,
        "members": [{
            "id": m.member.id,
            "name": m.member.name,
            "before": _point(m.before),
            "after": _point(m.after),
            "delta": None if m.delta is None else {f: _num(v) for f, v in m.delta.items()},
            "attended": m.attended,
            "coaching": m.coaching,
            "profile_checks_fixed": list(m.fixed),
            "goal": _goal(m.goal),
        } for m in result.members],
        "goals": result.goals,
        "survey": _survey(result.survey),
        "complete": len(result.complete),
        "incomplete": [m.member.id for m in result.incomplete],
        "mean_delta": {f: _num(v) for f, v in result.mean_delta.items()},
        "improved": result.improved,
        "crossed": {_band_key(k): v for k, v in result.crossed.items()},
        "significance": {
            "test": "wilcoxon_signed_rank",
            "n": result.significance.n,
            "statistic": result.significance.statistic,
            "p_value": None if result.significance.p_value is None
            else round(result.significance.p_value, 6),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def deals_json(summary: DealsSummary) -> str:
    """`data/deals.json`: docs/format.md's sums over won deals, plus counts and the deal list."""
    document = {
        "currency": summary.currency,
        "attributed_revenue": _num(summary.attributed_revenue),
        "influenced_pipeline": _num(summary.influenced_pipeline),
        "by_member": {k: _num(v) for k, v in summary.by_member.items()},
        "by_stage": {k: _num(v) for k, v in summary.by_stage.items()},
        "by_quarter": {k: _num(v) for k, v in summary.by_quarter.items()},
        "won": summary.won,
        "open": summary.open,
        "lost": summary.lost,
        "won_influenced": summary.won_influenced,
        "meetings": summary.meetings,
        "score_revenue_correlation": None if summary.correlation is None else {
            "method": "spearman", "n": summary.correlation.n,
            "rho": _num(summary.correlation.rho), "p_value": _num(summary.correlation.p_value)},
        "flags": [{"member": f.member_id, "kind": f.kind} for f in summary.flags],
        "deals": [{
            "id": v.deal.id,
            "member": v.deal.member,
            "account": v.deal.account,
            "date": v.deal.date.isoformat(),
            "status": v.deal.status,
            "stage": v.deal.stage,
            "amount": _num(v.deal.amount),
            "currency": v.deal.currency or summary.currency,
            "amount_in_report_currency": _num(v.amount),
            "contribution": _num(v.deal.contribution),
            "credited": _num(v.credited),
            "meetings": v.deal.meetings,
            "seller_ssi": _num(v.seller_ssi),
            "seller_ssi_date": v.seller_ssi_date.isoformat() if v.seller_ssi_date else None,
        } for v in summary.deals],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def adoption_json(adoption: Adoption, as_of) -> str:
    """`data/adoption.json`: each seat's usage and change, the team's totals and averages,
    and the flags of the adoption page."""
    document = {
        "as_of": as_of.isoformat() if as_of else None,
        "window_days": adoption.window_days,
        "eligibility_ssi": _num(adoption.eligibility_ssi),
        "min_active_days": adoption.min_active_days,
        "seats": len(adoption.seats),
        "active_seats": adoption.active_seats,
        "totals": adoption.totals,
        "per_active_seat": {k: _num(v) for k, v in adoption.per_active_seat.items()},
        "reply_rate_pct": _num(adoption.reply_rate),
        "members": [{
            "id": s.member.id,
            "name": s.member.name,
            "date": s.date.isoformat() if s.date else None,
            "previous_date": s.previous.isoformat() if s.previous else None,
            "ssi": _num(s.ssi),
            **{m: s.counts.get(m) for m in COUNTED},
            "reply_rate_pct": _num(s.reply_rate),
            "change": {k: _num(v) for k, v in s.changes.items()} if s.previous else None,
            "flags": list(s.flags),
        } for s in adoption.seats],
        "eligible_without_seat": [{"id": m.id, "name": m.name, "ssi": _num(ssi)}
                                  for m, ssi in adoption.without_seat],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def adoption_csv(adoption: Adoption) -> str:
    """`data/adoption.csv`: one row per seat, its counts then their changes."""
    columns = ["id", "name", "date", "ssi", *COUNTED, "reply_rate_pct",
               *(f"change.{m}" for m in (*METRICS, "reply_rate")), "flags"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for s in adoption.seats:
        writer.writerow(safe_row([
            s.member.id, s.member.name, s.date.isoformat() if s.date else None, _num(s.ssi),
            *(s.counts.get(m) for m in COUNTED), _num(s.reply_rate),
            *(_num(s.changes.get(m)) if s.previous else None
              for m in (*METRICS, "reply_rate")),
            " ".join(s.flags)]))
    return out.getvalue()


def write_exports(writer, scores: Scores, analyses, currency: str) -> None:
    """The data files beside the pages: scores, each cohort, deals, seats."""
    writer.write("data/scores.json", scores_json(scores, currency))
    writer.write("data/scores.csv", scores_csv(scores))
    for result in analyses.cohorts:
        writer.write(f"data/cohort-{result.cohort.id}.json", cohort_json(result))
    writer.write("data/deals.json", deals_json(analyses.deals))
    if analyses.adoption is not None:
        writer.write("data/adoption.json", adoption_json(analyses.adoption, scores.as_of))
        writer.write("data/adoption.csv", adoption_csv(analyses.adoption))
    writer.write(".nojekyll", "")
