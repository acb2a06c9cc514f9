"""ssigen import of members' LinkedIn archives (SOURCES.md §1) into profile and activity facts.

Written on tests/fixtures/archives/ (see its README.md: five archives and a content folder
written by hand from SOURCES.md by someone who never read ssigen's code, every count worked
out by hand and listed there):
  archives/<name>/         complete-zip, complete-folder (unpacked, with __MACOSX junk),
                           basic-zip, complete-missing-files, empty-headline
  expected/<name>.json     the profile and activity each must give (date 2026-09-05, window 30)
  content/                 ssigen.yml, members.csv (the five members and two others), ssi.csv
  broken/                  inputs that must fail and leave the content folder as it was
The zip bomb is not stored (3 GB inside): it is built at test time in tmp_path.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import time
import tracemalloc
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml

import ssigen
from ssigen.sources import SourceError, import_files
from ssigen.sources.archive import MAX_ENTRY_BYTES

from .imports import everything, run_import as run
from .folders import FIXTURES, make_folder
from .htmlparse import parse, text_of

FIXTURE = FIXTURES / "archives"
ARCHIVES = FIXTURE / "archives"
BROKEN = FIXTURE / "broken"
DAY = dt.date(2026, 9, 5)
NAMES = ["complete-zip", "complete-folder", "basic-zip", "complete-missing-files",
         "empty-headline"]
MEMBER = {"complete-zip": "nadia-berger", "complete-folder": "elodie-marchand",
          "basic-zip": "pieter-van-dijk", "complete-missing-files": "giulia-ferrante",
          "empty-headline": "samuel-okafor"}
IMPORTED = "snapshots/imported/archives"
# Every fact an archive can give (SOURCES.md §1, "What each field of the snapshot is").
PROFILE_FACTS = ["headline", "about", "industry", "location", "current_position",
                 "past_positions", "education", "skills", "languages", "certifications",
                 "recommendations", "endorsements"]
ACTIVITY_FACTS = ["connections", "decision_maker_connections", "colleague_connections",
                  "invitations_sent", "posts", "comments", "reactions", "shares", "searches",
                  "active_days"]
NO_ARCHIVE_HOLDS = ("No archive holds photo, banner, custom_url, contact_info, featured, "
                    "followers, invitations_accepted or the Sales Navigator counts: type "
                    "them beside it.")


# --------------------------------------------------------------------------- helpers

def archive_of(name: str) -> Path:
    """The one archive (zip or folder) of archives/<name>/."""
    found, = sorted((ARCHIVES / name).iterdir())
    return found


def expected(name: str) -> dict:
    return json.loads((FIXTURE / "expected" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def content(tmp_path) -> Path:
    """A fresh copy of fixtures/archives/content."""
    return make_folder(tmp_path / "content", base=FIXTURE / "content")






def summary(stdout: str) -> dict[str, dict[str, str]]:
    """The summary table, by member: {column: cell}."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("member  "))
    header = re.split(r"\s{2,}", lines[start].strip())
    assert header == ["member", "date", "kind", "status", "facts found", "facts absent"]
    rows = {}
    for line in lines[start + 1:]:
        if line == NO_ARCHIVE_HOLDS:
            break
        cells = dict(zip(header, re.split(r"\s{2,}", line.strip())))
        assert cells["member"] not in rows, stdout
        rows[cells["member"]] = cells
    return rows


def snapshot_of(content: Path, member: str, day: dt.date = DAY):
    loaded, _problems = ssigen.load(content)
    found = [s for s in loaded.snapshots if s.member == member and s.date == day]
    assert len(found) == 1, [(s.member, s.date) for s in loaded.snapshots]
    return found[0]


def same(actual, wanted) -> None:
    """Equal, and of the same JSON types (True is not 1, absent is not 0)."""
    assert actual == wanted
    assert json.dumps(actual, sort_keys=True) == json.dumps(wanted, sort_keys=True)


def set_config(content: Path, **values) -> None:
    path = content / "ssigen.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.update(values)
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def written(content: Path, *members: str) -> str:
    return ": " + ", ".join(f"{content}/{IMPORTED}/{m}.yml" for m in sorted(members))


def error_line(message: str) -> str:
    return f"Error: {message}; nothing was imported\n"


def team_folder(root: Path) -> Path:
    """The five archives in one folder, as a consultant collects the team's downloads (a
    browser names the second zip of the same name `… (1).zip`)."""
    root.mkdir()
    copies = 0
    for name in NAMES:
        source = archive_of(name)
        target = root / source.name
        if target.exists():
            copies += 1
            target = root / f"{source.stem} ({copies}){source.suffix}"
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    return root


def unpacked(zip_path: Path, root: Path) -> Path:
    """The zip unpacked by the test into a folder named like it."""
    folder = root / zip_path.stem
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    return folder


# --------------------------------------------------------------------------- the counter

def connection_rows(text: str) -> list[dict[str, str]]:
    """Connections.csv's rows, after its `Notes:` preamble (read with the csv module)."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    start = next(i for i, row in enumerate(rows) if row[:2] == ["First Name", "Last Name"])
    header = rows[start]
    return [dict(zip(header, row)) for row in rows[start + 1:] if any(row)]


def window_counts(zip_path: Path, day: dt.date, window: int) -> dict[str, int]:
    """SOURCES.md's windowed counts of an archive whose files sit at its root, counted
    without ssigen: an event counts when day - window < its day <= day."""
    with zipfile.ZipFile(zip_path) as archive:
        texts = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}

    def rows(name: str, **dialect) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(texts[name], newline=""), **dialect))

    def inside(when: dt.date) -> bool:
        return day - dt.timedelta(days=window) < when <= day

    iso = lambda text: dt.date.fromisoformat(text[:10].replace("/", "-"))          # noqa: E731
    sent = lambda text: dt.datetime.strptime(text.split(",")[0], "%m/%d/%y").date()  # noqa
    login = lambda text: dt.datetime.strptime(                                        # noqa
        " ".join(text.split()[1:3] + text.split()[-1:]), "%b %d %Y").date()
    return {
        "invitations_sent": sum(r["Direction"] == "OUTGOING" and inside(sent(r["Sent At"]))
                                for r in rows("Invitations.csv")),
        "posts": sum(inside(iso(r["Date"])) for r in rows("Shares.csv")),
        "comments": sum(inside(iso(r["Date"])) for r in rows("Comments.csv",
                                                              escapechar="\\")),
        "reactions": sum(inside(iso(r["Date"])) for r in rows("Reactions.csv")),
        "shares": sum(inside(iso(r["Date"])) for r in rows("InstantReposts.csv")),
        "searches": sum(inside(iso(r["Time"])) for r in rows("SearchQueries.csv")),
        "active_days": len({d for r in rows("Logins.csv")
                            if inside(d := login(r["Login Date"]))}),
    }


def test_the_counter_gives_the_hand_counts():
    """The counter itself, against README's hand counts (window 30) of complete-zip."""
    activity = expected("complete-zip")["activity"]
    assert window_counts(archive_of("complete-zip"), DAY, 30) == {
        k: activity[k] for k in ("invitations_sent", "posts", "comments", "reactions",
                                 "shares", "searches", "active_days")}


# =========================================================================== 1. the archives

@pytest.mark.parametrize("name", NAMES)
def test_each_archive_gives_its_hand_checked_facts(content, name):
    ssi_before = (content / "snapshots" / "ssi.csv").read_bytes()
    result = run([archive_of(name)], content)
    want = expected(name)
    member = MEMBER[name]
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == (
        "Imported 1 archive(s), 0 already present, 0 conflict(s)" + written(content, member))
    row = summary(result.stdout)[member]
    assert (row["date"], row["status"], row["facts found"]) == (
        "2026-09-05", "added", str(len(want["profile"]) + len(want["activity"])))

    snapshot = snapshot_of(content, member)
    same(snapshot.profile, want["profile"])
    same(snapshot.activity, want["activity"])
    assert snapshot.ssi is None
    for fact in [*(f"profile.{f}" for f in want["profile"]),
                 *(f"activity.{f}" for f in want["activity"])]:
        origin = snapshot.origin_of(fact)
        assert (origin.file, origin.date, origin.source) == (
            f"{IMPORTED}/{member}.yml", DAY, "linkedin-archive"), fact

    # the file itself: one record, with source, profile and activity only
    records = yaml.safe_load((content / IMPORTED / f"{member}.yml").read_text("utf-8"))
    assert [list(r) for r in records] == [["member", "date", "source", "profile", "activity"]]
    assert records[0]["source"] == "linkedin-archive"
    # the old ssi row is untouched, and still its own snapshot
    assert (content / "snapshots" / "ssi.csv").read_bytes() == ssi_before
    old = snapshot_of(content, member, dt.date(2026, 8, 1))
    assert old.ssi is not None and old.profile is None and old.activity is None


def test_absent_facts_are_listed(content):
    """Basic: no windowed activity at all; empty-headline: no headline nor about."""
    result = run([archive_of("basic-zip"), archive_of("empty-headline")], content)
    assert result.exit_code == 0, result.output
    table = summary(result.stdout)
    assert table["pieter-van-dijk"]["kind"] == "basic"
    assert table["pieter-van-dijk"]["facts absent"] == (
        "invitations_sent, posts, comments, reactions, shares, searches, active_days")
    assert table["samuel-okafor"]["kind"] == "complete"
    assert table["samuel-okafor"]["facts absent"] == "headline, about"


def test_zipped_and_unpacked_give_the_same_record(tmp_path):
    zipped = make_folder(tmp_path / "a", base=FIXTURE / "content")
    folder = make_folder(tmp_path / "b", base=FIXTURE / "content")
    source = archive_of("complete-zip")
    assert run([source], zipped).exit_code == 0
    result = run([unpacked(source, tmp_path / "unpacked")], folder)
    assert result.exit_code == 0, result.output
    assert summary(result.stdout)["nadia-berger"]["status"] == "added"
    rel = f"{IMPORTED}/nadia-berger.yml"
    assert (folder / rel).read_bytes() == (zipped / rel).read_bytes()
    same(snapshot_of(folder, "nadia-berger").profile, expected("complete-zip")["profile"])


def test_zip_and_its_folder_in_one_call_are_one_record(content, tmp_path):
    source = archive_of("complete-zip")
    result = run([source, unpacked(source, tmp_path / "unpacked")], content)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Imported 1 archive(s), 1 already present, 0 conflict(s)"
        + written(content, "nadia-berger"))


def test_the_team_folder(content, tmp_path):
    team = team_folder(tmp_path / "team")
    result = run([team], content)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    table = summary(result.stdout)
    assert {m: (r["date"], r["status"], r["facts found"]) for m, r in table.items()} == {
        MEMBER[n]: ("2026-09-05", "added",
                    str(len(expected(n)["profile"]) + len(expected(n)["activity"])))
        for n in NAMES}
    assert result.stdout.splitlines()[-1] == (
        "Imported 5 archive(s), 0 already present, 0 conflict(s)"
        + written(content, *MEMBER.values()))
    for name in NAMES:
        snapshot = snapshot_of(content, MEMBER[name])
        same(snapshot.profile, expected(name)["profile"])
        same(snapshot.activity, expected(name)["activity"])


def test_python_api(content):
    result = import_files([archive_of("basic-zip")], content)
    reading, = result.archives
    assert (reading.member, reading.date, reading.kind, reading.status) == (
        "pieter-van-dijk", DAY, "basic", "added")
    want = expected("basic-zip")
    assert reading.found == [*(f"profile.{f}" for f in want["profile"]),
                             *(f"activity.{f}" for f in want["activity"])]
    assert reading.absent == [f"activity.{f}" for f in ACTIVITY_FACTS
                              if f not in want["activity"]]
    assert result.conflicts == []
    assert result.written == [content / IMPORTED / "pieter-van-dijk.yml"]


# =========================================================================== 2. idempotent

def test_second_import_changes_nothing(content, tmp_path):
    team = team_folder(tmp_path / "team")
    assert run([team], content).exit_code == 0
    before = everything(content)
    result = run([team], content)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert {r["status"] for r in summary(result.stdout).values()} == {"unchanged"}
    assert len(summary(result.stdout)) == 5
    assert result.stdout.splitlines()[-1] == (
        "Imported 0 archive(s), 5 already present, 0 conflict(s).")
    assert everything(content) == before


# =========================================================================== 3. broken inputs

def build_bomb(path: Path, size: int) -> Path:
    """A valid Profile.csv (Samuel Okafor) and a Shares.csv of `size` NUL bytes, streamed
    into the zip (deflate, zip64), so nothing of that size is ever held in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("Profile.csv", "First Name,Last Name,Maiden Name,Address,Birth Date,"
                         "Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,"
                         "Websites,Instant Messengers\nSamuel,Okafor,,,,,,Financial Services,"
                         ",\"London, England, United Kingdom\",,,\n")
        chunk = bytes(8 * 1024 * 1024)
        with archive.open("Shares.csv", "w", force_zip64=True) as entry:
            left = size
            while left:
                entry.write(chunk if left >= len(chunk) else chunk[:left])
                left -= min(left, len(chunk))
    return path


# 3 GiB took about 5 s to build; 256 MiB (still over the 200 MB cap) takes a fraction of that.
BOMB_BYTES = 256 * 1024 * 1024

# what each broken input must name (README "broken/"), as ssigen words it
MORE_KINDS = ("; a Sales Navigator usage report (CSV or .xlsx) (--kind sales-navigator); a "
              "CRM's opportunity export: Salesforce, HubSpot (CSV) or Dynamics 365 (.xlsx) "
              "(--kind crm)")
BROKEN_ERRORS = {
    "truncated.zip": "{path}: is not a zip file, or it is truncated (download the archive "
                     "again)",
    "traversal.zip": "{path}: holds an entry with an unsafe path '../evil.csv': refused",
    "no-profile.zip": "{path}: no Profile.csv: is it a LinkedIn data archive? (request it "
                      "under Settings › Data privacy › Get a copy of your data)",
    "renamed-header.zip": "{path}: Connections.csv:4: no column 'Connected On' in the header "
                          "(did you mean 'Connected'?)",
    "bad-date.zip": "{path}: Shares.csv:3: Date: 'yesterday' is not a date ssigen knows "
                    "(expected forms such as 15 Mar 2024, 2026-07-20 10:25:25 or 9/5/26, "
                    "1:12 AM)",
    "fake.xlsx": "{path}: is named .xlsx but not an Excel workbook; ssigen import reads "
                 "LinkedIn's SSI response (salesApiSsi JSON) (--kind linkedin-ssi); a "
                 "SocialEdge export (JSON) (--kind socialedge); a member's LinkedIn archive "
                 "(a zip, or the folder it unpacks to) (--kind linkedin-archive)" + MORE_KINDS,
    "not-a-zip.zip": "{path}: is text that is not JSON; ssigen import reads LinkedIn's SSI "
                     "response (salesApiSsi JSON) (--kind linkedin-ssi); a SocialEdge export "
                     "(JSON) (--kind socialedge); a member's LinkedIn archive (a zip, or the "
                     "folder it unpacks to) (--kind linkedin-archive)" + MORE_KINDS,
}


def refused(files, content: Path, options, message: str):
    """The import exits 1 with the one line `message`, and changes nothing."""
    before = everything(content)
    result = run(files, content, *options)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", error_line(message))
    assert everything(content) == before
    return result


@pytest.mark.parametrize("name", sorted(BROKEN_ERRORS))
def test_broken_input(content, tmp_path, name):
    path = tmp_path / name
    shutil.copy2(BROKEN / name, path)
    options = ["--date", "2026-09-05"]
    if name == "no-profile.zip":     # it stops even when the member and the date are known
        options += ["--member", "nadia-berger"]
    refused([path], content, options, BROKEN_ERRORS[name].format(path=path))
    assert not [p for p in tmp_path.rglob("evil.csv")]


@pytest.mark.parametrize("name", sorted(BROKEN_ERRORS))
def test_broken_input_without_date(content, tmp_path, name):
    """Without --date: one line, exit 1, nothing written (bad-date and renamed-header ask
    for --date first, as SOURCES.md allows)."""
    path = tmp_path / name
    shutil.copy2(BROKEN / name, path)
    before = everything(content)
    result = run([path], content)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: ") and result.stderr.count("\n") == 1
    assert result.stderr.endswith("; nothing was imported\n")
    assert everything(content) == before


def test_text_named_zip_lists_the_known_kinds(content, tmp_path):
    path = tmp_path / "not-a-zip.zip"
    shutil.copy2(BROKEN / "not-a-zip.zip", path)
    result = run([path], content, "--date", "2026-09-05")
    assert result.exit_code == 1
    for kind in ("--kind linkedin-archive", "--kind linkedin-ssi", "--kind socialedge",
                 "--kind sales-navigator", "--kind crm"):
        assert kind in result.stderr


def peak_memory(action) -> int:
    """The most memory Python held at once while `action()` ran, in bytes."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_zip_bomb_is_refused_without_unpacking(content, tmp_path):
    assert BOMB_BYTES > MAX_ENTRY_BYTES
    bomb = build_bomb(tmp_path / "bomb.zip", BOMB_BYTES)
    assert bomb.stat().st_size < 5 * 1024 * 1024
    # what any refused import holds at its peak (ssigen reserves buffers for its file caps)
    baseline = peak_memory(lambda: run([BROKEN / "traversal.zip"], content))
    started = time.perf_counter()
    peak = peak_memory(lambda: refused(
        [bomb], content, ["--date", "2026-09-05"],
        f"{bomb}: Shares.csv would unpack into 256 MB, more than 200 MB: refused (a zip "
        "bomb?)"))
    assert time.perf_counter() - started < 5
    assert peak - baseline < 16 * 1024 * 1024, (
        f"{peak:,} bytes at the peak, {baseline:,} for a small archive: the entry was "
        "unpacked")


def test_one_broken_archive_in_the_folder_imports_nothing(content, tmp_path):
    team = team_folder(tmp_path / "team")
    shutil.copy2(BROKEN / "bad-date.zip", team / "bad-date.zip")
    refused([team], content, ["--date", "2026-09-05"],
            BROKEN_ERRORS["bad-date.zip"].format(path=team / "bad-date.zip"))


def test_good_archive_then_broken_one_imports_nothing(content, tmp_path):
    path = tmp_path / "traversal.zip"
    shutil.copy2(BROKEN / "traversal.zip", path)
    refused([archive_of("complete-zip"), path], content, [],
            BROKEN_ERRORS["traversal.zip"].format(path=path))


def test_truncated_zip_in_the_folder_imports_nothing(content, tmp_path):
    """A zip of the folder that cannot be opened (a truncated download) is reported, not
    skipped (it was skipped, exit 0, until ssigen 0197d77)."""
    team = team_folder(tmp_path / "team")
    shutil.copy2(BROKEN / "truncated.zip", team / "truncated.zip")
    refused([team], content, [],
            BROKEN_ERRORS["truncated.zip"].format(path=team / "truncated.zip"))


def test_every_broken_file_is_named(content, tmp_path):
    """Two broken archives: one `error:` line each, then the one-line summary."""
    team = team_folder(tmp_path / "team")
    for name in ("traversal.zip", "truncated.zip"):
        shutil.copy2(BROKEN / name, team / name)
    before = everything(content)
    result = run([team], content)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "error: " + BROKEN_ERRORS["traversal.zip"].format(path=team / "traversal.zip"),
        "error: " + BROKEN_ERRORS["truncated.zip"].format(path=team / "truncated.zip"),
        "Error: 2 problems; nothing was imported"]
    assert everything(content) == before


# --------------------------------------------------------------------------- member and date

def test_unknown_name_names_the_closest_member(content):
    make_folder(content, {"members.csv": (content / "members.csv").read_text(
        encoding="utf-8").replace("Nadia Berger", "Nadia Burger")}, base=None)
    source = archive_of("complete-zip")
    refused([source], content, [],
            f"{source}: Profile.csv: no member is called 'Nadia Berger' (closest: Nadia "
            "Burger (nadia-berger))")


def test_ambiguous_name_lists_both_members(content):
    with open(content / "members.csv", "a", encoding="utf-8") as f:
        f.write("nadia-berger-zh,NADIA  Bérger,DACH Enterprise\n")
    source = archive_of("complete-zip")
    refused([source], content, [],
            f"{source}: Profile.csv: 'Nadia Berger' is the name of several members "
            "(nadia-berger, nadia-berger-zh); give --member")
    # --member settles it
    result = run([source], content, "--member", "nadia-berger-zh")
    assert result.exit_code == 0, result.output
    assert set(summary(result.stdout)) == {"nadia-berger-zh"}
    same(snapshot_of(content, "nadia-berger-zh").profile, expected("complete-zip")["profile"])
    assert not (content / IMPORTED / "nadia-berger.yml").exists()


def test_member_option_overrides_the_name(content):
    """The archive is Nadia Berger's; --member gives it to Hannah Weiss."""
    result = run([archive_of("complete-zip")], content, "--member", "hannah-weiss")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Imported 1 archive(s), 0 already present, 0 conflict(s)"
        + written(content, "hannah-weiss"))
    same(snapshot_of(content, "hannah-weiss").activity, expected("complete-zip")["activity"])
    assert sorted(p.name for p in (content / IMPORTED).iterdir()) == ["hannah-weiss.yml"]


def test_unknown_member_option(content):
    source = archive_of("complete-zip")
    refused([source], content, ["--member", "nadia-bergr"],
            f"{source}: unknown member 'nadia-bergr' (did you mean 'nadia-berger'?)")


def test_date_option_overrides_the_name(content):
    source = archive_of("complete-zip")
    day = dt.date(2026, 9, 10)
    result = run([source], content, "--date", "2026-09-10")
    assert result.exit_code == 0, result.output
    assert summary(result.stdout)["nadia-berger"]["date"] == "2026-09-10"
    activity = snapshot_of(content, "nadia-berger", day).activity
    # By hand (README): Felix Baumann, 06 Sep 2026, "VP Engineering" at Brightwave
    # Analytics, now counts; Nora Sutter, 14 Sep 2026, still does not.
    assert (activity["connections"], activity["decision_maker_connections"],
            activity["colleague_connections"]) == (25, 14, 5)
    assert {k: activity[k] for k in window_counts(source, day, 30)} == \
        window_counts(source, day, 30)
    assert all(s.date != DAY for s in ssigen.load(content)[0].snapshots
               if s.member == "nadia-berger")


def test_zip_without_a_date_asks_for_date(content, tmp_path):
    path = tmp_path / "nadia.zip"
    shutil.copy2(archive_of("complete-zip"), path)
    refused([path], content, [],
            f"{path}: its name carries no date (LinkedIn names archives "
            "Complete_LinkedInDataExport_MM-DD-YYYY.zip): give --date")
    result = run([path], content, "--date", "2026-09-05")
    assert result.exit_code == 0, result.output
    same(snapshot_of(content, "nadia-berger").activity, expected("complete-zip")["activity"])


# =========================================================================== 4. privacy

def private_words() -> tuple[set[str], set[str], set[str]]:
    """(connections' first and last names, connections' full names, login IP addresses)
    of complete-zip and complete-folder, read with the csv module."""
    with zipfile.ZipFile(archive_of("complete-zip")) as archive:
        texts = {base: archive.read(f"{base}.csv").decode("utf-8-sig")
                 for base in ("Connections", "Logins")}
    inner = archive_of("complete-folder") / "Complete_LinkedInDataExport_09-05-2026"
    folder = {base: (inner / f"{base}.csv").read_bytes().decode("utf-8-sig")
              for base in ("Connections", "Logins")}
    names, full, ips = set(), set(), set()
    for source in (texts, folder):
        for row in connection_rows(source["Connections"]):
            first, last = row["First Name"].strip(), row["Last Name"].strip()
            names |= {first, last}
            full.add(f"{first} {last}")
        ips |= {row["IP Address"] for row in
                csv.DictReader(io.StringIO(source["Logins"], newline=""))}
    assert len(full) == 26 + 27 and len(ips) >= 4
    return names - {""}, full, ips


def occurrences(root: Path, words: set[str]) -> Counter:
    """(file, word) → how often the word stands as a whole word in the file."""
    pattern = re.compile(r"(?<!\w)(" + "|".join(
        re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)")
    found: Counter = Counter()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            rel = path.relative_to(root).as_posix()
            found.update((rel, m) for m in pattern.findall(text))
    return found


def test_nothing_private_reaches_the_content_or_the_site(tmp_path):
    content = make_folder(tmp_path / "content", base=FIXTURE / "content")
    control = make_folder(tmp_path / "control", base=FIXTURE / "content")
    result = run([archive_of("complete-zip"), archive_of("complete-folder")], content)
    assert result.exit_code == 0, result.output
    ssigen.build(content, tmp_path / "site")
    ssigen.build(control, tmp_path / "control-site")
    names, full, ips = private_words()
    outputs = {"content": content, "site": tmp_path / "site"}
    for where, root in outputs.items():
        for path in root.rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", "replace")
                for secret in ("PRIVATE-MESSAGE-7f3a", "private-mail-7f3a", *ips, *full):
                    assert secret not in text, f"{secret!r} in {where}/{path.relative_to(root)}"
    for secret in ("PRIVATE-MESSAGE-7f3a", "private-mail-7f3a", *ips, *full):
        assert secret not in result.output
    # A single name may be an ordinary word of the site too ("Jan" is a month in the chart
    # library): it must not appear once more than in the same site built without the
    # archives.
    for root, base in ((content, control), (tmp_path / "site", tmp_path / "control-site")):
        before, after = occurrences(base, names), occurrences(root, names)
        assert {k: n for k, n in after.items() if n > before.get(k, 0)} == {}
    assert {w for _, w in occurrences(tmp_path / "site", names)} <= {"Jan"}


# =========================================================================== 5. the window

def test_window_of_seven_days(content):
    set_config(content, activity_window_days=7)
    source = archive_of("complete-zip")
    assert run([source], content).exit_code == 0
    activity = snapshot_of(content, "nadia-berger").activity
    # By hand from README's dated rows: 2026-08-29 < day <= 2026-09-05 keeps invitations
    # 9/5 and 9/1 (2), Shares 09-05 (1), Comments 09-05 and 09-03 (2), Reactions 09-05 twice
    # and 09-02 (3), InstantReposts 09-04 (1), searches 09/05 twice and 08/31 (3), logins on
    # Sep 05, Sep 01 and Aug 31 (3 days). The totals do not depend on the window.
    hand = {"invitations_sent": 2, "posts": 1, "comments": 2, "reactions": 3, "shares": 1,
            "searches": 3, "active_days": 3}
    assert window_counts(source, DAY, 7) == hand
    same(activity, {"connections": 24, "decision_maker_connections": 13,
                    "colleague_connections": 4, **hand})


# =========================================================================== 6. the lexicon

def test_decision_maker_words_extend_the_lexicon(content):
    set_config(content, decision_maker_words=["Sales Manager"])
    assert run([archive_of("complete-zip"), archive_of("basic-zip")], content).exit_code == 0
    # By hand: in complete-zip's Connections.csv one Position is "Sales Manager" as a whole
    # phrase (Daniel Koch), so 13 + 1; basic-zip's "Salesmanager" is one word and does not
    # count, and "Customer Success Manager" is not the phrase: still 4.
    assert snapshot_of(content, "nadia-berger").activity["decision_maker_connections"] == 14
    assert snapshot_of(content, "pieter-van-dijk").activity[
        "decision_maker_connections"] == 4
    with zipfile.ZipFile(archive_of("complete-zip")) as archive:
        rows = connection_rows(archive.read("Connections.csv").decode("utf-8-sig"))
    assert [r["Last Name"] for r in rows if "sales manager" in r["Position"].casefold()] == [
        "Koch"]


# =========================================================================== 7. typed facts win

TYPED = """
    member: nadia-berger
    date: 2026-09-05
    profile:
      photo: true
      headline: "A different headline, typed by the consultant"
"""


def test_typed_facts_win(content, tmp_path):
    make_folder(content, {"snapshots/typed.yml": TYPED}, base=None)
    source = archive_of("complete-zip")
    result = run([source], content)
    assert result.exit_code == 0
    assert result.stderr == (
        f"kept: {source}: nadia-berger on 2026-09-05: profile.headline typed in "
        "snapshots/typed.yml is kept (the archive says otherwise)\n")
    assert result.stdout.splitlines()[-1] == (
        "Imported 1 archive(s), 0 already present, 0 conflict(s)"
        + written(content, "nadia-berger"))
    record, = yaml.safe_load((content / IMPORTED / "nadia-berger.yml").read_text("utf-8"))
    want = expected("complete-zip")
    same(record["profile"], {k: v for k, v in want["profile"].items() if k != "headline"})

    snapshot = snapshot_of(content, "nadia-berger")
    same(snapshot.profile, {**want["profile"], "photo": True,
                            "headline": "A different headline, typed by the consultant"})
    same(snapshot.activity, want["activity"])
    for fact in ("profile.photo", "profile.headline"):
        origin = snapshot.origin_of(fact)
        assert (origin.file, origin.date, origin.source) == ("snapshots/typed.yml", DAY, None)
    for fact in ("profile.education", "profile.about", "activity.connections"):
        origin = snapshot.origin_of(fact)
        assert (origin.file, origin.source) == (f"{IMPORTED}/nadia-berger.yml",
                                                "linkedin-archive")

    site = tmp_path / "site"
    ssigen.build(content, site)
    page = parse(site / "people" / "nadia-berger.html")
    table, = page.find_all("table", class_="checks")
    rows = [[text_of(cell) for cell in row.children if cell.tag in ("td", "th")]
            for row in table.find_all("tr")]
    column = rows[0].index("Source")
    source_of = {row[0]: row[column] for row in rows[1:]}
    assert source_of["Profile photo"] == "typed, Sep 5, 2026"
    assert source_of["Headline says more than a job title"] == "typed, Sep 5, 2026"
    assert source_of["Education"] == "LinkedIn archive of Sep 5, 2026"
    assert source_of["At least 50 connections"] == "LinkedIn archive of Sep 5, 2026"


def test_typed_fact_equal_to_the_archive_is_no_conflict(content):
    headline = expected("complete-zip")["profile"]["headline"]
    make_folder(content, {"snapshots/typed.yml": f"""
        member: nadia-berger
        date: 2026-09-05
        profile: {{photo: true, headline: "{headline}"}}
    """}, base=None)
    result = run([archive_of("complete-zip")], content)
    assert (result.exit_code, result.stderr) == (0, "")
    record, = yaml.safe_load((content / IMPORTED / "nadia-berger.yml").read_text("utf-8"))
    assert "headline" not in record["profile"]
    assert snapshot_of(content, "nadia-berger").origin_of("profile.headline").file == \
        "snapshots/typed.yml"


# =========================================================================== 8. --replace

def test_replace(content):
    source = archive_of("complete-zip")
    assert run([source], content).exit_code == 0
    path = content / IMPORTED / "nadia-berger.yml"
    original = path.read_bytes()
    assert original.count(b"    skills: 12\n") == 1
    edited = original.replace(b"    skills: 12\n", b"    skills: 13\n")
    path.write_bytes(edited)

    before = everything(content)
    result = run([source], content)
    assert result.exit_code == 1
    assert result.stderr == (
        f"conflict: {source}: nadia-berger on 2026-09-05: {IMPORTED}/nadia-berger.yml "
        "already holds other facts of that day from an earlier import; --replace replaces "
        "them\n")
    assert summary(result.stdout)["nadia-berger"]["status"] == "conflict"
    assert result.stdout.splitlines()[-1] == (
        "Imported 0 archive(s), 0 already present, 1 conflict(s).")
    assert everything(content) == before

    result = run([source], content, "--replace")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert summary(result.stdout)["nadia-berger"]["status"] == "replaced"
    assert result.stdout.splitlines()[-1] == (
        "Imported 1 archive(s), 0 already present, 0 conflict(s)"
        + written(content, "nadia-berger"))
    assert path.read_bytes() == original
    assert snapshot_of(content, "nadia-berger").profile["skills"] == 12


def test_dry_run_writes_nothing(content):
    before = everything(content)
    result = run([archive_of("complete-zip")], content, "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    assert summary(result.stdout)["nadia-berger"]["status"] == "added"
    assert result.stdout.splitlines()[-2:] == [
        "Imported 1 archive(s), 0 already present, 0 conflict(s).",
        "Dry run: nothing was written; it would write "
        f"{content / IMPORTED / 'nadia-berger.yml'}."]
    assert everything(content) == before


def test_dry_run_with_replace_writes_nothing(content):
    source = archive_of("complete-zip")
    assert run([source], content).exit_code == 0
    path = content / IMPORTED / "nadia-berger.yml"
    path.write_bytes(path.read_bytes().replace(b"    skills: 12\n", b"    skills: 13\n"))
    before = everything(content)
    result = run([source], content, "--replace", "--dry-run")
    assert result.exit_code == 0, result.output
    assert summary(result.stdout)["nadia-berger"]["status"] == "replaced"
    assert result.stdout.splitlines()[-1] == f"Dry run: nothing was written; it would write {path}."
    assert everything(content) == before


# =========================================================================== 9. the loader

def test_profile_field_given_twice_is_an_error(content):
    make_folder(content, {
        "snapshots/a.yml": """
            member: nadia-berger
            date: 2026-09-05
            profile: {skills: 3, photo: true}
        """,
        "snapshots/b.yml": """
            - member: nadia-berger
              date: 2026-09-05
              profile:
                banner: true
                skills: 4
        """}, base=None)
    errors = ssigen.check(content).errors
    assert [(e.file, e.line, e.field, e.message, e.hint) for e in errors] == [
        ("snapshots/b.yml", 3, "profile",
         "a second 'profile' section for nadia-berger on 2026-09-05",
         "the first is at snapshots/a.yml:3; both give skills")]
    with pytest.raises(ssigen.ContentErrors):
        ssigen.load(content)


def test_fact_typed_beside_an_import_that_gives_it_is_an_error(content):
    assert run([archive_of("complete-zip")], content).exit_code == 0
    make_folder(content, {"snapshots/typed.yml": """
        member: nadia-berger
        date: 2026-09-05
        profile: {photo: true, skills: 20, education: 2}
    """}, base=None)
    errors = ssigen.check(content).errors
    assert [(e.file, e.field, e.message, e.hint) for e in errors] == [
        ("snapshots/typed.yml", "profile",
         "a second 'profile' section for nadia-berger on 2026-09-05",
         f"the first is at {IMPORTED}/nadia-berger.yml:7; both give education, skills")]
    # and the import says so rather than writing anything
    refused([archive_of("complete-zip")], content, [],
            f"{content}: the content folder has errors; run ssigen check {content} first")
    with pytest.raises(SourceError):
        import_files([archive_of("complete-zip")], content)
