"""Jinja's sandbox with a size budget, for templates that come with a content folder."""
from __future__ import annotations

import re

from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.compiler import CodeGenerator


MAX_STRING = 1_000_000       # the longest string or list one operation may make
MAX_PRODUCED = 50_000_000    # all strings and lists a template makes for one page


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` so that its result is charged to the page's budget as well."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.charge(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with a size budget: no operator, method or filter of a content
    folder's template may make a string or list of more than MAX_STRING items, nor all of
    them together more than MAX_PRODUCED for one page (whose time the renderer bounds)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    produced = 0

    def new_page(self) -> None:
        self.produced = 0

    def charge(self, result):
        if isinstance(result, (str, list, tuple)):
            if len(result) > MAX_STRING:
                raise SecurityError(TOO_LARGE)
            self.produced += len(result)
            if self.produced > MAX_PRODUCED:
                raise SecurityError(f"the template makes more than {MAX_PRODUCED:,} "
                                    "characters of text for one page")
        return result

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_STRING:
                    raise SecurityError(TOO_LARGE)
        elif operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
            raise SecurityError("an exponent larger than 1000 is not allowed in templates")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError(TOO_LARGE)
        return self.charge(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        if _has_huge_number((*args, *kwargs.values())):
            raise SecurityError(f"a number above {MAX_STRING:,} given to a function is not "
                                "allowed in templates")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and _WIDE_FORMAT.search(owner):
            raise SecurityError(TOO_LARGE)
        if isinstance(owner, (str, list)) and getattr(__obj, "__name__", "") == "replace" \
                and len(args) >= 2 and _replaced_size(owner, *args[:2]) > MAX_STRING:
            raise SecurityError(TOO_LARGE)
        return __self.charge(super().call(__context, __obj, *args, **kwargs))


_WIDE_FORMAT = re.compile(r"[%{][^%{}]*?\d{7,}")
WIDTH_FILTERS = ("center", "indent", "truncate", "wordwrap", "batch", "slice")


TOO_LARGE = f"a string or list of more than {MAX_STRING:,} items is not allowed in templates"


def _has_huge_number(values) -> bool:
    return any(isinstance(v, int) and not isinstance(v, bool) and v > MAX_STRING
               for v in values)


def _replaced_size(text, old, new) -> int:
    if not isinstance(text, str) or not isinstance(old, str) or not isinstance(new, str):
        return 0
    count = len(text) + 1 if not old else text.count(old)
    return len(text) + count * (len(new) - len(old))


def bounded_filter(env: BoundedSandbox, name: str, original):
    """Filters that take a width, a count or a format get the sandbox's size budget."""
    offset = 1 if getattr(original, "jinja_pass_arg", None) is not None else 0

    def bounded(*args, **kwargs):
        value, params = (args[offset] if len(args) > offset else None), args[offset + 1:]
        if name in WIDTH_FILTERS and _has_huge_number((*params, *kwargs.values())):
            raise SecurityError(f"'{name}' with a number above {MAX_STRING:,} is not "
                                "allowed in templates")
        if name == "format" and isinstance(value, str) and _WIDE_FORMAT.search(value):
            raise SecurityError(TOO_LARGE)
        if name == "replace" and len(params) >= 2 and \
                _replaced_size(str(value), *params[:2]) > MAX_STRING:
            raise SecurityError(TOO_LARGE)
        if name == "join" and isinstance(value, (list, tuple)) and params and \
                isinstance(params[0], str) and len(value) * len(params[0]) > MAX_STRING:
            raise SecurityError(TOO_LARGE)
        return env.charge(original(*args, **kwargs))

    if hasattr(original, "jinja_pass_arg"):
        bounded.jinja_pass_arg = original.jinja_pass_arg
    return bounded
