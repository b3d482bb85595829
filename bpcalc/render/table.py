"""The terminal table: one row per node, in forward order, with the chain-rule pieces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bpcalc import check as checks
from bpcalc.render.describe import downstream_pieces, local_pieces, operation_text
from bpcalc.render.numbers import format_array, format_number

if TYPE_CHECKING:
    from rich.console import Console

    from bpcalc.api import Result

_VERDICT_MARKS = {
    checks.OK: "[green]✓[/]",
    checks.MISMATCH: "[bold red]✗[/]",
    checks.KINK: "[yellow]kink[/]",
    checks.UNCHECKED: "[dim]–[/]",
    checks.UNDEFINED: "[dim]undefined[/]",
}

SUMMARY_ROWS = 20  # beyond this many nodes, show the first and last rows unless asked for all


def render_table(result: Result, console: Console, precision: int = 6, full: bool = False) -> None:
    from rich.markup import escape
    from rich.table import Table

    trace = result.trace
    graph = trace.graph
    report = result.check
    table = Table(title=f"bpcalc: {_one_line(graph.source)}", title_justify="left", show_lines=False)
    table.add_column("node", style="bold")
    table.add_column("operation")
    if trace.arrays:
        table.add_column("shape", justify="right")
    table.add_column("value", justify="right")
    table.add_column("grad ∂L/∂node", justify="right")
    table.add_column("local gradient")
    table.add_column("downstream = local × grad")
    if report is not None:
        table.add_column("check", justify="center")
    count = graph.output + 1
    shown = range(count)
    hidden = 0
    if count > 2 * SUMMARY_ROWS and not full:
        shown = [*range(SUMMARY_ROWS), *range(count - SUMMARY_ROWS, count)]
        hidden = count - 2 * SUMMARY_ROWS
    previous = -1
    for i in shown:
        if i != previous + 1:
            table.add_row("…", f"[dim]{hidden} rows hidden (--full shows all)[/]", *[""] * (len(table.columns) - 2))
        previous = i
        local = trace.locals[i]
        values = trace.values if trace.arrays else None
        row = [
            _node_name(graph, i),
            operation_text(graph, i),
            *([shape_text(trace.values[i])] if trace.arrays else []),
            cell(trace.values[i], precision, full),
            cell(trace.grads[i], precision, full),
            "\n".join(local_pieces(graph, i, local, precision, values=values, full=full)),
            "\n".join(downstream_pieces(graph, i, local, trace.grads[i], precision, values=values, full=full)),
        ]
        if report is not None:
            mark = _VERDICT_MARKS[report.nodes[i].verdict]
            if report.nodes[i].method == "static":
                mark = "[dim]integer[/]"  # an axis, index or class label: no gradient to check
            if trace.kinks[i] and report.nodes[i].verdict != checks.KINK:
                mark += " [yellow](kink)[/]"
            row.append(mark)
        table.add_row(*row, style="dim" if graph.ops[i] == "const" else None)
    console.print(table)
    out_name = graph.label(graph.output)
    console.print(f"output {out_name} = [bold]{format_number(trace.output, precision)}[/]")
    for name, grad in trace.input_gradients().items():
        console.print(f"  ∂{out_name}/∂{name} = [bold]{escape(format_number(grad, precision, full=full))}[/]")
    if report is not None:
        _print_check_summary(report, console)
    if any(trace.kinks):
        console.print("[yellow]kink:[/] a node sits at a non-differentiable point; bpcalc uses PyTorch's "
                      "convention there (relu'(0) = 0, abs'(0) = 0, ties share max/min gradients evenly)")


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


def _print_check_summary(report: Any, console: Console) -> None:
    counts = report.counts()
    summary = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    ran = ", ".join(report.methods) or "none"
    status = "[green]all gradients agree[/]" if report.passed else "[bold red]gradient mismatch[/]"
    console.print(f"check: {status} ({summary}; checked by {ran})")
    for line in report.skipped:
        console.print(f"  [dim]{line}[/]")


def _one_line(source: str) -> str:
    text = " ".join(part.strip() for part in source.strip().splitlines() if part.strip())
    return text if len(text) <= 80 else text[:77] + "..."
