"""Problems found in a content folder, each pinned to a file, a line and a field.

Loading never stops at the first mistake: every reader and validator adds to one
`Problems` list so that `ssigen check` can show everything at once.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class ContentError:
    file: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    severity: str = "error"

    def location(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        text = f"{self.location()}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Problems:
    items: list[ContentError] = field(default_factory=list)
    _seen: set[ContentError] = field(default_factory=set, repr=False)

    def error(self, file: str, line: int | None, field: str | None, message: str,
              hint: str | None = None) -> None:
        self._add(ContentError(file, line, field, message, hint, "error"))

    def warning(self, file: str, line: int | None, field: str | None, message: str,
                hint: str | None = None) -> None:
        self._add(ContentError(file, line, field, message, hint, "warning"))

    def _add(self, problem: ContentError) -> None:
        """The same problem twice (an unknown CSV column, row after row) is listed once."""
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    @property
    def errors(self) -> list[ContentError]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[ContentError]:
        return [p for p in self.items if p.severity == "warning"]

    def __bool__(self) -> bool:
        return bool(self.errors)


class ContentErrors(Exception):
    """Raised by the public API when a content folder cannot be built."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the content folder")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def __reduce__(self):
        """Picklable, so an error met while rendering on another core reaches the user."""
        return (ContentErrors, (self.errors,))


class OutputError(Exception):
    """The output folder cannot be written safely (it holds the content, or is not ours)."""


class UnknownMembers(ValueError):
    """`--member` names an id that is not a member."""


def did_you_mean(name: str, choices: Iterable[str]) -> str | None:
    """The closest valid name, phrased for an error message."""
    matches = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.5)
    return f"did you mean '{matches[0]}'?" if matches else None
