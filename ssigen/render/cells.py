"""Table rows as HTML, the bulk of a large site: a plain value by the filter its format
names, any other by the macro of `_cells.html` of that name.

A thousand person pages hold millions of cells, most of them the same few values (a
check's status, a criterion's rule): the output of a built-in macro that reads nothing but
its argument is kept and reused, so each distinct cell is rendered once per build.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import jinja2
from jinja2 import nodes
import markupsafe
from markupsafe import Markup, escape

from .. import formats
from ..cache import kept
from ..version import __version__
from ..views.base import PLAIN_FORMATS, Cell, Row

MEMO_SIZE = 20_000     # distinct cells kept; the memory stays that of a page, not a site
# Plain formats that write only digits, the locale's symbols, a currency's ISO code and
# month names: nothing in them to escape.
SAFE_FORMATS = frozenset({"num", "exact", "signed", "pct", "money", "date"})
CONSTANT_NAMES = {"_", "gettext", "ngettext", "currency", "locale", "none", "true", "false",
                  "True", "False", "None"}


def escape_text(text: str) -> str:
    """A str escaped, as a plain str: MarkupSafe 3's own `_escape_inner` where it has one."""
    return str(escape(text))


_escape_inner = getattr(markupsafe, "_escape_inner", escape_text)


def escaped(value) -> str:
    """What Jinja's `escape` writes, as a plain string: the text escaped, or the HTML of a
    value that has some (Markup). Every printed value of a page goes through it (see
    html.py), and most cells of a large site: a new Markup for each was a tenth of a
    page's time."""
    if type(value) is str:
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_inner(str(value))


def pure_cells(env: jinja2.Environment) -> frozenset[str]:
    """The macros of `_cells.html` whose output depends on their argument alone: no name
    from the page's context, no filter that reads it (`url`), no call to another macro.
    Reading the template costs more than a small site's tables, so the answer is kept."""
    source, _filename, _uptodate = env.loader.get_source(env, "_cells.html")
    key = hashlib.sha256(f"{__version__}\0{source}".encode()).hexdigest()[:20]
    found = kept("cells", f"{key}.json", lambda: json.dumps(_pure(env, source)).encode())
    return frozenset(json.loads(found))


def _pure(env: jinja2.Environment, source: str) -> list[str]:
    pure = set()
    for macro in env.parse(source).find_all(nodes.Macro):
        own = {a.name for a in macro.args} | {n.name for n in macro.find_all(nodes.Name)
                                               if n.ctx == "store"}
        read = {n.name for n in macro.find_all(nodes.Name) if n.ctx == "load"}
        contextual = any(getattr(env.filters.get(f.name), "jinja_pass_arg", None)
                         is not None for f in macro.find_all(nodes.Filter))
        calls_macros = any(isinstance(c.node, nodes.Name) and c.node.name not in
                           CONSTANT_NAMES for c in macro.find_all(nodes.Call))
        if read <= own | CONSTANT_NAMES and not contextual and not calls_macros:
            pure.add(macro.name)
    return sorted(pure)


def table_filters(env: jinja2.Environment, memo: bool) -> dict:
    """The `head_row` and `body_rows` filters: a table's headings and rows as HTML (each
    heading a `<th scope="col">` with its alignment, written by the `heading` macro; each
    row a `<tr>` with its class, each cell a `<td>` or `<th scope="row">` with its class and
    span). Each column's writer is chosen once per table, not once per cell. `memo` reuses
    the output of pure built-in macros, headings included (never with a content folder's
    own templates, which may do anything)."""
    tables = _TableWriter(_plain_writers(env), pure_cells(env) if memo else frozenset())
    return {"head_row": tables.head_row, "body_rows": tables.body_rows}


class _TableWriter:
    def __init__(self, plain: dict, pure: frozenset[str]):
        self.plain, self.pure = plain, pure
        self.kept: dict = {}

    def memoised(self, fmt: str, macro):
        kept = self.kept

        def write(value) -> str:
            key = (fmt, type(value), value)
            try:
                return kept[key]
            except KeyError:
                if len(kept) >= MEMO_SIZE:
                    kept.clear()
                html = kept[key] = escaped(macro(value))
                return html
            except TypeError:                # a value that cannot be a key (a list)
                return escaped(macro(value))
        return write

    def writer(self, fmt: str, cells):
        """How a cell of format `fmt` is written on this page (whose `_cells.html` is `cells`)."""
        if fmt in self.plain:
            return self.plain[fmt]
        macro = getattr(cells, fmt, None)
        if macro is None:
            raise jinja2.UndefinedError(f"_cells.html has no macro '{fmt}'")
        if fmt in self.pure:
            return self.memoised(fmt, macro)
        return lambda value: escaped(macro(value))

    def head_row(self, table, cells) -> Markup:
        heading = self.writer("heading", cells)
        return Markup("\n".join(f'    <th scope="col"{_aligned(c.align)}>{heading(c)}</th>'
                                 for c in table.columns))

    def body_rows(self, table, cells) -> Markup:
        writers: dict[str, object] = {}

        def write(fmt: str):
            found = writers.get(fmt)
            if found is None:
                found = writers[fmt] = self.writer(fmt, cells)
            return found

        header = table.row_header
        columns = [(start("th" if i == header else "td", c.cell_class, 1), write(c.format),
                    "</th>" if i == header else "</td>") for i, c in enumerate(table.columns)]
        out = []
        for row in table.rows:
            values, css = (row.cells, row.css) if isinstance(row, Row) else (row, "")
            out.append(f'\n    <tr class="{escaped(css)}">' if css else "\n    <tr>")
            if Cell in map(type, values):
                out.append(_spanned(table, values, write))
            else:
                for (opening, cell, closing), value in zip(columns, values):
                    out += (opening, cell(value), closing)
            out.append("\n    </tr>")
        return Markup("".join(out))


@lru_cache(maxsize=None)
def _aligned(align: str) -> str:
    return f' class="{escaped(align)}"' if align else ""


def _plain_writers(env: jinja2.Environment) -> dict:
    """The writer of each format that a filter writes, by format."""
    plain = {name: _plain_writer(name, env.filters[name])
             for name in PLAIN_FORMATS if name in env.filters}
    plain["text"] = lambda value: escaped(formats.DASH if value is None else value)
    plain["num"] = formats.number_writer(2, env.globals["locale"])   # `num`, settled once
    return plain


def _plain_writer(fmt: str, filter_):
    if fmt in SAFE_FORMATS:
        return filter_
    return lambda value: escaped(filter_(value))


def _spanned(table, values, write) -> str:
    """A row with cells that differ from their column (another format, a span)."""
    out, index = [], 0
    for value in values:
        column = table.columns[index]
        tag = "th" if index == table.row_header else "td"
        if isinstance(value, Cell):
            css = column.cell_class if value.css is None else value.css
            out += (start(tag, css, value.colspan),
                    write(value.format or column.format)(value.value), f"</{tag}>")
            index += value.colspan
        else:
            out += (start(tag, column.cell_class, 1), write(column.format)(value), f"</{tag}>")
            index += 1
    return "".join(out)


@lru_cache(maxsize=None)
def start(tag: str, css: str, span: int) -> str:
    """`<td class="num">` and the like, made once for each kind of cell."""
    attrs = ' scope="row"' if tag == "th" else ""
    if css:
        attrs += f' class="{escaped(css)}"'
    if span > 1:
        attrs += f' colspan="{span}"'
    return f"\n      <{tag}{attrs}>"
