"""How large a SymPy formula would become once expanded, measured without expanding it.

`simplify` expands what it is given, and a formula that is short as written can expand
enormously: the squaring chain `a = x*x + x; b = a*a + x; ...` is 17 nodes and a few dozen
operations, and its last node is a polynomial of degree 256 in x, which simplify did not finish
in 300 s. The degree bound below is read off the tree in one pass (no recursion), so the
caller can leave such a formula as written instead of simplifying it.
"""

from __future__ import annotations

from typing import Any

DEGREE_CAP = 1 << 20  # stop counting here: the answer only needs to say "too large"


def degree_bound(expr: Any) -> int:
    """An upper bound of the total degree of `expr` expanded, as a polynomial in its symbols
    (a function call counts as its argument's degree, a non-integer power as its base's)."""
    degrees: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(expr, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in degrees and not done:
            continue
        args = getattr(node, "args", ())
        if not done and args:
            stack.append((node, True))
            stack.extend((arg, False) for arg in args if id(arg) not in degrees)
            continue
        degrees[key] = min(DEGREE_CAP, _degree(node, [degrees.get(id(arg), 0) for arg in args]))
    return degrees[id(expr)]


def _degree(node: Any, inner: list[int]) -> int:
    if getattr(node, "is_Symbol", False):
        return 1
    if not inner:
        return 0
    if getattr(node, "is_Mul", False):
        return sum(inner)
    if getattr(node, "is_Pow", False):
        exponent = node.args[1]
        if getattr(exponent, "is_Integer", False):
            return inner[0] * abs(int(exponent)) if abs(exponent) < DEGREE_CAP else DEGREE_CAP
        return inner[0] + inner[1]
    return max(inner)
