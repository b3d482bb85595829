"""A graph printed back as bpcalc source text, so that parsing the text gives the same graph.

Used by the round-trip property test and by anyone who wants a canonical form of a program,
parenthesized where precedence needs it. One statement per named node (`q = (x + y)`), unnamed nodes
inlined where they are used, bare statements for roots nothing uses, `b = a` for extra names.
Nodes appear in the text in creation order, so the re-parsed graph has the same node ids.
Array syntax prints as the registry's display templates say: x[0], W[1, :], sum(x, axis=0), max(x), W.T.
The walk uses an explicit stack and emits pieces to a list: linear, no recursion.
"""

from __future__ import annotations

from bpcalc.graph import Graph
from bpcalc.language.format import ATOM, binding, leaf_binding
from bpcalc.language.format import pieces as form_pieces
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE


def to_source(graph: Graph) -> str:
    """The program as text, one statement per line."""
    users = [0] * len(graph.ops)
    for args in graph.args:
        for a in args:
            users[a] += 1
    extra_names: dict[int, list[str]] = {}
    for name, index in graph.aliases.items():
        if graph.names[index] != name:
            extra_names.setdefault(index, []).append(name)
    lines: list[str] = []
    last_line_node = -1  # the node whose statement is the last line so far
    for i in range(len(graph.ops)):
        if graph.ops[i] == VARIABLE and i in extra_names:
            # `a = x` is where x first appears: the alias line creates the variable here.
            lines.extend(f"{alias} = {graph.names[i]}" for alias in extra_names.pop(i))
            last_line_node = i
        named = graph.names[i] is not None and graph.ops[i] != VARIABLE
        if named:
            lines.append(f"{graph.names[i]} = {_expression(graph, i)}")
        elif users[i] == 0 and (graph.names[i] is None or graph.ops[i] == VARIABLE) and i != last_line_node:
            lines.append(_expression(graph, i))
        else:
            continue
        last_line_node = i
        if i in extra_names:
            lines.extend(f"{alias} = {graph.names[i]}" for alias in extra_names.pop(i))
    if graph.output >= 0 and graph.output != last_line_node:
        lines.append(_reference(graph, graph.output))
    return "\n".join(lines) + "\n"


def _reference(graph: Graph, index: int) -> str:
    """How a later statement refers to an existing node: its name."""
    name = graph.names[index]
    if name is None:
        raise ValueError(f"node {graph.node_id(index)} is used twice but has no name")
    return name


def _expression(graph: Graph, root: int) -> str:
    """The node's expression, each operation written by the one formatter (language.format):
    named nodes are referenced by name, unnamed ones inlined with parentheses only where
    precedence needs them."""
    pieces: list[str] = []
    stack: list[int | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
            continue
        i = item
        name = graph.names[i]
        if (i != root and name is not None) or graph.ops[i] == VARIABLE:
            pieces.append(name or graph.label(i))  # a variable or a named intermediate
            continue
        if graph.ops[i] == CONSTANT:
            pieces.append(graph.labels[i])
            continue
        args = graph.args[i]
        strengths = [_binding(graph, a) for a in args]
        if i == root and len(args) == 1 and graph.ops[args[0]] == CONSTANT and graph.names[args[0]] is None:
            strengths = [0]  # `t = -(2)`: written `t = -2`, a statement would make t an input
        form = form_pieces(REGISTRY[graph.ops[i]], strengths)
        stack.extend(reversed([args[p] if isinstance(p, int) else p for p in form]))
    return "".join(pieces)


def _binding(graph: Graph, index: int) -> int:
    """How the input prints where it is used: a name or a number is an atom; an inlined
    operation binds as its form does."""
    if graph.names[index] is not None:
        return ATOM
    if graph.ops[index] == CONSTANT:
        return leaf_binding(graph.labels[index])
    return binding(REGISTRY[graph.ops[index]], len(graph.args[index]))
