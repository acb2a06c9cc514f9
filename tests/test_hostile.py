"""Hostile and broken input: clear errors, inert output, the previous site kept."""
from __future__ import annotations

import csv
import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ssigen
from ssigen.errors import ContentError
from ssigen.load import load_content
from ssigen.site import writer as site_writer

from .conftest import SAMPLE, write_folder
from .htmlparse import parse

BASE = {
    "ssigen.yml": "title: T\n",
    "members.csv": "id,name,team\nann,Ann,A\nbob,Bob,A\n",
    "snapshots/ssi.csv": "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
                         "ann,2026-01-02,10,10,10,10\nbob,2026-01-02,12,12,12,12\n",
}
TABLES = ["ssigen.yml", "members.csv", "members.yml", "snapshots/ssi.csv", "snapshots/x.yml",
          "deals.csv", "cohorts.yml", "rubric.yml"]


def _assert_clear(problems) -> None:
    for problem in problems.items:
        assert isinstance(problem, ContentError)
        assert problem.file and problem.message
        assert "Traceback" not in str(problem)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(TABLES), data=st.binary(max_size=400))
def test_any_bytes_in_any_file_give_a_model_or_clear_errors(tmp_path_factory, name, data):
    root = write_folder(tmp_path_factory.mktemp("h"), {**BASE, name: data})
    content, problems = load_content(root)
    _assert_clear(problems)
    assert content is not None or problems.errors


YAML_ATOMS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
    | st.dates().map(lambda d: d.isoformat()),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "name", "member", "date", "ssi", "brand", "people", "insights",
                         "relationships", "profile", "activity", "title", "team", "amount",
                         "status", "stage", "contribution", "members", "start", "end",
                         "locale", "bands", "rates", "x"]), children, max_size=5),
    max_leaves=20)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["ssigen.yml", "members.yml", "snapshots/x.yml", "cohorts.yml",
                             "deals.yml", "rubric.yml"]),
       document=YAML_ATOMS)
def test_any_yaml_structure_gives_a_model_or_clear_errors(tmp_path_factory, name, document):
    import yaml
    text = yaml.safe_dump(document, allow_unicode=True)
    files = {**BASE, name: text}
    if name == "members.yml":
        files.pop("members.csv")
    root = write_folder(tmp_path_factory.mktemp("y"), files)
    content, problems = load_content(root)
    _assert_clear(problems)
    assert content is not None or problems.errors


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(max_size=30), min_size=6, max_size=6))
def test_any_csv_cells_give_a_model_or_clear_errors(tmp_path_factory, cells):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["member", "date", "ssi.brand", "ssi.people", "ssi.insights",
                     "ssi.relationships"])
    writer.writerow(cells)
    root = write_folder(tmp_path_factory.mktemp("c"), {**BASE, "snapshots/more.csv": out.getvalue()})
    content, problems = load_content(root)
    _assert_clear(problems)


def test_path_traversal_ids_are_rejected(tmp_path):
    root = write_folder(tmp_path, {**BASE, "members.csv": "id,name\n../../etc/passwd,Eve\n"
                                   "ann,Ann\nbob,Bob\n"})
    errors = ssigen.check(root).errors
    assert [(e.file, e.line, e.field) for e in errors] == [("members.csv", 2, "id")]
    assert "lower-case letters, digits and '-'" in errors[0].message


def test_huge_strings_are_rejected_quickly(tmp_path):
    root = write_folder(tmp_path, {**BASE, "members.csv": f"id,name\nann,{'A' * 5_000}\n"
                                   "bob,Bob\n"})
    errors = ssigen.check(root).errors
    assert [(e.file, e.line, e.field) for e in errors] == [("members.csv", 2, "name")]
    assert "at most 200 characters" in errors[0].message
    assert len(str(errors[0])) < 300
    write_folder(tmp_path, {"members.csv": f"id,name\nann,{'A' * 1_000_000}\nbob,Bob\n"})
    started = time.perf_counter()
    errors = ssigen.check(tmp_path).errors
    assert time.perf_counter() - started < 5
    assert [(e.file, e.line) for e in errors] == [("members.csv", 2)]
    assert "cell is larger than" in errors[0].message


def test_bidi_overrides_and_formulas_are_neutralised(tmp_path):
    evil = "Eve\u202eecnalab\u202c"
    root = write_folder(tmp_path / "c", {
        **BASE,
        "members.csv": f'id,name,team\nann,"{evil}",=HYPERLINK("http://x")\nbob,@SUM(1),+1\n',
    })
    out = tmp_path / "site"
    ssigen.build(root, out)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "\u202e" not in text and "\u202c" not in text, page
    rows = list(csv.DictReader(open(out / "data" / "scores.csv", encoding="utf-8")))
    cells = {r["id"]: r for r in rows}
    assert cells["ann"]["team"] == "'=HYPERLINK(\"http://x\")"
    assert cells["bob"]["name"] == "'@SUM(1)" and cells["bob"]["team"] == "'+1"
    assert parse(out / "people" / "ann.html").find("h1").text.strip() == "Eveecnalab"


def test_interrupt_during_writing_keeps_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    ssigen.build(SAMPLE, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = {"n": 0}
    original = site_writer.SiteWriter.write

    def interrupted(self, rel, data):
        calls["n"] += 1
        if calls["n"] == 8:
            raise KeyboardInterrupt
        return original(self, rel, data)

    monkeypatch.setattr(site_writer.SiteWriter, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ssigen.build(SAMPLE, out, force=True)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
