"""Numbers as people read them: exact integers as integers, others to a chosen precision."""

from __future__ import annotations

import math
from typing import Any

DEFAULT_PRECISION = 6


def format_number(value: Any, precision: int = DEFAULT_PRECISION) -> str:
    if value is None:
        return "—"
    if hasattr(value, "shape") and getattr(value, "ndim", 0) > 0:
        return format_array(value, precision)
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{precision}g}"
    return "0" if text == "-0" else text


def format_array(array: Any, precision: int = DEFAULT_PRECISION, limit: int = 6) -> str:
    """Small arrays in full; large ones as their shape and first entries."""
    if array.ndim == 1:
        items = [format_number(v, precision) for v in array[:limit]]
        more = ", …" if array.shape[0] > limit else ""
        return "[" + ", ".join(items) + more + "]"
    rows = [format_array(row, precision, limit) for row in array[:limit]]
    more = ", …" if array.shape[0] > limit else ""
    return "[" + ", ".join(rows) + more + "]"


def json_number(value: Any) -> Any:
    """A JSON-safe number: integral floats as ints, non-finite as the strings NaN/Infinity."""
    if value is None:
        return None
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
