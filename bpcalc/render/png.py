"""The circuit as PNG: the same scene as the SVG, painted by matplotlib's Agg renderer.

matplotlib is an optional extra (from a clone: `pip install ".[images]"`); its wheels ship their own
fonts, so this works on a machine with no system packages. Without it, a clear message says
what to install.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from bpcalc.errors import UsageError
from bpcalc.render.colours import GRAD_COLOUR, KINK_COLOUR, VALUE_COLOUR
from bpcalc.render.labels import PRECISION
from bpcalc.render.layout import Scene, layout, shape_centre, shape_size, wire_middle
from bpcalc.render.svg import HEADER

if TYPE_CHECKING:
    from bpcalc.api import Result

DPI = 100
PT = 72 / DPI  # points per pixel, so font sizes match the SVG's px sizes


def install_hint() -> str:
    from bpcalc.base.install import extra_install_command

    return f"install the images extra: {extra_install_command('images')} (or pip install matplotlib)"


def load_pyplot() -> Any:
    """matplotlib's pyplot on the headless Agg backend, or a UsageError saying what to install."""
    try:
        import matplotlib
    except ImportError:
        raise UsageError("PNG output needs matplotlib, which is not installed", hint=install_hint()) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


# A PNG past these is unreadable and slow to make (a 3,000-node chain: 13 s of layout, a
# 390,000-pixel-wide canvas, then matplotlib's bad_alloc): refused before the work, with what to use.
PNG_MAX_NODES = 1_000
PNG_MAX_PIXELS = 50_000_000
_TOO_LARGE_HINT = "use --format dot (Graphviz lays out large graphs) or --format tree, or draw a smaller program"


def render_png(result: Result, precision: int = PRECISION, engine: str = "auto") -> bytes:
    nodes = result.trace.graph.output + 1
    if nodes > PNG_MAX_NODES:
        raise UsageError(f"a PNG of {nodes:,} nodes is past the {PNG_MAX_NODES:,} a picture can show",
                         hint=_TOO_LARGE_HINT)
    return scene_png(layout(result, precision, engine))


def scene_png(scene: Scene) -> bytes:
    plt = load_pyplot()
    from matplotlib.patches import Circle, FancyBboxPatch, PathPatch
    from matplotlib.path import Path

    width = max(scene.width, 360.0)
    height = scene.height + HEADER
    if width * height > PNG_MAX_PIXELS:
        raise UsageError(f"the PNG would be {width:,.0f} x {height:,.0f} pixels, past {PNG_MAX_PIXELS:,}",
                         hint=_TOO_LARGE_HINT)
    fig = plt.figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    ax.text(12, 18, scene.title if len(scene.title) <= 100 else scene.title[:97] + "...", fontsize=14 * PT, va="baseline")
    ax.text(12, 34, "value (forward) above each wire", color=VALUE_COLOUR, fontsize=11 * PT, va="baseline")
    ax.text(12 + 31 * 6.2, 34, "gradient dL/dnode (backward) below it", color=GRAD_COLOUR, fontsize=11 * PT, va="baseline")
    for wire in scene.wires:
        codes, verts = [Path.MOVETO], [_shift(wire.points[0])]
        px, py = wire.points[0]
        for x, y in wire.points[1:]:
            bend = max((x - px) / 2, 12.0)
            verts += [_shift((px + bend, py)), _shift((x - bend, y)), _shift((x, y))]
            codes += [Path.CURVE4] * 3
            px, py = x, y
        ax.add_patch(PathPatch(Path(verts, codes), fill=False, edgecolor="#555555", linewidth=1.4 * PT))
    uses = [0] * len(scene.nodes)
    for wire in scene.wires:
        uses[wire.source] += 1
    for wire in scene.wires:  # at a copy gate, what each wire carries back (the node shows their sum)
        if uses[wire.source] > 1 and wire.downstream:
            x, y = _shift(wire_middle(wire))
            ax.text(x, y + 13, wire.downstream, ha="center", va="baseline", color=GRAD_COLOUR, fontsize=11 * PT)
    for node in scene.nodes:
        item = scene.boxes[node.index]
        cx, cy = _shift(shape_centre(scene, node.index))
        w, h = shape_size(node)
        alpha = 1.0 if node.live else 0.45
        stub_start, stub_end = cx + w / 2, item.x + item.w / 2 - 4.0
        ax.plot([stub_start, stub_end], [cy, cy], color="#555555", linewidth=1.4 * PT, alpha=alpha)
        lw = (2.6 if node.output else 1.6) * PT
        if node.leaf:
            ax.add_patch(FancyBboxPatch((cx - w / 2, cy - h / 2), w, h, boxstyle="round,pad=0,rounding_size=6",
                                        facecolor="#f3f3f3", edgecolor="#333333", linewidth=lw, alpha=alpha))
            ax.text(cx, cy, node.symbol, ha="center", va="center", fontsize=13 * PT, alpha=alpha)
        else:
            ax.add_patch(Circle((cx, cy), w / 2, facecolor="white", edgecolor="#333333", linewidth=lw, alpha=alpha))
            ax.text(cx, cy, node.symbol, ha="center", va="center", fontsize=14 * PT, alpha=alpha)
            ax.text(cx, cy - h / 2 - 4, node.name, ha="center", va="baseline", fontsize=11 * PT, color="#444444")
        if node.kink:
            ax.add_patch(Circle((cx, cy), max(w, h) / 2 + 4, fill=False, edgecolor=KINK_COLOUR, linestyle="--", linewidth=2 * PT))
        notes = " · ".join(n for n in (node.shape, "kink" if node.kink else "") if n)
        if notes:
            ax.text(cx, cy + h / 2 + 13, notes, ha="center", va="baseline", fontsize=10 * PT,
                    color=KINK_COLOUR if node.kink else "#666666")
        ax.text(stub_start + 5, cy - 5, node.value, color=VALUE_COLOUR, fontsize=12 * PT, va="baseline", alpha=alpha)
        ax.text(stub_start + 5, cy + 15, node.grad, color=GRAD_COLOUR, fontsize=12 * PT, va="baseline", alpha=alpha)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


def _shift(point: tuple[float, float]) -> tuple[float, float]:
    return point[0], point[1] + HEADER
