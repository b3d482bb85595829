"""How far float64 rounding alone can move each gradient of a scalar graph: a running error
bound, so a gradient that differs from SymPy's exact value only by what float64 cannot hold
gets the verdict "ill-conditioned" instead of a false "mismatch".

First order, in one forward and one backward loop (no recursion):
- each node's value is off by up to one rounding (eps |value|) plus its inputs' errors times
  its local gradients (`value_errors`); 1 - cos(x) at x = 1e-8 is 0 in float64, 5e-17 exactly,
  and its error bound, eps, says that no digit of it is left;
- each local gradient is off by what those value errors do to it: the row's local rule is
  evaluated again with its output or one input moved by its error bound (`_local_spread`);
  sigmoid's out * (1 - out) at out = 1 (x = 40) is 0, but 1 ulp lower it is 1.1e-16;
- the backward pass sums both into the bound of each gradient.
Where the bound cannot be computed (a rule that fails nearby), it is infinite and nothing is
claimed from it.
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.engine import Trace
from bpcalc.ops import CONSTANT, REGISTRY

EPS = 2.0**-53  # the unit roundoff of float64
SAFETY = 4.0  # the bound is first order: a margin for the terms it leaves out


def value_errors(trace: Trace) -> list[float]:
    """A bound on each node's float64 rounding error, from its inputs' and its own rounding."""
    graph = trace.graph
    values, local = trace.values, trace.locals
    size = graph.output + 1
    errors = [0.0] * size
    for i in range(size):
        inputs = graph.args[i]
        own = EPS * abs(values[i])
        if not inputs:
            errors[i] = own if graph.ops[i] == CONSTANT else 0.0  # an input is exactly as given
            continue
        parts = local[i]
        total = own
        for a, p in zip(inputs, parts or ()):
            if errors[a]:
                total += abs(p) * errors[a] if math.isfinite(p) else math.inf
        errors[i] = total
    return errors


def gradient_bounds(trace: Trace) -> tuple[list[float], list[float], list[int]]:
    """(bound on each gradient's rounding error, each node's value error bound, and for each
    node the node whose local gradient contributes most to its bound, -1 if none)."""
    graph = trace.graph
    values, grads, local = trace.values, trace.grads, trace.locals
    size = graph.output + 1
    errors = value_errors(trace)
    bounds = [0.0] * size
    cause = [-1] * size
    share = [0.0] * size
    for i in range(size - 1, -1, -1):
        inputs = graph.args[i]
        g = grads[i]
        if not inputs or g is None:
            continue
        parts = local[i]
        if parts is None:
            continue
        spread = _local_spread(graph.ops[i], values, i, inputs, errors)
        for a, p, dp in zip(inputs, parts, spread):
            if not math.isfinite(p):
                continue
            own = abs(g) * dp + EPS * abs(g * p)
            bounds[a] += bounds[i] * abs(p) + own
            if own > share[a]:
                share[a], cause[a] = own, i
            if bounds[i] * abs(p) > share[a] and cause[i] >= 0:
                share[a], cause[a] = bounds[i] * abs(p), cause[i]
    return [SAFETY * b for b in bounds], errors, cause


def _local_spread(op_name: str, values: list[Any], i: int, inputs: tuple[int, ...], errors: list[float]) -> list[float]:
    """How much each local gradient of node i moves when its output or one of its inputs moves
    by its error bound (either way): first order, so the moves are summed."""
    rule = REGISTRY[op_name].local
    xs = [values[a] for a in inputs]
    out = values[i]
    try:
        base = tuple(rule(out, *xs))
    except (ArithmeticError, ValueError):
        return [math.inf] * len(inputs)
    spread = [0.0] * len(inputs)
    moves: list[tuple[int, float]] = [(-1, errors[i])] + [(k, errors[a]) for k, a in enumerate(inputs)]
    for k, error in moves:
        if not error:
            continue
        worst = [0.0] * len(inputs)
        for sign in (1.0, -1.0):
            moved_out = out + sign * error if k < 0 else out
            moved = [x + sign * error if j == k else x for j, x in enumerate(xs)]
            try:
                parts = tuple(rule(moved_out, *moved))
            except (ArithmeticError, ValueError):
                return [math.inf] * len(inputs)
            for j, (p, q) in enumerate(zip(parts, base)):
                # A moved exponent can make a negative base's power complex: no bound then.
                real = isinstance(p, float | int) and math.isfinite(p)
                worst[j] = max(worst[j], abs(p - q) if real else math.inf)
        spread = [s + w for s, w in zip(spread, worst)]
    return spread
