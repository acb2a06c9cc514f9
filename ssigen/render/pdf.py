"""PDF reports: one A4 file per person, and the team report behind a cover.

The pages' own templates render them in print form (`pdf` is true: no navigation, no
script, charts as SVG that vl-convert draws from the same specs), and WeasyPrint lays them
out on A4 with page numbers and a running header. WeasyPrint reads nothing but the site
being built: any other address is refused. Person PDFs are made on every core. WeasyPrint
and vl-convert are imported only when PDFs are asked for.
"""
from __future__ import annotations

import functools
import multiprocessing
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from markupsafe import Markup

from .html import builtin_templates
from .pages import Renderer

PARALLEL_FROM = 4          # person PDFs: below this, starting workers costs more than it saves


class PdfMaker:
    """Turns the plan's pages into PDFs, written into the site being built."""

    def __init__(self, renderer: Renderer, plan, site: Path):
        self.renderer, self.plan, self.site = renderer, plan, site.resolve()
        renderer.env.globals.update(pdf=True)

    def write_all(self, jobs: int | None = None) -> int:
        """Every person's PDF and the team report; returns how many files. Pages and
        their charts are drawn here (vl-convert does not survive a fork), in batches that
        forked workers lay out with WeasyPrint."""
        people = len(self.plan.scores.members)
        writer = self.renderer.writer
        jobs = min(jobs or os.cpu_count() or 1, max(people, 1))
        parallel = jobs > 1 and people >= PARALLEL_FROM and \
            "fork" in multiprocessing.get_all_start_methods()
        pool = multiprocessing.get_context("fork").Pool(jobs) if parallel else None
        try:
            batch = jobs * 4
            for start in range(0, people, batch):
                work = [self.person_html(i) for i in range(start, min(start + batch, people))]
                laid_out = pool.map(_lay_out, work) if pool else map(_lay_out, work)
                for (rel, *_), data in zip(work, laid_out):
                    writer.write(rel, data)
            writer.write("pdf/report.pdf", _lay_out(self.team_report_html()))
        finally:
            if pool is not None:
                pool.terminate()
        return people + 1

    def person_html(self, index: int) -> tuple[str, str, str, str]:
        """(the PDF's path in the site, the page's print HTML, the page's file, the site)."""
        page = self.plan.person_page(index)
        return (self.renderer.pdf_path(page.path) or "", self.renderer.html_of(page),
                str(self.site / page.path), str(self.site))

    def team_report_html(self) -> tuple[str, str, str, str]:
        """The cover, then the team, training, business impact, adoption and methodology
        pages, each from its own template's content."""
        parts = [Markup(_content(self.renderer.html_of(page)))
                 for page in self.plan.shared_pages()]
        html = self.renderer.html_named("pdf-report.html", "index.html", parts=parts,
                                        has_charts=True, pdf_path=None)
        return "pdf/report.pdf", html, str(self.site / "index.html"), str(self.site)


def _lay_out(work: tuple[str, str, str, str]) -> bytes:
    """WeasyPrint: (path, print HTML, the page's file, the site folder) → the PDF."""
    import weasyprint
    _rel, html, page, site = work
    stylesheet, fonts = _stylesheet()
    return weasyprint.HTML(string=html, base_url=Path(page).as_uri(),
                           url_fetcher=_site_fetcher(Path(site))).write_pdf(
        stylesheets=[stylesheet], font_config=fonts)


@functools.lru_cache(maxsize=1)
def _stylesheet():
    """The site's style sheet and the print rules, parsed once per process (parsing them
    took a third of a person's PDF), with the fonts they use."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    fonts = FontConfiguration()
    text = "".join((builtin_templates() / "assets" / name).read_text("utf-8")
                   for name in ("style.css", "pdf.css"))
    return weasyprint.CSS(string=text, font_config=fonts), fonts


def _site_fetcher(site: Path):
    """WeasyPrint's fetcher, for the site's own files and data: addresses only."""
    from weasyprint.urls import URLFetcher

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            inside = parsed.scheme == "file" and Path(unquote(parsed.path)).resolve() \
                .is_relative_to(site)
            if parsed.scheme != "data" and not inside:
                raise ValueError(f"a PDF reads only the site's own files, not {url[:80]}")
            return super().fetch(url, headers)
    return SiteFetcher(allowed_protocols=("file", "data"))


def _content(html: str) -> str:
    """What a page's `content` block wrote (base.html marks it in print form)."""
    start = html.find("<!--pdf-content-->")
    end = html.rfind("<!--/pdf-content-->")
    return html[start + len("<!--pdf-content-->"):end] if 0 <= start < end else html
