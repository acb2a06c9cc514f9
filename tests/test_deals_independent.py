"""Independent, hand-checked figures of data/deals.json and of the members' deal figures.

Every expected value in tests/fixtures/deals/<case>/expected.json was derived by hand from
FORMAT.md (see each case's README.md), not by running ssigen.

expected.json: {"deals": {"currency", "attributed_revenue", "influenced_pipeline",
"by_member": {id: value}, "by_stage": {stage: value}, "by_quarter": {"YYYY-Qn": value}},
"members": {id: {"attributed_revenue", "deals_won", "_nullable"?: [field, ...]}}}.

FORMAT.md: `by_member`, `by_stage` and `by_quarter` are sums over won deals and "a key with no
won deal may be left out". So, for each map: every expected key with a non-zero value must be
present with that value; an expected key whose value is 0 may be absent; a key present in the
output but not expected must be 0.

Also here: the deal errors of `ssigen.check` (currency without a rate, contribution with stage
`none`) on top of a fixture, and a hostile `verbatim` rendered as text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import ssigen
from .htmlparse import parse

from .conftest import copy_fixture, read_expected

FIXTURES = Path(__file__).parent / "fixtures" / "deals"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
TOL = 0.01
MAPS = ("by_member", "by_stage", "by_quarter")


# --------------------------------------------------------------------------- helpers

def _copy_content(case: str, tmp_path: Path) -> Path:
    """Copy the fixture to tmp_path, without the files that are not part of the format."""
    return copy_fixture(FIXTURES / case, tmp_path / "content")


def _build(case: str, tmp_path: Path) -> Path:
    content = _copy_content(case, tmp_path)
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def _expected(case: str) -> dict:
    return read_expected(FIXTURES / case)


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


def _normalise_places(problems, content: Path) -> set[tuple]:
    """(file relative to the content folder, line, field) of every error."""
    places = set()
    root = content.as_posix()
    for e in problems.errors:
        text = str(e.file).replace("\\", "/") if e.file is not None else None
        if text is not None and text.startswith(root + "/"):
            text = text[len(root) + 1:]
        places.add((text, e.line, e.field))
    return places


# --------------------------------------------------------------------------- figures

@pytest.mark.parametrize("case", CASES)
def test_fixture_is_valid(case, tmp_path):
    problems = ssigen.check(_copy_content(case, tmp_path))
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


# --------------------------------------------------------------------------- check errors

BAD_HEADER = "id,member,account,amount,currency,status,date,stage,contribution\n"


def test_deal_errors_in_csv(tmp_path):
    content = _copy_content("mixed", tmp_path)
    (content / "deals" / "bad.csv").write_text(
        BAD_HEADER
        + "X-1,ana,Chalet AG,100,CHF,won,2025-01-10,other,10\n"      # line 2: no rate for CHF
        + "X-2,ben,Dune SA,100,EUR,won,2025-01-11,none,20\n"         # line 3: none + 20
        + "X-3,ben,Erg SA,100,,open,2025-01-12,,20\n"                # line 4: absent stage + 20
        + "X-4,cleo,Fuji KK,100,JPY,lost,2025-01-13,other,10\n",     # line 5: no rate for JPY
        encoding="utf-8")
    problems = ssigen.check(content)
    shown = "\n".join(str(e) for e in problems.errors)
    assert _normalise_places(problems, content) == {
        ("deals/bad.csv", 2, "currency"),
        ("deals/bad.csv", 3, "contribution"),
        ("deals/bad.csv", 4, "contribution"),
        ("deals/bad.csv", 5, "currency"),
    }, shown
    for e in problems.errors:
        assert e.message, shown
    currency = [e for e in problems.errors if e.field == "currency"]
    assert any("CHF" in f"{e.message} {e.hint or ''}" for e in currency), shown


def test_deal_errors_in_yaml(tmp_path):
    content = _copy_content("mixed", tmp_path)
    (content / "deals" / "bad.yml").write_text(
        "- id: Y-1\n"                 # 1
        "  member: ana\n"             # 2
        "  amount: 100\n"             # 3
        "  currency: CHF\n"           # 4  no rate for CHF
        "  date: 2025-01-10\n"        # 5
        "  stage: other\n"            # 6
        "  contribution: 10\n"        # 7
        "- id: Y-2\n"                 # 8
        "  member: ben\n"             # 9
        "  amount: 100\n"             # 10
        "  date: 2025-01-11\n"        # 11
        "  stage: none\n"             # 12
        "  contribution: 20\n",       # 13 must be 0 when stage is none
        encoding="utf-8")
    problems = ssigen.check(content)
    shown = "\n".join(str(e) for e in problems.errors)
    assert _normalise_places(problems, content) == {
        ("deals/bad.yml", 4, "currency"),
        ("deals/bad.yml", 13, "contribution"),
    }, shown


def test_deal_error_in_top_level_deals_csv(tmp_path):
    content = _copy_content("usd", tmp_path)
    (content / "deals.csv").write_text(
        (FIXTURES / "usd" / "deals.csv").read_text(encoding="utf-8")
        + "U-7,pat,Omega Ltd,100,GBP,won,2025-06-01,other,10\n", encoding="utf-8")
    problems = ssigen.check(content)
    assert _normalise_places(problems, content) == {("deals.csv", 8, "currency")}, \
        "\n".join(str(e) for e in problems.errors)


# --------------------------------------------------------------------------- hostile verbatim

HOSTILE_VERBATIM = ('She said "thanks", then <script>alert(1)</script>'
                    '<img src=x onerror=alert(2)> <a href="javascript:alert(3)">proof</a> '
                    'javascript:alert(4)')


def _write_hostile(tmp_path: Path) -> Path:
    content = _copy_content("usd", tmp_path)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(["id", "member", "account", "amount", "currency", "status", "date",
                     "stage", "contribution", "meetings", "verbatim"])
    writer.writerow(["H-1", "lee", "Acme", "1000", "USD", "won", "2025-06-15",
                     "start_conversation", "40", "2", HOSTILE_VERBATIM])
    text = buffer.getvalue()
    assert '"She said ""thanks"", then' in text  # a properly quoted cell
    (content / "deals.csv").write_text(text, encoding="utf-8")
    return content


def test_hostile_verbatim_renders_as_text(tmp_path):
    content = _write_hostile(tmp_path)
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
