"""CRM deals merged into the content folder's deals table, which keeps its format.

A deal is keyed by the CRM's id. Amount, currency, status, date, account and name follow
the CRM; what the consultant learnt in the interview with the seller (stage, contribution,
meetings, verbatim, interviewed) and the seller credited are never touched. A new deal
arrives with stage `none` and contribution 0, awaiting its interview.

deals.csv keeps every byte of the rows that do not change (delimiter, decimal commas,
byte-order mark, line endings); deals.xlsx is updated in place with openpyxl, so its other
sheets, styles and formulas stay. A table written as YAML or spread over several files is
left alone, and the import says why.
"""
from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..csvsafe import spreadsheet_safe
from ..load.csv_file import csv_records
from ..load.readers import TABLE_SUFFIXES
from ..load.schema import DEALS
from ..load.xlsx_file import xlsx_records
from ..model import Content, Deal
from .commit import Change, read_back
from .crm import CrmDeal
from .snapshot_file import BOM, Target, csv_target
from .values import SourceError, cell_text

FOLLOWED = ("account", "name", "amount", "currency", "status", "date")
NEW_COLUMNS = ("id", "member", "account", "name", "amount", "currency", "status", "date",
               "stage", "contribution", "source")


@dataclass
class DealsPlan:
    changes: list[Change] = field(default_factory=list)
    added: list[CrmDeal] = field(default_factory=list)
    updated: list[tuple[CrmDeal, list[str]]] = field(default_factory=list)  # fields changed
    unchanged: list[CrmDeal] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    awaiting: dict[str, list[str]] = field(default_factory=dict)   # member → won deal ids
    table: str = "deals.csv"


def plan_deals(deals: list[CrmDeal], content: Content, content_dir: Path) -> DealsPlan:
    """What the CRM's deals change in the deals table, and the file's new form."""
    path = deals_table(content_dir)
    plan = DealsPlan(table=path.name)
    known = {d.id: d for d in content.deals}
    changed: dict[str, dict[str, object]] = {}
    seen: dict[str, CrmDeal] = {}
    for deal in deals:
        if deal.id in seen:
            if seen[deal.id] != deal:
                raise SourceError(f"{deal.where}: deal '{deal.id}' disagrees with "
                                  f"{seen[deal.id].where}")
            continue
        seen[deal.id] = deal
        old = known.get(deal.id)
        if old is None:
            plan.added.append(deal)
            continue
        fields = _differences(old, deal, content.config.currency)
        if old.member != deal.member:
            plan.notices.append(f"{deal.where}: deal {deal.id} stays credited to "
                                f"{old.member} (the CRM's owner is {deal.member})")
        if fields:
            plan.updated.append((deal, sorted(fields)))
            changed[deal.id] = fields
        else:
            plan.unchanged.append(deal)
    if plan.added or changed:
        plan.changes.append(_xlsx_change(path, changed, plan.added)
                            if path.suffix.lower() == ".xlsx"
                            else _csv_change(path, changed, plan.added))
    after = {**{i: dataclasses.replace(d, status=changed.get(i, {}).get("status", d.status))
                for i, d in known.items()},
             **{d.id: Deal(d.id, d.member, d.amount, d.date, d.status, "none", 0.0,
                           source="crm") for d in plan.added}}   # as the table will hold them
    for deal_id, deal in sorted(after.items()):
        if deal.awaits_interview:
            plan.awaiting.setdefault(deal.member, []).append(deal_id)
    return plan


def deals_table(content_dir: Path) -> Path:
    """The one file the deals are in (deals.csv when there is none yet)."""
    files = [content_dir / n for n in DEALS.files if (content_dir / n).exists()]
    folder = content_dir / DEALS.folder
    inner = sorted(p.relative_to(content_dir).as_posix() for p in folder.glob("*")
                   if p.suffix.lower() in TABLE_SUFFIXES) if folder.is_dir() else []
    where = [f.name for f in files] + inner
    if len(where) > 1:
        raise SourceError(f"{content_dir}: the deals are in several files ({', '.join(where)})"
                          ": ssigen import merges CRM deals into one deals.csv or deals.xlsx; "
                          "put them in one of those first")
    if inner:
        raise SourceError(f"{content_dir / inner[0]}: ssigen import merges CRM deals into "
                          "deals.csv or deals.xlsx at the top of the content folder, not "
                          "into the deals/ folder: move the deals there first")
    if where and not where[0].lower().endswith((".csv", ".xlsx")):
        raise SourceError(f"{content_dir / where[0]}: ssigen import merges CRM deals into "
                          "deals.csv or deals.xlsx, and keeps the table in the format it is "
                          f"in; {where[0]} is YAML: save the deals as deals.csv (same fields) "
                          "to import into it")
    return files[0] if files else content_dir / "deals.csv"


def _differences(old: Deal, new: CrmDeal, currency: str) -> dict[str, object]:
    found: dict[str, object] = {}
    for name in FOLLOWED:
        value = getattr(new, name)
        before = getattr(old, name)
        if name == "currency":
            value, before = value or currency, before or currency
            if value == before:
                continue
            found[name] = getattr(new, name) or currency
            continue
        if value is None:
            continue   # the export has no such column, or an empty cell: kept
        if name == "amount":
            if abs(float(before) - float(value)) > 0.005:
                found[name] = value
        elif before != value:
            found[name] = value
    return found


def _cells(deal: CrmDeal, decimal_comma: bool) -> dict[str, str]:
    row = {"id": deal.id, "member": deal.member, "amount": cell_text(deal.amount, decimal_comma),
           "status": deal.status, "date": deal.date.isoformat(), "stage": "none",
           "contribution": "0", "source": "crm"}
    if deal.currency:
        row["currency"] = deal.currency
    for name in ("account", "name"):
        if getattr(deal, name):
            row[name] = spreadsheet_safe(getattr(deal, name))
    return row


def _changed_cell(name: str, value, decimal_comma: bool) -> str:
    if name == "date":
        return value.isoformat()
    if name == "amount":
        return cell_text(float(value), decimal_comma)
    return spreadsheet_safe(str(value)) if name in ("account", "name") else str(value)


# -- deals.csv -----------------------------------------------------------------------------

def _csv_change(path: Path, changed: dict[str, dict], added: list[CrmDeal]) -> Change:
    target = csv_target(path, NEW_COLUMNS)
    return Change(path, _csv_text(target, changed, added), target.mode, _check_csv)


def _csv_text(target: Target, changed: dict[str, dict], added: list[CrmDeal]) -> str:
    names = target.names()
    wanted = [c for c in NEW_COLUMNS if c not in names and (
        any(c in _cells(d, target.decimal_comma) for d in added)
        or any(c in fields for fields in changed.values()))]
    names += wanted
    out = io.StringIO()
    writer = csv.writer(out, delimiter=target.delimiter, lineterminator=target.newline)

    def line(cells: list[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(cells)
        return out.getvalue()

    if target.header_text is None:
        header = line(names)
    elif wanted:
        text = target.header_text.rstrip("\r\n")
        header = text + "".join(target.delimiter + c for c in wanted) + (
            target.header_text[len(text):] or target.newline)
    else:
        header = _ended(target.header_text, target.newline)
    id_at = names.index("id") if "id" in names else None
    body = []
    for cells, text in target.rows:
        deal_id = cells[id_at].strip() if id_at is not None and id_at < len(cells) else None
        fields = changed.get(deal_id)
        if fields:
            cells = cells + [""] * (len(names) - len(cells))
            for name, value in fields.items():
                cells[names.index(name)] = _changed_cell(name, value, target.decimal_comma)
            text = line(cells)
        body.append(_ended(text, target.newline))
    for deal in added:
        row = _cells(deal, target.decimal_comma)
        body.append(line([row.get(n, "") for n in names]))
    return (BOM if target.bom else "") + header + "".join(body)


def _ended(text: str, newline: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + newline


_check_csv = read_back(csv_records, DEALS.fields)


# -- deals.xlsx ----------------------------------------------------------------------------

def _xlsx_change(path: Path, changed: dict[str, dict], added: list[CrmDeal]) -> Change:
    """The workbook with its deals sheet updated in place (openpyxl keeps the rest)."""
    import openpyxl   # only a workbook's import needs it

    try:
        book = openpyxl.load_workbook(path)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise SourceError(f"{path}: cannot be updated as an Excel workbook ({exc})") from None
    by_name = {n.strip().casefold(): n for n in book.sheetnames}
    sheet = book[by_name.get(path.stem.casefold(), book.sheetnames[0])]
    header_row = next((row[0].row for row in sheet.iter_rows()
                       if any(c.value not in (None, "") for c in row)), None)
    if header_row is None:
        header_row = 1
    names = {str(c.value).strip(): c.column for c in sheet[header_row] if c.value is not None}
    last = max(names.values(), default=0)
    for name in NEW_COLUMNS:
        if name not in names:
            last += 1
            names[name] = last
            sheet.cell(header_row, last, name)
    for row in sheet.iter_rows(min_row=header_row + 1):
        cell = row[names["id"] - 1] if len(row) >= names["id"] else None
        fields = changed.get(str(cell.value).strip()) if cell is not None and \
            cell.value is not None else None
        for name, value in (fields or {}).items():
            sheet.cell(cell.row, names[name], value)
    at = sheet.max_row + 1
    for deal in added:
        values = {"id": deal.id, "member": deal.member, "account": deal.account,
                  "name": deal.name, "amount": deal.amount, "currency": deal.currency,
                  "status": deal.status, "date": deal.date, "stage": "none",
                  "contribution": 0, "source": "crm"}
        for name, value in values.items():
            if value is not None:
                sheet.cell(at, names[name], value).number_format = (
                    "yyyy-mm-dd" if name == "date" else "General")
        at += 1
    data = io.BytesIO()
    book.save(data)
    sheet_name = sheet.title
    return Change(path, data.getvalue(), _mode(path), read_back(
        lambda tmp, rel, problems: xlsx_records(tmp, rel, problems, sheet=sheet_name),
        DEALS.fields))


def _mode(path: Path) -> int | None:
    import stat
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
