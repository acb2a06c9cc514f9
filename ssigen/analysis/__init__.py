"""Analyses over the scores: pure functions, no files, no HTML.

`analyse` runs every analysis of a report once, before any page is rendered.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Content
from ..scoring import Scores
from ..scoring.audit import Gap, common_gaps
from ..scoring.calibration import Fit, calibration
from .adoption import Adoption, analyse_adoption
from .advice import WrittenAudit, write_audit
from .cohorts import CohortResult, analyse_cohorts
from .deals import DealsSummary, summarise_deals


@dataclass(frozen=True)
class Analyses:
    """Everything the report says beyond the scores."""

    cohorts: list[CohortResult]
    deals: DealsSummary
    gaps: list[Gap]
    fits: list[Fit]
    audits: dict[str, WrittenAudit] = field(default_factory=dict)
    adoption: Adoption | None = None

    @property
    def has_deals(self) -> bool:
        return bool(self.deals.deals)


def analyse(content: Content, scores: Scores, translations) -> Analyses:
    """Cohorts, deals, Sales Navigator adoption, common profile gaps, the rubric's fit and
    each member's written audit."""
    locale = content.config.locale
    audits = {ms.id: write_audit(ms, scores.team(ms.member.team), scores.overall.scored,
                                 translations, locale)
              for ms in scores.members}
    return Analyses(
        cohorts=analyse_cohorts(content, scores),
        deals=summarise_deals(content, scores),
        gaps=common_gaps([m.audit for m in scores.members if m.audit is not None]),
        fits=calibration(scores.members),
        audits=audits,
        adoption=analyse_adoption(content, scores),
    )
