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
    if not trace.arrays and size <= FULL_SYMBOLIC_NODES:
        _full_symbolic(trace, values, checks)
        methods.append("sympy")
    else:
        why = "array values" if trace.arrays else f"{size} nodes > {FULL_SYMBOLIC_NODES}"
        skipped.append(f"sympy (whole-expression derivatives): skipped for {why}")
        if not trace.arrays and size <= LOCAL_SYMBOLIC_NODES:
            _local_symbolic(trace, checks)
            methods.append("sympy-local")
        elif not trace.arrays:
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
            checks[k] = NodeCheck(UNDEFINED, "sympy", None, str(formula))
            continue
        if math.isnan(expected):
            # SymPy's formula is undefined at this point (0 * log 0, say): the limit decides,
            # and centred differences measure it.
            approx = numeric.node_gradient(graph, values, k, trace.values[k])
            verdict = OK if numeric.agrees(ours, approx, NUMERIC_RTOL, NUMERIC_ATOL) else MISMATCH
            checks[k] = NodeCheck(verdict, "finite-differences", approx, str(formula),
                                  numeric.relative_error(ours, approx))
            continue
        verdict = OK if numeric.agrees(ours, expected, SYMPY_RTOL, SYMPY_ATOL) else MISMATCH
        checks[k] = NodeCheck(verdict, "sympy", expected, str(formula), numeric.relative_error(ours, expected))


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
