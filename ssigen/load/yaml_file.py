"""YAML tables: PyYAML's safe loader with line marks, and guards against hostile documents.

Mappings remember the line of every key; aliases that would expand into a bomb, documents
nested too deeply, duplicate keys and absurd integers are refused with their line.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

import yaml

from ..errors import Problems
from .files import read_text
from .records import Record

MAX_YAML_BYTES = 5 * 1024 * 1024    # YAML is parsed whole: about 50,000 records, 7 s


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

