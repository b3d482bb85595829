"""The circuit as a Mermaid flowchart, which GitHub draws inside a ```mermaid block.

Same labels as the SVG and DOT: name, gate symbol, value and gradient per node; each wire is
labelled with the gradient it carries back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.render.colours import GRAD_COLOUR, KINK_COLOUR
from bpcalc.render.labels import PRECISION, NodeLabel, node_labels

if TYPE_CHECKING:
    from bpcalc.api import Result


def render_mermaid(result: Result, precision: int = PRECISION) -> str:
    labels = node_labels(result, precision)
    lines = ["flowchart LR"]
    for node in labels:
        text = _text(node_text(node))
        if node.leaf:
            lines.append(f'  {node.id}["{text}"]')
        else:
            lines.append(f'  {node.id}(("{text}"))')
    for node in labels:
        for slot, a in enumerate(node.inputs):
            back = node.wires[slot]
            arrow = f'-->|"{_text(back)}"|' if back else "-->"
            lines.append(f"  {labels[a].id} {arrow} {node.id}")
    lines.append(f"  classDef kink stroke:{KINK_COLOUR},stroke-width:3px,stroke-dasharray:5 3")
    lines.append("  classDef output stroke-width:3px")
    lines.append(f"  linkStyle default color:{GRAD_COLOUR}")
    kinks = [n.id for n in labels if n.kink]
    if kinks:
        lines.append(f"  class {','.join(kinks)} kink")
    lines.append(f"  class {labels[-1].id} output")
    return "\n".join(lines) + "\n"


def node_text(node: NodeLabel) -> list[str]:
    """The label's lines, shared in spirit with the DOT label."""
    rows = [node.name] if node.leaf else [node.name, node.symbol]
    if node.shape:
        rows.append(node.shape)
    rows.append(f"value {node.value}")
    rows.append(f"grad {node.grad}")
    if node.kink:
        rows.append("kink")
    return rows


def _text(rows: list[str] | str) -> str:
    """Mermaid label text: entity codes for characters its parser treats specially."""
    joined = rows if isinstance(rows, str) else "<br/>".join(_escape(r) for r in rows)
    return joined if not isinstance(rows, str) else _escape(joined)


def _escape(text: str) -> str:
    return text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
