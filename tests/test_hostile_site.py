"""Publishing safety: a failed build leaves the previous site byte for byte, and nothing else."""
# A hostile machine around the build: bad input and failing templates, huge, special and
# linked files in the content folder, interrupts and killed processes, read-only and full
# disks, output folders ssigen must not touch. Every failure is a clear error naming the file
# or folder; the previous site stays byte for byte, nothing is left beside it, and no process
# outlives ssigen.
from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

import ssigen
from ssigen.budget import OverBudget, time_limit
from ssigen.cli import cli
from ssigen.render import workers as render
from ssigen.site import leftovers, writer as site_writer
from ssigen.render.html import builtin_templates
from ssigen.site.fingerprint import input_fingerprint
from ssigen.site.writer import MARKER

from .folders import SAMPLE, TINY, make_folder

MB = 1024 * 1024


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def _fingerprint(content: Path) -> str:
    return input_fingerprint(content, builtin_templates(), {})


def _sparse(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def _beside(out: Path) -> list[str]:
    return sorted(os.listdir(out.parent))


# --------------------------------------------------------------------------- the previous site

def test_failed_build_leaves_previous_site(tmp_path, sample_copy):
    out = tmp_path / "site"
    ssigen.build(sample_copy, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with open(sample_copy / "members.csv", "a", encoding="utf-8") as f:
        f.write("bad id!,Broken\n")
    with pytest.raises(ssigen.ContentErrors):
        ssigen.build(sample_copy, out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_render_failure_leaves_previous_site(tmp_path, sample_copy):
    out = tmp_path / "site"
    ssigen.build(sample_copy, out)
    before = (out / "index.html").read_bytes()
    make_folder(sample_copy, {"templates/index.html": "{{ no_such_variable.boom }}"},
                base=None)
    with pytest.raises(ssigen.ContentErrors) as failure:
        ssigen.build(sample_copy, out)
    [error] = failure.value.errors
    assert error.file == "templates/index.html" and "no_such_variable" in error.message
    assert (out / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_refuses_to_replace_a_folder_it_did_not_create(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(ssigen.OutputError, match="not empty and was not made by ssigen"):
        ssigen.build(SAMPLE, out)
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_refuses_to_write_into_the_content_folder(tmp_path, sample_copy):
    with pytest.raises(ssigen.OutputError, match="holds the content"):
        ssigen.build(sample_copy, sample_copy)
    with pytest.raises(ssigen.OutputError, match="holds the content"):
        ssigen.build(sample_copy, tmp_path)
    with pytest.raises(ssigen.OutputError, match="inside the content folder"):
        ssigen.build(sample_copy, sample_copy / "site")


def test_rebuild_replaces_own_site(tmp_path):
    out = tmp_path / "site"
    ssigen.build(SAMPLE, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    ssigen.build(SAMPLE, out)
    assert not (out / "stale.html").exists()
    assert (out / MARKER).is_file()


def test_interrupt_during_writing_keeps_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    ssigen.build(SAMPLE, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = {"n": 0}
    original = site_writer.SiteWriter.write

    def interrupted(self, rel, data):
        calls["n"] += 1
        if calls["n"] == 8:
            raise KeyboardInterrupt
        return original(self, rel, data)

    monkeypatch.setattr(site_writer.SiteWriter, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ssigen.build(SAMPLE, out, force=True)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


# --------------------------------------------------------------------------- fingerprint

def test_fingerprint_reads_in_chunks_and_skips_files_the_build_refuses(tmp_path):
    content = make_folder(tmp_path / "c", base=TINY)
    _sparse(content / "assets" / "video.mp4", 40 * MB)
    _sparse(content / "assets" / "huge.bin", 150 * MB)
    tracemalloc.start()
    try:
        _fingerprint(content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB, f"the fingerprint held {peak // MB} MB"


def test_an_asset_over_the_limit_is_refused_by_name_before_it_is_read(tmp_path):
    from ssigen.site.files import MAX_ASSET_BYTES
    content = make_folder(tmp_path / "c", base=TINY)
    _sparse(content / "assets" / "huge.bin", MAX_ASSET_BYTES + 1)
    out = tmp_path / "site"
    with pytest.raises(ssigen.ContentErrors) as raised:
        ssigen.build(content, out)
    assert [(e.file, e.message) for e in raised.value.errors] == [
        ("assets/huge.bin", "file is larger than 100 MB, the most ssigen copies from assets/")]
    assert _beside(out) == ["c"]


def test_fingerprint_does_not_follow_links_out_of_the_content_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("one")
    content = make_folder(tmp_path / "c", base=TINY)
    (content / "assets").mkdir()
    (content / "assets" / "secret.txt").symlink_to(outside / "secret.txt")
    (content / "snapshots" / "more.csv").symlink_to(outside / "secret.txt")
    before = _fingerprint(content)
    (outside / "secret.txt").write_text("two, a change the fingerprint must not have read")
    assert _fingerprint(content) == before


def test_fingerprint_never_opens_pipes(tmp_path):
    content = make_folder(tmp_path / "c", base=TINY)
    os.mkfifo(content / "snapshots" / "pipe.csv")
    (content / "assets").mkdir()
    os.mkfifo(content / "assets" / "pipe")
    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "fifo")
    (content / "templates").mkdir()
    (content / "templates" / "x.html").symlink_to(outside / "fifo")
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(_fingerprint(content)), daemon=True)
    worker.start()
    worker.join(10)
    assert result, "the fingerprint hangs on a named pipe"


def test_dot_files_of_assets_are_copied_and_fingerprinted_clutter_is_neither(tmp_path):
    content = make_folder(tmp_path / "c", {"assets/.well-known/security.txt": "Contact: a@b.c\n",
                                           "assets/.DS_Store": "junk",
                                           "assets/logo.svg.swp": "junk"}, base=TINY)
    out = tmp_path / "site"
    ssigen.build(content, out)
    assert (out / "assets" / ".well-known" / "security.txt").read_text() == "Contact: a@b.c\n"
    assert not (out / "assets" / ".DS_Store").exists()
    assert not (out / "assets" / "logo.svg.swp").exists()
    (content / "assets" / ".DS_Store").write_text("other junk")
    assert ssigen.build(content, out).up_to_date
    (content / "assets" / ".well-known" / "security.txt").write_text("Contact: new@b.c\n")
    assert not ssigen.build(content, out).up_to_date
    assert (out / "assets" / ".well-known" / "security.txt").read_text() == "Contact: new@b.c\n"


def test_asset_copy_refuses_pipes_and_links_out_naming_them(tmp_path):
    content = make_folder(tmp_path / "c", {"assets/logo.svg": "<svg/>"}, base=TINY)
    os.mkfifo(content / "assets" / "pipe")
    out = tmp_path / "site"
    ssigen.build(make_folder(tmp_path / "prev" / "c", base=TINY), out)
    previous = _tree(out)
    started = time.perf_counter()
    with pytest.raises(ssigen.ContentErrors) as raised:
        ssigen.build(content, out)
    assert time.perf_counter() - started < 10
    assert [(e.file, e.message) for e in raised.value.errors] == [
        ("assets/pipe", "is not a regular file (a pipe or a device?)")]
    assert _tree(out) == previous and _beside(out) == ["c", "prev", "site"]


# --------------------------------------------------------------------------- render processes

_RENDER_PEOPLE = render._render_people


def _killed_render_people(indexes):
    """The second person page's process is killed, as the out-of-memory killer would."""
    if 1 in indexes:
        os.kill(os.getpid(), signal.SIGKILL)
    return _RENDER_PEOPLE(indexes)


def test_a_killed_render_process_fails_the_build_cleanly(tmp_path, monkeypatch):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "site"
    ssigen.build(content, out)
    previous = _tree(out)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "CHUNK", 1)
    monkeypatch.setattr(render, "_render_people", _killed_render_people)
    started = time.perf_counter()
    try:
        with time_limit(20):
            with pytest.raises(ssigen.OutputError) as raised:
                ssigen.build(content, out, jobs=2, force=True)
    except OverBudget:
        pytest.fail("the build hangs when a render process is killed")
    assert time.perf_counter() - started < 10
    assert str(raised.value) == ("a page-rendering process died (killed by signal 9, SIGKILL: "
                                 "out of memory?); the site was not built and the previous "
                                 "site is unchanged")
    assert _tree(out) == previous and _beside(out) == ["c", "site"]
    import multiprocessing
    assert not multiprocessing.active_children()


SLOW_BUILD = """
import os, pathlib, sys, time
from ssigen.render import workers as render
render.PARALLEL_FROM = 1
render.CHUNK = 1
original = render.Renderer.render
marks = pathlib.Path(sys.argv.pop(1))
def slow(self, page):
    if page.path.startswith("people/"):
        (marks / f"started-{os.getpid()}").touch()
        time.sleep(60)
    return original(self, page)
render.Renderer.render = slow
from ssigen.cli import main
main()
"""


def _slow_build(tmp_path: Path, content: Path, out: Path) -> tuple[subprocess.Popen, Path]:
    """`ssigen build -j 3` whose two forked render processes hang in a person page, once
    both started (ssigen's own process, the third, then waits for them); its output goes
    to a file (processes that outlive it would hold a pipe open)."""
    script = tmp_path / "slow_build_marker.py"
    script.write_text(textwrap.dedent(SLOW_BUILD))
    marks = tmp_path / "marks"
    marks.mkdir()
    log = tmp_path / "output.txt"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, str(script), str(marks), "build", str(content), "-o", str(out),
             "-j", "3", "--force"], stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while len(os.listdir(marks)) < 2:
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            process.wait()
            pytest.fail(f"the render processes never started: {log.read_text()}")
        time.sleep(0.05)
    return process, log


def _survivors() -> list[int]:
    """Running processes whose command line names the slow build's script."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if b"slow_build_marker.py" not in f.read():
                    continue
            with open(f"/proc/{entry}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] != b"Z":
                    found.append(int(entry))
        except OSError:
            continue
    return found


def _wait_no_survivors(seconds: float = 5) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _survivors()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture
def no_survivors():
    """Whatever the test's outcome, no slow build's process is left to the next test."""
    yield
    for pid in _survivors():
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


needs_proc = pytest.mark.skipif(not Path("/proc/self/cmdline").exists() or
                                "fork" not in __import__("multiprocessing")
                                .get_all_start_methods(), reason="needs /proc and fork")


@needs_proc
def test_sigterm_during_a_build_removes_it_and_stops_every_render_process(tmp_path,
                                                                          no_survivors):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "sites" / "site"
    ssigen.build(content, out)
    previous = _tree(out)
    process, log = _slow_build(tmp_path, content, out)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("ssigen did not end on SIGTERM")
    assert _wait_no_survivors() == [], "render processes outlived ssigen"
    output = log.read_text()
    assert process.returncode == 130, output
    assert output.strip() == "Interrupted; any previous site is unchanged."
    assert _tree(out) == previous and _beside(out) == ["site"]


@needs_proc
def test_sigkill_leaves_no_render_process_and_the_next_build_cleans_up(tmp_path, no_survivors):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "sites" / "site"
    ssigen.build(content, out)
    previous = _tree(out)
    process, _log = _slow_build(tmp_path, content, out)
    process.kill()
    process.wait()
    assert _wait_no_survivors() == [], "render processes outlived a killed ssigen"
    assert _tree(out) == previous
    assert [n for n in _beside(out) if n.startswith(".site.building-")], "nothing to clean up"
    ssigen.build(content, out, force=True)
    assert _beside(out) == ["site"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_the_next_build_removes_what_dead_builds_left_and_keeps_live_ones(tmp_path):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "sites" / "site"
    ssigen.build(content, out)
    host, dead = leftovers.HOST, _dead_pid()
    sites = out.parent
    gone = [f".site.building-{dead}-{host}-abcd1234", f".site.old-{dead}-{host}-0badc0de",
            ".site.building-oldstyle", ".site.old-x1y2z3w4"]
    kept = [f".site.building-1-{host}-live0001",          # pid 1 runs: a build in progress
            f".site.building-{dead}-000000-otherhst",     # another machine's, recent
            ".site.building-recent01", ".site.building-not-ours.txt", ".other.building-1"]
    for name in gone + kept:
        (sites / name / "people").mkdir(parents=True)
        (sites / name / "people" / "a.html").write_text("x")
    (sites / ".site.old-x1y2z3w4" / "site").mkdir()
    for name in (gone[1], gone[2]):                       # read-only, as a copied site may be
        for path in sorted((sites / name).rglob("*"), reverse=True) + [sites / name]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    two_hours_ago = time.time() - 7200
    for name in (".site.building-oldstyle", ".site.old-x1y2z3w4"):
        os.utime(sites / name, (two_hours_ago, two_hours_ago))
    ssigen.build(content, out, force=True)
    assert _beside(out) == sorted(kept + ["site"])


def test_a_build_killed_between_the_two_renames_gets_its_previous_site_back(tmp_path):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "sites" / "site"
    ssigen.build(content, out)
    previous = _tree(out)
    os.replace(out, out.parent / f".site.old-{_dead_pid()}-{leftovers.HOST}-12345678")
    broken = make_folder(tmp_path / "broken" / "c", base=TINY)
    (broken / "assets").mkdir()
    os.mkfifo(broken / "assets" / "pipe")                      # fails while writing the site
    with pytest.raises(ssigen.ContentErrors):
        ssigen.build(broken, out)
    assert _tree(out) == previous and _beside(out) == ["site"]


# --------------------------------------------------------------------------- output errors

def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "ro" / "site"
    with pytest.raises(ssigen.OutputError) as raised:
        ssigen.build(content, out)
    assert str(raised.value) == (f"cannot write the site into {out}: cannot create a folder in "
                                 f"{out.parent} (Permission denied)")
    result = CliRunner().invoke(cli, ["build", str(content), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot write the site into"), result.output


def test_a_full_disk_keeps_the_previous_site_and_leaves_nothing(tmp_path, monkeypatch):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "sites" / "site"
    ssigen.build(content, out)
    previous = _tree(out)
    original, calls = Path.write_bytes, {"n": 0}

    def full(self, data):
        calls["n"] += 1
        if calls["n"] == 6:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(ssigen.OutputError) as raised:
        ssigen.build(content, out, force=True)
    assert str(raised.value).startswith(f"cannot write the site into {out} (")
    assert str(raised.value).endswith(": No space left on device); the previous site is "
                                      "unchanged")
    assert _tree(out) == previous and _beside(out) == ["site"]


def test_a_swap_that_fails_keeps_the_previous_site_and_leaves_nothing(tmp_path, monkeypatch):
    content = make_folder(tmp_path / "c", base=TINY)
    out = tmp_path / "sites" / "site"
    ssigen.build(content, out)
    previous = _tree(out)
    original = os.replace

    def refused(src, dst, **kwargs):
        if ".building-" in Path(src).name:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return original(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(ssigen.OutputError) as raised:
        ssigen.build(content, out, force=True)
    monkeypatch.undo()
    assert str(raised.value) == (f"cannot replace {out} with the new site (Permission denied); "
                                 "the previous site is unchanged")
    assert _tree(out) == previous and _beside(out) == ["site"]


UNPRIVILEGED = """
import json, sys
from click.testing import CliRunner
from ssigen.cli import cli
results = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(cli, args)
    results.append([result.exit_code, result.output])
print(json.dumps(results))
"""


def _run_without_privileges(tmp_path: Path, runs: list[list[str]]) -> list[tuple[int, str]]:
    """ssigen's command line as a user whom file permissions bind (root ignores them)."""
    command = [sys.executable, "-c", UNPRIVILEGED, json.dumps(runs)]
    if os.geteuid() == 0:
        if not shutil.which("capsh"):
            if os.environ.get("SSIGEN_REQUIRE_BROWSER"):   # CI installs it (.ci/run)
                pytest.fail("capsh is missing (apt-get install libcap2-bin)")
            pytest.skip("needs capsh to drop root's power over file permissions")
        command = ["capsh", "--drop=cap_dac_override,cap_dac_read_search,cap_fowner", "--",
                   "-c", 'exec "$0" "$@"', *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    if os.geteuid() == 0 and done.returncode and "capsh" in done.stderr + done.stdout:
        pytest.skip(f"capsh cannot drop capabilities here: {done.stderr}")
    assert done.returncode == 0, done.stderr
    return [tuple(r) for r in json.loads(done.stdout.strip().splitlines()[-1])]


def test_read_only_sites_folders_and_assets_as_an_ordinary_user(tmp_path):
    content = make_folder(tmp_path / "c", {"assets/logo.svg": "<svg/>",
                                           "assets/private/key.txt": "k",
                                           "assets/locked.txt": "l"}, base=TINY)
    plain = make_folder(tmp_path / "plain" / "c", base=TINY)
    out = tmp_path / "sites" / "site"
    ssigen.build(plain, out)
    for path in [out, *out.rglob("*")]:                       # chmod -R a-w site
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    readonly.chmod(0o555)
    (content / "assets" / "private").chmod(0)
    (content / "assets" / "locked.txt").chmod(0)
    results = _run_without_privileges(tmp_path, [
        ["build", str(plain), "-o", str(out), "--force"],
        ["build", str(plain), "-o", str(readonly / "site")],
        ["build", str(content), "-o", str(tmp_path / "other")],
    ])
    (content / "assets" / "private").chmod(0o755)
    assert results[0][0] == 0, results[0][1]
    assert _beside(out) == ["site"]
    assert results[1] == (1, f"Error: cannot write the site into {readonly / 'site'}: cannot "
                             f"create a folder in {readonly} (Permission denied)\n")
    assert results[2][0] == 1 and "Traceback" not in results[2][1]
    assert "error: assets/locked.txt: cannot be read: Permission denied" in results[2][1]
    assert "error: assets/private: cannot be read: Permission denied" in results[2][1]
    assert sorted(os.listdir(tmp_path)) == ["c", "plain", "readonly", "sites"]
    assert os.listdir(readonly) == []


# --------------------------------------------------------------------------- unreadable input

def test_unreadable_folders_and_templates_are_named_as_an_ordinary_user(tmp_path):
    content = make_folder(tmp_path / "c", {"templates/index.html": '{% extends "base.html" %}',
                                           "templates/part.html": "x",
                                           "templates/assets/style.css": "body {}",
                                           "notes/index.md": "hello",
                                           "snapshots/more/s.csv": "member,date\n"}, base=TINY)
    locked = [content / "snapshots" / "more", content / "templates" / "part.html",
              content / "templates" / "assets" / "style.css", content / "notes"]
    for path in locked:
        path.chmod(0)
    try:
        results = _run_without_privileges(tmp_path, [
            ["check", str(content)], ["build", str(content), "-o", str(tmp_path / "out")]])
    finally:
        for path in locked:
            path.chmod(0o755)
    for code, output in results:
        assert code == 1, output
        assert "unexpected failure" not in output and "Traceback" not in output
    check_output = results[0][1]
    for line in ("error: snapshots/more: folder cannot be read: Permission denied",
                 "error: templates/part.html: cannot be read: Permission denied",
                 "error: notes: folder cannot be read: Permission denied"):
        assert line in check_output.splitlines(), check_output
    assert not (tmp_path / "out").exists()


def test_a_link_back_to_a_folder_already_hashed_changes_the_fingerprint(tmp_path):
    """The loader reads snapshots/ through such a link (here: the whole folder again), so a
    site built before the link was made is not up to date after."""
    content = make_folder(tmp_path / "content")
    before = _fingerprint(content)
    (content / "snapshots" / "loop").symlink_to("..", target_is_directory=True)
    assert _fingerprint(content) != before
