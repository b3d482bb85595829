"""One exception family for every user mistake, carrying where it happened and what to do.

The CLI turns a `BpcalcError` into a one-screen message and exit code 2; nothing else in the
package prints tracebacks for user input.
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A half-open character range [start, end) in the source text (a NamedTuple: immutable, and
    made for every node, at a tuple's cost; a frozen dataclass compiles six methods at import)."""

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
        """1-based (line, column) of the error, if it has a position; columns count characters."""
        if self.source is None or self.span is None:
            return None
        start = min(self.span.start, len(self.source))
        line = self.source.count("\n", 0, start) + 1
        column = start - (self.source.rfind("\n", 0, start) + 1) + 1
        return line, column

    def context(self) -> str | None:
        """The offending source line with a caret under the column, like lark's get_context.

        What the terminal shows is what the caret is measured against: tabs are expanded,
        East Asian wide characters take two columns, combining marks none, control and
        bidirectional characters are shown as visible stand-ins (so pasted text cannot move
        the caret or recolour the terminal), and a long line is cut to a window around it.
        """
        where = self.location()
        if where is None or self.source is None or self.span is None:
            return None
        line_no, column = where
        line_start = self.source.rfind("\n", 0, min(self.span.start, len(self.source))) + 1
        line_end = self.source.find("\n", line_start)
        if line_end < 0:
            line_end = len(self.source)
        start = line_start + column - 1
        end = max(start + 1, min(self.span.end, line_end))
        window_start = max(line_start, start - _CONTEXT_BEFORE)
        window_end = min(line_end, max(end, start + 1) + _CONTEXT_AFTER, start + _CONTEXT_BEFORE + _CONTEXT_AFTER)
        shown, pad, width = _display_line(self.source, window_start, window_end, start, end)
        if window_start > line_start:
            shown, pad = "…" + shown, pad + 1
        if window_end < line_end:
            shown += "…"
        prefix = f"  {line_no} | " if "\n" in self.source else "  "
        return f"{prefix}{shown}\n{' ' * (len(prefix) + pad)}{'^' * max(1, width)}"

    def render(self) -> str:
        where = self.location()
        message = _visible(_shorten(self.message))
        head = f"error: {message}"
        if where is not None and self.source is not None and "\n" in self.source:
            head = f"error (line {where[0]}, column {where[1]}): {message}"
        elif where is not None:
            head = f"error (column {where[1]}): {message}"
        parts = [head]
        ctx = self.context()
        if ctx:
            parts.append(ctx)
        if self.hint:
            parts.append(f"hint: {_visible(_shorten(self.hint))}")
        return "\n".join(parts)

    def to_dict(self) -> dict[str, dict[str, object]]:
        where = self.location()
        return {
            "error": {
                "kind": self.kind,
                "message": _shorten(self.message),
                "line": where[0] if where else None,
                "column": where[1] if where else None,
                "node": self.node,
                "hint": _shorten(self.hint) if self.hint else None,
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


_CONTEXT_BEFORE = 40  # characters of the line shown before the error
_CONTEXT_AFTER = 40  # and after it
_MESSAGE_LIMIT = 300  # a message quoting user text is cut to this many characters
_TAB = 4


def _cell(ch: str, column: int) -> tuple[str, int]:
    """How one character is shown, and how many terminal columns that takes."""
    import unicodedata

    if ch == "\t":
        spaces = _TAB - column % _TAB
        return " " * spaces, spaces
    if ch < " " or ch == "\x7f":
        return chr(0x2400 + ord(ch)) if ch < " " else "\u2421", 1  # ␀ … ␟, ␡
    if not ch.isprintable():
        return "\ufffd", 1  # bidi overrides, zero-width and private-use characters: �
    if unicodedata.combining(ch):
        return ch, 0
    return ch, 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _display_line(source: str, start: int, stop: int, mark_start: int, mark_end: int) -> tuple[str, int, int]:
    """source[start:stop] as shown, the column where the mark begins, and the mark's width."""
    pieces: list[str] = []
    column = 0
    pad = width = 0
    for k in range(start, stop):
        if k == mark_start:
            pad = column
        text, cells = _cell(source[k], column)
        pieces.append(text)
        column += cells
        if mark_start <= k < mark_end:
            width += cells
    if mark_start >= stop:
        pad = column
    return "".join(pieces), pad, width


def _display_width(text: str) -> int:
    """Terminal columns taken by text: East Asian wide characters take two, tabs expand."""
    column = 0
    for ch in text:
        column += _cell(ch, column)[1]
    return column


def _visible(text: str) -> str:
    """A message or hint with control characters shown, never sent to the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else _cell(ch, 0)[0] for ch in text)


def _shorten(text: str) -> str:
    """Cap a message that quotes user text, keeping its start and its end (the verdict)."""
    if len(text) <= _MESSAGE_LIMIT:
        return text
    return text[: _MESSAGE_LIMIT // 2] + " … " + text[-(_MESSAGE_LIMIT // 2) :]


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None
