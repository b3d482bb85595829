"""The sigmoid neuron written out in primitives, `1/(1 + exp(-z))`: found in the graph and
compared with the one sigmoid gate whose local gradient is (1 - s) s, as the lecture groups it.

A whole-graph remark of an explanation (teach/explanation), kept apart from the step builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bpcalc.base.notation import factor
from bpcalc.base.numbers import format_number
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY
from bpcalc.teach import i18n

if TYPE_CHECKING:
    from bpcalc.api import Result


def number(value: Any, precision: int) -> str:
    return format_number(value, precision)


def sigmoid_notes(result: Result, live: list[bool], lang: str, precision: int) -> list[str]:
    """Find `1/(1 + exp(-z))` written out in primitives and compare it with the sigmoid gate."""
    trace = result.trace
    graph = trace.graph
    uses = [0] * len(graph.ops)
    for i in range(graph.output + 1):
        if live[i]:
            for a in graph.args[i]:
                uses[a] += 1
    notes: list[str] = []
    for i in range(graph.output + 1):
        if not live[i] or trace.arrays:
            continue
        found = _sigmoid_chain(graph, i, trace.values)
        if found is None:
            continue
        inner, neg, count = found
        if any(uses[k] != 1 for k in inner):
            continue  # an intermediate feeds something else, so the chain is not only a sigmoid
        z = graph.args[neg][0]
        s = trace.values[i]
        g = trace.grads[i]
        grouped = g * REGISTRY["sigmoid"].local(s, trace.values[z])[0]
        sent = trace.downstream[neg]
        chain = sent[0] if sent else None
        notes.append(i18n.message("sigmoid", lang, label=graph.label(i), arg=graph.label(z), count=count,
                                  s=number(s, precision), upstream=factor(number(g, precision)),
                                  grouped=number(grouped, precision), chain=number(chain, precision)))
    return notes


def _sigmoid_chain(graph: Graph, index: int, values: list[Any]) -> tuple[list[int], int, int] | None:
    """(inner nodes, the negation node, node count) when `index` is 1/(1+exp(-z)) or (1+exp(-z))^-1."""
    op = graph.ops[index]
    args = graph.args[index]
    if op == "div" and _is_constant(graph, args[0], 1.0, values):
        denominator = args[1]
    elif op == "pow" and _is_minus_one(graph, args[1], values):
        denominator = args[0]
    else:
        return None
    if graph.ops[denominator] != "add":
        return None
    a, b = graph.args[denominator]
    exp_node = b if _is_constant(graph, a, 1.0, values) else a if _is_constant(graph, b, 1.0, values) else None
    if exp_node is None or graph.ops[exp_node] != "exp":
        return None
    neg = graph.args[exp_node][0]
    if graph.ops[neg] != "neg":
        return None
    return [denominator, exp_node, neg], neg, 4


def _is_constant(graph: Graph, index: int, value: float, values: list[Any]) -> bool:
    return graph.ops[index] == CONSTANT and values[index] == value


def _is_minus_one(graph: Graph, index: int, values: list[Any]) -> bool:
    if _is_constant(graph, index, -1.0, values):
        return True
    return graph.ops[index] == "neg" and _is_constant(graph, graph.args[index][0], 1.0, values)
