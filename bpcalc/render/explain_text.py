"""The explanation as a terminal narrative (rich), as plain text, as HTML and as a JSON-ready dict.

rich measures East Asian wide characters as two columns, so Korean headers and notes keep the
table aligned; colour appears only on a terminal (NO_COLOR respected by rich).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from bpcalc.base.notation import gradient
from bpcalc.base.numbers import format_number, json_number
from bpcalc.teach import i18n

if TYPE_CHECKING:
    from rich.console import Console

    from bpcalc.teach.explanation import Explanation


# The narrative is printed every this many lines, so it is never held whole (with lazy steps,
# neither are the steps): each print is one styled Text, a pass through rich for 2,000 lines.
FLUSH_LINES = 2_000


def render_explanation(expl: Explanation, console: Console, wide: bool = False) -> None:
    """Print the narrative: a styled Text of FLUSH_LINES lines at a time, the same bytes as one
    Text of it all (tests/test_explain_streaming.py).

    On a terminal narrower than a line, the line wraps under its own indent (a continuation two
    columns further in), not back at the left edge; `wide` leaves the wrapping to the terminal."""
    from rich.cells import cell_len
    from rich.text import Text

    lang = expl.lang
    graph = expl.graph
    out = Text()
    held = 0  # lines in `out`
    room = console.width if console.is_terminal and not wide else None

    def line(content: str = "", style: str = "", indent: int = 0) -> None:
        nonlocal out, held
        if room is None or indent + cell_len(content) <= room:
            out.append(" " * indent)
            out.append(content, style=style or None)
            out.append("\n")
        else:
            pieces = Text(content, style=style or "").wrap(console, max(20, room - indent - 2))
            for depth, piece in enumerate(pieces):
                out.append(" " * (indent if depth == 0 else indent + 2))
                out.append_text(piece)
                out.append("\n")
        held += 1
        if held >= FLUSH_LINES:
            console.print(out, end="", soft_wrap=True)
            out, held = Text(), 0

    line(i18n.message("title", lang, source=_one_line(graph.source)), "bold")
    line()
    line(i18n.message("forward_title", lang), "bold underline")
    for fstep in expl.forward:
        line(fstep.text, indent=2)
    line()
    line(i18n.message("backward_title", lang), "bold underline")
    for step in expl.backward:
        if step.kind == "output":
            out.append("  ")
            out.append(step.lines[0], style="bold")
            line(f"   ({step.head})", "dim")
            continue
        line(step.head, "bold", indent=2)
        for detail in step.details:
            # Hangul has no italic: Korean prose is set upright (dim), English in italics.
            line(detail, "yellow" if detail == step.kink else "dim" if lang == "ko" else "italic", indent=4)
        for equation in step.lines:
            line(equation, indent=4)
    for note in expl.notes:
        line()
        line(note, "cyan")
    console.print(out, end="", soft_wrap=True)
    if expl.exact is not None or expl.formulas is not None:
        console.print()
        console.print(_views_table(expl))
    for skipped in expl.skipped:
        console.print(Text(skipped, style="dim"))
    console.print()
    console.print(Text(summary(expl)))


def summary(expl: Explanation) -> str:
    trace = expl.result.trace
    graph = trace.graph
    out = graph.label(graph.output)
    parts = [i18n.message("summary", expl.lang, label=out, value=format_number(trace.output, expl.precision))]
    parts.extend(f"{gradient(name)} = {format_number(g, expl.precision)}" for name, g in trace.input_gradients().items())
    return "; ".join(parts)


def view_columns(expl: Explanation) -> list[str]:
    """Which columns the node table has, by key: node, operation, value, exact_value, grad,
    exact_grad, formula (the exact and symbolic ones only when asked for)."""
    keys = ["node", "operation", "value"]
    if expl.exact is not None:
        keys.append("exact_value")
    keys.append("grad")
    if expl.exact is not None:
        keys.append("exact_grad")
    if expl.formulas is not None:
        keys.append("formula")
    return keys


def view_rows(expl: Explanation) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the node table with the exact and symbolic columns that were asked for
    (`view_columns` says which column is which)."""
    from bpcalc.ops import CONSTANT, VARIABLE

    lang = expl.lang
    trace = expl.result.trace
    graph = trace.graph
    live = graph.reaches_output()
    p = expl.precision
    header = [i18n.message(f"col_{key}", lang) for key in view_columns(expl)]
    from bpcalc.teach.explanation import formula_text

    rows: list[list[str]] = []
    for i in range(graph.output + 1):
        if not live[i] or graph.ops[i] == CONSTANT:
            continue
        kind = graph.ops[i]
        operation = i18n.message("input", lang) if kind == VARIABLE else formula_text(graph, i)
        row = [graph.label(i), operation, format_number(trace.values[i], p)]
        if expl.exact is not None:
            row.append(expl.exact.value_text(i))
        row.append(format_number(trace.grads[i], p))
        if expl.exact is not None:
            row.append(expl.exact.grad_text(i))
        if expl.formulas is not None:
            formula = expl.formulas[i] if i < len(expl.formulas) else None
            row.append(f"{gradient(graph.label(i))} = {formula}" if formula is not None else "—")
        rows.append(row)
    return header, rows


def _views_table(expl: Explanation) -> Any:
    from rich.markup import escape
    from rich.table import Table

    title = []
    if expl.exact is not None:
        title.append(i18n.message("exact_title", expl.lang))
    if expl.formulas is not None:
        title.append(i18n.message("symbolic_title", expl.lang))
    table = Table(title=escape("; ".join(title)), title_justify="left")
    header, rows = view_rows(expl)
    formula_column = len(header) - 1 if expl.formulas is not None else -1
    for k, name in enumerate(header):
        table.add_column(escape(name), justify="right" if 2 <= k != formula_column else "left")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))  # node names and x[0] as written, never markup
    return table


def explanation_text(expl: Explanation, width: int = 200) -> str:
    """The narrative as plain text, without colour (for print() and logs)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, color_system=None, soft_wrap=True, highlight=False)
    render_explanation(expl, console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


def explanation_html(expl: Explanation) -> str:
    """Jupyter's rich display: the Markdown narrative would need a converter, so write HTML directly."""
    import html

    lang = expl.lang
    parts = [f"<div class='bpcalc-explain' lang='{lang}'>",
             f"<h4>{html.escape(i18n.message('title', lang, source=expl.graph.source))}</h4>",
             f"<p><b>{html.escape(i18n.message('forward_title', lang))}</b></p><pre>"]
    parts.extend(html.escape(step.text) + "\n" for step in expl.forward)
    parts.append(f"</pre><p><b>{html.escape(i18n.message('backward_title', lang))}</b></p><ul>")
    for step in expl.backward:
        equations = "<br>".join(f"<code>{html.escape(line)}</code>" for line in step.lines)
        prose = html.escape(i18n.join_sentences(step.details, lang))
        prose = f"<span>{prose}</span>" if lang == "ko" else f"<i>{prose}</i>"  # Hangul has no italic
        parts.append(f"<li><b>{html.escape(step.head)}</b><br>{prose}"
                     f"<br>{equations}</li>")
    parts.append("</ul>")
    parts.extend(f"<p>{html.escape(note)}</p>" for note in expl.notes)
    if expl.exact is not None or expl.formulas is not None:
        header, rows = view_rows(expl)
        parts.append("<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
        parts.extend("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
        parts.append("</table>")
    parts.append(f"<p>{html.escape(summary(expl))}</p></div>")
    return "".join(parts)


def explanation_dict(expl: Explanation) -> dict[str, Any]:
    """The steps as JSON-ready data: numbers as in `bpcalc eval --json`, text in the chosen language."""
    graph = expl.graph
    exact = expl.exact
    forward = [{
        "id": s.node, "label": s.label, "kind": s.kind, "formula": s.formula, "arithmetic": s.arithmetic,
        "value": json_number(s.value), "shape": list(s.shape), "text": s.text,
        **({"exact": exact.value_text(s.index)} if exact is not None else {}),
    } for s in expl.forward]
    backward = []
    for step in expl.backward:
        entry: dict[str, Any] = {
            "kind": step.kind, "id": step.node, "label": step.label, "op": step.op, "gate": step.gate,
            "pattern": step.pattern or None, "upstream": json_number(step.upstream), "head": step.head,
            "details": list(step.details), "lines": list(step.lines), "kink": step.kink, "vjp_rule": step.vjp_rule,
            "shapes": step.shapes,
            "edges": [{
                "to": graph.node_id(e.target), "label": e.target_label, "local_formula": e.local_formula,
                "local": json_number(e.local), "downstream": json_number(e.downstream), "partial": e.partial,
                "text": e.text,
                **({"derivation": {"formula": e.derivation.formula, "numbers": e.derivation.numbers,
                                   "shapes": e.derivation.shapes}} if e.derivation is not None else {}),
            } for e in step.edges],
            "terms": [{"via": via, "amount": json_number(amount)} for via, amount in step.terms],
        }
        if exact is not None:
            entry["exact_gradient"] = exact.grad_text(step.index)
        backward.append(entry)
    trace = expl.result.trace
    doc: dict[str, Any] = {
        "expression": graph.source,
        "lang": expl.lang,
        "output": graph.node_id(graph.output),
        "value": json_number(trace.output),
        "gradients": {name: json_number(g) for name, g in trace.input_gradients().items()},
        "upstream": None if trace.upstream is None else json_number(trace.upstream),  # a given dL/d(output)
        "forward": forward,
        "backward": backward,
        "notes": list(expl.notes),
        "skipped": list(expl.skipped),
    }
    if expl.formulas is not None:
        doc["formulas"] = {graph.node_id(i): f for i, f in enumerate(expl.formulas) if f is not None}
    return doc


def _one_line(source: str) -> str:
    text = "; ".join(part.strip() for part in source.strip().splitlines()
                     if part.strip() and not part.strip().startswith("#"))
    return text if len(text) <= 100 else text[:97] + "..."
