"""The SymPy checks of a scalar graph: whole-expression derivatives while the graph is small,
else each node's local gradients against SymPy's derivative of its operation alone.
See cross_check's docstring for when each runs and what it proves."""

from __future__ import annotations

import math
from typing import Any

from bpcalc.checks import numeric, symbolic
from bpcalc.checks.float_functions import FloatFunction, float_function
from bpcalc.checks.node_verdict import entry_verdict, formula_text, no_gradient
from bpcalc.checks.report import (
    LIMIT_METHOD,
    LOCAL_METHOD,
    NUMERIC_ATOL,
    NUMERIC_RTOL,
    SYMPY_ATOL,
    SYMPY_RTOL,
    NodeCheck,
    Progress,
)
from bpcalc.checks.verdicts import ILL_CONDITIONED, MISMATCH, OK
from bpcalc.engine import Trace
from bpcalc.ops import REGISTRY

EXACT_RECHECKS = 200  # local disagreements re-evaluated exactly with SymPy before being reported
PROGRESS_EVERY = 2_048  # nodes between two progress reports


def try_full_symbolic(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], skipped: list[str],
                       notes: list[str]) -> bool:
    """The whole-expression check; False (and the linear checks run instead) where SymPy
    refuses the expression: exact constants can make it undefined where the floats are not
    (log(sin(pi)) is log(0) to SymPy, so a max over it is not comparable)."""
    try:
        _full_symbolic(trace, values, checks)
    except (ArithmeticError, TypeError, ValueError) as error:
        checks[:] = [None] * len(checks)
        skipped.append(f"sympy (whole-expression derivatives): SymPy could not build the expression ({error})")
        return False
    if any(check is not None and check.verdict == MISMATCH for check in checks):
        _ill_conditioned(trace, values, checks, notes)
    return True


def _full_symbolic(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None]) -> None:
    graph = trace.graph
    symbols = symbolic.leaf_symbols(graph)
    subs = symbolic.substitution(graph, symbols, values)
    formulas = symbolic.gradient_formulas(graph)
    rounding: float | None = None
    for k, formula in enumerate(formulas):
        if k in graph.constants and k != graph.output:
            continue  # a parameter of its gate: no gradient, no verdict
        ours = trace.grads[k]
        expected = symbolic.evaluate(formula, subs)
        if not math.isnan(expected):
            if ours is None:
                checks[k] = no_gradient(trace, values, k, expected, "sympy", formula_text(formula))
                continue
            verdict = OK if numeric.agrees(ours, expected, SYMPY_RTOL, SYMPY_ATOL) else MISMATCH
            if verdict == MISMATCH:  # before saying so, evaluate the formula at the exact inputs
                expected = symbolic.evaluate_exactly(formula, graph, symbols, values)
                verdict = OK if numeric.agrees(ours, expected, SYMPY_RTOL, SYMPY_ATOL) else MISMATCH
            checks[k] = NodeCheck(verdict, "sympy", expected, formula_text(formula),
                                  numeric.relative_error(ours, expected))
            continue
        # SymPy's formula has no real value at this point: either the gradient has none
        # (x^y in y at x < 0), or the formula is undefined where its limit exists (0 * log 0).
        # Differences that stay in the domain tell which.
        if rounding is None:
            rounding = numeric.rounding_error(trace.values, trace.grads, graph.output + 1)
        difference = numeric.node_difference(graph, values, k, trace.values[k], rounding=rounding, ours=ours)
        checks[k] = entry_verdict(ours, difference, rounding, "finite-differences" + difference.note(),
                                   formula_text(formula))


def _ill_conditioned(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], notes: list[str]) -> None:
    """Mismatches with SymPy's exact value that float64 rounding of this very computation can
    explain (|backprop - exact| within the running error bound) become "ill-conditioned"."""
    from bpcalc.base.numbers import format_number
    from bpcalc.checks import conditioning

    graph = trace.graph
    bounds, errors, cause = conditioning.gradient_bounds(trace)
    # The first node whose rounding bound reaches half its value: where cancellation begins.
    first_lost = next((i for i in range(graph.output + 1)
                       if errors[i] > 0 and errors[i] >= 0.5 * abs(trace.values[i]) and graph.args[i]), -1)
    for k, check in enumerate(checks):
        if check is None or check.verdict != MISMATCH or check.method != "sympy" or trace.grads[k] is None:
            continue
        gap = abs(trace.grads[k] - check.expected)
        if not (math.isfinite(bounds[k]) and gap <= bounds[k]):
            continue
        checks[k] = NodeCheck(ILL_CONDITIONED, check.method, check.expected, check.formula, check.relative_error)
        source = first_lost if first_lost >= 0 else cause[k]
        where = ""
        if source >= 0:
            what = "its value may have no correct digit left" if source == first_lost else (
                "its local gradient depends on digits that float64 does not hold")
            where = f"; the digits are lost at node {graph.label(source)} ({graph.ops[source]}): {what} (cancellation)"
        notes.append(
            f"dL/d{graph.label(k)}: backprop gives {format_number(trace.grads[k], 6)}, the exact "
            f"value is {format_number(check.expected, 6)}; the difference {format_number(gap, 3)} is within "
            f"{format_number(bounds[k], 3)}, what float64 rounding can do to this computation{where}")


def local_symbolic(trace: Trace, checks: list[NodeCheck | None], progress: Progress | None) -> None:
    """Each node's local gradients against SymPy's derivative of that operation alone."""
    graph = trace.graph
    ops, args_of = graph.ops, graph.args
    node_values, local = trace.values, trace.locals
    reference = _LocalReference()
    made: dict[float, NodeCheck] = {}  # one shared "ok" check per relative error (0.0 above all)
    size = graph.output + 1
    for i in range(size):
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(LOCAL_METHOD, i, size)
        inputs = args_of[i]
        if not inputs:
            continue
        parts = local[i]
        if parts is None:
            continue
        key = (ops[i], len(inputs))
        functions = reference.functions(key)
        point = tuple([node_values[a] for a in inputs])
        verdict, worst = _fast_verdict(functions, parts, point)
        if verdict is None or (verdict == MISMATCH and reference.rechecks > 0):
            if verdict == MISMATCH:
                reference.rechecks -= 1
            checks[i] = reference.exact(key, point, parts)
        elif verdict == OK:
            check = made.get(worst)
            if check is None:
                check = made[worst] = NodeCheck(OK, LOCAL_METHOD, None, None, worst)
            checks[i] = check
        else:
            checks[i] = NodeCheck(verdict, LOCAL_METHOD, None, None, worst)
    if progress is not None:
        progress(LOCAL_METHOD, size, size)


def _fast_verdict(functions: list[FloatFunction | None] | None, parts: Any,
                  point: tuple[float, ...]) -> tuple[str | None, float]:
    """(verdict, worst relative error) from the compiled derivatives, or (None, 0) when the
    node needs SymPy's exact evaluation: a derivative that is not compiled, or that cannot
    answer at this point while our local gradient is finite."""
    if functions is None:
        return None, 0.0
    isfinite = math.isfinite
    worst = 0.0
    verdict = OK
    for ours, function in zip(parts, functions):
        if function is None:
            return None, 0.0
        try:
            expected = function(point)
        except (ArithmeticError, ValueError):  # AtKink is an ArithmeticError
            if isfinite(ours):
                return None, 0.0
            continue  # undefined here, and ours is not finite either: skipped, as exactly
        if not isfinite(expected):
            if isfinite(ours):
                return None, 0.0
            continue
        if not isfinite(ours):
            return MISMATCH, math.inf
        scale = max(abs(ours), abs(expected))
        difference = abs(ours - expected)
        if scale:
            worst = max(worst, difference / scale)
        if difference > SYMPY_ATOL + SYMPY_RTOL * scale:
            verdict = MISMATCH
    return verdict, worst


class _LocalReference:
    """SymPy's partial derivatives of each (operation, arity), taken and compiled once."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], tuple[list[Any], list[Any]]] = {}
        self.compiled: dict[tuple[str, int], list[FloatFunction | None] | None] = {}
        self.exact_values: dict[tuple[str, int, tuple[float, ...]], list[float]] = {}
        self.rechecks = EXACT_RECHECKS

    def derivatives(self, key: tuple[str, int]) -> tuple[list[Any], list[Any]]:
        if key not in self.rows:
            self.rows[key] = symbolic.local_derivatives(*key)
        return self.rows[key]

    def functions(self, key: tuple[str, int]) -> list[FloatFunction | None] | None:
        if key not in self.compiled:
            args, derivatives = self.derivatives(key)
            self.compiled[key] = [float_function(d, args) for d in derivatives]
        return self.compiled[key]

    def exact(self, key: tuple[str, int], point: tuple[float, ...], parts: Any) -> NodeCheck:
        """The node's verdict from SymPy at 30 digits (the slow path, for the few nodes that need it)."""
        memo = (key[0], key[1], point)
        expected_parts = self.exact_values.get(memo)
        if expected_parts is None:
            sp = symbolic.sympy_module()
            args, derivatives = self.derivatives(key)
            subs = {s: sp.Float(float(x), 30) for s, x in zip(args, point)}
            expected_parts = self.exact_values[memo] = [symbolic.evaluate(d, subs) for d in derivatives]
        worst = 0.0
        verdict = OK
        method = LOCAL_METHOD
        for position, (ours, expected) in enumerate(zip(parts, expected_parts)):
            rtol, atol = SYMPY_RTOL, SYMPY_ATOL
            if math.isfinite(ours) and math.isnan(expected):
                # SymPy's general formula is undefined here (a^b * b / a at a = 0): put the
                # other inputs in first, and failing that let centred differences take the limit.
                expected = symbolic.partial_at(key[0], point, position)
                if math.isnan(expected):
                    expected = _forward_difference(key[0], point, position)
                    rtol, atol = NUMERIC_RTOL, NUMERIC_ATOL
                    method = LIMIT_METHOD
            if math.isfinite(ours) or math.isfinite(expected):
                worst = max(worst, numeric.relative_error(ours, expected))
                if not numeric.agrees(ours, expected, rtol, atol):
                    verdict = MISMATCH
        return NodeCheck(verdict, method, None, None, worst)


def _forward_difference(op_name: str, point: tuple[float, ...], position: int) -> float:
    """d op / d argument by centred differences of the operation's forward rule (not its local rule)."""
    forward = REGISTRY[op_name].forward
    outputs = []
    for delta in (numeric.STEP, -numeric.STEP):
        nudged = list(point)
        nudged[position] += delta
        try:
            outputs.append(float(forward(*nudged)))
        except (ArithmeticError, ValueError):
            return math.nan
    return (outputs[0] - outputs[1]) / (2 * numeric.STEP)
