"""Member sites (-m) and anonymized sites: no other member's name anywhere, free text included."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from click.testing import CliRunner

import ssigen
from ssigen.cli import cli

from .folders import PROBE, SAMPLE, TINY, make_folder
from .htmlparse import parse

MEMBERS = list(csv.DictReader(open(SAMPLE / "members.csv", encoding="utf-8-sig")))


def name_tokens(member: dict) -> set[str]:
    return {member["id"], member["name"]} | {
        t for t in re.findall(r"[\w'-]+", member["name"]) if len(t) >= 3 and t[0].isupper()}


# A name is proved absent on every byte of every page and export and in every file name, not
# on the parsed text alone: a name in an attribute, a script or a file name counts too.
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


def test_member_site_names_no_one_else(tmp_path):
    out = tmp_path / "site"
    ssigen.build(SAMPLE, out, members=["claire-dubois", "marco-bellini"])
    others = set().union(*(name_tokens(m) for m in MEMBERS
                           if m["id"] not in ("claire-dubois", "marco-bellini")))
    assert occurrences(out, others) == set()
    assert sorted(p.stem for p in (out / "people").glob("*.html")) == \
        ["claire-dubois", "marco-bellini"]
    assert "Claire Dubois" in parse(out / "index.html").text


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
    content = make_folder(tmp_path / "c", {
        "ssigen.yml": "title: T\nanonymize: true\n",
        "members.csv": "id,name,manager\nzoe,Zoe Zed,\nann,Ann Ant,zoe\n",
        "snapshots/s.csv": "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
                           "zoe,2026-01-01,10,10,10,10\nann,2026-01-01,5,5,5,5\n",
        "notes/ann.md": "Ann met Zoe Zed twice.",
    }, base=None)
    out = tmp_path / "site"
    ssigen.build(content, out)
    # pseudonyms follow id order: ann → member-01, zoe → member-02
    page = out / "people" / "member-01.html"
    assert "Member 01 met Member 02 twice." in parse(page).text
    source = page.read_text(encoding="utf-8")        # absent from every byte of the page
    assert "Zoe" not in source and "Ann" not in source
    ssigen.build(content, tmp_path / "plain", anonymize=False)
    assert (tmp_path / "plain" / "people" / "ann.html").is_file()


# --------------------------------------------------------------------------- team and cohort notes

def test_member_called_index_never_gets_the_team_note(folder, tmp_path):
    root = folder({
        "members.csv": "id,name\nindex,Ina Dex\ncohort-q1,Co Hort\nbob,Bob Bee\n",
        "snapshots/ssi.csv": "member,date,ssi.brand,ssi.people,ssi.insights,"
                             "ssi.relationships\nindex,2026-01-02,10,10,10,10\n"
                             "cohort-q1,2026-01-02,10,10,10,10\nbob,2026-01-02,9,9,9,9\n",
        "cohorts.yml": "- {id: q1, name: Q1, start: 2026-01-01, end: 2026-01-02, "
                       "members: [bob]}\n",
        "notes/index.md": "TEAMSECRET about everyone",
        "notes/cohort-q1.md": "COHORTSECRET about the cohort",
        "notes/members/index.md": "Ina's own note",
    }, base=TINY)
    warnings = [(w.file, w.message) for w in ssigen.check(root).warnings]
    assert ("notes/index.md", "is the team's note, not member 'index''s") in warnings
    assert ("notes/cohort-q1.md",
            "is the note of cohort 'q1', not member 'cohort-q1''s") in warnings
    for member in ("index", "cohort-q1"):
        out = tmp_path / f"site-{member}"
        ssigen.build(root, out, members=[member])
        text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*")
                       if p.is_file() and p.suffix in (".html", ".json", ".csv"))
        assert "TEAMSECRET" not in text and "COHORTSECRET" not in text
    page = parse(tmp_path / "site-index" / "people" / "index.html")
    assert "Ina's own note" in page.text or "Ina’s own note" in page.text


def test_anonymize_catches_names_in_any_case(folder, tmp_path):
    root = folder({"members.csv": "id,name\nsam-lee,Sam Lee\nbob,Zoë Bee\n",
                   "snapshots/ssi.csv": TINY["snapshots/ssi.csv"].replace("ann,", "sam-lee,"),
                   "notes/bob.md": "Met SAM LEE, then sam lee, then SAM, "
                                   "then ZOË (ZOË BEE), sam-lee and SAM-LEE."}, base=TINY)
    out = tmp_path / "site"
    ssigen.build(root, out, anonymize=True)
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()
                   and p.suffix in (".html", ".json", ".csv")).casefold()
    for word in ("sam", "lee", "zoë", "bee"):
        assert word not in text.replace("member", "")


# --------------------------------------------------------------------------- free text

def test_member_site_does_not_name_other_members_from_own_note(folder, tmp_path):
    """README: with -m, 'Nobody else's name appears anywhere in it'. Bob's own note names
    Alice; the note is kept verbatim, so Alice's name reaches people/bob.html."""
    content = folder({"notes/bob.md": "Bob reports to Alice Archer (ALICE ARCHER).\n"}, base=PROBE)
    result = run("build", str(content), "-o", str(tmp_path / "site"), "-m", "bob")
    assert result.exit_code == 0, result.output
    assert "alice archer" not in site_text(tmp_path / "site")


def test_member_site_does_not_name_other_members_from_own_deal_verbatim(folder, tmp_path):
    content = folder({"deals.csv": (
        "id,member,amount,date,stage,contribution,verbatim\n"
        "D-1,bob,1000,2026-05-01,find_prospect,50,Alice Archer introduced me\n"
        "D-2,alice,1000,2026-05-01,find_prospect,50,mine\n")}, base=PROBE)
    result = run("build", str(content), "-o", str(tmp_path / "site"), "-m", "bob")
    assert result.exit_code == 0, result.output
    assert "alice archer" not in site_text(tmp_path / "site")


def test_member_and_anonymize_scrub_other_members_names(folder, tmp_path):
    """-m bob --anonymize: the scrubber only knows the kept members, so 'Alice Archer'
    in Bob's note survives, next to Bob's pseudonym."""
    content = folder({"notes/bob.md": "Bob reports to Alice Archer.\n"}, base=PROBE)
    result = run("build", str(content), "-o", str(tmp_path / "site"), "-m", "bob",
                 "--anonymize")
    assert result.exit_code == 0, result.output
    text = site_text(tmp_path / "site")
    assert "alice archer" not in text
    assert "archer" not in text


def test_anonymize_removes_names_with_special_casing(folder, tmp_path):
    """'ß' and 'İ' case-fold to several letters, so the scrubber misses 'jan straße' in
    lower case (it writes 'Member 01 straße') and 'İLKER' / 'ilker'."""
    members = ("id,name\n"
               "jan,Jan Straße\n"
               "ilker,İlker Işık\n")
    ssi = ("member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n"
           "jan,2026-06-01,10,10,10,10\n"
           "ilker,2026-06-01,11,11,11,11\n")
    content = folder({"members.csv": members, "snapshots/ssi.csv": ssi,
                      "notes/jan.md": "jan straße; JAN STRAẞE; İLKER IŞIK; ilker işık.\n"},
                     base=PROBE)
    result = run("build", str(content), "-o", str(tmp_path / "site"), "--anonymize")
    assert result.exit_code == 0, result.output
    text = site_text(tmp_path / "site")
    for real in ("straße", "strasse", "ilker", "i̇lker", "işık", "ışık"):
        assert real not in text, real


def test_anonymize_removes_names_from_titles_and_cohort_names(folder, tmp_path):
    members = PROBE["members.csv"].replace("Sales Manager", "Assistant to Alice Archer")
    cohorts = ("- id: spring\n  name: Alice Archer's programme\n  start: 2026-05-01\n"
               "  end: 2026-05-15\n  members: [alice, bob]\n")
    content = folder({"members.csv": members, "cohorts.yml": cohorts}, base=PROBE)
    result = run("build", str(content), "-o", str(tmp_path / "site"), "--anonymize")
    assert result.exit_code == 0, result.output
    assert "alice archer" not in site_text(tmp_path / "site")
