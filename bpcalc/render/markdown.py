"""Markdown for notebooks and issue comments: the node table of a result, and an explanation.

Table cells escape `|`; equations sit in inline code so `*` and `_` are not read as emphasis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.base.notation import GRADIENT_HEADER, gradient
from bpcalc.base.numbers import format_number
from bpcalc.render.describe import local_pieces, operation_text

if TYPE_CHECKING:
    from bpcalc.api import Result
    from bpcalc.teach.explanation import Explanation


def render_markdown(result: Result, precision: int = 6) -> str:
    trace = result.trace
    graph = trace.graph
    lines = [
        f"| node | operation | value | grad {GRADIENT_HEADER} | local gradient | check |",
        "|---|---|---:|---:|---|:---:|",
    ]
    for i in range(graph.output + 1):
        if graph.is_constant(i):
            continue  # a parameter of the gate that reads it, not a node
        verdict = result.check.nodes[i].verdict if result.check else ""
        cells = [
            graph.label(i),
            operation_text(graph, i),
            format_number(trace.values[i], precision),
            format_number(trace.grads[i], precision),
            "; ".join(local_pieces(graph, i, trace.locals[i], precision)),
            verdict,
        ]
        lines.append(_row(cells))
    if trace.upstream is not None:  # a given dL/d(output): say which, under the table
        lines += ["", f"Backprop started from the given upstream gradient {gradient(graph.label(graph.output))} = "
                      f"`{format_number(trace.upstream, precision)}`."]
    return "\n".join(lines)


def render_explanation_markdown(expl: Explanation) -> str:
    """Headings, the node table, the forward lines and the backward derivation as a list."""
    from bpcalc.render.explain_text import summary, view_rows
    from bpcalc.teach import i18n

    lang = expl.lang
    out = [f"### {_inline(i18n.message('title', lang, source=_one_line(expl.graph.source)))}", ""]
    header, rows = view_rows(expl)
    out.append(_row(header))
    formula_column = len(header) - 1 if expl.formulas is not None else -1
    out.append("|" + "|".join("---:" if 2 <= k != formula_column else "---" for k in range(len(header))) + "|")
    out.extend(_row(row) for row in rows)
    out += ["", f"**{i18n.message('forward_title', lang)}**", ""]
    out.extend(f"- `{step.text}`" for step in expl.forward)
    out += ["", f"**{i18n.message('backward_title', lang)}**", ""]
    for step in expl.backward:
        equations = "<br>".join(f"`{line}`" for line in step.lines)
        prose = _inline(i18n.join_sentences(step.details, lang))
        # Hangul has no italic: Korean prose after the bold head stays upright.
        details = (f" — {prose}" if lang == "ko" else f" — *{prose}*") if step.details else ""
        if step.kind == "output":
            out.append(f"1. {equations} ({_inline(step.head)})")
        else:
            out.append(f"1. **{_inline(step.head)}**{details}<br>{equations}")
    for note in expl.notes:
        out += ["", f"> {_inline(note)}"]
    for line in expl.skipped:
        out += ["", _inline(line)]
    out += ["", f"**{_inline(summary(expl))}**"]
    return "\n".join(out)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _inline(text: str) -> str:
    """Prose with the Markdown characters that would turn into emphasis escaped."""
    for ch in ("\\", "*", "_", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def _one_line(source: str) -> str:
    text = "; ".join(part.strip() for part in source.strip().splitlines()
                     if part.strip() and not part.strip().startswith("#"))
    return text if len(text) <= 100 else text[:97] + "..."
