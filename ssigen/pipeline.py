"""The pipeline: load → validate → score → analyse → views → render → write, atomically.

Each step's modules are imported when the step runs: a rebuild that finds nothing changed
imports none of them, and `check` and `load` never import what renders.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import ContentError, ContentErrors, Problems
from .heap import collector_paused, frozen
from .render.templates_dir import builtin_templates, has_templates
from .site.fingerprint import input_fingerprint
from .site.state import built_from
from .site.writer import DiscardingWriter, SiteWriter, check_output_dir, \
    remove_leftovers
from .version import __version__

if TYPE_CHECKING:
    from .model import Content
    from .scoring import Scores

Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    out_dir: Path
    pages: int
    files: int
    seconds: float
    warnings: list[ContentError] = field(default_factory=list)
    up_to_date: bool = False


def check(content_dir: str | Path = "content") -> Problems:
    """Every problem of a content folder, errors and warnings, without building anything."""
    _content, problems = _load_and_check(Path(content_dir), dry_run=True)
    return problems


def load(content_dir: str | Path = "content") -> tuple[Content, Problems]:
    """The validated content; raises ContentErrors when the folder has errors."""
    content, problems = _load_and_check(Path(content_dir))
    if content is None or problems.errors:
        raise ContentErrors(problems.errors)
    return content, problems


def _load_and_check(content_dir: Path, dry_run: bool = False) -> tuple[Content | None,
                                                                      Problems]:
    """The content and every problem. With `dry_run`, a folder with its own templates has
    every page rendered in memory, so that `check` finds what only rendering shows (a
    template that recurses, loops too long or fails on some member's data)."""
    from .load import load_content
    from .render.notes import check_notes
    from .site.files import check_assets

    content, problems = load_content(content_dir)
    if content is not None:
        check_notes(content.notes, problems)
    check_assets(content_dir, problems)
    templates = content_dir / "templates"
    if has_templates(templates):
        from .render.html import check_templates, make_environment

        check_templates(templates, make_environment("en", "EUR", templates), problems)
        if dry_run and content is not None and not problems.errors:
            try:
                _render(content_dir, prepare(content), DiscardingWriter(), jobs=1)
            except ContentErrors as exc:
                for error in exc.errors:
                    problems.error(error.file, error.line, error.field, error.message,
                                   error.hint)
    return content, problems


def score(content_dir: str | Path = "content") -> Scores:
    from .scoring import score_content

    content, _problems = load(content_dir)
    return score_content(content)


def prepare(content: Content, members: list[str] | None = None,
            anonymize: bool | None = None, locale: str | None = None) -> Content:
    """The content a report may show (only `members` if given, pseudonyms if asked), in
    `locale` if given instead of ssigen.yml's."""
    from . import i18n, privacy

    if locale:
        if locale not in i18n.LOCALES:
            raise ValueError(f"unknown locale '{locale}': expected one of "
                             + ", ".join(i18n.LOCALES))
        content = dataclasses.replace(content,
                                      config=dataclasses.replace(content.config, locale=locale))
    if members:
        content = privacy.only_members(content, members)
    if anonymize if anonymize is not None else content.config.anonymize:
        content = privacy.anonymize(content)
    return content


def build(content_dir: str | Path = "content", out_dir: str | Path = "site", *,
          members: list[str] | None = None, anonymize: bool | None = None,
          locale: str | None = None, progress: Progress | None = None,
          jobs: int | None = None, force: bool = False,
          pdf: bool | None = None) -> BuildResult:
    """Build the site of `content_dir` into `out_dir`; the old site stays until it succeeds.

    `members` keeps only those members (each client receives only its own people);
    `anonymize` and `locale` override ssigen.yml's options of the same names. A site
    built from exactly the same inputs is left as it is, unless `force`. `jobs` caps the
    processes that render pages (default: one per core, for large sites). `pdf` (or
    ssigen.yml's `pdf`) writes the PDF reports too.
    """
    started = time.perf_counter()
    content_dir, out_dir = Path(content_dir), Path(out_dir)
    check_output_dir(out_dir, content_dir)
    remove_leftovers(out_dir)
    fingerprint = input_fingerprint(
        content_dir, builtin_templates(),
        {"version": __version__, "members": list(members or ()), "anonymize": anonymize,
         "locale": locale, "pdf": pdf})
    if not force and built_from(out_dir) == fingerprint:
        return BuildResult(out_dir, 0, 0, time.perf_counter() - started, up_to_date=True)

    from .site.files import copy_assets

    with collector_paused():
        content, problems = load(content_dir)
        content = prepare(content, members, anonymize, locale)
    with SiteWriter(out_dir, content_dir) as writer:
        writer.fingerprint = fingerprint
        copy_assets(content_dir, writer)
        pdfs = pdf if pdf is not None else content.config.pdf
        pages = _render(content_dir, content, writer, jobs, progress, pdfs)
        files = writer.files
    return BuildResult(out_dir, pages, files + 1, time.perf_counter() - started,
                       problems.warnings)


def _render(content_dir: Path, content: Content, writer, jobs: int | None = None,
            progress: Progress | None = None, pdfs: bool = False) -> int:
    """Score and analyse `content`, then write every page, asset and export (and the
    PDFs) into `writer`; returns the number of pages."""
    from . import i18n
    from .analysis import analyse
    from .scoring import score_content
    from .views.plan import SitePlan

    config = content.config
    translations = i18n.translations(config.locale)
    with collector_paused():
        scores = score_content(content)
        analyses = analyse(content, scores, translations)
        plan = SitePlan(content, scores, analyses, translations)
    with frozen():
        return _write(content_dir, plan, translations, writer, jobs, progress, pdfs)


def _write(content_dir: Path, plan, translations, writer, jobs: int | None,
           progress: Progress | None, pdfs: bool) -> int:
    """Every page, asset and export of `plan` (and the PDFs) into `writer`."""
    from .render.html import make_environment
    from .render.pages import Renderer
    from .render.workers import render_site
    from .site import exports
    from .site.assets import site_assets

    content, scores, analyses = plan.content, plan.scores, plan.analyses
    config = content.config
    user_templates = content_dir / "templates"
    env = make_environment(config.locale, config.currency, user_templates, translations)
    assets = {}
    for name, (path, data) in site_assets(user_templates, config.locale).items():
        writer.write(path, data)
        assets[name] = path
    renderer = Renderer(env, _common(plan, assets), writer)
    renderer.pdfs = pdfs
    pages = render_site(plan, renderer, jobs, progress, alongside=lambda: exports.write_exports(
        writer, scores, analyses, config.currency))
    if pdfs:
        from .render.pdf import PdfMaker
        pdf_env = make_environment(config.locale, config.currency, user_templates,
                                   translations)
        printer = Renderer(pdf_env, _common(plan, assets), writer)
        printer.pdfs = True
        PdfMaker(printer, plan, writer.tmp).write_all(jobs)
    return pages


def _common(plan, assets: dict[str, str]) -> dict:
    """What every page's template may use besides its own view."""
    from .model import PILLARS


    config, labels, scores = plan.content.config, plan.labels, plan.scores
    return {
        "report": config,
        "as_of": scores.as_of,
        "assets": assets,
        "logo": f"assets/{config.brand.logo}" if config.brand.logo else None,
        "nav_extra": plan.navigation(),
        "pillars": PILLARS,
        "pillar_short": labels.pillar_short,
        "band_index": {b.label: i for i, b in enumerate(config.bands)},
        "overall": scores.overall,
        "by_id": scores.by_id,
        "member_names": plan.member_names,
        "stage_names": labels.stage_names,
        "status_names": labels.status_names,
        "pdf": False,
    }
