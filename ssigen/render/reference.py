"""docs/templates.md, written from the view models and the built-in templates themselves.

    python -m ssigen.render.reference > docs/templates.md

A test checks that the file in docs/ is what this writes, so the reference cannot drift.
"""
from __future__ import annotations

import dataclasses
import inspect
import re

from ..views.base import PLAIN_FORMATS, Cell, Column, MemberLink, Row, Table
from ..views.cohort import CohortView
from ..views.deals import DealsView
from ..views.methodology import MethodologyView
from ..views.person import PersonView
from ..views.team import TeamView
from .html import builtin_templates

PAGES = (
    ("index.html", "index.html", TeamView),
    ("person.html", "people/<member-id>.html", PersonView),
    ("cohort.html", "cohorts/<cohort-id>.html", CohortView),
    ("deals.html", "deals.html (when there are deals)", DealsView),
    ("methodology.html", "methodology.html", MethodologyView),
)

COMMON = (
    ("report", "the options of ssigen.yml (title, client, brand, contact_href…)"),
    ("as_of", "the date the figures are computed at"),
    ("assets", "the site's asset files by name, e.g. `assets['style.css']`"),
    ("logo", "the logo's path in the site, or none"),
    ("nav_extra", "the navigation links after “Team” (path, label)"),
    ("pillars", "the four pillar keys, in order"),
    ("pillar_short", "each pillar's short name, translated"),
    ("band_index", "each band label's position, for its colour"),
    ("overall", "the report-wide averages"),
    ("by_id", "every member's scores by member id"),
    ("member_names", "every member's name by member id"),
    ("stage_names", "each deal stage's name, translated"),
    ("status_names", "each deal status's name, translated"),
    ("page_path", "the page being rendered, from the site's root"),
    ("has_charts", "whether the page draws charts (it then loads the chart scripts)"),
    ("locale, currency", "the report's locale and currency"),
)

PARTIALS = ("The pages import their partials (`_table.html`, `_cells.html`, `_chart.html`, "
            "`_deals.html`, `_macros.html`) without the page's context, so each partial is "
            "made once, not once a page: a partial's macro sees its arguments and the names "
            "every page shares (above) but `page_path` and `has_charts`, and its `url` "
            "filter makes links relative to the page being rendered all the same. A content "
            "folder's page may still import a partial `with context`.")

FILTERS = (
    ("url", "a path from the site's root, relative to the page being rendered"),
    ("num(digits=2)", "a number in the report's locale"),
    ("exact", "a number with no decimals when it is whole, two otherwise"),
    ("measure(signal)", "a rubric signal's value: a ratio (`a/b`) as a percentage"),
    ("signed(digits=2)", "a difference with its sign"),
    ("pct(digits=0)", "a percentage"),
    ("money(code=currency)", "an amount with its currency"),
    ("date(style='medium')", "a date in the report's locale"),
    ("cell", "any value as a chart's data table shows it"),
    ("tr", "a word from the data (band, check) translated"),
    ("markdown", "a consultant's note as sanitised HTML"),
)


def _fields(cls) -> list[str]:
    return [f"| `{f.name}` | `{f.type}` |" for f in dataclasses.fields(cls)]


def _blocks(template: str) -> list[str]:
    text = (builtin_templates() / template).read_text(encoding="utf-8")
    return re.findall(r"{%-?\s*block\s+(\w+)", text)


def _cell_formats() -> list[str]:
    text = (builtin_templates() / "_cells.html").read_text(encoding="utf-8")
    return [name for name in re.findall(r"{%-?\s*macro\s+(\w+)", text) if name != "heading"]


def _doc(cls) -> str:
    return " ".join(inspect.cleandoc(cls.__doc__ or "").split())


def reference() -> str:
    out = [
        "# Templates: what each page's template receives",
        "",
        "<!-- Written by `python -m ssigen.render.reference > docs/templates.md`; "
        "do not edit by hand. -->",
        "",
        "A content folder may hold a `templates/` folder. A template there replaces the "
        "built-in template of the same name; `person-<member-id>.html` or "
        "`cohort-<cohort-id>.html` replaces it for one page only. To change one section "
        "and keep the rest, extend the built-in template with the `default:` prefix and "
        "override its block:",
        "",
        "```jinja",
        '{% extends "default:person.html" %}',
        "{% block history %}{% endblock %}",
        "```",
        "",
        "Templates only format: every figure comes computed in the page's view model. "
        "Templates from a content folder run in Jinja's sandbox.",
        "",
        "## Every page",
        "",
        "| name | what it is |",
        "|---|---|",
        *(f"| `{name}` | {doc} |" for name, doc in COMMON),
        "",
        "Filters:",
        "",
        *(f"- `{name}`: {doc}" for name, doc in FILTERS),
        "",
        "## Tables",
        "",
        "Every data table is written by `_table.html`'s `table(t)` macro from a "
        "`Table` of the view model. " + _doc(Table),
        "",
        "| Column field | type |",
        "|---|---|",
        *_fields(Column),
        "",
        _doc(Column),
        "",
        "A row is a tuple of values. `Row`: " + _doc(Row) + " `Cell`: " + _doc(Cell)
        + " `MemberLink`: " + _doc(MemberLink),
        "",
        "Plain cell formats, written by the filter of that name (`text` writes the value, "
        "or a dash for none): " + ", ".join(f"`{name}`" for name in PLAIN_FORMATS) + ".",
        "",
        "Other cell formats (macros of `_cells.html`, which a content folder may override): "
        + ", ".join(f"`{name}`" for name in _cell_formats()) + ".",
        "",
        PARTIALS,
    ]
    for template, path, cls in PAGES:
        out += ["", f"## {template}", "", f"Writes `{path}`. {_doc(cls)}", "",
                "Blocks: " + ", ".join(f"`{b}`" for b in _blocks(template)) + ".", "",
                "| name | type |", "|---|---|", *_fields(cls)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(reference(), end="")
