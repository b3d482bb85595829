"""What every picture writes about each node, in the primer's words: its `NodeLabel`.

The pictures laid out by render/layout.py (SVG, PNG, HTML) and those that need no layout (the
tree, DOT, Mermaid) all read these labels, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bpcalc.base.numbers import format_number
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE
from bpcalc.render.describe import downstream_pieces, local_pieces, operation_text, wire_values

if TYPE_CHECKING:
    from bpcalc.api import Result

PRECISION = 4  # the primer's published numbers have four significant digits


@dataclass(frozen=True)
class NodeLabel:
    """Everything a picture writes about one node, in the primer's words."""

    index: int
    id: str
    name: str  # the user's name, a constant as written, else the id
    named: bool  # the user gave it a name (or it is an input)
    op: str  # registry name, "var" or "const"
    symbol: str  # what goes inside the circle: "+", "×", "σ", "exp"
    gate: str  # "mul gate", "input", "constant"
    expression: str  # "x + y"
    value: str
    grad: str
    shape: str  # "2×2" for arrays, "" for scalars
    kink: bool
    output: bool
    live: bool  # the output depends on it
    pattern: str  # the gate-pattern sentence
    local: tuple[str, ...]  # "∂q/∂x = 1", one per input (or the VJP rule)
    downstream: tuple[str, ...]  # "→ x: -4", one per input edge that carries a gradient
    inputs: tuple[int, ...]
    wires: tuple[str, ...]  # what each input edge carries back, "-4" ("" for none), one per input
    node: int = -1  # the graph's index of this node (`index` counts only the nodes drawn)

    @property
    def leaf(self) -> bool:
        return not self.inputs


def node_labels(result: Result, precision: int = PRECISION) -> list[NodeLabel]:
    """One label per input and gate up to the output, in forward order. Constants are no nodes
    of a picture: they are parameters inside the gates that read them (`+1`, `*-1`, `1/x`), so
    a label's `index` and `inputs` count only the nodes drawn; `node` is the graph's index."""
    graph = result.trace.graph
    live = graph.reaches_output()
    labels: list[NodeLabel] = []
    position = [-1] * (graph.output + 1)  # graph index -> its label's index
    for i in range(graph.output + 1):
        if graph.ops[i] == CONSTANT and i != graph.output:
            continue  # a parameter inside its gate (a program that is one literal still draws it)
        position[i] = len(labels)
        labels.append(_label(result, i, precision, live[i], len(labels), position))
    return labels


def label_at(result: Result, i: int, precision: int = PRECISION) -> NodeLabel:
    """The label of graph node i alone, its `index` and `inputs` in graph indices: for a picture
    that shows a few nodes of a large graph (the tree stops at a depth)."""
    return _label(result, i, precision, True, i, None)


def _label(result: Result, i: int, precision: int, live: bool, index: int, position: list[int] | None) -> NodeLabel:
    trace = result.trace
    graph = trace.graph
    op = graph.ops[i]
    value = trace.values[i]
    shape = getattr(value, "shape", ())
    args = graph.args[i]
    drawn = [k for k, a in enumerate(args) if graph.ops[a] != CONSTANT]
    if op == VARIABLE:
        symbol, gate, pattern = graph.label(i), "input", "an input: its gradient is what the graph sends back to it"
    elif op == CONSTANT:
        symbol, gate, pattern = graph.label(i), "constant", "the program is one constant"
    else:
        row = REGISTRY[op]
        name, pattern, key = graph.gate(i)
        symbol = row.symbol if key == row.name else name  # a parametrized gate shows its parameter: +1, 1/x
        gate = f"{name} gate"
    local, sent = trace.edges(i)  # one read: for scalars each read recomputes the rule
    wires = wire_values(sent, len(args), precision)
    return NodeLabel(
        index=index, id=graph.node_id(i), name=graph.label(i),
        named=graph.names[i] is not None, op=op, symbol=symbol, gate=gate,
        expression=operation_text(graph, i),
        value=format_number(value, precision), grad=format_number(trace.grads[i], precision),
        shape="×".join(str(s) for s in shape) if len(shape) else "",
        kink=trace.kinks[i], output=i == graph.output, live=live, pattern=pattern,
        local=tuple(local_pieces(graph, i, local, precision)),
        downstream=tuple(downstream_pieces(graph, i, sent, precision)),
        inputs=tuple(args[k] if position is None else position[args[k]] for k in drawn),
        wires=tuple(wires[k] for k in drawn),
        node=i,
    )


def program_title(source: str) -> str:
    """The program on one line, without its comment lines."""
    lines = [part.strip() for part in source.strip().splitlines()]
    return "; ".join(line for line in lines if line and not line.startswith("#"))
