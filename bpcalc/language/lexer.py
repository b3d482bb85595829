"""Text to tokens, each with the span it came from, so every error can point at a column.

People paste expressions from PDFs, slides and word processors, so the lexer reads the
look-alikes they bring as what they unambiguously stand for: − × · ÷ as - * /, superscript
exponents (x², x⁻¹, x¹⁰) as powers, π as pi, σ(…) as sigmoid(…), √(…) as sqrt(…), math
italic and fullwidth letters (𝑥, ｘ) and subscript digits (w₁) in names by their NFKC form,
invisible zero-width spaces and a byte-order mark as spaces. Everything else it does not
understand, including letters that only look Latin (Greek capital Α, Cyrillic х), is an error
that points at the character, never silently skipped or guessed.

It also refuses, before any work, input longer than MAX_SOURCE_CHARS, and number literals
that a float cannot hold (1e400 would be infinity, 1e-400 would silently be 0).

Two paths, one result. Reading character by character with Unicode look-ups costs a few
microseconds per character, most of a 10^5-node parse, so plain ASCII text goes through one
compiled regular expression instead (`_scan_ascii`). That fast path only vouches for what it
fully understands; on anything unusual (a character it does not know, a number glued to a
name, a number a float cannot hold) it gives up and the careful per-character path
(`_tokenize_careful`) reads the whole text again, so tokens and error messages are the same
whichever path ran. The parser reads tokens as columns (`TokenColumns`: parallel lists, no
object per token); `tokenize` builds Token objects from them for everyone else.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import itemgetter, sub
from typing import NamedTuple

from bpcalc.errors import ParseError, Span

NUMBER = "number"
NAME = "name"
OPERATOR = "operator"
END = "end"  # end of a statement: ';' or a newline outside brackets
EOF = "eof"

# About 100 times the longest homework program; a linear pass over it takes seconds. The
# parser and passes are loops, so nesting depth needs no limit of its own within this size.
MAX_SOURCE_CHARS = 1_000_000

_SINGLE_OPERATORS = frozenset("+-*/^@()[],=.:")
_DIGITS = frozenset("0123456789")

# Characters from PDFs and word processors, read as the ASCII they stand for.
_LOOKALIKES = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\ufe63": "-",  # small hyphen-minus
    "\uff0d": "-",  # fullwidth hyphen-minus
    "\uff0b": "+",  # fullwidth plus
    "\u00d7": "*",  # multiplication sign
    "\u00b7": "*",  # middle dot
    "\u22c5": "*",  # dot operator
    "\u2219": "*",  # bullet operator
    "\u2217": "*",  # asterisk operator
    "\uff0a": "*",  # fullwidth asterisk
    "\u00f7": "/",  # division sign
    "\u2044": "/",  # fraction slash
    "\u2215": "/",  # division slash
    "\uff0f": "/",  # fullwidth solidus
    "\u02c6": "^",  # modifier letter circumflex
    "\uff3e": "^",  # fullwidth circumflex
    "\uff08": "(",  # fullwidth parentheses
    "\uff09": ")",
    "\uff3b": "[",  # fullwidth brackets
    "\uff3d": "]",
    "\uff0c": ",",  # fullwidth comma
    "\uff1d": "=",  # fullwidth equals
    "\uff1b": ";",  # fullwidth semicolon
}
_SUPERSCRIPT_DIGITS = {
    "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4",
    "\u2075": "5", "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9",
}
_SUPERSCRIPT_SIGNS = {"\u207b": "-", "\u207a": "+"}
_SPACES = frozenset(" \t\r\f\v\u00a0\u2009\u202f\u3000\u2002\u2003\u2007\u2008\u200a")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")  # zero-width spaces and joiners, BOM
_SIGMA = "\u03c3"  # σ: the table's symbol for the sigmoid gate
_ROOT = "\u221a"  # √

# Letters that only look Latin: a paste from a PDF or a keyboard in the wrong layout. Which
# letter was meant is a guess, so we point at them instead of reading them.
_LATIN_LOOKALIKES = {
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X", "\u03bf": "o",
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X", "\u0430": "a",
    "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y", "\u0445": "x",
    "\u0456": "i", "\u0458": "j", "\u0455": "s",
}
# Greek capitals used as operators in math (sum, product): not variable names.
_OPERATOR_LETTERS = {"\u03a3": "a summation sign", "\u03a0": "a product sign", "\u2211": "a summation sign",
                     "\u220f": "a product sign"}


@dataclass(frozen=True)
class Token:
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


_KINDS = frozenset((NUMBER, NAME, END, EOF))


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
    r"[ \t\r\f\v]*(?:[-+/^@()\[\],=:;\n]|\*\*?"  # an operator, ';' or a newline ('.' comes later)
    r"|[A-Za-z_][A-Za-z0-9_]*"  # a name
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"  # a number, as _read_number reads it
    r"|\.|[^ \t\r\f\v])"
)
_ASCII_SPACES = " \t\r\f\v"
_COMMENT = re.compile(r"#[^\n]*")
_BRACKET_OR_NEWLINE = re.compile(r"[()\[\]\n]")
_ONLY_BRACKETS_AND_NEWLINES = str.maketrans("", "", "".join(chr(c) for c in range(128) if chr(c) not in "()[]\n"))
# A token's code from its text: operators by their text, others by their first character.
_ASCII_CODES = {**{c: c for c in "+-*/^@()[],=.:"}, "**": "**", ";": END, "\n": END}
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
    pieces = _ASCII_PIECE.findall(text)
    texts = list(map(str.lstrip, pieces, repeat(_ASCII_SPACES)))
    codes = list(map(_ASCII_CODES.get, texts, map(_ASCII_FIRST.get, map(itemgetter(0), texts))))
    if None in codes:
        return None  # a character the fast path does not know
    ends = list(accumulate(map(len, pieces)))
    starts = list(map(sub, ends, map(len, texts)))
    if (ends[-1] if ends else 0) != len(text.rstrip(_ASCII_SPACES)):
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


def _tokenize_careful(source: str) -> list[Token]:
    """The reference reading, one character at a time: all of Unicode, every error message."""
    tokens: list[Token] = []
    depth = 0
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch in _SPACES or ch in _INVISIBLE:
            i += 1
            continue
        if ch == "#":
            while i < n and source[i] != "\n":
                i += 1
            continue
        if ch == "\n" or ch == ";" or ch == "\uff1b":
            if depth == 0 or ch != "\n":
                tokens.append(Token(END, ";" if ch != "\n" else ch, Span(i, i + 1)))
            i += 1
            continue
        if ch in _SUPERSCRIPT_DIGITS or ch in _SUPERSCRIPT_SIGNS:
            i = _read_superscript(source, i, tokens)
            continue
        if ch in _DIGITS or (ch == "." and i + 1 < n and source[i + 1] in _DIGITS):
            i = _read_number(source, i, tokens)
            continue
        if ch == _ROOT:
            i = _read_root(source, i, tokens)
            continue
        if _starts_name(ch):
            i = _read_name(source, i, tokens)
            continue
        if source.startswith("**", i):
            matched: str | None = "**"
        else:
            ch = _LOOKALIKES.get(ch, ch)
            matched = ch if ch in _SINGLE_OPERATORS else None
        if matched is None:
            raise _unexpected(source, i)
        if matched in "([":
            depth += 1
        elif matched in ")]":
            depth = max(0, depth - 1)
        tokens.append(Token(OPERATOR, matched, Span(i, i + len(matched))))
        i += len(matched)
    tokens.append(Token(EOF, "", Span(n, n)))
    return tokens


def check_size(source: str) -> None:
    """Refuse oversized input up front, without echoing it back."""
    if len(source) > MAX_SOURCE_CHARS:
        raise ParseError(
            f"the input is {len(source):,} characters long; bpcalc reads at most {MAX_SOURCE_CHARS:,}",
            hint="split the program into smaller ones; a homework circuit is a few hundred characters",
        )


def _starts_name(ch: str) -> bool:
    if ch.isascii():
        return ch.isalpha() or ch == "_"
    return (ch.isalpha() or ch == "_") and not _is_superscript(ch) and not _is_subscript(ch)


def _continues_name(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum() or ch == "_"
    if _is_superscript(ch):
        return False
    return ch.isalpha() or ch.isdecimal() or ch == "_" or _is_subscript(ch) or unicodedata.category(ch) in ("Mn", "Mc")


def _is_superscript(ch: str) -> bool:
    return ch > "\x7f" and unicodedata.decomposition(ch).startswith("<super>")


def _is_subscript(ch: str) -> bool:
    return ch > "\x7f" and unicodedata.decomposition(ch).startswith("<sub>")


def _read_name(source: str, i: int, tokens: list[Token]) -> int:
    start = i
    n = len(source)
    while i < n and _continues_name(source[i]):
        i += 1
    raw = source[start:i]
    if raw.isascii():
        text = raw
    else:
        for k in range(start, i):
            _refuse_ambiguous_letter(source, k)
        text = unicodedata.normalize("NFKC", raw)
        if not text.isidentifier():
            raise ParseError(
                f"'{raw}' is not a usable name",
                source=source, span=Span(start, i),
                hint="names are letters, digits and '_', starting with a letter, e.g. x, w1, alpha, θ",
            )
    if i < n and _is_superscript(source[i]) and source[i] not in _SUPERSCRIPT_DIGITS and source[i] not in _SUPERSCRIPT_SIGNS:
        raise _superscript_letter(source, i)
    if text == _SIGMA and _next_visible(source, i) == "(":
        text = "sigmoid"  # σ(z) is how the lecture writes the sigmoid gate
    tokens.append(Token(NAME, "pi" if text == "\u03c0" else text, Span(start, i)))
    return i


def _refuse_ambiguous_letter(source: str, k: int) -> None:
    ch = source[k]
    latin = _LATIN_LOOKALIKES.get(ch)
    if latin is not None:
        name = unicodedata.name(ch, "").lower()
        raise ParseError(
            f"'{ch}' is the {name}, which only looks like the Latin letter '{latin}'",
            source=source, span=Span(k, k + 1),
            hint=f"retype it as '{latin}' (text pasted from a PDF or typed in another keyboard layout)",
        )
    if ch in _OPERATOR_LETTERS:
        raise ParseError(
            f"'{ch}' reads as {_OPERATOR_LETTERS[ch]}, which bpcalc does not have",
            source=source, span=Span(k, k + 1),
            hint="write the terms out with '+' or '*', or use sum(x) on an array",
        )


def _next_visible(source: str, i: int) -> str:
    n = len(source)
    while i < n and (source[i] in _SPACES or source[i] in _INVISIBLE):
        i += 1
    return _LOOKALIKES.get(source[i], source[i]) if i < n else ""


def _read_root(source: str, i: int, tokens: list[Token]) -> int:
    if _next_visible(source, i + 1) != "(":
        raise ParseError(
            "'√' is read only before a parenthesis, as in √(x)",
            source=source, span=Span(i, i + 1),
            hint="write sqrt(x) or √(x); how far a bare √ reaches is ambiguous",
        )
    tokens.append(Token(NAME, "sqrt", Span(i, i + 1)))
    return i + 1


def _read_superscript(source: str, i: int, tokens: list[Token]) -> int:
    """x², x¹⁰, x⁻¹: '^' and the exponent; superscript digits run together as one number."""
    start = i
    n = len(source)
    sign = ""
    while i < n and source[i] in _SUPERSCRIPT_SIGNS:
        sign = "-" if (_SUPERSCRIPT_SIGNS[source[i]] == "-") != (sign == "-") else ""
        i += 1
    digits_start = i
    while i < n and source[i] in _SUPERSCRIPT_DIGITS:
        i += 1
    if i == digits_start:
        raise ParseError(
            "a superscript sign without superscript digits after it",
            source=source, span=Span(start, i),
            hint="write the power with ^, e.g. x^-1 or x⁻¹",
        )
    if i < n and _is_superscript(source[i]) and source[i] not in _SUPERSCRIPT_SIGNS:
        raise _superscript_letter(source, i)
    digits = "".join(_SUPERSCRIPT_DIGITS[c] for c in source[digits_start:i])
    tokens.append(Token(OPERATOR, "^", Span(start, start + 1)))
    if sign:
        tokens.append(Token(OPERATOR, "-", Span(start, digits_start)))
    tokens.append(Token(NUMBER, digits, Span(digits_start, i)))
    return i


def _superscript_letter(source: str, i: int) -> ParseError:
    plain = unicodedata.normalize("NFKC", source[i])
    return ParseError(
        f"a superscript '{plain}' ({unicodedata.name(source[i], 'superscript').lower()}) is ambiguous here",
        source=source, span=Span(i, i + 1),
        hint=f"write the power with ^ and parentheses, e.g. e^({plain}) or exp({plain})",
    )


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
    if i < n and (_starts_name(source[i]) or source[i] == "_"):
        raise ParseError(
            f"a number is directly followed by {source[i]!r}",
            source=source,
            span=Span(start, i + 1),
            hint=f"write the multiplication out: {_shorten(source[start:i])}*{source[i]}",
        )
    if i < n and source[i] == "." and i + 1 < n and source[i + 1] in _DIGITS:
        raise ParseError(
            "malformed number: more than one decimal point",
            source=source,
            span=Span(start, i + 1),
        )
    text = source[start:i]
    _check_representable(text, source, Span(start, i))
    tokens.append(Token(NUMBER, text, Span(start, i)))
    return i


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


def _check_representable(text: str, source: str, span: Span) -> None:
    problem = _representation_problem(text)
    if problem is not None:
        message, hint = problem
        raise ParseError(message, source=source, span=span, hint=hint)


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else f"{text[:12]}…{text[-8:]}"


def _unexpected(source: str, i: int) -> ParseError:
    ch = source[i]
    plain = unicodedata.normalize("NFKC", ch)
    if ch in _OPERATOR_LETTERS:
        _refuse_ambiguous_letter(source, i)
    if ch == "\u2014":
        hint = "an em dash is ambiguous; type '-' for minus"
    elif _is_superscript(ch):
        return _superscript_letter(source, i)
    elif plain != ch and plain.isascii() and plain.isprintable() and plain.strip():
        hint = f"it looks like {plain!r}; type that instead"
    elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn", "Cs"):
        hint = "an invisible or control character; delete it and retype the text around it"
    else:
        hint = "bpcalc understands numbers, names, + - * / ** ^ @, parentheses, brackets, commas, ';' and '#' comments"
    return ParseError(f"unexpected character {_describe(ch)}", source=source, span=Span(i, i + 1), hint=hint)


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
    return f"{shown} ({name.lower()})" if name else shown
