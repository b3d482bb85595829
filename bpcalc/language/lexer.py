r"""Text to tokens, each with the span it came from, so every error can point at a column.

People paste expressions from PDFs, slides and word processors, so the lexer reads the
look-alikes they bring as what they unambiguously stand for: − × · ÷ as - * /, superscript
exponents (x², x⁻¹, x¹⁰) as powers that bind to their base, π as pi, σ and √ as names (the
sigmoid and sqrt rows' aliases, in call position), math italic and fullwidth letters (𝑥, ｘ)
and subscript digits (w₁) in names by their NFKC form, invisible zero-width spaces and a
byte-order mark as spaces, ‖v‖ and ||v|| as norm bars, and LaTeX pasted from notes
(\frac{1}{1+e^{-x}}, \sigma(x), \cdot) as the plain form it writes.
Everything else it does not understand, including letters that only look Latin (Greek capital
Α, Cyrillic х), is an error that points at the character, never silently skipped or guessed.

It also refuses, before any work, input longer than the source limit (MAX_SOURCE_CHARS unless
a caller sets another for a block of work: `with source_limit(10**7): ...`, the CLI's
--max-source), and number literals that a float cannot hold (1e400 would be infinity, 1e-400
would silently be 0).

Two paths, one result. Reading character by character with Unicode look-ups costs a few
microseconds per character, most of a 10^5-node parse, so plain ASCII text goes through one
compiled regular expression instead (`_scan_ascii`). That fast path only vouches for what it
fully understands; on anything unusual (a character it does not know, a number glued to a
name, a number a float cannot hold) it gives up and the careful per-character path
(`_tokenize_careful`, in careful.py) reads the whole text again, so tokens and error messages are the same
whichever path ran. The parser reads tokens as columns (`TokenColumns`: parallel lists, no
object per token); `tokenize` builds Token objects from them for everyone else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import accumulate, compress, repeat
from operator import itemgetter, sub
from typing import Any, NamedTuple, cast

from bpcalc.errors import ParseError, Span

NUMBER = "number"
NAME = "name"
OPERATOR = "operator"
END = "end"  # end of a statement: ';' or a newline outside brackets
EOF = "eof"
SUPERSCRIPT = "superscript"  # the power of a superscript exponent (x²): binds to its base
# Two-character comparison operators (x >= 0, x != y); '<' and '>' are single characters.
COMPARISON_TOKENS = (">=", "<=", "==", "!=")

# About 100 times the longest homework program; a linear pass over it takes seconds. The
# parser and passes are loops, so nesting depth needs no limit of its own within this size.
# The default; a caller raises it for a block of work (`source_limit`), the CLI by --max-source.
MAX_SOURCE_CHARS = 1_000_000

_source_limit: ContextVar[int] = ContextVar("bpcalc_max_source", default=MAX_SOURCE_CHARS)


@contextmanager
def source_limit(max_chars: int) -> Iterator[None]:
    """Parse within a block under another source limit (in characters)."""
    token = _source_limit.set(max_chars)
    try:
        yield
    finally:
        _source_limit.reset(token)


def set_source_limit(max_chars: int) -> Any:
    """Set the limit until `reset_source_limit(token)`; for callers that cannot use a `with`."""
    return _source_limit.set(max_chars)


def reset_source_limit(token: Any) -> None:
    _source_limit.reset(token)


def current_source_limit() -> int:
    return _source_limit.get()


class Token(NamedTuple):  # an immutable record, at a tuple's start-up cost (no dataclass methods to compile)
    kind: str
    text: str
    span: Span

    def __repr__(self) -> str:
        return f"{self.kind}:{self.text!r}@{self.span.start}"


class TokenColumns(NamedTuple):
    """Tokens as parallel lists, the form the parser reads: no Token or Span object per token.

    A token's code is its kind (NUMBER, NAME, END, EOF) or, for an operator, its text, so one
    comparison tells both what a token is and which operator it is.
    """

    codes: list[str]
    texts: list[str]
    starts: list[int]
    ends: list[int]

    def token(self, index: int) -> Token:
        """One token as a Token object (for error messages and the rarely used syntax)."""
        code = self.codes[index]
        return Token(code if code in _KINDS else OPERATOR, self.texts[index], Span(self.starts[index], self.ends[index]))


_KINDS = frozenset((NUMBER, NAME, END, EOF, SUPERSCRIPT))


def tokenize(source: str) -> list[Token]:
    """Split source into tokens; one left-to-right pass, no backtracking beyond a character."""
    check_size(source)
    columns = _scan_ascii(source) if source.isascii() else None
    if columns is None:
        return _tokenize_careful(source)
    return [columns.token(k) for k in range(len(columns.codes))]


def scan(source: str) -> TokenColumns:
    """The tokens of source as columns: what `tokenize` gives, without an object per token."""
    check_size(source)
    columns = _scan_ascii(source) if source.isascii() else None
    if columns is not None:
        return columns
    tokens = _tokenize_careful(source)
    return TokenColumns(
        [t.text if t.kind == OPERATOR else t.kind for t in tokens],
        [t.text for t in tokens],
        [t.span.start for t in tokens],
        [t.span.end for t in tokens],
    )


# The ASCII fast path. Each match is one token with the spaces before it; every character but
# a space starts a match ('[^ ...]' takes one the fast path does not know, which the careful
# path then reports), so the matches tile the text up to its trailing spaces. Comments are
# blanked out first, keeping every offset.
_ASCII_PIECE = re.compile(
    r"[ \t\r\f\v]*(?:[<>!=]=|[<>]|[-+/^@()\[\],=:;\n]|\*\*?"  # an operator, ';' or a newline ('.' comes later)
    r"|[A-Za-z_][A-Za-z0-9_]*"  # a name
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"  # a number, as _read_number reads it
    r"|\.|[^ \t\r\f\v])"
)
_ASCII_SPACES = " \t\r\f\v"
_COMMENT = re.compile(r"#[^\n]*")
_BRACKET_OR_NEWLINE = re.compile(r"[()\[\]\n]")
_ONLY_BRACKETS_AND_NEWLINES = str.maketrans("", "", "".join(chr(c) for c in range(128) if chr(c) not in "()[]\n"))
# A token's code from its text: operators by their text, others by their first character.
_ASCII_CODES = {**{c: c for c in "+-*/^@()[],=.:<>"}, **{c: c for c in COMPARISON_TOKENS}, "**": "**", ";": END,
                "\n": END}
_ASCII_FIRST = {
    **{c: NAME for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"},
    **{c: NUMBER for c in "0123456789."},  # '.' alone is an operator, found in _ASCII_CODES first
}
# A number literal this short without an exponent is always a finite, non-zero-if-written float.
_SHORT_NUMBER = 15


def _scan_ascii(source: str) -> TokenColumns | None:
    """Tokens of ASCII text, or None where only the careful path may judge.

    The work per token happens inside C loops (one regular expression, then map/accumulate
    over its matches); Python code runs only per number literal and per bracket or newline.
    None means: something here is an error or unusual, so `_tokenize_careful` reads the text
    again and raises the error (or, for anything merely unusual, gives the tokens) itself.
    """
    text = _COMMENT.sub(_blank, source) if "#" in source else source
    # Up to the trailing spaces only: at each of k trailing spaces the pattern would take the
    # rest of the run and find no token after it, k^2 steps (10,000 spaces took 20 s).
    last = len(text.rstrip(_ASCII_SPACES))
    pieces = _ASCII_PIECE.findall(text, 0, last)
    texts = list(map(str.lstrip, pieces, repeat(_ASCII_SPACES)))
    found = list(map(_ASCII_CODES.get, texts, map(_ASCII_FIRST.get, map(itemgetter(0), texts))))
    if None in found:
        return None  # a character the fast path does not know
    codes = cast("list[str]", found)  # every code found: no None is left
    ends = list(accumulate(map(len, pieces)))
    starts = list(map(sub, ends, map(len, texts)))
    if (ends[-1] if ends else 0) != last:
        return None  # cannot happen (the matches tile the text); never trust a gap
    if NUMBER in codes and not _numbers_ok(codes, texts, starts, ends):
        return None
    if "\n" in text and ("(" in text or "[" in text):
        inside = _newlines_inside_brackets(text)
        if inside:
            newlines = [k for k, token in enumerate(texts) if token == "\n"]
            keep = [True] * len(texts)
            for k in inside:
                keep[newlines[k]] = False
            codes, texts, starts, ends = (list(compress(column, keep)) for column in (codes, texts, starts, ends))
    n = len(source)
    codes.append(EOF)
    texts.append("")
    starts.append(n)
    ends.append(n)
    return TokenColumns(codes, texts, starts, ends)


def _balanced(brackets: str) -> bool:
    """True when a line's brackets close everything they open and never close more than is open."""
    depth = 0
    for mark in brackets:
        depth += 1 if mark == "(" or mark == "[" else -1
        if depth < 0:
            return False
    return depth == 0


def _blank(comment: re.Match[str]) -> str:
    return " " * len(comment.group())


def _numbers_ok(codes: list[str], texts: list[str], starts: list[int], ends: list[int]) -> bool:
    """No number literal the careful path would refuse: one touching a name or a second
    decimal point (2x, 1e5e, 1e+, 1.2.3) or one a float cannot hold (1e400, 1e-400)."""
    last = len(codes) - 1
    k = codes.index(NUMBER)
    while True:
        if k < last and starts[k + 1] == ends[k] and codes[k + 1] in (NAME, NUMBER):
            return False
        number = texts[k]
        if (len(number) > _SHORT_NUMBER or "e" in number or "E" in number) and _representation_problem(number) is not None:
            return False
        try:
            k = codes.index(NUMBER, k + 1)
        except ValueError:
            return True


def _newlines_inside_brackets(text: str) -> list[int]:
    """Which newlines (counted from 0) sit inside brackets, where they continue the statement."""
    lines = set(text.translate(_ONLY_BRACKETS_AND_NEWLINES).split("\n"))
    if all(_balanced(line) for line in lines):
        return []  # every line closes what it opens: no newline is ever inside brackets
    inside: list[int] = []
    depth = 0
    count = 0
    for mark in _BRACKET_OR_NEWLINE.findall(text):
        if mark == "\n":
            if depth:
                inside.append(count)
            count += 1
        elif mark == "(" or mark == "[":
            depth += 1
        elif depth:
            depth -= 1
    return inside


def check_size(source: str) -> None:
    """Refuse oversized input up front, without echoing it back."""
    limit = _source_limit.get()
    if len(source) > limit:
        raise ParseError(
            f"the input is {len(source):,} characters long; bpcalc reads at most {limit:,}",
            hint=SOURCE_LIMIT_HINT,
        )


# Where the limit is raised, in every message that says it was passed (the reader's too).
SOURCE_LIMIT_HINT = ("raise the limit with --max-source, e.g. --max-source 10M (or BPCALC_MAX_SOURCE=10M); "
                     "in Python, with bpcalc.language.lexer.source_limit(n)")


def _representation_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) when a literal does not survive conversion to float: no silent infinity,
    no silent zero. The fast path asks whether there is one; the careful path reports it."""
    value = float(text)
    if math.isinf(value):
        return (f"the number {_shorten(text)} is too large for a float (the largest is about 1.8e308)",
                "rescale the problem so its numbers stay below 1e308")
    mantissa = text.split("e")[0].split("E")[0]
    if value == 0.0 and any(c in "123456789" for c in mantissa):
        return (f"the number {_shorten(text)} is too small for a float: it would be read as 0",
                "the smallest positive float is about 5e-324; write 0 if you mean 0")
    return None


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else f"{text[:12]}…{text[-8:]}"


def _tokenize_careful(source: str) -> list[Token]:
    """The reference reading, one character at a time (bpcalc.language.careful)."""
    from bpcalc.language.careful import tokenize_careful

    return tokenize_careful(source)
