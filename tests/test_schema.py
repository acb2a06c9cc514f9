"""The declared schema: docs/format.md names the same fields, and every field and rule says
what it is for (as Datasette tests that every setting is documented)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ssigen.load.fields import Field, Section, paths
from ssigen.load.kinds import parse_currency
from ssigen.load.records import Record
from ssigen.load.schema import TABLES

FORMAT_MD = Path(__file__).resolve().parent.parent / "docs" / "format.md"


def documented_fields() -> dict[str, set[str]]:
    """Field names in the first column of every table of docs/format.md, by the `##` section
    they are in (its first word); a `###` sub-heading names the section they belong to."""
    found: dict[str, set[str]] = {}
    table = sub = None
    for line in FORMAT_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table, sub = line[3:].split()[0].rstrip(":"), None
            found.setdefault(table, set())
        elif line.startswith("### "):
            sub = line[4:].strip()
        elif table and line.startswith("|") and not re.match(r"\|\s*-", line):
            cell = line.split("|")[1].strip()
            if cell == "field":
                continue
            for name in re.split(r",\s*", cell.replace("`", "")):
                name = name.removesuffix(" or").strip()
                found[table].add(f"{sub}.{name}" if sub else name)
    return found


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_format_md_names_exactly_the_fields_of_the_schema(table):
    documented = documented_fields()
    assert table.name in documented, f"docs/format.md has no '## {table.name}' section"
    assert documented[table.name] == set(paths(table.fields))


def _specs(schema, prefix=""):
    for name, spec in schema.items():
        yield prefix + name, spec
        if isinstance(spec, Section):
            yield from _specs(spec.fields, f"{prefix}{name}.")


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_field_section_and_rule_has_a_doc(table):
    undocumented = [name for name, spec in _specs(table.fields) if not spec.doc.strip()]
    rules = [*table.rules, *(r for _, s in _specs(table.fields) if isinstance(s, Section)
                             for r in s.rules)]
    undocumented += [f"rule on {r.field}" for r in rules if not r.doc.strip()]
    assert table.doc.strip() and undocumented == []


def test_a_field_with_choices_reads_its_kind_first():
    field = Field(parse_currency, "a currency", choices=("EUR", "USD"))
    assert field.read(" usd ", Record("x.csv", 2, {})) == "USD"


def test_format_md_lists_the_decision_maker_words_as_declared():
    from ssigen.sources.lexicon import DECISION_MAKER_WORDS
    text = FORMAT_MD.read_text(encoding="utf-8")
    paragraph = text[text.index("**Decision makers.**"):].split("\n\n")[0]
    listed = re.findall(r"`([^`]+)`", paragraph.split(" one of: ")[1].split(". `")[0])
    assert listed == list(DECISION_MAKER_WORDS)
