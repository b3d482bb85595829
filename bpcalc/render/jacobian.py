"""The `--jacobian` section: plain text (terminal, and fenced in Markdown) and JSON entries.

The views (teach.jacobian) hold the words and numbers; this module only lays them out.
"""

from __future__ import annotations

from typing import Any

from bpcalc.base.numbers import json_number
from bpcalc.teach import i18n
from bpcalc.teach.jacobian import JacobianView


def jacobian_text(views: list[JacobianView], lang: str | None = None) -> str:
    """The section as lines of text: a title, then per gate its head, matrix and product."""
    language = i18n.resolve_lang(lang)
    out = [i18n.message("jacobian_title", language)]
    if not views:
        out.append("  " + i18n.message("jacobian_none", language))
    for view in views:
        out.append("  " + view.head)
        out.extend("    " + line for line in view.matrix_lines)
        out.extend("    " + line for line in view.lines)
    return "\n".join(out)


def jacobian_markdown(views: list[JacobianView], lang: str | None = None) -> str:
    """The same text in a fenced block: matrices keep their columns."""
    return "```text\n" + jacobian_text(views, lang) + "\n```"


def jacobian_dicts(views: list[JacobianView]) -> list[dict[str, Any]]:
    """The JSON document's `jacobians`: one entry per (gate, input), matrices in full or null."""
    entries = []
    for view in views:
        jac = view.jacobian
        entries.append({
            "gate": view.node,
            "label": view.label,
            "input": view.input_node,
            "input_label": view.input_label,
            "position": jac.position,
            "output_shape": list(jac.output_shape),
            "input_shape": list(jac.input_shape),
            "rows": jac.rows,
            "columns": jac.columns,
            "entries": jac.entries,
            "structure": jac.structure,
            "formed": jac.formed,
            "nonzero": jac.nonzero,
            "matrix": json_number(jac.matrix) if jac.formed else None,
            "upstream": json_number(jac.upstream),
            "downstream": json_number(jac.downstream) if jac.formed else None,
            "text": [view.head, *view.matrix_lines, *view.lines],
        })
    return entries
