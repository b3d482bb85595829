"""Chained comparisons (a < b < c) are refused: Python reads them as a < b and b < c, a
left-to-right reading would be (a < b) < c, and a student means one of them without saying which.

The rows that do not chain say so (`Op.chains`); the check is one loop over the parsed graph,
and only a graph with such a row pays for it.
"""

from __future__ import annotations

from bpcalc.errors import ParseError, Span
from bpcalc.graph import Graph
from bpcalc.ops import REGISTRY

_NON_CHAINING = frozenset(name for name, op in REGISTRY.items() if not op.chains)


def refuse_chained_comparisons(graph: Graph) -> None:
    """A comparison whose left side is an unparenthesized comparison is a chain: an error."""
    ops = graph.ops
    if _NON_CHAINING.isdisjoint(ops):
        return
    for index, op in enumerate(ops):
        if op not in _NON_CHAINING:
            continue
        left = graph.args[index][0]
        if ops[left] not in _NON_CHAINING:
            continue
        outer, inner = graph.spans[index], graph.spans[left]
        if outer is None or inner is None or outer.start != inner.start:
            continue  # (a < b) < c: the parentheses say what is meant
        first, second = REGISTRY[ops[left]].infix[0], REGISTRY[op].infix[0]
        raise ParseError(
            f"a chain of comparisons (a {first} b {second} c) is not supported",
            source=graph.source, span=Span(outer.start, outer.end),
            hint=f"Python reads it as (a {first} b) and (b {second} c): write (a {first} b) * (b {second} c) for that, "
                 f"or add parentheses: (a {first} b) {second} c",
        )
