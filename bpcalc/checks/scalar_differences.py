"""The finite-difference checks of a larger scalar graph: centred differences of a few inputs
one at a time, and one directional check over all inputs at once (see cross_check's docstring)."""

from __future__ import annotations

import math
import random
from typing import Any

from bpcalc.checks import numeric
from bpcalc.checks.report import (
    DIRECTIONAL_METHOD,
    DIRECTIONAL_SEED,
    NUMERIC_ATOL,
    NUMERIC_RTOL,
    DirectionalCheck,
    NodeCheck,
    Progress,
)
from bpcalc.checks.verdicts import INCONCLUSIVE, KINK, MISMATCH, OK, UNCHECKED, UNDEFINED
from bpcalc.engine import Trace

FINITE_DIFFERENCE_INPUTS = 24  # inputs differenced one at a time in a larger scalar graph
DIRECTIONAL_SCALES = (1.0, 1e-2, 1e-4)  # multiples of numeric.STEP tried for the directional check


def finite_differences(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], affected: list[bool],
                        methods: list[str], skipped: list[str], progress: Progress | None) -> DirectionalCheck | None:
    """Centred differences for a few inputs one by one, and along one direction over all of them."""
    graph = trace.graph
    inputs = list(graph.variables.items())
    if not inputs:
        skipped.append("finite-differences: the expression has no inputs to nudge")
        return None
    chosen = _chosen_inputs(trace, inputs)
    total = 2 * len(chosen) + 4 * len(DIRECTIONAL_SCALES)
    descendants = numeric.Descendants(graph)
    pieces = numeric.pieces(graph, trace.values)
    rounding = numeric.rounding_error(trace.values, trace.grads, graph.output + 1)
    for done, (name, index) in enumerate(chosen):
        if progress is not None:
            progress("finite-differences", 2 * done, total)
        checks[index] = _input_check(trace, values, name, descendants.of(index), pieces, rounding)
    if progress is not None:
        progress("finite-differences", 2 * len(chosen), total)
    directional = _directional(trace, values, inputs, affected, pieces, rounding)
    if progress is not None:
        progress("finite-differences", total, total)
    each = _count(len(chosen), len(inputs))
    if directional is None:
        methods.append(f"finite-differences ({each})")
        skipped.append("directional check: not run, every input feeds a kink")
        return None
    over = "all inputs" if directional.inputs == len(inputs) else (
        f"{_count(directional.inputs, len(inputs))}, the others feed a kink")
    if directional.verdict == INCONCLUSIVE:
        methods.append(f"finite-differences ({each})")
        skipped.append(f"directional check over {over}: inconclusive, {directional.reason}")
        return directional
    outcome = ", which failed" if directional.verdict == MISMATCH else ""
    methods.append(f"finite-differences ({each}, plus a directional check over {over}{outcome})")
    _mark_inputs(trace, inputs, affected, checks, directional)
    return directional


def _input_check(trace: Trace, values: dict[str, Any], name: str, cone: list[int], pieces: list[tuple[int, Any]],
                 rounding: float) -> NodeCheck:
    """One input's gradient against centred differences (h = numeric.STEP). A step that crosses
    a kink or leaves the domain is shrunk; a disagreement is measured again at h/2 and decided
    by Richardson's extrapolation, with the gap between the two steps (the truncation error of
    a curved function) added to the tolerance, once the two steps agree with each other."""
    graph = trace.graph
    ours = trace.grads[graph.variables[name]]
    crossed = False
    for scale in DIRECTIONAL_SCALES:
        step = numeric.STEP * scale
        wide = numeric.input_gradient(graph, values, name, trace.values, cone, pieces, step)
        if wide is None or math.isnan(wide):
            crossed = crossed or wide is None
            continue  # a kink within the step, or a nudged pass out of the domain: a smaller step
        if ours is None:
            return NodeCheck(UNDEFINED, "finite-differences", wide)
        # What the difference cannot resolve: the rounding of the two nudged outputs over the
        # step (12 x, as in _directional): y + y / (y + z) at y = 1e6 knows dz to 2e-5 at best.
        noise = 12 * rounding / step
        if abs(ours - wide) <= NUMERIC_ATOL + NUMERIC_RTOL * max(abs(ours), abs(wide)) + noise:
            return NodeCheck(OK, "finite-differences", wide, None, numeric.relative_error(ours, wide))
        narrow = numeric.input_gradient(graph, values, name, trace.values, cone, pieces, step / 2)
        if narrow is None or math.isnan(narrow) or not _settled(wide, narrow, rounding / step):
            crossed = crossed or narrow is None
            continue
        expected = (4 * narrow - wide) / 3
        tolerance = NUMERIC_ATOL + NUMERIC_RTOL * max(abs(ours), abs(expected)) + abs(wide - narrow) + 2 * noise
        verdict = OK if abs(ours - expected) <= tolerance else MISMATCH
        return NodeCheck(verdict, "finite-differences", expected, None, numeric.relative_error(ours, expected))
    # Every step crossed a kink (no single derivative to compare with), left the domain, or
    # gave a difference that would not settle (a pole or a jump close by).
    return NodeCheck(KINK if crossed else UNCHECKED, "finite-differences")


def _settled(wide: float, narrow: float, noise: float) -> bool:
    """Whether centred differences at h and h/2 tell the same story: within 1e-3 of each other
    (truncation error of a smooth function at these steps is far smaller) or within rounding
    (12 x the rounding of the output / h, see _directional). Across a pole or a jump they do
    not, and no verdict is drawn from them."""
    return abs(wide - narrow) <= 1e-3 * max(abs(wide), abs(narrow)) + 12 * noise


def _count(part: int, whole: int) -> str:
    if part < whole:
        return f"{part} of {whole} inputs"
    return "the one input" if whole == 1 else f"all {whole} inputs"


def _chosen_inputs(trace: Trace, inputs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """All inputs when few; else the half with the largest |gradient| and a fixed-seed sample."""
    if len(inputs) <= FINITE_DIFFERENCE_INPUTS:
        return inputs
    grads = trace.grads
    largest = sorted(inputs, key=lambda item: (-abs(grads[item[1]] or 0.0), item[1]))[: FINITE_DIFFERENCE_INPUTS // 2]
    taken = {index for _name, index in largest}
    rest = [item for item in inputs if item[1] not in taken]
    sample = random.Random(DIRECTIONAL_SEED).sample(rest, FINITE_DIFFERENCE_INPUTS - len(largest))
    return sorted(largest + sample, key=lambda item: item[1])


def _directional(trace: Trace, values: dict[str, Any], inputs: list[tuple[str, int]], affected: list[bool],
                 pieces: list[tuple[int, Any]], rounding: float) -> DirectionalCheck | None:
    """sum_i grad_i v_i against the centred difference along v; None when no input can move."""
    graph = trace.graph
    grads = trace.grads
    rng = random.Random(DIRECTIONAL_SEED)
    direction: dict[str, float] = {}
    for name, index in inputs:
        if affected[index] or grads[index] is None:
            continue
        # Entries between 0.5 and 1 in size (none near 0, so every input is really checked),
        # scaled up for large inputs so the nudge is not lost in their last digits.
        size = rng.uniform(0.5, 1.0) * max(1.0, abs(float(values[name])))
        direction[name] = size if rng.random() < 0.5 else -size
    if not direction:
        return None
    ours = math.fsum(grads[graph.variables[name]] * v for name, v in direction.items())
    reason = "every nudged forward pass was undefined or crossed a kink"
    for scale in DIRECTIONAL_SCALES:
        step = numeric.STEP * scale
        wide = numeric.directional_difference(graph, values, direction, step, pieces)
        narrow = numeric.directional_difference(graph, values, direction, step / 2, pieces)
        if wide is None or narrow is None:
            continue
        if not _settled(wide, narrow, rounding / step):
            reason = "the differences at h and h/2 would not settle (a pole or a jump within the step?)"
            continue
        expected = (4 * narrow - wide) / 3  # Richardson: the h^2 error terms cancel
        # The tolerance is what the difference itself cannot resolve: rounding in the forward
        # passes (at most 3 x rounding / step after the extrapolation; 4x that for safety), the
        # gap between the two steps (truncation error), and NUMERIC_RTOL of the numbers. No
        # fixed absolute tolerance: gradients of 1e-4 are common in deep graphs, and a wrong
        # one must not hide under it.
        tolerance = 12 * rounding / step + abs(wide - narrow) + NUMERIC_RTOL * max(abs(expected), abs(ours))
        # The first step that can be computed decides: a smaller one only resolves less.
        verdict = OK if abs(expected - ours) <= tolerance else MISMATCH
        return DirectionalCheck(verdict, len(direction), ours, expected, numeric.relative_error(ours, expected), step,
                                tolerance)
    return DirectionalCheck(INCONCLUSIVE, len(direction), ours, None, None, None, reason=reason)


def _mark_inputs(trace: Trace, inputs: list[tuple[str, int]], affected: list[bool], checks: list[NodeCheck | None],
                 directional: DirectionalCheck) -> None:
    """The directional verdict on the inputs it covered that no single-input difference decided."""
    if directional.verdict == OK:
        verdict = NodeCheck(OK, DIRECTIONAL_METHOD)
    else:
        verdict = NodeCheck(MISMATCH, DIRECTIONAL_METHOD, None, None, directional.relative_error)
    for _name, index in inputs:
        if affected[index] or trace.grads[index] is None:
            continue
        if checks[index] is None:  # an input differenced on its own keeps that verdict
            checks[index] = verdict
