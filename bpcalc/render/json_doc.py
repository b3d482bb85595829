"""The JSON document of a result: a stable contract for scripts (see bpcalc/schema/).

Always valid JSON: non-finite numbers are written as the strings "NaN", "Infinity" and
"-Infinity"; integral numbers are written as integers; arrays as nested lists.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from bpcalc.base.gcpause import collector_paused
from bpcalc.base.numbers import json_number
from bpcalc.ops import CONSTANT, REGISTRY
from bpcalc.render.describe import operation_text

if TYPE_CHECKING:
    from bpcalc.api import Result
    from bpcalc.checks.cross_check import DirectionalCheck

SCHEMA_VERSION = 1


def document(result: Result) -> dict[str, Any]:
    """The whole document as one dict (the library's `bpcalc.to_json`)."""
    with collector_paused():
        return {**_head(result), "nodes": list(_nodes(result)), **_tail(result)}


# Where a field goes: a node's own field in _nodes (the `entry` dict); a top-level field that
# comes before "nodes" in _head, after it in _tail. The keys' order is the document's order,
# and write_document streams the same three parts, so a field added there appears in both.


def _head(result: Result) -> dict[str, Any]:
    trace = result.trace
    graph = trace.graph
    static = _static_inputs(trace)
    return {
        "schema_version": SCHEMA_VERSION,
        "expression": graph.source,
        "output": graph.node_id(graph.output),
        "value": json_number(trace.output),
        # Inputs used only as integers (class labels, indices) have no gradient and no entry here;
        # a gradient with no real value (x^y in y at x < 0) is null.
        "gradients": {name: None if g is None else json_number(g) for name, g in trace.input_gradients().items()
                      if name not in static},
        "inputs": {name: json_number(v) for name, v in result.values.items()},
        # The given upstream gradient dL/d(output) the backward pass started from; null: dL/dL = 1.
        "upstream": None if trace.upstream is None else json_number(trace.upstream),
    }


def _nodes(result: Result) -> Iterator[dict[str, Any]]:
    """Each node's entry in turn, made when asked for (write_document keeps one at a time)."""
    trace = result.trace
    graph = trace.graph
    report = result.check
    ids = [graph.node_id(i) for i in range(len(graph.ops))]  # each id is used by every consumer too
    labels = [graph.label(i) for i in range(len(graph.ops))]
    constant = [op == CONSTANT for op in graph.ops]
    for i in graph.user_nodes():  # a constant is a parameter of its gate, not a node
        value = trace.values[i]
        local, sent = trace.edges(i)  # one read: for scalars each read recomputes the rule
        args = graph.args[i]
        varying = [k for k, a in enumerate(args) if not constant[a]]
        entry: dict[str, Any] = {
            "id": ids[i],
            "name": graph.names[i],
            "label": labels[i],
            "op": graph.ops[i],
            "expression": operation_text(graph, i, labels),
            "inputs": [ids[args[k]] for k in varying],
            "value": json_number(value),
            "shape": list(value.shape) if hasattr(value, "shape") else [],
            "grad": json_number(trace.grads[i]),
            "local": [json_number(local[k]) for k in varying] if local is not None else None,
            "downstream": _downstream(trace, i, sent, varying),
            "kink": trace.kinks[i],
        }
        if args:
            entry["gate"] = graph.gate(i)[0]
            if len(varying) < len(args):
                entry["parameters"] = [{"position": k, "label": labels[a], "value": json_number(trace.values[a])}
                                       for k, a in enumerate(args) if constant[a]]
        if local is None and graph.args[i]:
            row = REGISTRY[graph.ops[i]]
            entry["vjp_rule"] = row.vjp_rule or row.rule
        if report is not None:
            node_check = report.nodes[i]
            entry["check"] = {
                "verdict": node_check.verdict,
                "method": node_check.method,
                "expected": json_number(node_check.expected),
                "formula": node_check.formula,
                "relative_error": json_number(node_check.relative_error),
            }
        yield entry


def _tail(result: Result) -> dict[str, Any]:
    report = result.check
    tail: dict[str, Any] = {"check": None, "warnings": list(result.warnings)}
    if report is not None:
        from bpcalc.checks import cross_check as checks  # already imported: a report came from it

        tail["check"] = {
            "passed": report.passed,
            "methods": report.methods,
            "skipped": report.skipped,
            "counts": report.counts(),
            "tolerance": {
                "sympy": {"rtol": checks.SYMPY_RTOL, "atol": checks.SYMPY_ATOL},
                "finite_differences": {"rtol": checks.NUMERIC_RTOL, "atol": checks.NUMERIC_ATOL},
            },
            "directional": _directional(report.directional),
            "notes": report.meanings() + report.notes,
        }
    return tail


def _static_inputs(trace: Any) -> set[str]:
    """Inputs used only as integers (axes, indices, class labels): they have no gradient entry."""
    if not trace.arrays:
        return set()
    from bpcalc.engine.array_pass import static_only

    indices = set(static_only(trace.graph))
    return {name for name, index in trace.graph.variables.items() if index in indices}


def _directional(found: DirectionalCheck | None) -> dict[str, Any] | None:
    """The all-inputs chain-rule check of a larger scalar graph; None where it did not run."""
    if found is None:
        return None
    return {
        "verdict": found.verdict,
        "inputs": found.inputs,
        "backprop": json_number(found.backprop),
        "expected": json_number(found.expected),
        "relative_error": json_number(found.relative_error),
        "step": json_number(found.step),
        "tolerance": json_number(found.tolerance),
        "seed": found.seed,
        "reason": found.reason,
    }


def _downstream(trace: Any, i: int, sent: tuple[Any, ...] | None, varying: list[int]) -> list[Any] | None:
    """What node i sends back to each input that is not a constant (`varying`: their positions),
    in that input's shape, as the trace holds it.

    For arrays, an edge with no gradient (a static argument) is written 0; a scalar gate with
    no downstream at all (a partial that does not exist) has none."""
    if not trace.graph.args[i] or trace.grads[i] is None:
        return None
    if sent is None:
        return None
    sent = tuple(sent[k] for k in varying)
    if not trace.arrays:
        if None in sent:
            return None
        return [json_number(d) for d in sent]
    return [0 if d is None else json_number(d) for d in sent]


COMPACT_ABOVE_NODES = 1_000


def dumps(doc: dict[str, Any]) -> str:
    """Indented for people; compact above COMPACT_ABOVE_NODES nodes, where an indent would force
    the json module's pure-Python encoder (about 5x slower)."""
    if len(doc.get("nodes", ())) > COMPACT_ABOVE_NODES:
        return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)


# Nodes per write while streaming: few calls, and never more than a few hundred KB held.
_NODES_PER_WRITE = 256


def write_document(result: Result, write: Callable[[str], object], extra: dict[str, Any] | None = None) -> None:
    """dumps(document(result) | extra), written as it is made: past COMPACT_ABOVE_NODES the nodes
    are encoded one at a time, so the whole document (10x the trace's memory) is never held.
    extra: top-level fields a command adds after the document's own (eval's "jacobians")."""
    graph = result.trace.graph
    if sum(1 for _ in graph.user_nodes()) <= COMPACT_ABOVE_NODES:
        write(dumps({**document(result), **(extra or {})}))
        return
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
    with collector_paused():
        write(encode(_head(result))[:-1] + ',"nodes":[')
        batch: list[str] = []
        separator = ""
        for entry in _nodes(result):
            batch.append(encode(entry))
            if len(batch) == _NODES_PER_WRITE:
                write(separator + ",".join(batch))
                batch, separator = [], ","
        if batch:
            write(separator + ",".join(batch))
        write("]," + encode({**_tail(result), **(extra or {})})[1:])
