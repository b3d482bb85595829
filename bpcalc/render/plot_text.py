"""A text plot of f and its derivative, one panel each, for any terminal (no dependencies).

Two panels because the scales differ (sigmoid reaches 1, its derivative only 0.25); they share
the x axis so saturation (the derivative flat at 0) and kinks line up under the function.
"""

from __future__ import annotations

from bpcalc.base.numbers import format_number
from bpcalc.teach.plot import Samples

WIDTH = 65  # odd, so the middle of a symmetric range (a relu kink at 0) is a sample
HEIGHT = 11
LABEL = 9  # columns for the y-axis labels
DOT = "•"
FILL = "·"


def render_plot_text(samples: Samples, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The whole plot as text; `samples` should hold one point per column (`width` points)."""
    var = samples.variable
    f = "f"
    lines = [f"{f} = {_one_line(samples.source)} for {var} in [{format_number(samples.low, 4)}, "
             f"{format_number(samples.high, 4)}]" + _fixed_text(samples)]
    lines.append(f"  {f}")
    lines.extend(_panel(_resample(samples.ys, width), width, height))
    lines.append(f"  ∂{f}/∂{var}  (the gradient backprop gives at each {var})")
    lines.extend(_panel(_resample(samples.slopes, width), width, height))
    lines.append(" " * LABEL + "└" + "─" * width)
    lines.append(" " * (LABEL + 1) + _x_labels(samples, width))
    if samples.kinks:
        where = ", ".join(format_number(x, 4) for x in samples.kinks[:5])
        lines.append(f"kink at {var} = {where}: the derivative jumps there (bpcalc takes PyTorch's value)")
    gaps = sum(1 for y in samples.ys if y is None)
    if gaps:
        lines.append(f"undefined at {gaps} of {len(samples.ys)} points (left blank)")
    return "\n".join(lines) + "\n"


def _fixed_text(samples: Samples) -> str:
    if not samples.fixed:
        return ""
    return "; fixed: " + ", ".join(f"{k} = {format_number(v, 4)}" for k, v in samples.fixed.items())


def _resample(values: list[float | None], width: int) -> list[float | None]:
    """One value per column: the nearest sample."""
    n = len(values)
    if n == width:
        return values
    return [values[round(c * (n - 1) / (width - 1))] for c in range(width)]


def _panel(values: list[float | None], width: int, height: int) -> list[str]:
    finite = [v for v in values if v is not None]
    if not finite:
        return [" " * LABEL + "│ (undefined everywhere)"]
    top, bottom = max(finite), min(finite)
    if top - bottom < 1e-12:
        pad = max(abs(top) * 0.5, 1.0)
        top, bottom = top + pad, bottom - pad
    grid = [[" "] * width for _ in range(height)]

    def row(v: float) -> int:
        return round((top - v) / (top - bottom) * (height - 1))

    zero = row(0.0) if bottom <= 0.0 <= top else None
    if zero is not None:
        grid[zero] = ["─"] * width
    previous: int | None = None
    for c, v in enumerate(values):
        if v is None:
            previous = None
            continue
        r = row(v)
        if previous is not None and abs(r - previous) > 1:
            step = 1 if r > previous else -1
            for between in range(previous + step, r, step):
                grid[between][c] = FILL
        grid[r][c] = DOT
        previous = r
    out = []
    for r, cells in enumerate(grid):
        if r == 0:
            label, mark = format_number(top, 3), "┤"
        elif r == height - 1:
            label, mark = format_number(bottom, 3), "┤"
        elif r == zero:
            label, mark = "0", "┼"
        else:
            label, mark = "", "│"
        out.append(f"{label:>{LABEL - 1}} {mark}{''.join(cells)}".rstrip())
    return out


def _x_labels(samples: Samples, width: int) -> str:
    left, right = format_number(samples.low, 4), format_number(samples.high, 4)
    line = [" "] * width
    for k, ch in enumerate(left):
        line[k] = ch
    for k, ch in enumerate(right):
        line[width - len(right) + k] = ch
    if samples.low < 0 < samples.high:
        c = round(-samples.low / (samples.high - samples.low) * (width - 1))
        if len(left) + 1 < c < width - len(right) - 1:
            line[c] = "0"
    return "".join(line).rstrip()


def _one_line(source: str) -> str:
    lines = [part.strip() for part in source.strip().splitlines()]
    text = "; ".join(line for line in lines if line and not line.startswith("#"))
    return text if len(text) <= 70 else text[:67] + "..."
