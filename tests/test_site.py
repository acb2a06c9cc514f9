"""The built site: a page per member, relative links, local assets, figures shown, text escaped."""
from __future__ import annotations

import csv
import os
import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import ssigen
from ssigen.render.html import relative_url
from ssigen.site.state import MARKER, output_state

from .folders import SAMPLE, TINY, make_folder
from .htmlparse import parse

MEMBER_IDS = [line.split(",")[0] for line in
              (SAMPLE / "members.csv").read_text(encoding="utf-8").splitlines()[1:] if line]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def local_references(site: Path, page: Path):
    """Every href/src of the page: (attribute value, resolved local path or None if outside)."""
    doc = parse(page)
    for element in doc.elements:
        for attr in ("href", "src"):
            value = element.attrs.get(attr)
            if value is None:
                continue
            yield element, value


def test_one_page_per_member_and_the_index(sample_site):
    assert (sample_site / "index.html").is_file()
    assert sorted(p.stem for p in (sample_site / "people").glob("*.html")) == sorted(MEMBER_IDS)
    assert (sample_site / ".nojekyll").is_file()


def test_every_link_is_relative_and_resolves(sample_site):
    for page in html_pages(sample_site):
        for element, value in local_references(sample_site, page):
            parsed = urlparse(value)
            if parsed.scheme in ("http", "https", "mailto"):
                # Outgoing links are allowed (contact, LinkedIn profile); nothing is loaded.
                assert element.tag == "a", f"{page}: {element.tag} loads {value}"
                continue
            assert not value.startswith("/"), f"{page}: root-relative link {value}"
            if value.startswith("#"):
                continue
            target = (page.parent / unquote(parsed.path)).resolve()
            assert target.is_file(), f"{page.relative_to(sample_site)}: broken link {value}"


def test_pages_load_only_local_assets(sample_site):
    page = sample_site / "people" / "claire-dubois.html"
    doc = parse(page)
    scripts = [s.attrs.get("src") for s in doc.find_all("script") if s.attrs.get("src")]
    assert scripts and all(s.startswith("../assets/") for s in scripts)
    styles = [l.attrs["href"] for l in doc.find_all("link") if l.attrs.get("rel") == "stylesheet"]
    assert styles and all(s.startswith("../assets/") for s in styles)


def test_person_page_shows_the_figures(sample_site):
    scores = json.loads((sample_site / "data" / "scores.json").read_text(encoding="utf-8"))
    claire = next(m for m in scores["members"] if m["id"] == "claire-dubois")
    doc = parse(sample_site / "people" / "claire-dubois.html")
    assert doc.find("h1").text.strip() == "Claire Dubois"
    assert f"{claire['score']:.2f}" in doc.find("p", **{"class": "big-score"}).text
    assert claire["band"] in doc.text
    charts = [s.attrs["data-chart"] for s in doc.find_all("script", type="application/json")]
    assert charts == ["chart-pillars", "chart-history"]
    spec = json.loads(doc.find("script", type="application/json").text)
    bars = spec["datasets"]["bars"]
    assert [round(b["value"], 2) for b in bars] == [claire[p] for p in
                                                   ("brand", "people", "insights",
                                                    "relationships")]


def test_index_ranks_members_by_score(sample_site):
    scores = json.loads((sample_site / "data" / "scores.json").read_text(encoding="utf-8"))
    doc = parse(sample_site / "index.html")
    expected = [m["name"] for m in scores["members"]]
    assert [m["rank"] for m in scores["members"] if m["rank"]] == sorted(
        m["rank"] for m in scores["members"] if m["rank"])
    links = [a.text for a in doc.find_all("a") if a.attrs["href"].startswith("people/")]
    assert links == expected


def test_output_is_deterministic(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    ssigen.build(SAMPLE, first)
    ssigen.build(SAMPLE, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


HOSTILE_NAME = '<script>alert("x")</script> Eve'
HOSTILE_TEAM = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_site(tmp_path):
    content = make_folder(tmp_path / "content", {
        "ssigen.yml": """
            title: "<b>Report</b> & co"
            client: "<iframe src=//evil.example>"
            prepared_by: "O'Brien <consulting>"
            contact: "https://example.org/?a=1&b=2"
        """,
        "members.csv": f"""
            id,name,title,team
            eve,"{HOSTILE_NAME.replace('"', '""')}",<svg onload=alert(1)>,"{HOSTILE_TEAM.replace('"', '""')}"
            bob,Bob,,Sales
        """,
        "snapshots/ssi.csv": """
            member,date,ssi.brand,ssi.people,ssi.insights,ssi.relationships,ssi.industry_name
            eve,2026-01-02,10,10,10,10,</script><script>alert(2)</script>
            bob,2026-01-02,12,12,12,12,
        """,
        "notes/eve.md": """
            Hello <script>alert(3)</script> <img src=x onerror="alert(4)">
            [click](javascript:alert(5)) <a href="javascript:alert(6)" onclick="x()">y</a>
        """,
    }, base=None)
    out = tmp_path / "site"
    ssigen.build(content, out)
    return out


def test_hostile_values_render_as_text(hostile_site):
    for page in html_pages(hostile_site):
        doc = parse(page)
        for script in doc.find_all("script"):
            assert script.attrs.get("src", "").startswith(("assets/", "../assets/")) \
                or script.attrs.get("type") == "application/json", f"{page}: {script.attrs}"
            assert "</script" not in script.text.lower()
        for element in doc.elements:
            assert not any(a.lower().startswith("on") for a in element.attrs), \
                f"{page}: {element.tag} {element.attrs}"
            for attr in ("href", "src"):
                assert not (element.attrs.get(attr) or "").lower().startswith("javascript:")
            assert element.tag not in ("iframe", "img", "svg"), f"{page}: {element.tag}"
    eve = parse(hostile_site / "people" / "eve.html")
    assert eve.find("h1").text.strip() == HOSTILE_NAME
    assert "Hello" in eve.text
    index = parse(hostile_site / "index.html")
    assert HOSTILE_TEAM in index.text


def test_bidi_overrides_and_formulas_are_neutralised(tmp_path):
    evil = "Eve\u202eecnalab\u202c"
    root = make_folder(tmp_path / "c", {
        "members.csv": f'id,name,team\nann,"{evil}",=HYPERLINK("http://x")\nbob,@SUM(1),+1\n',
    }, base=TINY)
    out = tmp_path / "site"
    ssigen.build(root, out)
    for page in out.rglob("*.html"):                # in no byte of any page
        text = page.read_text(encoding="utf-8")
        assert "\u202e" not in text and "\u202c" not in text, page
    rows = list(csv.DictReader(open(out / "data" / "scores.csv", encoding="utf-8")))
    cells = {r["id"]: r for r in rows}
    assert cells["ann"]["team"] == "'=HYPERLINK(\"http://x\")"
    assert cells["bob"]["name"] == "'@SUM(1)" and cells["bob"]["team"] == "'+1"
    assert parse(out / "people" / "ann.html").find("h1").text.strip() == "Eveecnalab"


def test_footer_links_only_to_the_checked_address(tmp_path):
    for contact, href in (("ann@acme.example", "mailto:ann@acme.example"),
                          ("mailto:ann@acme.example", "mailto:ann@acme.example"),
                          ("https://acme.example/c?x=1", "https://acme.example/c?x=1")):
        root = make_folder(tmp_path / contact.replace("/", "_") / "content",
                           {"ssigen.yml": f"title: T\ncontact: {json.dumps(contact)}\n"},
                           base=TINY)
        out = tmp_path / "site"
        ssigen.build(root, out, force=True)
        footer = [a.attrs["href"] for a in parse(out / "index.html").find_all("a")
                  if a.attrs.get("href", "").startswith(("mailto:", "http"))]
        assert footer == [href]


def test_relative_url():
    assert relative_url("index.html", "people/a.html") == "../index.html"
    assert relative_url("people/b.html", "people/a.html") == "b.html"
    assert relative_url("assets/x.css", "index.html") == "assets/x.css"
    assert relative_url("people/b.html#deals", "index.html") == "people/b.html#deals"
    assert relative_url("https://example.org/", "people/a.html") == "https://example.org/"


def _tree_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_site_rendered_by_several_processes_is_the_site_one_process_renders(
        tmp_path, monkeypatch):
    """Forked workers take the person pages while ssigen's own process renders the other
    pages, writes the exports and then takes person pages too: the same files, byte for
    byte, and the progress counts every page once."""
    from ssigen.render import pages as render_pages
    from ssigen.render import workers

    one = ssigen.build(SAMPLE, tmp_path / "one", jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "CHUNK", 2)
    marks = tmp_path / "pids"
    marks.mkdir()
    render = render_pages.Renderer.render

    def marked(self, page):
        if page.path.startswith("people/"):
            (marks / str(os.getpid())).touch()
        return render(self, page)

    monkeypatch.setattr(render_pages.Renderer, "render", marked)
    seen = []
    many = ssigen.build(SAMPLE, tmp_path / "many", jobs=3, force=True,
                        progress=lambda done, total: seen.append((done, total)))
    assert _tree_bytes(tmp_path / "many") == _tree_bytes(tmp_path / "one")
    assert (many.pages, many.files) == (one.pages, one.files)
    assert seen[-1] == (one.pages, one.pages) and [d for d, _ in seen] == sorted(
        d for d, _ in seen)
    assert len(list(marks.iterdir())) >= 2        # forked processes rendered person pages
    # the state the build recorded from what each process wrote is the site's, read back
    for site in (tmp_path / "one", tmp_path / "many"):
        marker = (site / MARKER).read_text(encoding="utf-8")
        assert f"files: {output_state(site)}\n" in marker
    assert ssigen.build(SAMPLE, tmp_path / "many", jobs=3).up_to_date
