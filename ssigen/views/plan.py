"""The page plan: which pages the site has, each with the view model its template formats.

Everything a page shows is computed before this, by scoring and analysis; a view only
picks and labels it. Person pages are made one at a time, when they are rendered.
"""
from __future__ import annotations

from typing import Iterator

from ..analysis import Analyses
from ..model import Content
from ..scoring import Scores
from .adoption import adoption_view
from .base import Link, Page, cohort_path, member_path
from .cohort import cohort_view
from .deals import deals_view
from .labels import Labels
from .methodology import methodology_view
from .person import person_view, trainings_by_member
from .team import team_view


class SitePlan:
    """Lays out every page of the site from the content, its scores and its analyses."""

    def __init__(self, content: Content, scores: Scores, analyses: Analyses, translations):
        self.content = content
        self.scores = scores
        self.analyses = analyses
        self.labels = Labels.of(translations)
        self.member_names = {m.id: m.name for m in content.members.values()}
        self.trainings = trainings_by_member(analyses.cohorts)

    def pages(self) -> Iterator[Page]:
        """Every page, each made only when it is asked for."""
        yield from self.shared_pages()
        yield from self.person_pages()

    def shared_pages(self) -> Iterator[Page]:
        """The pages that are not about one person."""
        labels, config, notes = self.labels, self.content.config, self.content.notes
        view = team_view(labels, self.scores, self.analyses, notes.team)
        yield Page("index.html", "index.html", view, view.charts)
        for result in self.analyses.cohorts:
            view = cohort_view(labels, result, config.bands,
                               notes.cohorts.get(result.cohort.id))
            yield Page(cohort_path(result.cohort.id), "cohort.html", view, view.charts)
        if self.analyses.has_deals:
            view = deals_view(labels, self.scores, self.analyses.deals, config.bands,
                              list(self.content.members), self.member_names)
            yield Page("deals.html", "deals.html", view, view.charts)
        if self.analyses.adoption is not None:
            view = adoption_view(labels, self.analyses.adoption)
            yield Page("adoption.html", "adoption.html", view, view.charts)
        seats = config.sales_navigator if self.analyses.adoption is not None else None
        view = methodology_view(labels, config.bands, self.content.rubric, self.analyses.fits,
                                seats, config.activity_window_days)
        yield Page("methodology.html", "methodology.html", view, view.charts)

    def person_page(self, index: int) -> Page:
        ms = self.scores.members[index]
        view = person_view(self.labels, self.scores, self.analyses, self.content.config.bands,
                           index, self.content.notes.members.get(ms.id), self.member_names,
                           self.trainings.get(ms.id, []))
        return Page(member_path(ms.id), "person.html", view, view.charts)

    def person_pages(self) -> Iterator[Page]:
        for index in range(len(self.scores.members)):
            yield self.person_page(index)

    def page_count(self) -> int:
        return (2 + len(self.analyses.cohorts) + int(self.analyses.has_deals)
                + int(self.analyses.adoption is not None) + len(self.scores.members))

    def navigation(self) -> list[Link]:
        """Links after "Team" in every page's header."""
        _ = self.labels.gettext
        cohorts = self.analyses.cohorts
        links = []
        if len(cohorts) == 1:
            links.append(Link(cohort_path(cohorts[0].cohort.id), _("Training")))
        elif cohorts:
            links.append(Link("index.html#cohorts", _("Training")))
        if self.analyses.has_deals:
            links.append(Link("deals.html", _("Business impact")))
        if self.analyses.adoption is not None:
            links.append(Link("adoption.html", _("Sales Navigator")))
        links.append(Link("methodology.html", _("Methodology")))
        return links
