"""--symbolic: every node's gradient as a simplified formula of the inputs.

Scalar programs get SymPy's derivative of the whole expression per node, skipped (with the
reason) past a size or time bound; array programs get a matrix formula or entry formulas per
input from checks/array_symbolic, which ends with an error past its bounds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.ops import CONSTANT

if TYPE_CHECKING:
    from bpcalc.api import Result

SYMBOLIC_NODES = 60  # whole-expression derivatives swell beyond this (as in check.FULL_SYMBOLIC_NODES)
SIMPLIFY_OPS = 80  # simplify only formulas this small: simplify is slow on large ones
SIMPLIFY_DEGREE = 24  # ... and of at most this degree expanded (the squaring chain reaches 256)
SYMBOLIC_SECONDS = 10.0  # the whole --symbolic pass; past it the formulas are skipped, with the reason


def gradient_formulas(result: Result) -> tuple[list[str | None] | None, str | None]:
    """dL/dnode for every node as a simplified formula of the inputs, or why it was skipped."""
    from bpcalc.checks import symbolic

    trace = result.trace
    graph = trace.graph
    size = graph.output + 1
    if trace.arrays:  # a matrix formula (2*W^T*W*x) or one per entry; past its bounds an error, exit 2
        from bpcalc.checks.array_symbolic import array_formulas

        return array_formulas(trace, SYMBOLIC_SECONDS), None
    if size > SYMBOLIC_NODES:
        return None, f"{size} nodes > {SYMBOLIC_NODES}"
    import time

    from bpcalc.checks.formula_size import degree_bound

    sp = symbolic.sympy_module()
    deadline = time.monotonic() + SYMBOLIC_SECONDS
    formulas: list[str | None] = []
    for index, formula in enumerate(symbolic.gradient_formulas(graph)):
        if time.monotonic() > deadline:
            return None, f"they took longer than {SYMBOLIC_SECONDS:g} s"
        if graph.ops[index] == CONSTANT:
            formulas.append(None)
            continue
        if formula.count_ops() <= SIMPLIFY_OPS and degree_bound(formula) <= SIMPLIFY_DEGREE:
            simpler = sp.simplify(formula)
            # Keep the lecture's functions: simplify may turn a sigmoid's gradient into 1/(4 cosh^2).
            if {type(f) for f in simpler.atoms(sp.Function)} <= {type(f) for f in formula.atoms(sp.Function)}:
                formula = simpler
        formulas.append(sp.sstr(formula).replace("**", "^"))
    return formulas, None
