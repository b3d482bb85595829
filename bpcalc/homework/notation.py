"""Answers as students write them: numbers, fractions, constant expressions, nested lists.

The tolerance follows what was written, because a hand-worked answer carries its own
precision: `-0.1966` claims four significant figures, `3` or `-1/3` or `e^-1` claim an exact
value. The rule, stated once here and in the README:

* a decimal number (it has a decimal point or an exponent) is right when the true value,
  rounded at the last digit written, gives that number: |answer - true| <= half a unit in
  the last written place;
* a zero (`0`, `0.0`, `0e9`, `-0e3`, `0.0e3`) has no significant figures, so it claims
  exactly zero however it is written (otherwise `0e9` would claim every value below 5e8);
* a whole number, a fraction or a constant expression is an exact claim: right when it
  equals the true value to within a relative 1e-9 (floating-point noise: `-4.000000001`
  passes for -4);
* an explicit `rtol`/`atol` (numpy.isclose style, atol + rtol |t|) is added to the allowed
  error: tolerance options only ever loosen the written-precision rule;
* a problem set may set `min_sigfigs`: a decimal written to fewer significant figures is wrong
  however close it is (so `0.7` does not pass for 0.7311 when 3 are asked).

Constant expressions are read by bpcalc's own lexer and parser and evaluated by its forward
pass: user text never reaches `eval` or SymPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bpcalc.errors import BpcalcError, Span, ValueInputError
from bpcalc.language import lexer

EXACT_RTOL = 1e-9
_HINT = "write a number (-4, 0.1966, 1.97e-1), a fraction (-1/3), a constant expression (e^-1) or a list ([0.44, 0.52])"


@dataclass(frozen=True)
class Written:
    """One parsed answer: its value, and per entry the half-unit tolerance it was written to."""

    text: str
    value: Any  # float, or a numpy array for a nested list
    halfunit: Any  # float (0.0 for an exact claim), or an array of them
    sigfigs: int | None  # fewest significant figures among its decimal entries; None if exact

    @property
    def is_array(self) -> bool:
        return not isinstance(self.value, float)

    def precision_text(self) -> str:
        if self.sigfigs is None:
            return "exact"
        return f"{self.sigfigs} significant figure" + ("" if self.sigfigs == 1 else "s")


@dataclass(frozen=True)
class Tolerance:
    """Extra leniency on top of the written precision (never a replacement for it)."""

    rtol: float | None = None
    atol: float | None = None
    min_sigfigs: int | None = None  # a problem set may demand this many significant figures

    @property
    def explicit(self) -> bool:
        return self.rtol is not None or self.atol is not None


NO_OVERRIDE = Tolerance()


def parse_answer(text: str, name: str = "answer") -> Written:
    """Read one answer; raises ValueInputError pointing at the column that is wrong."""
    stripped = text.strip()
    if not stripped:
        raise ValueInputError(f"the answer for {name} is empty", hint=_HINT)
    offset = text.index(stripped[0])
    if stripped.startswith("["):
        return _parse_list(text, name)
    value, halfunit, sigfigs = _scalar(text, offset, len(text), name)
    return Written(text.strip(), value, halfunit, sigfigs)


class TomlDecimal(str):
    """A TOML float as its literal text (tomllib's parse_float hands it over), so `-0.20` keeps its zero."""


def from_toml(value: Any, name: str) -> Written:
    """An answer given in TOML: a string or a literal decimal keeps what was written."""
    if isinstance(value, bool):
        raise ValueInputError(f"the answer for {name} is a boolean, not a number", hint=_HINT)
    if isinstance(value, TomlDecimal):
        return parse_answer(str(value).replace("_", ""), name)
    if isinstance(value, str):
        return parse_answer(value, name)
    if isinstance(value, int | float):
        return parse_answer(repr(value) if isinstance(value, float) else str(value), name)
    if isinstance(value, list):
        return parse_answer(_list_text(value, name), name)
    raise ValueInputError(f"the answer for {name} is a {type(value).__name__}, not a number", hint=_HINT)


def _list_text(items: list[Any], name: str) -> str:
    parts: list[str] = []
    stack: list[tuple[list[Any], int]] = [(items, 0)]
    parts.append("[")
    while stack:
        current, pos = stack.pop()
        if pos == len(current):
            parts.append("]")
            continue
        if pos:
            parts.append(", ")
        stack.append((current, pos + 1))
        item = current[pos]
        if isinstance(item, list):
            parts.append("[")
            stack.append((item, 0))
        elif isinstance(item, str):
            parts.append(str(item).replace("_", "") if isinstance(item, TomlDecimal) else item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            parts.append(repr(item))
        else:
            raise ValueInputError(f"the answer for {name} holds {item!r}, which is not a number", hint=_HINT)
    return "".join(parts)


def matches(written: Written, truth: Any, tolerance: Tolerance = NO_OVERRIDE, slack: float = 0.0,
            width: Any = 0.0) -> bool:
    """Whether the answer equals `truth` at the precision it was written (plus any tolerance).

    `width`: how uncertain `truth` itself is, when it was recomputed from the student's own
    rounded numbers (the precision those numbers carry, propagated through the gate).
    `slack` widens the test by a relative amount, for diagnoses only.
    """
    if truth is None:
        return False
    if written.is_array or not isinstance(truth, float | int):
        import numpy as np

        got = np.asarray(written.value, dtype=float)
        want = np.asarray(truth, dtype=float)
        if got.shape != want.shape:
            return False
        spread = np.asarray(written.halfunit, dtype=float) + np.asarray(width, dtype=float)
        return bool(np.all(_close(got, want, spread, tolerance, slack, np)))
    return bool(_close(float(written.value), float(truth), float(written.halfunit) + float(width), tolerance, slack,
                       math))


def _close(got: Any, want: Any, halfunit: Any, tolerance: Tolerance, slack: float, lib: Any) -> Any:
    diff = abs(got - want)
    scale = abs(want)
    extra = slack * scale + (tolerance.atol or 0.0) + (tolerance.rtol or 0.0) * scale
    exact = EXACT_RTOL * _maximum(lib, abs(got), scale) + 1e-12
    # A hair over half a unit, so that 0.7311 for 0.73105... is not lost to float rounding.
    return diff <= _maximum(lib, halfunit * (1 + 1e-9), exact) + extra


def _maximum(lib: Any, a: Any, b: Any) -> Any:
    return lib.maximum(a, b) if lib is not math else max(a, b)


def _parse_list(text: str, name: str) -> Written:
    """Nested lists, with an explicit stack; each entry is a scalar answer of its own."""
    import numpy as np

    tokens = _tokens(text, 0, name)
    values: list[Any] = []
    halfunits: list[Any] = []
    sigfigs: list[int] = []
    stack: list[tuple[list[Any], list[Any]]] = []
    result: tuple[list[Any], list[Any]] | None = None
    pos = 0
    while pos < len(tokens) - 1:
        token = tokens[pos]
        if result is not None:
            raise _error(f"unexpected {token.text!r} after the list", text, token.span, name)
        if token.text == "[":
            new: tuple[list[Any], list[Any]] = ([], [])
            if stack:
                stack[-1][0].append(new[0])
                stack[-1][1].append(new[1])
            stack.append(new)
            pos += 1
            continue
        if token.text == "]":
            if not stack:
                raise _error("a ']' without its '['", text, token.span, name)
            closed = stack.pop()
            if not closed[0]:
                raise _error("an empty list", text, token.span, name)
            if not stack:
                result = closed
            pos += 1
            if pos < len(tokens) - 1 and tokens[pos].text == "," and stack:
                pos += 1
            continue
        if not stack:
            raise _error(f"unexpected {token.text!r}", text, token.span, name)
        end, depth = pos, 0
        while end < len(tokens) - 1:
            t = tokens[end].text
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
            elif depth == 0 and t in (",", "]", "["):
                break
            end += 1
        if end == len(tokens) - 1:
            raise _error("the list is missing a ']'", text, Span(len(text), len(text)), name)
        value, halfunit, figures = _scalar(text, token.span.start, tokens[end - 1].span.end, name)
        stack[-1][0].append(value)
        stack[-1][1].append(halfunit)
        if figures is not None:
            sigfigs.append(figures)
        pos = end + 1 if tokens[end].text == "," else end
    if result is None:
        raise _error("the list is missing a ']'", text, Span(len(text), len(text)), name)
    values, halfunits = result
    try:
        array = np.array(values, dtype=float)
        tolerances = np.array(halfunits, dtype=float)
    except ValueError:
        array = None
    if array is None or array.dtype == object:
        raise ValueInputError(f"the answer for {name} is ragged: its rows differ in length", source=text,
                              span=Span(0, len(text)), hint="every row of a matrix needs the same length")
    return Written(text.strip(), array, tolerances, min(sigfigs) if sigfigs else None)


def _tokens(text: str, start: int, name: str) -> list[lexer.Token]:
    try:
        tokens = lexer.tokenize(text)
    except BpcalcError as error:
        raise ValueInputError(f"cannot read the answer for {name}: {error.message}", source=text, span=error.span,
                              hint=_HINT) from None
    for token in tokens:
        if token.kind == lexer.END:
            raise _error("an answer is one value, not several statements", text, token.span, name)
    return tokens


def _scalar(text: str, start: int, end: int, name: str) -> tuple[float, float, int | None]:
    """One entry: a decimal keeps its precision; anything else is evaluated as an exact constant."""
    piece = text[start:end]
    tokens = _tokens(piece, 0, name)[:-1]
    if not tokens:
        raise _error("an entry is empty", text, Span(start, end), name)
    sign = 1.0
    k = 0
    while k < len(tokens) and tokens[k].text in "+-" and tokens[k].kind == lexer.OPERATOR:
        sign = -sign if tokens[k].text == "-" else sign
        k += 1
    if k == len(tokens) - 1 and tokens[k].kind == lexer.NUMBER:
        number = tokens[k].text
        value = sign * float(number)
        if not math.isfinite(value):
            raise _error("the number is too large for a float", text, Span(start, end), name)
        halfunit, figures = _precision(number)
        return value, halfunit, figures
    return _constant(piece, text, start, name), 0.0, None


def _precision(number: str) -> tuple[float, int | None]:
    """(half a unit in the last written place, significant figures) of a decimal; (0, None) if whole."""
    mantissa, _, exponent = number.lower().partition("e")
    if "." not in mantissa and not exponent:
        return 0.0, None
    whole, _, fraction = mantissa.partition(".")
    place = -len(fraction) + (int(exponent) if exponent else 0)
    digits = (whole + fraction).lstrip("0")
    if not digits:  # a zero has no significant figures: it claims exactly zero
        return 0.0, None
    return 0.5 * 10.0**place, len(digits)


def _constant(piece: str, text: str, start: int, name: str) -> float:
    """Evaluate a constant expression (e^-1, 1/(1+e^-1), -1/3) with bpcalc's parser and forward pass."""
    from bpcalc.engine.scalar_pass import forward
    from bpcalc.language.parser import parse

    try:
        program = parse(piece)
    except BpcalcError as error:
        span = Span(start + error.span.start, start + error.span.end) if error.span else Span(start, start + len(piece))
        raise ValueInputError(f"cannot read the answer for {name}: {error.message}", source=text, span=span,
                              hint=_HINT) from None
    graph = program.graph
    if graph.variables or program.values or graph.aliases:
        names = ", ".join([*graph.variables, *program.values]) or ", ".join(graph.aliases)
        raise _error(f"an answer is a number, but this uses the name(s) {names}", text, Span(start, start + len(piece)), name)
    try:
        values, _ = forward(graph, {})
    except BpcalcError as error:
        raise _error(f"the expression is undefined: {error.message}", text, Span(start, start + len(piece)), name) from None
    value = values[graph.output]
    if not isinstance(value, float | int) or not math.isfinite(value):
        raise _error("the expression is not a finite number", text, Span(start, start + len(piece)), name)
    return float(value)


def _error(message: str, text: str, span: Span | None, name: str) -> ValueInputError:
    return ValueInputError(f"cannot read the answer for {name}: {message}", source=text, span=span, hint=_HINT)
