"""The one HTML parser of the tests: pages are parsed, never grepped.

`parse(page)` gives a Document: every element (tag, attributes, text, children) in document
order, the visible text, the comments; `find`/`find_all` by tag and attributes, `by_class`,
`links`, `scripts`, `attribute_values`; `text_of(element)`; and `safety_problems(document)`,
everything on a page that could run a script, load a frame, submit a form or follow a
`javascript:` link.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
RAW_TEXT = ("script", "style")


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]         # the last value of each name
    text: str = ""                       # every character inside, script and style included
    children: list["Element"] = field(default_factory=list)
    attr_list: list[tuple[str, str | None]] = field(default_factory=list)  # as written
    self_closing: bool = False           # written <tag ... />

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def descendants(self) -> Iterator["Element"]:
        for child in self.children:
            yield child
            yield from child.descendants()

    def find_all(self, tag: str | None = None, *, class_: str | None = None,
                 **attrs) -> list["Element"]:
        return [e for e in self.descendants() if _matches(e, tag, class_, attrs)]

    def find(self, tag: str | None = None, *, class_: str | None = None,
             **attrs) -> "Element | None":
        found = self.find_all(tag, class_=class_, **attrs)
        return found[0] if found else None


def _matches(element: Element, tag, class_, attrs) -> bool:
    return ((tag is None or element.tag == tag)
            and (class_ is None or element.has_class(class_))
            and all(element.attrs.get(k) == v for k, v in attrs.items()))


def text_of(element: Element) -> str:
    """The element's text with its white space folded, as a reader sees it."""
    return " ".join(element.text.split())


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.texts: list[str] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), attr_list=list(attrs))
        if self.stack:
            self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.elements[-1].self_closing = True
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for element in self.stack:
            element.text += data
        if not self.stack or self.stack[-1].tag not in RAW_TEXT:
            self.texts.append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def unknown_decl(self, data):
        self.declarations.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.declarations.append(f"<?{data}>")


@dataclass(eq=False)
class Document:
    elements: list[Element]
    text: str                            # the visible text, white space folded
    texts: list[str] = field(default_factory=list)         # visible text nodes, as written
    comments: list[str] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)  # <![…]> and <?…>
    unclosed: list[Element] = field(default_factory=list)  # still open at the end

    def find_all(self, tag: str | None = None, *, class_: str | None = None,
                 **attrs) -> list[Element]:
        """Elements of `tag` (any tag if None) whose attributes equal `attrs` exactly, and
        that have the class `class_` among their classes."""
        return [e for e in self.elements if _matches(e, tag, class_, attrs)]

    def find(self, tag: str | None = None, *, class_: str | None = None,
             **attrs) -> Element | None:
        found = self.find_all(tag, class_=class_, **attrs)
        return found[0] if found else None

    def by_class(self, name: str, tag: str | None = None) -> list[Element]:
        return self.find_all(tag, class_=name)

    def links(self) -> list[str]:
        """The href of every <a>, in order."""
        return [a.attrs["href"] for a in self.find_all("a") if a.attrs.get("href") is not None]

    def scripts(self, type: str | None = None) -> list[Element]:
        return [s for s in self.find_all("script") if type is None or s.attrs.get("type") == type]

    def attribute_values(self) -> list[tuple[str, str, str]]:
        """(tag, attribute, value) of every attribute that has a value, as written."""
        return [(e.tag, name, value) for e in self.elements for name, value in e.attr_list
                if value]


def parse(source: str | Path) -> Document:
    html = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else source
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return Document(parser.elements, " ".join(" ".join(parser.texts).split()),
                    texts=parser.texts, comments=parser.comments,
                    declarations=parser.declarations, unclosed=list(parser.stack))


# --------------------------------------------------------------------------- page safety

FORBIDDEN_TAGS = {"iframe", "object", "embed", "form", "base", "frame", "frameset", "applet"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "background", "data", "lowsrc",
             "dynsrc", "cite", "longdesc", "ping"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
LOCAL_SCRIPT = re.compile(r"(\./|\.\./)*assets/[A-Za-z0-9._/-]+")


def dangerous_url(value: str | None) -> bool:
    if value is None:
        return False
    # Browsers drop tabs and newlines anywhere in a URL and leading controls and spaces.
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21)))).lower()
    return cleaned.startswith(BAD_SCHEMES)


def strict_json(text: str):
    """json.loads without NaN or Infinity."""
    def no_constant(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=no_constant)


def safety_problems(document: Document) -> list[str]:
    """Everything on the page that could run a script, load a frame or another page, submit
    a form or follow a dangerous link: forbidden elements, event handlers, dangerous URLs,
    inline scripts, scripts from outside assets/, JSON scripts that are not strict JSON or
    hold markup, meta refresh, declarations and processing instructions."""
    problems: list[str] = []
    for element in document.elements:
        problems += _element_problems(element, element in document.unclosed)
    problems += [f"unexpected declaration {d[:100]}" if d.startswith("<![")
                 else f"processing instruction {d[:100]}" for d in document.declarations]
    if any(e.tag == "script" for e in document.unclosed):
        problems.append("a <script> is never closed")
    return problems


def _element_problems(element: Element, unclosed: bool) -> list[str]:
    tag, attrs = element.tag, element.attr_list
    where = f"<{tag} {attrs}>"
    problems = [f"forbidden element {where}"] if tag in FORBIDDEN_TAGS else []
    values: dict[str, str | None] = {}
    for name, value in attrs:
        values.setdefault(name, value)
        if name.startswith("on"):
            problems.append(f"event handler attribute {name} in {where}")
        if (name in URL_ATTRS or name.endswith(":href")) and dangerous_url(value):
            problems.append(f"dangerous URL in {name} of {where}")
        if name == "srcset" and value and any(
                dangerous_url(part.strip()) for part in value.split(",")):
            problems.append(f"dangerous URL in srcset of {where}")
        if name == "srcdoc":
            problems.append(f"srcdoc attribute in {where}")
    if tag == "meta" and (values.get("http-equiv") or "").strip().lower() == "refresh":
        problems.append(f"meta refresh {where}")
    if tag != "script":
        return problems
    kind = (values.get("type") or "").strip().lower()
    src = values.get("src")
    if src is not None:
        if not LOCAL_SCRIPT.fullmatch(src):
            problems.append(f"script from outside assets/: {where}")
        mode = "src"
    elif kind == "application/json":
        mode = "json"
    else:
        problems.append(f"inline script {where}")
        mode = "bad"
    if element.self_closing or unclosed:          # no body to read
        return problems
    body = element.text
    if mode == "json":
        lowered = body.lower()
        if "</script" in lowered or "<!--" in lowered or "<script" in lowered:
            problems.append(f"JSON script holds markup: {body[:200]!r}")
        try:
            strict_json(body)
        except ValueError as exc:
            problems.append(f"JSON script is not valid JSON ({exc}): {body[:200]!r}")
    elif mode == "src" and body.strip():
        problems.append(f"script with src has a body: {body[:200]!r}")
    return problems
