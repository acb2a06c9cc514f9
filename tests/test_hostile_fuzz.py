"""Any bytes, any YAML, any CSV cells in any table: a model or clear errors, never a crash."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssigen.errors import ContentError
from ssigen.load import load_content

from .folders import TINY, make_folder

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
    root = make_folder(tmp_path_factory.mktemp("h"), {name: data}, base=TINY)
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
    files = {name: text}
    if name == "members.yml":
        files["members.csv"] = None
    root = make_folder(tmp_path_factory.mktemp("y"), files, base=TINY)
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
    root = make_folder(tmp_path_factory.mktemp("c"), {"snapshots/more.csv": out.getvalue()},
                       base=TINY)
    content, problems = load_content(root)
    _assert_clear(problems)
