"""The careful reading of source text, one character at a time: all of Unicode, every message.

The lexer's fast path hands anything unusual to `tokenize_careful`, which reads what people
paste from PDFs, slides and notes as what it unambiguously stands for (see bpcalc.language.
lexer), LaTeX included (bpcalc.language.latex_input), and points at anything else.
"""

from __future__ import annotations

import unicodedata

from bpcalc.errors import ParseError, Span
from bpcalc.language.latex_input import LatexReader
from bpcalc.language.lexer import COMPARISON_TOKENS, END, EOF, NAME, NUMBER, OPERATOR, SUPERSCRIPT, Token, _representation_problem, _shorten

_SINGLE_OPERATORS = frozenset("+-*/^@()[],=.:<>")
_COMPARISON_SIGNS = {"\u2265": ">=", "\u2264": "<=", "\u2260": "!="}  # ≥ ≤ ≠
_DOUBLE_BAR = "\u2016"  # ‖, the norm bars
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


def tokenize_careful(source: str) -> list[Token]:
    """The reference reading, one character at a time: all of Unicode, every error message."""
    tokens: list[Token] = []
    latex = LatexReader(source, tokens)
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
            if (depth == 0 and not latex.open) or ch != "\n":
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
        if ch == "\\":
            i = latex.command(i)
            continue
        if ch == "{" or ch == "}":
            i = latex.brace(i)
            continue
        if ch == "|" or ch == _DOUBLE_BAR:
            i = _read_norm_bar(source, i, tokens)
            continue
        if _starts_name(ch):
            i = _read_name(source, i, tokens)
            continue
        if source.startswith("**", i):
            matched: str | None = "**"
        elif source[i : i + 2] in COMPARISON_TOKENS:
            matched = source[i : i + 2]
        elif ch in _COMPARISON_SIGNS:  # ≥ ≤ ≠ as pasted from notes: one character, two in our syntax
            tokens.append(Token(OPERATOR, _COMPARISON_SIGNS[ch], Span(i, i + 1)))
            i += 1
            continue
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
    latex.finish()
    tokens.append(Token(EOF, "", Span(n, n)))
    return tokens


def _read_norm_bar(source: str, i: int, tokens: list[Token]) -> int:
    """‖ or ||: a norm bar (the parser pairs them). A single | is not read: |x| is abs(x)."""
    if source[i] == _DOUBLE_BAR:
        tokens.append(Token(OPERATOR, _DOUBLE_BAR, Span(i, i + 1)))
        return i + 1
    if source.startswith("||", i):
        tokens.append(Token(OPERATOR, _DOUBLE_BAR, Span(i, i + 2)))
        return i + 2
    raise ParseError(
        "a single '|' is not read",
        source=source, span=Span(i, i + 1),
        hint="write abs(x) for |x|; ||v|| (or ‖v‖) is the norm of v",
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
    tokens.append(Token(NAME, _ROOT, Span(i, i + 1)))  # a call name: the sqrt row's alias
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
    tokens.append(Token(SUPERSCRIPT, "^", Span(start, start + 1)))
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


def _check_representable(text: str, source: str, span: Span) -> None:
    problem = _representation_problem(text)
    if problem is not None:
        message, hint = problem
        raise ParseError(message, source=source, span=span, hint=hint)


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
