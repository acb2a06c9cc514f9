"""Sites for one client's people, and anonymized sites: no other name anywhere."""
from __future__ import annotations

import csv
import re
import threading
import time
import urllib.request

from click.testing import CliRunner

import ssigen
from ssigen.cli import cli
from ssigen.serve import start_server, watch

from .conftest import SAMPLE, write_folder

MEMBERS = list(csv.DictReader(open(SAMPLE / "members.csv", encoding="utf-8-sig")))


def name_tokens(member: dict) -> set[str]:
    return {member["id"], member["name"]} | {
        t for t in re.findall(r"[\w'-]+", member["name"]) if len(t) >= 3 and t[0].isupper()}


def occurrences(site, tokens: set[str]) -> set[tuple[str, str]]:
    found = set()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv"):
            text = path.read_text(encoding="utf-8")
            for token in tokens:
                if re.search(r"\b" + re.escape(token) + r"\b", text):
                    found.add((path.relative_to(site).as_posix(), token))
        if any(token in path.name for token in tokens):
            found.add((path.relative_to(site).as_posix(), "file name"))
    return found


def test_member_site_names_no_one_else(tmp_path):
    out = tmp_path / "site"
    ssigen.build(SAMPLE, out, members=["claire-dubois", "marco-bellini"])
    others = set().union(*(name_tokens(m) for m in MEMBERS
                           if m["id"] not in ("claire-dubois", "marco-bellini")))
    assert occurrences(out, others) == set()
    assert sorted(p.stem for p in (out / "people").glob("*.html")) == \
        ["claire-dubois", "marco-bellini"]
    assert "Claire Dubois" in (out / "index.html").read_text(encoding="utf-8")


def test_member_site_detects_a_leak(tmp_path):
    """The check above can fail: the full site names everyone."""
    out = tmp_path / "site"
    ssigen.build(SAMPLE, out)
    assert occurrences(out, name_tokens(MEMBERS[0]))


def test_unknown_member_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "-o", str(tmp_path / "s"),
                                      "-m", "clair-dubois"])
    assert result.exit_code == 1
    assert "unknown member 'clair-dubois' (did you mean 'claire-dubois'?)" in result.output


def test_anonymized_site_has_no_real_name(tmp_path):
    out = tmp_path / "site"
    ssigen.build(SAMPLE, out, anonymize=True)
    everyone = set().union(*(name_tokens(m) for m in MEMBERS))
    assert occurrences(out, everyone) == set()
    assert (out / "people" / "member-01.html").is_file()
    text = (out / "data" / "scores.csv").read_text(encoding="utf-8")
    assert "Member 01" in text


def test_anonymize_option_in_ssigen_yml(tmp_path):
    content = write_folder(tmp_path / "c", {
        "ssigen.yml": "title: T\nanonymize: true\n",
        "members.csv": "id,name,manager\nzoe,Zoe Zed,\nann,Ann Ant,zoe\n",
        "snapshots/s.csv": "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
                           "zoe,2026-01-01,10,10,10,10\nann,2026-01-01,5,5,5,5\n",
        "notes/ann.md": "Ann met Zoe Zed twice.",
    })
    out = tmp_path / "site"
    ssigen.build(content, out)
    # pseudonyms follow id order: ann → member-01, zoe → member-02
    page = (out / "people" / "member-01.html").read_text(encoding="utf-8")
    assert "Member 01 met Member 02 twice." in page
    assert "Zoe" not in page and "Ann" not in page
    ssigen.build(content, tmp_path / "plain", anonymize=False)
    assert (tmp_path / "plain" / "people" / "ann.html").is_file()


def test_serve_rebuilds_on_change(tmp_path):
    content = tmp_path / "content"
    CliRunner().invoke(cli, ["init", str(content)])
    out = tmp_path / "site"
    ssigen.build(content, out)
    server = start_server(out, 8765)
    port = server.server_address[1]
    stop = threading.Event()
    rebuilt = []

    def rebuild():
        ssigen.build(content, out)
        rebuilt.append(time.time())

    watcher = threading.Thread(target=watch, args=(content, rebuild, 0.1, stop), daemon=True)
    watcher.start()
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html").read().decode()
        assert "<title>Social Selling Index report</title>" in page
        config = content / "ssigen.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "title: Social Selling Index report", "title: Renamed"), encoding="utf-8")
        deadline = time.time() + 10
        while not rebuilt and time.time() < deadline:
            time.sleep(0.1)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html").read().decode()
        assert "<title>Renamed</title>" in page
    finally:
        stop.set()
        server.shutdown()
