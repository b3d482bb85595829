"""The precision a student's own numbers carry, and how it travels through one step of the work.

A student who writes h = 1.37 claims h to within 0.005. A later step computed from h (f = 1/h)
is then known only to within the change that 0.005 makes in it: that is the `spread` of the
step, found by moving each input to both ends of its interval (entry by entry for small arrays)
and adding up the largest changes. An answer that matches the step's value within its own
half-unit plus that spread is what a careful grader accepts from those numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bpcalc.homework.notation import Written

# Arrays up to this many entries are moved entry by entry; larger ones all at once.
_ENTRYWISE = 64

# Sums of up to this many gradient terms are refolded whole when one term changes, exactly as
# written; past it the change alone is added to the sum (the same number up to rounding), so a
# gradient with n uses costs n steps instead of n^2 (check -f on 45,000 statements).
EXACT_TERMS = 16


def total(terms: list[Any]) -> Any:
    """The sum of gradient terms (floats or arrays), starting from 0."""
    result: Any = 0.0
    for t in terms:
        result = result + t
    return result


def replaced_total(terms: list[Any], whole: Any, j: int, value: Any) -> Any:
    """total(terms) with term j replaced by value; `whole` is total(terms) (see EXACT_TERMS)."""
    if len(terms) <= EXACT_TERMS:
        return total([value if n == j else t for n, t in enumerate(terms)])
    return whole + (value - terms[j])


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return a == b
    import numpy as np

    return bool(np.shape(a) == np.shape(b) and np.all(np.asarray(a) == np.asarray(b)))


def is_trivial(value: Any) -> bool:
    """0 or ±1 (every entry): a carried value that makes the next step a copy or a zero."""
    if isinstance(value, float | int):
        return value in (0.0, 1.0, -1.0)
    import numpy as np

    entries = np.abs(np.asarray(value, dtype=float))
    return bool(entries.size) and bool(np.all((entries == 0) | (entries == 1)))


def spread(moved: Callable[[Any, Any], Any], numbers: dict[Any, Any], widths: dict[Any, Any], base: Any) -> Any:
    """How far a step can move when each input moves within its width (the sum of the largest moves).

    moved(key, number): the step's value with that one input replaced (None where undefined).
    """
    result: Any = 0.0
    for key, width in widths.items():
        for plus, minus in _ends(numbers[key], width):
            moves = [_distance(moved(key, end), base) for end in (plus, minus)]
            known = [m for m in moves if m is not None]
            if known:
                result = result + (known[0] if len(known) == 1 else _larger(known[0], known[1]))
    return result


def _ends(value: Any, width: Any) -> list[tuple[Any, Any]]:
    if isinstance(value, float | int) and isinstance(width, float | int):
        return [(value + width, value - width)] if width else []
    import numpy as np

    entries = np.asarray(value, dtype=float)
    widths = np.broadcast_to(np.asarray(width, dtype=float), entries.shape)
    if not np.any(widths):
        return []
    if entries.size > _ENTRYWISE:
        return [(entries + widths, entries - widths)]
    ends = []
    for index in np.ndindex(entries.shape):
        if widths[index]:
            plus, minus = entries.copy(), entries.copy()
            plus[index] += widths[index]
            minus[index] -= widths[index]
            ends.append((plus, minus))
    return ends


def _distance(moved: Any, base: Any) -> Any:
    if moved is None:
        return None
    try:
        return abs(moved - base)
    except (TypeError, ValueError):
        return None


def _larger(a: Any, b: Any) -> Any:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return max(a, b)
    import numpy as np

    return np.maximum(a, b)


def column_as_vector(written: Written, truth: Any, label: str) -> tuple[Written, str]:
    """A column (or row) of n entries for a vector of n, as lectures write it: read as the vector, with a note."""
    got = tuple(getattr(written.value, "shape", ()))
    want = tuple(getattr(truth, "shape", ()))
    if len(want) == 1 and got in ((want[0], 1), (1, want[0])) and want[0] > 1:
        import numpy as np

        kind = "column" if got[1] == 1 else "row"
        halfunit = np.broadcast_to(np.asarray(written.halfunit, dtype=float), got).reshape(want)
        vector = replace(written, value=written.value.reshape(want), halfunit=halfunit)
        return vector, f"a {kind} of {want[0]} entries, read as the vector {label} of shape ({want[0]},)"
    return written, ""
