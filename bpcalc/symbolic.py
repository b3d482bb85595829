"""The graph as SymPy expressions, for an independent check of our gradients.

SymPy only ever receives objects built here from the graph, never user text. It is imported
lazily, so commands that skip the check never pay for it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE


def sympy_module() -> Any:
    import sympy

    return sympy


def leaf_symbols(graph: Graph) -> dict[str, Any]:
    sp = sympy_module()
    return {name: sp.Symbol(name, real=True) for name in graph.variables}


def constant_expr(graph: Graph, index: int) -> Any:
    """A constant as SymPy sees it: written integers and decimals stay exact, pi stays pi."""
    sp = sympy_module()
    label = graph.labels.get(index, "")
    if label == "pi":
        return sp.pi
    if label == "e":
        return sp.E
    try:
        exact = Fraction(label)
    except (ValueError, ZeroDivisionError):
        return sp.Float(graph.constants[index])
    return sp.Rational(exact.numerator, exact.denominator)


def node_exprs(graph: Graph, symbols: dict[str, Any], replace: int | None = None, base: list[Any] | None = None,
               stop: int | None = None) -> list[Any]:
    """SymPy expression of every node up to `stop`, in forward order (a loop, not recursion).

    With `replace`, that node becomes a free symbol t, so d(output)/dt is the gradient of the
    output with respect to that node through every path that uses it.
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
            exprs[i] = sp.Symbol(f"t_{graph.node_id(i)}", real=True)
            continue
        op = graph.ops[i]
        if op == VARIABLE:
            exprs[i] = symbols[graph.names[i]]
        elif op == CONSTANT:
            exprs[i] = constant_expr(graph, i)
        else:
            exprs[i] = REGISTRY[op].sympy(sp, *(exprs[a] for a in graph.args[i]))
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
        formulas.append(derivative.xreplace({t: base[k]}))
    return formulas


def local_derivatives(op_name: str, arity: int) -> tuple[list[Any], list[Any]]:
    """Symbols and d op / d argument for one registry row, for the linear local check."""
    sp = sympy_module()
    args = [sp.Symbol(f"a{j}", real=True) for j in range(arity)]
    expr = REGISTRY[op_name].sympy(sp, *args)
    return args, [sp.diff(expr, a) for a in args]
