"""Words for nodes, shared by every renderer: what a node computes and its chain-rule pieces."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bpcalc.base.notation import local_gradient
from bpcalc.base.numbers import format_number
from bpcalc.graph import Graph
from bpcalc.language.format import node_text
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE


def operation_text(graph: Graph, index: int, names: Sequence[str] | None = None) -> str:
    """e.g. 'q * z', 'exp(n3)', 'W @ x', 'x[0, :]', 'W.T', 'sum(x, axis=0)', 'input', 'constant':
    bpcalc syntax from the one formatter (language.format), the words for leaves.

    names: every node's graph.label, when the caller has them all already (a whole document)."""
    op = graph.ops[index]
    if op == VARIABLE:
        return "input"
    if op == CONSTANT:
        return "constant"
    return node_text(graph, index, names)


def _size(value: Any, argument: Any) -> str:
    """The Jacobian's size, output entries x input entries: '2x4'."""
    return f"{int(getattr(value, 'size', 1))}x{int(getattr(argument, 'size', 1))}"


def local_pieces(graph: Graph, index: int, local: tuple[Any, ...] | None, precision: int,
                 values: list[Any] | None = None, full: bool = False) -> list[str]:
    """One 'd node/d input = value' per input; for VJP-only ops, the rule instead.

    With `values` (the trace's node values), array nodes say what their local gradient is:
    a diagonal Jacobian for elementwise gates, or the VJP rule of a Jacobian never formed.
    """
    args = graph.args[index]
    if not args:
        return []
    row = REGISTRY[graph.ops[index]]
    me = graph.label(index)
    operation = operation_text(graph, index)

    def partial(a: int) -> str:  # ∂q/∂x (base/notation: one notation for every renderer)
        return local_gradient(me, graph.label(a), operation)

    if local is None:
        if values is None:
            return [row.vjp_rule or row.rule]
        learned = [a for position, a in enumerate(args) if not row.is_static(position) and graph.ops[a] != CONSTANT]
        sizes = ", ".join(f"{partial(a)} {_size(values[index], values[a])}" for a in learned)
        if not sizes:  # arange(n), len(x): every input is static, there is no Jacobian to speak of
            return [row.vjp_rule or row.rule]
        return [f"Jacobian not formed ({sizes}); {row.vjp_rule or row.rule}"]
    pieces = []
    for a, p in zip(args, local):
        if graph.ops[a] == CONSTANT:
            continue  # a parameter of the gate (the 1 of +1): no one asks for its gradient
        shaped = values is not None and (getattr(values[index], "ndim", 0) > 0 or getattr(values[a], "ndim", 0) > 0)
        broadcast = values is not None and getattr(p, "ndim", 0) > 0 and getattr(values[a], "shape", ()) != p.shape
        if broadcast:
            pieces.append(f"{partial(a)}: per entry {format_number(p, precision, full=full)} "
                          f"({graph.label(a)} is broadcast, so its downstream gradient sums over the copies)")
        elif shaped and getattr(p, "ndim", 0) > 0:
            pieces.append(f"{partial(a)}: diagonal Jacobian, diag = {format_number(p, precision, full=full)}")
        elif shaped and values is not None and getattr(values[a], "shape", ()) != getattr(values[index], "shape", ()):
            pieces.append(f"{partial(a)} = {format_number(p, precision)} per entry "
                          f"({graph.label(a)} is broadcast, so its downstream gradient sums over the copies)")
        elif shaped:
            pieces.append(f"{partial(a)} = {format_number(p, precision)} per entry (diagonal Jacobian)")
        else:
            pieces.append(f"{partial(a)} = {format_number(p, precision)}")
    return pieces


def downstream_pieces(graph: Graph, index: int, sent: tuple[Any, ...] | None, precision: int,
                      full: bool = False) -> list[str]:
    """'→ x: -4' per input edge that carries a gradient: what the trace says this gate sends back."""
    if sent is None:
        return []
    return [f"→ {graph.label(a)}: {format_number(d, precision, full=full)}"
            for a, d in zip(graph.args[index], sent) if d is not None and graph.ops[a] != CONSTANT]


def wire_values(sent: tuple[Any, ...] | None, count: int, precision: int) -> tuple[str, ...]:
    """Each input edge's downstream value as text, '' where none flows: one per wire of a picture."""
    if sent is None:
        return ("",) * count
    return tuple("" if d is None else format_number(d, precision) for d in sent)
