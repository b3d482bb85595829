"""Centred finite differences: a check of gradients that shares nothing with backprop.

It only re-runs forward rules with nudged inputs: (f(x + h) - f(x - h)) / 2h. Relative error
follows the CS231n convention |a - b| / max(|a|, |b|).
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.base.shapes import is_array
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE, np

STEP = 1e-5

# Verdict bands for relative error between backprop and finite differences.
GOOD = 1e-7  # below: agrees
SUSPECT = 1e-4  # between GOOD and this: agrees as well as differencing allows (curvature)
WRONG = 1e-2  # above: wrong


def output_at(graph: Graph, values: dict[str, Any], nudge: tuple[int, Any] | None = None) -> float:
    """The output with every input as given; with `nudge`, that node's value shifted."""
    out: list[Any] = [None] * (graph.output + 1)
    arrays = graph.has_array_constants() or any(is_array(v) for v in values.values())
    for i in range(graph.output + 1):
        op = graph.ops[i]
        if op == VARIABLE:
            value = values[graph.names[i]]
        elif op == CONSTANT:
            value = graph.constants[i]
        else:
            row = REGISTRY[op]
            fn = row.forward_array if arrays and row.forward_array is not None else row.forward
            value = fn(*(out[a] for a in graph.args[i]))
        if nudge is not None and nudge[0] == i:
            value = value + nudge[1]
        out[i] = value
    return float(out[graph.output])


def node_gradient(graph: Graph, values: dict[str, Any], index: int, like: Any, step: float = STEP) -> Any:
    """d(output)/d(node) by centred differences, entry by entry for arrays."""
    if not is_array(like):
        try:
            plus = output_at(graph, values, (index, step))
            minus = output_at(graph, values, (index, -step))
        except (ArithmeticError, ValueError):
            return math.nan
        return (plus - minus) / (2 * step)
    result = np.zeros_like(like, dtype=float)
    for position in np.ndindex(*like.shape):
        delta = np.zeros_like(like, dtype=float)
        delta[position] = step
        try:
            result[position] = (output_at(graph, values, (index, delta)) - output_at(graph, values, (index, -delta))) / (
                2 * step
            )
        except (ArithmeticError, ValueError):
            result[position] = math.nan
    return result


def sampled_gradient(graph: Graph, values: dict[str, Any], index: int, like: Any, count: int,
                     seed: int = 0) -> tuple[list[tuple[int, ...]], Any]:
    """Centred differences at `count` entries picked at random (fixed seed): the positions and
    their estimates. For arrays too large to difference entry by entry."""
    total = int(like.size)
    rng = np.random.default_rng(seed + index)
    flat = sorted(rng.choice(total, size=min(count, total), replace=False).tolist())
    positions = [tuple(int(p) for p in np.unravel_index(f, like.shape)) for f in flat]
    estimates = np.zeros(len(positions))
    for n, position in enumerate(positions):
        delta = np.zeros_like(like, dtype=float)
        delta[position] = STEP
        try:
            estimates[n] = (output_at(graph, values, (index, delta)) - output_at(graph, values, (index, -delta))) / (2 * STEP)
        except (ArithmeticError, ValueError):
            estimates[n] = math.nan
    return positions, estimates


class Descendants:
    """For each node, the nodes computed from it: a centred difference by one input then re-runs
    only those (a path of about log2(n) nodes in a balanced tree) instead of the whole graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        size = graph.output + 1  # nodes past the output (unused inputs of a program) have no users
        users: list[list[int]] = [[] for _ in range(len(graph.ops))]
        for i, inputs in enumerate(graph.args[:size]):
            for a in inputs:
                users[a].append(i)
        self.users = users

    def of(self, index: int) -> list[int]:
        """Every node that depends on `index`, in forward order (index itself excluded)."""
        seen = [False] * len(self.users)
        stack = [index]
        found: list[int] = []
        while stack:
            for user in self.users[stack.pop()]:
                if not seen[user]:
                    seen[user] = True
                    found.append(user)
                    stack.append(user)
        found.sort()
        return found


def input_gradient(graph: Graph, values: dict[str, float], name: str, node_values: list[Any], cone: list[int],
                   expected_pieces: list[tuple[int, Any]], step: float = STEP) -> float | None:
    """d(output)/d(input `name`) of a scalar graph by centred differences: nan where a nudged
    pass is undefined, None where it moves a relu, abs, max or min onto another piece (a kink
    lies within the step). Only `cone` (the nodes that depend on the input) is re-run from the
    run's values while it is a small part of the graph; past that the whole scalar forward
    pass, whose loop is quicker per node."""
    index = graph.variables[name]
    whole = len(cone) > (graph.output + 1) // 4
    if not whole:
        inside = set(cone)
        expected_pieces = [(i, piece) for i, piece in expected_pieces if i in inside]
    outputs = []
    for delta in (step, -step):
        try:
            if whole:
                nudged = _forward_with(graph, {**values, name: values[name] + delta})
            else:
                nudged = _forward_nudged(graph, node_values, index, cone, delta)
        except (ArithmeticError, ValueError):
            return math.nan
        if not same_pieces(graph, expected_pieces, nudged):
            return None
        outputs.append(float(nudged[graph.output]))
    return (outputs[0] - outputs[1]) / (2 * step)


def _forward_with(graph: Graph, values: dict[str, float]) -> list[Any]:
    """Every node's value from the scalar forward pass at `values`; ValueError where undefined."""
    from bpcalc.engine import scalar_pass
    from bpcalc.errors import BpcalcError

    try:
        node_values, _kinks = scalar_pass.forward(graph, values)
    except BpcalcError as error:
        raise ValueError(str(error)) from None
    return node_values


def _forward_nudged(graph: Graph, node_values: list[Any], index: int, cone: list[int], delta: float) -> list[Any]:
    """The run's values with node `index` shifted by `delta` and `cone` recomputed from it."""
    ops, args = graph.ops, graph.args
    rows = {ops[i]: REGISTRY[ops[i]] for i in cone}
    out = list(node_values)
    out[index] = node_values[index] + delta
    isfinite = math.isfinite
    for i in cone:
        row = rows[ops[i]]
        xs = [out[a] for a in args[i]]
        if row.domain is not None and row.domain(*xs):
            raise ValueError(f"{ops[i]} is undefined at the nudged point")
        value = row.forward(*xs)
        if not isfinite(value):
            raise OverflowError(f"{ops[i]} overflows at the nudged point")
        out[i] = value
    return out


def pieces(graph: Graph, node_values: list[Any]) -> list[tuple[int, Any]]:
    """(node, active piece) for every kinked node of a scalar graph up to the output, from the
    row's `piece` rule: a centred difference whose nudged passes switch piece somewhere
    measures a blend of two slopes, not the derivative."""
    found = []
    for i in range(graph.output + 1):
        row = REGISTRY.get(graph.ops[i])
        if row is not None and row.piece is not None:
            found.append((i, _active_piece(graph, node_values, i)))
    return found


def same_pieces(graph: Graph, expected: list[tuple[int, Any]], node_values: list[Any]) -> bool:
    return all(_active_piece(graph, node_values, i) == active for i, active in expected)


def _active_piece(graph: Graph, node_values: list[Any], i: int) -> Any:
    piece: Any = REGISTRY[graph.ops[i]].piece
    return piece(node_values[i], *[node_values[a] for a in graph.args[i]])


def directional_difference(graph: Graph, values: dict[str, float], direction: dict[str, float], step: float,
                           expected_pieces: list[tuple[int, Any]]) -> float | None:
    """(f(x + step v) - f(x - step v)) / 2 step along `direction` v (by input name), with two
    forward passes of the scalar engine; None when a nudged pass is undefined or switches the
    piece of a relu, abs, max or min (a kink lies within the step)."""
    outputs = []
    for sign in (1.0, -1.0):
        nudged = dict(values)
        for name, v in direction.items():
            nudged[name] = values[name] + sign * step * v
        try:
            node_values = _forward_with(graph, nudged)
        except (ArithmeticError, ValueError):
            return None  # undefined at the nudged point
        if not same_pieces(graph, expected_pieces, node_values):
            return None
        outputs.append(float(node_values[graph.output]))
    return (outputs[0] - outputs[1]) / (2 * step)


def rounding_error(node_values: list[Any], grads: list[Any], size: int) -> float:
    """About how far rounding can move a scalar graph's output: each node's value is off by
    up to 2 ulp (one rounding, or a libm function within 1 ulp), and that error reaches the
    output times the node's gradient, so 2 eps * sum_i |value_i * grad_i| (first order)."""
    total = math.fsum(abs(v * g) for v, g in zip(node_values[:size], grads[:size]) if g is not None)
    return 2 * 2.0**-52 * total


def relative_error(a: Any, b: Any) -> float:
    """Max over entries of |a - b| / max(|a|, |b|); 0 when both are 0."""
    if is_array(a) or is_array(b):
        a_arr, b_arr = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        scale = np.maximum(np.abs(a_arr), np.abs(b_arr))
        diff = np.abs(a_arr - b_arr)
        with np.errstate(divide="ignore", invalid="ignore"):
            err = np.where(scale == 0, 0.0, diff / np.where(scale == 0, 1.0, scale))
        return float(np.max(err)) if err.size else 0.0
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.inf
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def agrees(engine: Any, reference: Any, rtol: float, atol: float) -> bool:
    if is_array(engine) or is_array(reference):
        a, b = np.asarray(engine, dtype=float), np.asarray(reference, dtype=float)
        return a.shape == b.shape and bool(np.all(np.abs(a - b) <= atol + rtol * np.maximum(np.abs(a), np.abs(b))))
    a, b = float(engine), float(reference)
    if math.isnan(b):
        return False
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))
