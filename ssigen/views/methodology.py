"""The methodology page: how every figure is computed, the rubric, and how well it fits."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import PILLARS, Band, Rubric
from ..scoring.audit import ABOUT_MIN, CHECKS, HEADLINE_MIN, Check
from ..scoring.calibration import Fit
from .base import Column, Row, Table
from .labels import Labels


@dataclass(frozen=True)
class RubricPillar:
    key: str
    name: str
    criteria: list
    table: Table


@dataclass(frozen=True)
class MethodologyView:
    """What the methodology page shows."""

    bands: tuple[Band, ...]
    rubric: Rubric | None
    rubric_rows: list[RubricPillar]
    checks: tuple[Check, ...]
    headline_min: int
    about_min: int
    fits: list[Fit]
    fitted: int
    pillar_names: dict[str, str]
    charts: dict
    band_table: Table
    fit_table: Table
    check_table: Table
    seats: object = None          # the Sales Navigator settings, when the site has adoption.html
    window_days: int = 30


def methodology_view(labels: Labels, bands: tuple[Band, ...], rubric: Rubric | None,
                     fits: list[Fit], seats=None, window_days: int = 30) -> MethodologyView:
    names = {**labels.pillar_names, "total": labels.gettext("Total SSI")}
    return MethodologyView(
        bands=bands,
        rubric=rubric,
        rubric_rows=[RubricPillar(p, labels.pillar_names[p], rubric.of(p),
                                  rubric_table(labels, rubric.of(p)))
                     for p in PILLARS] if rubric else [],
        checks=CHECKS,
        headline_min=HEADLINE_MIN,
        about_min=ABOUT_MIN,
        fits=fits,
        fitted=fits[0].n if fits else 0,
        pillar_names=names,
        charts={},
        band_table=band_table(labels, bands),
        fit_table=fit_table(labels, fits, names),
        check_table=check_table(labels),
        seats=seats,
        window_days=window_days,
    )


def band_table(labels: Labels, bands: tuple[Band, ...]) -> Table:
    _ = labels.gettext
    columns = (Column(_("Band"), "tr"), Column(_("From SSI"), "exact", align="num"))
    return Table(columns, tuple((b.label, b.min) for b in bands))


def rubric_table(labels: Labels, criteria: list) -> Table:
    _ = labels.gettext
    columns = (Column(_("Criterion"), "label_advice"), Column(_("Signal"), "code"),
               Column(_("Rule"), "rule"), Column(_("Points"), "exact", align="num"))
    return Table(columns, tuple((c, c.signal, c, c.points) for c in criteria))


def fit_table(labels: Labels, fits: list[Fit], names: dict[str, str]) -> Table:
    _ = labels.gettext
    columns = (Column(_("Pillar")),
               Column(_("Mean absolute difference"), "num", align="num"),
               Column(_("Mean difference (estimated − reported)"), "signed", align="num"),
               Column(_("Correlation (Pearson r)"), "num", align="num"),
               Column("n", align="num"))
    return Table(columns, tuple(
        Row((names[f.pillar], f.mean_abs_diff, f.mean_diff, f.correlation, f.n),
            "total" if f.pillar == "total" else "") for f in fits))


def check_table(labels: Labels) -> Table:
    _ = labels.gettext
    columns = (Column(_("Check"), "tr"), Column(_("LinkedIn All-Star criterion"), "yes"),
               Column(_("Advice when it fails"), "tr"))
    return Table(columns, tuple((c.label, c.all_star, c.advice) for c in CHECKS))
