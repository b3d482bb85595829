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

# Limits of a value file, each refused with its own message before any large allocation: the
# file's size (its stat, then at most this many bytes read, for a file that grows or lies), the
# data an .npy header declares, JSON nesting (json's C scanner recurses), and a number's digits.
MAX_VALUE_FILE_BYTES = 64 * 2**20
MAX_JSON_DEPTH = 64
MAX_NUMBER_CHARS = 1000  # the largest float, written out in full, has 309 digits


def load_file(path_text: str, name: str) -> Any:
    """A value from a .json, .npy or .csv file: a finite float array (or a number)."""
    from pathlib import Path

    import numpy as np

    path = Path(path_text)
    where = f"--{name}=@{path_text}"
    if not path_text or not path.exists():
        raise ValueInputError(f"{where}: no such file", hint=_FILE_HINT)
    if not path.is_file():
        raise ValueInputError(f"{where}: not a regular file", hint=_FILE_HINT)
    suffix = path.suffix.lower()
    if suffix not in (".npy", ".json", ".csv", ".txt"):
        raise ValueInputError(f"{where}: unknown file type '{suffix or path.name}'", hint=_FILE_HINT)
    try:
        if suffix == ".npy":
            raw = _npy_array(path, where)
        else:
            text = _read_capped(path, where)
            if suffix == ".json":
                raw = _json_value(text, where, name)
            else:
                import io
                import warnings

                with warnings.catch_warnings():  # an empty file: refused below as empty, not warned about
                    warnings.simplefilter("ignore")
                    raw = np.loadtxt(io.StringIO(text), delimiter="," if suffix == ".csv" else None, ndmin=1)
        array = np.array(raw, dtype=float)
    except ValueInputError:
        raise
    except (ValueError, TypeError, OverflowError) as error:
        problem = "its rows differ in length" if "inhomogeneous" in str(error) else str(error)
        raise ValueInputError(f"{where}: not a numeric array ({problem})", hint=_FILE_HINT) from None
    if array.size == 0:
        raise ValueInputError(f"{where}: the array is empty", hint=_FILE_HINT)
    if not np.all(np.isfinite(array)):
        raise ValueInputError(f"{where}: NaN and infinity are not accepted as values",
                              hint="give finite numbers; gradients at NaN or infinity mean nothing")
    return float(array) if array.ndim == 0 else array


def _open(path: Any, where: str) -> Any:
    try:
        return open(path, "rb")  # the caller closes it
    except OSError as error:
        raise ValueInputError(f"{where}: cannot read the file ({(error.strerror or str(error)).lower()})",
                              hint="check the file's permissions") from None


def _too_large(where: str, size: int) -> ValueInputError:
    return ValueInputError(f"{where}: the file holds {_bytes(size)}, more than the {_bytes(MAX_VALUE_FILE_BYTES)} "
                           "a value file may hold", hint="give a smaller array (bpcalc is for checking gradients "
                           "by hand, not for training)")


def _bytes(size: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def _read_capped(path: Any, where: str) -> str:
    """The file's UTF-8 text, reading at most the limit plus one byte (a file that says it is
    small and is not: /proc, a file still growing)."""
    with _open(path, where) as file:
        size = _file_size(file)
        if size > MAX_VALUE_FILE_BYTES:
            raise _too_large(where, size)
        try:
            data = file.read(MAX_VALUE_FILE_BYTES + 1)
        except OSError as error:
            raise ValueInputError(f"{where}: cannot read the file ({error.strerror})") from None
    if len(data) > MAX_VALUE_FILE_BYTES:
        raise _too_large(where, len(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueInputError(f"{where}: the file is not UTF-8 text", hint=_FILE_HINT) from None


def _file_size(file: Any) -> int:
    import os

    return os.fstat(file.fileno()).st_size


# dtype kinds of numbers: bool, signed and unsigned integers, floats. Complex (c), strings
# (U, S), datetimes (M, m), objects (O) and records (V) are refused, not cast.
_NUMERIC_KINDS = frozenset("iuf")
_KIND_NAMES = {"b": "booleans", "c": "complex numbers", "U": "strings", "S": "bytes", "M": "dates and times",
               "m": "time differences", "O": "Python objects", "V": "records"}


def _npy_array(path: Any, where: str) -> Any:
    """An .npy file, its header read and checked first: the dtype a number, the data it declares
    within the limit and present in the file. No pickle is ever loaded."""
    import numpy as np

    with _open(path, where) as file:
        size = _file_size(file)
        try:
            version = np.lib.format.read_magic(file)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(file)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(file)
            else:
                raise ValueInputError(f"{where}: .npy format version {version[0]}.{version[1]} is not supported",
                                      hint="save it with np.save, which writes version 1.0")
        except ValueError as error:
            raise ValueInputError(f"{where}: not a valid .npy file ({error})", hint=_FILE_HINT) from None
        if dtype.hasobject:
            raise ValueInputError(f"{where}: the file holds Python objects, which bpcalc never loads",
                                  hint="save a numeric array: np.save(path, np.asarray(W, dtype=float))")
        if dtype.kind not in _NUMERIC_KINDS:
            raise ValueInputError(f"{where}: the array holds {_KIND_NAMES.get(dtype.kind, 'non-numbers')} "
                                  f"(dtype {dtype}), not real numbers",
                                  hint="save a real-valued array: np.save(path, W.astype(float))")
        count = math.prod(int(n) for n in shape)
        declared = count * dtype.itemsize
        if declared > MAX_VALUE_FILE_BYTES:
            raise ValueInputError(f"{where}: its header declares shape {tuple(shape)}, {_bytes(declared)} of data, "
                                  f"more than the {_bytes(MAX_VALUE_FILE_BYTES)} a value file may hold",
                                  hint="give a smaller array")
        if declared > size - file.tell():
            raise ValueInputError(f"{where}: the file is shorter than its header says (shape {tuple(shape)}): "
                                  "it was cut off", hint="save the array again with np.save")
        data = file.read(declared)
    if len(data) < declared:
        raise ValueInputError(f"{where}: the file is shorter than its header says: it was cut off")
    return np.frombuffer(data, dtype=dtype, count=count).reshape(shape, order="F" if fortran else "C")


_JSON_STRING = r'"(?:[^"\\]|\\.)*"'


def _json_value(text: str, where: str, name: str) -> Any:
    """A number or nested list (or an object keyed by variable name), with the nesting depth and
    each number's length checked: json's scanner recurses, and it makes ints of any length."""
    import json

    _refuse_deep_json(text, where)

    def refuse(constant: str) -> Any:
        raise ValueInputError(f"{where}: {constant} is not accepted as a value", hint="give finite numbers")

    def number(literal: str) -> float:
        if len(literal) > MAX_NUMBER_CHARS:
            raise ValueInputError(f"{where}: a number {len(literal)} characters long ({literal[:12]}...) is more "
                                  f"than a float holds", hint="give numbers below 1e308")
        value = float(literal)
        if not math.isfinite(value):
            shown = literal if len(literal) <= 24 else f"{literal[:12]}...({len(literal)} digits)"
            raise ValueInputError(f"{where}: the number {shown} is too large for a float",
                                  hint="give numbers below 1e308")
        return value

    try:
        data = json.loads(text, parse_constant=refuse, parse_int=number, parse_float=number)
    except json.JSONDecodeError as error:
        raise ValueInputError(f"{where}: not valid JSON ({error.msg}, line {error.lineno})",
                              hint=_FILE_HINT) from None
    if isinstance(data, dict):
        if name not in data:
            raise ValueInputError(f"{where}: the JSON object has no key '{name}'",
                                  hint=f"its keys are: {', '.join(map(str, data)) or 'none'}")
        data = data[name]
    if isinstance(data, bool) or not isinstance(data, int | float | list):
        raise ValueInputError(f"{where}: expected a number or a nested list of numbers", hint=_FILE_HINT)
    return data


def _refuse_deep_json(text: str, where: str) -> None:
    """Nesting deeper than MAX_JSON_DEPTH is refused before json parses it: one pass over the
    brackets outside strings, in numpy (a value file may hold millions of them)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    import re

    import numpy as np

    skeleton = re.sub(_JSON_STRING, '""', text).encode("utf-8", errors="replace")
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    steps = (codes == ord("[")).astype(np.int32) + (codes == ord("{")) - (codes == ord("]")) - (codes == ord("}"))
    depth = int(np.cumsum(steps).max(initial=0))
    if depth > MAX_JSON_DEPTH:
        raise ValueInputError(f"{where}: the JSON nests {depth} levels deep, more than the {MAX_JSON_DEPTH} "
                              "a value may have", hint="a matrix nests 2 levels: [[1, 2], [3, 4]]")
