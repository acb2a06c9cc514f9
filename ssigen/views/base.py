"""The pieces every page's view model is made of: tables, charts, links and the page.

A view model holds figures already computed and labels already translated; a template
only formats it. Tables declare their columns (heading, alignment, format) so that one
partial, `_table.html`, renders every data table of the site.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import charts


PLAIN_FORMATS = ("text", "cell", "num", "exact", "signed", "pct", "money", "date", "tr")
"""Cell formats written by the filter of that name rather than a macro of `_cells.html`:
plain values, and the bulk of a large site's cells."""


@dataclass(frozen=True)
class Column:
    """A table column: its heading, and how its cells are formatted.

    `format` names a cell formatter of `_cells.html` (num, signed, pct, money, date,
    text, member, band, status…); `align="num"` right-aligns heading and cells;
    `abbr` is the full heading shown on hover; `hidden` keeps the heading for screen
    readers only; `css` is the class of the column's cells, when not its alignment."""

    heading: str
    format: str = "text"
    align: str = ""
    abbr: str = ""
    hidden: bool = False
    css: str | None = None

    @property
    def cell_class(self) -> str:
        return self.align if self.css is None else self.css


@dataclass(frozen=True)
class Cell:
    """A cell that differs from its column: another format, or spanning columns."""

    value: Any
    format: str | None = None
    colspan: int = 1
    css: str | None = None


@dataclass(frozen=True)
class Row:
    """A row that carries a class (a total, a deal's status)."""

    cells: tuple
    css: str = ""


@dataclass(frozen=True)
class Table:
    """A data table: the columns, the rows (tuples of values or Rows), which column heads
    each row (`<th scope="row">`), a class and a caption for screen readers."""

    columns: tuple[Column, ...]
    rows: tuple
    css: str = ""
    caption: str = ""
    row_header: int | None = 0


@dataclass(frozen=True)
class MemberLink:
    """A link to a person's page, with an optional line below and a tag beside."""

    id: str
    name: str
    below: str = ""
    tag: str = ""

    @property
    def path(self) -> str:
        return member_path(self.id)


@dataclass(frozen=True)
class Link:
    path: str
    label: str


@dataclass(frozen=True)
class Chart:
    """A chart ready for a page: the cached spec of its kind, this page's data, and a table
    that says the same in words."""

    id: str
    title: str
    spec: dict
    datasets: dict[str, list[dict]]
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    legend: tuple[tuple[str, str, str], ...] = ()
    description: str = ""
    print_table: bool = False    # a PDF shows the data table too (labels give way)

    @property
    def spec_json(self) -> str:
        """The spec with its data, and the title as the drawing's accessible name."""
        return charts.page_chart_json(self.spec, self.datasets, self.title)

    @property
    def table(self) -> Table:
        columns = (Column(self.headers[0], "cell"),
                   *(Column(h, "cell", css="num") for h in self.headers[1:]))
        return Table(columns, self.rows)


@dataclass
class Page:
    """One page of the site: where it goes, the template that formats it, and its view."""

    path: str
    template: str
    view: Any
    charts: dict = field(default_factory=dict)

    @property
    def has_charts(self) -> bool:
        return any(self.charts.values())


def member_path(member_id: str) -> str:
    return f"people/{member_id}.html"


def cohort_path(cohort_id: str) -> str:
    return f"cohorts/{cohort_id}.html"


def spaced_labels(values: list[float], span: float, gap: float) -> list[bool]:
    """Which of the labels at `values` (on an axis `span` long) to show: from the highest
    down, each at least `gap` from every one shown (a label that would touch another gives
    way to its tooltip)."""
    shown: list[float] = []
    keep = []
    for value in values:
        ok = all(abs(value - other) >= gap * span for other in shown)
        keep.append(ok)
        if ok:
            shown.append(value)
    return keep


PLOT = (600.0, 300.0)          # a scatter's plot in pixels, at its narrowest (a PDF page)
LABEL_HEIGHT = 12.0            # pixels of a point's name
CHAR_WIDTH = 5.6               # pixels per character of a 10 px label


def point_labels(points: list[dict], x: str, y: str, x_max: float,
                 y_max: float) -> list[str]:
    """Each point's name, or "" where it would overlap a name already placed or another
    point; flagged points (a "shape" other than a circle) are named first, then the
    highest. The tooltip and the data table name every point."""
    width, height = PLOT
    y_max = y_max or 1.0
    where = [(p[x] / x_max * width, height - p[y] / y_max * height) for p in points]
    order = sorted(range(len(points)), key=lambda i: (points[i].get("shape") == "circle",
                                                       -points[i][y], points[i]["name"]))
    dots, names = _Grid(), _Grid()
    for j, (qx, qy) in enumerate(where):
        dots.add((qx, qy, qx, qy), (j, qx, qy))
    labels = [""] * len(points)
    for i in order:
        px, py = where[i]
        box = (px + 7, py - 6 - LABEL_HEIGHT, px + 7 + CHAR_WIDTH * len(points[i]["name"]),
               py - 6)
        clear = box[2] <= width + 40 and all(
            box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3]
            for b in names.near(box))
        clear = clear and all(
            not (box[0] - 4 <= qx <= box[2] and box[1] - 4 <= qy <= box[3] + 2)
            for j, qx, qy in dots.near((box[0] - 4, box[1] - 4, box[2], box[3] + 2))
            if j != i)
        if clear:
            names.add(box, box)
            labels[i] = points[i]["name"]
    return labels


class _Grid:
    """Items by the cells of a grid their box covers, so that placing a name looks only at
    the points and names near it: ten thousand points are labelled in linear time."""

    SIZE = 32.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list] = {}

    def _cells(self, box):
        size = self.SIZE
        for cx in range(int(box[0] // size), int(box[2] // size) + 1):
            for cy in range(int(box[1] // size), int(box[3] // size) + 1):
                yield cx, cy

    def add(self, box, item) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(item)

    def near(self, box) -> list:
        """Every item whose box shares a cell with `box` (an item may come twice)."""
        found = []
        for cell in self._cells(box):
            found += self.cells.get(cell, ())
        return found
