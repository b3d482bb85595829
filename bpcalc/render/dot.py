"""The circuit as Graphviz DOT text, with the same labels as the SVG.

Each node shows its name, its gate symbol, its value (green) and its gradient dL/dnode (red);
each wire is labelled with the gradient it carries back (downstream = local x upstream).
Graphviz itself is not needed to write this, only to draw it (`dot -Tsvg`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.render.colours import GRAD_COLOUR, KINK_COLOUR, VALUE_COLOUR
from bpcalc.render.labels import PRECISION, NodeLabel, node_labels, program_title

if TYPE_CHECKING:
    from bpcalc.api import Result


def render_dot(result: Result, precision: int = PRECISION) -> str:
    labels = node_labels(result, precision)
    title = program_title(result.trace.graph.source)
    lines = [
        "digraph bpcalc {",
        f"  label={_quote('bpcalc: ' + title)}; labelloc=t; rankdir=LR;",
        '  node [fontname="DejaVu Sans" fontsize=11]; edge [fontname="DejaVu Sans" fontsize=10 arrowsize=0.6];',
    ]
    for node in labels:
        shape = "box" if node.leaf else "circle"
        style = ' style="rounded"' if node.leaf else ""
        extra = f' color="{KINK_COLOUR}" penwidth=2' if node.kink else (" penwidth=2" if node.output else "")
        lines.append(f"  {node.id} [shape={shape}{style}{extra} margin=0.05 label=<{node_html(node)}>];")
    for node in labels:
        for slot, a in enumerate(node.inputs):
            back = node.wires[slot]
            label = f' label=<<font color="{GRAD_COLOUR}">{_html(back)}</font>>' if back else ""
            lines.append(f"  {labels[a].id} -> {node.id} [tooltip={_quote(labels[a].name + ' → ' + node.name)}{label}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def node_html(node: NodeLabel) -> str:
    """A Graphviz HTML-like label: name, symbol, value, gradient (and shape, kink)."""
    rows = [f"<b>{_html(node.name)}</b>"]
    if not node.leaf:
        rows.append(_html(node.symbol))
    if node.shape:
        rows.append(f"<i>{_html(node.shape)}</i>")
    rows.append(f'<font color="{VALUE_COLOUR}">{_html(node.value)}</font>')
    rows.append(f'<font color="{GRAD_COLOUR}">{_html(node.grad)}</font>')
    if node.kink:
        rows.append(f'<font color="{KINK_COLOUR}">kink</font>')
    return "<br/>".join(rows)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
