"""Cross-check every gradient of a trace against references that share no code with backprop.

Which checks run depends on size, and the report says which did:
- "sympy": for graphs up to FULL_SYMBOLIC_NODES nodes, SymPy differentiates the output with
  respect to every node (the node replaced by a symbol) and the result is evaluated at the
  inputs. Fully independent of our derivative rules, but symbolic expressions swell, so it is
  only run while cheap.
- "sympy-local": for larger graphs, SymPy differentiates each node's operation on its own and
  checks our local gradient there (linear in size), and
- "finite-differences": centred differences of the output with respect to the input variables
  check how the chain rule assembled those local gradients.
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
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from bpcalc import numeric, symbolic
from bpcalc.engine import Trace
from bpcalc.ops import REGISTRY

FULL_SYMBOLIC_NODES = 60
LOCAL_SYMBOLIC_NODES = 5_000
FINITE_DIFFERENCE_BUDGET = 2_000_000  # input entries x nodes
ARRAY_SYMBOLIC_NODES = 40
ARRAY_SYMBOLIC_ENTRIES = 120  # entries of all node values together
ARRAY_DIFFERENCE_BUDGET = 20_000_000  # nudged entries x (entries of all nodes + 50 per node)
FINITE_DIFFERENCE_SAMPLE = 8  # entries per input when an array is too large to nudge entirely

SYMPY_RTOL, SYMPY_ATOL = 1e-9, 1e-12
NUMERIC_RTOL, NUMERIC_ATOL = 1e-5, 1e-7

OK, MISMATCH, KINK, UNCHECKED, UNDEFINED = "ok", "mismatch", "kink", "unchecked", "undefined"


@dataclass(frozen=True)
class NodeCheck:
    verdict: str
    method: str | None = None  # which reference decided the verdict
    expected: Any = None  # the reference's number
    formula: str | None = None  # SymPy's d(output)/d(node), as text
    relative_error: float | None = None


@dataclass(frozen=True)
class CheckReport:
    nodes: list[NodeCheck]
    methods: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # checks not run, and why

    @property
    def passed(self) -> bool:
        return all(node.verdict != MISMATCH for node in self.nodes)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node.verdict] = counts.get(node.verdict, 0) + 1
        return counts


def cross_check(trace: Trace, values: dict[str, Any]) -> CheckReport:
    graph = trace.graph
    size = graph.output + 1
    checks: list[NodeCheck | None] = [None] * len(graph.ops)
    methods: list[str] = []
    skipped: list[str] = []
    if trace.arrays:
        _array_checks(trace, values, checks, methods, skipped)
    elif size <= FULL_SYMBOLIC_NODES:
        _full_symbolic(trace, values, checks)
        methods.append("sympy")
    else:
        skipped.append(f"sympy (whole-expression derivatives): skipped for {size} nodes > {FULL_SYMBOLIC_NODES}")
        if size <= LOCAL_SYMBOLIC_NODES:
            _local_symbolic(trace, checks)
            methods.append("sympy-local")
        else:
            skipped.append(f"sympy-local: skipped for {size} nodes > {LOCAL_SYMBOLIC_NODES}")
        if _finite_differences(trace, values, checks):
            methods.append("finite-differences")
        else:
            skipped.append("finite-differences: skipped, too many input entries for this graph size")
    affected = _kink_affected(trace)
    final: list[NodeCheck] = []
    for i, check in enumerate(checks):
        if check is None:
            check = NodeCheck(UNCHECKED)
        if affected[i] and check.verdict in (MISMATCH, OK, UNCHECKED) and (trace.kinks[i] or check.verdict == MISMATCH):
            check = NodeCheck(KINK, check.method, check.expected, check.formula, check.relative_error)
        final.append(check)
    return CheckReport(final, methods, skipped)


def _full_symbolic(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None]) -> None:
    graph = trace.graph
    symbols = symbolic.leaf_symbols(graph)
    subs = symbolic.substitution(graph, symbols, values)
    formulas = symbolic.gradient_formulas(graph)
    for k, formula in enumerate(formulas):
        ours = trace.grads[k]
        expected = symbolic.evaluate(formula, subs)
        if ours is None:
            checks[k] = NodeCheck(UNDEFINED, "sympy", None, _formula_text(formula))
            continue
        if math.isnan(expected):
            # SymPy's formula is undefined at this point (0 * log 0, say): the limit decides,
            # and centred differences measure it.
            approx = numeric.node_gradient(graph, values, k, trace.values[k])
            verdict = OK if numeric.agrees(ours, approx, NUMERIC_RTOL, NUMERIC_ATOL) else MISMATCH
            checks[k] = NodeCheck(verdict, "finite-differences", approx, _formula_text(formula),
                                  numeric.relative_error(ours, approx))
            continue
        verdict = OK if numeric.agrees(ours, expected, SYMPY_RTOL, SYMPY_ATOL) else MISMATCH
        checks[k] = NodeCheck(verdict, "sympy", expected, _formula_text(formula), numeric.relative_error(ours, expected))


def _local_symbolic(trace: Trace, checks: list[NodeCheck | None]) -> None:
    """Each node's local gradients against SymPy's derivative of that operation alone."""
    graph = trace.graph
    sp = symbolic.sympy_module()
    cache: dict[tuple[str, int], tuple[list[Any], list[Any]]] = {}
    for i in range(graph.output + 1):
        inputs = graph.args[i]
        parts = trace.locals[i]
        if not inputs or parts is None:
            continue
        key = (graph.ops[i], len(inputs))
        if key not in cache:
            cache[key] = symbolic.local_derivatives(*key)
        args, derivatives = cache[key]
        subs = {s: sp.Float(float(trace.values[a]), 30) for s, a in zip(args, inputs)}
        worst = 0.0
        verdict = OK
        for ours, derivative in zip(parts, derivatives):
            expected = symbolic.evaluate(derivative, subs)
            if math.isfinite(ours) or math.isfinite(expected):
                worst = max(worst, numeric.relative_error(ours, expected))
                if not numeric.agrees(ours, expected, SYMPY_RTOL, SYMPY_ATOL):
                    verdict = MISMATCH
        checks[i] = NodeCheck(verdict, "sympy-local", None, None, worst)


def _finite_differences(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None]) -> bool:
    graph = trace.graph
    entries = sum(int(getattr(v, "size", 1)) for v in values.values())
    if entries * (graph.output + 1) > FINITE_DIFFERENCE_BUDGET:
        return False
    for index in graph.variables.values():
        expected = numeric.node_gradient(graph, values, index, trace.values[index])
        ours = trace.grads[index]
        verdict = OK if numeric.agrees(ours, expected, NUMERIC_RTOL, NUMERIC_ATOL) else MISMATCH
        previous = checks[index]
        if previous is not None and previous.verdict == MISMATCH:
            verdict = MISMATCH
        checks[index] = NodeCheck(verdict, "finite-differences", expected, None, numeric.relative_error(ours, expected))
    return True


def _array_checks(trace: Trace, values: dict[str, Any], checks: list[NodeCheck | None], methods: list[str],
                  skipped: list[str]) -> None:
    """Arrays: SymPy with element symbols while small, and finite differences within budget."""
    from bpcalc.array_pass import static_only

    graph = trace.graph
    size = graph.output + 1
    static = set(static_only(graph))
    for i in static:
        checks[i] = NodeCheck(UNDEFINED, "static", None, "an integer argument (axis, index or label): no gradient")
    entries = sum(int(getattr(trace.values[i], "size", 1)) for i in range(size) if i not in static)
    if size <= ARRAY_SYMBOLIC_NODES and entries <= ARRAY_SYMBOLIC_ENTRIES:
        expected = symbolic.array_gradients(graph, values, trace.values, static)
        for k in range(size):
            if k not in static:
                checks[k] = _verdict(trace.grads[k], expected[k], "sympy-elements", SYMPY_RTOL, SYMPY_ATOL)
        methods.append("sympy-elements")
    else:
        why = f"{size} nodes > {ARRAY_SYMBOLIC_NODES}" if size > ARRAY_SYMBOLIC_NODES else (
            f"{entries} entries > {ARRAY_SYMBOLIC_ENTRIES}")
        skipped.append(f"sympy-elements (one symbol per entry): skipped for {why}")
    inputs = [i for i in graph.variables.values() if i not in static]
    one_pass = entries + 50 * size
    input_entries = sum(int(getattr(trace.values[i], "size", 1)) for i in inputs)
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
            checks[k] = _sampled(trace, values, k)
        return
    for k in targets:
        approx = numeric.node_gradient(graph, values, k, trace.values[k])
        check = _verdict(trace.grads[k], approx, "finite-differences", NUMERIC_RTOL, NUMERIC_ATOL)
        previous = checks[k]
        if previous is None or check.verdict == MISMATCH or previous.verdict == UNDEFINED:
            checks[k] = check


def _sampled(trace: Trace, values: dict[str, Any], k: int) -> NodeCheck:
    """Finite differences at a few random entries of a large input."""
    ours = trace.grads[k]
    if not hasattr(ours, "shape"):
        approx = numeric.node_gradient(trace.graph, values, k, trace.values[k])
        return _verdict(ours, approx, "finite-differences", NUMERIC_RTOL, NUMERIC_ATOL)
    positions, approx = numeric.sampled_gradient(trace.graph, values, k, trace.values[k], FINITE_DIFFERENCE_SAMPLE)
    picked = [ours[p] for p in positions]
    check = _verdict(picked, approx, "finite-differences (sampled)", NUMERIC_RTOL, NUMERIC_ATOL)
    return NodeCheck(check.verdict, check.method, None, None, check.relative_error)


def _verdict(ours: Any, expected: Any, method: str, rtol: float, atol: float) -> NodeCheck:
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
