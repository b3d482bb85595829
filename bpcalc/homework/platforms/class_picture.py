"""The class report as a picture (SVG): the score histogram, and the most common mistakes as bars.

Drawn by hand as SVG text (no plotting library), so the same report always gives the same
bytes and the picture in the docs can be checked against the code that drew it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from bpcalc.base.numbers import format_number

WIDTH, BINS, TOP = 720, 10, 8


def summary_svg(summary: dict[str, Any]) -> str:
    """Two panels: how many students scored in each tenth of the total; the TOP (node, mistake) pairs."""
    total = summary["max_score"] or 1.0
    counts = [0] * BINS
    for score in summary["scores"]:
        counts[min(BINS - 1, int(BINS * score / total))] += 1
    mistakes = sorted(((m["students"], f"{p['id']}: {m['node']} ({m['what']})") for p in summary["problems"]
                       for m in p["mistakes"]), key=lambda pair: (-pair[0], pair[1]))[:TOP]
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
