"""Hostile folders (tests/hostile_cases.py): clear errors, inert sites, the previous site kept."""
# Every case of hostile_cases.CASES (BASE with a few files changed, or with content made at
# run time: a 60 MB file, symbolic links, a named pipe) goes through the same three proofs:
#
# (a) `ssigen check` ends with exit code 0 or 1, prints no traceback, and every error line
#     names a file of the folder; a folder that is meant to be broken gets at least one
#     error, naming the file that is wrong;
# (b) a folder that is valid but hostile builds a site where no page can run a script, load
#     a frame, submit a form or follow a `javascript:` link, where the hostile text is shown
#     as text, where no U+202E survives, and whose scores.csv cannot start a spreadsheet
#     formula;
# (c) a build that fails leaves the previous site byte for byte as it was, with nothing left
#     beside it.
#
# A case that reveals a bug keeps the assertion of the correct behaviour and gets
# `bug="BUG: ..."`, which marks it `xfail(strict=True)`.
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import ssigen
from ssigen.cli import cli

from .folders import BASE, make_folder
from .hostile_cases import CASES, Case, read_scores_csv
from .htmlparse import parse, safety_problems, strict_json

PWNED = Path("/tmp/pwned")
MAX_OUTPUT = 64 * 1024           # a wall of text is not a "clear error"
KNOWN_NAMES = {"ssigen.yml", "members.csv", "members.yml", "members", "snapshots", "deals.csv",
               "deals.yml", "deals", "cohorts.yml", "cohorts", "rubric.yml", "notes",
               "templates", "assets"}
RLO = "\u202e"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _params():
    for name in sorted(CASES):
        case = CASES[name]
        marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
        yield pytest.param(name, id=name, marks=marks)


# --------------------------------------------------------------------------- helpers

def _verbatim() -> str:
    # The verbatim of hostile-deals, read back from its deals.csv as a CSV reader reads it.
    data = CASES["hostile-deals"].changes["deals.csv"]
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    text = rows[0]["verbatim"]
    assert len(text) >= 9990 and text.startswith("MKVERB ") and text.endswith(" ENDVERB")
    return text


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under root: file bytes, or 'dir' / 'link -> target'."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = path.read_bytes()
    return found


def _names_a_file(content: Path, path: str) -> bool:
    path = path.strip()
    if not path or os.path.isabs(path):
        return False
    norm = os.path.normpath(path)
    if norm.startswith(".."):
        return False
    return norm in KNOWN_NAMES or os.path.lexists(content / norm)


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _limit_memory():                                     # pragma: no cover - in the child
    import resource
    limit = 2 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _subprocess(args: list[str], timeout: float, cwd: Path) -> tuple[int, str, float]:
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "ssigen", *args], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_limit_memory, stdin=subprocess.DEVNULL,
                              env={**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"ssigen {args[0]} did not finish within {timeout} s")
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - started


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(ZERO_WIDTH)).strip()


def _audit(path: Path):
    """(safety problems, visible text, comments) of one page."""
    document = parse(path)
    return safety_problems(document), "".join(document.texts), document.comments


def _check_site(site: Path, case: Case) -> None:
    """Proof (b) on a site that was built."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = {p.relative_to(site).as_posix(): p for p in files if p.suffix == ".html"}
    assert "index.html" in pages
    problems: list[str] = []
    texts: dict[str, str] = {}
    for rel, path in sorted(pages.items()):
        page_problems, text, comments = _audit(path)
        problems += [f"{rel}: {p}" for p in page_problems]
        texts[rel] = _norm(text)
        for comment in comments:
            if re.search(r"MK[A-Z0-9]+|script|alert|onerror", comment, re.I):
                problems.append(f"{rel}: data leaked into an HTML comment: {comment[:200]!r}")
    assert not problems, "\n".join(problems)

    # The data is shown as text, exactly.
    for page, needle in case.shown:
        if needle == "@VERBATIM":
            needle = _verbatim()
        wanted = _norm(needle)
        candidates = texts if page == "*" else {page: texts.get(page)}
        assert page == "*" or texts.get(page) is not None, f"{page} was not built"
        assert any(text and wanted in text for text in candidates.values()), \
            f"{needle[:120]!r} is not visible text of {page}"
    for payload in case.marked:
        marker = payload.split()[0]
        for rel, text in texts.items():
            if marker in text:
                assert _norm(payload) in text, \
                    f"{rel} shows {marker} but not the text {payload!r} as it was written"

    # Nothing evaluated, nothing leaked, no right-to-left override anywhere (every byte of
    # every file: absence is proved on the bytes, not on the parsed text).
    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(site).as_posix()
        assert RLO.encode() not in data, f"U+202E in {rel}"
        text = data.decode("utf-8", errors="replace")
        assert "\\u202e" not in text.lower(), f"escaped U+202E in {rel}"
        for needle in case.absent:
            assert needle not in text, f"{needle!r} found in {rel}"

    # Data exports: strict JSON, and no cell a spreadsheet would take for a formula.
    for path in (site / "data").glob("*.json"):
        strict_json(path.read_text(encoding="utf-8"))
    rows = read_scores_csv(site)
    number = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")
    bad = [cell for row in rows for cell in row
           if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.fullmatch(cell)]
    assert not bad, f"data/scores.csv cells that a spreadsheet runs as formulas: {bad}"
    cells = [cell for row in rows for cell in row]
    for needle in case.csv_contains:
        assert any(needle in cell for cell in cells), f"{needle!r} missing from scores.csv"
    if case.extra:
        case.extra(site)


def _pwned_state():
    try:
        stat = PWNED.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


# --------------------------------------------------------------------------- the proofs

@pytest.fixture(scope="module")
def baseline_site(tmp_path_factory) -> Path:
    """A site built from BASE, copied before every case as 'the previous site'."""
    root = tmp_path_factory.mktemp("baseline")
    out = root / "site"
    ssigen.build(make_folder(root / "content"), out)
    return out


@pytest.mark.parametrize("name", list(_params()))
def test_hostile_case(name: str, tmp_path: Path, baseline_site: Path) -> None:
    case = CASES[name]
    content, outside, sites = tmp_path / "content", tmp_path / "outside", tmp_path / "sites"
    make_folder(content, case.changes, base=BASE)
    if case.setup:
        case.setup(content, outside)
    out = sites / "out"
    shutil.copytree(baseline_site, out, symlinks=True)
    previous = _tree(out)
    beside = sorted(os.listdir(sites))
    around = sorted(os.listdir(tmp_path))
    pwned_before = _pwned_state()

    # (a) check: exit 0 or 1, no traceback, every error line names a file of the folder.
    if case.isolate:
        code, output, seconds = _subprocess(["check", str(content)], case.timeout, tmp_path)
    else:
        started = time.perf_counter()
        result = CliRunner().invoke(cli, ["check", str(content)], catch_exceptions=False)
        code, output, seconds = result.exit_code, result.output, time.perf_counter() - started
    assert code in (0, 1), output[-2000:]
    assert "Traceback" not in output, output[-4000:]
    assert len(output) < MAX_OUTPUT, f"{len(output)} characters of output"
    assert seconds < case.timeout, f"check took {seconds:.1f} s"
    errors = _error_lines(output)
    assert (code == 1) == bool(errors), output[-2000:]
    for line in errors:
        path = line[len("error: "):].split(":", 1)[0]
        assert _names_a_file(content, path), f"does not name a file of the folder: {line!r}"
    if case.expect == "error":
        assert code == 1, f"expected errors, got a valid folder:\n{output[-2000:]}"
        named = {line[len("error: "):].split(":", 1)[0] for line in errors}
        for wanted in case.errors_name:
            assert wanted in named, f"no error names {wanted}:\n{output[-2000:]}"
    elif case.expect == "valid":
        assert code == 0, output[-2000:]

    # (b)/(c) build over the previous site.
    if case.isolate:
        built_code, built_output, _ = _subprocess(["build", str(content), "-o", str(out)],
                                                  case.timeout, tmp_path)
        assert built_code in (0, 1) and "Traceback" not in built_output, built_output[-4000:]
        built = built_code == 0
    else:
        unexpected: BaseException | None = None
        try:
            ssigen.build(content, out)
            built = True
        except ssigen.ContentErrors as exc:
            built = False
            assert exc.errors
            for error in exc.errors:
                assert error.message, error
                assert _names_a_file(content, error.file), f"does not name a file: {error}"
        except Exception as exc:                       # noqa: BLE001 - the point of the test
            built, unexpected = False, exc

    if built:
        assert sorted(os.listdir(sites)) == ["out"], "build left something beside the site"
        _check_site(out, case)
    else:
        assert _tree(out) == previous, "a failed build changed the previous site"
        assert sorted(os.listdir(sites)) == beside, "a failed build left something beside it"
    if not case.isolate and unexpected is not None:
        pytest.fail(f"ssigen.build raised {type(unexpected).__name__}: {unexpected} "
                    "instead of ContentErrors")
    assert built == (code == 0), "check and build disagree on whether the folder is valid"
    assert sorted(os.listdir(tmp_path)) == around, "ssigen wrote outside its output folder"
    assert _pwned_state() == pwned_before, "a YAML tag ran a shell command"
    assert not (outside / "pwned").exists(), "content made ssigen run a shell command"


# --------------------------------------------------------------------------- output folders

def _foreign(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    return out, out


def _content_itself(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "content", tmp_path / "content"


def _a_file(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "site"
    out.write_text("not a folder\n")
    return out, out


def _parent_of_content(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path, tmp_path


@pytest.mark.parametrize("make", [_foreign, _content_itself, _a_file, _parent_of_content],
                         ids=["foreign-folder", "content-folder", "a-file", "content-parent"])
def test_refused_output_folder_is_left_alone(make, tmp_path: Path) -> None:
    content = make_folder(tmp_path / "content", CASES["hostile-names"].changes, base=BASE)
    out, watched = make(tmp_path)
    before = _tree(watched) if watched.is_dir() else watched.read_bytes()
    with pytest.raises(ssigen.OutputError):
        ssigen.build(content, out)
    result = CliRunner().invoke(cli, ["build", str(content), "-o", str(out)],
                                catch_exceptions=False)
    # 1: refused by ssigen; 2: refused by the command line's own option check (a file).
    assert result.exit_code in (1, 2) and "Traceback" not in result.output, result.output
    after = _tree(watched) if watched.is_dir() else watched.read_bytes()
    assert after == before


# --------------------------------------------------------------------------- the checker itself

def test_page_audit_is_not_blind(tmp_path: Path) -> None:
    """The page checks above catch what they claim to catch (a check that sees nothing
    proves nothing)."""
    bad = [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<script type="application/json">{"a": "<!--"}</script>',
        '<script type="application/json">{"a": NaN}</script>',
        "<img src=x onerror=alert(1)>",
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="DATA:text/html,x">x</a>',
        '<a href="vbscript:x">x</a>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<iframe src="https://x.example"></iframe>',
        '<object data="x"></object>', '<embed src="x">', "<form action=x></form>",
        '<base href="https://evil.example/">',
        '<meta http-equiv="Refresh" content="0;url=https://evil.example/">',
    ]
    for snippet in bad:
        page = tmp_path / "page.html"
        page.write_text(f"<!DOCTYPE html><html><body>{snippet}</body></html>", encoding="utf-8")
        assert _audit(page)[0], f"the audit misses {snippet}"
    good = ('<script src="../assets/charts.1234.js"></script>'
            '<script type="application/json">{"a": "\\u003c/script\\u003e", "b": -1.5}</script>'
            '<a href="https://example.com/">ok</a><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    page = tmp_path / "page.html"
    page.write_text(f"<!DOCTYPE html><html><body>{good}</body></html>", encoding="utf-8")
    problems, text, _comments = _audit(page)
    assert not problems, problems
    assert "<script>alert(1)</script>" in text
