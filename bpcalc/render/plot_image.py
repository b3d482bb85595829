"""The plot of f and its derivative as a PNG or SVG file, drawn by matplotlib (optional extra).

Two stacked panels sharing the x axis: the function (green, like forward values) above, its
derivative (red, like gradients) below; kinks as dotted vertical lines, undefined points as gaps.
"""

from __future__ import annotations

import io

from bpcalc.render.colours import GRAD_COLOUR, KINK_COLOUR, VALUE_COLOUR
from bpcalc.render.png import load_pyplot
from bpcalc.teach.plot import Samples


def render_plot_image(samples: Samples, fmt: str = "png") -> bytes:
    """fmt: "png" or "svg"; the SVG is deterministic (no date, fixed ids)."""
    plt = load_pyplot()
    import matplotlib

    nan = float("nan")
    ys = [nan if y is None else y for y in samples.ys]
    slopes = [nan if d is None else d for d in samples.slopes]
    var = samples.variable
    with matplotlib.rc_context({"svg.hashsalt": "bpcalc", "svg.fonttype": "none"}):
        fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7.5, 5.2), dpi=100)
        top.plot(samples.xs, ys, color=VALUE_COLOUR, linewidth=2, label="f")
        bottom.plot(samples.xs, slopes, color=GRAD_COLOUR, linewidth=2, label=f"∂f/∂{var}")
        for ax, label in ((top, "f"), (bottom, f"∂f/∂{var}")):
            ax.axhline(0.0, color="#999999", linewidth=0.8)
            ax.set_ylabel(label)
            ax.grid(True, color="#eeeeee")
            for x in _kink_positions(samples):
                ax.axvline(x, color=KINK_COLOUR, linestyle=":", linewidth=1.5)
        title = _title(samples)
        top.set_title(title, fontsize=11)
        bottom.set_xlabel(var)
        fig.tight_layout()
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {}
        fig.savefig(buffer, format=fmt, metadata=metadata)
        plt.close(fig)
    return buffer.getvalue()


def _kink_positions(samples: Samples) -> list[float]:
    """One line per run of kinked samples (a kink usually hits one sample, or none)."""
    return samples.kinks[:20]


def _title(samples: Samples) -> str:
    lines = [part.strip() for part in samples.source.strip().splitlines()]
    text = "; ".join(line for line in lines if line and not line.startswith("#"))
    if len(text) > 70:
        text = text[:67] + "..."
    fixed = ", ".join(f"{k} = {v:g}" for k, v in samples.fixed.items() if isinstance(v, float))
    return f"f = {text}" + (f"  ({fixed})" if fixed else "")
