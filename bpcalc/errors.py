"""One exception family for every user mistake, carrying where it happened and what to do.

The CLI turns a `BpcalcError` into a one-screen message and exit code 2; nothing else in the
package prints tracebacks for user input.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in the source text."""

    start: int
    end: int


class BpcalcError(Exception):
    """A mistake in what the user gave us (exit code 2)."""

    kind = "input error"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        span: Span | None = None,
        hint: str | None = None,
        node: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.span = span
        self.hint = hint
        self.node = node

    def with_source(self, source: str) -> BpcalcError:
        if self.source is None:
            self.source = source
        return self

    def location(self) -> tuple[int, int] | None:
        """1-based (line, column) of the error, if it has a position."""
        if self.source is None or self.span is None:
            return None
        before = self.source[: self.span.start]
        line = before.count("\n") + 1
        column = self.span.start - (before.rfind("\n") + 1) + 1
        return line, column

    def context(self) -> str | None:
        """The offending source line with a caret under the column, like lark's get_context."""
        where = self.location()
        if where is None or self.source is None or self.span is None:
            return None
        line_no, column = where
        text = self.source.split("\n")[line_no - 1]
        width = max(1, min(self.span.end - self.span.start, len(text) - column + 1))
        prefix = f"  {line_no} | " if self.source.count("\n") else "  "
        pad = " " * (len(prefix) + _display_width(text[: column - 1]))
        return f"{prefix}{text}\n{pad}{'^' * width}"

    def render(self) -> str:
        where = self.location()
        head = f"error: {self.message}"
        if where is not None and self.source is not None and "\n" in self.source:
            head = f"error (line {where[0]}, column {where[1]}): {self.message}"
        elif where is not None:
            head = f"error (column {where[1]}): {self.message}"
        parts = [head]
        ctx = self.context()
        if ctx:
            parts.append(ctx)
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(parts)

    def to_dict(self) -> dict:
        where = self.location()
        return {
            "error": {
                "kind": self.kind,
                "message": self.message,
                "line": where[0] if where else None,
                "column": where[1] if where else None,
                "node": self.node,
                "hint": self.hint,
            }
        }


class ParseError(BpcalcError):
    kind = "syntax error"


class UnknownNameError(BpcalcError):
    """Unknown function or variable, a missing value, a value nobody uses."""

    kind = "name error"


class ValueInputError(BpcalcError):
    """A malformed number or array given as a value."""

    kind = "value error"


class DomainError(BpcalcError):
    """A node's operation is undefined at its inputs (log of a negative, x/0, overflow)."""

    kind = "domain error"


class ShapeError(BpcalcError):
    kind = "shape error"


class UsageError(BpcalcError):
    kind = "usage error"


def _display_width(text: str) -> int:
    """Terminal columns taken by text: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None
