"""A SocialEdge export: a list of `{date, parsed, raw}`; `raw`, when present, is LinkedIn's
response for that day and is preferred to `parsed`."""
from __future__ import annotations

import math

from ..model import PILLARS
from .linkedin import from_linkedin, unwrap
from .values import (Reading, SourceError, date_of, json_number, name_text, object_of,
                     parse_json)

SOCIALEDGE_KEYS = {"prof_brand": "brand", "find_right_people": "people",
                   "insight_engagement": "insights", "relationship": "relationships"}


def from_socialedge(entry: dict, index: int, member: str, name: str) -> Reading:
    """Entry `index` of the export `name`: LinkedIn's own response when it is kept."""
    where = f"{name}: entry {index}"
    date = date_of(entry.get("date"), f"{where}.date")
    raw = entry.get("raw")
    if isinstance(raw, str) and raw.strip():
        raw = parse_json(raw, f"{where}.raw", line_of_error=False)
    raw = unwrap(raw)
    if isinstance(raw, dict) and "memberScore" in raw:
        values, origins = from_linkedin(raw, f"{where}.raw")
        return Reading(member, date, values, name, where, origins)
    parsed = entry.get("parsed")
    if not isinstance(parsed, dict):
        raise SourceError(f"{where}: neither 'raw' nor 'parsed' holds a reading")
    values: dict[str, object] = {}
    origins: dict[str, str] = {}
    for key, pillar in SOCIALEDGE_KEYS.items():
        if key not in parsed:
            raise SourceError(f"{where}.parsed: missing {key}")
        values[pillar] = json_number(parsed[key], f"{where}.parsed.{key}", 0, 25)
        origins[pillar] = f"{where}.parsed.{key}"
    if parsed.get("overall") is not None:
        values["total"] = json_number(parsed["overall"], f"{where}.parsed.overall", 0, 100)
        origins["total"] = f"{where}.parsed.overall"
        if abs(values["total"] - math.fsum(values[p] for p in PILLARS)) > 0.5:
            raise SourceError(f"{where}.parsed.overall is not the sum of the four pillars")
    for group in ("industry", "network"):
        info = parsed.get(group)
        if info is None:
            continue
        at = f"{where}.parsed.{group}"
        info = object_of(info, at)
        if info.get("ssi") is not None:
            values[f"{group}_ssi"] = json_number(info["ssi"], f"{at}.ssi", 0, 100)
            origins[f"{group}_ssi"] = f"{at}.ssi"
        if info.get("top") is not None:
            values[f"{group}_top_pct"] = json_number(info["top"], f"{at}.top", 0, 100,
                                                 above_low=True)
            origins[f"{group}_top_pct"] = f"{at}.top"
        if info.get("people_amount") is not None:
            values[f"{group}_size"] = int(json_number(info["people_amount"],
                                                  f"{at}.people_amount", 0, 1e12))
            origins[f"{group}_size"] = f"{at}.people_amount"
        if group == "industry":
            text = name_text(info.get("name"), f"{at}.name")
            if text is not None:
                values["industry_name"] = text
                origins["industry_name"] = f"{at}.name"
    return Reading(member, date, values, name, where, origins)


