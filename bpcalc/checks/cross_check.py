"""Cross-check every gradient of a trace against references that share no code with backprop.

Which checks run depends on size, and the report says which did. Every check is linear in the
size of the graph except the whole-expression one, which only runs on small graphs.
- "sympy": for graphs up to FULL_SYMBOLIC_NODES nodes, SymPy differentiates the output with
  respect to every node (the node replaced by a symbol) and the result is evaluated at the
  inputs. Fully independent of our derivative rules, but symbolic expressions swell, so it is
  only run while cheap.
- "sympy-local": for every larger scalar graph, each node's local gradients against SymPy's
  derivative of that node's operation alone (the row's `sympy` counterpart, never our `local`
  rule). The derivatives of each distinct (operation, arity) are taken once and turned into
  float functions once (symbolic.float_function, closures over the expression tree); each node
  then costs a few float operations. Where such a function cannot answer (an undefined point,
  Heaviside or sign exactly at 0, an overflow) the node is evaluated exactly with SymPy at 30
  digits, as is every node the fast path finds in disagreement (up to EXACT_RECHECKS) before
  it is reported. A pair where both numbers are not finite is skipped. Where SymPy's general
  formula is undefined but ours is finite (d(x^2)/dx at 0 from a^b * b / a), the other inputs
  are put in before differentiating, and failing that centred differences of the forward rule
  give the limit.
- "finite-differences": how the chain rule assembled those local gradients, with forward
  passes only, two kinds:
  - centred differences (h = numeric.STEP) for at most FINITE_DIFFERENCE_INPUTS inputs (all
    when there are fewer; else the largest gradients and a fixed-seed sample), each re-running
    only the nodes that depend on its input; a disagreement is measured again at h/2 and
    decided by Richardson's extrapolation, the gap between the two steps added to the
    tolerance;
  - a directional check over all inputs at once: sum_i grad_i v_i against
    (f(x + hv) - f(x - hv)) / 2h for a fixed-seed random v, at h and h/2 combined by
    Richardson (4 forward passes). Its tolerance is what the difference cannot resolve: the
    rounding of the forward passes (estimated from every node's value and gradient), the gap
    between the two steps, and NUMERIC_RTOL; no fixed absolute tolerance, so a wrong gradient
    of 1e-4 does not hide under one. Inputs that feed a kink are left out of v. A mismatch
    fails the report (CheckReport.directional) and marks "mismatch" on the inputs that were
    not differenced on their own; when it passes, those inputs are "ok" by this check.
  Both shrink the step (to 1e-2 h, then 1e-4 h) while a nudged pass moves a relu, abs, max or
  min onto another piece, leaves the domain, or gives differences at h and h/2 that do not
  settle (a pole close by); when no step works, nothing is concluded: the directional check is
  "inconclusive", and an input gets "kink" (or "unchecked"), never a false mismatch.
For array values:
- "sympy-elements": up to ARRAY_SYMBOLIC_NODES nodes and ARRAY_SYMBOLIC_ENTRIES entries in
  all node values together, SymPy differentiates the output by one symbol per entry of every
  node in turn (numpy object arrays of SymPy expressions);
- "finite-differences": every node's gradient, entry by entry, while the work (entries to
  nudge x the cost of one forward pass) stays within ARRAY_DIFFERENCE_BUDGET; past that, the
  input variables only; past that, FINITE_DIFFERENCE_SAMPLE entries of each input picked at
  random (fixed seed), and the report says so.
The verdict of an array node is decided by its worst entry (max relative error).
Nodes at a kink (relu/abs at 0, max/min ties), and the nodes feeding them, get the verdict
"kink" instead of a mismatch: no single derivative exists there to agree with.
A long check reports its progress to an optional callback (the CLI draws a bar on a terminal).
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bpcalc.base.gcpause import collector_paused
from bpcalc.checks import numeric, symbolic
from bpcalc.checks.verdicts import ILL_CONDITIONED, INCONCLUSIVE, KINK, MEANINGS, MISMATCH, OK, UNCHECKED, UNDEFINED
from bpcalc.engine import Trace
from bpcalc.ops import REGISTRY

FULL_SYMBOLIC_NODES = 60
FINITE_DIFFERENCE_INPUTS = 24  # inputs differenced one at a time in a larger scalar graph
DIRECTIONAL_SEED = 0  # the direction of the all-inputs check, and the sample of inputs
DIRECTIONAL_SCALES = (1.0, 1e-2, 1e-4)  # multiples of numeric.STEP tried for the directional check
EXACT_RECHECKS = 200  # local disagreements re-evaluated exactly with SymPy before being reported
PROGRESS_EVERY = 2_048  # nodes between two progress reports
ARRAY_SYMBOLIC_NODES = 40
ARRAY_SYMBOLIC_ENTRIES = 120  # entries of all node values together
ARRAY_DIFFERENCE_BUDGET = 20_000_000  # nudged entries x (entries of all nodes + 50 per node)
FINITE_DIFFERENCE_SAMPLE = 8  # entries per input when an array is too large to nudge entirely

SYMPY_RTOL, SYMPY_ATOL = 1e-9, 1e-12
NUMERIC_RTOL, NUMERIC_ATOL = 1e-5, 1e-7


LOCAL_METHOD = "sympy-local"
LIMIT_METHOD = "sympy-local (limit by finite differences)"
DIRECTIONAL_METHOD = "finite-differences (directional)"

# (what is being done, done so far, total): called now and then during a long check.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class NodeCheck:
    verdict: str
    method: str | None = None  # which reference decided the verdict
    expected: Any = None  # the reference's number
    formula: str | None = None  # SymPy's d(output)/d(node), as text
    relative_error: float | None = None


@dataclass(frozen=True)
class DirectionalCheck:
    """The chain-rule check over all inputs at once, along one fixed-seed random direction v."""

    verdict: str  # ok, mismatch or inconclusive
    inputs: int  # inputs with a nonzero entry in v (inputs that feed a kink are left out)
    backprop: float  # sum_i grad_i v_i
    expected: float | None  # the centred difference along v, Richardson-extrapolated
    relative_error: float | None
    step: float | None  # the step along v that decided
    tolerance: float | None = None  # the largest |expected - backprop| that agrees, at that step
    seed: int = DIRECTIONAL_SEED
    reason: str | None = None  # why it is inconclusive


@dataclass(frozen=True)
class CheckReport:
    nodes: list[NodeCheck]
    methods: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # checks not run, and why
    directional: DirectionalCheck | None = None  # scalar graphs past FULL_SYMBOLIC_NODES
    notes: list[str] = field(default_factory=list)  # what an ill-conditioned verdict rests on

    @property
    def passed(self) -> bool:
        if self.directional is not None and self.directional.verdict == MISMATCH:
            return False
        return all(node.verdict != MISMATCH for node in self.nodes)

    @property
    def headline(self) -> str:
        """One honest line: what passed means here (no "all agree" over gradients that have no
        value, or that agree only within float64's rounding)."""
        if not self.passed:
            return "gradient mismatch"
        verdicts = {node.verdict for node in self.nodes if node.method != "static"}
        if ILL_CONDITIONED in verdicts:
            return "gradients agree, some only within float64 rounding (ill-conditioned)"
        if UNDEFINED in verdicts:
            return "every gradient that exists agrees"
        return "all gradients agree"

    def meanings(self) -> list[str]:
        """What the less common verdicts in this report promise, one line each."""
        verdicts = {node.verdict for node in self.nodes if node.method != "static"}
        return [text for verdict, text in MEANINGS.items() if verdict in verdicts]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node.verdict] = counts.get(node.verdict, 0) + 1
        return counts


def cross_check(trace: Trace, values: dict[str, Any], *, progress: Progress | None = None) -> CheckReport:
    """Check every gradient of `trace`; `progress`, if given, hears how a long check advances.
    Nudged passes may overflow or leave a domain on purpose: no warning of numpy's gets out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if trace.arrays:
            from bpcalc.ops import np

            with np.errstate(all="ignore"):
                return _cross_check(trace, values, progress)
        return _cross_check(trace, values, progress)


def _cross_check(trace: Trace, values: dict[str, Any], progress: Progress | None) -> CheckReport:
    graph = trace.graph
    size = graph.output + 1
    checks: list[NodeCheck | None] = [None] * len(graph.ops)
    methods: list[str] = []
    skipped: list[str] = []
    notes: list[str] = []
    directional = None
    affected = _kink_affected(trace)
    if trace.arrays:
        _array_checks(trace, values, checks, methods, skipped)
    elif size <= FULL_SYMBOLIC_NODES and _try_full_symbolic(trace, values, checks, skipped, notes):
        methods.append("sympy")
    else:
        if size > FULL_SYMBOLIC_NODES:
            skipped.append(f"sympy (whole-expression derivatives): skipped for {size} nodes > {FULL_SYMBOLIC_NODES}")
        # These loops allocate a few small objects per node and no cycles: with the collector
        # on, it would rescan the whole graph again and again as they run.
        with collector_paused():
            _local_symbolic(trace, checks, progress)
            methods.append(LOCAL_METHOD)
            directional = _finite_differences(trace, values, checks, affected, methods, skipped, progress)
    final: list[NodeCheck] = []
    for i, check in enumerate(checks):
        if check is None:
            check = NodeCheck(UNCHECKED)
        if affected[i] and check.verdict in (MISMATCH, OK, UNCHECKED) and (trace.kinks[i] or check.verdict == MISMATCH):
            check = NodeCheck(KINK, check.method, check.expected, check.formula, check.relative_error)
        final.append(check)
    return CheckReport(final, methods, skipped, directional, notes)


def _try_full_symbolic(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], skipped: list[str],
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
        ours = trace.grads[k]
        expected = symbolic.evaluate(formula, subs)
        if not math.isnan(expected):
            if ours is None:
                checks[k] = _no_gradient(trace, values, k, expected, "sympy", _formula_text(formula))
                continue
            verdict = OK if numeric.agrees(ours, expected, SYMPY_RTOL, SYMPY_ATOL) else MISMATCH
            if verdict == MISMATCH:  # before saying so, evaluate the formula at the exact inputs
                expected = symbolic.evaluate_exactly(formula, graph, symbols, values)
                verdict = OK if numeric.agrees(ours, expected, SYMPY_RTOL, SYMPY_ATOL) else MISMATCH
            checks[k] = NodeCheck(verdict, "sympy", expected, _formula_text(formula),
                                  numeric.relative_error(ours, expected))
            continue
        # SymPy's formula has no real value at this point: either the gradient has none
        # (x^y in y at x < 0), or the formula is undefined where its limit exists (0 * log 0).
        # Differences that stay in the domain tell which.
        if rounding is None:
            rounding = numeric.rounding_error(trace.values, trace.grads, graph.output + 1)
        difference = numeric.node_difference(graph, values, k, trace.values[k], rounding=rounding, ours=ours)
        checks[k] = _entry_verdict(ours, difference, rounding, "finite-differences" + difference.note(),
                                   _formula_text(formula))


def _entry_verdict(ours: Any, difference: numeric.Difference, rounding: float, method: str,
                   formula: str | None = None) -> NodeCheck:
    """A node's verdict against differences (nan entries: no nudge is defined on either side,
    so that entry has no real gradient): mismatch where an entry disagrees beyond what the
    difference can resolve, else undefined where an entry has no real value, else ok. No
    gradient from backprop is undefined here: these are the points where SymPy's formula is
    not finite either, and a difference cannot tell an infinite slope (sqrt at 0) from a steep one."""
    from bpcalc.base.shapes import is_array

    expected, steps, gaps = difference.estimate, difference.steps, difference.gaps
    arrays = is_array(expected) or is_array(ours)
    if ours is None:
        return NodeCheck(UNDEFINED, method, None, formula)
    if "unsettled" in difference.kinds and not _any_bad(ours, difference, rounding):
        return NodeCheck(UNCHECKED, method + " (no step settled for some entries: a pole or a kink within the step)")
    if not arrays:
        if math.isnan(expected):
            return NodeCheck(UNDEFINED, method, None, formula)
        tolerance = float(numeric.difference_tolerance(ours, expected, steps, rounding, NUMERIC_RTOL, NUMERIC_ATOL,
                                                       gaps))
        verdict = OK if abs(ours - expected) <= tolerance else MISMATCH
        return NodeCheck(verdict, method, expected, formula, numeric.relative_error(ours, expected))
    from bpcalc.ops import np

    ours_arr, expected_arr = np.asarray(ours, dtype=float), np.asarray(expected, dtype=float)
    if ours_arr.shape != expected_arr.shape:
        return NodeCheck(MISMATCH, method, expected, formula, math.inf)
    real = np.isfinite(expected_arr)
    tolerance = numeric.difference_tolerance(ours_arr, expected_arr, steps, rounding, NUMERIC_RTOL, NUMERIC_ATOL, gaps)
    bad = real & ~(np.abs(ours_arr - expected_arr) <= tolerance)
    error = numeric.relative_error(np.where(real, ours_arr, 0.0), np.where(real, expected_arr, 0.0))
    if bool(np.any(bad)):
        return NodeCheck(MISMATCH, method, expected, formula, error)
    if not bool(np.all(real)):
        return NodeCheck(UNDEFINED, method, expected, formula, error)
    return NodeCheck(OK, method, expected, formula, error)


def _any_bad(ours: Any, difference: numeric.Difference, rounding: float) -> bool:
    """Whether an entry that did settle disagrees (then the node is a mismatch regardless)."""
    from bpcalc.ops import np

    ours_arr, expected = np.asarray(ours, dtype=float), np.asarray(difference.estimate, dtype=float)
    if ours_arr.shape != expected.shape:
        return True
    real = np.isfinite(expected)
    tolerance = numeric.difference_tolerance(ours_arr, expected, difference.steps, rounding, NUMERIC_RTOL, NUMERIC_ATOL,
                                             difference.gaps)
    return bool(np.any(real & ~(np.abs(ours_arr - expected) <= tolerance)))


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
            f"∂{graph.label(graph.output)}/∂{graph.label(k)}: backprop gives {format_number(trace.grads[k], 6)}, the exact "
            f"value is {format_number(check.expected, 6)}; the difference {format_number(gap, 3)} is within "
            f"{format_number(bounds[k], 3)}, what float64 rounding can do to this computation{where}")


def _local_symbolic(trace: Trace, checks: list[NodeCheck | None], progress: Progress | None) -> None:
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


def _fast_verdict(functions: list[symbolic.FloatFunction | None] | None, parts: Any,
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
        self.compiled: dict[tuple[str, int], list[symbolic.FloatFunction | None] | None] = {}
        self.exact_values: dict[tuple[str, int, tuple[float, ...]], list[float]] = {}
        self.rechecks = EXACT_RECHECKS

    def derivatives(self, key: tuple[str, int]) -> tuple[list[Any], list[Any]]:
        if key not in self.rows:
            self.rows[key] = symbolic.local_derivatives(*key)
        return self.rows[key]

    def functions(self, key: tuple[str, int]) -> list[symbolic.FloatFunction | None] | None:
        if key not in self.compiled:
            args, derivatives = self.derivatives(key)
            self.compiled[key] = [symbolic.float_function(d, args) for d in derivatives]
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


def _finite_differences(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], affected: list[bool],
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


def _array_checks(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], methods: list[str],
                  skipped: list[str]) -> None:
    """Arrays: SymPy with element symbols while small, and finite differences within budget.
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
    if size <= ARRAY_SYMBOLIC_NODES and entries <= ARRAY_SYMBOLIC_ENTRIES:
        expected = symbolic.array_gradients(graph, values, trace.values, static)
        for k in range(size):
            if k in static:
                continue
            if bool(np.all(np.isfinite(np.asarray(expected[k], dtype=float)))):
                checks[k] = _verdict(trace.grads[k], expected[k], "sympy-elements", SYMPY_RTOL, SYMPY_ATOL, trace, values, k)
            else:
                exact[k] = expected[k]
        methods.append("sympy-elements")
    else:
        why = f"{size} nodes > {ARRAY_SYMBOLIC_NODES}" if size > ARRAY_SYMBOLIC_NODES else (
            f"{entries} entries > {ARRAY_SYMBOLIC_ENTRIES}")
        skipped.append(f"sympy-elements (one symbol per entry): skipped for {why}")
    inputs = [i for i in graph.variables.values() if i not in static]
    one_pass = entries + 50 * size
    input_entries = sum(int(getattr(trace.values[i], "size", 1)) for i in inputs)
    rounding = numeric.array_rounding_error(trace.values, trace.grads, size)
    methods.append("finite-differences")
    if entries * one_pass <= ARRAY_DIFFERENCE_BUDGET:
        targets = [i for i in range(size) if i not in static and graph.ops[i] != "const"]
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
        checks[k] = _entry_verdict(trace.grads[k], difference, rounding, method)


def _sampled(trace: Trace, values: dict[str, Any], k: int, rounding: float) -> NodeCheck:
    """Finite differences at a few random entries of a large input."""
    ours = trace.grads[k]
    if not hasattr(ours, "shape"):
        difference = numeric.node_difference(trace.graph, values, k, trace.values[k], rounding=rounding, ours=ours)
        return _entry_verdict(ours, difference, rounding, "finite-differences" + difference.note())
    positions, difference = numeric.sampled_gradient(trace.graph, values, k, trace.values[k], FINITE_DIFFERENCE_SAMPLE,
                                                     rounding=rounding, ours=ours)
    picked = [ours[p] for p in positions]
    from bpcalc.ops import np

    check = _entry_verdict(np.asarray(picked, dtype=float), difference, rounding,
                           "finite-differences (sampled)" + difference.note())
    return NodeCheck(check.verdict, check.method, None, None, check.relative_error)


def _no_gradient(trace: Trace, values: dict[str, Any], k: int, expected: Any, method: str,
                 formula: str | None = None) -> NodeCheck:
    """Backprop gives no gradient where SymPy's formula is finite. SymPy works over the complex
    numbers, so that alone proves nothing (|(-2)^c| is real and smooth in c, and x^-c / x^-c
    simplifies to 1, while x^c is not real near c for x < 0): it is a mismatch only when real
    differences, in float64, can be taken on both sides too; else undefined."""
    from bpcalc.ops import np

    difference = numeric.node_difference(trace.graph, values, k, trace.values[k])
    real = difference.kinds <= {"centred", "shrunk"} and bool(np.all(np.isfinite(difference.estimate)))
    if real:
        return NodeCheck(MISMATCH, method, expected, formula, math.inf)
    return NodeCheck(UNDEFINED, method, None, formula)


def _verdict(ours: Any, expected: Any, method: str, rtol: float, atol: float, trace: Trace | None = None,
             values: dict[str, Any] | None = None, k: int = -1) -> NodeCheck:
    if ours is None and trace is not None and values is not None:
        return _no_gradient(trace, values, k, expected, method)
    if ours is None:
        return NodeCheck(UNDEFINED, method, expected)
    verdict = OK if numeric.agrees(ours, expected, rtol, atol) else MISMATCH
    return NodeCheck(verdict, method, expected, None, numeric.relative_error(ours, expected))


def _kink_affected(trace: Trace) -> list[bool]:
    """Nodes at a kink and every node that feeds one: their gradient depends on the convention."""
    graph = trace.graph
    affected = list(trace.kinks)
    for i in range(len(graph.ops) - 1, -1, -1):
        if affected[i]:
            for a in graph.args[i]:
                affected[a] = True
    return affected


def local_rule_text(op_name: str) -> str:
    return REGISTRY[op_name].rule


def _formula_text(formula: Any) -> str:
    """A formula as text; exact constants with thousands of digits are shown to 30 digits."""
    try:
        return str(formula)
    except ValueError:  # Python refuses to print integers of more than 4300 digits
        return str(formula.evalf(30))
