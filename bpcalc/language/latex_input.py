"""LaTeX as it is pasted from lecture notes, read by our own lexer as the plain form it writes.

`\\frac{1}{1+e^{-x}}` is ((1)/(1+e^(-x))), `x^{2}` is x^(2), `\\sigma(x)` is σ(x), a sigmoid;
`\\exp`, `\\log`, `\\ln`, `\\max`, `\\sqrt{x}` (any call name of the registry) are the
functions, `\\cdot` and `\\times` are *, `\\left(` and `\\right)` are the brackets, spacing
commands are spaces, Greek letter commands are the letters. Braces group like parentheses.
Anything else is an error at its column: no guess, and nothing is handed to SymPy's LaTeX parser (user text is never evaluated).
"""

from __future__ import annotations

import unicodedata

from bpcalc.errors import ParseError, Span
from bpcalc.language.lexer import NAME, OPERATOR, Token
from bpcalc.language.spellings import FUNCTION_NAMES

_SPACING = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle"})
_SIZES = frozenset({"left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "bigg", "Bigg"})
_OPERATORS = {"cdot": "*", "times": "*", "ast": "*", "div": "/"}
# Big operators have limits and indices (\sum_{i=1}^n) that bpcalc does not read.
_BIG_OPERATORS = frozenset({"sum", "prod", "int", "oint", "lim"})
_NAMED_TEXT = frozenset({"operatorname", "mathrm", "text", "mathit", "textrm"})
_SPACES = " \t\r\f\v"
_HINT = ("bpcalc reads \\frac{a}{b}, \\sqrt{x}, \\exp, \\log, \\ln, \\max, \\min, \\sigma, \\cdot, \\times, "
         "\\left( \\right), ^{...} and Greek letters")


class LatexReader:
    """Reads backslash commands and braces into tokens; keeps the braces' stack.

    A brace is a group, the numerator or the denominator of a \\frac: closing the numerator
    emits ')', '/', '(' and expects the denominator's '{' next.
    """

    __slots__ = ("open", "source", "tokens")

    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.open: list[tuple[str, Span]] = []  # ("group" | "numerator" | "denominator", where it opened)

    def _emit(self, kind: str, text: str, start: int, end: int) -> None:
        self.tokens.append(Token(kind, text, Span(start, end)))

    def command(self, i: int) -> int:
        """At a backslash: read the command and return where reading goes on."""
        source = self.source
        start = i
        i += 1
        if i < len(source) and source[i].isascii() and source[i].isalpha():
            while i < len(source) and source[i].isascii() and source[i].isalpha():
                i += 1
        elif i < len(source):
            i += 1
        word = source[start + 1 : i]
        if word in _SPACING:
            return i
        if word in _SIZES:
            after = self._skip_spaces(i)
            return after + 1 if after < len(source) and source[after] == "." else i  # \left. is no bracket
        if word in _OPERATORS:
            self._emit(OPERATOR, _OPERATORS[word], start, i)
            return i
        if word == "|":
            self._emit(OPERATOR, "\u2016", start, i)
            return i
        if word == "frac":
            return self._open_fraction(start, i)
        if word in _NAMED_TEXT:
            return self._named_text(start, i)
        if word == "sqrt" and self._next(i) == "[":
            raise ParseError("\\sqrt[n]{x} (an n-th root) is not read", source=source, span=Span(start, i),
                             hint="write x^(1/n)")
        if word in FUNCTION_NAMES and word not in _BIG_OPERATORS:
            self._emit(NAME, word, start, i)  # \exp, \ln, \max, \sqrt: a call name of the registry
            return i
        if word == "pi":
            self._emit(NAME, "pi", start, i)
            return i
        letter = _greek(word)
        if letter is not None:
            self._emit(NAME, letter, start, i)
            return i
        hint = "write the terms out, or sum(x) over an array" if word in _BIG_OPERATORS else _HINT
        raise ParseError(f"the LaTeX command '\\{word}' is not something bpcalc reads", source=source,
                         span=Span(start, i), hint=hint)

    def brace(self, i: int) -> int:
        """At '{' or '}': a group opens or closes, or a fraction moves on."""
        source = self.source
        if source[i] == "{":
            self.open.append(("group", Span(i, i + 1)))
            self._emit(OPERATOR, "(", i, i + 1)
            return i + 1
        if not self.open:
            raise ParseError("unbalanced '}': there is no '{' to close", source=source, span=Span(i, i + 1),
                             hint="remove it or add the matching '{'")
        kind, _ = self.open.pop()
        self._emit(OPERATOR, ")", i, i + 1)
        if kind == "numerator":
            after = self._skip_spaces(i + 1)
            if after >= len(source) or source[after] != "{":
                raise ParseError("\\frac needs a denominator in braces after its numerator", source=source,
                                 span=Span(i, i + 1), hint="write \\frac{a}{b}")
            self._emit(OPERATOR, "/", i, i + 1)
            self._emit(OPERATOR, "(", after, after + 1)
            self.open.append(("denominator", Span(after, after + 1)))
            return after + 1
        if kind == "denominator":
            self._emit(OPERATOR, ")", i, i + 1)
        return i + 1

    def finish(self) -> None:
        if self.open:
            _, where = self.open[-1]
            raise ParseError("'{' is never closed", source=self.source, span=where, hint="add the missing '}'")

    def _open_fraction(self, start: int, i: int) -> int:
        after = self._skip_spaces(i)
        if after >= len(self.source) or self.source[after] != "{":
            raise ParseError("\\frac needs its numerator and denominator in braces", source=self.source,
                             span=Span(start, i), hint="write \\frac{a}{b}")
        self._emit(OPERATOR, "(", start, i)
        self._emit(OPERATOR, "(", after, after + 1)
        self.open.append(("numerator", Span(after, after + 1)))
        return after + 1

    def _named_text(self, start: int, i: int) -> int:
        """\\operatorname{relu}, \\mathrm{e}: the name in the braces."""
        source = self.source
        after = self._skip_spaces(i)
        close = source.find("}", after)
        name = source[after + 1 : close].strip() if after < len(source) and source[after] == "{" and close > 0 else ""
        if not name.isidentifier() or not name.isascii():
            raise ParseError(f"'\\{source[start + 1 : i]}' needs a name in braces", source=source,
                             span=Span(start, i), hint="write e.g. \\operatorname{relu}(x)")
        self._emit(NAME, name, start, close + 1)
        return close + 1

    def _skip_spaces(self, i: int) -> int:
        while i < len(self.source) and self.source[i] in _SPACES:
            i += 1
        return i

    def _next(self, i: int) -> str:
        i = self._skip_spaces(i)
        return self.source[i] if i < len(self.source) else ""


def _greek(word: str) -> str | None:
    """\\alpha -> α, \\Delta -> Δ (\\lambda is LAMDA in Unicode's names)."""
    if not word.isalpha() or len(word) < 2:
        return None
    case = "CAPITAL" if word[0].isupper() else "SMALL"
    for spelled in (word, "lamda" if word.lower() == "lambda" else word):
        try:
            return unicodedata.lookup(f"GREEK {case} LETTER {spelled.upper()}")
        except KeyError:
            continue
    return None
