"""Array steps of an explanation, written with the graph's own names and then its numbers.

A student shown `dL/dW = [[0.088, 0.176], [0.104, 0.208]]   (VJP: dL/dA = G B^T ...)` has to map
A, B and G onto the graph; the lecture writes `dL/dW = dL/dq · x^T = [0.44, 0.52]^T [0.2, 0.4] =
[[0.088, 0.176], [0.104, 0.208]]`. The formula per input comes from the registry row
(`Op.array_formulas`); this module only puts the node names, then the values the trace holds, into
it. The result is always the trace's own downstream gradient (nothing is recomputed here).
Arrays past SHOWN_ENTRIES entries are shown by their shapes, so a 4096-vector stays one line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bpcalc.base.notation import TIMES, product
from bpcalc.base.notation import chain as chain_rule
from bpcalc.base.numbers import format_number
from bpcalc.ops import REGISTRY
from bpcalc.ops.op import ArrayFormula

if TYPE_CHECKING:
    from bpcalc.engine import Trace

SHOWN_ENTRIES = 16  # an array with more entries appears in a derivation by its shape only

_PLACEHOLDER = re.compile(r"\{(\d+:?|g|out)(?:\.(T|col|shape|count))?\}")
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


@dataclass(frozen=True)
class Derivation:
    """One input's gradient: the formula with names, the same with numbers, and the result."""

    formula: str  # "dL/dq · x^T"
    numbers: str | None  # "[0.44, 0.52]^T [0.2, 0.4]"; None when an array is past SHOWN_ENTRIES
    shapes: str  # "dL/dq (2,), x (2,)": each array in the formula with its shape
    result: str  # the downstream gradient as the table shows it, or its shape when large

    def line(self, left: str) -> str:
        if self.numbers is None:
            return f"{left} = {self.formula}   [{self.shapes} -> {self.result}]"
        if self.numbers == self.formula:
            return f"{left} = {self.formula} = {self.result}"
        return f"{left} = {self.formula} = {self.numbers} = {self.result}"


def _size(value: Any) -> int:
    return int(math.prod(getattr(value, "shape", ())))


def _shape_text(value: Any) -> str:
    return str(tuple(getattr(value, "shape", ())))


def _number(value: Any, precision: int) -> str:
    text = format_number(value, precision)
    return f"({text})" if getattr(value, "ndim", 0) == 0 and text.startswith("-") else text


def choose_formula(op_name: str, ndims: list[int]) -> ArrayFormula | None:
    """The row's first array formula whose conditions ("arity=N", "ndim=2,1") hold, or None."""
    for form in REGISTRY[op_name].array_formulas:
        fits = True
        for condition in form.when.split():
            if condition.startswith("arity="):
                fits = fits and len(ndims) == int(condition[6:])
            elif condition.startswith("ndim="):
                fits = fits and [int(part) for part in condition[5:].split(",")] == ndims
        if fits:
            return form
    return None


class _Operand:
    """What a placeholder stands for: its name in the formula and its value in the numbers."""

    def __init__(self, name: str, value: Any, static: bool) -> None:
        self.name, self.value, self.static = name, value, static

    def named(self, modifier: str | None, count: int) -> str:
        if modifier == "shape":
            return _shape_text(self.value)
        if modifier == "count":
            return str(count)
        if modifier == "T":
            return (self.name if _PLAIN_NAME.fullmatch(self.name) else f"({self.name})") + "^T"
        return self.name

    def numbered(self, modifier: str | None, count: int, precision: int) -> str:
        if modifier in ("shape", "count"):
            return self.named(modifier, count)
        if self.static:
            return "None" if self.value is None else format_number(self.value, precision)  # x[:, None]
        value = self.value
        if modifier == "T" and getattr(value, "ndim", 0) >= 2:
            import numpy as np

            value = np.transpose(value)
        text = _number(value, precision)
        return text + "^T" if modifier == "col" and getattr(value, "ndim", 0) == 1 else text


def derivation(trace: Trace, index: int, position: int, precision: int) -> Derivation | None:
    """The gradient gate `index` sends to its input `position`, from the row's array formula;
    None when the row has none that fits (the step then keeps the row's VJP rule)."""
    graph = trace.graph
    row = REGISTRY[graph.ops[index]]
    args = graph.args[index]
    form = choose_formula(row.name, [int(getattr(trace.values[a], "ndim", 0)) for a in args])
    if form is None or position >= len(form.grads) or not form.grads[position]:
        return None
    operands = {str(k): _Operand(graph.label(a), trace.values[a], row.is_static(k)) for k, a in enumerate(args)}
    operands["g"] = _Operand(f"dL/d{graph.label(index)}", trace.grads[index], False)
    operands["out"] = _Operand(graph.label(index), trace.values[index], False)
    template = form.grads[position]
    arrays: list[_Operand] = []

    def fill(numbers: bool) -> str:
        def put(match: re.Match[str]) -> str:
            key, modifier = match.group(1), match.group(2)
            if key.endswith(":"):  # {1:}: the inputs from there on, joined
                start = int(key[:-1])
                chosen = [operands[str(k)] for k in range(start, len(args))]
                return ", ".join(o.numbered(None, 0, precision) if numbers else o.named(None, 0) for o in chosen)
            operand = operands[key]
            count = _count(trace, index, key) if modifier == "count" else 0
            if not numbers and not operand.static and modifier not in ("shape", "count") and operand not in arrays:
                arrays.append(operand)
            return operand.numbered(modifier, count, precision) if numbers else operand.named(modifier, count)

        text = _PLACEHOLDER.sub(put, template)
        return text.replace(" · ", " ") if numbers else text

    formula = fill(False)
    downstream = _sent(trace, index, position)
    large = _size(downstream) > SHOWN_ENTRIES or any(_size(o.value) > SHOWN_ENTRIES for o in arrays)
    shapes = ", ".join(f"{o.name} {_shape_text(o.value)}" for o in arrays)
    if large:
        return Derivation(formula, None, shapes, f"shape {_shape_text(downstream)}")
    return Derivation(formula, fill(True), shapes, format_number(downstream, precision))


def wire_derivations(trace: Trace, precision: int) -> dict[tuple[int, int], str]:
    """(gate, input position) -> the derivation line of every array gate with array formulas, for
    the pictures' per-wire hover text."""
    if not trace.arrays:
        return {}
    found: dict[tuple[int, int], str] = {}
    for index in range(trace.graph.output + 1):
        found.update(((index, k), line) for k, line in gate_derivations(trace, index, precision).items())
    return found


def gate_derivations(trace: Trace, index: int, precision: int) -> dict[int, str]:
    """input position -> `dL/dW = dL/dq · x^T = ...` for one array gate (empty when its row has
    no array formula that fits, or for a scalar run)."""
    graph = trace.graph
    if not trace.arrays or not graph.args[index] or trace.locals[index] is not None or trace.grads[index] is None:
        return {}
    found: dict[int, str] = {}
    for position, a in enumerate(graph.args[index]):
        step = None if graph.is_constant(a) else derivation(trace, index, position, precision)
        if step is not None:
            found[position] = step.line(f"dL/d{graph.label(a)}")
    return found


def _count(trace: Trace, index: int, key: str) -> int:
    """.count: for input 0 of a reduction, the entries it averages (along its axis input 1 when
    it has one, else all); for any other input, its size (the N labels of a loss)."""
    args = trace.graph.args[index]
    value = trace.values[args[int(key)]]
    if key == "0" and len(args) >= 2:  # an axis (a number, a tuple of them, or None: every entry)
        axis = trace.values[args[1]]
        shape = tuple(getattr(value, "shape", ()))
        if axis is None:
            return _size(value) or 1
        axes = [int(a) for a in (axis if isinstance(axis, tuple | list) else getattr(axis, "ravel", lambda: [axis])())]
        return math.prod(shape[a] for a in axes) or 1
    return _size(value) or 1


def _sent(trace: Trace, index: int, position: int) -> Any:
    _, sent = trace.edges(index)
    return sent[position] if sent is not None else None


def named_edge(edge: Any, trace: Trace, position: int, precision: int) -> Any:
    """An explanation.Edge of an array gate with its line rewritten: the derivation from the row's
    array formula for a VJP gate, the broadcast fold for an elementwise one (numbers unchanged).
    (Typed Any: explanation imports this module, and the layers allow no cycle.)"""
    left = edge.text.split(" = ", 1)[0]  # "dL/dx" or "dL/dx (via n3)"
    if edge.downstream is None:  # a static input (a class label, an index): no gradient, no rule to quote
        return replace(edge, text=f"{left} = —") if edge.local is None else edge
    if edge.local is None:
        found = derivation(trace, edge.source, position, precision)
        return edge if found is None else replace(edge, text=found.line(left), derivation=found)
    from bpcalc.language.format import node_text

    chain = chain_rule(edge.source_label, edge.target_label, node_text(trace.graph, edge.source))
    return replace(edge, text=elementwise_line(left, chain, edge.upstream, edge.local_formula, edge.local,
                                               edge.downstream, precision))


def elementwise_line(left: str, chain: str, g: Any, formula: str | None, local: Any, downstream: Any,
                     precision: int) -> str:
    """An elementwise gate on arrays: `dL/dq = dL/dn3 × ∂n3/∂q = [1, 1] × 2 * q = ...`, with the
    sum that folds a broadcast input back to its shape (`dL/ds = sum(dL/dn7 × ∂n7/∂s) = ...`)
    and shapes in place of arrays past SHOWN_ENTRIES."""
    import numpy as np

    wide = np.broadcast_shapes(np.shape(g), np.shape(local))
    fold = broadcast_fold(g, local, downstream)

    def folded(product: str) -> str:
        return product if fold is None else f"sum({product}{fold})"

    pieces = [left, folded(chain)]
    if max(_size(g), _size(local), _size(downstream), math.prod(wide)) > SHOWN_ENTRIES:
        upstream = chain.split(f" {TIMES} ")[0]
        return f"{' = '.join(pieces)}   [{upstream} {_shape_text(g)}, local {tuple(np.shape(local))} -> {_shape_text(downstream)}]"
    g_text = format_number(g, precision)
    local_text = _number(local, precision)
    if formula is not None and formula != format_number(local, precision):
        pieces.append(folded(product(g_text, grouped(formula))))
    pieces.append(folded(product(g_text, local_text)))
    pieces.append(format_number(downstream, precision))
    return " = ".join(pieces)


def broadcast_fold(g: Any, local: Any, downstream: Any) -> str | None:
    """How numpy's broadcast of upstream × local is undone for an input of the downstream's
    shape: None (no sum), "" (sum everything), or ", axis=..." (keepdims=True where the input
    keeps the axis as 1)."""
    import numpy as np

    wide = tuple(np.broadcast_shapes(np.shape(g), np.shape(local)))
    target = tuple(np.shape(downstream))
    if wide == target:
        return None
    if not target:
        return ""
    lead = len(wide) - len(target)
    axes = list(range(lead)) + [lead + k for k, n in enumerate(target) if n == 1 and wide[lead + k] != 1]
    axis = str(axes[0]) if len(axes) == 1 else str(tuple(axes))
    keep = ", keepdims=True" if lead == 0 else ""
    return f", axis={axis}{keep}"


def grouped(formula: str) -> str:
    """Parenthesize a formula with a top-level + or - so it reads right as a factor."""
    depth = 0
    for pos, ch in enumerate(formula):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and ch in "+-" and (pos == 0 or formula[pos - 1] == " "):
            return f"({formula})"
    return formula
