"""Benchmark ssigen on generated content: full build, rebuild, scale, and MkDocs.

    python benchmarks/run.py                 # the README's figures (about ten minutes)
    python benchmarks/run.py --quick         # 1,000 members only, no 10,000 run

It also imports 40 members' LinkedIn archives of 5,000 connections each
(benchmarks/archives.py) and compares that with the floor of the same work.

It generates content with benchmarks/generate.py, builds it with the installed
`ssigen` in a fresh process each time, and reports wall time, time per page and
peak memory (the process's maximum resident set). For the comparison it writes the
same tables as Markdown pages and builds them with MkDocs (`pip install mkdocs`).
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from archives import FLOOR, generate_archives  # noqa: E402
from generate import generate  # noqa: E402


def run(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident memory in MB) of one command, in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def ssigen_build(content: Path, site: Path) -> tuple[float, float]:
    return run([sys.executable, "-m", "ssigen", "build", str(content), "-o", str(site), "-q"])


def pdf_cost(work: Path, people: int = 20) -> None:
    """What --pdf adds per person on one core: a build of `people` members with and without
    PDFs (-j 1), the team report's share taken out by a second size."""
    times = {}
    for count in (people // 2, people):
        content = work / f"pdf-{count}"
        generate(content, count, 52, 5 * count, 2)
        plain, _ = run([sys.executable, "-m", "ssigen", "build", str(content), "-o",
                        str(work / f"pdf-{count}-html"), "-q", "-j", "1"])
        with_pdf, memory = run([sys.executable, "-m", "ssigen", "build", str(content), "-o",
                                str(work / f"pdf-{count}-site"), "-q", "-j", "1", "--pdf"])
        times[count] = with_pdf - plain
    per_person = (times[people] - times[people // 2]) / (people - people // 2)
    print(f"{'ssigen --pdf, per person, one core':<44} {per_person:8.2f} s  "
          f"(target ≤ 1 s; {people} members: +{times[people]:.1f} s, the team report "
          f"included; peak {memory:.0f} MB)")


def markdown_twin(content: Path, docs: Path) -> int:
    """The same tables as Markdown: one page per member with its history, plus an index."""
    docs.mkdir(parents=True)
    history: dict[str, list[list[str]]] = {}
    with open(content / "snapshots" / "ssi.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            history.setdefault(row["member"], []).append(
                [row["date"], row["ssi.brand"], row["ssi.people"], row["ssi.insights"],
                 row["ssi.relationships"]])
    with open(content / "deals.csv", encoding="utf-8") as f:
        deals: dict[str, list[list[str]]] = {}
        for row in csv.DictReader(f):
            deals.setdefault(row["member"], []).append(
                [row["date"], row["account"], row["status"], row["amount"], row["stage"]])
    with open(content / "members.csv", encoding="utf-8") as f:
        members = list(csv.DictReader(f))
    index = ["# Team", "", "| Member | Team |", "|---|---|"]
    for member in members:
        index.append(f"| [{member['name']}]({member['id']}.md) | {member['team']} |")
        lines = [f"# {member['name']}", "", f"{member['title']} · {member['team']}", "",
                 "## History", "", "| Date | Brand | People | Insights | Relationships |",
                 "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(r) + " |" for r in history.get(member["id"], [])]
        lines += ["", "## Deals", "", "| Date | Account | Status | Amount | Stage |",
                  "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(r) + " |" for r in deals.get(member["id"], [])]
        (docs / f"{member['id']}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return len(members) + 1


def mkdocs_build(content: Path, work: Path) -> tuple[float, float, int] | None:
    mkdocs = shutil.which("mkdocs")
    if mkdocs is None:
        return None
    project = work / "mkdocs"
    pages = markdown_twin(content, project / "docs")
    (project / "mkdocs.yml").write_text("site_name: Benchmark\ntheme: mkdocs\n"
                                        "markdown_extensions: [tables]\n", encoding="utf-8")
    seconds, memory = run([mkdocs, "build", "-q", "-d", str(work / "mkdocs-site")], cwd=project)
    return seconds, memory, pages


def pages_in(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def report(label: str, seconds: float, memory: float, pages: int) -> None:
    print(f"{label:<44} {seconds:8.2f} s  {1000 * seconds / pages:7.2f} ms/page  "
          f"{memory:8.0f} MB  ({pages} pages)", flush=True)


def import_archives(work: Path, count: int, connections: int) -> None:
    """`ssigen import` of a team's archives, beside the floor: unzipping and splitting into
    CSV rows every file it reads, in a plain Python process."""
    generate_archives(work / "team", count, connections)
    archives, content = work / "team" / "archives", work / "team" / "content"
    seconds, memory = run([sys.executable, "-m", "ssigen", "import", str(archives),
                           "-c", str(content)])
    report(f"ssigen import, {count} archives of {connections:,} connections", seconds, memory,
           count)
    floor, _ = run([sys.executable, "-c", FLOOR, str(archives)])
    print(f"  floor (unzip and split the same files into rows): {floor:.2f} s; "
          f"import / floor = {seconds / floor:.1f} (target: well under a minute)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-member run")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="keep the generated folders here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ssigen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        content = work / "content"
        generate(content, args.members, 52, 5 * args.members, 10)
        site = work / "site"
        full, memory = ssigen_build(content, site)
        pages = pages_in(site)
        report(f"ssigen, {args.members:,} members, full build", full, memory, pages)
        again, memory_again = ssigen_build(content, site)
        report("ssigen, rebuild with nothing changed", again, memory_again, pages)
        print(f"  rebuild / full build = {again / full:.2f} (target ≤ 0.20)")
        twin = mkdocs_build(content, work)
        if twin is None:
            print("MkDocs is not installed (pip install mkdocs): no comparison")
        else:
            seconds, memory, md_pages = twin
            report(f"MkDocs, {md_pages - 1:,} Markdown pages of the same tables", seconds,
                   memory, md_pages)
            print(f"  ssigen / MkDocs = {full / seconds:.2f} (target < 1)")
        import_archives(work, 40, 5000)
        pdf_cost(work)
        if not args.quick:
            large = work / "large"
            generate(large, args.large, 52, 5 * args.large, 10 * args.large // 1000)
            big, big_memory = ssigen_build(large, work / "large-site")
            report(f"ssigen, {args.large:,} members, full build", big, big_memory,
                   pages_in(work / "large-site"))
            print(f"  {args.large:,} / {args.members:,} time = {big / full:.1f}× "
                  f"(target ≤ 12×); peak memory {big_memory:.0f} MB (target < 1,536 MB)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
