"""Forward and backward on numpy arrays, with broadcasting and vector-Jacobian products.

Elementwise rows give local partials (the diagonal of their Jacobian) and the upstream
gradient is multiplied in and summed back to each input's shape ("unbroadcast"). Other rows
(matmul, reductions, indexing, losses) give a vector-Jacobian product directly, so no Jacobian
is ever formed. Static integer arguments (an axis, an index, a class label) get no gradient.
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.base.names import variable_name
from bpcalc.base.shapes import is_array
from bpcalc.engine.budget import MemoryBudget
from bpcalc.engine.failures import node_error, shape_error
from bpcalc.engine.scalar_pass import reaches_output
from bpcalc.errors import ShapeError
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE, Op, np


def forward(graph: Graph, values: dict[str, Any]) -> tuple[list[Any], list[bool]]:
    n = len(graph.ops)
    out: list[Any] = [None] * n
    kinks = [False] * n
    ops, args, constants = graph.ops, graph.args, graph.constants
    budget = MemoryBudget(graph)  # each node's size, estimated from shapes, before computing it
    with np.errstate(all="ignore"):
        for i in range(n):
            name = ops[i]
            if name == VARIABLE:
                out[i] = values[variable_name(graph.names, i)]
                continue
            if name == CONSTANT:
                out[i] = constants[i]
                continue
            op = REGISTRY[name]
            xs = [out[a] for a in args[i]]
            budget.admit(i, xs)
            if op.shape_check is not None:
                problem = op.shape_check(*xs)
                if problem:
                    raise node_shape_error(graph, i, problem)
            if op.domain is not None:
                problem = op.domain(*xs)
                if problem:
                    raise node_error(graph, i, problem)
            fn = op.forward_array if op.forward_array is not None else op.forward
            try:
                result = fn(*xs)
            except (OverflowError, ZeroDivisionError) as error:
                raise node_error(graph, i, f"undefined here ({error})") from None
            except ValueError as error:
                if "shape" in str(error) or "broadcast" in str(error):
                    raise shape_error(graph, i, xs) from None
                raise node_error(graph, i, f"undefined here ({error})") from None
            if not all_finite(result):
                raise node_error(graph, i, "the result is not a finite number (overflow or undefined)")
            out[i] = result
            if op.kink is not None and op.kink(result, *xs):
                kinks[i] = True
    return out, kinks


def node_shape_error(graph: Graph, index: int, problem: str) -> ShapeError:
    """A shape mistake, named by the text the user wrote: 'W @ x: (2, 2) @ (3,): ...'."""
    span = graph.spans[index]
    text = graph.source[span.start : span.end] if span else graph.label(index)
    op = REGISTRY[graph.ops[index]]
    return ShapeError(
        f"{text}: {problem}",
        source=graph.source, span=span, node=graph.node_id(index),
        hint=f"check the shapes of the inputs of {op.name} (write {op.syntax})",
    )


def backward(graph: Graph, values: list[Any], seed: Any = None) -> tuple[list[Any], list[tuple[Any, ...] | None],
                                                                       list[tuple[Any, ...] | None]]:
    """As scalar_pass.backward, with gradients summed back to each input's shape.

    `seed` is dL/d(output): 1 when None (the output must then be one number), else a given
    upstream gradient of the output's shape (engine.upstream checked it), as a layer's
    backward(dout) takes it. Also returns what each node sent along each input edge (the
    VJP's or local x upstream's output, in the input's shape; None for static arguments and
    undefined partials): the contributions the gradients were summed from, kept so no
    renderer recomputes them."""
    output = graph.output
    result = values[output]
    if seed is None and getattr(result, "ndim", 0) > 0:
        from bpcalc.engine.upstream import scalar_output_error

        raise scalar_output_error(graph, tuple(result.shape))
    n = len(graph.ops)
    # None until a first contribution arrives, which is then kept as it is: starting from
    # zeros would allocate, and add, a matrix of zeros for every matrix in the graph.
    grads: list[Any] = [None] * n
    grads[output] = 1.0 if seed is None else seed
    local: list[tuple[Any, ...] | None] = [None] * n
    sent: list[tuple[Any, ...] | None] = [None] * n
    undefined: set[int] = set()
    varying = graph.depends_on_variable()
    live = reaches_output(graph)
    ops, args = graph.ops, graph.args
    with np.errstate(all="ignore"):
        for i in range(output, -1, -1):
            inputs = args[i]
            if not inputs:
                continue
            if i in undefined:  # no real gradient reaches this node, so none passes through it
                undefined.update(inputs)
                continue
            op = REGISTRY[ops[i]]
            g = grads[i]
            if g is None:  # nothing reached this node (a dead statement): it still gets checked
                g = grads[i] = _zero_gradient(values[i])
            xs = [values[a] for a in inputs]
            if op.vjp is not None:
                contributions: list[Any] = list(op.vjp(g, values[i], *xs))
            else:
                contributions = _elementwise(graph, i, op, g, values[i], xs, local, varying if live[i] else None,
                                             undefined)
            edges: list[Any] = []
            for a, c in zip(inputs, contributions):
                if c is not None:
                    c = _own(unbroadcast(c, values[a]))
                    grads[a] = c if grads[a] is None else grads[a] + c
                edges.append(c)
            sent[i] = tuple(edges)
    for i in range(n):
        if grads[i] is None:
            grads[i] = _zero_gradient(values[i])
    for i in static_only(graph):
        grads[i] = None
    with np.errstate(all="ignore"):
        for i in range(n):
            if i in undefined:
                grads[i] = None
            elif grads[i] is not None and not all_finite(grads[i]):
                raise node_error(graph, i, "its gradient overflows (it is too large for a float)", grad=True)
    return grads, local, sent


def gate_downstream(op: Op, g: Any, out: Any, xs: list[Any]) -> list[Any]:
    """What a gate sends back to each input for any numbers (a counterfactual: a student's own
    values), by the rule the backward pass uses, in each input's shape; no checks."""
    if op.vjp is not None:
        contributions = list(op.vjp(g, out, *xs))
    else:
        rule = op.local_array if op.local_array is not None else op.local
        contributions = [g * p for p in rule(out, *xs)]
    return [None if c is None else unbroadcast(c, x) for c, x in zip(contributions, xs)]


def all_finite(value: Any) -> bool:
    """True when every entry is finite. The sum is one pass with no temporary array, and only a
    sum that is not finite (overflow, or an inf or nan entry) needs the entry-by-entry look.
    Call it under np.errstate(all="ignore"): the sum may overflow."""
    if isinstance(value, np.ndarray):
        return math.isfinite(value.sum()) or bool(np.isfinite(value).all())
    return bool(np.all(np.isfinite(value)))


def _zero_gradient(value: Any) -> Any:
    return np.zeros_like(value, dtype=float) if _is_numeric_array(value) else 0.0


def _own(gradient: Any) -> Any:
    """A gradient the trace can keep: read-only broadcast views (from a sum's VJP, say) are copied."""
    if isinstance(gradient, np.ndarray) and not gradient.flags.writeable:
        return gradient.copy()
    return gradient


def _elementwise(graph: Graph, i: int, op: Op, g: Any, out: Any, xs: list[Any],
                 local: list[tuple[Any, ...] | None], varying: list[bool] | None, undefined: set[int]) -> list[Any]:
    """downstream = local x upstream for an elementwise row, entry by entry; `varying` None
    for a dead statement (the output does not depend on it: it sends nothing back)."""
    rule = op.local_array if op.local_array is not None else op.local
    parts = rule(out, *xs)
    local[i] = parts
    contributions: list[Any] = []
    for a, p in zip(graph.args[i], parts):
        if varying is None and not np.all(np.isfinite(p)):
            contributions.append(None)
            continue
        if not np.all(np.isfinite(p)):
            assert varying is not None  # None took the branch above
            if varying[a] and np.any(np.isinf(p)):  # infinite (a pole): an error; nan: no real value
                raise node_error(graph, i, "its local gradient is infinite or undefined at these inputs", grad=True)
            undefined.add(a)
            contributions.append(None)
            continue
        contributions.append(g * p)
    return contributions


def static_only(graph: Graph) -> list[int]:
    """Nodes used only as static integer arguments (axes, indices, labels), directly or through
    other such nodes (the 1 in an axis written -1): no gradient reaches them. One reverse loop."""
    n = len(graph.ops)
    used = [False] * n
    needs_grad = [False] * n
    static = [False] * n
    for i in range(n - 1, -1, -1):
        static[i] = used[i] and not needs_grad[i]
        op = REGISTRY.get(graph.ops[i])
        for position, a in enumerate(graph.args[i]):
            used[a] = True
            if not static[i] and not (op is not None and op.is_static(position)):
                needs_grad[a] = True
    return [i for i in range(n) if static[i]]


def _is_numeric_array(value: Any) -> bool:
    return is_array(value) and hasattr(value, "shape")


def unbroadcast(gradient: Any, like: Any) -> Any:
    """Sum a broadcast gradient back to the shape of the input it belongs to."""
    shape = getattr(like, "shape", ())
    gradient = np.asarray(gradient, dtype=float)
    if gradient.shape == shape:
        return gradient
    while gradient.ndim > len(shape):
        gradient = gradient.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and gradient.shape[axis] != 1:
            gradient = gradient.sum(axis=axis, keepdims=True)
    return gradient if shape else float(gradient)
