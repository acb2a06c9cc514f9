"""The command line: help, output, formats, exit codes, and `ssigen init` with its workflow."""
from __future__ import annotations

import csv
import io
import json
import shlex

import pytest
import yaml
from click.testing import CliRunner

from ssigen.cli import cli

from .folders import SAMPLE, make_folder


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "score", "init"):
        assert command in result.output


def test_build_writes_the_site_and_says_so(tmp_path):
    out = tmp_path / "site"
    result = run("build", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    pages = len(list(out.rglob("*.html")))
    assert result.output.startswith(f"Built {pages} pages")
    assert run("build", str(SAMPLE), "-o", str(out), "--quiet").output == ""


def test_build_defaults_to_content_and_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_with_content_errors_exits_1_and_writes_nothing(tmp_path):
    content = make_folder(tmp_path / "c", {
        "ssigen.yml": "title: T\n",
        "members.csv": "id,nmae\nann,Ann\n",
    }, base=None)
    result = CliRunner().invoke(cli, ["build", str(content), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "members.csv:1: nmae: unknown field (did you mean 'name'?)" in result.output
    assert "nothing was written" in result.output
    assert not (tmp_path / "out").exists()


def test_build_refuses_a_foreign_folder(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "mine.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 1
    assert "not empty and was not made by ssigen" in result.output
    assert "Traceback" not in result.output


def test_score_table_csv_and_json_agree():
    table = run("score", str(SAMPLE))
    as_csv = run("score", str(SAMPLE), "--format", "csv")
    as_json = run("score", str(SAMPLE), "--format", "json")
    assert table.exit_code == as_csv.exit_code == as_json.exit_code == 0
    members = json.loads(as_json.output)["members"]
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["id"] for r in rows] == [m["id"] for m in members]
    first = members[0]
    assert rows[0]["score"] == str(first["score"])
    header, rule, top = table.output.splitlines()[:3]
    assert header.split()[:4] == ["#", "member", "team", "SSI"]
    assert first["name"] in top and f"{first['score']:.2f}" in top


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "not empty" in result.output


def test_init_writes_a_folder_that_checks_clean(tmp_path):
    target = tmp_path / "new"
    assert run("init", str(target)).exit_code == 0
    result = run("check", str(target))
    assert result.exit_code == 0
    assert "is valid" in result.output


def test_init_next_step_hint_is_shell_safe(tmp_path, monkeypatch):
    """`ssigen init "Acme; id"` prints 'Next: ssigen build Acme; id': pasted into a shell,
    it runs `id`."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "Acme; id"])
    assert result.exit_code == 0, result.output
    assert "ssigen build Acme; id" not in result.output
    assert "ssigen build " + shlex.quote("Acme; id") in result.output


def test_init_quotes_the_folder_name_for_the_workflow(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = 'Acme; id $(touch pwned) "x" #'
    result = CliRunner().invoke(cli, ["init", name])
    assert result.exit_code == 0, result.output
    workflow = yaml.safe_load((tmp_path / ".github/workflows/ssigen-pages.yml")
                              .read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    assert build["env"]["CONTENT"] == name
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert 'ssigen check "$CONTENT"' in runs and 'ssigen build "$CONTENT" -o site' in runs


# -- the Pages workflow installs exactly the ssigen that wrote it ----------------------------

COMMIT = "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
GIT = json.dumps({"url": "https://github.com/fieldnote/ssigen.git",
                  "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}})


def init_workflow(tmp_path, monkeypatch, direct_url: str | None, version: str = "0.3.0"):
    """`ssigen init` run by an ssigen whose dist-info holds `direct_url` (None: none, as
    pip leaves for an install from an index): the workflow's steps and the output."""
    from ssigen import install_source as module

    class Distribution:
        def read_text(self, name):
            return direct_url if name == "direct_url.json" else None
    Distribution.version = version
    monkeypatch.setattr(module.metadata, "distribution", lambda name: Distribution())
    monkeypatch.setattr(module.metadata, "distributions", lambda name: [])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "client"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / ".github/workflows/ssigen-pages.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(text)["jobs"]["build"]["steps"]
    install = next(step for step in steps if step.get("name") == "Install ssigen")
    return install["run"], text, result


def test_a_git_install_pins_its_commit(tmp_path, monkeypatch):
    run_line, text, result = init_workflow(tmp_path, monkeypatch, GIT)
    assert run_line == ('pip install "ssigen @ git+https://github.com/fieldnote/ssigen.git'
                        f'@{COMMIT}"')
    assert "ssigen==" not in text
    assert f"installing ssigen @ git+https://github.com/fieldnote/ssigen.git@{COMMIT}." \
        in result.stdout


def test_an_index_install_pins_its_version(tmp_path, monkeypatch):
    run_line, _text, _result = init_workflow(tmp_path, monkeypatch, None, "0.3.0")
    assert run_line == 'pip install "ssigen==0.3.0"'


def test_a_hashed_archive_is_pinned_with_its_hash(tmp_path, monkeypatch):
    digest = "a" * 64
    archive = json.dumps({"url": "https://example.org/ssigen-0.3.0.tar.gz",
                          "archive_info": {"hashes": {"sha256": digest}}})
    run_line, _text, _result = init_workflow(tmp_path, monkeypatch, archive)
    assert run_line == f'pip install "ssigen @ https://example.org/ssigen-0.3.0.tar.gz#sha256={digest}"'


@pytest.mark.parametrize("direct_url", [
    json.dumps({"url": "file:///home/me/ssigen", "dir_info": {"editable": True}}),
    json.dumps({"url": "https://github.com/x/ssigen.git", "vcs_info": {"vcs": "git"}}),
    json.dumps({"url": "https://evil.example/$(id)", "vcs_info": {"vcs": "git",
                                                                   "commit_id": COMMIT}}),
    "not json",
])
def test_no_public_source_stops_the_workflow_until_edited(tmp_path, monkeypatch, direct_url):
    run_line, text, result = init_workflow(tmp_path, monkeypatch, direct_url)
    assert run_line.splitlines()[-1] == "exit 1"
    assert "::error" in run_line and "pip install" not in run_line
    assert "ssigen==" not in text and "$(id)" not in text
    assert result.stderr.startswith("warning: wrote ")
    assert "Edit its 'Install ssigen' step" in result.stderr


def test_this_checkout_has_no_public_source(tmp_path, monkeypatch):
    """Run by the editable install the tests use, init says so (and pins nothing)."""
    from ssigen.install_source import install_source
    source = install_source()
    assert source.requirement is None and "local folder" in source.said
