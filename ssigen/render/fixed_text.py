"""Fixed words translated once, when a template is compiled, instead of on every page.

A template's `_("Data table")` is the same words on each of a thousand pages, yet Jinja's
i18n calls gettext for it on each. This extension rewrites such a call (one string, no
variables) into the words it returns, in the environment's language: `("Tableau des
données"|safe)`, which Jinja folds into a constant. It returns what newstyle gettext
returns (the translation, marked safe, with `%%` read as `%`), so pages are unchanged.
A call with variables, `ngettext` and `{% trans %}` are left to Jinja.
"""
from __future__ import annotations

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream


class FixedText(Extension):
    """Needs `environment.fixed_gettext`: the catalog's gettext, or None (English)."""

    def filter_stream(self, stream: TokenStream):
        gettext = getattr(self.environment, "fixed_gettext", None) or (lambda text: text)
        pending: list[Token] = []
        for token in stream:
            pending.append(token)
            while pending and not _may_start(pending):
                yield pending.pop(0)
            if len(pending) == len(SHAPE):
                words = _fixed(gettext, pending[2].value)
                line = pending[0].lineno
                yield from pending if words is None else (
                    Token(line, "lparen", "("), Token(line, "string", words),
                    Token(line, "pipe", "|"), Token(line, "name", "safe"),
                    Token(line, "rparen", ")"))
                pending = []
        yield from pending


SHAPE = (("name", "_"), ("lparen", None), ("string", None), ("rparen", None))


def _may_start(tokens: list[Token]) -> bool:
    """The tokens so far can begin `_("…")`."""
    return all(token.type == kind and (value is None or token.value == value)
               for token, (kind, value) in zip(tokens, SHAPE))


def _fixed(gettext, text: str) -> str | None:
    try:
        return gettext(text) % {}
    except (KeyError, ValueError, TypeError):   # a placeholder without its variable
        return None
