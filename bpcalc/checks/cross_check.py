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
  float functions once (float_functions.float_function, closures over the expression tree); each node
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

This module picks the checks and assembles the verdicts; each check lives apart:
scalar_symbolic ("sympy", "sympy-local"), scalar_differences (single-input and directional
differences), array_checks ("sympy-elements" and differences of arrays), node_verdict (one
node's verdict from a reference's numbers) and report (the report types and tolerances).
"""

from __future__ import annotations

import warnings
from typing import Any

from bpcalc.base.gcpause import collector_paused
from bpcalc.checks.array_checks import array_checks
from bpcalc.checks.report import (
    DIRECTIONAL_METHOD,
    LIMIT_METHOD,
    LOCAL_METHOD,
    NUMERIC_ATOL,
    NUMERIC_RTOL,
    PARAMETER,
    SYMPY_ATOL,
    SYMPY_RTOL,
    CheckReport,
    DirectionalCheck,
    NodeCheck,
    Progress,
)
from bpcalc.checks.scalar_differences import FINITE_DIFFERENCE_INPUTS, finite_differences
from bpcalc.checks.scalar_symbolic import local_symbolic, try_full_symbolic
from bpcalc.checks.verdicts import INCONCLUSIVE, KINK, MISMATCH, OK, UNCHECKED, UNDEFINED
from bpcalc.engine import Trace

__all__ = [
    "ARRAY_SYMBOLIC_ENTRIES", "ARRAY_SYMBOLIC_NODES", "DIRECTIONAL_METHOD", "FINITE_DIFFERENCE_INPUTS",
    "FULL_SYMBOLIC_NODES", "INCONCLUSIVE", "KINK", "LIMIT_METHOD", "LOCAL_METHOD", "MISMATCH", "NUMERIC_ATOL",
    "NUMERIC_RTOL", "OK", "SYMPY_ATOL", "SYMPY_RTOL", "UNCHECKED", "UNDEFINED", "CheckReport", "DirectionalCheck",
    "NodeCheck", "Progress", "cross_check",
]

# Which checks run depends on size: read here at each call (tests set them to take a path).
FULL_SYMBOLIC_NODES = 60
ARRAY_SYMBOLIC_NODES = 40
ARRAY_SYMBOLIC_ENTRIES = 120  # entries of all node values together


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
        array_checks(trace, values, checks, methods, skipped, symbolic_nodes=ARRAY_SYMBOLIC_NODES,
                     symbolic_entries=ARRAY_SYMBOLIC_ENTRIES)
    elif size <= FULL_SYMBOLIC_NODES and try_full_symbolic(trace, values, checks, skipped, notes):
        methods.append("sympy")
    else:
        if size > FULL_SYMBOLIC_NODES:
            skipped.append(f"sympy (whole-expression derivatives): skipped for {size} nodes > {FULL_SYMBOLIC_NODES}")
        # These loops allocate a few small objects per node and no cycles: with the collector
        # on, it would rescan the whole graph again and again as they run.
        with collector_paused():
            local_symbolic(trace, checks, progress)
            methods.append(LOCAL_METHOD)
            directional = finite_differences(trace, values, checks, affected, methods, skipped, progress)
    final: list[NodeCheck] = []
    for i, check in enumerate(checks):
        if check is None or (i in graph.constants and i != graph.output):  # a constant is a parameter of its gate
            check = NodeCheck(UNCHECKED, PARAMETER) if i in graph.constants and i != graph.output else NodeCheck(UNCHECKED)
        if affected[i] and check.verdict in (MISMATCH, OK, UNCHECKED) and (trace.kinks[i] or check.verdict == MISMATCH):
            check = NodeCheck(KINK, check.method, check.expected, check.formula, check.relative_error)
        final.append(check)
    return CheckReport(final, methods, skipped, directional, notes)


def _kink_affected(trace: Trace) -> list[bool]:
    """Nodes at a kink and every node that feeds one: their gradient depends on the convention."""
    graph = trace.graph
    affected = list(trace.kinks)
    for i in range(len(graph.ops) - 1, -1, -1):
        if affected[i]:
            for a in graph.args[i]:
                affected[a] = True
    return affected
