"""Templates a consultant can change: blocks, the default: prefix, per-page templates, and
the reference in docs/templates.md."""
from __future__ import annotations

import shutil
from pathlib import Path

import ssigen
from ssigen.render.reference import reference

from .htmlparse import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"


def _build_with(tmp_path: Path, templates: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    for name, text in templates.items():
        (content / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (content / "templates" / name).write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def test_a_block_of_a_builtin_page_is_overridden_through_the_default_prefix(tmp_path):
    out = _build_with(tmp_path, {"person.html": (
        '{% extends "default:person.html" %}\n'
        '{% block history %}<p id="mine">{{ member.name }}: {{ ms.score|num }}</p>{% endblock %}\n')})
    page = parse(out / "people" / "pieter-jansen.html")
    assert page.find("p", id="mine").text == "Pieter Jansen: 51.79"
    assert page.find("div", id="chart-history") is None     # the history block is replaced
    assert page.find("div", id="chart-pillars") is not None  # every other section stays
    assert page.find("h2", id="audit") is not None


def test_a_table_format_is_changed_everywhere_by_overriding_the_cells(tmp_path):
    cells = (ROOT / "templates" / "_cells.html").read_text(encoding="utf-8")
    cells = cells.replace('{% macro deal_amount(v) -%}\n',
                          '{% macro deal_amount(v) -%}\n<b class="mine">{{ v.deal.id }}</b>')
    out = _build_with(tmp_path, {"_cells.html": cells})
    for page in ("deals.html", "people/jonas-muller.html"):
        marked = parse(out / page).find_all("b", **{"class": "mine"})
        assert marked and all(b.text.strip() for b in marked), page


def test_docs_templates_md_is_the_reference_the_views_write():
    documented = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert documented == reference(), \
        "docs/templates.md is stale: run python -m ssigen.render.reference > docs/templates.md"
