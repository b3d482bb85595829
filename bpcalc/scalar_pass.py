"""Forward and backward on Python floats: the hot path for scalar graphs (no numpy)."""

from __future__ import annotations

import math
from typing import Any

from bpcalc.engine import node_error
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE


def forward(graph: Graph, values: dict[str, Any]) -> tuple[list[Any], list[bool]]:
    n = len(graph.ops)
    out: list[Any] = [None] * n
    kinks = [False] * n
    ops, args, constants = graph.ops, graph.args, graph.constants
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
                raise node_error(graph, i, problem)
        try:
            result = op.forward(*xs)
        except OverflowError:
            raise node_error(graph, i, "the result overflows (it is too large for a float)") from None
        except ZeroDivisionError:
            raise node_error(graph, i, "division by zero") from None
        except ValueError as error:
            raise node_error(graph, i, f"undefined here ({error})") from None
        if not math.isfinite(result):
            raise node_error(graph, i, "the result overflows (it is too large for a float)")
        out[i] = result
        if op.kink is not None and op.kink(result, *xs):
            kinks[i] = True
    return out, kinks


def backward(graph: Graph, values: list[Any]) -> tuple[list[Any], list[tuple[Any, ...] | None]]:
    """dL/dnode for every node, from dL/dL = 1 at the output, downstream = local x upstream.

    A partial derivative that is not finite (sqrt at 0, a^b by b at a < 0) is an error when it
    feeds a node that depends on an input; a constant leaf there just gets no gradient (None).
    """
    output = graph.output
    n = len(graph.ops)
    grads: list[Any] = [0.0] * n
    grads[output] = 1.0
    local: list[tuple[Any, ...] | None] = [None] * n
    undefined: set[int] = set()
    varying = graph.depends_on_variable()
    ops, args = graph.ops, graph.args
    for i in range(output, -1, -1):
        inputs = args[i]
        if not inputs:
            continue
        op = REGISTRY[ops[i]]
        g = grads[i]
        xs = [values[a] for a in inputs]
        try:
            parts = op.local(values[i], *xs)
        except (ZeroDivisionError, OverflowError, ValueError):
            parts = tuple(math.inf for _ in inputs)
        local[i] = parts
        for a, p in zip(inputs, parts):
            if not math.isfinite(p):
                if varying[a]:
                    raise node_error(graph, i, "its local gradient is infinite or undefined at these inputs", grad=True)
                undefined.add(a)
                continue
            grads[a] += g * p
    for i in range(n):
        if i in undefined:
            grads[i] = None
        elif not math.isfinite(grads[i]):
            raise node_error(graph, i, "its gradient overflows (it is too large for a float)", grad=True)
    return grads, local
