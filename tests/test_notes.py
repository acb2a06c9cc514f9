"""Notes: sanitised Markdown (no script, handler or javascript: link), size and time budgets."""
from __future__ import annotations

import time

import markdown
import pytest
from click.testing import CliRunner

import ssigen
from ssigen.cli import cli
from ssigen.render import notes as site_notes
from ssigen.render.notes import render_markdown

from .folders import CONTRAST, PROBE, TINY
from .htmlparse import parse


def failed_build(root, out) -> list[str]:
    with pytest.raises(ssigen.ContentErrors) as caught:
        ssigen.build(root, out)
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []
    return [str(e) for e in caught.value.errors]


# --------------------------------------------------------------------------- sanitised

@pytest.fixture
def contrast_site(folder, tmp_path):
    content = folder(base=CONTRAST)
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def test_notes_cannot_inject_script(contrast_site):
    bob = parse(contrast_site / "people" / "bob.html")
    note = [s for s in bob.find_all("section") if "note" in (s.attrs.get("class") or "")][0]
    tags = {c.tag for c in note.children} | {g.tag for c in note.children for g in c.children}
    assert "script" not in tags
    assert "Coaching planned." in " ".join(note.text.split())
    for element in bob.elements:
        assert not any(a.startswith("on") for a in element.attrs)
        assert not (element.attrs.get("href") or "").lower().startswith("javascript:")


def _everything(document, with_text: bool) -> list[str]:
    """Every part of a parsed fragment a browser acts on, lower-cased: '<tag', attribute names
    and values, comments, declarations, script and style bodies, and (with_text) the text:
    whatever a string of the fragment's source could be part of."""
    parts = [f"<{e.tag}" for e in document.elements]
    parts += [part for e in document.elements for name, value in e.attr_list
              for part in (name, value or "")]
    parts += document.comments + document.declarations
    parts += [e.text for e in document.elements if e.tag in ("script", "style")]
    if with_text:                     # "<x" in the source is a tag, never text
        parts += document.texts
    return [part.lower() for part in parts]


@pytest.mark.parametrize("markdown, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("[a](javascript:alert(1))", "javascript:"),
    ("<a href=\"JaVaScRiPt:alert(1)\">a</a>", "javascript:"),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ("<div style=\"background:url(x)\" onmouseover=\"x()\">a</div>", "onmouseover"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
])
def test_render_markdown_sanitises(markdown, forbidden):
    document = parse(str(render_markdown(markdown)))
    found = [part for part in _everything(document, not forbidden.startswith("<"))
             if forbidden in part]
    assert found == []


def _plain(document, tag: str, text: str) -> bool:
    """Whether the fragment has <tag>text</tag>, with no attribute and no child element."""
    return any(not e.attr_list and not e.children and e.text == text
               for e in document.find_all(tag))


def test_render_markdown_keeps_formatting():
    html = parse(str(render_markdown(
        "# Title\n\n**bold** and [link](https://example.org)\n\n- item")))
    assert _plain(html, "h3", "Title") and _plain(html, "strong", "bold")
    assert any(e.attrs.get("href") == "https://example.org" for e in html.elements) \
        and _plain(html, "li", "item")


# --------------------------------------------------------------------------- budgets

def test_a_note_nested_300_levels_builds(folder, tmp_path):
    """Markdown 3.11 caps the depth of nested lists and quotes itself (earlier versions ran
    out of stack on this note): the page has the note, however deep it was written."""
    note = "".join("    " * i + "1. x\n" for i in range(300))
    root = folder({"notes/ann.md": note}, base=TINY)
    assert ssigen.check(root).errors == []
    ssigen.build(root, tmp_path / "site")
    page = parse(tmp_path / "site" / "people" / "ann.html")
    assert len(page.find_all("ol")) > 100


def _too_deep(text, **options):
    return _too_deep(text, **options)


def test_a_note_too_deep_for_markdown_fails_in_check_as_in_build(folder, tmp_path,
                                                                 monkeypatch):
    """A Markdown that runs out of stack on a note (as 3.10 did on lists 300 levels deep)."""
    monkeypatch.setattr(markdown, "markdown", _too_deep)
    root = folder({"notes/ann.md": "1. x\n"}, base=TINY)
    problems = ssigen.check(root).errors
    assert [(e.file, e.line) for e in problems] == [("notes/ann.md", None)]
    assert "nested too deeply to render as Markdown" in problems[0].message
    assert any("notes/ann.md" in e for e in failed_build(root, tmp_path / "site"))


def test_a_note_that_would_take_minutes_is_stopped(folder, monkeypatch):
    monkeypatch.setattr(site_notes, "NOTE_SECONDS", 0.5)
    root = folder({"notes/index.md": "[a](" * 40_000}, base=TINY)
    started = time.perf_counter()
    problems = ssigen.check(root).errors
    assert time.perf_counter() - started < 5
    assert [(e.file, e.message) for e in problems] == [(
        "notes/index.md", "takes more than 0.5 s to render as Markdown (long runs of '[' or "
                          "'(' without their closing bracket?)")]


def test_a_note_larger_than_the_limit_is_refused(folder):
    root = folder({"notes/index.md": "word " * 50_000}, base=TINY)
    assert [(e.file, e.message) for e in ssigen.check(root).errors] == [
        ("notes/index.md", "note is larger than 200 KB")]


def test_slow_notes_share_one_time_budget(folder, monkeypatch):
    """Each note gets NOTE_SECONDS (5 s) of its own, so N notes of unclosed links cost
    N x 5 s: 10 such notes make `check` and `build` run 50 s each. With the budget cut
    to 0.2 s, 12 slow notes should still end in about one budget's time, not 12."""
    monkeypatch.setattr(site_notes, "NOTE_SECONDS", 0.2)
    members = "id,name\n" + "".join(f"m{i},Member Number{i}\n" for i in range(12))
    ssi = "member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships\n" + "".join(
        f"m{i},2026-06-01,10,10,10,10\n" for i in range(12))
    files = {"members.csv": members, "snapshots/ssi.csv": ssi}
    files.update({f"notes/m{i}.md": "[a](" * 10000 for i in range(12)})
    content = folder(files, base=PROBE)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["check", str(content)])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert elapsed < 1.6, f"check took {elapsed:.1f} s for 12 slow notes"
