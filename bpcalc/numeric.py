"""Centred finite differences: a check of gradients that shares nothing with backprop.

It only re-runs forward rules with nudged inputs: (f(x + h) - f(x - h)) / 2h. Relative error
follows the CS231n convention |a - b| / max(|a|, |b|).
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE, np
from bpcalc.values import is_array

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
