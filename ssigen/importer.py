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

What is written is exactly what the loader reads back: every new row is checked with
the loader's own schema (as the CSV cells it will be), and compared with the content
folder in that form, so a second import of the same file finds everything already
present. An existing imported file keeps every column, row and cell it has, its
delimiter (`;` with decimal commas, as French Excel saves it), its byte-order mark and
its line endings.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .csvsafe import spreadsheet_safe
from .errors import Problems, did_you_mean
from .load import _ssi_ok, load_content
from .load.readers import (Record, _set_dotted, cell_value, csv_records,
                           read_bytes, sniff_delimiter)
from .load.schema import SNAPSHOT_SCHEMA, Invalid, parse_text, validate_record
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
TEXT_COLUMNS = frozenset({"ssi.industry_name"})
IMPORT_FOLDER = Path("snapshots") / "imported"
TOLERANCE = 0.005
BOM = "\ufeff"


class ImportError_(ValueError):
    """A file that cannot be imported; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Reading:
    member: str
    date: dt.date
    values: dict[str, object]
    source: str
    where: str = ""
    origins: dict[str, str] = field(default_factory=dict, compare=False)

    def cells(self, decimal_comma: bool = False) -> dict[str, str]:
        """The reading as CSV cells, by column name: what the file will hold."""
        row = {"member": self.member, "date": self.date.isoformat()}
        for column in COLUMNS[2:]:
            value = self.values.get(column.removeprefix("ssi."))
            if value is None:
                continue
            text = _text(value, decimal_comma)
            row[column] = spreadsheet_safe(text) if column in TEXT_COLUMNS else text
        return row


def _text(value, decimal_comma: bool = False) -> str:
    if isinstance(value, float):
        text = f"{value + 0.0:.6f}".rstrip("0").rstrip(".")
        text = "0" if text == "-0" else text
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def _shown(value) -> str:
    """A JSON value as a message can quote it: short, whatever its type or size."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, int):
        text = str(value)
    else:
        text = repr(str(value))
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- reading files

def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, read as the loader reads any file (a regular file of at most
    50 MB, checked before it is opened); the first problem becomes the error."""
    problems = Problems()
    raw = read_bytes(path, name, problems)
    if raw is None:
        raise ImportError_(str(problems.errors[0]))
    return raw


def _json(text: str, where: str, line_of_error: bool = True):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = f"{where}:{exc.lineno}" if line_of_error else where
        raise ImportError_(f"{place}: not valid JSON ({exc.msg}); is the file "
                           "complete?") from None
    except RecursionError:
        raise ImportError_(f"{where}: not valid JSON (nested too deeply)") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise ImportError_(f"{where}: not valid JSON for ssigen (a number of more than "
                           "4,300 digits)") from None


def read_readings(path: Path, member: str | None, date: dt.date | None) -> list[Reading]:
    """Every reading of one file, checked; raises ImportError_ with the file's name."""
    name = str(path)
    raw = _read_bytes(Path(path), name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(f"{name}: cannot be read (not UTF-8 text)") from None
    document = _json(text, name)
    if isinstance(document, dict) and "data" in document and "memberScore" not in document \
            and isinstance(document["data"], dict):
        document = document["data"]
    if isinstance(document, dict) and "memberScore" in document:
        if member is None or date is None:
            raise ImportError_(f"{name}: a LinkedIn SSI response has no member or date: "
                               "give --member and --date")
        values, origins = _from_linkedin(document, name)
        return [Reading(member, date, values, name, name, origins)]
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
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise ImportError_(f"{where}: expected a number, got {_shown(value)}") from None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any float
            number = math.inf
    else:
        raise ImportError_(f"{where}: expected a number, got {_shown(value)}")
    if not math.isfinite(number) or number < low or number > high \
            or (above_low and number <= low):
        shown = f"{number:g}" if math.isfinite(number) else _shown(value)
        raise ImportError_(f"{where}: {shown} is out of range ({low:g}–{high:g})")
    return number + 0.0  # -0 is 0


def _object(value, where: str, what: str = "an object") -> dict:
    if not isinstance(value, dict):
        raise ImportError_(f"{where}: expected {what}, got {_shown(value)}")
    return value


def _name(value, where: str) -> str | None:
    """Text as the loader's schema will read it (bidi controls removed, trimmed), or None
    when there is none."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportError_(f"{where}: expected text, got {_shown(value)}")
    try:
        text = parse_text(value, Record(where, None, {}))
        text.encode("utf-8")
    except Invalid as exc:
        raise ImportError_(f"{where}: {exc}") from None
    except UnicodeEncodeError:
        raise ImportError_(f"{where}: is not valid Unicode text (a lone surrogate "
                           "escape?)") from None
    if "\x00" in text:
        raise ImportError_(f"{where}: contains a NUL character")
    return text or None


def _pillars(sub_scores, where: str) -> dict[str, float]:
    if not isinstance(sub_scores, list):
        raise ImportError_(f"{where}.subScores: expected a list of {{pillar, score}}, got "
                           f"{_shown(sub_scores)}")
    found = {}
    for index, item in enumerate(sub_scores):
        item = _object(item, f"{where}.subScores[{index}]", "an object {pillar, score}")
        key = item.get("pillar")
        if not isinstance(key, str):
            raise ImportError_(f"{where}.subScores[{index}].pillar: expected a pillar name "
                               f"such as PROFESSIONAL_BRAND, got {_shown(key)}")
        if key not in PILLAR_KEYS:
            hint = did_you_mean(key, PILLAR_KEYS) if len(key) < 100 else None
            raise ImportError_(f"{where}.subScores[{index}].pillar: unknown pillar "
                               f"{_shown(key)}" + (f" ({hint})" if hint else ""))
        found[PILLAR_KEYS[key]] = _number(item.get("score"), f"{where}.{key}", 0, 25)
    missing = [k for k, p in PILLAR_KEYS.items() if p not in found]
    if missing:
        raise ImportError_(f"{where}.subScores: missing {', '.join(missing)}")
    return found


def _from_linkedin(document: dict, name: str) -> tuple[dict[str, object], dict[str, str]]:
    """The values of a LinkedIn SSI response, and where in it each one was read."""
    member_score = _object(document.get("memberScore"), f"{name}: memberScore")
    values: dict[str, object] = _pillars(member_score.get("subScores"), f"{name}: memberScore")
    origins = {key: f"{name}: memberScore.subScores" for key in values}
    if member_score.get("overall") is not None:
        overall = _number(member_score["overall"], f"{name}: memberScore.overall", 0, 100)
        if abs(overall - math.fsum(values[p] for p in PILLARS)) > 0.5:
            raise ImportError_(f"{name}: memberScore.overall {overall:g} is not the sum of the "
                               "four pillars")
        values["total"] = overall
        origins["total"] = f"{name}: memberScore.overall"
    groups = document.get("groupScore")
    if groups is None:
        groups = []
    if not isinstance(groups, list):
        raise ImportError_(f"{name}: groupScore: expected a list, got {_shown(groups)}")
    for index, group in enumerate(groups):
        group = _object(group, f"{name}: groupScore[{index}]")
        kind = group.get("groupType")
        if not isinstance(kind, str) or kind.upper() not in ("INDUSTRY", "NETWORK"):
            continue  # TEAM and any group ssigen does not record
        kind = kind.upper()
        prefix = kind.lower()
        where = f"{name}: groupScore[{kind}]"
        score = group.get("score")
        score = {} if score is None else _object(score, f"{where}.score")
        if score.get("overall") is not None:
            values[f"{prefix}_ssi"] = _number(score["overall"], f"{where}.score.overall", 0, 100)
            origins[f"{prefix}_ssi"] = f"{where}.score.overall"
        if score.get("subScores") not in (None, [], {}, ""):
            for pillar, value in _pillars(score["subScores"], f"{where}.score").items():
                values[f"{prefix}_{pillar}"] = value
                origins[f"{prefix}_{pillar}"] = f"{where}.score.subScores"
        if group.get("rank") is not None:
            values[f"{prefix}_top_pct"] = _number(group["rank"], f"{where}.rank", 0, 100,
                                                  above_low=True)
            origins[f"{prefix}_top_pct"] = f"{where}.rank"
        if group.get("groupSize") is not None:
            values[f"{prefix}_size"] = int(_number(group["groupSize"], f"{where}.groupSize",
                                                   0, 1e12))
            origins[f"{prefix}_size"] = f"{where}.groupSize"
        if kind == "INDUSTRY" and group.get("industry") is not None:
            industry, key = group["industry"], f"{where}.industry"
            if isinstance(industry, dict):
                key += ".name" if industry.get("name") is not None else ".localizedName"
                industry = industry.get("name") if industry.get("name") is not None \
                    else industry.get("localizedName")
            text = _name(industry, key)
            if text is not None:
                values["industry_name"] = text
                origins["industry_name"] = key
    return values, origins


DATE_RE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?\s*")


def _date(value, where: str) -> dt.date:
    """A date YYYY-MM-DD (a time after it is ignored), or a Unix time in seconds or
    milliseconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            if not (isinstance(value, int) or math.isfinite(value)) or value < 0:
                raise ValueError
            seconds = value / 1000 if value > 1e11 else value
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise ImportError_(f"{where}: {_shown(value)} is not a date (expected YYYY-MM-DD "
                               "or a Unix time)") from None
    match = DATE_RE.fullmatch(value) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise ImportError_(f"{where}: expected a date YYYY-MM-DD, got {_shown(value)}") from None


def _from_socialedge(entry: dict, index: int, member: str, name: str) -> Reading:
    where = f"{name}: entry {index}"
    date = _date(entry.get("date"), f"{where}.date")
    raw = entry.get("raw")
    if isinstance(raw, str) and raw.strip():
        raw = _json(raw, f"{where}.raw", line_of_error=False)
    if isinstance(raw, dict) and isinstance(raw.get("data"), dict) and "memberScore" not in raw:
        raw = raw["data"]
    if isinstance(raw, dict) and "memberScore" in raw:
        values, origins = _from_linkedin(raw, f"{where}.raw")
        return Reading(member, date, values, name, where, origins)
    parsed = entry.get("parsed")
    if not isinstance(parsed, dict):
        raise ImportError_(f"{where}: neither 'raw' nor 'parsed' holds a reading")
    values: dict[str, object] = {}
    origins: dict[str, str] = {}
    for key, pillar in SOCIALEDGE_KEYS.items():
        if key not in parsed:
            raise ImportError_(f"{where}.parsed: missing {key}")
        values[pillar] = _number(parsed[key], f"{where}.parsed.{key}", 0, 25)
        origins[pillar] = f"{where}.parsed.{key}"
    if parsed.get("overall") is not None:
        values["total"] = _number(parsed["overall"], f"{where}.parsed.overall", 0, 100)
        origins["total"] = f"{where}.parsed.overall"
        if abs(values["total"] - math.fsum(values[p] for p in PILLARS)) > 0.5:
            raise ImportError_(f"{where}.parsed.overall is not the sum of the four pillars")
    for group in ("industry", "network"):
        info = parsed.get(group)
        if info is None:
            continue
        at = f"{where}.parsed.{group}"
        info = _object(info, at)
        if info.get("ssi") is not None:
            values[f"{group}_ssi"] = _number(info["ssi"], f"{at}.ssi", 0, 100)
            origins[f"{group}_ssi"] = f"{at}.ssi"
        if info.get("top") is not None:
            values[f"{group}_top_pct"] = _number(info["top"], f"{at}.top", 0, 100,
                                                 above_low=True)
            origins[f"{group}_top_pct"] = f"{at}.top"
        if info.get("people_amount") is not None:
            values[f"{group}_size"] = int(_number(info["people_amount"],
                                                  f"{at}.people_amount", 0, 1e12))
            origins[f"{group}_size"] = f"{at}.people_amount"
        if group == "industry":
            text = _name(info.get("name"), f"{at}.name")
            if text is not None:
                values["industry_name"] = text
                origins["industry_name"] = f"{at}.name"
    return Reading(member, date, values, name, where, origins)


# --------------------------------------------------------------------------- importing

@dataclass
class ImportResult:
    added: list[Reading]
    unchanged: list[Reading]
    conflicts: list[str]
    written: list[Path]


@dataclass
class _Target:
    """One snapshots/imported/<member>.csv: what it holds now, in the form it is written."""
    path: Path
    header: list[str]                   # the header row's cells as typed
    header_text: str | None = None      # and its text in the file (None: a new file)
    rows: list[tuple[list[str], str]] = field(default_factory=list)  # (cells, text)
    delimiter: str = ","
    bom: bool = False
    newline: str = "\n"
    mode: int | None = None

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter == ";"

    def names(self) -> list[str]:
        """Column names as the loader reads them."""
        return [cell.strip() for cell in self.header]


def import_files(paths: list[Path], content_dir: Path, member: str | None = None,
                 date: dt.date | None = None) -> ImportResult:
    """Check every file first; write only if all of them can be imported."""
    content_dir = Path(content_dir)
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
    targets = {m: _target(content_dir, m) for m in sorted({r.member for r in readings})}
    existing = {(s.member, s.date): s.ssi for s in content.snapshots if s.ssi is not None}
    added, unchanged, conflicts = [], [], []
    seen: dict[tuple[str, dt.date], tuple[Reading, dict]] = {}
    for reading in readings:
        typed = _checked(reading, targets[reading.member])
        key = (reading.member, reading.date)
        if key in seen:
            earlier, earlier_typed = seen[key]
            if earlier_typed != typed:
                conflicts.append(f"{reading.where}: {reading.member} on {reading.date} "
                                 f"disagrees with {earlier.where}")
            continue
        seen[key] = (reading, typed)
        ssi = existing.get(key)
        if ssi is None:
            added.append(reading)
        elif _same(ssi, typed):
            unchanged.append(reading)
        else:
            conflicts.append(f"{reading.where}: {reading.member} on {reading.date} differs "
                             "from the snapshot already in the content folder; not imported")
    written = _write(content_dir, targets, added)
    return ImportResult(added, unchanged, conflicts, written)


def _checked(reading: Reading, target: _Target) -> dict:
    """The reading's ssi section as the loader will read it from the cells written into
    `target`; a value the loader would refuse is an ImportError_ naming where it came from."""
    cells = reading.cells(target.decimal_comma)
    data: dict = {}
    for column, cell in cells.items():
        _set_dotted(data, column, cell_value(cell))
    record = Record(reading.where, None, data, {}, decimal_comma=target.decimal_comma,
                    header_line=1)
    problems = Problems()
    typed = validate_record(record, SNAPSHOT_SCHEMA, problems)
    if typed.get("ssi") and not problems.errors:
        _ssi_ok(record, typed["ssi"], problems)
    for problem in problems.errors:
        key = (problem.field or "").removeprefix("ssi.")
        origin = reading.origins.get(key, reading.where)
        raise ImportError_(f"{origin}: {problem.field}: {problem.message}"
                           + (f" ({problem.hint})" if problem.hint else ""))
    return typed.get("ssi", {})


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


def _target(content_dir: Path, member: str) -> _Target:
    """The member's imported file as it is now (an empty one when there is none yet), read
    as the loader reads it (`;` or `,` delimiter, a byte-order mark dropped), with the text
    of every row, so that what is there is written back to the byte."""
    path = content_dir / IMPORT_FOLDER / f"{member}.csv"
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return _Target(path, list(COLUMNS))
    except OSError as exc:
        raise ImportError_(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISLNK(info.st_mode):
        raise ImportError_(f"{path}: is a symbolic link; ssigen import only updates a "
                           "regular file there")
    raw = _read_bytes(path, str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportError_(f"{path}: cannot be read (not UTF-8 text)") from None
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    mode = stat.S_IMODE(info.st_mode)
    if not text.strip():
        return _Target(path, list(COLUMNS), bom=bom, mode=mode)
    delimiter = sniff_delimiter(text.splitlines()[0])
    lines = list(io.StringIO(text, newline=""))   # each with its own line ending
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    rows: list[tuple[list[str], str]] = []
    try:
        for cells in reader:
            rows.append((cells, reader.line_num))
    except csv.Error as exc:
        raise ImportError_(f"{path}:{reader.line_num}: is not valid CSV ({exc})") from None
    texts, first = [], 0
    for cells, last in rows:
        texts.append((cells, "".join(lines[first:last])))
        first = last
    (header, header_text), rest = texts[0], texts[1:]
    return _Target(path, header, header_text, rest, delimiter, bom, newline, mode)


def _ended(text: str, newline: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + newline


def _text_of(target: _Target, new: list[Reading]) -> str:
    """The file's new text: its header (with the columns the new rows need added at the
    end), every existing row to the byte, each new row before the first later one."""
    names = target.names()
    rows = [r.cells(target.decimal_comma) for r in sorted(new, key=lambda r: r.date)]
    added = [c for c in COLUMNS if c not in names and any(c in cells for cells in rows)]
    names += added
    out = io.StringIO()
    writer = csv.writer(out, delimiter=target.delimiter, lineterminator=target.newline)
    if target.header_text is None:
        writer.writerow(names)
        header = out.getvalue()
    elif added:
        line = target.header_text.rstrip("\r\n")
        ending = target.header_text[len(line):] or target.newline
        header = line + "".join(target.delimiter + c for c in added) + ending
    else:
        header = _ended(target.header_text, target.newline)
    date_at = names.index("date") if "date" in names else None
    lines = list(target.rows)
    for cells in rows:
        out.seek(0)
        out.truncate()
        row = [cells.get(name, "") for name in names]
        writer.writerow(row)
        at = len(lines)
        if date_at is not None:
            at = next((i for i, (old, _) in enumerate(lines)
                       if len(old) > date_at and old[date_at].strip() > cells["date"]), at)
        lines.insert(at, (row, out.getvalue()))
    body = "".join(_ended(text, target.newline) if i < len(lines) - 1 else text
                   for i, (_, text) in enumerate(lines))
    return (BOM if target.bom else "") + header + body


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(content_dir: Path, targets: dict[str, _Target], readings: list[Reading]) -> list[Path]:
    """Add the readings to snapshots/imported/<member>.csv. Every file is prepared and
    checked as the loader will read it before any of them replaces the one in place."""
    by_member: dict[str, list[Reading]] = {}
    for reading in readings:
        by_member.setdefault(reading.member, []).append(reading)
    if not by_member:
        return []
    folder = content_dir / IMPORT_FOLDER
    created = [p for p in (folder, folder.parent) if not p.exists()]
    prepared: list[tuple[Path, Path]] = []
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ImportError_(f"{folder}: cannot be created ({exc.strerror or exc})") from None
        for member, new in sorted(by_member.items()):
            target = targets[member]
            text = _text_of(target, new)
            mode = target.mode if target.mode is not None else 0o666 & ~_umask()
            try:
                handle, name = tempfile.mkstemp(dir=folder, prefix=f".{member}.csv.",
                                                suffix=".tmp")
                tmp = Path(name)
                prepared.append((tmp, target.path))
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
                os.chmod(tmp, mode)
            except OSError as exc:
                raise ImportError_(f"{target.path}: cannot be written "
                                   f"({exc.strerror or exc})") from None
            _check_written(tmp, target.path)
    except BaseException:
        _clean(prepared, created)
        raise
    written = []
    for index, (tmp, path) in enumerate(prepared):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            _clean(prepared[index:], [])
            done = ", ".join(str(p) for p in written) or "none"
            raise ImportError_(f"{path}: cannot be written ({exc.strerror or exc}); files "
                               f"already updated: {done}") from None
        written.append(path)
    return written


def _check_written(tmp: Path, path: Path) -> None:
    """The prepared file read back as the loader reads it: every row valid."""
    problems = Problems()
    for record in csv_records(tmp, str(path), problems):
        typed = validate_record(record, SNAPSHOT_SCHEMA, problems)
        if typed.get("ssi"):
            _ssi_ok(record, typed["ssi"], problems)
    if problems.errors:
        raise ImportError_(f"{problems.errors[0]} (in the file ssigen import would write)")


def _clean(prepared: list[tuple[Path, Path]], created: list[Path]) -> None:
    for tmp, _path in prepared:
        try:
            tmp.unlink()
        except OSError:
            pass
    for directory in created:
        try:
            directory.rmdir()
        except OSError:
            pass
