"""LinkedIn's SSI response (`salesApiSsi`): `memberScore` with `overall` and `subScores` of
`{pillar, score}`, and `groupScore` entries for the INDUSTRY and NETWORK groups (`rank` is
the "top %"). It names no member and no date: both come from the command line."""
from __future__ import annotations

import math

from ..errors import did_you_mean
from ..model import PILLARS
from .values import SourceError, json_number, name_text, object_of, shown

PILLAR_KEYS = {
    "PROFESSIONAL_BRAND": "brand",
    "FIND_RIGHT_PEOPLE": "people",
    "INSIGHT_ENGAGEMENT": "insights",
    "STRONG_RELATIONSHIP": "relationships",
}


def unwrap(document):
    """LinkedIn's response, whether or not an API client wrapped it in `{data: …}`."""
    if isinstance(document, dict) and "memberScore" not in document \
            and isinstance(document.get("data"), dict):
        return document["data"]
    return document


def _pillars(sub_scores, where: str) -> dict[str, float]:
    if not isinstance(sub_scores, list):
        raise SourceError(f"{where}.subScores: expected a list of {{pillar, score}}, got "
                          f"{shown(sub_scores)}")
    found = {}
    for index, item in enumerate(sub_scores):
        item = object_of(item, f"{where}.subScores[{index}]", "an object {pillar, score}")
        key = item.get("pillar")
        if not isinstance(key, str):
            raise SourceError(f"{where}.subScores[{index}].pillar: expected a pillar name "
                              f"such as PROFESSIONAL_BRAND, got {shown(key)}")
        if key not in PILLAR_KEYS:
            hint = did_you_mean(key, PILLAR_KEYS) if len(key) < 100 else None
            raise SourceError(f"{where}.subScores[{index}].pillar: unknown pillar "
                              f"{shown(key)}" + (f" ({hint})" if hint else ""))
        found[PILLAR_KEYS[key]] = json_number(item.get("score"), f"{where}.{key}", 0, 25)
    missing = [k for k, p in PILLAR_KEYS.items() if p not in found]
    if missing:
        raise SourceError(f"{where}.subScores: missing {', '.join(missing)}")
    return found


def from_linkedin(document: dict, name: str) -> tuple[dict[str, object], dict[str, str]]:
    """The values of a LinkedIn SSI response, and where in it each one was read."""
    member_score = object_of(document.get("memberScore"), f"{name}: memberScore")
    values: dict[str, object] = _pillars(member_score.get("subScores"), f"{name}: memberScore")
    origins = {key: f"{name}: memberScore.subScores" for key in values}
    if member_score.get("overall") is not None:
        overall = json_number(member_score["overall"], f"{name}: memberScore.overall", 0, 100)
        if abs(overall - math.fsum(values[p] for p in PILLARS)) > 0.5:
            raise SourceError(f"{name}: memberScore.overall {overall:g} is not the sum of the "
                              "four pillars")
        values["total"] = overall
        origins["total"] = f"{name}: memberScore.overall"
    groups = document.get("groupScore")
    if groups is None:
        groups = []
    if not isinstance(groups, list):
        raise SourceError(f"{name}: groupScore: expected a list, got {shown(groups)}")
    for index, group in enumerate(groups):
        group = object_of(group, f"{name}: groupScore[{index}]")
        kind = group.get("groupType")
        if not isinstance(kind, str) or kind.upper() not in ("INDUSTRY", "NETWORK"):
            continue  # TEAM and any group ssigen does not record
        kind = kind.upper()
        prefix = kind.lower()
        where = f"{name}: groupScore[{kind}]"
        score = group.get("score")
        score = {} if score is None else object_of(score, f"{where}.score")
        if score.get("overall") is not None:
            values[f"{prefix}_ssi"] = json_number(score["overall"], f"{where}.score.overall",
                                                  0, 100)
            origins[f"{prefix}_ssi"] = f"{where}.score.overall"
        if score.get("subScores") not in (None, [], {}, ""):
            for pillar, value in _pillars(score["subScores"], f"{where}.score").items():
                values[f"{prefix}_{pillar}"] = value
                origins[f"{prefix}_{pillar}"] = f"{where}.score.subScores"
        if group.get("rank") is not None:
            values[f"{prefix}_top_pct"] = json_number(group["rank"], f"{where}.rank", 0, 100,
                                                  above_low=True)
            origins[f"{prefix}_top_pct"] = f"{where}.rank"
        if group.get("groupSize") is not None:
            values[f"{prefix}_size"] = int(json_number(group["groupSize"], f"{where}.groupSize",
                                                   0, 1e12))
            origins[f"{prefix}_size"] = f"{where}.groupSize"
        if kind == "INDUSTRY" and group.get("industry") is not None:
            industry, key = group["industry"], f"{where}.industry"
            if isinstance(industry, dict):
                key += ".name" if industry.get("name") is not None else ".localizedName"
                industry = industry.get("name") if industry.get("name") is not None \
                    else industry.get("localizedName")
            text = name_text(industry, key)
            if text is not None:
                values["industry_name"] = text
                origins["industry_name"] = key
    return values, origins


