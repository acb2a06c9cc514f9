"""`ssigen import`: turn LinkedIn's SSI response and tracker exports into snapshots.

Two shapes are recognised:

- LinkedIn's SSI API response (`salesApiSsi`): `memberScore` with `overall` and
  `subScores` of `{pillar, score}`, and `groupScore` entries for the INDUSTRY and
  NETWORK groups (`rank` is the "top %"); it carries no date or member, so both
  are given on the command line.
- A SocialEdge export: a list of `{date, parsed, raw}`; `raw`, when present, is
  LinkedIn's response for that day and is preferred to `parsed`.

Readings are checked before anything is written; they land in
`snapshots/imported/<member>.csv`. A reading already there is skipped, one that
disagrees with an existing snapshot for the same member and date is reported.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .errors import did_you_mean
from .load import load_content
from .model import PILLARS

PILLAR_KEYS = {
    "PROFESSIONAL_BRAND": "brand",
    "FIND_RIGHT_PEOPLE": "people",
    "INSIGHT_ENGAGEMENT": "insights",
    "STRONG_RELATIONSHIP": "relationships",
}
SOCIALEDGE_KEYS = {"prof_brand": "brand", "find_right_people": "people",
                   "insight_engagement": "insights", "relationship": "relationships"}
COLUMNS = ("member", "date", *(f"ssi.{p}" for p in PILLARS), "ssi.total",
           "ssi.industry_ssi", "ssi.industry_top_pct", "ssi.industry_size", "ssi.industry_name",
           "ssi.network_ssi", "ssi.network_top_pct", "ssi.network_size",
           *(f"ssi.{g}_{p}" for g in ("industry", "network") for p in PILLARS))
IMPORT_FOLDER = Path("snapshots") / "imported"
TOLERANCE = 0.005


class ImportError_(ValueError):
    """A file that cannot be imported; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Reading:
    member: str
    date: dt.date
    values: dict[str, object]
    source: str

    def row(self) -> dict[str, str]:
        row = {"member": self.member, "date": self.date.isoformat()}
        for column in COLUMNS[2:]:
            value = self.values.get(column.removeprefix("ssi."))
            row[column] = "" if value is None else _text(value)
        return row


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def read_readings(path: Path, member: str | None, date: dt.date | None) -> list[Reading]:
    """Every reading of one file, checked; raises ImportError_ with the file's name."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_(f"{name}: cannot be read ({exc})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{name}:{exc.lineno}: not valid JSON ({exc.msg}); is the file "
                           "complete?") from None
    if isinstance(document, dict) and "data" in document and "memberScore" not in document \
            and isinstance(document["data"], dict):
        document = document["data"]
    if isinstance(document, dict) and "memberScore" in document:
        if member is None or date is None:
            raise ImportError_(f"{name}: a LinkedIn SSI response has no member or date: "
                               "give --member and --date")
        return [Reading(member, date, _from_linkedin(document, name), name)]
    if isinstance(document, list) and document and all(
            isinstance(e, dict) and "date" in e and ("parsed" in e or "raw" in e)
            for e in document):
        if member is None:
            raise ImportError_(f"{name}: give --member: a SocialEdge export does not say "
                               "whose readings it holds")
        return [_from_socialedge(entry, index, member, name)
                for index, entry in enumerate(document, start=1)]
    raise ImportError_(f"{name}: neither a LinkedIn SSI response (with 'memberScore') nor a "
                       "SocialEdge export (a list of {date, parsed, raw})")


def _number(value, where: str, low: float, high: float, *, above_low: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(str(value).replace(",", "."))
        except ValueError:
            raise ImportError_(f"{where}: expected a number, got {value!r}") from None
    value = float(value)
    if not math.isfinite(value) or value < low or value > high or (above_low and value <= low):
        raise ImportError_(f"{where}: {value:g} is out of range ({low:g}–{high:g})")
    return value


def _pillars(sub_scores, where: str) -> dict[str, float]:
    if not isinstance(sub_scores, list):
        raise ImportError_(f"{where}.subScores: expected a list of {{pillar, score}}")
    found = {}
    for item in sub_scores:
        key = item.get("pillar") if isinstance(item, dict) else None
        if key not in PILLAR_KEYS:
            raise ImportError_(f"{where}.subScores: unknown pillar {key!r}"
                               + (f" ({did_you_mean(str(key), PILLAR_KEYS)})"
                                  if did_you_mean(str(key), PILLAR_KEYS) else ""))
        found[PILLAR_KEYS[key]] = _number(item.get("score"), f"{where}.{key}", 0, 25)
    missing = [k for k, p in PILLAR_KEYS.items() if p not in found]
    if missing:
        raise ImportError_(f"{where}.subScores: missing {', '.join(missing)}")
    return found


def _from_linkedin(document: dict, name: str) -> dict[str, object]:
    member_score = document.get("memberScore")
    if not isinstance(member_score, dict):
        raise ImportError_(f"{name}: memberScore: expected an object")
    values: dict[str, object] = _pillars(member_score.get("subScores"), f"{name}: memberScore")
    if member_score.get("overall") is not None:
        overall = _number(member_score["overall"], f"{name}: memberScore.overall", 0, 100)
        if abs(overall - math.fsum(values[p] for p in PILLARS)) > 0.5:
            raise ImportError_(f"{name}: memberScore.overall {overall:g} is not the sum of the "
                               "four pillars")
        values["total"] = overall
    for group in document.get("groupScore") or []:
        if not isinstance(group, dict):
            continue
        kind = str(group.get("groupType", "")).upper()
        if kind not in ("INDUSTRY", "NETWORK"):
            continue
        prefix = kind.lower()
        where = f"{name}: groupScore[{kind}]"
        score = group.get("score") or {}
        if score.get("overall") is not None:
            values[f"{prefix}_ssi"] = _number(score["overall"], f"{where}.score.overall", 0, 100)
        if score.get("subScores"):
            for pillar, value in _pillars(score["subScores"], f"{where}.score").items():
                values[f"{prefix}_{pillar}"] = value
        if group.get("rank") is not None:
            values[f"{prefix}_top_pct"] = _number(group["rank"], f"{where}.rank", 0, 100,
                                                  above_low=True)
        if group.get("groupSize") is not None:
            values[f"{prefix}_size"] = int(_number(group["groupSize"], f"{where}.groupSize",
                                                   0, 1e12))
        if kind == "INDUSTRY" and group.get("industry"):
            industry = group["industry"]
            values["industry_name"] = str(industry.get("name") or industry.get("localizedName")
                                          or "") if isinstance(industry, dict) else str(industry)
    return values


def _date(value, where: str) -> dt.date:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ImportError_(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None


def _from_socialedge(entry: dict, index: int, member: str, name: str) -> Reading:
    where = f"{name}: entry {index}"
    date = _date(entry.get("date"), f"{where}.date")
    raw = entry.get("raw")
    if isinstance(raw, str) and raw.strip():
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise ImportError_(f"{where}.raw: not valid JSON") from None
    if isinstance(raw, dict) and isinstance(raw.get("data"), dict) and "memberScore" not in raw:
        raw = raw["data"]
    if isinstance(raw, dict) and "memberScore" in raw:
        return Reading(member, date, _from_linkedin(raw, f"{where}.raw"), name)
    parsed = entry.get("parsed")
    if not isinstance(parsed, dict):
        raise ImportError_(f"{where}: neither 'raw' nor 'parsed' holds a reading")
    values: dict[str, object] = {}
    for key, pillar in SOCIALEDGE_KEYS.items():
        if key not in parsed:
            raise ImportError_(f"{where}.parsed: missing {key}")
        values[pillar] = _number(parsed[key], f"{where}.parsed.{key}", 0, 25)
    if parsed.get("overall") is not None:
        values["total"] = _number(parsed["overall"], f"{where}.parsed.overall", 0, 100)
        if abs(values["total"] - math.fsum(values[p] for p in PILLARS)) > 0.5:
            raise ImportError_(f"{where}.parsed.overall is not the sum of the four pillars")
    for group in ("industry", "network"):
        info = parsed.get(group)
        if not isinstance(info, dict):
            continue
        if info.get("ssi") is not None:
            values[f"{group}_ssi"] = _number(info["ssi"], f"{where}.parsed.{group}.ssi", 0, 100)
        if info.get("top") is not None:
            values[f"{group}_top_pct"] = _number(info["top"], f"{where}.parsed.{group}.top",
                                                 0, 100, above_low=True)
        if info.get("people_amount") is not None:
            values[f"{group}_size"] = int(_number(info["people_amount"],
                                                  f"{where}.parsed.{group}.people_amount",
                                                  0, 1e12))
        if group == "industry" and info.get("name"):
            values["industry_name"] = str(info["name"])
    return Reading(member, date, values, name)


@dataclass
class ImportResult:
    added: list[Reading]
    unchanged: list[Reading]
    conflicts: list[str]
    written: list[Path]


def import_files(paths: list[Path], content_dir: Path, member: str | None = None,
                 date: dt.date | None = None) -> ImportResult:
    """Check every file first; write only if all of them can be imported."""
    content, problems = load_content(content_dir)
    if content is None:
        raise ImportError_(f"{content_dir}: the content folder has errors; run ssigen check "
                           f"{content_dir} first")
    readings = []
    for path in paths:
        readings.extend(read_readings(Path(path), member, date))
    for reading in readings:
        if reading.member not in content.members:
            hint = did_you_mean(reading.member, content.members)
            raise ImportError_(f"{reading.source}: unknown member '{reading.member}'"
                               + (f" ({hint})" if hint else ""))
    existing = {(s.member, s.date): s.ssi for s in content.snapshots if s.ssi is not None}
    added, unchanged, conflicts, seen = [], [], [], {}
    for reading in readings:
        key = (reading.member, reading.date)
        earlier = seen.get(key)
        if earlier is not None:
            if earlier.values != reading.values:
                conflicts.append(f"{reading.source}: {reading.member} on {reading.date} "
                                 f"disagrees with {earlier.source}")
            continue
        seen[key] = reading
        ssi = existing.get(key)
        if ssi is None:
            added.append(reading)
        elif _same(ssi, reading.values):
            unchanged.append(reading)
        else:
            conflicts.append(f"{reading.source}: {reading.member} on {reading.date} differs "
                             "from the snapshot already in the content folder; not imported")
    written = _write(content_dir, added)
    return ImportResult(added, unchanged, conflicts, written)


def _same(ssi, values: dict[str, object]) -> bool:
    for key, value in values.items():
        if key.startswith(("industry_", "network_")) and key.endswith(
                ("brand", "people", "insights", "relationships")):
            group, pillar = key.split("_", 1)
            known = getattr(ssi, f"{group}_pillars").get(pillar)
        else:
            known = getattr(ssi, key, None)
        if known is None and key == "total":
            continue
        if isinstance(value, float) or isinstance(known, float):
            if known is None or abs(float(known) - float(value)) > TOLERANCE:
                return False
        elif known != value:
            return False
    return True


def _write(content_dir: Path, readings: list[Reading]) -> list[Path]:
    """Append the readings to snapshots/imported/<member>.csv, kept in date order."""
    by_member: dict[str, list[Reading]] = {}
    for reading in readings:
        by_member.setdefault(reading.member, []).append(reading)
    written = []
    for member, new in sorted(by_member.items()):
        path = content_dir / IMPORT_FOLDER / f"{member}.csv"
        rows = []
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
        rows += [r.row() for r in new]
        rows.sort(key=lambda r: r["date"])
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".csv.tmp")
        tmp.write_text(out.getvalue(), encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
