"""Fixed words translated once, when a template is compiled, instead of on every page.

A template's `_("Data table")` is the same words on each of a thousand pages, yet Jinja's
i18n calls gettext for it on each. This extension rewrites such a call into the words it
returns, in the environment's language: `("Tableau des données"|safe)`, which Jinja folds
into a constant. A call with variables, `_("Rank %(rank)s", rank=ms.rank)`, becomes
`(("Rang %(rank)s"|safe) % {"rank": ms.rank})`: only the formatting is left for the page.
Both give what newstyle gettext gives (the translation marked safe, formatted with the
variables escaped, `%%` read as `%`), so pages are unchanged. `ngettext`, `{% trans %}`
and calls of any other shape are left to Jinja.
"""
from __future__ import annotations

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

OPENING = (("name", "_"), ("lparen", None), ("string", None))
NESTING = {"lparen": 1, "lbracket": 1, "lbrace": 1, "rparen": -1, "rbracket": -1,
           "rbrace": -1}
UNCLOSED = {"variable_end", "block_end", "eof"}   # a call cut short: Jinja reports it


class FixedText(Extension):
    """Needs `environment.fixed_gettext`: the catalog's gettext, or None (English)."""

    def filter_stream(self, stream: TokenStream):
        gettext = getattr(self.environment, "fixed_gettext", None) or (lambda text: text)
        pending: list[Token] = []
        depth = 0
        for token in stream:
            pending.append(token)
            while pending and not _may_start(pending):
                yield pending.pop(0)
            if len(pending) <= len(OPENING):
                depth = 1
                continue
            if token.type in UNCLOSED:
                yield from pending
                pending = []
                continue
            depth += NESTING.get(token.type, 0)
            if depth == 0:
                yield from _translated(gettext, pending)
                pending = []
        yield from pending


def _may_start(tokens: list[Token]) -> bool:
    """The tokens so far can begin `_("…"`."""
    return all(token.type == kind and (value is None or token.value == value)
               for token, (kind, value) in zip(tokens, OPENING))


def _translated(gettext, call: list[Token]) -> list[Token]:
    """`_("…", name=value, …)` with the words translated, or the call as it was when it
    has another shape (a second positional argument, `**variables`)."""
    line, text, rest = call[0].lineno, call[2].value, call[3:-1]
    if not rest:
        try:
            words = gettext(text) % {}
        except (KeyError, ValueError, TypeError):   # a placeholder without its variable
            return call
        return [Token(line, "lparen", "("), Token(line, "string", words),
                Token(line, "pipe", "|"), Token(line, "name", "safe"),
                Token(line, "rparen", ")")]
    variables = _keywords(rest)
    if variables is None:
        return call
    out = [Token(line, "lparen", "("), Token(line, "lparen", "("),
           Token(line, "string", gettext(text)), Token(line, "pipe", "|"),
           Token(line, "name", "safe"), Token(line, "rparen", ")"),
           Token(line, "mod", "%"), Token(line, "lbrace", "{")]
    for name, value in variables:
        out += [Token(name.lineno, "string", name.value), Token(name.lineno, "colon", ":"),
                *value, Token(name.lineno, "comma", ",")]
    return out + [Token(line, "rbrace", "}"), Token(line, "rparen", ")")]


def _keywords(tokens: list[Token]) -> list[tuple[Token, list[Token]]] | None:
    """`, name=value, name=value` as (name, value tokens) pairs; None for anything else."""
    segments: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if token.type == "comma" and depth == 0:
            segments.append([])
            continue
        if not segments:
            return None
        depth += NESTING.get(token.type, 0)
        segments[-1].append(token)
    pairs = []
    for segment in segments:
        if len(segment) < 3 or segment[0].type != "name" or segment[1].type != "assign":
            return None
        pairs.append((segment[0], segment[2:]))
    return pairs
