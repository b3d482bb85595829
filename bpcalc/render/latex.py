"""LaTeX for write-ups: a tabular node table and an align* derivation (needs amsmath).

The output is a fragment to paste into a document of the standard article class with
`\\usepackage{amsmath}`; `standalone=True` wraps it in such a document. User text (names, the
expression, narrative) is escaped, never passed through as TeX.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bpcalc.base.notation import LOSS
from bpcalc.base.numbers import format_number
from bpcalc.language.format import node_text
from bpcalc.ops import CONSTANT, CONSTANT_ROWS, FUNCTIONS
from bpcalc.render.describe import operation_text

if TYPE_CHECKING:
    from bpcalc.api import Result
    from bpcalc.teach.array_steps import Derivation as ArrayDerivation
    from bpcalc.teach.explanation import BackwardStep, Edge, Explanation

PREAMBLE = "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath}\n\\begin{document}\n"
END = "\\end{document}\n"
_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
             "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}", "…": r"\ldots{}", "—": "---",
             "×": r"$\times$", "÷": r"$\div$", "−": "-", "∂": r"$\partial$", "→": r"$\to$", "σ": r"$\sigma$"}
# Function names as LaTeX, from the registry rows (\sinh, \sigma, \operatorname{relu}); rows
# that are operators (pow, matmul) have an operator symbol there instead, not a name.
_FUNCTIONS = {name: op.latex for name, op in FUNCTIONS.items() if op.latex is not None and not op.infix}
_TOKEN = re.compile(r"\s*(\d+\.?\d*(?:e[-+]?\d+)?|[A-Za-z_][A-Za-z_0-9]*|\*\*|.)")


def text(value: str) -> str:
    """Plain text safe inside LaTeX's text mode."""
    return "".join(_SPECIALS.get(ch, ch) for ch in value)


def name(label: str) -> str:
    """A node label in math mode: w0 -> w_{0}, n12 -> n_{12}, dot -> \\mathit{dot}."""
    match = re.fullmatch(r"([A-Za-z]+)_?(\d+)", label)
    if match:
        base, digits = match.groups()
        return f"{_word(base)}_{{{digits}}}"
    if re.fullmatch(r"-?[\d.]+(e[-+]?\d+)?", label):
        return label
    if label in CONSTANT_ROWS:
        return CONSTANT_ROWS[label].latex
    return _word(label)


def _word(word: str) -> str:
    return word if len(word) == 1 else f"\\mathit{{{text(word)}}}"


def number(value: str) -> str:
    """A formatted number (or array) in math mode."""
    if value == "—":
        return r"\text{---}"
    return value.replace("…", r"\ldots").replace("nan", r"\mathrm{nan}").replace("inf", r"\infty")


def formula(source: str) -> str:
    """A short ASCII formula from the registry's rule text (`b * a^(b-1)`) in math mode."""
    out: list[str] = []
    tokens = [t for t in _TOKEN.findall(source) if t.strip()]
    braces: list[int] = []  # depths of '(' opened right after '^', closed with '}'
    depth = 0
    for k, token in enumerate(tokens):
        if token == "*":
            out.append(r" \cdot ")
        elif token in ("^", "**"):
            out.append("^")
            if k + 1 < len(tokens) and tokens[k + 1] == "(":
                braces.append(depth + 1)
        elif token == "(":
            depth += 1
            out.append("{" if braces and braces[-1] == depth else r"\left(")
        elif token == ")":
            if braces and braces[-1] == depth:
                braces.pop()
                out.append("}")
            else:
                out.append(r"\right)")
            depth -= 1
        elif token in _FUNCTIONS:
            out.append(_FUNCTIONS[token])
        elif re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", token):
            out.append(name(token))
        elif token in "+-/,<>=":
            out.append(f" {token} ")
        else:
            out.append(text(token))
    return "".join(out).replace("  ", " ").strip()


def _partial(top: str, bottom: str) -> str:
    """A local gradient, ∂q/∂x (base/notation)."""
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def _gradient(bottom: str) -> str:
    """The gradient of the loss, dL/dx (base/notation): a total, not a partial."""
    return rf"\frac{{d{LOSS}}}{{d{bottom}}}"


def _local(graph: Any, gate: int, target: str) -> str:
    """∂q/∂x; for a gate named L, ∂(n2 * z)/∂n2, so it never reads as the total dL/dn2."""
    label = graph.label(gate)
    if label != LOSS:
        return _partial(name(label), target)
    return _partial(rf"\left({formula(node_text(graph, gate))}\right)", target)


def render_latex(result: Result, precision: int = 6, standalone: bool = False) -> str:
    """The node table of `bpcalc eval` as a tabular."""
    trace = result.trace
    graph = trace.graph
    lines = [r"\begin{tabular}{llrr}", r"\hline",
             r"node & operation & value & $dL/d\,\text{node}$ \\", r"\hline"]
    for i in range(graph.output + 1):
        if graph.is_constant(i):
            continue  # a parameter of the gate that reads it, not a node
        cells = [f"${name(graph.label(i))}$", text(operation_text(graph, i)),
                 f"${number(format_number(trace.values[i], precision))}$",
                 f"${number(format_number(trace.grads[i], precision))}$"]
        lines.append(" & ".join(cells) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    body = "% bpcalc: " + _comment(graph.source) + "\n" + "\n".join(lines) + "\n"
    if trace.upstream is not None:  # a given dL/d(output): the gradients are those of sum(output * upstream)
        body += f"% backprop started from the given upstream gradient dL/d{graph.label(graph.output)}\n"
    return PREAMBLE + body + END if standalone else body


def render_explanation_latex(expl: Explanation, standalone: bool = False) -> str:
    """Node table (with exact and symbolic columns if asked) and the derivation as align*."""
    from bpcalc.render.explain_text import view_columns, view_rows
    from bpcalc.teach import i18n

    lang = expl.lang
    header, rows = view_rows(expl)
    keys = view_columns(expl)
    table = [r"\begin{tabular}{" + "l" * 2 + "r" * (len(header) - 2) + "}", r"\hline",
             " & ".join(text(h) for h in header) + r" \\", r"\hline"]
    for row, index in zip(rows, _live_nodes(expl)):
        cells = []
        for key, cell in zip(keys, row):
            if key == "node":
                cells.append(f"${name(cell)}$")
            elif key == "operation":
                cells.append(text(cell))
            elif key in ("exact_value", "exact_grad") and expl.exact is not None:
                from bpcalc.checks.exact import exact_latex

                which = expl.exact.values if key == "exact_value" else expl.exact.grads
                cells.append(f"${exact_latex(which[index])}$")
            elif key == "formula" and cell.startswith("dL/d"):
                cells.append(r"\texttt{" + text(cell) + "}")
            else:
                cells.append(f"${number(cell)}$")
        table.append(" & ".join(cells) + r" \\")
    table += [r"\hline", r"\end{tabular}"]
    align = [r"\begin{align*}"]
    for step in expl.backward:
        align.extend(_step_lines(step, expl))
    if align[-1].endswith(r"\\"):
        align[-1] = align[-1][:-2].rstrip()
    align.append(r"\end{align*}")
    parts = [f"% bpcalc explain: {_comment(expl.graph.source)}"]
    if lang != "en":
        parts.append("% this narrative is not in English: compile with xelatex or lualatex and \\usepackage{kotex}")
    parts += ["\\noindent " + text(i18n.message("forward_title", lang)) + r"\par", "", "\n".join(table), "",
              r"\noindent " + text(i18n.message("backward_title", lang)), "\n".join(align)]
    parts.extend(r"\noindent " + text(note) + r"\par" for note in expl.notes)
    body = "\n".join(parts) + "\n"
    return PREAMBLE + body + END if standalone else body


def _live_nodes(expl: Explanation) -> list[int]:
    graph = expl.graph
    live = graph.reaches_output()
    return [i for i in range(graph.output + 1) if live[i] and graph.ops[i] != CONSTANT]


def _step_lines(step: BackwardStep, expl: Explanation) -> list[str]:
    from bpcalc.teach import i18n
    from bpcalc.teach.explanation import factor
    from bpcalc.teach.explanation import number as num

    p = expl.precision
    me = name(step.label)
    if step.kind == "output":
        seed = "1" if expl.result.trace.upstream is None else number(num(step.upstream, p))  # a given upstream
        return [rf"{_gradient(me)} &= {seed} && \text{{{text(step.head)}}} \\"]
    prose = text(i18n.join_sentences(step.details, expl.lang))
    # Hangul has no italic: Korean prose after the bold head stays upright.
    lines = [r"\intertext{\textbf{" + text(step.head) + "} " + (prose if expl.lang == "ko" else r"\emph{" + prose + "}")
             + "}"]
    if step.kind == "sum":
        terms = " + ".join(number(factor(a, p) if k else num(a, p)) for k, (_, a) in enumerate(step.terms))
        lines.append(rf"{_gradient(me)} &= {terms} = {number(num(step.upstream, p))} \\")
        return lines
    lines.extend(_edge_line(edge, expl) for edge in step.edges)
    return lines


def _edge_line(edge: Edge, expl: Explanation) -> str:
    from bpcalc.teach import i18n
    from bpcalc.teach.array_steps import broadcast_fold
    from bpcalc.teach.explanation import factor
    from bpcalc.teach.explanation import number as num

    p = expl.precision
    me, target = name(edge.source_label), name(edge.target_label)
    left = _gradient(target)
    if edge.partial:
        before, _, after = i18n.message("via", expl.lang, label="\0").partition("\0")  # "via {label}", "{label} 경유"
        words = (rf"\text{{{text(before)}}} " if before else "") + _via(edge.via) + (
            rf" \text{{{text(after)}}}" if after else "")
        left = rf"\left.{left}\right|_{{{words}}}"
    if edge.derivation is not None:
        return left + " &= " + derivation_tex(edge.derivation) + r" \\"
    if edge.local is None:
        rule = rf" && \text{{{text(edge.rule)}}}" if edge.rule else ""
        return rf"{left} &= {number(num(edge.downstream, p))}{rule} \\"
    pieces = [left, rf"{_gradient(me)} \times {_local(expl.graph, edge.source, target)}"]
    g = number(num(edge.upstream, p))
    if edge.local_formula is not None and edge.local_formula != num(edge.local, p):
        pieces.append(rf"{g} \times {_paren(formula(edge.local_formula), edge.local_formula)}")
    pieces.append(rf"{g} \times {number(factor(edge.local, p))}")
    fold = broadcast_fold(edge.upstream, edge.local, edge.downstream) if expl.result.trace.arrays else None
    if fold is not None:  # a broadcast input: the products are summed back to its shape
        pieces[1:] = [rf"\operatorname{{sum}}\left({piece}{text(fold)}\right)" for piece in pieces[1:]]
    pieces.append(number(num(edge.downstream, p)))
    return pieces[0] + " &= " + " = ".join(pieces[1:]) + r" \\"


_DERIVATION_TOKEN = re.compile(r"dL/d([A-Za-z_][A-Za-z_0-9]*)|([A-Za-z_][A-Za-z_0-9]*)|(\^T)|(-?\d+\.?\d*(?:e[-+]?\d+)?)|(\s+)|(.)")


def derivation_tex(derivation: ArrayDerivation) -> str:
    """An array gate's derivation (teach/array_steps) in math mode: dL/dq · x^T = ... becomes
    \\frac{dL}{dq} \\cdot x^{\\top} = ...; a large array's shapes as text."""
    parts = [_derivation_part(derivation.formula)]
    if derivation.numbers is None:
        parts.append(rf"\quad \text{{[{text(derivation.shapes)} $\to$ {text(derivation.result)}]}}")
        return " ".join(parts)
    if derivation.numbers != derivation.formula:
        parts.append(_derivation_part(derivation.numbers))
    parts.append(number(derivation.result))
    return " = ".join(parts)


def _derivation_part(source: str) -> str:
    out: list[str] = []
    for partial, word, transpose, digits, space, other in _DERIVATION_TOKEN.findall(source):
        if partial:
            out.append(_gradient(name(partial)))
        elif word:
            out.append(name(word) if len(word) <= 2 or re.fullmatch(r"[A-Za-z]+_?\d+", word)
                       else rf"\operatorname{{{text(word)}}}")
        elif transpose:
            out.append(r"^{\top}")
        elif digits:
            out.append(digits)
        elif space:
            out.append(" ")
        elif other in ("·", "*"):
            out.append(r"\cdot")
        elif other in "[](),=<>+-/":
            out.append(other)
        else:
            out.append(text(other))
    return "".join(out)


def _via(via: str) -> str:
    label, _, position = via.partition(" #")
    return name(label) + (rf"\,\#{position}" if position else "")


def _paren(tex: str, ascii_formula: str) -> str:
    from bpcalc.teach.explanation import _grouped

    return rf"\left({tex}\right)" if _grouped(ascii_formula) != ascii_formula else tex


def _comment(source: str) -> str:
    return "; ".join(part.strip() for part in source.splitlines() if part.strip() and not part.strip().startswith("#"))
