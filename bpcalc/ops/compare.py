"""Comparisons (x > 0, a <= b, ...) and where(cond, a, b): the masks of a relu backward.

A comparison gives a 0/1 mask (1.0 where it holds). It is a step: flat on each side, so both
inputs receive 0 and `(x > 0) * dout` sends the upstream gradient only through `dout`, as the
relu backward of an assignment does. Where the inputs are equal the step jumps, so that point
is a kink and the pieces are the mask itself. `where(cond, a, b)` picks a where cond is not 0,
else b: a router for a and b, and the condition (a mask) receives 0.

Comparisons bind looser than arithmetic (x + 1 > y * 2 is (x + 1) > (y * 2)), as in Python,
and a chain (a < b < c, which Python reads as a < b and b < c) is refused by the parser rather
than read another way (`chains=False`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from bpcalc.ops.op import Code, Op, Rule, np

COMPARISON_PRECEDENCE = 5  # below + and - (10), as in Python


def _mask_array(test: Callable[[Any, Any], Any]) -> Rule:
    return lambda a, b: np.asarray(test(np.asarray(a, dtype=float), np.asarray(b, dtype=float)), dtype=float)


def _zero_partials(out: Any, a: Any, b: Any) -> tuple[float, float]:
    return 0.0, 0.0


def _equal_somewhere(out: Any, a: Any, b: Any) -> bool:
    """The step's jump: an entry where the two sides are equal."""
    if isinstance(a, float | int) and isinstance(b, float | int):
        return a == b
    return bool(np.any(np.asarray(a) == np.asarray(b)))


def _mask_piece(out: Any, *inputs: Any) -> Any:
    """The mask itself: a nudge that flips an entry lands on another piece."""
    if isinstance(out, float | int):
        return float(out)
    return tuple(np.ravel(out).tolist())


def _comparison(name: str, token: str, test: Callable[[Any, Any], Any], sympy_test: Callable[..., Any],
                latex: str, words: str, steps: bool = True) -> Op:
    """One comparison row. `steps`: a < b jumps where a = b (a kink); a == b and a != b differ
    from their neighbours at that one point only, so a centred difference there sees no jump."""
    return Op(
        name=name, arity=2, syntax=f"a {token} b", symbol=token, infix=(token,), function=name,
        forward=lambda a, b: 1.0 if test(a, b) else 0.0, forward_array=_mask_array(test),
        local=_zero_partials,
        sympy=lambda sp, a, b: sp.Piecewise((sp.Integer(1), sympy_test(sp, a, b)), (sp.Integer(0), True)),
        kink=_equal_somewhere if steps else None, piece=_mask_piece if steps else None,
        kink_rule="where the two sides are equal the mask jumps; we take 0 as its derivative there, as elsewhere"
        if steps else None,
        gate=token, rule="d out/d a = d out/d b = 0 (a step: flat on each side)",
        pattern=f"{token} gate: a comparison, a 0/1 mask that is 1 where a {words} b; it is flat on each side, so "
                "both inputs receive 0",
        precedence=COMPARISON_PRECEDENCE, chains=False,
        latex=latex, formulas=("0", "0"),
        param_gates=(((1,), f"{token} {{c}}", f"{token} {{c}} gate: a 0/1 mask (1 where x {token} {{c}}); the input "
                      "receives 0"),
                     ((0,), f"{{c}} {token}", f"{{c}} {token} x gate: a 0/1 mask; the input receives 0")),
        code=(Code(f"float({{0}} {token} {{1}})", ("0.0 * {g}", "0.0 * {g}"), "scalar"),
              Code(f"np.asarray({{0}} {token} {{1}}, dtype=float)", ("0.0 * {g}", "0.0 * {g}"), "array")),
    )


def _where_forward(cond: float, a: float, b: float) -> float:
    return a if cond != 0 else b


def _where_array(cond: Any, a: Any, b: Any) -> Any:
    return np.where(np.asarray(cond) != 0, np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def _where_local(out: Any, cond: Any, a: Any, b: Any) -> tuple[Any, Any, Any]:
    if isinstance(cond, float | int):
        picked = 1.0 if cond != 0 else 0.0
        return 0.0, picked, 1.0 - picked
    mask = np.asarray(np.asarray(cond) != 0, dtype=float)
    return 0.0, mask, 1.0 - mask


def _where_check(cond: Any, a: Any, b: Any) -> str | None:
    shapes = [tuple(np.shape(v)) for v in (cond, a, b)]
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        return f"where({shapes[0]}, {shapes[1]}, {shapes[2]}): the condition and both choices must have one shape " \
               "(or broadcast to one)"
    return None


def compare_rows() -> list[Op]:
    rows = [
        _comparison("greater", ">", operator.gt, lambda sp, a, b: sp.StrictGreaterThan(a, b), ">", "is greater than"),
        _comparison("greater_equal", ">=", operator.ge, lambda sp, a, b: sp.GreaterThan(a, b), r"\geq",
                    "is at least"),
        _comparison("less", "<", operator.lt, lambda sp, a, b: sp.StrictLessThan(a, b), "<", "is less than"),
        _comparison("less_equal", "<=", operator.le, lambda sp, a, b: sp.LessThan(a, b), r"\leq", "is at most"),
        _comparison("equal", "==", operator.eq, lambda sp, a, b: sp.Eq(a, b), "=", "equals", steps=False),
        _comparison("not_equal", "!=", operator.ne, lambda sp, a, b: sp.Ne(a, b), r"\neq", "differs from",
                    steps=False),
    ]
    rows.append(Op(
        name="where", arity=3, syntax="where(cond, a, b)", symbol="where", function="where",
        forward=_where_forward, forward_array=_where_array, local=_where_local,
        sympy=lambda sp, c, a, b: sp.Piecewise((a, sp.Ne(c, 0)), (b, True)),
        shape_check=_where_check,
        gate="where", rule="d out/d a = 1 where cond holds, d out/d b = 1 where it does not; the condition receives 0",
        pattern="where gate: a router, a receives the upstream gradient where the condition holds and b where it "
                "does not; the condition (a mask) receives 0",
        latex=r"\operatorname{where}",
        code=(Code("({1} if {0} != 0 else {2})", ("0.0 * {g}", "({g} if {0} != 0 else 0.0)",
                                                  "(0.0 if {0} != 0 else {g})"), "scalar"),
              Code("np.where({0} != 0, {1}, {2})", ("0.0 * {g}", "np.where({0} != 0, {g}, 0.0)",
                                                    "np.where({0} != 0, 0.0, {g})"), "array")),
    ))
    return rows
