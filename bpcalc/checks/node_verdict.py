"""One node's verdict from a reference's numbers: SymPy's exact value, or finite differences.

Shared by the scalar and the array checks, so that "mismatch", "undefined" and "ok" mean the
same whichever reference decided.
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.checks import numeric
from bpcalc.checks.report import NUMERIC_ATOL, NUMERIC_RTOL, NodeCheck
from bpcalc.checks.verdicts import MISMATCH, OK, UNCHECKED, UNDEFINED
from bpcalc.engine import Trace


def entry_verdict(ours: Any, difference: numeric.Difference, rounding: float, method: str,
                   formula: str | None = None) -> NodeCheck:
    """A node's verdict against differences (nan entries: no nudge is defined on either side,
    so that entry has no real gradient): mismatch where an entry disagrees beyond what the
    difference can resolve, else undefined where an entry has no real value, else ok. No
    gradient from backprop is undefined here: these are the points where SymPy's formula is
    not finite either, and a difference cannot tell an infinite slope (sqrt at 0) from a steep one."""
    from bpcalc.base.shapes import is_array

    expected, steps, gaps = difference.estimate, difference.steps, difference.gaps
    arrays = is_array(expected) or is_array(ours)
    if ours is None:
        return NodeCheck(UNDEFINED, method, None, formula)
    if "unsettled" in difference.kinds and not _any_bad(ours, difference, rounding):
        return NodeCheck(UNCHECKED, method + " (no step settled for some entries: a pole or a kink within the step)")
    if not arrays:
        if math.isnan(expected):
            return NodeCheck(UNDEFINED, method, None, formula)
        tolerance = float(numeric.difference_tolerance(ours, expected, steps, rounding, NUMERIC_RTOL, NUMERIC_ATOL,
                                                       gaps))
        verdict = OK if abs(ours - expected) <= tolerance else MISMATCH
        return NodeCheck(verdict, method, expected, formula, numeric.relative_error(ours, expected))
    from bpcalc.ops import np

    ours_arr, expected_arr = np.asarray(ours, dtype=float), np.asarray(expected, dtype=float)
    if ours_arr.shape != expected_arr.shape:
        return NodeCheck(MISMATCH, method, expected, formula, math.inf)
    real = np.isfinite(expected_arr)
    tolerance = numeric.difference_tolerance(ours_arr, expected_arr, steps, rounding, NUMERIC_RTOL, NUMERIC_ATOL, gaps)
    bad = real & ~(np.abs(ours_arr - expected_arr) <= tolerance)
    error = numeric.relative_error(np.where(real, ours_arr, 0.0), np.where(real, expected_arr, 0.0))
    if bool(np.any(bad)):
        return NodeCheck(MISMATCH, method, expected, formula, error)
    if not bool(np.all(real)):
        return NodeCheck(UNDEFINED, method, expected, formula, error)
    return NodeCheck(OK, method, expected, formula, error)


def _any_bad(ours: Any, difference: numeric.Difference, rounding: float) -> bool:
    """Whether an entry that did settle disagrees (then the node is a mismatch regardless)."""
    from bpcalc.ops import np

    ours_arr, expected = np.asarray(ours, dtype=float), np.asarray(difference.estimate, dtype=float)
    if ours_arr.shape != expected.shape:
        return True
    real = np.isfinite(expected)
    tolerance = numeric.difference_tolerance(ours_arr, expected, difference.steps, rounding, NUMERIC_RTOL, NUMERIC_ATOL,
                                             difference.gaps)
    return bool(np.any(real & ~(np.abs(ours_arr - expected) <= tolerance)))


def no_gradient(trace: Trace, values: dict[str, Any], k: int, expected: Any, method: str,
                 formula: str | None = None) -> NodeCheck:
    """Backprop gives no gradient where SymPy's formula is finite. SymPy works over the complex
    numbers, so that alone proves nothing (|(-2)^c| is real and smooth in c, and x^-c / x^-c
    simplifies to 1, while x^c is not real near c for x < 0): it is a mismatch only when real
    differences, in float64, can be taken on both sides too; else undefined."""
    from bpcalc.ops import np

    difference = numeric.node_difference(trace.graph, values, k, trace.values[k])
    real = difference.kinds <= {"centred", "shrunk"} and bool(np.all(np.isfinite(difference.estimate)))
    if real:
        return NodeCheck(MISMATCH, method, expected, formula, math.inf)
    return NodeCheck(UNDEFINED, method, None, formula)


def formula_text(formula: Any) -> str:
    """A formula as text; exact constants with thousands of digits are shown to 30 digits."""
    try:
        return str(formula)
    except ValueError:  # Python refuses to print integers of more than 4300 digits
        return str(formula.evalf(30))
