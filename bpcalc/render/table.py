"""The terminal table: one row per node, in forward order, with the chain-rule pieces."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from bpcalc.base.ascii_text import fit_text, needs_stand_ins
from bpcalc.base.notation import CHAIN_RULE, GRADIENT_HEADER, LOSS, gradient
from bpcalc.base.numbers import format_array, format_number
from bpcalc.checks import verdicts as checks
from bpcalc.render.describe import downstream_pieces, local_pieces, operation_text
from bpcalc.teach.catalogue import translate

if TYPE_CHECKING:
    from rich.console import Console

    from bpcalc.api import Result

_VERDICT_MARKS = {  # verdict -> (mark, its rich style)
    checks.OK: ("✓", "green"),
    checks.MISMATCH: ("✗", "bold red"),
    checks.KINK: ("kink", "yellow"),
    checks.UNCHECKED: ("–", "dim"),
    checks.UNDEFINED: ("undefined", "dim"),
    checks.ILL_CONDITIONED: ("ill-conditioned", "yellow"),
}

SUMMARY_ROWS = 20  # beyond this many nodes, show the first and last rows unless asked for all

# Column key -> (its header, its shorter header for a narrow terminal). A catalogue of
# translated headers can replace the strings without touching the layout below.
HEADERS = {
    "node": ("node", "node"),
    "operation": ("operation", "operation"),
    "shape": ("shape", "shape"),
    "value": ("value", "value"),
    "grad": (f"grad {GRADIENT_HEADER}", GRADIENT_HEADER),
    "local": ("local gradient", "local"),
    "downstream": (CHAIN_RULE, "downstream"),  # the lecture's order, as explain writes it (base/notation)
    "check": ("check", "check"),
}
CHAIN_COLUMNS = ("local", "downstream")  # what moves under the table when the terminal is too narrow
NOTES_HEADING = "local gradient → downstream, per gate (--wide keeps them in the table):"


PLAIN_ROWS = 500  # past this many rows, the table is written line by line (see plain_table.py)

Segment = tuple[str, "str | None"]  # a piece of a footer line and its rich style


def render_table(result: Result, console: Console | None, precision: int = 6, full: bool = False,
                 out: TextIO | None = None, wide: bool = False) -> None:
    """The table and its footer. With console None, plain text goes to `out` (stdout): no
    colour, nothing wrapped, and rich not even imported (a pipe into a script needs neither);
    for a table that fits, the characters are rich's.

    On a console narrower than the table (a terminal of 80 columns), the headers get their short
    forms, and if that is still too wide the local and downstream gradients move under the table,
    one line per input edge, so no cell wraps a word per line; `wide` keeps the full table."""
    trace = result.trace
    graph = trace.graph
    report = result.check
    title = f"bpcalc: {_one_line(graph.source)}"
    keys = ["node", "operation", *(["shape"] if trace.arrays else []), "value", "grad", "local", "downstream",
            *(["check"] if report is not None else [])]
    columns = [(translate(HEADERS[key][0]), _JUSTIFY.get(key, "left")) for key in keys]  # the catalogue's language (--lang, LANG)
    wide_headers = any(name != HEADERS[key][0] for (name, _), key in zip(columns, keys))  # Hangul headers take two columns a character
    rows = [i for i in graph.user_nodes() if i <= graph.output]  # constants live inside their gates
    count = len(rows)
    shown: Sequence[int] = rows
    hidden = 0
    if count > 2 * SUMMARY_ROWS and not full:
        shown = [*rows[:SUMMARY_ROWS], *rows[count - SUMMARY_ROWS :]]
        hidden = count - 2 * SUMMARY_ROWS
    if console is not None and len(shown) <= PLAIN_ROWS:
        _rich_table(result, console, title, keys, shown, hidden, precision, full, wide)
        _print_footer(_footer(result, precision, full), console)
        return
    from bpcalc.render.plain_table import write_plain_table

    file = out or sys.stdout
    if console is not None:
        console.file.flush()
        file = console.file
    cells = [_cells(result, i, precision, full, plain=True) for i in shown]
    if hidden:
        cells.insert(SUMMARY_ROWS, ["…", f"{hidden} rows hidden (--full shows all)", *[""] * (len(columns) - 2)])
    # Our own words and symbols (∂, ×, →, ✓) take one column each; only the user's names can
    # hold wider characters, and they come from the source text.
    write_plain_table(file, title, [name for name, _ in columns], [side for _, side in columns], cells,
                      narrow=graph.source.isascii() and not wide_headers)
    if console is not None:
        _print_footer(_footer(result, precision, full), console)
    else:
        for line in _footer(result, precision, full):
            file.write("".join(text for text, _ in line) + "\n")


_JUSTIFY = {"shape": "right", "value": "right", "grad": "right", "check": "center"}


def _rich_table(result: Result, console: Console, title: str, keys: list[str], shown: Sequence[int],
                hidden: int, precision: int, full: bool, wide: bool) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    rows = [_cells(result, i, precision, full, plain=False) for i in shown]
    marked = "check" in keys  # the check cells are our own markup; every other cell is text to show as it is
    rows = [[*(escape(c) for c in row[:-1]), row[-1]] if marked else [escape(c) for c in row] for row in rows]
    headers = [translate(HEADERS[key][0]) for key in keys]
    fit = needs_stand_ins(console.file)
    if fit:  # cp949 or ASCII: measure what will be written (✓ is written `ok`), so the borders line up
        title = fit_text(title, console.file)
        headers = [fit_text(h, console.file) for h in headers]
        rows = [[fit_text(c, console.file) for c in row] for row in rows]
    moved: list[tuple[int, list[str]]] = []  # (row, its chain-rule cells) when they go under the table
    if not wide and _width(headers, rows) > console.width:
        headers = [translate(HEADERS[key][1]) for key in keys]
        headers = [fit_text(h, console.file) for h in headers] if fit else headers
        if _width(headers, rows) > console.width:
            chain = [keys.index(key) for key in CHAIN_COLUMNS]
            moved = [(position, [row[k] for k in chain]) for position, row in enumerate(rows)]
            keys = [key for key in keys if key not in CHAIN_COLUMNS]
            headers = [h for k, h in enumerate(headers) if k not in chain]
            rows = [[c for k, c in enumerate(row) if k not in chain] for row in rows]
    # Our own title line, cut at the terminal's edge: rich would wrap a table's title to the table.
    console.print(Text(title), no_wrap=True, overflow="ellipsis", crop=True)
    table = Table(show_lines=False)
    for key, header in zip(keys, headers):
        table.add_column(header, style="bold" if key == "node" else None, justify=_JUSTIFY.get(key, "left"))  # type: ignore[arg-type]
    for position, row in enumerate(rows):
        if hidden and position == SUMMARY_ROWS:
            mark = fit_text("…", console.file) if fit else "…"
            table.add_row(mark, f"[dim]{hidden} rows hidden (--full shows all)[/]", *[""] * (len(keys) - 2))
        table.add_row(*row)
    console.print(table)
    if moved:
        _print_chain_notes(result, console, shown, moved)


def _width(headers: list[str], rows: list[list[str]]) -> int:
    """The width rich needs for the table with nothing wrapped: each column's widest line, plus borders."""
    from rich.markup import render

    widths = [_line_width(h) for h in headers]
    for row in rows:
        for k, text in enumerate(row):
            widths[k] = max(widths[k], *(_line_width(line) for line in render(text).plain.split("\n")))
    return sum(widths) + 3 * len(widths) + 1


def _line_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _print_chain_notes(result: Result, console: Console, shown: Sequence[int], moved: list[tuple[int, list[str]]]) -> None:
    """One line per input edge: the local gradient and what it sends downstream, under the node's name."""
    from rich.table import Table

    graph = result.trace.graph
    grid = Table.grid(padding=(0, 2, 0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for position, (local, sent) in moved:
        local_lines = [line for line in local.split("\n") if line]
        sent_lines = [line for line in sent.split("\n") if line]
        if not local_lines and not sent_lines:
            continue
        if len(local_lines) == len(sent_lines):
            texts = [f"{a}  {b}" for a, b in zip(local_lines, sent_lines)]
        else:  # a vector-Jacobian rule for the whole gate, then what each input receives
            texts = [" ".join([*local_lines, *sent_lines])]
        name = escape_text(_node_name(graph, shown[position]))
        for depth, text in enumerate(texts):
            grid.add_row(name if depth == 0 else "", text)
    console.print(translate(NOTES_HEADING), markup=False)
    console.print(grid)


def escape_text(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _cells(result: Result, i: int, precision: int, full: bool, plain: bool) -> list[str]:
    """One node's row; `plain` gives the check mark without rich markup."""
    trace = result.trace
    graph = trace.graph
    report = result.check
    local, sent = trace.edges(i)  # one read: for scalars each read recomputes the rule
    values = trace.values if trace.arrays else None
    row = [
        _node_name(graph, i),
        _operation(graph, i),
        *([shape_text(trace.values[i])] if trace.arrays else []),
        cell(trace.values[i], precision, full),
        cell(trace.grads[i], precision, full),
        "\n".join(map(translate, local_pieces(graph, i, local, precision, values=values, full=full))),
        "\n".join(downstream_pieces(graph, i, sent, precision, full=full)),
    ]
    if report is not None:
        pieces = [_VERDICT_MARKS[report.nodes[i].verdict]]
        if report.nodes[i].method == "static":
            pieces = [("integer", "dim")]  # an axis, index or class label: no gradient to check
        if trace.kinks[i] and report.nodes[i].verdict != checks.KINK:
            pieces.append(("(kink)", "yellow"))
        row.append(" ".join(text if plain else f"[{style}]{text}[/]" for text, style in pieces))
    return row


def _footer(result: Result, precision: int, full: bool) -> list[list[Segment]]:
    """The lines under the table: the output, the inputs' gradients, what the check found."""
    trace = result.trace
    graph = trace.graph
    report = result.check
    out_name = graph.label(graph.output)
    # The gradients are of L: the output (`output L = n4`), or the loss a given upstream gradient stands for.
    named = out_name if out_name == LOSS or trace.upstream is not None else f"{LOSS} = {out_name}"
    lines: list[list[Segment]] = [[(f"output {named} = ", None), (format_number(trace.output, precision), "bold")]]
    if trace.upstream is not None:  # a given dL/d(output): the gradients are those of L = sum(output * upstream)
        given = format_number(trace.upstream, precision, full=full)
        lines.append([(f"  upstream {gradient(out_name)} = ", None), (given, "bold"), (" (given)", None)])
    for name, grad in trace.input_gradients().items():
        lines.append([(f"  {gradient(name)} = ", None), (format_number(grad, precision, full=full), "bold")])
    if report is not None:
        counts = report.counts()
        summary = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
        ran = ", ".join(report.methods) or "none"
        status = (report.headline, "green") if report.passed else (report.headline, "bold red")
        lines.append([("check: ", None), status, (f" ({summary}; checked by {ran})", None)])
        lines.extend([("  ", None), (line, "dim")] for line in report.skipped)
        lines.extend([("  ", None), (line, None)] for line in report.meanings() + report.notes)
    if any(trace.kinks):
        lines.append([("kink:", "yellow"), (" a node sits at a non-differentiable point; bpcalc uses PyTorch's convention "
                                            "there (relu'(0) = 0, abs'(0) = 0, ties share max/min gradients evenly)", None)])
    return [[(translate(text), style) for text, style in line] for line in lines]  # the catalogue's language


def _print_footer(lines: list[list[Segment]], console: Console) -> None:
    from rich.text import Text

    for line in lines:
        console.print(Text.assemble(*[(text, style) if style else text for text, style in line]))


def _operation(graph: Any, i: int) -> str:
    """What the node computes; a gate with constant inputs also says its lecture name: `1 + n10 (+1 gate)`."""
    text = operation_text(graph, i)
    if graph.ops[i] == "neg":
        return translate(f"{text} (*-1 gate)")  # the lecture draws a negation as a *-1 gate
    if graph.args[i] and any(graph.is_constant(a) for a in graph.args[i]):
        name, _, key = graph.gate(i)
        if key != graph.ops[i]:
            return translate(f"{text} ({name} gate)")
    return translate(text) if not graph.args[i] else text  # "input"


def _node_name(graph: Any, i: int) -> str:
    name = graph.label(i) if graph.names[i] or i in graph.labels else graph.node_id(i)
    return name if len(name) <= 24 else name[:21] + "..."


def shape_text(value: Any) -> str:
    """(2, 3) for a matrix, (3,) for a vector, and 'scalar' for a number."""
    shape = getattr(value, "shape", None)
    if isinstance(value, slice):
        return "slice"
    return "scalar" if not shape else str(tuple(shape))


def cell(value: Any, precision: int, full: bool) -> str:
    """A value for a table cell: matrices one row per line, large arrays summarized."""
    if hasattr(value, "shape") and getattr(value, "ndim", 0) > 0:
        return format_array(value, precision, full=full, multiline=True)
    return format_number(value, precision)


def _one_line(source: str) -> str:
    text = " ".join(part.strip() for part in source.strip().splitlines() if part.strip())
    return text if len(text) <= 80 else text[:77] + "..."
