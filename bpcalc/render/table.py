"""The terminal table: one row per node, in forward order, with the chain-rule pieces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bpcalc import check as checks
from bpcalc.render.describe import downstream_pieces, local_pieces, operation_text
from bpcalc.render.numbers import format_number

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
    from rich.table import Table

    trace = result.trace
    graph = trace.graph
    report = result.check
    table = Table(title=f"bpcalc: {_one_line(graph.source)}", title_justify="left", show_lines=False)
    table.add_column("node", style="bold")
    table.add_column("operation")
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
        row = [
            graph.label(i) if graph.names[i] or i in graph.labels else graph.node_id(i),
            operation_text(graph, i),
            format_number(trace.values[i], precision),
            format_number(trace.grads[i], precision),
            "\n".join(local_pieces(graph, i, local, precision)),
            "\n".join(downstream_pieces(graph, i, local, trace.grads[i], precision)),
        ]
        if report is not None:
            mark = _VERDICT_MARKS[report.nodes[i].verdict]
            if trace.kinks[i] and report.nodes[i].verdict != checks.KINK:
                mark += " [yellow](kink)[/]"
            row.append(mark)
        table.add_row(*row, style="dim" if graph.ops[i] == "const" else None)
    console.print(table)
    out_name = graph.label(graph.output)
    console.print(f"output {out_name} = [bold]{format_number(trace.output, precision)}[/]")
    for name, grad in trace.input_gradients().items():
        console.print(f"  ∂{out_name}/∂{name} = [bold]{format_number(grad, precision)}[/]")
    if report is not None:
        _print_check_summary(report, console)
    if any(trace.kinks):
        console.print("[yellow]kink:[/] a node sits at a non-differentiable point; bpcalc uses PyTorch's "
                      "convention there (relu'(0) = 0, abs'(0) = 0, ties share max/min gradients evenly)")


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
