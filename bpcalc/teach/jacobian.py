"""The Jacobian view of `--jacobian` as plain data, in the lecture's words.

For each array gate with small operands: the local Jacobian in full (an elementwise gate's is
the diagonal matrix it is), and the downstream gradient written as upstream times Jacobian
with the numbers: `dL/dx = dL/dy · ∂y/∂x = [4, -1, 5, 9] · ∂y/∂x = [4, 0, 5, 0]`. Past the
limit, how large the Jacobian would be and how sparse, as the lecture says it: never formed.
The numbers come from engine.jacobian (the gates' own VJP rules); renderers print these lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bpcalc.base.numbers import format_number
from bpcalc.engine.jacobian import DIAGONAL, ELEMENTWISE, JACOBIAN_ENTRIES, GateJacobian, gate_jacobians
from bpcalc.language.format import node_text
from bpcalc.teach import i18n

if TYPE_CHECKING:
    from bpcalc.api import Result


@dataclass(frozen=True)
class JacobianView:
    """One gate's Jacobian with respect to one input, and the lines that show it."""

    jacobian: GateJacobian
    node: str  # the gate's id
    label: str
    input_node: str
    input_label: str
    head: str
    matrix_lines: tuple[str, ...]  # the matrix, one row per line; () when not formed
    lines: tuple[str, ...]  # the flattening note, upstream · Jacobian = downstream, or the size note


def jacobian_views(result: Result, lang: str | None = None, precision: int = 6,
                   limit: int = JACOBIAN_ENTRIES) -> list[JacobianView]:
    """The views of every array gate of `result`, from the output back (the backward order)."""
    language = i18n.resolve_lang(lang)
    graph = result.trace.graph
    uses = _uses(graph)
    views = []
    for jac in gate_jacobians(result.trace, limit):
        label, name = graph.label(jac.gate), graph.label(jac.input)
        if graph.args[jac.gate].count(jac.input) > 1:  # x * x: say which argument, as the explanation does
            name = f"{name} #{jac.position + 1}"
        branch = f" (via {label})" if uses[jac.input] > 1 and "#" not in name else ""  # one term of a fan-out's sum
        head = i18n.message("jacobian_head", language, label=label, formula=node_text(graph, jac.gate), input=name,
                            rows=jac.rows, columns=jac.columns)
        if jac.structure == DIAGONAL:
            head += f" ({i18n.message('jacobian_diagonal', language)})"
        elif jac.structure == ELEMENTWISE:
            head += f" ({i18n.message('jacobian_broadcast', language, input=name)})"
        views.append(JacobianView(jac, graph.node_id(jac.gate), label, graph.node_id(jac.input), name, head,
                                  _matrix_lines(jac, label, name, precision), _lines(jac, label, name, language,
                                                                                    precision, limit, branch)))
    return views


def _uses(graph: Any) -> list[int]:
    """How many gate arguments read each node, in the part of the graph the output depends on."""
    live = graph.reaches_output()
    uses = [0] * len(graph.ops)
    for i in range(graph.output + 1):
        if live[i]:
            for a in graph.args[i]:
                uses[a] += 1
    return uses


def _matrix_lines(jac: GateJacobian, label: str, name: str, precision: int) -> tuple[str, ...]:
    if not jac.formed:
        return ()
    cells = [[format_number(entry, precision) for entry in row] for row in jac.matrix]
    widths = [max(len(row[c]) for row in cells) for c in range(len(cells[0]))] if cells and cells[0] else []
    rows = ["[" + ", ".join(cell.rjust(width) for cell, width in zip(row, widths)) + "]" for row in cells]
    prefix = f"∂{label}/∂{name} = ["
    pad = " " * len(prefix)
    return tuple((prefix if j == 0 else pad) + row + ("]" if j == len(rows) - 1 else ",") for j, row in enumerate(rows))


def _lines(jac: GateJacobian, label: str, name: str, lang: str, precision: int, limit: int,
           branch: str = "") -> tuple[str, ...]:
    """The size note past the limit; else the flattening note and upstream · Jacobian = downstream
    (`branch`: " (via y)" when the input fans out, so this product is one term of its gradient)."""
    if not jac.formed:
        if jac.nonzero is None:
            return (f"∂{label}/∂{name}: " + i18n.message("jacobian_never_uncounted", lang, rows=jac.rows,
                                                         columns=jac.columns, entries=jac.entries, limit=limit,
                                                         input=name),)
        return (f"∂{label}/∂{name}: " + i18n.message("jacobian_never", lang, rows=jac.rows, columns=jac.columns,
                                                     nonzero=jac.nonzero, limit=limit, input=name),)
    lines = []
    flat = len(jac.output_shape) > 1 or len(jac.input_shape) > 1
    if flat:
        names = f"{label} {jac.output_shape} → {jac.rows}, {name} {jac.input_shape} → {jac.columns}"
        lines.append(i18n.message("jacobian_flat", lang, names=names, shape=(*jac.output_shape, *jac.input_shape)))
    upstream = _flat(jac.upstream, precision)
    product = _flat(_vector(jac.downstream), precision)
    left = (f"vec(dL/d{name})" if flat else f"dL/d{name}") + branch
    up = f"vec(dL/d{label})" if flat else f"dL/d{label}"
    text = f"{left} = {up} · ∂{label}/∂{name} = {upstream} · ∂{label}/∂{name} = {product}"
    if flat:
        text += (f", reshaped to {jac.input_shape}: dL/d{name}{branch} = "
                 f"{format_number(jac.downstream, precision, full=True)}")
    lines.append(text)
    return tuple(lines)


def _vector(value: Any) -> Any:
    from bpcalc.ops import np

    return np.asarray(value, dtype=float).reshape(-1)


def _flat(vector: Any, precision: int) -> str:
    """A flattened vector in full; one entry stays a one-entry vector ([3]), as a 1 x n product reads."""
    return format_number(vector, precision, full=True)
