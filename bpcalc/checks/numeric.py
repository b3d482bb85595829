"""Centred finite differences: a check of gradients that shares nothing with backprop.

It only re-runs forward rules with nudged inputs: (f(x + h) - f(x - h)) / 2h. Relative error
follows the CS231n convention |a - b| / max(|a|, |b|).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bpcalc.base.names import variable_name
from bpcalc.base.shapes import is_array
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE, np

STEP = 1e-5

# Verdict bands for relative error between backprop and finite differences.
GOOD = 1e-7  # below: agrees
SUSPECT = 1e-4  # between GOOD and this: agrees as well as differencing allows (curvature)
WRONG = 1e-2  # above: wrong


def output_at(graph: Graph, values: dict[str, Any], nudge: tuple[int, Any] | None = None) -> float:
    """The output with every input as given; with `nudge`, that node's value shifted. ValueError
    where a nudged pass leaves an operation's domain, OverflowError where it is not finite: a
    difference is never taken across numpy's nan (the caller silences its warnings)."""
    out: list[Any] = [None] * (graph.output + 1)
    arrays = graph.has_array_constants() or any(is_array(v) for v in values.values())
    for i in range(graph.output + 1):
        op = graph.ops[i]
        if op == VARIABLE:
            value = values[variable_name(graph.names, i)]
        elif op == CONSTANT:
            value = graph.constants[i]
        else:
            row = REGISTRY[op]
            xs = [out[a] for a in graph.args[i]]
            if row.domain is not None and row.domain(*xs):
                raise ValueError(f"{op} is undefined at the nudged point")
            fn = row.forward_array if arrays and row.forward_array is not None else row.forward
            value = fn(*xs)
            if not _finite(value):
                raise OverflowError(f"{op} is not finite at the nudged point")
        if nudge is not None and nudge[0] == i:
            value = value + nudge[1]
        out[i] = value
    return float(out[graph.output])


def _finite(value: Any) -> bool:
    if isinstance(value, float | int):
        return math.isfinite(value)
    if isinstance(value, slice) or getattr(value, "dtype", None) is None:
        return True
    total = value.sum() if isinstance(value, np.ndarray) else value  # one pass, no temporary array
    return bool(math.isfinite(total)) or bool(np.all(np.isfinite(value)))


SHRINKS = (1.0, 1e-2, 1e-4)  # multiples of the step tried while a nudge leaves the domain


def _difference(at: Callable[[float], float], center: float, step: float, rounding: float = 0.0,
                ours: float | None = None) -> tuple[float, float, str, float]:
    """(estimate, step used, kind, gap) of d at(t)/dt at t = 0 for a value `center`: centred at
    `step`, shrunk (x 1e-2, x 1e-4, then to STEP x |center|) while a nudged pass leaves the
    domain or the estimates at h and h/2 do not settle (a pole, a relu or a max switching
    within the step); failing that one-sided; (nan, 0, "none", 0) when no nudge is defined on
    either side, and (nan, 0, "unsettled", 0) when no step settles. The two centred estimates
    are extrapolated (Richardson: the h^2 terms cancel); `gap`, their distance, bounds what
    truncation leaves. `rounding` is the rounding of one output, the noise of a difference.
    With `ours`, a settled estimate that disagrees with it is measured again at the smaller
    steps (two steps far beyond the linear region, 1e-5 next to a value of 1e-53, can settle on
    the same wrong slope); the first that agrees is returned, else the first settled one. A
    smaller step overrules only while its own resolution (rounding / step + gap) is finer than
    the disagreement it re-measures: a step too small to see the error cannot clear it."""
    steps = [step * shrink for shrink in SHRINKS]
    relative = STEP * abs(center)
    if 0 < relative < steps[-1]:
        steps.append(relative)
    unsettled = False
    first: tuple[float, float, str, float] | None = None
    for h in steps:
        try:
            wide = (at(h) - at(-h)) / (2 * h)
        except (ArithmeticError, ValueError):
            continue
        kind = "centred" if h == step else "shrunk"
        try:
            narrow = (at(h / 2) - at(-h / 2)) / h
        except (ArithmeticError, ValueError):
            return wide, h, kind, 0.0
        gap = abs(wide - narrow)
        if gap > 1e-3 * max(abs(wide), abs(narrow)) + 12 * rounding / h:
            unsettled = True
            continue
        found = ((4 * narrow - wide) / 3, h / 2, "shrunk" if unsettled or first is not None else kind, gap)
        if first is not None and ours is not None and 12 * rounding / found[1] + gap >= 0.5 * abs(ours - first[0]):
            break  # this step cannot resolve the disagreement it would re-measure: it may not overrule
        if ours is None or _close(ours, found[0], found[1], rounding, gap):
            return found
        first = first or found
    if first is not None:
        return first
    if unsettled:
        return math.nan, 0.0, "unsettled", 0.0
    try:
        middle = at(0.0)
    except (ArithmeticError, ValueError):
        return math.nan, 0.0, "none", 0.0
    for h in steps:
        for sign in (1.0, -1.0):
            try:
                return sign * (at(sign * h) - middle) / h, h, "one-sided", 0.0
            except (ArithmeticError, ValueError):
                continue
    return math.nan, 0.0, "none", 0.0


def _close(ours: float, estimate: float, step: float, rounding: float, gap: float) -> bool:
    """difference_tolerance for one entry (rtol 1e-5, atol 1e-7, as the cross-check's)."""
    return abs(ours - estimate) <= 1e-7 + 1e-5 * max(abs(ours), abs(estimate)) + 12 * rounding / step + gap


class Difference:
    """Differences of one node's gradient, entry by entry, with the steps they used."""

    def __init__(self, estimate: Any, steps: Any, kinds: set[str], gaps: Any) -> None:
        self.estimate = estimate
        self.steps = steps  # the smallest step of each entry (0 where no difference was defined)
        self.kinds = kinds  # "centred", "shrunk", "one-sided", "none", "unsettled"
        self.gaps = gaps  # |difference at h - difference at h/2|: the truncation error left

    def note(self) -> str:
        """How the steps had to be adapted, for the method text ("" when they did not)."""
        notes = []
        if "shrunk" in self.kinds:
            notes.append("step shrunk to stay in the domain or on one piece")
        if "one-sided" in self.kinds:
            notes.append("one-sided where a centred step leaves the domain")
        return f" ({'; '.join(notes)})" if notes else ""


def node_difference(graph: Graph, values: dict[str, Any], index: int, like: Any, step: float = STEP,
                    rounding: float = 0.0, ours: Any = None) -> Difference:
    """d(output)/d(node) by differences that never leave the domain, entry by entry for arrays."""
    if not is_array(like):
        mine = None if ours is None or is_array(ours) else float(ours)
        estimate, used, kind, gap = _difference(lambda t: output_at(graph, values, (index, t)), float(like), step,
                                                rounding, mine)
        return Difference(estimate, used, {kind}, gap)
    result = np.zeros_like(like, dtype=float)
    steps = np.zeros_like(like, dtype=float)
    gaps = np.zeros_like(like, dtype=float)
    kinds: set[str] = set()
    for position in np.ndindex(*like.shape):
        def at(t: float, position: tuple[int, ...] = position) -> float:
            delta = np.zeros_like(like, dtype=float)
            delta[position] = t
            return output_at(graph, values, (index, delta))

        mine = float(ours[position]) if is_array(ours) and np.shape(ours) == like.shape else None
        result[position], steps[position], kind, gaps[position] = _difference(at, float(like[position]), step,
                                                                              rounding, mine)
        kinds.add(kind)
    return Difference(result, steps, kinds, gaps)


def node_gradient(graph: Graph, values: dict[str, Any], index: int, like: Any, step: float = STEP) -> Any:
    """d(output)/d(node) by differences (see node_difference); nan where no nudge is defined."""
    return node_difference(graph, values, index, like, step).estimate


def sampled_gradient(graph: Graph, values: dict[str, Any], index: int, like: Any, count: int,
                     seed: int = 0, rounding: float = 0.0, ours: Any = None) -> tuple[list[tuple[int, ...]], Difference]:
    """Differences (as node_difference) at `count` entries picked at random (fixed seed): the
    positions and their estimates. For arrays too large to difference entry by entry."""
    total = int(like.size)
    rng = np.random.default_rng(seed + index)
    flat = sorted(rng.choice(total, size=min(count, total), replace=False).tolist())
    positions = [tuple(int(p) for p in np.unravel_index(f, like.shape)) for f in flat]
    estimates, steps, gaps = np.zeros(len(positions)), np.zeros(len(positions)), np.zeros(len(positions))
    kinds: set[str] = set()
    for n, position in enumerate(positions):
        def at(t: float, position: tuple[int, ...] = position) -> float:
            delta = np.zeros_like(like, dtype=float)
            delta[position] = t
            return output_at(graph, values, (index, delta))

        mine = float(ours[position]) if ours is not None else None
        estimates[n], steps[n], kind, gaps[n] = _difference(at, float(like[position]), STEP, rounding, mine)
        kinds.add(kind)
    return positions, Difference(estimates, steps, kinds, gaps)


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
    try:
        total = math.fsum(abs(v * g) for v, g in zip(node_values[:size], grads[:size]) if g is not None)
    except OverflowError:  # terms near 1e308 whose sum is past float64: rounding can move it anywhere
        return math.inf
    return 2 * 2.0**-52 * total


def array_rounding_error(node_values: list[Any], grads: list[Any], size: int) -> float:
    """rounding_error for a graph with arrays: every entry of every node counts, so the
    magnitudes a sum or a matrix product adds up are in it (the entries of its inputs, times
    their gradients), and a reduction of n entries may round log2(n) times over."""
    total = 0.0
    widest = 1
    for v, g in zip(node_values[:size], grads[:size]):
        if g is None or isinstance(v, slice):
            continue
        product = np.abs(np.asarray(v, dtype=float)) * np.abs(np.asarray(g, dtype=float))
        total += float(np.sum(product))
        widest = max(widest, int(np.size(v)))
    return 2 * 2.0**-52 * total * max(1.0, math.log2(widest))


def difference_tolerance(ours: Any, expected: Any, steps: Any, rounding: float, rtol: float, atol: float,
                         gaps: Any = 0.0) -> Any:
    """How far a difference may honestly be from the gradient, entry by entry: rtol and atol,
    plus what the difference cannot resolve: the rounding of the nudged outputs divided by the
    step (12 x, as the directional check; entries with no step get none) and the gap between
    the differences at h and h/2 (truncation)."""
    ours_arr, expected_arr = np.asarray(ours, dtype=float), np.asarray(expected, dtype=float)
    steps_arr = np.asarray(steps, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        noise = np.where(steps_arr > 0, 12 * rounding / np.where(steps_arr > 0, steps_arr, 1.0), 0.0)
    return atol + rtol * np.maximum(np.abs(ours_arr), np.abs(expected_arr)) + noise + np.asarray(gaps, dtype=float)


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
