"""Symbolic gradients of array programs: a matrix formula where SymPy has one, else per entry.

For f = ||W x||^2 a student wants `dL/dx = 2 W^T W x`, not four entries of sums. The graph is
rebuilt (a loop over its nodes, never user text) with SymPy MatrixSymbols when every node is
matrix algebra SymPy differentiates as matrices: matmul, transpose, dot, + and - of equal shapes,
scaling by (and dividing by) a scalar, negation, and sum(q^2) / sum(q * q) as q^T q. A vector is a column. When a
node falls outside that, or SymPy's derivative is not a matrix expression, the gradient is given
per entry from element symbols (W_0_1 for W[0, 1]). Both are bounded: at most MAX_ENTRIES
entries per array, checked before any work, and a time limit that interrupts SymPy.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from bpcalc.base.alarm import time_limit
from bpcalc.base.names import variable_name
from bpcalc.checks import symbolic
from bpcalc.checks.exact_arrays import check_sizes
from bpcalc.errors import BpcalcError
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, VARIABLE

if TYPE_CHECKING:
    from bpcalc.engine import Trace

class SymbolicLimitError(BpcalcError):
    """Array formulas past their size or time bound (exit code 2)."""

    kind = "symbolic limit"


def array_formulas(trace: Trace, seconds: float) -> list[str | None]:
    """Per node, `dL/dnode` as text: a matrix formula (`2*W^T*W*x`) for the inputs and the
    array-valued gates when SymPy has one, else entry formulas for the inputs (None elsewhere)."""
    graph = trace.graph
    live = graph.reaches_output()
    check_sizes(graph, trace, live, what="--symbolic")
    formulas: list[str | None] = [None] * (graph.output + 1)
    deadline = time.monotonic() + seconds
    with time_limit(seconds, lambda: _timeout(seconds)):
        matrices = _matrix_gradients(graph, trace) if trace.upstream is None else {}
        for index, text in matrices.items():
            formulas[index] = text
        entries: Any = None
        for name, index in graph.variables.items():
            if not live[index] or trace.grads[index] is None or index in matrices:
                continue
            if time.monotonic() > deadline:
                raise _timeout(seconds)
            try:
                if entries is None:
                    entries = _entry_setup(graph, trace)
                formulas[index] = _entry_formula(entries, name)
            except (TypeError, ValueError, AttributeError, IndexError) as error:  # a row SymPy cannot take here
                raise SymbolicLimitError(f"--symbolic cannot write the gradient of {name} as formulas here "
                                         f"({type(error).__name__})", hint="drop --symbolic to see the numbers") from None
    return formulas


def _timeout(seconds: float) -> SymbolicLimitError:
    return SymbolicLimitError(f"the symbolic array gradients took longer than {seconds:g} seconds",
                              hint="drop --symbolic to see the numbers, or try a smaller example")


def matrix_text(expr: Any) -> str:
    """2*W.T*W*x as lectures write it: 2*W^T*W*x."""
    return symbolic.sympy_module().sstr(expr).replace("**", "^").replace(".T", "^T")


class _Square:
    """q^2 or q * q of an array, which only sum() turns into matrix algebra (q^T q)."""

    def __init__(self, base: Any) -> None:
        self.base = base


def _matrix_gradients(graph: Graph, trace: Trace) -> dict[int, str]:
    """node -> matrix formula of dL/dnode, for the inputs and the array-valued gates, where the
    whole program is matrix algebra and SymPy's derivative is a matrix expression that gives
    backprop's gradient at the run's values; {} when the program is not matrix algebra."""
    sp = symbolic.sympy_module()
    leaves: dict[int, Any] = {}
    exprs: list[Any] = [None] * (graph.output + 1)
    live = graph.reaches_output()
    for i in range(graph.output + 1):
        shape = tuple(getattr(trace.values[i], "shape", ()))
        if live[i] and graph.ops[i] == VARIABLE:
            if len(shape) > 2:
                return {}
            name = variable_name(graph.names, i)
            leaves[i] = (sp.Symbol(name, real=True) if not shape else
                         sp.MatrixSymbol(name, shape[0], 1) if len(shape) == 1 else sp.MatrixSymbol(name, *shape))
            exprs[i] = leaves[i]
    if not _build(graph, trace, exprs, 0, live):
        return {}
    point = {leaf: _matrix_value(sp, trace.values[i], leaf) for i, leaf in leaves.items()}
    found: dict[int, str] = {}
    derived: dict[int, Any] = {}  # node -> its gradient as a SymPy matrix expression
    for k in range(graph.output):
        expr = exprs[k]
        if not live[k] or not isinstance(expr, sp.MatrixExpr) or expr.shape == (1, 1) or trace.grads[k] is None:
            continue
        if k in leaves:
            stand_in, output = expr, exprs[graph.output]
        else:  # a gate: differentiate by a stand-in for it, then put its expression back
            stand_in = sp.MatrixSymbol(f"t_{k}", *expr.shape)
            replaced = list(exprs)
            replaced[k] = stand_in
            if not _build(graph, trace, replaced, k + 1, live):
                continue
            output = replaced[graph.output]
        try:
            derivative = sp.diff(output, stand_in)
            if stand_in is not expr:
                derivative = derivative.xreplace({stand_in: expr})
        except (TypeError, ValueError, NotImplementedError):
            continue
        if (isinstance(derivative, sp.MatrixExpr) and derivative.shape == expr.shape
                and _agrees(sp, derivative, point, trace.grads[k])):
            found[k] = matrix_text(derivative)
            derived[k] = derivative
    _chain_back(graph, trace, exprs, derived, found, point)
    return found


def _chain_back(graph: Graph, trace: Trace, exprs: list[Any], derived: dict[int, Any], found: dict[int, str],
                point: dict[Any, Any]) -> None:
    """Where SymPy's matrix calculus gives no matrix (dL/dW1 of W2 W1 x), apply the lecture's
    rules to the formulas of the nodes that use it, from the output back: D = A B gives
    dL/dA = (dL/dD) B^T and dL/dB = A^T (dL/dD); a transpose, a sum or a scaling passes it on."""
    sp = symbolic.sympy_module()
    uses: dict[int, list[int]] = {}
    live = graph.reaches_output()
    for j in range(graph.output + 1):
        for a in graph.args[j] if live[j] else ():
            uses.setdefault(a, []).append(j)
    for k in range(graph.output - 1, -1, -1):
        expr = exprs[k]
        if k in derived or not isinstance(expr, sp.MatrixExpr) or expr.shape == (1, 1) or trace.grads[k] is None:
            continue
        total = None
        for j in uses.get(k, []):
            part = _matrix_vjp(sp, graph.ops[j], graph.args[j], k, exprs, derived.get(j))
            if part is None:
                total = None
                break
            total = part if total is None else total + part
        if total is not None and total.shape == expr.shape and _agrees(sp, total, point, trace.grads[k]):
            derived[k] = total
            found[k] = matrix_text(total)


def _matrix_vjp(sp: Any, op: str, args: tuple[int, ...], k: int, exprs: list[Any], upstream: Any) -> Any:
    """What node `k` receives from one use of it, as a matrix formula (None when not known)."""
    if upstream is None or list(args).count(k) != 1 or not isinstance(exprs[k], sp.MatrixExpr):
        return None
    a, *rest = args
    if op == "matmul" and isinstance(exprs[a], sp.MatrixExpr) and exprs[a].shape[1] != 1:  # A @ B as A*B
        b = rest[0]
        return upstream * exprs[b].T if k == a else exprs[a].T * upstream
    if op == "transpose":
        return upstream.T
    if op in ("add", "sub"):
        return -upstream if op == "sub" and k != a else upstream
    if op == "neg":
        return -upstream
    return None


def _build(graph: Graph, trace: Trace, exprs: list[Any], start: int, live: list[bool]) -> bool:
    """Fill exprs[start:] (leaves already there) as matrix algebra; False when a node is not,
    or when the output is not a 1 x 1 form."""
    sp = symbolic.sympy_module()
    for i in range(start, graph.output + 1):
        op = graph.ops[i]
        if not live[i] or op == VARIABLE:
            continue
        if op == CONSTANT:
            if getattr(trace.values[i], "shape", ()):
                return False
            exprs[i] = symbolic.constant_expr(graph, i)
            continue
        try:
            built = _matrix_node(sp, op, [exprs[a] for a in graph.args[i]],
                                 [tuple(getattr(trace.values[a], "shape", ())) for a in graph.args[i]])
        except (TypeError, ValueError):  # a mix SymPy's matrices refuse (ShapeError is a ValueError)
            return False
        if built is None:
            return False
        exprs[i] = built
    output = exprs[graph.output]
    return not isinstance(output, _Square) and getattr(output, "shape", (1, 1)) == (1, 1)


def _matrix_value(sp: Any, value: Any, leaf: Any) -> Any:
    import numpy as np

    if not isinstance(leaf, sp.MatrixSymbol):
        return sp.Float(float(value), 30)
    return sp.Matrix(np.asarray(value, dtype=float).reshape(leaf.shape).tolist())


def _agrees(sp: Any, derivative: Any, point: dict[Any, Any], gradient: Any) -> bool:
    """The matrix formula, evaluated at the run's values, gives backprop's gradient: a guard
    against a matrix-calculus rule SymPy gets wrong (its derivative of a matrix element is 0)."""
    import numpy as np

    try:
        value = np.asarray(sp.Matrix(derivative.xreplace(point).doit()).evalf(), dtype=float)
    except (TypeError, ValueError, AttributeError):
        return False
    reference = np.asarray(gradient, dtype=float)
    return value.size == reference.size and bool(np.allclose(value.ravel(), reference.ravel(), rtol=1e-9, atol=1e-12))


def _matrix_node(sp: Any, op: str, xs: list[Any], shapes: list[tuple[int, ...]]) -> Any:
    """One node as matrix algebra, or None when it is not (elementwise functions, broadcasting)."""
    if any(isinstance(x, _Square) for x in xs) and op != "sum":
        return None
    matrix = [isinstance(x, sp.MatrixExpr) for x in xs]
    if op == "matmul":
        a, b = xs
        if len(shapes[0]) == 1 and len(shapes[1]) == 2:
            return b.T * a  # x @ W as a column: W^T x
        return a.T * b if len(shapes[0]) == 1 and len(shapes[1]) == 1 else a * b
    if op == "dot":
        return xs[0].T * xs[1]
    if op == "transpose":
        return xs[0].T if len(shapes[0]) == 2 else xs[0]
    if op in ("add", "sub") and len(xs) == 2 and (shapes[0] == shapes[1] or not any(matrix)):
        if not shapes[0] and any(matrix) and not all(matrix):  # q^T q + 1: the number as a 1 x 1 matrix
            xs = [x if m else x * sp.Identity(1) for x, m in zip(xs, matrix)]
        return xs[0] + xs[1] if op == "add" else xs[0] - xs[1]
    if op == "neg":
        return -xs[0]
    if op == "div" and len(xs) == 2 and not matrix[1] and not shapes[1]:
        return xs[0] / xs[1]
    if op == "mul" and len(xs) == 2:
        if matrix[0] and matrix[1]:
            return _Square(xs[0]) if xs[0] == xs[1] else None
        return xs[0] * xs[1] if not (shapes[0] and shapes[1]) else None
    if op == "pow" and matrix[0] and not matrix[1] and xs[1] == 2:
        return _Square(xs[0])
    if op == "sum" and len(xs) == 1:
        if isinstance(xs[0], _Square):
            base = xs[0].base
            return base.T * base if base.shape[1] == 1 else sp.Trace(base.T * base)
        return None if matrix[0] else xs[0]
    return None


def _entry_setup(graph: Graph, trace: Trace) -> tuple[Any, dict[str, Any]]:
    """The output as a formula of one symbol per input entry (static inputs as integers)."""
    import numpy as np

    sp = symbolic.sympy_module()
    static = _static_nodes(graph)
    leaves: dict[str, Any] = {}
    for name, index in graph.variables.items():
        value = trace.values[index]
        if index in static:
            leaves[name] = (sp.Integer(int(value)) if np.ndim(value) == 0 else
                            np.frompyfunc(lambda v: sp.Integer(int(v)), 1, 1)(np.asarray(value)))
        else:
            leaves[name] = symbolic.element_symbols(sp, name, tuple(np.shape(value)))
    output = symbolic.node_exprs(graph, leaves)[graph.output]
    if trace.upstream is not None:  # a given dL/d(output): the gradients are those of sum(output * upstream)
        weights = np.asarray(trace.upstream, dtype=float)
        output = sp.Add(*(o * sp.Rational(float(u)) for o, u in zip(np.ravel(output), weights.ravel())))
    return output, leaves


def _entry_formula(setup: tuple[Any, dict[str, Any]], name: str) -> str:
    import numpy as np

    sp = symbolic.sympy_module()
    output, leaves = setup
    symbols = leaves[name]
    if getattr(symbols, "ndim", 0) == 0:
        return _entry_text(sp, sp.diff(output, symbols))
    texts = np.empty(symbols.shape, dtype=object)
    for position in np.ndindex(*symbols.shape):
        texts[position] = _entry_text(sp, sp.diff(output, symbols[position]))
    return str(texts.tolist()).replace("'", "")


def _entry_text(sp: Any, formula: Any) -> str:
    """SymPy's derivative as it comes: simplify() takes seconds per entry, (1 - tanh(z)^2)*W_0_0
    reads as the chain rule does."""
    return sp.sstr(formula).replace("**", "^")


def _static_nodes(graph: Graph) -> set[int]:
    from bpcalc.ops import REGISTRY

    found: set[int] = set()
    for i in range(graph.output + 1):
        op = graph.ops[i]
        if op in (VARIABLE, CONSTANT):
            continue
        row = REGISTRY[op]
        found.update(a for k, a in enumerate(graph.args[i]) if row.is_static(k))
    return found

