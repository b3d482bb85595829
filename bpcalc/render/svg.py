"""The circuit as SVG, drawn the way lectures draw it.

Inputs on the left, gates as circles, and on each node's outgoing wire its forward value above
(green) and its gradient dL/dnode below (red). Kinks get a dashed orange ring. Every element
carries data-node attributes, so the HTML page (and tests) can find a node's texts. Plain
string building with escaping: no dependencies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.render.colours import GRAD_COLOUR, KINK_COLOUR, VALUE_COLOUR
from bpcalc.render.labels import PRECISION
from bpcalc.render.layout import Scene, layout, shape_centre, shape_size, wire_middle

if TYPE_CHECKING:
    from bpcalc.api import Result

STYLE = f"""
.bp-title {{ font-size: 14px; fill: #222; }}
.bp-legend {{ font-size: 11px; fill: #555; }}
.bp-wire {{ fill: none; stroke: #555; stroke-width: 1.4; }}
.bp-stub {{ stroke: #555; stroke-width: 1.4; }}
.bp-gate {{ fill: #fff; stroke: #333; stroke-width: 1.6; }}
.bp-leaf {{ fill: #f3f3f3; stroke: #333; stroke-width: 1.2; }}
.bp-wiregrad {{ font-size: 11px; fill: {GRAD_COLOUR}; text-anchor: middle; }}
.bp-output .bp-gate, .bp-output .bp-leaf {{ stroke-width: 2.6; }}
.bp-dead {{ opacity: 0.45; }}
.bp-symbol {{ font-size: 14px; fill: #111; text-anchor: middle; dominant-baseline: central; }}
.bp-leafname {{ font-size: 13px; fill: #111; text-anchor: middle; dominant-baseline: central; }}
.bp-name {{ font-size: 11px; fill: #444; text-anchor: middle; }}
.bp-note {{ font-size: 10px; fill: #666; text-anchor: middle; }}
.bp-value {{ font-size: 12px; fill: {VALUE_COLOUR}; }}
.bp-grad {{ font-size: 12px; fill: {GRAD_COLOUR}; }}
.bp-kinkring {{ fill: none; stroke: {KINK_COLOUR}; stroke-width: 2; stroke-dasharray: 4 3; }}
.bp-kinktext {{ font-size: 10px; fill: {KINK_COLOUR}; text-anchor: middle; }}
"""

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
HEADER = 40.0  # room for the title and the legend


_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """&, < and > as entities, as html.escape(text, quote=False) writes them (the html module
    loads its table of 2,000 named entities; xml.sax.saxutils urllib, http, email and ssl)."""
    return text.translate(_ENTITIES)


# The layout's budget (graph --format svg and html), in graph nodes: a 12,000-node chain lays
# out in about 10 s on a busy 2-core machine and makes a 5 MB picture; a 20,000-node chain took
# 50 s and 9 MB, a 90,000-node one would not end.
# Past it the command stops at once and says what draws large graphs.
SVG_MAX_NODES = 12_000
_TOO_LARGE_HINT = "use --format dot (Graphviz lays out large graphs) or --format tree, or draw a smaller program"


def check_drawable(result: Result, what: str = "an SVG") -> None:
    """Refuse, before any layout work, a graph past SVG_MAX_NODES (UsageError: exit 2)."""
    nodes = result.trace.graph.output + 1
    if nodes > SVG_MAX_NODES:
        from bpcalc.errors import UsageError

        raise UsageError(f"{what} of {nodes:,} nodes is past the {SVG_MAX_NODES:,} its layout handles",
                         hint=_TOO_LARGE_HINT)


def render_svg(result: Result, precision: int = PRECISION, engine: str = "auto") -> str:
    check_drawable(result)
    return scene_svg(layout(result, precision, engine), tips=_array_tips(result, precision))


def _array_tips(result: Result, precision: int) -> dict[tuple[int, int], str]:
    """The array gates' derivations for the wires' hover text; a scalar run has none, and does
    not load the module that writes them."""
    if not result.trace.arrays:
        return {}
    from bpcalc.teach.array_steps import wire_derivations

    return wire_derivations(result.trace, precision)


def scene_svg(scene: Scene, extra_style: str = "", tips: dict[tuple[int, int], str] | None = None) -> str:
    """`tips`: (gate, input position) -> an array gate's derivation, shown on hovering that wire."""
    width = max(scene.width, 360.0)
    height = scene.height + HEADER
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bp-graph" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{escape(FONT)}">',
        f"<title>bpcalc: {escape(scene.title)}</title>",
        f"<style>{STYLE}{extra_style}</style>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text class="bp-title" x="{12}" y="{18}">{escape(_short(scene.title))}</text>',
        f'<text class="bp-legend" x="{12}" y="{34}">'
        f'<tspan fill="{VALUE_COLOUR}">value (forward) above each wire</tspan>, '
        f'<tspan fill="{GRAD_COLOUR}">gradient dL/dnode (backward) below it</tspan></text>',
        f'<g transform="translate(0 {HEADER:.0f})">',
        '<g class="bp-wires">',
    ]
    for wire in scene.wires:
        source, target = scene.nodes[wire.source], scene.nodes[wire.target]
        out.append(
            f'<path class="bp-wire" data-from="{source.id}" data-to="{target.id}" d="{_path(wire.points)}">'
            f"<title>{escape(f'{source.name} → {target.name}: carries {source.value} forward, {wire.downstream} back')}"
            f"{escape(chr(10) + tips[(wire.target, wire.slot)]) if tips and (wire.target, wire.slot) in tips else ''}"
            "</title></path>"
        )
    out.extend(_fan_out_labels(scene))
    out.append("</g>")
    out.append('<g class="bp-nodes">')
    for node in scene.nodes:
        item = scene.boxes[node.index]
        cx, cy = shape_centre(scene, node.index)
        w, h = shape_size(node)
        classes = ["bp-node", f"bp-op-{node.op}"]
        if node.output:
            classes.append("bp-output")
        if node.kink:
            classes.append("bp-kink")
        if not node.live:
            classes.append("bp-dead")
        tip = f"{node.name} = {node.expression}: value {node.value}, gradient {node.grad}"
        out.append(f'<g class="{" ".join(classes)}" id="bp-{node.id}" data-node="{node.id}" data-op="{node.op}">')
        out.append(f"<title>{escape(tip)}</title>")
        stub_start = cx + w / 2
        stub_end = item.x + item.w / 2 - 4.0
        out.append(f'<line class="bp-stub" x1="{stub_start:.1f}" y1="{cy:.1f}" x2="{stub_end:.1f}" y2="{cy:.1f}"/>')
        if node.leaf:
            out.append(f'<rect class="bp-leaf" x="{cx - w / 2:.1f}" y="{cy - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6"/>')
            out.append(f'<text class="bp-leafname" x="{cx:.1f}" y="{cy:.1f}">{escape(node.symbol)}</text>')
        else:
            out.append(f'<circle class="bp-gate" cx="{cx:.1f}" cy="{cy:.1f}" r="{w / 2:.1f}"/>')
            out.append(f'<text class="bp-symbol" x="{cx:.1f}" y="{cy:.1f}">{escape(node.symbol)}</text>')
            out.append(f'<text class="bp-name" x="{cx:.1f}" y="{cy - h / 2 - 4:.1f}">{escape(node.name)}</text>')
        notes = [n for n in (node.shape, "kink" if node.kink else "") if n]
        if node.kink:
            out.append(f'<circle class="bp-kinkring" cx="{cx:.1f}" cy="{cy:.1f}" r="{max(w, h) / 2 + 4:.1f}"/>')
        if notes:
            cls = "bp-kinktext" if node.kink else "bp-note"
            out.append(f'<text class="{cls}" x="{cx:.1f}" y="{cy + h / 2 + 13:.1f}">{escape(" · ".join(notes))}</text>')
        out.append(f'<text class="bp-value" data-node="{node.id}" x="{stub_start + 5:.1f}" y="{cy - 5:.1f}">'
                   f"{escape(node.value)}</text>")
        out.append(f'<text class="bp-grad" data-node="{node.id}" x="{stub_start + 5:.1f}" y="{cy + 15:.1f}">'
                   f"{escape(node.grad)}</text>")
        out.append("</g>")
    out.append("</g></g></svg>")
    return "\n".join(out) + "\n"


def _fan_out_labels(scene: Scene) -> list[str]:
    """At a copy gate (a node used more than once) each wire is labelled with the gradient it
    carries back; the node's own gradient, under its wire, is their sum."""
    uses = [0] * len(scene.nodes)
    for wire in scene.wires:
        uses[wire.source] += 1
    out = []
    for wire in scene.wires:
        if uses[wire.source] > 1 and wire.downstream:
            x, y = wire_middle(wire)
            out.append(f'<text class="bp-wiregrad" data-from="{scene.nodes[wire.source].id}" '
                       f'data-to="{scene.nodes[wire.target].id}" x="{x:.1f}" y="{y + 13:.1f}">'
                       f"{escape(wire.downstream)}</text>")
    return out


def _path(points: list[tuple[float, float]]) -> str:
    """Smooth wire through its points: cubic pieces leaving and entering horizontally."""
    (x0, y0), rest = points[0], points[1:]
    parts = [f"M{x0:.1f},{y0:.1f}"]
    px, py = x0, y0
    for x, y in rest:
        bend = max((x - px) / 2, 12.0)
        parts.append(f"C{px + bend:.1f},{py:.1f} {x - bend:.1f},{y:.1f} {x:.1f},{y:.1f}")
        px, py = x, y
    return " ".join(parts)


def _short(text: str) -> str:
    return text if len(text) <= 100 else text[:97] + "..."
