"""A given upstream gradient dL/d(output), as a layer's backward(dout) takes it.

The lecture's array examples start from a given upstream gradient, not from a scalar loss:
`y = max(0, x)` with dL/dy = [4, -1, 5, 9]. The backward pass is then seeded with that array
instead of dL/dL = 1. It must have the output's shape (a scalar output takes a number, which
scales every gradient). The gradients found are those of the scalar L = sum(output * upstream),
the same function: `as_loss` writes that graph out, so the cross-check can differentiate it
with its own references, independently of the seeding.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from bpcalc.errors import ShapeError, ValueInputError
from bpcalc.graph import Graph, Spans

if TYPE_CHECKING:
    from bpcalc.engine import Trace

# The option (--upstream), the keyword (upstream=) and the program line (language.statements.UPSTREAM_LINE).
UPSTREAM_NAME = "upstream"
HOW_TO_GIVE = ('give the upstream gradient dL/d(output) with --upstream "[...]" (an `upstream = [...]` line in a '
               "program file, upstream= in bpcalc.evaluate), or reduce the output to one number, e.g. wrap the "
               "expression in sum(...)")


def shape_text(shape: tuple[int, ...]) -> str:
    return "a number, shape ()" if not shape else f"shape {shape}"


def loss_text(label: str, upstream: Any) -> str:
    """The scalar a given upstream gradient stands for: sum(y * upstream), y * upstream for a number."""
    return f"sum({label} * upstream)" if getattr(upstream, "ndim", 0) > 0 else f"{label} * upstream"


def scalar_output_error(graph: Graph, shape: tuple[int, ...]) -> ShapeError:
    """An array output and no upstream gradient: say how to give one."""
    output = graph.output
    return ShapeError(
        f"the output is an array of shape {shape}; gradients need a scalar output or a given upstream gradient",
        source=graph.source, span=graph.spans[output], node=graph.label(output), hint=HOW_TO_GIVE,
    )


def seed_for(graph: Graph, output_value: Any, upstream: Any) -> Any:
    """The upstream gradient as the backward pass's seed (a float, or a fresh float array of
    the output's shape); a ShapeError naming both shapes when they differ."""
    output_shape = tuple(getattr(output_value, "shape", ()))
    given_shape = tuple(getattr(upstream, "shape", ()))
    if given_shape != output_shape:
        output = graph.output
        span = graph.spans[output]
        written = graph.source[span.start : span.end] if span else graph.label(output)
        raise ShapeError(
            f"the upstream gradient has {shape_text(given_shape)}, but the output {written} has "
            f"{shape_text(output_shape)}",
            source=graph.source, span=span, node=graph.node_id(output),
            hint=f"dL/d(output) has the output's shape: give {shape_text(output_shape)} with --upstream",
        )
    if not output_shape:
        seed = float(upstream)  # a number: a scalar program stays free of numpy
        finite = math.isfinite(seed)
    else:
        from bpcalc.ops import np

        seed = np.array(upstream, dtype=float)  # a copy: the trace keeps it as the output's gradient
        finite = bool(np.all(np.isfinite(seed)))
    if not finite:
        raise ValueInputError("the upstream gradient has an entry that is not a finite number",
                              hint="give finite numbers: gradients from NaN or infinity mean nothing")
    return seed


def as_loss(trace: Trace) -> Trace:
    """The same trace as one of L = sum(output * upstream) (L = output * upstream for a number):
    the graph gets the upstream as a constant and one or two gates after the output, and the
    gradients the seeded pass found are kept as they are, so a cross-check of this trace
    checks them (its references differentiate L on their own). The gates' gradients are
    dL/dL = 1 and, for the product of arrays, ones."""
    from bpcalc.engine import Trace

    upstream = trace.upstream
    graph = trace.graph
    old_output = graph.output
    loss = _copy(graph)
    constant = loss.add_constant(upstream, UPSTREAM_NAME, None)
    product = loss.add("mul", (old_output, constant), None)
    values = [*trace.values, upstream, trace.values[old_output] * upstream]
    grads = [*trace.grads, None]
    added = 2
    if trace.arrays:
        from bpcalc.ops import np

        loss.output = loss.add("sum", (product,), None)
        values.append(float(np.sum(values[product])))
        grads += [np.ones_like(values[product]), 1.0]
        added = 3
    else:
        loss.output = product
        grads.append(1.0)
    if trace.arrays:
        local = [*trace.locals, *([None] * added)]
        downstream = [*trace.downstream, *([None] * added)]
    else:
        from bpcalc.engine.scalar_pass import DownstreamGradients, LocalGradients

        local = LocalGradients(loss, values)  # type: ignore[assignment]
        downstream = DownstreamGradients(local, grads)  # type: ignore[arg-type, assignment]
    return Trace(loss, values, grads, local, [*trace.kinks, *([False] * added)], trace.arrays, downstream)


def _copy(graph: Graph) -> Graph:
    """A graph whose columns can grow without touching `graph`: every list, dict and Spans
    field copied (whatever columns the Graph type has), caches left to be rebuilt."""
    columns: dict[str, Any] = {}
    for column in fields(graph):
        if not column.init:
            continue  # a cache (ids by rank): the copy computes its own
        value = getattr(graph, column.name)
        if isinstance(value, Spans):
            copied = Spans()
            copied.starts, copied.ends = array(value.starts.typecode, value.starts), array(value.ends.typecode, value.ends)
            value = copied
        elif isinstance(value, list | dict):
            value = value.copy()
        columns[column.name] = value
    return replace(graph, **columns)
