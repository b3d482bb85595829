"""The graph as SymPy expressions, for an independent check of our gradients.

SymPy only ever receives objects built here from the graph, never user text. It is imported
lazily, so commands that skip the check never pay for it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from bpcalc.base.names import variable_name
from bpcalc.checks.float_functions import float_function as float_function  # re-exported: symbolic.float_function
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
    folded = graph.folded.get(index)
    if folded is not None and isinstance(value, float | int):
        sub = folded.subgraph()
        return node_exprs(sub, {})[sub.output]  # pi/2 stays pi/2
    if isinstance(value, slice) or value is None or value is Ellipsis:
        return value  # a static slice, new axis or '...', read by the index row as it is
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
            exprs[i] = symbols[variable_name(graph.names, i)]
        elif op == CONSTANT:
            exprs[i] = constant_expr(graph, i)
        else:
            args = [exprs[a] for a in graph.args[i]]
            if base is not None and replace is not None and REGISTRY[op].static_from is not None:
                # A static argument (an index, arange's bound) carries no gradient: it keeps its value.
                args = [base[a] if REGISTRY[op].is_static(p) and a < len(base) else e
                        for p, (a, e) in enumerate(zip(graph.args[i], args))]
            exprs[i] = apply_row(sp, op, args)
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


def apply_row(sp: Any, op_name: str, args: list[Any]) -> Any:
    """A row's SymPy counterpart; elementwise rows map over object arrays with broadcasting."""
    row = REGISTRY[op_name]
    if row.vjp is None and any(getattr(a, "ndim", 0) > 0 for a in args):
        import numpy as np

        mapped = np.frompyfunc(lambda *entries: row.sympy(sp, *entries), len(args), 1)(*args)
        return mapped
    if row.power and all(getattr(a, "is_Number", False) for a in args[:2]) and abs(args[1]) > 64:
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
