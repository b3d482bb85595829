"""Text to tokens, each with the span it came from, so every error can point at a column.

Look-alike characters that arrive when people paste from PDFs and slides (−, ×, ·, ÷, ², ³, π)
are read as what they stand for; any other character we do not understand is an error that
points at it, never silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from bpcalc.errors import ParseError, Span

NUMBER = "number"
NAME = "name"
OPERATOR = "operator"
END = "end"  # end of a statement: ';' or a newline outside brackets
EOF = "eof"

_SINGLE_OPERATORS = frozenset("+-*/^@()[],=.:")
_DIGITS = frozenset("0123456789")

# Characters from PDFs and word processors, read as the ASCII they stand for.
_LOOKALIKES = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u00d7": "*",  # multiplication sign
    "\u00b7": "*",  # middle dot
    "\u22c5": "*",  # dot operator
    "\u2217": "*",  # asterisk operator
    "\u00f7": "/",  # division sign
    "\u2044": "/",  # fraction slash
    "\u2215": "/",  # division slash
    "\uff08": "(",  # fullwidth parentheses
    "\uff09": ")",
}
_SUPERSCRIPTS = {"\u00b2": "2", "\u00b3": "3", "\u00b9": "1"}
_GREEK_CONSTANTS = {"\u03c0": "pi"}  # π
_SPACES = " \t\r\f\v\u00a0\u2009\u202f\u3000"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    span: Span

    def __repr__(self) -> str:
        return f"{self.kind}:{self.text!r}@{self.span.start}"


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    depth = 0
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch in _SPACES:
            i += 1
            continue
        if ch == "#":
            while i < n and source[i] != "\n":
                i += 1
            continue
        if ch == "\n" or ch == ";":
            if depth == 0 or ch == ";":
                tokens.append(Token(END, ch, Span(i, i + 1)))
            i += 1
            continue
        if ch in _SUPERSCRIPTS:
            tokens.append(Token(OPERATOR, "^", Span(i, i + 1)))
            tokens.append(Token(NUMBER, _SUPERSCRIPTS[ch], Span(i, i + 1)))
            i += 1
            continue
        if ch in _DIGITS or (ch == "." and i + 1 < n and source[i + 1] in _DIGITS):
            i = _read_number(source, i, tokens)
            continue
        if ch.isalpha() or ch == "_":
            if ch in _GREEK_CONSTANTS:
                tokens.append(Token(NAME, _GREEK_CONSTANTS[ch], Span(i, i + 1)))
                i += 1
                continue
            start = i
            while i < n and (source[i].isalnum() or source[i] == "_") and source[i] not in _SUPERSCRIPTS:
                i += 1
            tokens.append(Token(NAME, source[start:i], Span(start, i)))
            continue
        if source.startswith("**", i):
            matched: str | None = "**"
        else:
            ch = _LOOKALIKES.get(ch, ch)
            matched = ch if ch in _SINGLE_OPERATORS else None
        if matched is None:
            raise ParseError(
                f"unexpected character {_describe(source[i])}",
                source=source,
                span=Span(i, i + 1),
                hint="bpcalc understands numbers, names, + - * / ** ^ @, parentheses, brackets, commas, ';' and '#' comments",
            )
        if matched in "([":
            depth += 1
        elif matched in ")]":
            depth = max(0, depth - 1)
        tokens.append(Token(OPERATOR, matched, Span(i, i + len(matched))))
        i += len(matched)
    tokens.append(Token(EOF, "", Span(n, n)))
    return tokens


def _read_number(source: str, i: int, tokens: list[Token]) -> int:
    start = i
    n = len(source)
    while i < n and source[i] in _DIGITS:
        i += 1
    if i < n and source[i] == ".":
        i += 1
        while i < n and source[i] in _DIGITS:
            i += 1
    if i < n and source[i] in "eE":
        j = i + 1
        if j < n and source[j] in "+-":
            j += 1
        if j < n and source[j] in _DIGITS:
            while j < n and source[j] in _DIGITS:
                j += 1
            i = j
        elif source[j - 1] in "+-" or (j < n and source[j].isalpha()):
            raise ParseError(
                "malformed number: the exponent after 'e' has no digits",
                source=source,
                span=Span(start, j + 1),
                hint="write scientific notation as 1e-3 or 2.5E+4",
            )
    if i < n and (source[i].isalpha() or source[i] == "_"):
        raise ParseError(
            f"a number is directly followed by {source[i]!r}",
            source=source,
            span=Span(start, i + 1),
            hint=f"write the multiplication out: {source[start:i]}*{source[i]}",
        )
    if i < n and source[i] == "." and i + 1 < n and source[i + 1] in _DIGITS:
        raise ParseError(
            "malformed number: more than one decimal point",
            source=source,
            span=Span(start, i + 1),
        )
    tokens.append(Token(NUMBER, source[start:i], Span(start, i)))
    return i


def _describe(ch: str) -> str:
    import unicodedata

    name = unicodedata.name(ch, "")
    shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
    return f"{shown} ({name.lower()})" if name else shown
