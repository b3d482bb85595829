"""The checks of an array graph: SymPy with one symbol per entry while small, and finite
differences within a budget (see cross_check's docstring)."""

from __future__ import annotations

from typing import Any

from bpcalc.checks import numeric, symbolic
from bpcalc.checks.node_verdict import entry_verdict, no_gradient
from bpcalc.checks.report import SYMPY_ATOL, SYMPY_RTOL, NodeCheck
from bpcalc.checks.verdicts import MISMATCH, OK, UNDEFINED
from bpcalc.engine import Trace
from bpcalc.ops import CONSTANT

ARRAY_DIFFERENCE_BUDGET = 20_000_000  # nudged entries x (entries of all nodes + 50 per node)
FINITE_DIFFERENCE_SAMPLE = 8  # entries per input when an array is too large to nudge entirely


def array_checks(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], methods: list[str],
                 skipped: list[str], *, symbolic_nodes: int, symbolic_entries: int) -> None:
    """Arrays: SymPy with element symbols while small (up to `symbolic_nodes` nodes and
    `symbolic_entries` entries in all), and finite differences within budget.
    SymPy's exact verdict is final; differences decide the nodes (and the entries) it leaves
    open: no SymPy run, or entries where SymPy's formula has no real value (0 * log 0)."""
    from bpcalc.engine.array_pass import static_only
    from bpcalc.ops import np

    graph = trace.graph
    size = graph.output + 1
    static = set(static_only(graph))
    for i in static:
        checks[i] = NodeCheck(UNDEFINED, "static", None, "an integer argument (axis, index or label): no gradient")
    entries = sum(int(getattr(trace.values[i], "size", 1)) for i in range(size) if i not in static)
    exact: dict[int, Any] = {}  # SymPy's gradient of the nodes it left open (nan entries)
    if size <= symbolic_nodes and entries <= symbolic_entries:
        expected = symbolic.array_gradients(graph, values, trace.values, static)
        for k in range(size):
            if k in static or k in graph.constants:
                continue
            if bool(np.all(np.isfinite(np.asarray(expected[k], dtype=float)))):
                checks[k] = _verdict(trace.grads[k], expected[k], "sympy-elements", SYMPY_RTOL, SYMPY_ATOL, trace, values, k)
            else:
                exact[k] = expected[k]
        methods.append("sympy-elements")
    else:
        why = f"{size} nodes > {symbolic_nodes}" if size > symbolic_nodes else (
            f"{entries} entries > {symbolic_entries}")
        skipped.append(f"sympy-elements (one symbol per entry): skipped for {why}")
    inputs = [i for i in graph.variables.values() if i not in static]
    one_pass = entries + 50 * size
    input_entries = sum(int(getattr(trace.values[i], "size", 1)) for i in inputs)
    rounding = numeric.array_rounding_error(trace.values, trace.grads, size)
    methods.append("finite-differences")
    if entries * one_pass <= ARRAY_DIFFERENCE_BUDGET:
        targets = [i for i in range(size) if i not in static and graph.ops[i] != CONSTANT]
    elif input_entries * one_pass <= ARRAY_DIFFERENCE_BUDGET:
        targets = inputs
        skipped.append("finite-differences: inputs only, too many entries to nudge every node")
    else:
        skipped.append(f"finite-differences: {FINITE_DIFFERENCE_SAMPLE} entries of each input sampled at random, "
                       f"too many entries ({input_entries}) to nudge them all")
        for k in inputs:
            if checks[k] is None and k not in exact:
                checks[k] = _sampled(trace, values, k, rounding)
        targets = []
    for k in sorted(set(targets) | exact.keys()):
        if checks[k] is not None:
            continue  # decided exactly by SymPy: differences do not overrule it
        difference = numeric.node_difference(graph, values, k, trace.values[k], rounding=rounding, ours=trace.grads[k])
        method = "finite-differences" + difference.note()
        if k in exact:
            # SymPy's finite entries stay exact (no step and no gap); differences take the
            # entries where its formula has no real value.
            sympy_entries = np.asarray(exact[k], dtype=float)
            finite = np.isfinite(sympy_entries)
            difference = numeric.Difference(np.where(finite, sympy_entries, difference.estimate),
                                            np.where(finite, 0.0, difference.steps), difference.kinds,
                                            np.where(finite, 0.0, difference.gaps))
            method = "sympy-elements, finite-differences where SymPy's formula has no value" + difference.note()
        checks[k] = entry_verdict(trace.grads[k], difference, rounding, method)


def _sampled(trace: Trace, values: dict[str, Any], k: int, rounding: float) -> NodeCheck:
    """Finite differences at a few random entries of a large input."""
    ours = trace.grads[k]
    if not hasattr(ours, "shape"):
        difference = numeric.node_difference(trace.graph, values, k, trace.values[k], rounding=rounding, ours=ours)
        return entry_verdict(ours, difference, rounding, "finite-differences" + difference.note())
    positions, difference = numeric.sampled_gradient(trace.graph, values, k, trace.values[k], FINITE_DIFFERENCE_SAMPLE,
                                                     rounding=rounding, ours=ours)
    picked = [ours[p] for p in positions]
    from bpcalc.ops import np

    check = entry_verdict(np.asarray(picked, dtype=float), difference, rounding,
                           "finite-differences (sampled)" + difference.note())
    return NodeCheck(check.verdict, check.method, None, None, check.relative_error)


def _verdict(ours: Any, expected: Any, method: str, rtol: float, atol: float, trace: Trace | None = None,
             values: dict[str, Any] | None = None, k: int = -1) -> NodeCheck:
    if ours is None and trace is not None and values is not None:
        return no_gradient(trace, values, k, expected, method)
    if ours is None:
        return NodeCheck(UNDEFINED, method, expected)
    verdict = OK if numeric.agrees(ours, expected, rtol, atol) else MISMATCH
    return NodeCheck(verdict, method, expected, None, numeric.relative_error(ours, expected))
