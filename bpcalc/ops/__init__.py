"""The operation registry: the only package that knows derivative formulas.

Each operation is one `Op` row: how to compute it on Python floats and on numpy arrays, its
local gradient (the partial derivative of the node's output with respect to each input), its
SymPy counterpart, how it is written and displayed, and the gate-pattern sentence the teaching
output uses. The parser, engine, SymPy bridge, explanations and docs all read these rows, so
adding an operation means adding a row (scalar.py, activations.py, arrays.py or statistics.py) and nothing else.

Conventions in the rules: `out` is the node's value, `a, b, ...` its inputs. Local rules are
written with plain arithmetic where possible so the same rule serves floats and arrays.
numpy is imported lazily: a scalar-only run never pays for it.
"""

from __future__ import annotations

from bpcalc.ops.activations import activation_rows
from bpcalc.ops.arrays import array_rows
from bpcalc.ops.compare import compare_rows
from bpcalc.ops.constants import CONSTANT_ROWS, CONSTANTS, Constant
from bpcalc.ops.op import CONSTANT, VARIABLE, Op, ParamGate, Rule, np
from bpcalc.ops.scalar import scalar_rows
from bpcalc.ops.sizes import size_rows
from bpcalc.ops.statistics import statistics_rows

__all__ = ["BINARY_OPERATORS", "CONSTANT", "CONSTANTS", "CONSTANT_ROWS", "FUNCTIONS", "NOTATIONS", "PREFIX_OPERATORS",
           "REDUCTIONS", "REGISTRY", "VARIABLE", "Constant", "Op", "ParamGate", "Rule", "np"]

REGISTRY: dict[str, Op] = {op.name: op for op in scalar_rows() + activation_rows() + array_rows() + statistics_rows()
                           + compare_rows() + size_rows()}

# Lookup tables the parser derives from the registry.
FUNCTIONS: dict[str, Op] = {op.function: op for op in REGISTRY.values() if op.function and not op.reduces}
# One-argument (or axis=) forms of names that are elementwise with two or more arguments:
# max(x) is the reduction `amax`, max(a, b) the elementwise `max` gate. numpy's own names
# (amax, amin) are the reductions whatever the count: amax(x, 1) reduces over axis 1.
REDUCTIONS: dict[str, Op] = {key: op for op in REGISTRY.values() if op.reduces for key in (op.reduces, op.name)}
BINARY_OPERATORS: dict[str, Op] = {
    tok: op for op in REGISTRY.values() if op.arity == 2 for tok in op.infix
}
PREFIX_OPERATORS: dict[str, Op] = {
    tok: op for op in REGISTRY.values() if op.arity == 1 for tok in op.infix
}
# Rows with a notation of their own: x[i] ("[]"), W.T (".T"), ‖v‖ ("‖‖").
NOTATIONS: dict[str, Op] = {op.notation: op for op in REGISTRY.values() if op.notation}
