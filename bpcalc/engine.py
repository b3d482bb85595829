"""Forward pass and backpropagation over a graph: two plain loops, no recursion.

Scalars stay Python floats (fast, no numpy import); when any input is an array the whole run
uses numpy. `run` returns a fresh immutable `Trace` every time, so running it twice gives the
same gradients (no accumulation into shared state).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bpcalc.errors import DomainError, ShapeError, UnknownNameError, did_you_mean
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE, np
from bpcalc.values import is_array


@dataclass(frozen=True)
class Trace:
    """Everything one forward and backward pass found, node by node in forward order."""

    graph: Graph
    values: list[Any]
    grads: list[Any]  # dL/dnode; None where it is not defined (see `backward`)
    locals: list[tuple[Any, ...] | None]  # d node / d input, per input; None for leaves and VJP-only ops
    kinks: list[bool]
    arrays: bool  # True when the run used numpy arrays

    @property
    def output(self) -> Any:
        return self.values[self.graph.output]

    def gradient(self, name: str) -> Any:
        index = self.graph.find(name)
        if index is None:
            raise KeyError(name)
        return self.grads[index]

    def input_gradients(self) -> dict[str, Any]:
        return {name: self.grads[index] for name, index in self.graph.variables.items()}


def bind(graph: Graph, values: dict[str, Any]) -> None:
    """Check that every input has a value and every value has an input, before any work."""
    missing = [name for name in graph.variables if name not in values]
    if missing:
        name = missing[0]
        others = f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else ""
        raise UnknownNameError(
            f"no value for the variable '{name}'{others}",
            source=graph.source, span=graph.spans[graph.variables[name]],
            hint=f"give it on the command line: --{name}=VALUE (or 'let {name} = VALUE' in a program file)",
        )
    unused = [name for name in values if name not in graph.variables]
    if unused:
        name = unused[0]
        if name in graph.aliases:
            message = f"a value was given for '{name}', but the program computes '{name}'"
            hint = "give values only for input variables"
        else:
            suggestion = did_you_mean(name, list(graph.variables))
            message = f"a value was given for '{name}', which the expression does not use"
            hint = f"did you mean --{suggestion}?" if suggestion else f"the inputs are: {', '.join(graph.variables) or 'none'}"
        raise UnknownNameError(message, hint=hint)


def run(graph: Graph, values: dict[str, Any]) -> Trace:
    bind(graph, values)
    arrays = any(is_array(v) for v in values.values())
    computed, kinks = forward(graph, values, arrays)
    grads, local = backward(graph, computed, arrays)
    return Trace(graph, computed, grads, local, kinks, arrays)


def forward(graph: Graph, values: dict[str, Any], arrays: bool) -> tuple[list[Any], list[bool]]:
    n = len(graph.ops)
    out: list[Any] = [None] * n
    kinks = [False] * n
    ops, args, constants = graph.ops, graph.args, graph.constants
    context = np.errstate(all="ignore") if arrays else None
    if context is not None:
        context.__enter__()
    try:
        for i in range(n):
            name = ops[i]
            if name == VARIABLE:
                out[i] = values[graph.names[i]]
                continue
            if name == CONSTANT:
                out[i] = constants[i]
                continue
            op = REGISTRY[name]
            xs = [out[a] for a in args[i]]
            if op.domain is not None:
                problem = op.domain(*xs)
                if problem:
                    raise _node_error(graph, i, problem)
            fn = op.forward_array if arrays and op.forward_array is not None else op.forward
            try:
                result = fn(*xs)
            except OverflowError:
                raise _node_error(graph, i, "the result overflows (it is too large for a float)") from None
            except ZeroDivisionError:
                raise _node_error(graph, i, "division by zero") from None
            except ValueError as error:
                if arrays and ("shape" in str(error) or "broadcast" in str(error)):
                    raise _shape_error(graph, i, xs) from None
                raise _node_error(graph, i, f"undefined here ({error})") from None
            if arrays:
                if not np.all(np.isfinite(result)):
                    raise _node_error(graph, i, "the result is not a finite number (overflow or undefined)")
            elif not math.isfinite(result):
                raise _node_error(graph, i, "the result overflows (it is too large for a float)")
            out[i] = result
            if op.kink is not None and op.kink(result, *xs):
                kinks[i] = True
    finally:
        if context is not None:
            context.__exit__(None, None, None)
    return out, kinks


def backward(graph: Graph, values: list[Any], arrays: bool) -> tuple[list[Any], list[tuple[Any, ...] | None]]:
    """dL/dnode for every node, from dL/dL = 1 at the output, downstream = local x upstream.

    A partial derivative that is not finite (sqrt at 0, a^b by b at a < 0) is an error when it
    feeds a node that depends on an input; a constant leaf there just gets no gradient (None).
    """
    output = graph.output
    result = values[output]
    if arrays and getattr(result, "ndim", 0) > 0:
        raise ShapeError(
            f"the output is an array of shape {tuple(result.shape)}; gradients need a scalar output",
            source=graph.source, span=graph.spans[output], node=graph.label(output),
            hint="reduce it to one number, e.g. wrap the expression in sum(...)",
        )
    n = len(graph.ops)
    zero: Any = 0.0
    grads: list[Any] = [zero] * n
    if arrays:
        grads = [np.zeros_like(v, dtype=float) if is_array(v) else 0.0 for v in values]
    grads[output] = 1.0
    local: list[tuple[Any, ...] | None] = [None] * n
    undefined: set[int] = set()
    varying = graph.depends_on_variable()
    ops, args = graph.ops, graph.args
    context = np.errstate(all="ignore") if arrays else None
    if context is not None:
        context.__enter__()
    try:
        for i in range(output, -1, -1):
            inputs = args[i]
            if not inputs:
                continue
            op = REGISTRY[ops[i]]
            g = grads[i]
            xs = [values[a] for a in inputs]
            if op.vjp is not None:
                contributions = op.vjp(g, values[i], *xs)
            else:
                rule = op.local_array if arrays and op.local_array is not None else op.local
                try:
                    parts = rule(values[i], *xs)
                except (ZeroDivisionError, OverflowError, ValueError):
                    parts = tuple(math.inf for _ in inputs)
                local[i] = parts
                contributions = []
                for a, p in zip(inputs, parts):
                    if not _finite(p, arrays):
                        if varying[a]:
                            raise _node_error(graph, i, "its local gradient is infinite or undefined at these inputs",
                                              grad=True)
                        undefined.add(a)
                        contributions.append(None)
                        continue
                    contributions.append(g * p)
            for a, c in zip(inputs, contributions):
                if c is None:
                    continue
                if arrays:
                    c = unbroadcast(c, values[a])
                grads[a] = grads[a] + c
    finally:
        if context is not None:
            context.__exit__(None, None, None)
    for i in range(n):
        if i in undefined:
            grads[i] = None
        elif not _finite(grads[i], arrays):
            raise _node_error(graph, i, "its gradient overflows (it is too large for a float)", grad=True)
    return grads, local


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


def _finite(value: Any, arrays: bool) -> bool:
    if arrays and is_array(value):
        return bool(np.all(np.isfinite(value)))
    return math.isfinite(value)


def _node_error(graph: Graph, index: int, problem: str, grad: bool = False) -> DomainError:
    op = graph.ops[index]
    where = f"node {graph.label(index)} ({op})"
    if graph.names[index] is None:
        where = f"node {graph.node_id(index)} ({op})"
    text = graph.source[graph.spans[index].start : graph.spans[index].end] if graph.spans[index] else ""
    message = f"{where}: {problem}"
    if text:
        message = f"{where}, '{text}': {problem}"
    hint = "change the input values so this node is defined" if not grad else (
        "the derivative does not exist at this point; try nearby input values")
    return DomainError(message, source=graph.source, span=graph.spans[index], node=graph.node_id(index), hint=hint)


def _shape_error(graph: Graph, index: int, xs: list[Any]) -> ShapeError:
    shapes = " and ".join(str(tuple(getattr(x, "shape", ()))) for x in xs)
    text = graph.source[graph.spans[index].start : graph.spans[index].end] if graph.spans[index] else graph.ops[index]
    return ShapeError(
        f"{text}: shapes {shapes} do not broadcast together",
        source=graph.source, span=graph.spans[index], node=graph.node_id(index),
        hint="elementwise operations need equal shapes, or shapes that broadcast (a scalar, a row, a column)",
    )
