"""A tiny HTML parser for tests: elements with attributes and text, no grepping."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""
    children: list["Element"] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        if self.stack:
            self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for element in self.stack:
            element.text += data
        if not self.stack or self.stack[-1].tag not in ("script", "style"):
            self.texts.append(data)


@dataclass
class Document:
    elements: list[Element]
    text: str

    def find_all(self, tag: str, **attrs) -> list[Element]:
        return [e for e in self.elements if e.tag == tag
                and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def find(self, tag: str, **attrs) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


def parse(source: str | Path) -> Document:
    html = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else source
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return Document(parser.elements, " ".join(" ".join(parser.texts).split()))
