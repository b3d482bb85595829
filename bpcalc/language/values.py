"""Input values from text: numbers, fractions, constants, and nested-list arrays.

A small parser of its own (never `eval`, never `json.loads`, which would accept NaN): each
mistake points at the column where the value went wrong. Arrays become numpy arrays, and
numpy is imported only when an array actually arrives.

A value can also come from a file: `--W=@weights.json` (a number or nested list; or an object
whose key is the variable's name), `--W=@weights.npy` (numpy's format, never pickles) or
`--W=@weights.csv` (comma-separated rows).
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.errors import Span, ValueInputError
from bpcalc.language import lexer
from bpcalc.language.lexer import Token
from bpcalc.ops import CONSTANTS

_HINT = "give a number (-2, 0.5, 1e-3, 1/3, pi) or an array such as [0.2, 0.4] or [[1, 2], [3, 4]]"


def parse_value(text: str, name: str = "value") -> Any:
    """A value given on the command line, e.g. '-2', '1/3' or '[[0.1, 0.5], [-0.3, 0.8]]'."""
    stripped = text.strip()
    if stripped.startswith("@"):
        return load_file(stripped[1:], name)
    lowered = stripped.lower().lstrip("+-")
    if lowered in ("nan", "inf", "infinity"):
        raise ValueInputError(
            f"--{name}={text}: NaN and infinity are not accepted as values",
            hint="give a finite number; gradients at NaN or infinity mean nothing",
        )
    try:
        tokens = lexer.tokenize(text)
    except ValueInputError:
        raise
    except Exception as error:  # a lexer ParseError: re-badge it as a value error
        raise ValueInputError(f"malformed value for {name}: {getattr(error, 'message', error)}",
                              source=text, span=getattr(error, "span", None), hint=_HINT) from None
    tokens = [t for t in tokens if t.kind != lexer.END]
    return parse_value_tokens(tokens[:-1], text, Span(0, len(text)), name=name)


def parse_value_tokens(tokens: list[Token], source: str, where: Span, name: str = "value") -> Any:
    """Parse a value from tokens, without recursion (arrays nest with an explicit stack)."""
    if not tokens:
        raise ValueInputError(f"no value given for {name}", source=source, span=where, hint=_HINT)
    if tokens[0].text != "[":
        value, end = _scalar(tokens, 0, source, name)
        if end != len(tokens):
            raise ValueInputError(f"unexpected {tokens[end].text!r} in the value of {name}", source=source,
                                  span=tokens[end].span, hint=_HINT)
        return value
    stack: list[list[Any]] = []
    result: list[Any] | None = None
    pos = 0
    expect_item = True
    while pos < len(tokens):
        token = tokens[pos]
        if token.text == "[" and expect_item:
            new: list[Any] = []
            if stack:
                stack[-1].append(new)
            stack.append(new)
            pos += 1
            continue
        if token.text == "]" and stack and (not expect_item or not stack[-1]):
            closed = stack.pop()
            if not closed:
                raise ValueInputError(f"an empty array in the value of {name}", source=source, span=token.span,
                                      hint=_HINT)
            if not stack:
                result = closed
                pos += 1
                break
            expect_item = False
            pos += 1
            continue
        if token.text == "," and not expect_item and stack:
            expect_item = True
            pos += 1
            continue
        if expect_item and stack:
            value, pos = _scalar(tokens, pos, source, name)
            stack[-1].append(value)
            expect_item = False
            continue
        raise ValueInputError(f"unexpected {token.text!r} in the array given for {name}", source=source,
                              span=token.span, hint=_HINT)
    if result is None:
        raise ValueInputError(f"the array given for {name} is missing a ']'", source=source,
                              span=tokens[-1].span, hint=_HINT)
    if pos != len(tokens):
        raise ValueInputError(f"unexpected {tokens[pos].text!r} after the array given for {name}",
                              source=source, span=tokens[pos].span, hint=_HINT)
    return _to_array(result, source, where, name)


def _scalar(tokens: list[Token], pos: int, source: str, name: str) -> tuple[float, int]:
    sign = 1.0
    while pos < len(tokens) and tokens[pos].text in ("-", "+"):
        if tokens[pos].text == "-":
            sign = -sign
        pos += 1
    numerator, pos = _atom(tokens, pos, source, name)
    value = sign * numerator
    if pos < len(tokens) and tokens[pos].text == "/":
        denominator, pos = _atom(tokens, pos + 1, source, name)
        if denominator == 0:
            raise ValueInputError(f"the value of {name} divides by zero", source=source,
                                  span=tokens[pos - 1].span, hint=_HINT)
        value = value / denominator
    if not math.isfinite(value):
        raise ValueInputError(f"the value of {name} is too large for a float", source=source,
                              span=tokens[min(pos, len(tokens)) - 1].span, hint="give a number below 1e308")
    return value, pos


def _atom(tokens: list[Token], pos: int, source: str, name: str) -> tuple[float, int]:
    if pos >= len(tokens):
        end = tokens[-1].span.end if tokens else 0
        raise ValueInputError(f"the value of {name} ends early", source=source, span=Span(end, end), hint=_HINT)
    token = tokens[pos]
    if token.kind == lexer.NUMBER:
        return float(token.text), pos + 1
    if token.kind == lexer.NAME and token.text in CONSTANTS:
        return CONSTANTS[token.text], pos + 1
    if token.kind == lexer.NAME and token.text.lower() in ("nan", "inf", "infinity"):
        raise ValueInputError(f"NaN and infinity are not accepted (in the value of {name})", source=source,
                              span=token.span, hint="give a finite number")
    raise ValueInputError(f"malformed number {token.text!r} in the value of {name}", source=source,
                          span=token.span, hint=_HINT)


def _to_array(nested: list[Any], source: str, where: Span, name: str) -> Any:
    import numpy as np

    try:
        array = np.array(nested, dtype=float)
    except ValueError:
        array = None
    if array is None or array.dtype == object:
        raise ValueInputError(f"the array given for {name} is ragged: its rows differ in length",
                              source=source, span=where, hint="every row of a matrix needs the same length")
    return array


_FILE_HINT = "give @FILE with FILE a .json (nested list), .npy or .csv file, e.g. --W=@weights.json"


def load_file(path_text: str, name: str) -> Any:
    """A value from a .json, .npy or .csv file: a finite float array (or a number)."""
    from pathlib import Path

    import numpy as np

    path = Path(path_text)
    if not path_text or not path.is_file():
        raise ValueInputError(f"--{name}=@{path_text}: no such file", hint=_FILE_HINT)
    suffix = path.suffix.lower()
    try:
        if suffix == ".npy":
            raw = _npy_array(path, path_text, name)
        elif suffix == ".json":
            raw = _json_value(path, name)
        elif suffix in (".csv", ".txt"):
            raw = np.loadtxt(path, delimiter="," if suffix == ".csv" else None, ndmin=1)
        else:
            raise ValueInputError(f"--{name}=@{path_text}: unknown file type '{suffix or path.name}'", hint=_FILE_HINT)
        array = np.array(raw, dtype=float)
    except ValueInputError:
        raise
    except (ValueError, TypeError, OSError) as error:
        problem = "its rows differ in length" if "inhomogeneous" in str(error) else str(error)
        if "pickle" in problem:  # numpy's advice to allow pickles is no advice to pass on
            problem = "it holds Python objects, which bpcalc never loads"
        raise ValueInputError(f"--{name}=@{path_text}: not a numeric array ({problem})", hint=_FILE_HINT) from None
    if array.size == 0:
        raise ValueInputError(f"--{name}=@{path_text}: the array is empty", hint=_FILE_HINT)
    if not np.all(np.isfinite(array)):
        raise ValueInputError(f"--{name}=@{path_text}: NaN and infinity are not accepted as values",
                              hint="give finite numbers; gradients at NaN or infinity mean nothing")
    return float(array) if array.ndim == 0 else array


# dtype kinds of numbers: bool, signed and unsigned integers, floats. Complex (c), strings
# (U, S), datetimes (M, m), objects (O) and records (V) are refused, not cast.
_NUMERIC_KINDS = frozenset("iuf")
_KIND_NAMES = {"b": "booleans", "c": "complex numbers", "U": "strings", "S": "bytes", "M": "dates and times",
               "m": "time differences", "O": "Python objects", "V": "records"}


def _npy_array(path: Any, path_text: str, name: str) -> Any:
    import numpy as np

    try:
        raw = np.load(path, allow_pickle=False)
    except ValueError as error:
        if "pickle" in str(error):
            raise ValueInputError(f"--{name}=@{path_text}: the file holds Python objects, which bpcalc never loads",
                                  hint="save a numeric array: np.save(path, np.asarray(W, dtype=float))") from None
        raise
    kind = getattr(getattr(raw, "dtype", None), "kind", "f")
    if kind not in _NUMERIC_KINDS:
        raise ValueInputError(f"--{name}=@{path_text}: the array holds {_KIND_NAMES.get(kind, 'non-numbers')} "
                              f"(dtype {raw.dtype}), not real numbers",
                              hint="save a real-valued array: np.save(path, W.astype(float))")
    return raw


def _json_value(path: Any, name: str) -> Any:
    import json

    def refuse(constant: str) -> Any:
        raise ValueInputError(f"--{name}=@{path}: {constant} is not accepted as a value", hint="give finite numbers")

    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    except json.JSONDecodeError as error:
        raise ValueInputError(f"--{name}=@{path}: not valid JSON ({error.msg}, line {error.lineno})",
                              hint=_FILE_HINT) from None
    if isinstance(data, dict):
        if name not in data:
            raise ValueInputError(f"--{name}=@{path}: the JSON object has no key '{name}'",
                                  hint=f"its keys are: {', '.join(map(str, data)) or 'none'}")
        data = data[name]
    if isinstance(data, bool) or not isinstance(data, int | float | list):
        raise ValueInputError(f"--{name}=@{path}: expected a number or a nested list of numbers", hint=_FILE_HINT)
    return data
