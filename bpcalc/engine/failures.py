"""Domain and shape errors that name the node where a pass failed.

Both passes raise these; they live apart from `engine/__init__` so that the passes never
import the module that chooses between them.
"""

from __future__ import annotations

from typing import Any

from bpcalc.errors import DomainError, ShapeError
from bpcalc.graph import Graph


def node_error(graph: Graph, index: int, problem: str, grad: bool = False) -> DomainError:
    op = graph.ops[index]
    where = f"node {graph.label(index)} ({op})"
    if graph.names[index] is None:
        where = f"node {graph.node_id(index)} ({op})"
    span = graph.spans[index]
    text = graph.source[span.start : span.end] if span else ""
    message = f"{where}: {problem}"
    if text:
        message = f"{where}, '{text}': {problem}"
    hint = "change the input values so this node is defined" if not grad else (
        "the derivative does not exist at this point; try nearby input values")
    return DomainError(message, source=graph.source, span=graph.spans[index], node=graph.node_id(index), hint=hint)


def shape_error(graph: Graph, index: int, xs: list[Any]) -> ShapeError:
    shapes = " and ".join(str(tuple(getattr(x, "shape", ()))) for x in xs)
    span = graph.spans[index]
    text = graph.source[span.start : span.end] if span else graph.ops[index]
    return ShapeError(
        f"{text}: shapes {shapes} do not broadcast together",
        source=graph.source, span=graph.spans[index], node=graph.node_id(index),
        hint="elementwise operations need equal shapes, or shapes that broadcast (a scalar, a row, a column)",
    )
