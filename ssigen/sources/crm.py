"""A CRM's opportunity export → deals: Salesforce report CSVs, HubSpot deals exports and
Dynamics 365 workbooks (SOURCES.md §3).

Which CRM wrote a file is seen from its headings (`headings.CRMS`). Each row becomes a
`CrmDeal`: the CRM's id, the owner matched to a member, and what follows the CRM (amount,
currency, status, date, account, name). Merging them into the deals table is
`deals_table`'s job.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..load.kinds import MAX_AMOUNT
from ..model import Content
from .dates import date_order, parse_export_date
from .headings import CRMS, LOST, WON, key, lookup
from .members import Matcher
from .sheet import Sheet, match_headings, read_sheet
from .values import SourceError

NAMES = {"salesforce": "a Salesforce report", "hubspot": "a HubSpot deals export",
         "dynamics": "a Dynamics 365 export"}
FOOTER = re.compile(r"grand totals?\b.*|confidential information\b.*|copyright\b.*|©.*",
                    re.IGNORECASE)
GRAND_TOTAL = re.compile(r"grand totals? \((\d+) records?\)", re.IGNORECASE)
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "CHF": "CHF", "US$": "USD"}
CURRENCY = re.compile(r"^\s*(?P<pre>[A-Z]{3}|US\$|[$€£¥])?\s*"
                      r"(?P<number>[-(]?[\d.,' \u00a0\u202f]+\)?)"
                      r"\s*(?P<post>[A-Z]{3}|[$€£¥])?\s*$")


@dataclass(frozen=True)
class CrmDeal:
    where: str
    id: str
    member: str
    amount: float
    date: dt.date
    status: str
    currency: str | None = None
    account: str | None = None
    name: str | None = None


@dataclass
class CrmExport:
    where: str
    crm: str
    deals: list[CrmDeal]
    unknown: dict[str, list[str]] = field(default_factory=dict)   # owner → deal ids skipped
    no_amount: list[str] = field(default_factory=list)   # open or lost deals without one


def crm_of(headings: list[str]) -> str | None:
    """Which CRM wrote a header row: the one whose id and most of whose headings it has."""
    keys = {key(h) for h in headings}
    best, score = None, 1
    for crm, spec in CRMS.items():
        known = lookup(spec)
        fields = {known[k] for k in keys if k in known}
        if "id" in fields or crm == "salesforce":
            found = len(fields) + (2 if "id" in fields else 0)
            if found > score and {"owner", "stage"} <= fields:
                best, score = crm, found
    return best


def read_crm(path: Path, content: Content, *, order: str | None = None,
             skip_unknown: bool = False, mapped: dict[str, str] | None = None,
             sheet_name: str | None = None) -> CrmExport:
    sheet = _without_footer(read_sheet(path, sheet_name))
    crm = crm_of(sheet.headings)
    if crm is None:
        raise SourceError(f"{sheet.where}:{sheet.header_row}: is not an opportunity export "
                          "ssigen knows (a Salesforce report, a HubSpot deals export, a "
                          "Dynamics 365 export)")
    spec = CRMS[crm]
    columns = match_headings(sheet, lookup(spec), mapped or {}, tuple(spec))
    for needed in ("id", "owner", "stage"):
        if needed not in columns:
            raise SourceError(f"{sheet.where}:{sheet.header_row}: {NAMES[crm]} without a "
                              f"'{spec[needed][0]}' column: add it to the export (ssigen "
                              "merges deals by the CRM's id)" if needed == "id" else
                              f"{sheet.where}:{sheet.header_row}: {NAMES[crm]} without a "
                              f"'{spec[needed][0]}' column")
    dated = [(f"{sheet.where}:{n}: {sheet.headings[columns[f]]}", c[columns[f]])
             for n, c in sheet.rows for f in ("date", "est_date")
             if f in columns and columns[f] < len(c) and c[columns[f]] is not None]
    order = date_order(dated, order, sheet.where) if dated else order
    matcher = Matcher(content.members)
    export = CrmExport(sheet.where, crm, [])
    errors, seen = [], {}
    for number, cells in sheet.rows:
        where = f"{sheet.where}:{number}"
        value = {f: _cell(cells[i]) if i < len(cells) else None for f, i in columns.items()}
        try:
            deal = _deal(value, where, sheet, columns, order, matcher, crm, export)
        except _Unknown as unknown:
            if skip_unknown:
                export.unknown.setdefault(unknown.owner, []).append(unknown.deal_id)
            else:
                errors.append(str(unknown.error))
            continue
        except SourceError as exc:
            errors.append(str(exc))
            continue
        if deal.id in seen:
            errors.append(f"{where}: {spec['id'][0]} '{deal.id}' is also row {seen[deal.id]}")
            continue
        seen[deal.id] = number
        export.deals.append(deal)
    if errors:
        hint = ("; --skip-unknown leaves out the deals of owners who are not members"
                if any("no member" in e for e in errors) else "")
        raise SourceError((errors[0] if len(errors) == 1 else
                           f"{sheet.where}: {len(errors)} rows cannot be imported") + hint,
                          [e for e in errors] if len(errors) > 1 else None)
    return export


class _Unknown(Exception):
    def __init__(self, owner: str, deal_id: str, error: SourceError):
        super().__init__(str(error))
        self.owner, self.deal_id, self.error = owner, deal_id, error


def _deal(value: dict, where: str, sheet: Sheet, columns: dict[str, int], order: str | None,
          matcher: Matcher, crm: str, export: CrmExport) -> CrmDeal:
    heading = {f: sheet.headings[i] for f, i in columns.items()}
    deal_id = _required(value, "id", where, heading)
    status = _status(value.get("stage"))
    owner = value.get("owner") or value.get("owner_email")
    try:
        member = matcher.member_of(value.get("owner_email"), value.get("owner"), where)
    except SourceError as exc:
        raise _Unknown(str(owner or "(no owner)"), deal_id, exc) from None
    amount_field, date_field = "amount", "date"
    if crm == "dynamics":   # actual figures once a deal is closed, estimates before
        if status != "won" or value.get("amount") is None:
            amount_field = "est_amount"
        if status == "open" or value.get("date") is None:
            date_field = "est_date"
    date = parse_export_date(_required(value, date_field, where, heading), order,
                             f"{where}: {heading.get(date_field, date_field)}")
    raw = value.get(amount_field)
    if raw is None and status != "won":
        export.no_amount.append(deal_id)
        amount, symbol = 0.0, None
    else:
        amount, symbol = parse_amount(_required(value, amount_field, where, heading),
                                      sheet.decimal_comma and not sheet.workbook,
                                      f"{where}: {heading.get(amount_field, amount_field)}")
    currency = value.get("currency")
    currency = str(currency).strip().upper() if currency else None
    if symbol and currency and symbol != currency:
        raise SourceError(f"{where}: {heading[amount_field]}: is written in {symbol} but "
                          f"{heading['currency']} says {currency}")
    currency = currency or symbol
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
        raise SourceError(f"{where}: {heading.get('currency', 'currency')}: '{currency}' is "
                          "not an ISO 4217 code such as EUR or USD")
    return CrmDeal(where, deal_id, member, amount, date, status, currency,
                   _text(value.get("account")), _text(value.get("name")))


def _required(value: dict, name: str, where: str, heading: dict[str, str]):
    found = value.get(name)
    if found is None:
        raise SourceError(f"{where}: {heading.get(name, name)}: is empty")
    return str(found).strip() if name == "id" else found


def _status(stage) -> str:
    folded = key(str(stage or ""))
    return "won" if folded in WON else "lost" if folded in LOST else "open"


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(value) -> str | None:
    return None if value is None else str(value).strip()[:200] or None


def parse_amount(value, decimal_comma: bool, where: str) -> tuple[float, str | None]:
    """An amount and the currency its symbol names: `$1,234,567.00`, `EUR 48,000.00`,
    `48.000,00 €`, `1 234,56`, or a number cell."""
    if isinstance(value, bool):
        raise SourceError(f"{where}: expected an amount (got {value})")
    if isinstance(value, (int, float)):
        number, symbol = float(value), None
    else:
        text = str(value).strip()
        match = CURRENCY.fullmatch(text)
        if match is None or (match["pre"] and match["post"]):
            raise SourceError(f"{where}: '{text[:40]}' is not an amount (expected e.g. "
                              "1234.50, $1,234.50 or EUR 1.234,50)")
        symbol = SYMBOLS.get(match["pre"] or match["post"] or "",
                             match["pre"] or match["post"])
        if match["number"].lstrip().startswith(("-", "(")):
            raise SourceError(f"{where}: '{text[:40]}' is negative; a deal's amount is 0 "
                              "or more")
        number = _number(match["number"], decimal_comma)
        if number is None:
            raise SourceError(f"{where}: '{text[:40]}' is not an amount (expected e.g. "
                              "1234.50, $1,234.50 or EUR 1.234,50)")
    if not 0 <= number <= MAX_AMOUNT:
        raise SourceError(f"{where}: {number:,.2f} is out of range (amounts are 0 to 10^12)")
    return number, symbol


def _number(text: str, decimal_comma: bool) -> float | None:
    text = re.sub(r"[ '\u00a0\u202f]", "", text)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text) and not (
            decimal_comma and re.fullmatch(r"\d+,\d{3}", text)):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d+", text):
        return float(text.replace(",", "."))
    return None


def _without_footer(sheet: Sheet) -> Sheet:
    """A Salesforce report's rows without its footer: `Grand Totals (N records)`, the
    confidentiality line, the copyright line (N checked: a cut export is an error)."""
    for index, (number, cells) in enumerate(sheet.rows):
        first = next((str(c).strip() for c in cells if c not in (None, "")), "")
        filled = sum(c not in (None, "") for c in cells)
        if FOOTER.fullmatch(first) and filled <= 2:
            total = GRAND_TOTAL.match(first)
            if total and int(total[1]) != index:
                raise SourceError(f"{sheet.where}:{number}: the report counts {total[1]} "
                                  f"records but holds {index}: is the export cut short?")
            return Sheet(sheet.where, sheet.headings, sheet.rows[:index], sheet.header_row,
                         sheet.decimal_comma, sheet.workbook)
    return sheet
