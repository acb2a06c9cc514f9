"""Benchmark ssigen on generated content against its peer (MkDocs) and its floor.

    python benchmarks/run.py                      # every row, the README's figures
    python benchmarks/run.py --quick              # no 10,000-member run
    python benchmarks/run.py --only small,floor   # some rows only (see --help)

Each row of the goals table is measured in the same run as what it is compared with:
a 16-member build from a cold start against MkDocs building the same tables as 16
pages; a 1,000-member build on one process (-j 1) against the floor
(benchmarks/floor.py: csv plus one Jinja2 render per person page); the same build on
every core against MkDocs building 1,000 such pages; a 10,000-member build; a rebuild
with nothing changed; `ssigen check` of the sample content/, and the modules it
imports. It also imports 40 LinkedIn archives (benchmarks/archives.py) beside the floor
of unzipping them, and measures what --pdf adds per person.

Content comes from benchmarks/generate.py (the 16-member case too, so that both sizes
have the same shape). Every command runs in a fresh process of the `ssigen` that
`python -m ssigen` finds; the short rows (16 members, rebuild, check) keep the best of
three runs, and the 1,000-member rows the best of three (against the floor) or two
(against MkDocs), each side's runs taken in turns with its peer's, so that both meet the
same moments of a machine whose speed drifts within a run. Peak memory is the larger of
the biggest process's maximum resident set and the peak proportional set size of the
whole process tree (render workers included), sampled every 0.1 s. It ends with a Markdown table of every row and its target.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from archives import FLOOR, generate_archives  # noqa: E402
from generate import generate  # noqa: E402

SAMPLE = HERE.parent / "content"
BEST_OF = 3
SMALL = 16
CHART_AND_STATS = ("altair", "vl_convert", "scipy", "numpy", "pandas")
SECTIONS = ("small", "floor", "cores", "rebuild", "large", "check", "import", "pdf")


@dataclass
class Run:
    seconds: float
    rss: float      # MB: the largest single process's maximum resident set
    tree: float     # MB: the sampled peak of the whole process tree's proportional set

    @property
    def memory(self) -> float:
        return max(self.rss, self.tree)


@dataclass
class Row:
    what: str
    measured: str
    target: str
    ok: bool | None


def tree_pss(pid: int) -> int:
    """kB of proportional set size of a process and its descendants (0 without /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, ValueError):
            continue
        stack.extend(int(child) for child in children)
    return total


# Every command runs as Python runs by default, writing and reusing bytecode caches: a
# sandbox's PYTHONDONTWRITEBYTECODE would make each process compile ssigen's own source
# (an editable install has no .pyc), which no user's machine does.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path | None = None) -> Run:
    """One command in a fresh process: wall time and peak memory; exits if it fails."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors,
                                   env=ENV)
        peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                peak[0] = max(peak[0], tree_pss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(map(str, command))}\n"
                             f"{errors.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 1024)


def best(commands: list[list[str]], cwd: Path | None = None) -> Run:
    """The fastest of several runs, for commands short enough that noise dominates."""
    return min((run(command, cwd) for command in commands), key=lambda r: r.seconds)


def ssigen(*args: object) -> list[str]:
    return [sys.executable, "-m", "ssigen", *map(str, args)]


def pages_in(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def report(label: str, result: Run, pages: int | None = None) -> None:
    per_page = f"  {1000 * result.seconds / pages:7.2f} ms/page" if pages else ""
    count = f"  ({pages:,} pages)" if pages else ""
    print(f"{label:<58} {result.seconds:8.2f} s{per_page}  {result.memory:6.0f} MB{count}",
          flush=True)


def ratio(what: str, ours: Run, theirs: Run, peer: str, goal: float) -> Row:
    value = ours.seconds / theirs.seconds
    print(f"  ssigen ÷ {peer} = {value:.2f} (target ≤ {goal})", flush=True)
    return Row(what, f"{value:.2f} ({ours.seconds:.2f} s ÷ {theirs.seconds:.2f} s)",
               f"≤ {goal}", value <= goal)


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


def mkdocs_project(content: Path, project: Path) -> tuple[str, int] | None:
    """content's markdown_twin as an MkDocs project: (the mkdocs command, its page count),
    or None without MkDocs."""
    mkdocs = shutil.which("mkdocs")
    if mkdocs is None:
        print("MkDocs is not installed (pip install mkdocs): no comparison", flush=True)
        return None
    pages = markdown_twin(content, project / "docs")
    (project / "mkdocs.yml").write_text("site_name: Benchmark\ntheme: mkdocs\n"
                                        "markdown_extensions: [tables]\n", encoding="utf-8")
    return mkdocs, pages


def mkdocs_builds(mkdocs: str, project: Path, runs: int) -> list[list[str]]:
    return [[mkdocs, "build", "-q", "-d", str(project / f"site-{i}")] for i in range(runs)]


def mkdocs_build(content: Path, project: Path, runs: int = 1) -> tuple[Run, int] | None:
    """MkDocs building content's markdown_twin (the best of `runs`), or None without it."""
    found = mkdocs_project(content, project)
    if found is None:
        return None
    mkdocs, pages = found
    return best(mkdocs_builds(mkdocs, project, runs), cwd=project), pages


def generated(work: Path, members: int) -> Path:
    """A content folder of `members` (52 weeks, 5 deals each, a cohort per 100), made once."""
    content = work / f"content-{members}"
    if not content.exists():
        generate(content, members, 52, 5 * members, max(1, members // 100))
    return content


def small(work: Path, args: argparse.Namespace) -> list[Row]:
    content = generated(work, SMALL)
    result = best([ssigen("build", content, "-o", work / f"small-site-{i}", "-q")
                     for i in range(BEST_OF)])
    report(f"ssigen, {SMALL} members, cold start (best of {BEST_OF})", result,
           pages_in(work / "small-site-0"))
    what = f"{SMALL}-member build, cold start, ÷ MkDocs, {SMALL} pages"
    twin = mkdocs_build(content, work / "mkdocs-small", BEST_OF)
    if twin is None:
        return [Row(what, "no MkDocs", "≤ 1.0", None)]
    report(f"MkDocs, {SMALL} Markdown pages of the same tables (best of {BEST_OF})", *twin)
    return [ratio(what, result, twin[0], "MkDocs", 1.0)]


def alternated(ours: list[list[str]], theirs: list[list[str]],
               cwd: Path | None = None) -> tuple[Run, Run]:
    """The fastest of each side's runs, taken in turns (ours, theirs, ours, …), so that both
    sides meet the same moments of a machine whose speed drifts within a run."""
    mine, peer = [], []
    for command, other in zip(ours, theirs):
        mine.append(run(command))
        peer.append(run(other, cwd))
    fastest = lambda runs: min(runs, key=lambda r: r.seconds)  # noqa: E731
    return fastest(mine), fastest(peer)


def floor(work: Path, args: argparse.Namespace) -> list[Row]:
    content = generated(work, args.members)
    sites = [work / f"site-j1-{i}" for i in range(BEST_OF)]
    outs = [work / f"floor-site-{i}" for i in range(BEST_OF)]
    result, bare = alternated(
        [ssigen("build", content, "-o", site, "-q", "-j", "1") for site in sites],
        [[sys.executable, str(HERE / "floor.py"), str(content), str(out)] for out in outs])
    report(f"ssigen -j 1, {args.members:,} members, full build (best of {BEST_OF})", result,
           pages_in(sites[0]))
    report(f"floor: csv + one Jinja2 render per person page (best of {BEST_OF})", bare,
           pages_in(outs[0]))
    return [ratio(f"{args.members:,} members, -j 1, ÷ the floor", result, bare, "floor", 3)]


def cores(work: Path, args: argparse.Namespace, runs: int = 2) -> list[Row]:
    content = generated(work, args.members)
    what = f"{args.members:,} members, every core, ÷ MkDocs, {args.members:,} pages"
    project = work / "mkdocs"
    found = mkdocs_project(content, project)
    if found is None:
        return [Row(what, "no MkDocs", "≤ 0.2", None)]
    mkdocs, pages = found
    sites = [work / ("site" if i == 0 else f"site-{i}") for i in range(runs)]
    result, twin = alternated(
        [ssigen("build", content, "-o", site, "-q") for site in sites],
        mkdocs_builds(mkdocs, project, runs), cwd=project)
    report(f"ssigen, {args.members:,} members, every core (best of {runs})", result,
           pages_in(sites[0]))
    report(f"MkDocs, {pages - 1:,} Markdown pages of the same tables (best of {runs})", twin,
           pages)
    return [ratio(what, result, twin, "MkDocs", 0.2)]


def rebuild(work: Path, args: argparse.Namespace) -> list[Row]:
    content, site = generated(work, args.members), work / "site"
    if not site.exists():
        run(ssigen("build", content, "-o", site, "-q"))
    before = (site / "index.html").stat().st_mtime_ns
    result = best([ssigen("build", content, "-o", site, "-q")] * BEST_OF)
    report(f"ssigen, rebuild with nothing changed (best of {BEST_OF})", result)
    untouched = (site / "index.html").stat().st_mtime_ns == before
    if not untouched:
        print("  the rebuild rewrote the site: it did not see that nothing changed")
    return [Row("rebuild with nothing changed", f"{result.seconds:.2f} s", "≤ 0.2 s",
                untouched and result.seconds <= 0.2)]


def large(work: Path, args: argparse.Namespace) -> list[Row]:
    content, site = generated(work, args.large), work / "large-site"
    result = run(ssigen("build", content, "-o", site, "-q"))
    report(f"ssigen, {args.large:,} members, full build", result, pages_in(site))
    print(f"  largest process {result.rss:.0f} MB; all processes {result.tree:.0f} MB "
          "(target ≤ 40 s, ≤ 1 GB)", flush=True)
    return [Row(f"{args.large:,} members, full build",
                f"{result.seconds:.1f} s, {result.memory:,.0f} MB", "≤ 40 s, ≤ 1 GB",
                result.seconds <= 40 and result.memory <= 1024)]


def imported_modules(command: list[str]) -> set[str]:
    """Top-level names of every module a command imports (python -X importtime)."""
    done = subprocess.run([command[0], "-X", "importtime", *command[1:]], text=True, env=ENV,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return {line.rsplit("|", 1)[1].strip().split(".")[0]
            for line in done.stderr.splitlines() if line.startswith("import time:")}


def check(work: Path, args: argparse.Namespace) -> list[Row]:
    result = best([ssigen("check", SAMPLE)] * BEST_OF)
    report(f"ssigen check of the sample content/ (best of {BEST_OF})", result)
    loaded = sorted(imported_modules(ssigen("check", SAMPLE)) & set(CHART_AND_STATS))
    print(f"  chart or statistics libraries imported: {', '.join(loaded) or 'none'}",
          flush=True)
    return [Row("`ssigen check` of the sample content/",
                f"{result.seconds:.2f} s, imports {', '.join(loaded) or 'none of them'}",
                f"≤ 0.5 s, none of {', '.join(CHART_AND_STATS)}",
                result.seconds <= 0.5 and not loaded)]


def import_archives(work: Path, args: argparse.Namespace, count: int = 40,
                    connections: int = 5000) -> list[Row]:
    """`ssigen import` of a team's archives, beside the floor: unzipping and splitting into
    CSV rows every file it reads, in a plain Python process."""
    generate_archives(work / "team", count, connections)
    archives, content = work / "team" / "archives", work / "team" / "content"
    result = run(ssigen("import", archives, "-c", content))
    report(f"ssigen import, {count} archives of {connections:,} connections", result)
    bare = run([sys.executable, "-c", FLOOR, str(archives)])
    print(f"  floor (unzip and split the same files into rows): {bare.seconds:.2f} s; "
          f"import ÷ floor = {result.seconds / bare.seconds:.1f}", flush=True)
    return [Row(f"`ssigen import`, {count} archives × {connections:,} connections",
                f"{result.seconds:.2f} s ({result.seconds / bare.seconds:.1f} × the floor, "
                f"{bare.seconds:.2f} s)", "< 60 s", result.seconds < 60)]


def pdf(work: Path, args: argparse.Namespace, people: int = 20) -> list[Row]:
    """What --pdf adds per person on one core: a build of `people` members with and without
    PDFs (-j 1), the team report's share taken out by a second size."""
    times = {}
    for count in (people // 2, people):
        content = work / f"pdf-{count}"
        generate(content, count, 52, 5 * count, 2)
        plain = run(ssigen("build", content, "-o", work / f"pdf-{count}-html", "-q", "-j", "1"))
        with_pdf = run(ssigen("build", content, "-o", work / f"pdf-{count}-site", "-q",
                              "-j", "1", "--pdf"))
        times[count] = with_pdf.seconds - plain.seconds
    per_person = (times[people] - times[people // 2]) / (people - people // 2)
    print(f"{'ssigen --pdf, per person, one core':<58} {per_person:8.2f} s  "
          f"({people} members: +{times[people]:.1f} s, the team report included; "
          f"peak {with_pdf.memory:.0f} MB)", flush=True)
    return [Row("`ssigen build --pdf`, what it adds per person, one core",
                f"{per_person:.2f} s", "≤ 1 s", per_person <= 1)]


RUNS = {"small": small, "floor": floor, "cores": cores, "rebuild": rebuild, "large": large,
        "check": check, "import": import_archives, "pdf": pdf}


def output(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def machine() -> None:
    """The date, the machine and the versions, so that a run's figures can be placed."""
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    which = output([sys.executable, "-c", "import os, ssigen.version as v; "
                    "print(v.__version__, 'from', os.path.dirname(v.__file__))"])
    mkdocs = shutil.which("mkdocs")
    peer = output([mkdocs, "--version"]).split(" from ")[0] if mkdocs else "no MkDocs"
    print(f"# ssigen benchmarks, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n")
    print(f"- machine: nproc {nproc} (os.cpu_count() {os.cpu_count()}), {platform.system()} "
          f"{platform.release()} {platform.machine()}, load average {load} at start")
    print(f"- Python {platform.python_version()} ({platform.python_implementation()}), "
          f"ssigen {which}, {peer}\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-member run")
    parser.add_argument("--only", help=f"comma-separated rows to run, of: {','.join(SECTIONS)}")
    parser.add_argument("--members", type=int, default=1000,
                        help="members of the floor, cores and rebuild rows (default 1000)")
    parser.add_argument("--large", type=int, default=10_000,
                        help="members of the large row (default 10000)")
    parser.add_argument("--keep", type=Path, help="keep the generated folders here")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown rows {', '.join(sorted(unknown))}; choose from "
                     f"{','.join(SECTIONS)}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="ssigen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    machine()
    rows: list[Row] = []
    try:
        for name in SECTIONS:
            if name == "large" and args.quick and name in chosen:
                rows.append(Row(f"{args.large:,} members, full build", "skipped (--quick)",
                                "≤ 40 s, ≤ 1 GB", None))
            elif name in chosen:
                rows += RUNS[name](work, args)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n| what | measured | target | ok? |\n|---|---|---|---|")
    for row in rows:
        ok = "–" if row.ok is None else "yes" if row.ok else "no"
        print(f"| {row.what} | {row.measured} | {row.target} | {ok} |")


if __name__ == "__main__":
    main()
