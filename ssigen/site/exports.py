"""The machine-readable exports: `data/scores.json` and `data/scores.csv`, as FORMAT.md says."""
from __future__ import annotations

import csv
import io
import json

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


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def scores_csv(scores: Scores) -> str:
    columns = [*FLAT_FIELDS] + [f"estimated.{f}" for f in ESTIMATED_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for ms in scores.members:
        record = member_record(ms)
        estimated = record["estimated"] or {}
        row = [record[c] for c in FLAT_FIELDS] + [estimated.get(f) for f in ESTIMATED_FIELDS]
        writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])
    return out.getvalue()
