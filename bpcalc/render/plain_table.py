"""A table written line by line, for tables too long for rich's layout engine.

rich measures and wraps every cell of every row (about a millisecond a row), which is right
for a screenful and wrong for `bpcalc eval --full` on 10^5 nodes. This writer draws the same
box (rich's heavy-head style) with columns as wide as their widest line and nothing wrapped or
coloured, in one pass over the rows. For a table that fits the console, its output is rich's,
character for character (tests/test_table_plain.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from bpcalc.base.ascii_text import fit_text, needs_stand_ins


def write_plain_table(file: TextIO, title: str, headers: Sequence[str], justify: Sequence[str],
                      rows: Sequence[Sequence[str]], narrow: bool = False) -> None:
    """headers[k] and justify[k] ("left", "right" or "center") describe column k; a cell may
    hold several lines. narrow: the caller knows that every character takes one column (no
    CJK text, no emoji), so widths are plain lengths."""
    width = len if narrow else _cell_width
    if needs_stand_ins(file):  # an ASCII or cp949 terminal: measure the stand-ins that will be written
        title, headers, rows = (fit_text(title, file), [fit_text(h, file) for h in headers],
                                [[fit_text(c, file) for c in row] for row in rows])
    cells = [[cell.split("\n") for cell in row] for row in rows]
    widths = [width(header) for header in headers]
    for row in cells:
        for k, lines in enumerate(row):
            for line in lines:
                size = width(line)
                if size > widths[k]:
                    widths[k] = size
    write = file.write
    write(title + "\n")  # the title line as it is: no trailing spaces to the table's width
    write("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓\n")
    write("┃" + "┃".join(f" {_pad(h, w, j, width)} " for h, w, j in zip(headers, widths, justify)) + "┃\n")
    write("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩\n")
    for row in cells:
        height = max(len(lines) for lines in row)
        for depth in range(height):
            parts = [_pad(lines[depth] if depth < len(lines) else "", w, j, width)
                     for lines, w, j in zip(row, widths, justify)]
            write("│ " + " │ ".join(parts) + " │\n")
    write("└" + "┴".join("─" * (w + 2) for w in widths) + "┘\n")


def _cell_width(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _pad(text: str, width: int, justify: str, measure: Callable[[str], int]) -> str:
    room = width - measure(text)
    if room <= 0:
        return text
    if justify == "right":
        return " " * room + text
    if justify == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room
