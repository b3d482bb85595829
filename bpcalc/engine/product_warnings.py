"""Warnings about products that are elementwise where a student usually meant `@`.

`W * x` (or `W·x`) with a matrix W and a vector x broadcasts x across W's rows, and with two
matrices of matching inner size it multiplies entry by entry: valid numpy, rarely what the
lecture's W x means. Shapes are known only once values are bound, so this reads a finished
forward pass. Which rows can mislead so is a registry field (`Op.warns_matmul`).
"""

from __future__ import annotations

from typing import Any

from bpcalc.graph import Graph
from bpcalc.ops import REGISTRY

_WARNS = frozenset(op.name for op in REGISTRY.values() if op.warns_matmul)


def elementwise_product_warnings(graph: Graph, values: list[Any]) -> list[str]:
    """One warning per product of a matrix with a vector, or of matrices (m, n) and (n, k)."""
    warnings: list[str] = []
    for index, op in enumerate(graph.ops):
        if op not in _WARNS:
            continue
        left, right = (values[arg] for arg in graph.args[index])
        shapes = tuple(getattr(value, "shape", ()) for value in (left, right))
        if not _looks_like_matmul(*shapes):
            continue
        a, b = (_text(graph, arg) for arg in graph.args[index])
        warnings.append(
            f"{_text(graph, index)} multiplies shapes {shapes[0]} and {shapes[1]} elementwise (with broadcasting); "
            f"for the matrix product write {a} @ {b}"
        )
    return warnings


def _looks_like_matmul(left: tuple[int, ...], right: tuple[int, ...]) -> bool:
    if sorted((len(left), len(right))) == [1, 2]:
        return True
    return len(left) == 2 and len(right) == 2 and left[1] == right[0] and left != right


def _text(graph: Graph, index: int) -> str:
    span = graph.spans[index]
    if span is None:
        return graph.label(index)
    text = graph.source[span.start : span.end]
    return text if len(text) <= 40 else graph.label(index)
