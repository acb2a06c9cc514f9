"""Adversarial probe: cases where ssigen breaks a promise of its README.

Each test asserts the promised behaviour, so it fails until the bug is fixed.
"""
from __future__ import annotations

import json
import shlex
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ssigen.cli import cli
from tests.conftest import write_folder

CONFIG = """\
title: Probe report
client: Probe Client
prepared_by: Probe Consultant
as_of: 2026-06-30
"""
MEMBERS = """\
id,name,title,team,industry,manager,linkedin_url
alice,Alice Archer,Account Executive,Enterprise,Software,,
bob,Bob Baker,Sales Manager,Enterprise,Software,,
"""
SSI = """\
member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships
alice,2026-06-01,15.5,12.25,10,14
bob,2026-06-01,9,8.5,7.75,11
"""


def folder(root: Path, **extra: str | bytes) -> Path:
    files = {"ssigen.yml": CONFIG, "members.csv": MEMBERS, "snapshots/ssi.csv": SSI}
    files.update({k.replace("__", "/").replace("_DOT_", "."): v for k, v in extra.items()})
    return write_folder(root / "content", files)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def site_text(site: Path) -> str:
    """Every file of the site (and every file name), case-folded."""
    parts = []
    for path in site.rglob("*"):
        parts.append(str(path.relative_to(site)))
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts).casefold()


# --------------------------------------------------------------- --member privacy

def test_member_site_does_not_name_other_members_from_own_note(tmp_path):
    """README: with -m, 'Nobody else's name appears anywhere in it'. Bob's own note names
    Alice; the note is kept verbatim, so Alice's name reaches people/bob.html."""
    content = folder(tmp_path, notes__bob_DOT_md="Bob reports to Alice Archer (ALICE ARCHER).\n")
    result = run("build", str(content), "-o", str(tmp_path / "site"), "-m", "bob")
    assert result.exit_code == 0, result.output
    assert "alice archer" not in site_text(tmp_path / "site")


def test_member_site_does_not_name_other_members_from_own_deal_verbatim(tmp_path):
    content = folder(tmp_path, deals_DOT_csv=(
        "id,member,amount,date,stage,contribution,verbatim\n"
        "D-1,bob,1000,2026-05-01,find_prospect,50,Alice Archer introduced me\n"
        "D-2,alice,1000,2026-05-01,find_prospect,50,mine\n"))
    result = run("build", str(content), "-o", str(tmp_path / "site"), "-m", "bob")
    assert result.exit_code == 0, result.output
    assert "alice archer" not in site_text(tmp_path / "site")


def test_member_and_anonymize_scrub_other_members_names(tmp_path):
    """-m bob --anonymize: the scrubber only knows the kept members, so 'Alice Archer'
    in Bob's note survives, next to Bob's pseudonym."""
    content = folder(tmp_path, notes__bob_DOT_md="Bob reports to Alice Archer.\n")
    result = run("build", str(content), "-o", str(tmp_path / "site"), "-m", "bob",
                 "--anonymize")
    assert result.exit_code == 0, result.output
    text = site_text(tmp_path / "site")
    assert "alice archer" not in text
    assert "archer" not in text


# --------------------------------------------------------------- --anonymize

def test_anonymize_removes_names_with_special_casing(tmp_path):
    """'ß' and 'İ' case-fold to several letters, so the scrubber misses 'jan straße' in
    lower case (it writes 'Member 01 straße') and 'İLKER' / 'ilker'."""
    members = ("id,name\n"
               "jan,Jan Straße\n"
               "ilker,İlker Işık\n")
    ssi = ("member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
           "jan,2026-06-01,10,10,10,10\n"
           "ilker,2026-06-01,11,11,11,11\n")
    content = folder(tmp_path, members_DOT_csv=members, snapshots__ssi_DOT_csv=ssi,
                     notes__jan_DOT_md="jan straße; JAN STRAẞE; İLKER IŞIK; ilker işık.\n")
    result = run("build", str(content), "-o", str(tmp_path / "site"), "--anonymize")
    assert result.exit_code == 0, result.output
    text = site_text(tmp_path / "site")
    for real in ("straße", "strasse", "ilker", "i̇lker", "işık", "ışık"):
        assert real not in text, real


def test_anonymize_removes_names_from_titles_and_cohort_names(tmp_path):
    members = MEMBERS.replace("Sales Manager", "Assistant to Alice Archer")
    cohorts = ("- id: spring\n  name: Alice Archer's programme\n  start: 2026-05-01\n"
               "  end: 2026-05-15\n  members: [alice, bob]\n")
    content = folder(tmp_path, members_DOT_csv=members, cohorts_DOT_yml=cohorts)
    result = run("build", str(content), "-o", str(tmp_path / "site"), "--anonymize")
    assert result.exit_code == 0, result.output
    assert "alice archer" not in site_text(tmp_path / "site")


# --------------------------------------------------------------- YAML types

@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!set {a, b}"])
def test_yaml_non_text_title_is_an_error(tmp_path, value):
    """A bytes or set value for a text field passes check and build, and the report
    shows Python's repr (b'hello', {'a', 'b'}) as the title."""
    content = folder(tmp_path, ssigen_DOT_yml=CONFIG.replace("Probe report", value))
    result = run("check", str(content))
    assert result.exit_code == 1, result.output
    assert "ssigen.yml:1: title:" in result.output


def test_yaml_control_character_error_names_line_without_internals(tmp_path):
    """A control character gives 'ssigen.yml: is not valid YAML: ...' with no line and
    PyYAML's 'in "<unicode string>", position N' on a second line."""
    content = folder(tmp_path, ssigen_DOT_yml=CONFIG + 'client: "Probe\x01Client"\n')
    result = run("check", str(content))
    assert result.exit_code == 1, result.output
    assert "ssigen.yml:5:" in result.output
    assert "<unicode string>" not in result.output


# --------------------------------------------------------------- messages

def test_rate_error_shows_the_bad_value_not_the_mapping(tmp_path):
    """'rates: rate for USD: expected a number above 0 ... (got a mapping of 1 items)'."""
    content = folder(tmp_path, ssigen_DOT_yml=CONFIG + "rates: {USD: 0}\n")
    result = run("check", str(content))
    assert result.exit_code == 1, result.output
    assert "got a mapping" not in result.output
    assert "(got 0)" in result.output


def test_init_next_step_hint_is_shell_safe(tmp_path, monkeypatch):
    """`ssigen init "Acme; id"` prints 'Next: ssigen build Acme; id': pasted into a shell,
    it runs `id`."""
    monkeypatch.chdir(tmp_path)
    result = run("init", "Acme; id")
    assert result.exit_code == 0, result.output
    assert "ssigen build Acme; id" not in result.output
    assert "ssigen build " + shlex.quote("Acme; id") in result.output


# --------------------------------------------------------------- bounded time

def test_slow_notes_share_one_time_budget(tmp_path, monkeypatch):
    """Each note gets NOTE_SECONDS (5 s) of its own, so N notes of unmatched '[' cost
    N x 5 s: 10 such notes make `check` and `build` run 50 s each. With the budget cut
    to 0.2 s, 12 slow notes should still end in about one budget's time, not 12."""
    import ssigen.render.notes as notes
    monkeypatch.setattr(notes, "NOTE_SECONDS", 0.2)
    members = "id,name\n" + "".join(f"m{i},Member Number{i}\n" for i in range(12))
    ssi = "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n" + "".join(
        f"m{i},2026-06-01,10,10,10,10\n" for i in range(12))
    files = {"members_DOT_csv": members, "snapshots__ssi_DOT_csv": ssi}
    files.update({f"notes__m{i}_DOT_md": "[" * 40000 for i in range(12)})
    content = folder(tmp_path, **files)
    started = time.monotonic()
    result = run("check", str(content))
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert elapsed < 1.6, f"check took {elapsed:.1f} s for 12 slow notes"
