"""The class report as a picture: the score histogram, and the most common mistakes as bars.

The SVG is drawn by hand as text (no plotting library), so the same report always gives the
same bytes and the picture in the docs can be checked against the code that drew it. The PNG
is the same two panels painted by matplotlib (the optional images extra).
"""

from __future__ import annotations

from html import escape
from typing import Any

from bpcalc.base.numbers import format_number

WIDTH, BINS, TOP = 720, 10, 8


def _panels(summary: dict[str, Any]) -> tuple[float, list[int], list[tuple[int, str]]]:
    """The total, students per tenth of it, and the TOP (count, 'problem: node (mistake)') pairs."""
    total = summary["max_score"] or 1.0
    counts = [0] * BINS
    for score in summary["scores"]:
        counts[min(BINS - 1, int(BINS * score / total))] += 1
    mistakes = sorted(((m["students"], f"{p['id']}: {m['node']} ({m['what']})") for p in summary["problems"]
                       for m in p["mistakes"]), key=lambda pair: (-pair[0], pair[1]))[:TOP]
    return total, counts, mistakes


def summary_png(summary: dict[str, Any]) -> bytes:
    """The same two panels as a PNG (needs matplotlib)."""
    import io

    from bpcalc.render.png import load_pyplot

    plt = load_pyplot()
    total, counts, mistakes = _panels(summary)
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(7.2, 3.0 + 0.3 * max(len(mistakes), 1)), dpi=100)
    try:
        edges = [total * i / BINS for i in range(BINS)]
        top.bar(edges, counts, width=total / BINS * 0.9, align="edge", color="#4477aa")
        top.set_title(f"{summary['title']}: {summary['graded']} graded")
        top.set_xlabel(f"score (out of {format_number(total, 4)})")
        top.set_xlim(0, total)
        labels = [label for _n, label in reversed(mistakes)]
        bottom.barh(labels, [n for n, _label in reversed(mistakes)], color="#cc6677")
        bottom.set_xlabel("students")
        bottom.set_title("most common mistakes")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(figure)


def summary_svg(summary: dict[str, Any]) -> str:
    """Two panels: how many students scored in each tenth of the total; the TOP (node, mistake) pairs."""
    total, counts, mistakes = _panels(summary)
    bar_rows = max(len(mistakes), 1)
    height = 300 + 28 * bar_rows + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13">',
             f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
             f'<text x="20" y="28" font-size="16" font-weight="bold">{escape(summary["title"])}: '
             f'{summary["graded"]} graded</text>',
             '<text x="20" y="54">scores (out of ' + escape(format_number(total, 4)) + ')</text>']
    tallest = max(counts) or 1
    left, base, panel_w, panel_h = 60, 240, WIDTH - 100, 160
    step = panel_w / BINS
    for i, count in enumerate(counts):
        h = panel_h * count / tallest
        x = left + i * step
        parts.append(f'<rect x="{x + 2:.1f}" y="{base - h:.1f}" width="{step - 4:.1f}" height="{h:.1f}" '
                     f'fill="#4477aa"><title>{count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle" font-size="11">'
                     f'{escape(format_number(total * i / BINS, 3))}</text>')
    parts.append(f'<text x="{left + panel_w:.1f}" y="{base + 16}" text-anchor="middle" font-size="11">'
                 f'{escape(format_number(total, 3))}</text>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + panel_w}" y2="{base}" stroke="black"/>')
    y0 = base + 50
    parts.append(f'<text x="20" y="{y0}">most common mistakes (students)</text>')
    most = max((n for n, _label in mistakes), default=1)
    label_w, bar_left = 330, 350
    for row, (n, label) in enumerate(mistakes):
        y = y0 + 14 + 28 * row
        w = (WIDTH - bar_left - 60) * n / most
        parts.append(f'<text x="{label_w}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{bar_left}" y="{y}" width="{w:.1f}" height="20" fill="#cc6677"/>')
        parts.append(f'<text x="{bar_left + w + 6:.1f}" y="{y + 15}">{n}</text>')
    if not mistakes:
        parts.append(f'<text x="{bar_left}" y="{y0 + 29}">none</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
