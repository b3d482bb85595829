"""The loss curve of a training run as a small SVG (no matplotlib needed): loss against step,
on a log scale when the loss spans more than two decades. Deterministic output (no dates, no
random ids), so the file can be compared and committed."""

from __future__ import annotations

import math
from collections.abc import Sequence

from bpcalc.base.numbers import format_number

WIDTH, HEIGHT, MARGIN = 640, 360, 60
LINE_COLOUR = "#c0392b"


def render_loss_svg(losses: Sequence[float], title: str = "loss per step") -> str:
    finite = [loss for loss in losses if math.isfinite(loss)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    log_scale = low > 0 and high / low > 100
    scale = (lambda v: math.log10(v)) if log_scale else (lambda v: v)
    bottom, top = scale(low), scale(high)
    if top == bottom:
        top, bottom = top + 0.5, bottom - 0.5
    last = max(len(losses) - 1, 1)
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def point(step: int, loss: float) -> str:
        x = MARGIN + plot_w * step / last
        y = MARGIN + plot_h * (1 - (scale(loss) - bottom) / (top - bottom))
        return f"{x:.2f},{y:.2f}"

    points = " ".join(point(k, loss) for k, loss in enumerate(losses) if math.isfinite(loss))
    axis = f'M{MARGIN},{MARGIN} V{HEIGHT - MARGIN} H{WIDTH - MARGIN}'
    scale_note = " (log scale)" if log_scale else ""
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="13">',
        f"<title>{_escape(title)}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="{MARGIN / 2}" text-anchor="middle">{_escape(title)}</text>',
        f'<path d="{axis}" fill="none" stroke="black"/>',
        f'<text x="{MARGIN - 6}" y="{MARGIN + 4}" text-anchor="end">{format_number(high, 4)}</text>',
        f'<text x="{MARGIN - 6}" y="{HEIGHT - MARGIN + 4}" text-anchor="end">{format_number(low, 4)}</text>',
        f'<text x="{MARGIN}" y="{HEIGHT - MARGIN + 18}" text-anchor="middle">0</text>',
        f'<text x="{WIDTH - MARGIN}" y="{HEIGHT - MARGIN + 18}" text-anchor="middle">{len(losses) - 1}</text>',
        f'<text x="{WIDTH / 2}" y="{HEIGHT - MARGIN / 3}" text-anchor="middle">step</text>',
        f'<text x="{MARGIN / 3}" y="{HEIGHT / 2}" text-anchor="middle" '
        f'transform="rotate(-90 {MARGIN / 3} {HEIGHT / 2})">loss{scale_note}</text>',
        f'<polyline class="loss" points="{points}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>',
        "</svg>",
        "",
    ])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
