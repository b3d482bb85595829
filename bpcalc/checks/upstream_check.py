"""The cross-check of a trace seeded with a given upstream gradient.

With dL/d(output) = upstream, the gradients are those of L = sum(output * upstream): every
reference (SymPy, finite differences) differentiates that scalar function, written out as a
graph by engine.upstream.as_loss, against the gradients the seeded pass found. The verdicts
of the nodes past the output (the upstream constant and the product and sum gates) are
dropped, so the report has one verdict per node of the user's graph.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bpcalc.checks.cross_check import cross_check
from bpcalc.checks.report import CheckReport, Progress
from bpcalc.engine import Trace


def cross_check_upstream(trace: Trace, values: dict[str, Any], *, progress: Progress | None = None) -> CheckReport:
    """cross_check(trace) when the trace started from dL/dL = 1; else the check of
    L = sum(output * upstream) with the trace's own gradients, cut back to the user's nodes."""
    if trace.upstream is None:
        return cross_check(trace, values, progress=progress)
    from bpcalc.engine.upstream import as_loss, loss_text

    report = cross_check(as_loss(trace), values, progress=progress)
    loss = loss_text(trace.graph.label(trace.graph.output), trace.upstream)
    note = f"the references differentiate L = {loss}: the function a given upstream gradient stands for"
    return replace(report, nodes=report.nodes[: len(trace.graph.ops)], notes=[*report.notes, note])
