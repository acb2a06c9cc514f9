"""Deals: credited revenue, seller SSI, correlation, members to discuss, deals.json, deal pages."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import ssigen
from ssigen.analysis.deals import quarter, summarise_deals

from .folders import FIXTURES, TINY, make_folder, read_expected
from .htmlparse import parse

FOLDER = {
    "ssigen.yml": "title: T\nas_of: 2026-06-30\ncurrency: EUR\nrates: {USD: 0.5}\n",
    "members.csv": """
        id,name,team
        hi,High Nodeals,A
        lo,Low Earner,A
        mid,Mid Seller,A
        new,No Score,A
    """,
    "snapshots/ssi.csv": """
        member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships
        hi,2026-01-01,20,20,20,20
        lo,2026-01-01,10,10,10,10
        lo,2026-04-01,11,11,11,12
        mid,2026-01-01,15,15,15,15
    """,
    "deals.csv": """
        id,member,account,amount,currency,status,date,stage,contribution,meetings
        d1,lo,Acme,100000,EUR,won,2026-03-15,find_prospect,50,2
        d2,lo,Beta,40000,USD,won,2026-04-02,new_contacts,25,1
        d3,mid,Gamma,20000,EUR,won,2026-05-01,other,10,
        d4,mid,Delta,10000,EUR,open,2026-06-01,anticipate_rfp,40,3
        d5,lo,Eps,99999,EUR,lost,2026-06-02,find_account,50,
        d6,mid,Zeta,5000,EUR,won,2026-06-03,none,0,
    """,
}


@pytest.fixture
def summary(tmp_path):
    content, _ = ssigen.load(make_folder(tmp_path, FOLDER, base=None))
    from ssigen.scoring import score_content
    return summarise_deals(content, score_content(content))


def test_seller_ssi_is_the_latest_reported_on_or_before_the_deal(summary):
    views = {v.deal.id: v for v in summary.deals}
    assert (views["d1"].seller_ssi, views["d1"].seller_ssi_date.isoformat()) == (40, "2026-01-01")
    assert (views["d2"].seller_ssi, views["d2"].seller_ssi_date.isoformat()) == (45, "2026-04-01")


def test_totals_and_shares(summary):
    # won: d1 50000 + d2 40000*0.5*0.25=5000 + d3 2000 + d6 0
    assert summary.attributed_revenue == pytest.approx(57000)
    assert summary.influenced_pipeline == pytest.approx(4000)
    assert (summary.won, summary.open, summary.lost, summary.won_influenced) == (4, 1, 1, 3)
    assert summary.share_influenced_pct == pytest.approx(75)
    assert summary.meetings == 6
    assert summary.by_quarter == {"2026-Q1": 50000, "2026-Q2": 7000}
    assert list(summary.by_stage) == ["find_prospect", "new_contacts", "other", "none"]


def test_members_worth_a_conversation(summary):
    flags = {f.member_id: f.kind for f in summary.flags}
    # hi: 80 (expert) and no revenue; lo: 45 (lowest band) with 55000 >= median(55000, 2000)
    assert flags == {"hi": "high_band_no_revenue", "lo": "low_band_strong_revenue"}


def test_correlation_needs_three_members_with_varied_figures(summary):
    cor = summary.correlation
    assert cor.n == 3
    assert cor.rho == pytest.approx(-1.0)      # revenue ranks exactly reverse the scores


@pytest.mark.parametrize("date, label", [("2025-01-01", "2025-Q1"), ("2025-03-31", "2025-Q1"),
                                         ("2025-04-01", "2025-Q2"), ("2025-12-31", "2025-Q4")])
def test_quarter(date, label):
    import datetime as dt
    assert quarter(dt.date.fromisoformat(date)) == label


def test_deals_page_and_person_sections(tmp_path):
    out = tmp_path / "site"
    ssigen.build(make_folder(tmp_path / "c", FOLDER, base=None), out)
    deals = parse(out / "deals.html")
    assert "SSI 80.00 (expert) but no revenue credited" in deals.text
    lo = parse(out / "people" / "lo.html")
    assert "Strong revenue credited to social selling despite a modest SSI" in lo.text
    assert lo.find("table", **{"class": "deals"}) is not None
    index = parse(out / "index.html")
    assert "€57,000" in index.text


# --------------------------------------------------------------------------- hand-checked fixtures
# Every expected value in tests/fixtures/deals/<case>/expected.json was derived by hand from
# docs/format.md (see each case's README.md), not by running ssigen.
#
# expected.json: {"deals": {"currency", "attributed_revenue", "influenced_pipeline",
# "by_member": {id: value}, "by_stage": {stage: value}, "by_quarter": {"YYYY-Qn": value}},
# "members": {id: {"attributed_revenue", "deals_won", "_nullable"?: [field, ...]}}}.
#
# docs/format.md ("The site", data/deals.json): `by_member`, `by_stage` and `by_quarter` are
# sums over won deals and "a key with no won deal may be left out". So, for each map: every
# expected key with a non-zero value must be present with that value; an expected key whose
# value is 0 may be absent; a key present in the output but not expected must be 0.

CASES_DIR = FIXTURES / "deals"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())
TOL = 0.01
MAPS = ("by_member", "by_stage", "by_quarter")


def _build(case: str, tmp_path: Path) -> Path:
    content = make_folder(tmp_path / "content", base=CASES_DIR / case)
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def _expected(case: str) -> dict:
    return read_expected(CASES_DIR / case)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _num_ok(actual, expected) -> bool:
    return _is_number(actual) and abs(actual - expected) <= TOL + 1e-9


def _compare_map(name: str, actual, expected: dict) -> list[str]:
    if not isinstance(actual, dict):
        return [f"{name}: expected a mapping, got {actual!r}"]
    errors = []
    for key, value in expected.items():
        if key not in actual:
            if value != 0:
                errors.append(f"{name}[{key!r}] missing, expected {value!r}")
            continue
        if not _num_ok(actual[key], value):
            errors.append(f"{name}[{key!r}]: got {actual[key]!r}, expected {value!r} (±{TOL})")
    for key, value in actual.items():
        if key not in expected and not _num_ok(value, 0):
            errors.append(f"{name}[{key!r}]: got {value!r}, expected no key or 0 "
                          f"(no won deal with a contribution)")
    return errors


@pytest.mark.parametrize("case", CASES)
def test_fixture_is_valid(case, tmp_path):
    problems = ssigen.check(make_folder(tmp_path / "content", base=CASES_DIR / case))
    assert list(problems.errors) == [], "\n".join(str(e) for e in problems.errors)


@pytest.mark.parametrize("case", CASES)
def test_deals_json(case, tmp_path):
    expected = _expected(case)["deals"]
    out = _build(case, tmp_path)
    data = json.loads((out / "data" / "deals.json").read_text(encoding="utf-8"))

    errors = []
    if data.get("currency") != expected["currency"]:
        errors.append(f"currency: got {data.get('currency')!r}, expected {expected['currency']!r}")
    for field in ("attributed_revenue", "influenced_pipeline"):
        if field not in data:
            errors.append(f"{field} missing")
        elif not _num_ok(data[field], expected[field]):
            errors.append(f"{field}: got {data[field]!r}, expected {expected[field]!r} (±{TOL})")
    for name in MAPS:
        if name not in data:
            errors.append(f"{name} missing")
        else:
            errors.extend(_compare_map(name, data[name], expected[name]))
    assert not errors, f"{case}:\n" + "\n".join(errors)


@pytest.mark.parametrize("case", CASES)
def test_scores_json_deal_figures(case, tmp_path):
    expected = _expected(case)
    out = _build(case, tmp_path)
    data = json.loads((out / "data" / "scores.json").read_text(encoding="utf-8"))

    assert data["currency"] == expected["deals"]["currency"]
    by_id = {m["id"]: m for m in data["members"]}
    assert set(by_id) == set(expected["members"]), "members in scores.json differ from expected"

    errors = []
    for member_id, spec in expected["members"].items():
        got = by_id[member_id]
        nullable = spec.get("_nullable", [])
        for field in ("attributed_revenue", "deals_won"):
            if field not in got:
                errors.append(f"{member_id}.{field} missing")
                continue
            actual = got[field]
            if actual is None and field in nullable:
                continue
            if not _num_ok(actual, spec[field]):
                errors.append(f"{member_id}.{field}: got {actual!r}, expected {spec[field]!r}")
    assert not errors, f"{case}:\n" + "\n".join(errors)


def test_fixture_cases_present():
    assert {"mixed", "usd"} <= set(CASES)


# --------------------------------------------------------------------------- hostile verbatim

HOSTILE_VERBATIM = ('She said "thanks", then <script>alert(1)</script>'
                    '<img src=x onerror=alert(2)> <a href="javascript:alert(3)">proof</a> '
                    'javascript:alert(4)')


def _hostile_deals_csv() -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(["id", "member", "account", "amount", "currency", "status", "date",
                     "stage", "contribution", "meetings", "verbatim"])
    writer.writerow(["H-1", "lee", "Acme", "1000", "USD", "won", "2025-06-15",
                     "start_conversation", "40", "2", HOSTILE_VERBATIM])
    text = buffer.getvalue()
    assert '"She said ""thanks"", then' in text  # a properly quoted cell
    return text


def test_hostile_verbatim_renders_as_text(tmp_path):
    content = make_folder(tmp_path / "content", {"deals.csv": _hostile_deals_csv().encode()},
                          base=CASES_DIR / "usd")
    assert list(ssigen.check(content).errors) == []
    out = tmp_path / "site"
    ssigen.build(content, out)

    for page in (out / "deals.html", out / "people" / "lee.html"):
        assert page.is_file(), page
        doc = parse(page)
        for script in doc.find_all("script"):
            assert (script.attrs.get("src") or "").startswith(("assets/", "../assets/")) \
                or script.attrs.get("type") == "application/json", f"{page}: {script.attrs}"
            assert "</script" not in script.text.lower(), page
        for element in doc.elements:
            assert not any(a.lower().startswith("on") for a in element.attrs), \
                f"{page}: {element.tag} {element.attrs}"
            for attr in ("href", "src"):
                value = (element.attrs.get(attr) or "").strip().lower()
                assert not value.startswith("javascript:"), f"{page}: {element.tag} {element.attrs}"
        assert HOSTILE_VERBATIM in doc.text, f"{page}: verbatim not shown as text"


# --------------------------------------------------------------------------- bounded figures

def test_the_largest_amounts_give_finite_figures_everywhere(folder, tmp_path):
    rows = "".join(f"d{i},ann,1e12,won,2026-01-01,other,100\n" for i in range(50))
    root = folder({
        "ssigen.yml": "title: T\ncurrency: EUR\nrates: {USD: 1000000}\n",
        "deals.csv": "id,member,amount,currency,status,date,stage,contribution\n"
                     + rows.replace(",won", ",USD,won"),
    }, base=TINY)
    out = tmp_path / "site"
    ssigen.build(root, out)
    for path in (out / "data").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"),
                   parse_constant=lambda c: pytest.fail(f"{c} in {path.name}"))
    for page in out.rglob("*.html"):
        assert not re.search(r"\binf\b|∞|\bnan\b", parse(page).text, re.IGNORECASE), page
