"""A Markdown table of a result, for notebooks and issue comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.render.describe import local_pieces, operation_text
from bpcalc.render.numbers import format_number

if TYPE_CHECKING:
    from bpcalc.api import Result


def render_markdown(result: Result, precision: int = 6) -> str:
    trace = result.trace
    graph = trace.graph
    lines = [
        "| node | operation | value | grad ∂L/∂node | local gradient | check |",
        "|---|---|---:|---:|---|:---:|",
    ]
    for i in range(graph.output + 1):
        verdict = result.check.nodes[i].verdict if result.check else ""
        cells = [
            graph.label(i),
            operation_text(graph, i),
            format_number(trace.values[i], precision),
            format_number(trace.grads[i], precision),
            "; ".join(local_pieces(graph, i, trace.locals[i], precision)),
            verdict,
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
