"""The terminal table: one row per node, in forward order, with the chain-rule pieces."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

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


PLAIN_ROWS = 500  # past this many rows, the table is written line by line (see plain_table.py)

Segment = tuple[str, "str | None"]  # a piece of a footer line and its rich style


def render_table(result: Result, console: Console | None, precision: int = 6, full: bool = False,
                 out: TextIO | None = None) -> None:
    """The table and its footer. With console None, plain text goes to `out` (stdout): no
    colour, nothing wrapped, and rich not even imported (a pipe into a script needs neither);
    for a table that fits, the characters are rich's."""
    trace = result.trace
    graph = trace.graph
    report = result.check
    title = f"bpcalc: {_one_line(graph.source)}"
    columns = [("node", "left"), ("operation", "left")]
    if trace.arrays:
        columns.append(("shape", "right"))
    columns += [("value", "right"), ("grad ∂L/∂node", "right"), ("local gradient", "left"),
                ("downstream = upstream × local", "left")]  # the lecture's order, as explain writes it
    if report is not None:
        columns.append(("check", "center"))
    translated = [(translate(name), side) for name, side in columns]  # the catalogue's language (--lang, LANG)
    wide_headers, columns = translated != columns, translated  # Hangul headers take two columns a character
    rows = [i for i in graph.user_nodes() if i <= graph.output]  # constants live inside their gates
    count = len(rows)
    shown: Sequence[int] = rows
    hidden = 0
    if count > 2 * SUMMARY_ROWS and not full:
        shown = [*rows[:SUMMARY_ROWS], *rows[count - SUMMARY_ROWS :]]
        hidden = count - 2 * SUMMARY_ROWS
    if console is not None and len(shown) <= PLAIN_ROWS:
        _rich_table(result, console, title, columns, shown, hidden, precision, full)
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


def _rich_table(result: Result, console: Console, title: str, columns: list[tuple[str, str]], shown: Sequence[int],
                hidden: int, precision: int, full: bool) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for name, side in columns:
        table.add_column(name, style="bold" if name == "node" else None, justify=side)  # type: ignore[arg-type]
    for position, i in enumerate(shown):
        if hidden and position == SUMMARY_ROWS:
            table.add_row("…", f"[dim]{hidden} rows hidden (--full shows all)[/]", *[""] * (len(columns) - 2))
        table.add_row(*_cells(result, i, precision, full, plain=False))
    console.print(table)


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
        "\n".join(local_pieces(graph, i, local, precision, values=values, full=full)),
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
    lines: list[list[Segment]] = [[(f"output {out_name} = ", None), (format_number(trace.output, precision), "bold")]]
    if trace.upstream is not None:  # a given dL/d(output): the gradients are those of L = sum(output * upstream)
        given = format_number(trace.upstream, precision, full=full)
        lines.append([(f"  upstream ∂L/∂{out_name} = ", None), (given, "bold"), (" (given)", None)])
    top = out_name if trace.upstream is None else "L"
    for name, grad in trace.input_gradients().items():
        lines.append([(f"  ∂{top}/∂{name} = ", None), (format_number(grad, precision, full=full), "bold")])
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
