"""Read CSV and YAML files into records that remember where each value came from.

A record is a nested mapping of raw values (strings from CSV, YAML scalars from
YAML) plus the line of every key, so that validation can point at the exact line.
CSV dotted columns (`ssi.brand`) become nested mappings here, so CSV and YAML
records look alike to everything downstream.
"""
from __future__ import annotations

import contextlib
import csv
import io
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from ..csvsafe import FORMULA_STARTS
from ..errors import Problems

MAX_FILE_BYTES = 50 * 1024 * 1024   # any file ssigen reads; CSV is streamed row by row
MAX_YAML_BYTES = 5 * 1024 * 1024    # YAML is parsed whole: about 50,000 records, 7 s


@dataclass
class Record:
    file: str
    line: int | None
    data: dict
    key_lines: dict[str, int] = field(default_factory=dict)
    decimal_comma: bool = False
    header_line: int | None = None

    def column_line(self, path: str) -> int | None:
        """Where a field's name is written: the CSV header row, or the YAML key."""
        return self.header_line if self.header_line is not None else self.line_of(path)

    def line_of(self, path: str) -> int | None:
        return self.key_lines.get(path, self.line)


class LineDict(dict):
    """A YAML mapping that knows the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader, with libyaml's parser when it is there (several times faster)."""


class _DuplicateKey(yaml.constructor.ConstructorError):
    def __init__(self, key: str, mark):
        super().__init__(None, None, f"'{key}' appears twice in the same mapping", mark)
        self.key = key


def _construct_mapping(loader: _Loader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # `<<: *base` keys come first; the record's own override
    own_keys: set[str] = set()
    with _nested(loader, node):
        for index, (key_node, value_node) in enumerate(node.value):
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value", key_node.start_mark)
            key = str(key)
            if index >= merged:
                if key in own_keys:
                    raise _DuplicateKey(key, key_node.start_mark)
                own_keys.add(key)
            data[key] = loader.construct_object(value_node, deep=True)
            data.key_lines[key] = key_node.start_mark.line + 1


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode):
    data: list = []
    yield data
    with _nested(loader, node):
        data.extend(loader.construct_object(child, deep=True) for child in node.value)


MAX_DEPTH = 40


@contextlib.contextmanager
def _nested(loader: _Loader, node: yaml.Node):
    """No content table nests more than a few levels; a document nested deeper than
    MAX_DEPTH is refused before anything walks it recursively."""
    loader.depth = getattr(loader, "depth", 0) + 1
    if loader.depth > MAX_DEPTH:
        raise yaml.constructor.ConstructorError(
            None, None, f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
    try:
        yield
    finally:
        loader.depth -= 1


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    """A date YAML cannot build (2026-13-01) stays text, so validation can name its line."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


MAX_INT_DIGITS = 30


def _construct_int(loader: _Loader, node: yaml.ScalarNode):
    """An integer of absurd length (0xfff… over 4,000 digits) stays text: Python could not
    even print it, and validation then says which line holds it."""
    if len(node.value) > MAX_INT_DIGITS:
        return loader.construct_scalar(node)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class _BombProofLoader(_Loader):
    """Refuses documents that contain themselves through an alias, or whose aliases would
    expand into a structure far larger than the file."""

    MAX_EXPANSION = 100_000
    has_anchors = True

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None and self.has_anchors:
            _check_aliases(node, self.MAX_EXPANSION)
        return node


def _check_aliases(root: yaml.Node, max_expansion: int) -> None:
    """Walks the node graph once (iteratively: a deep document cannot exhaust the stack).
    A node met again while one of its own children is being walked is a cycle; the values
    the document stands for, aliases expanded, may exceed its distinct nodes by at most
    `max_expansion`."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise yaml.composer.ComposerError(
                None, None, "an alias refers to the record that contains it",
                node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    if sizes[id(root)] > len(sizes) + max_expansion:
        raise yaml.composer.ComposerError(
            None, None, f"its aliases expand to more than {max_expansion:,} repeated values",
            root.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def read_text(path: Path, rel: str, problems: Problems, limit: int = MAX_FILE_BYTES,
              kind: str = "file", hint: str | None = None) -> str | None:
    """The file decoded as UTF-8 (a byte-order mark is dropped), or None after an error."""
    raw = read_bytes(path, rel, problems, limit, kind, hint)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, None, "is not valid UTF-8 text",
                       "save the file as UTF-8 (in Excel: 'CSV UTF-8')")
        return None


def read_bytes(path: Path, rel: str, problems: Problems, limit: int = MAX_FILE_BYTES,
               kind: str = "file", hint: str | None = None) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes, or None after an error: a
    pipe, a device or a file too large (a `kind` larger than …) is refused unopened."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            problems.error(rel, None, None, "is not a regular file (a pipe or a device?)")
            return None
        if info.st_size > limit:
            problems.error(rel, None, None, f"{kind} is larger than {_size(limit)}", hint)
            return None
        with open(path, "rb") as f:
            raw = f.read(limit + 1)  # a file that grew since stat() is still bounded
        if len(raw) > limit:
            problems.error(rel, None, None, f"{kind} is larger than {_size(limit)}", hint)
            return None
    except IsADirectoryError:
        problems.error(rel, None, None, "expected a file, found a folder")
        return None
    except OSError as exc:
        problems.error(rel, None, None, f"cannot be read: {exc.strerror or exc}")
        return None
    return raw


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def read_yaml(path: Path, rel: str, problems: Problems):
    """The parsed YAML document (LineDict mappings), or None after an error."""
    text = read_text(path, rel, problems, MAX_YAML_BYTES, "YAML file",
                     "keep large tables as CSV, which is read row by row")
    if text is None:
        return None
    loader = _BombProofLoader(text)
    loader.has_anchors = "&" in text  # without an anchor, no alias can repeat anything
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if isinstance(exc, _DuplicateKey):
            problems.error(rel, line, exc.key, "appears twice in the same record",
                           "keep one of them")
        else:
            problems.error(rel, line, None, f"is not valid YAML: {exc.problem or exc}")
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if exc.position is not None else None
        problems.error(rel, line, None, "is not valid YAML: it contains a control character "
                       f"(#x{exc.character:04x}) that YAML does not allow"
                       if isinstance(exc.character, int) else "is not valid YAML text")
    except yaml.YAMLError as exc:
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
        problems.error(rel, None, None, f"is not valid YAML: {first_line}")
    except RecursionError:
        problems.error(rel, None, None, "is not valid YAML: nested too deeply")
    except (ValueError, OverflowError) as exc:
        problems.error(rel, None, None, f"is not valid YAML: {exc}")
    finally:
        loader.dispose()
    return None


def yaml_records(path: Path, rel: str, problems: Problems) -> list[Record]:
    """A YAML table: a list of mappings, or a single mapping for a single record."""
    doc = read_yaml(path, rel, problems)
    if doc is None:
        return []
    items = doc if isinstance(doc, list) else [doc]
    records = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, LineDict):
            problems.error(rel, None, None,
                           f"record {index} is not a mapping of field: value")
            continue
        lines: dict[str, int] = {}
        _collect_lines(item, "", lines)
        records.append(Record(rel, item.line, item, lines))
    return records


def _collect_lines(mapping: LineDict, prefix: str, out: dict[str, int]) -> None:
    for key, value in mapping.items():
        path = f"{prefix}{key}"
        out[path] = mapping.key_lines.get(key, mapping.line)
        if isinstance(value, LineDict):
            _collect_lines(value, path + ".", out)


def sniff_delimiter(header: str) -> str:
    """`;` when the header uses it more than `,` (French, Italian and Dutch Excel)."""
    return ";" if header.count(";") > header.count(",") else ","


def csv_records(path: Path, rel: str, problems: Problems) -> Iterator[Record]:
    """The file's rows one at a time, so a large table never sits in memory as records."""
    text = read_text(path, rel, problems)
    if text is None:
        return
    if "\x00" in text:
        problems.error(rel, None, None, "contains NUL bytes: is it really a CSV file?")
        return
    if not text.strip():
        problems.warning(rel, None, None, "file is empty")
        return
    header_line = text.splitlines()[0]
    delimiter = sniff_delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.error(rel, 1, None, f"is not valid CSV: {exc}")
        return
    header = _checked_header([h.strip() for h in header], rel, problems)
    last_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = f"a cell is larger than {csv.field_size_limit():,} characters"
            elif "unexpected end of data" in message:
                message = "a quoted cell is never closed (a missing '\"'?)"
            problems.error(rel, reader.line_num, None, f"is not valid CSV: {message}")
            break
        line = last_line + 1
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.error(rel, line, None,
                           f"row has {len(row)} cells but the header has {len(header)} columns",
                           f"check the delimiter ('{delimiter}') and quoting")
            continue
        data: dict = {}
        cells = row + [""] * (len(header) - len(row))
        for column, cell in zip(header, cells):
            if column:
                _set_dotted(data, column, cell_value(cell))
        yield Record(rel, line, data, {}, decimal_comma=delimiter == ";", header_line=1)


def cell_value(cell: str) -> str | None:
    """A CSV cell's value: trimmed, None when empty, and without the apostrophe that ssigen
    (like any careful tool) puts before text a spreadsheet would run as a formula."""
    text = cell.strip()
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text or None


def _checked_header(header: list[str], rel: str, problems: Problems) -> list[str]:
    """Column names as read; a column that cannot be a field is reported and read as ""
    (ignored), so it can never hide the values of another column."""
    sections: dict[str, str] = {}
    for column in header:
        parts = column.split(".")
        for i in range(1, len(parts)):
            sections.setdefault(".".join(parts[:i]), column)
    checked, seen = [], set()
    for column in header:
        ok = False
        if not column:
            problems.error(rel, 1, None, "a column has no name in the header row")
        elif column in seen:
            problems.error(rel, 1, column, "column appears twice in the header row")
        elif not all(column.split(".")):
            problems.error(rel, 1, column, "a column name has an empty part around a '.'")
        elif column in sections:
            problems.error(rel, 1, column,
                           f"is both a column and the section of '{sections[column]}'",
                           f"remove the column '{column}'")
        else:
            ok = True
        seen.add(column)
        checked.append(column if ok else "")
    return checked


def _set_dotted(data: dict, column: str, value: str | None) -> None:
    parts = column.split(".")
    target = data
    for part in parts[:-1]:
        nested = target.get(part)
        if not isinstance(nested, dict):
            nested = {} if nested is None else {"": nested}
            target[part] = nested
        target = nested
    target[parts[-1]] = value


def table_records(path: Path, rel: str, problems: Problems) -> Iterable[Record]:
    if path.suffix.lower() == ".csv":
        return csv_records(path, rel, problems)
    return yaml_records(path, rel, problems)
