"""PDF reports (`ssigen build --pdf`): one A4 file per person and the team report, opened as a
person would, with poppler's pdfinfo, pdffonts, pdftotext and pdftoppm."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import ssigen
from ssigen.i18n import LOCALE_DIR

from .folders import SAMPLE, TINY, make_folder
from .htmlparse import parse
from .test_i18n import english_phrases, source_messages

PEOPLE = ["claire-dubois", "jonas-muller", "sophie-van-dijk"]
REQUIRED = os.environ.get("SSIGEN_REQUIRE_BROWSER") == "1"


def poppler(tool: str, *args) -> str:
    if shutil.which(tool) is None:
        if REQUIRED:
            pytest.fail(f"{tool} (poppler-utils) is needed")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True,
                          check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory) -> Path:
    """The sample, three of its people, built with --pdf."""
    site = tmp_path_factory.mktemp("pdf") / "site"
    ssigen.build(SAMPLE, site, members=PEOPLE, pdf=True)
    return site


def scores(site: Path) -> dict[str, dict]:
    return {m["id"]: m for m in json.loads((site / "data" / "scores.json").read_text())["members"]}


def text_of_pdf(path: Path) -> str:
    return " ".join(poppler("pdftotext", "-layout", path, "-").split())


def test_one_a4_pdf_per_person_and_the_team_report(pdf_site):
    assert sorted(p.name for p in (pdf_site / "pdf").iterdir()) == \
        sorted([f"{m}.pdf" for m in PEOPLE] + ["report.pdf"])
    for path in (pdf_site / "pdf").iterdir():
        info = poppler("pdfinfo", path)
        size = next(line for line in info.splitlines() if line.startswith("Page size:"))
        assert size.endswith("x 841.89 pts (A4)") and "595.2" in size, (path, size)
        pages = int(next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:")))
        assert pages >= 2, path


def test_each_person_pdf_holds_their_name_and_score(pdf_site):
    for member_id, member in scores(pdf_site).items():
        text = text_of_pdf(pdf_site / "pdf" / f"{member_id}.pdf")
        assert member["name"] in text
        assert f"{member['score']:.2f}" in text, member_id
        assert "Page 1 / " in text and "Page 2 / " in text     # page numbers on every page
        assert text.count(member["name"]) >= 2


def test_every_font_is_embedded(pdf_site):
    for path in (pdf_site / "pdf").iterdir():
        rows = poppler("pdffonts", path).splitlines()[2:]
        assert rows, path
        assert all(row.split()[-5] == "yes" for row in rows), (path, rows)


def test_the_team_report_lists_the_team_behind_a_cover(pdf_site):
    text = text_of_pdf(pdf_site / "pdf" / "report.pdf")
    first = " ".join(poppler("pdftotext", "-f", "1", "-l", "1", pdf_site / "pdf" / "report.pdf",
                             "-").split())
    assert "Social Selling Index audit, November 2026" in first
    assert "Norvane Industrial Solutions" in first and "Prepared by Fieldnote Advisory" in first
    for member in scores(pdf_site).values():
        assert member["name"] in text
    for heading in ("Business impact", "Methodology", "Sales Navigator adoption"):
        assert heading in text


def test_charts_are_drawn_as_vectors(pdf_site):
    """The pillar chart's axis title is text in the PDF (an SVG drawn by vl-convert, not a
    picture), and page 1 turned back into pixels is not blank."""
    path = pdf_site / "pdf" / "claire-dubois.pdf"
    assert "Points (out of 25)" in text_of_pdf(path)
    assert poppler("pdfimages", "-list", path).count("\n") <= 2     # no raster image
    pixels = raster(path, 1)
    dark = sum(1 for value in pixels if value < 128)
    assert 0.01 < dark / len(pixels) < 0.5


def raster(path: Path, page: int) -> bytes:
    """Page `page` as 8-bit grey pixels (a PGM from pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        poppler("pdftoppm")
    data = subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page),
                           str(path)], capture_output=True, check=True, timeout=60).stdout
    assert data.startswith(b"P5")
    header = data.split(b"\n", 3)
    return header[3]


def test_each_page_links_to_its_pdf(pdf_site):
    person = parse(pdf_site / "people" / "claire-dubois.html")
    assert "../pdf/claire-dubois.pdf" in person.links()
    for page in ("index.html", "deals.html", "methodology.html"):
        assert "pdf/report.pdf" in parse(pdf_site / page).links(), page


def test_without_pdf_there_is_no_pdf_and_no_link(tmp_path):
    site = tmp_path / "site"
    ssigen.build(SAMPLE, site, members=PEOPLE[:1])
    assert not (site / "pdf").exists()
    assert not any(link.endswith(".pdf") for link in parse(site / "index.html").links())


def test_pdf_true_in_ssigen_yml(tmp_path):
    folder = make_folder(tmp_path / "content", {"ssigen.yml": "title: T\npdf: true\n"},
                         base=TINY)
    site = tmp_path / "site"
    ssigen.build(folder, site)
    assert sorted(p.name for p in (site / "pdf").iterdir()) == ["ann.pdf", "bob.pdf",
                                                                 "report.pdf"]


def test_anonymized_pdfs_name_nobody(tmp_path):
    site = tmp_path / "site"
    ssigen.build(SAMPLE, site, members=PEOPLE[:2], anonymize=True, pdf=True)
    names = sorted(p.name for p in (site / "pdf").iterdir())
    assert names == ["member-01.pdf", "member-02.pdf", "report.pdf"]
    for path in (site / "pdf").iterdir():
        text = text_of_pdf(path)
        for real in ("Claire", "Dubois", "Jonas", "Müller", "Muller"):
            assert real not in text, (path, real)


def test_a_french_pdf_has_no_english(tmp_path):
    site = tmp_path / "site"
    ssigen.build(SAMPLE, site, members=PEOPLE[:1], locale="fr", pdf=True)
    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale="fr")
    phrases = {p for p in english_phrases(source_messages())
               if catalog.get(p) is not None and catalog.get(p).string != p}
    for path in (site / "pdf").iterdir():
        text = text_of_pdf(path)
        assert [p for p in phrases if p in text] == [], path
        assert "Page 1 / " in text
    assert "82,07" in text_of_pdf(site / "pdf" / "claire-dubois.pdf")


def test_a_pdf_reads_nothing_from_outside_the_site(tmp_path):
    """A note that points an image at another host, or at a file outside the site, draws
    nothing from there: the build still succeeds."""
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>')
    folder = make_folder(tmp_path / "content", {
        "notes/ann.md": f"Hello ![a](https://example.org/x.png) ![b](file://{secret})\n"},
        base=TINY)
    site = tmp_path / "site"
    ssigen.build(folder, site, pdf=True)
    text = text_of_pdf(site / "pdf" / "ann.pdf")
    assert "Hello" in text and "SECRET" not in text


def pages_as_pixels(path: Path, dpi: int = 20) -> list[tuple[int, int, bytes]]:
    """Every page as (width, height, 8-bit grey pixels), from pdftoppm's PGM files."""
    poppler("pdftoppm", "-v")
    data = subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(path)],
                          capture_output=True, check=True, timeout=120).stdout
    pages = []
    while data:
        magic, width, height, maxval, rest = data.split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255"
        size = int(width) * int(height)
        pages.append((int(width), int(height), rest[:size]))
        data = rest[size:]
    return pages


def test_nothing_runs_into_the_right_margin(pdf_site):
    """Every page of every PDF, turned back into pixels: the last 10 mm of the page's
    width (inside its 14 mm margin) stay white, so no table or chart is cut at the edge."""
    for path in (pdf_site / "pdf").iterdir():
        for number, (width, height, pixels) in enumerate(pages_as_pixels(path), start=1):
            edge = int(width * (1 - 10 / 210))
            dark = [(x, y) for y in range(height) for x in range(edge, width)
                    if pixels[y * width + x] < 200]
            assert dark == [], (path.name, number, dark[:5])
