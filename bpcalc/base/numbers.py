"""Numbers as people read them: exact integers as integers, others to a chosen precision.

Arrays are shown whole while small (up to FULL_ENTRIES entries); larger ones as their shape
and the first and last entries of each axis, unless the caller asks for everything.
"""

from __future__ import annotations

import math
from typing import Any

DEFAULT_PRECISION = 6
FULL_ENTRIES = 24  # arrays with more entries are summarized (first/last EDGE_ITEMS per axis)
EDGE_ITEMS = 3


def format_number(value: Any, precision: int = DEFAULT_PRECISION, full: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, slice):
        return slice_text(value)
    if hasattr(value, "shape") and getattr(value, "ndim", 0) > 0:
        return format_array(value, precision, full=full)
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{precision}g}"
    return "0" if text == "-0" else text


def slice_text(part: slice) -> str:
    """A slice as written: 0:2, :, ::2."""
    bounds = ["" if b is None else str(b) for b in (part.start, part.stop)]
    text = ":".join(bounds)
    return text + (f":{part.step}" if part.step is not None else "")


def format_array(array: Any, precision: int = DEFAULT_PRECISION, limit: int | None = None, full: bool = False,
                 multiline: bool = False) -> str:
    """Small arrays in full; large ones with their shape and the edge entries of each axis.

    Built with an explicit stack (no recursion over the axes). `multiline` puts each row of a
    matrix on its own line, for table cells.
    """
    edge = EDGE_ITEMS if limit is None else max(1, limit // 2)
    summarize = not full and (array.size > FULL_ENTRIES or (limit is not None and max(array.shape) > limit))
    text = _nested(array, precision, edge if summarize else None, multiline)
    if summarize:
        return f"shape {tuple(array.shape)}" + ("\n" if multiline else " ") + text
    return text


def _nested(array: Any, precision: int, edge: int | None, multiline: bool) -> str:
    # Each stack entry: (index prefix, depth); output assembled by a small token list.
    pieces: list[str] = []
    stack: list[tuple[tuple[int, ...] | str, int]] = [((), 0)]
    ndim = array.ndim
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
            continue
        size = array.shape[depth]
        positions: list[int | None] = list(range(size))
        if edge is not None and size > 2 * edge:
            positions = [*range(edge), None, *range(size - edge, size)]
        parts: list[tuple[tuple[int, ...] | str, int]] = [("[", depth)]
        separator = ",\n" + " " * (depth + 1) if multiline and depth == ndim - 2 else ", "
        for n, position in enumerate(positions):
            if n:
                parts.append((separator, depth))
            if position is None:
                parts.append(("…", depth))
            elif depth == ndim - 1:
                entry = (*item, position)  # a name, not array[(*item, position)]: mypy reads that as 3.11 syntax
                parts.append((format_number(array[entry], precision), depth))
            else:
                parts.append(((*item, position), depth + 1))
        parts.append(("]", depth))
        stack.extend(reversed(parts))
    return "".join(pieces)


def json_number(value: Any) -> Any:
    """A JSON-safe number: integral floats as ints, non-finite as the strings NaN/Infinity."""
    if type(value) is float and value - value == 0.0:  # the common case first: a finite float
        return int(value) if value.is_integer() and -(2**53) < value < 2**53 else value
    if value is None:
        return None
    if isinstance(value, slice):
        return slice_text(value)
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:
        return _json_nested(value.tolist())
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _json_nested(items: Any) -> Any:
    stack = [items]
    while stack:
        current = stack.pop()
        for j, item in enumerate(current):
            if isinstance(item, list):
                stack.append(item)
            else:
                current[j] = json_number(item)
    return items
