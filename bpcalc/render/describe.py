"""Words for nodes, shared by every renderer: what a node computes and its chain-rule pieces."""

from __future__ import annotations

from typing import Any

from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE
from bpcalc.render.numbers import format_number


def operation_text(graph: Graph, index: int) -> str:
    """e.g. 'q × z', 'exp(n3)', 'input', 'constant'."""
    op = graph.ops[index]
    if op == VARIABLE:
        return "input"
    if op == CONSTANT:
        return "constant"
    row = REGISTRY[op]
    labels = [graph.label(a) for a in graph.args[index]]
    if row.infix and len(labels) == 2:
        return f"{labels[0]} {row.symbol} {labels[1]}"
    if row.infix and len(labels) == 1:
        return f"{row.symbol}{labels[0]}"
    return f"{row.function or row.name}({', '.join(labels)})"


def local_pieces(graph: Graph, index: int, local: tuple[Any, ...] | None, precision: int) -> list[str]:
    """One 'd node/d input = value' per input; for VJP-only ops, the rule instead."""
    args = graph.args[index]
    if not args:
        return []
    if local is None:
        row = REGISTRY[graph.ops[index]]
        return [row.vjp_rule or row.rule]
    me = graph.label(index)
    return [f"∂{me}/∂{graph.label(a)} = {format_number(p, precision)}" for a, p in zip(args, local)]


def downstream_pieces(graph: Graph, index: int, local: tuple[Any, ...] | None, grad: Any,
                      precision: int) -> list[str]:
    """What this gate sends back to each input: local x upstream."""
    args = graph.args[index]
    if not args or local is None or grad is None:
        return []
    return [f"→ {graph.label(a)}: {format_number(grad * p, precision)}" for a, p in zip(args, local)]


def downstream_values(local: tuple[Any, ...] | None, grad: Any) -> list[Any]:
    if local is None or grad is None:
        return []
    return [grad * p for p in local]
