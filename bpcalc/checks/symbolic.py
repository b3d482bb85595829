"""The graph as SymPy expressions, for an independent check of our gradients.

SymPy only ever receives objects built here from the graph, never user text. It is imported
lazily, so commands that skip the check never pay for it.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, CONSTANT_ROWS, REGISTRY, VARIABLE


def sympy_module() -> Any:
    import sympy

    return sympy


def leaf_symbols(graph: Graph) -> dict[str, Any]:
    sp = sympy_module()
    return {name: sp.Symbol(name, real=True) for name in graph.variables}


def constant_expr(graph: Graph, index: int) -> Any:
    """A constant as SymPy sees it: written integers and decimals stay exact, pi stays pi."""
    sp = sympy_module()
    value = graph.constants[index]
    if isinstance(value, slice):
        return value  # a static slice, read by the index row as it is
    if not isinstance(value, float | int):
        return _map_entries(lambda v: _exact(sp, float(v)), value)
    label = graph.labels.get(index, "")
    if label in CONSTANT_ROWS:
        return CONSTANT_ROWS[label].sympy(sp)
    try:
        exact = Fraction(label)
    except (ValueError, ZeroDivisionError):
        return sp.Float(graph.constants[index])
    return sp.Rational(exact.numerator, exact.denominator)


def node_exprs(graph: Graph, symbols: dict[str, Any], replace: int | None = None, base: list[Any] | None = None,
               stop: int | None = None, replacement: Any = None) -> list[Any]:
    """SymPy expression of every node up to `stop`, in forward order (a loop, not recursion).

    With `replace`, that node becomes a free symbol t (or `replacement`, e.g. an array of
    symbols), so d(output)/dt is the gradient of the output with respect to that node through
    every path that uses it. Arrays are numpy object arrays of SymPy expressions; elementwise
    rows are applied entry by entry with numpy broadcasting.
    """
    sp = sympy_module()
    last = graph.output if stop is None else stop
    exprs: list[Any] = [None] * (last + 1)
    start = 0
    if base is not None and replace is not None:
        exprs[:replace] = base[:replace]
        start = replace
    for i in range(start, last + 1):
        if i == replace:
            exprs[i] = replacement if replacement is not None else sp.Symbol(f"t_{graph.node_id(i)}", real=True)
            continue
        op = graph.ops[i]
        if op == VARIABLE:
            exprs[i] = symbols[graph.names[i]]
        elif op == CONSTANT:
            exprs[i] = constant_expr(graph, i)
        else:
            exprs[i] = apply_row(sp, op, [exprs[a] for a in graph.args[i]])
    return exprs


def substitution(graph: Graph, symbols: dict[str, Any], values: dict[str, Any]) -> dict[Any, Any]:
    sp = sympy_module()
    return {symbols[name]: sp.Float(float(values[name]), 30) for name in graph.variables}


def evaluate(expr: Any, subs: dict[Any, Any]) -> float:
    """A SymPy expression's value at the inputs, as a float (complex or undefined -> nan)."""
    sp = sympy_module()
    value = expr.xreplace(subs).evalf(30)
    if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan) or not value.is_number:
        return float("nan")
    real, imag = value.as_real_imag()
    if abs(complex(imag)) > 1e-20:
        return float("nan")
    return float(real)


def evaluate_exactly(expr: Any, graph: Graph, symbols: dict[str, Any], values: dict[str, Any], digits: int = 30) -> float:
    """As `evaluate`, with each input put in as the exact rational its float is: substituting
    30-digit Floats evaluates cos(x) and friends at once to 30 digits, and a formula that
    cancels (sin(x)/x^2 - 2(1 - cos x)/x^3 at x = 1e-8) then keeps few of them; evalf of the
    exact expression raises its working precision until `digits` digits are right."""
    sp = sympy_module()
    exact = {symbols[name]: sp.Rational(float(values[name])) for name in graph.variables}
    return evaluate_at(expr.xreplace(exact), digits)


def evaluate_at(expr: Any, digits: int) -> float:
    sp = sympy_module()
    value = expr.evalf(digits)
    if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan) or not value.is_number:
        return float("nan")
    real, imag = value.as_real_imag()
    if abs(complex(imag)) > 1e-20:
        return float("nan")
    return float(real)


def gradient_formulas(graph: Graph) -> list[Any]:
    """For each node k up to the output: d(output)/d(node k) as a formula of the inputs."""
    sp = sympy_module()
    symbols = leaf_symbols(graph)
    base = node_exprs(graph, symbols)
    formulas: list[Any] = []
    for k in range(graph.output + 1):
        replaced = node_exprs(graph, symbols, replace=k, base=base)
        t = replaced[k]
        derivative = sp.diff(replaced[graph.output], t)
        back = base[k]
        if getattr(back, "is_Number", False) and not (back.is_Integer and abs(back) <= 64):
            # Put a constant back as a 30-digit float: exact, (1/3)^9999 would have thousands of digits.
            back = sp.Float(back, 30)
        formulas.append(derivative.xreplace({t: back}))
    return formulas


def local_derivatives(op_name: str, arity: int) -> tuple[list[Any], list[Any]]:
    """Symbols and d op / d argument for one registry row, for the linear local check."""
    sp = sympy_module()
    args = [sp.Symbol(f"a{j}", real=True) for j in range(arity)]
    expr = REGISTRY[op_name].sympy(sp, *args)
    return args, [sp.diff(expr, a) for a in args]


def partial_at(op_name: str, point: tuple[float, ...], position: int) -> float:
    """d op / d argument `position` at `point`, the other arguments put in before differentiating.

    For points where the general formula is undefined although the partial derivative exists:
    d(a^b)/da is a^b * b / a, undefined at a = 0, but with b = 2 put in first it is 2a, 0 there.
    """
    sp = sympy_module()
    t = sp.Symbol("t", real=True)
    args = [t if k == position else sp.Float(float(x), 30) for k, x in enumerate(point)]
    derivative = sp.diff(REGISTRY[op_name].sympy(sp, *args), t)
    return evaluate(derivative, {t: sp.Float(float(point[position]), 30)})


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
        return _compile(sympy_module(), expr, {symbol: k for k, symbol in enumerate(args)})
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


def apply_row(sp: Any, op_name: str, args: list[Any]) -> Any:
    """A row's SymPy counterpart; elementwise rows map over object arrays with broadcasting."""
    row = REGISTRY[op_name]
    if row.vjp is None and any(getattr(a, "ndim", 0) > 0 for a in args):
        import numpy as np

        mapped = np.frompyfunc(lambda *entries: row.sympy(sp, *entries), len(args), 1)(*args)
        return mapped
    if op_name == "pow" and all(getattr(a, "is_Number", False) for a in args[:2]) and abs(args[1]) > 64:
        # An exact constant power can have millions of digits: keep it to 30 significant ones.
        args = [sp.Float(args[0], 30), *args[1:]]
    return row.sympy(sp, *args)


def _exact(sp: Any, value: float) -> Any:
    """A float as the exact decimal it prints as (0.1 -> 1/10), as SymPy sees a written number."""
    exact = Fraction(repr(value))
    return sp.Rational(exact.numerator, exact.denominator)


def _map_entries(fn: Any, array: Any) -> Any:
    import numpy as np

    out = np.empty(array.shape, dtype=object)
    for position in np.ndindex(*array.shape):
        out[position] = fn(array[position])
    return out


def element_symbols(sp: Any, name: str, shape: tuple[int, ...]) -> Any:
    """One real symbol per entry: W_0_1 for W[0, 1]; a plain symbol for a scalar."""
    if not shape:
        return sp.Symbol(name, real=True)
    import numpy as np

    out = np.empty(shape, dtype=object)
    for position in np.ndindex(*shape):
        out[position] = sp.Symbol(name + "".join(f"_{p}" for p in position), real=True)
    return out


def array_gradients(graph: Graph, values: dict[str, Any], node_values: list[Any], static: set[int]) -> list[Any]:
    """d(output)/d(node) for every node up to the output, from SymPy with element symbols.

    Each node in turn is replaced by an array of fresh symbols; SymPy differentiates the output
    by each of them, and the result is evaluated at the run's values. Static integer inputs
    (labels, indices) enter as exact integers, and get None.
    """
    import numpy as np

    sp = sympy_module()
    leaves: dict[str, Any] = {}
    point: dict[Any, Any] = {}
    for name, index in graph.variables.items():
        value = values[name]
        if index in static:
            leaves[name] = sp.Integer(int(value)) if np.ndim(value) == 0 else _map_entries(lambda v: sp.Integer(int(v)), value)
            continue
        leaves[name] = element_symbols(sp, name, tuple(np.shape(value)))
        _bind(sp, leaves[name], value, point)
    base = node_exprs(graph, leaves)
    grads: list[Any] = []
    for k in range(graph.output + 1):
        if k in static:
            grads.append(None)
            continue
        shape = tuple(np.shape(node_values[k]))
        t = element_symbols(sp, f"t{k}", shape)
        exprs = node_exprs(graph, leaves, replace=k, base=base, replacement=t)
        output = exprs[graph.output]
        at = dict(point)
        _bind(sp, t, node_values[k], at)
        if not shape:
            grads.append(evaluate(sp.diff(output, t), at))
            continue
        grads.append(np.array([evaluate(sp.diff(output, s), at) for s in t.ravel()], dtype=float).reshape(shape))
    return grads


def _bind(sp: Any, symbols: Any, value: Any, point: dict[Any, Any]) -> None:
    import numpy as np

    if getattr(symbols, "ndim", 0) == 0:
        point[symbols] = sp.Float(float(value), 30)
        return
    for s, v in zip(symbols.ravel(), np.asarray(value, dtype=float).ravel()):
        point[s] = sp.Float(float(v), 30)
