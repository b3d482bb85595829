"""SymPy derivatives of one registry row compiled to plain float functions (closures over the
expression tree), so the per-node local check costs a few float operations per node.

Nothing is parsed or executed as text: the package never calls eval, exec or lambdify.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any


class AtKink(ArithmeticError):
    """A compiled derivative reached a point where its piecewise formula switches (Heaviside or
    sign at 0): the caller evaluates that point exactly instead."""


FloatFunction = Callable[[tuple[float, ...]], float]


def float_function(expr: Any, args: list[Any]) -> FloatFunction | None:
    """A SymPy expression of `args` as a function of a tuple of floats; None when it uses
    something not handled here (the caller then evaluates it exactly with SymPy).

    Built from closures over the expression tree, so nothing is parsed or executed as text (the
    package never calls eval, exec or lambdify). It uses the math module, so an undefined point
    raises ValueError (log of a negative, a negative base to a fractional power),
    ZeroDivisionError or OverflowError, and Heaviside or sign exactly at 0 raises AtKink.
    """
    try:
        import sympy

        return _compile(sympy, expr, {symbol: k for k, symbol in enumerate(args)})
    except _NotCompilable:
        return None


class _NotCompilable(Exception):
    pass


def _heaviside(x: float) -> float:
    if x > 0:
        return 1.0
    if x < 0:
        return 0.0
    raise AtKink("Heaviside at 0")


def _sign(x: float) -> float:
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    raise AtKink("sign at 0")


_MATH_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp, "log": math.log, "sin": math.sin, "cos": math.cos, "tan": math.tan,
    "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh, "asin": math.asin, "acos": math.acos,
    "atan": math.atan, "Abs": abs, "sign": _sign, "Heaviside": _heaviside, "erf": math.erf,
}


def _compile(sp: Any, expr: Any, index: dict[Any, int]) -> FloatFunction:
    """One closure per node of the expression tree (a derivative of one registry row: small)."""
    if expr.is_Symbol:
        if expr not in index:
            raise _NotCompilable(str(expr))
        return operator.itemgetter(index[expr])
    if expr.is_Number or expr.is_NumberSymbol:
        try:
            value = float(expr)
        except (TypeError, ValueError):  # zoo, and anything complex
            raise _NotCompilable(str(expr)) from None
        if not math.isfinite(value):
            raise _NotCompilable(str(expr))
        return lambda xs: value
    if expr.is_Add or expr.is_Mul:
        parts = [_compile(sp, arg, index) for arg in expr.args]
        return _fold(parts, operator.add if expr.is_Add else operator.mul)
    if expr.is_Pow:
        return _compile_pow(sp, expr, index)
    name = type(expr).__name__
    if name in ("Max", "Min"):
        parts = [_compile(sp, arg, index) for arg in expr.args]
        pick = max if name == "Max" else min
        return lambda xs: pick([part(xs) for part in parts])
    if name == "Heaviside":
        # Heaviside(x, h0): the second argument is only its value at 0, where AtKink is raised.
        inner = _compile(sp, expr.args[0], index)
        return lambda xs: _heaviside(inner(xs))
    if name == "Piecewise":
        return _compile_piecewise(sp, expr, index)
    fn = _MATH_FUNCTIONS.get(name)
    if fn is None or len(expr.args) != 1:
        raise _NotCompilable(name)
    inner = _compile(sp, expr.args[0], index)
    return lambda xs: fn(inner(xs))


def _fold(parts: list[FloatFunction], combine: Callable[[float, float], float]) -> FloatFunction:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        return lambda xs: combine(first(xs), second(xs))

    def folded(xs: tuple[float, ...]) -> float:
        result = parts[0](xs)
        for part in parts[1:]:
            result = combine(result, part(xs))
        return result

    return folded


def _compile_pow(sp: Any, expr: Any, index: dict[Any, int]) -> FloatFunction:
    base = _compile(sp, expr.base, index)
    exponent = expr.exp
    if exponent.is_Integer:
        n = int(exponent)
        if n == -1:
            return lambda xs: 1.0 / base(xs)
        if n == 2:
            return lambda xs: base(xs) ** 2
        # A float to an int power stays real for a negative base; 0.0 ** -n raises ZeroDivisionError.
        return lambda xs: base(xs) ** n
    if exponent.is_Number:
        e = float(exponent)
        return lambda xs: math.pow(base(xs), e)  # ValueError for a negative base: not real
    power = _compile(sp, exponent, index)
    return lambda xs: math.pow(base(xs), power(xs))


_RELATIONS: dict[str, Callable[[float, float], bool]] = {
    "StrictGreaterThan": operator.gt, "GreaterThan": operator.ge, "StrictLessThan": operator.lt,
    "LessThan": operator.le, "Equality": operator.eq, "Unequality": operator.ne,
}


def _compile_piecewise(sp: Any, expr: Any, index: dict[Any, int]) -> FloatFunction:
    pieces = [(_compile(sp, value, index), _compile_condition(sp, condition, index)) for value, condition in expr.args]

    def piecewise(xs: tuple[float, ...]) -> float:
        for value, condition in pieces:
            if condition(xs):
                return value(xs)
        raise ValueError("no piece of the Piecewise applies")

    return piecewise


def _compile_condition(sp: Any, condition: Any, index: dict[Any, int]) -> Callable[[tuple[float, ...]], bool]:
    if condition is sp.true:
        return lambda xs: True
    if condition is sp.false:
        return lambda xs: False
    name = type(condition).__name__
    if name in _RELATIONS:
        relation = _RELATIONS[name]
        left, right = _compile(sp, condition.lhs, index), _compile(sp, condition.rhs, index)
        return lambda xs: relation(left(xs), right(xs))
    if name in ("And", "Or"):
        parts = [_compile_condition(sp, arg, index) for arg in condition.args]
        combine = all if name == "And" else any
        return lambda xs: combine(part(xs) for part in parts)
    if name == "Not":
        inner = _compile_condition(sp, condition.args[0], index)
        return lambda xs: not inner(xs)
    raise _NotCompilable(name)
