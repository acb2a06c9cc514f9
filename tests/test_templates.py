"""Templates: blocks, default: prefix, per-page templates, sandbox budgets, docs/templates.md."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

import ssigen
from ssigen.render import pages as site_render
from ssigen.render.reference import reference

from .folders import ROOT, SAMPLE, TINY, make_folder
from .htmlparse import parse


def _build_with(tmp_path: Path, templates: dict[str, str]) -> Path:
    content = make_folder(tmp_path / "content",
                          {f"templates/{name}": text.encode("utf-8")
                           for name, text in templates.items()}, base=SAMPLE)
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


def test_user_template_overrides_builtin_by_name(tmp_path, sample_copy):
    make_folder(sample_copy, {
        "templates/person-claire-dubois.html": "<p>Custom {{ member.name }}</p>",
        "templates/person-marco-bellini-x.html": "<p>Custom Marco</p>",
        "assets/logo.txt": "logo",
    }, base=None)
    out = tmp_path / "site"
    ssigen.build(sample_copy, out)
    assert (out / "people" / "claire-dubois.html").read_text(encoding="utf-8") == \
        "<p>Custom Claire Dubois</p>"
    assert "Custom Marco" not in (out / "people" / "marco-bellini.html").read_text(encoding="utf-8")
    assert (out / "assets" / "logo.txt").read_text(encoding="utf-8") == "logo"


def test_docs_templates_md_is_the_reference_the_views_write():
    documented = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert documented == reference(), \
        "docs/templates.md is stale: run python -m ssigen.render.reference > docs/templates.md"


# --------------------------------------------------------------------------- the sandbox

def failed_build(root, out) -> list[str]:
    with pytest.raises(ssigen.ContentErrors) as caught:
        ssigen.build(root, out)
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []
    return [str(e) for e in caught.value.errors]


TEMPLATE_CASES = {
    "recursive macro": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
                        "it calls itself without end"),
    "self include": ('{% include "index.html" %}', "it calls itself without end"),
    "range": ("{% for i in range(200000) %}x{% endfor %}", "Range too big"),
    "huge string": ('{{ "x" * 1000000000 }}', "more than 1,000,000 items"),
    "doubling": ('{% set ns = namespace(s="xxxxxxxxxx") %}{% for i in range(40) %}'
                 '{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}',
                 "more than 1,000,000 items"),
    "center": ('{{ "x"|center(1000000000) }}', "'center' with a number above 1,000,000"),
    "ljust": ('{{ "x".ljust(1000000000) }}', "a number above 1,000,000 given to a function"),
    "format": ('{{ "%999999999s"|format(1) }}', "more than 1,000,000 items"),
    "replace": ('{{ ("x" * 999999)|replace("", "yy") }}', "more than 1,000,000 items"),
    "power": ("{{ 10 ** 10000000 }}", "an exponent larger than 1000"),
    "many large strings": ('{% for i in range(90000) %}{% set y = "y" * 999999 %}{% endfor %}',
                           "more than 50,000,000 characters"),
    "large page": ('{% for i in range(90000) %}{{ "y" * 999999 }}{% endfor %}',
                   "the page would be larger than 20 MB"),
    "division": ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_CASES))
def test_a_template_that_asks_too_much_is_a_clear_error(folder, tmp_path, case):
    source, message = TEMPLATE_CASES[case]
    root = folder({"templates/index.html": source}, base=TINY)
    started = time.perf_counter()
    errors = failed_build(root, tmp_path / "site")
    assert time.perf_counter() - started < 8
    assert len(errors) == 1 and errors[0].startswith("templates/index.html:")
    assert message in errors[0]
    assert "cannot render index.html" in errors[0]


# The timer may first interrupt a destructor, which swallows the exception; it fires again.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_template_loop_too_long_runs_out_of_time(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(site_render, "PAGE_SECONDS", 1)
    root = folder({"templates/index.html": "{% for i in range(99999) %}{% for j in range(99999) %}"
                                           "{{ i }}{% endfor %}{% endfor %}"}, base=TINY)
    started = time.perf_counter()
    errors = failed_build(root, tmp_path / "site")
    assert time.perf_counter() - started < 10
    assert errors == ["templates/index.html: cannot render index.html: takes more than 1 s "
                      "to render (a loop too large?)"]


def test_the_failing_included_template_is_named(folder, tmp_path):
    root = folder({
        "templates/index.html": '{% extends "base.html" %}{% block content %}'
                                '{% include "part.html" %}{% endblock %}',
        "templates/part.html": "ok\n{{ 1 / 0 }}\n",
    }, base=TINY)
    errors = failed_build(root, tmp_path / "site")
    assert errors[0].startswith("templates/part.html:2: cannot render index.html")


def test_templates_are_compiled_once_and_kept_between_builds(tmp_path, monkeypatch):
    """A second build loads every template from the bytecode cache, compiling none; an
    edited template is compiled again, so the cache never serves a stale page."""
    import jinja2
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    content = make_folder(tmp_path / "content", {"templates/person-pieter-jansen.html":
                                                 "<p>first {{ member.name }}</p>"}, base=SAMPLE)
    ssigen.build(content, tmp_path / "one")
    assert list((tmp_path / "cache" / "ssigen").glob("templates-*-sandboxed-*/*"))
    compiled = []
    real_compile = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *a, **k: compiled.append(name)
                        or real_compile(self, source, name, *a, **k))
    ssigen.build(content, tmp_path / "two")
    assert compiled == []
    (content / "templates" / "person-pieter-jansen.html").write_text(
        "<p>second {{ member.name }}</p>", encoding="utf-8")
    ssigen.build(content, tmp_path / "three")
    assert compiled == ["person-pieter-jansen.html"]
    assert (tmp_path / "three" / "people" / "pieter-jansen.html").read_text(
        encoding="utf-8") == "<p>second Pieter Jansen</p>"


@pytest.mark.parametrize("custom", [False, True], ids=["built-in", "sandboxed"])
def test_templates_read_the_environments_globals_as_they_are_now(tmp_path, custom):
    """Templates share the environment's globals (no copy, no ChainMap): a global set after
    a template was loaded is what it reads, and a template given globals of its own keeps
    them to itself."""
    from ssigen.render.html import make_environment

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("{{ later }}", encoding="utf-8")
    env = make_environment("en", "EUR", folder if custom else None)
    env.globals["later"] = "first"
    page = env.from_string("{{ later }}")
    assert page.render() == "first"
    env.globals["later"] = "second"
    assert page.render() == "second"
    if custom:
        assert env.get_template("page.html").render() == "second"
    own = env.from_string("{{ later }}", globals={"later": "its own"})
    assert own.render() == "its own" and env.globals["later"] == "second"


def test_printed_values_are_written_as_jinjas_escape_writes_them():
    """Printed values skip the Markup Jinja wraps each in, and read the same: text escaped,
    HTML kept, numbers and other objects as their text; an undefined value still fails."""
    import jinja2
    import markupsafe

    from ssigen.render.cells import escape_text, escaped
    from ssigen.render.html import make_environment

    class Html:
        def __html__(self):
            return "<i>kept</i>"

    class Shown:
        def __str__(self):
            return "a < b & \"c\" 'd'"

    values = ["plain", "<script>&\"'", "", markupsafe.Markup("<b>safe</b>"), 42, -1.5, None,
              True, Html(), Shown(), ["<x>"], {"k": "<v>"}]
    for value in values:
        assert escaped(value) == str(markupsafe.escape(value)), value
    for text in ("plain", "<script>&\"'", "", "é – ☃"):   # without MarkupSafe's own
        assert escape_text(text) == str(markupsafe.escape(text)) and type(escape_text(text)) is str
    env = make_environment("en", "EUR")
    template = env.from_string("{% for v in values %}[{{ v }}]{% endfor %}")
    assert template.render(values=values) == "".join(
        f"[{markupsafe.escape(v)}]" for v in values)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nowhere }}").render()
