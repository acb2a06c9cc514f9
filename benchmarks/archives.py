"""Synthetic LinkedIn archives, for the import benchmark.

    python benchmarks/archives.py OUT --archives 40 --connections 5000

Writes OUT/content (a content folder whose members are the archives' owners) and
OUT/archives/ (one Complete archive zip per member, named as a team's downloads are once
saved side by side), each with a year of posts, comments, reactions and logins, and
`--connections` connections. The same arguments always give the same files.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import zipfile
from pathlib import Path

DATE = dt.date(2026, 9, 5)
TITLES = ["Head of Sales", "Account Executive", "CFO", "Directrice commerciale", "Engineer",
          "VP Marketing", "Consultant", "Founder", "Sales Manager", "Analyst"]
COMPANIES = ["Brightwave", "Quantis", "Alpentech", "Solvanta", "Nordlicht", "Hexaline"]


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _stamp(rng: random.Random, days: int) -> dt.datetime:
    return dt.datetime.combine(DATE, dt.time(12)) - dt.timedelta(
        days=rng.randint(0, days), minutes=rng.randint(0, 600))


def archive_files(rng: random.Random, first: str, last: str, connections: int) -> dict:
    """The files of one Complete archive, by name."""
    events = lambda n: [[_stamp(rng, 365).strftime("%Y-%m-%d %H:%M:%S"), "https://x", "…"]
                        for _ in range(n)]
    return {
        "Profile.csv": _csv([["First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
                              "Headline", "Summary", "Industry", "Zip Code", "Geo Location",
                              "Twitter Handles", "Websites", "Instant Messengers"],
                             [first, last, "", "", "", "Helping buyers decide faster",
                              "About me. " * 40, "Software", "", "Zürich", "", "", ""]]),
        "Positions.csv": _csv([["Company Name", "Title", "Description", "Location",
                                "Started On", "Finished On"],
                               ["Brightwave", "Account Executive", "Enterprise accounts", "",
                                "Jan 2024", ""],
                               ["Quantis", "SDR", "Outbound", "", "Mar 2020", "Dec 2023"]]),
        "Skills.csv": _csv([["Name"], *([f"Skill {i}"] for i in range(25))]),
        "Connections.csv": "Notes:\n\"LinkedIn's note on e-mail addresses.\"\n\n" + _csv(
            [["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
              "Connected On"]] + [
                [f"F{i}", f"L{i}", "", "", rng.choice(COMPANIES), rng.choice(TITLES),
                 _stamp(rng, 3000).strftime("%d %b %Y")] for i in range(connections)]),
        "Shares.csv": _csv([["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl",
                             "Visibility"]] + [e + ["", "", "MEMBER_NETWORK"]
                                               for e in events(150)]),
        "Comments.csv": _csv([["Date", "Link", "Message"]] + events(600)),
        "Reactions.csv": _csv([["Date", "Type", "Link"]] + [[e[0], "LIKE", e[1]]
                                                            for e in events(2000)]),
        "Logins.csv": _csv([["Login Date", "IP Address", "User Agent", "Login Type"]] + [
            [_stamp(rng, 365).strftime("%a %b %d %H:%M:%S UTC %Y"), "10.0.0.1", "x", "WEB"]
            for _ in range(800)]),
        "messages.csv": _csv([["CONVERSATION ID", "FROM", "TO", "CONTENT"]] + [
            [str(i), "a", "b", "A private message. " * 10] for i in range(3000)]),
    }


def generate_archives(out: Path, archives: int, connections: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    (out / "archives").mkdir(parents=True, exist_ok=True)
    (out / "content" / "snapshots").mkdir(parents=True, exist_ok=True)
    (out / "content" / "ssigen.yml").write_text("title: Archive benchmark\n", encoding="utf-8")
    members = [["id", "name", "team"]]
    ssi = [["member", "date", "ssi.brand", "ssi.people", "ssi.insights", "ssi.relationships"]]
    for i in range(archives):
        first, last = f"Seller{i:03d}", "Benchmark"
        members.append([f"seller-{i:03d}", f"{first} {last}", "Team"])
        ssi.append([f"seller-{i:03d}", "2026-08-01", 15, 14, 13, 16])
        name = out / "archives" / f"{first}_Complete_LinkedInDataExport_09-05-2026.zip"
        with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as zf:
            for inner, text in archive_files(rng, first, last, connections).items():
                zf.writestr(inner, text)
    (out / "content" / "members.csv").write_text(_csv(members), encoding="utf-8")
    (out / "content" / "snapshots" / "ssi.csv").write_text(_csv(ssi), encoding="utf-8")


FLOOR = """
import csv, io, sys, zipfile
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.zip")):
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name != "messages.csv":
                sum(1 for _ in csv.reader(io.StringIO(zf.read(name).decode("utf-8-sig"))))
"""
"""The least any importer does: unzip every file ssigen reads and split it into CSV rows."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--archives", type=int, default=40)
    parser.add_argument("--connections", type=int, default=5000)
    args = parser.parse_args()
    generate_archives(args.out, args.archives, args.connections)


if __name__ == "__main__":
    main()
