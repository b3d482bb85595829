"""Which quantity an answer is for: a node's value (`q`, `n3`) or its gradient (`dq`, `df/dq`, `dL/dq`).

Notation, documented in the README: a bare name or id is the node's forward value; `d` before
a name or id is dL/d(that node), the gradient of the output; `df/dq` and `dL/dq` say the same
with the numerator written out (`f` being the output's name, `L` always allowed), and `∂`
may stand for `d`. A user name that itself starts with `d` (say an input `dx`) is read as that
node's value: names win over the notation.
"""

from __future__ import annotations

from typing import NamedTuple

from bpcalc.errors import UnknownNameError, did_you_mean
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANTS

VALUE, GRAD = "value", "grad"


class Target(NamedTuple):
    """One gradable quantity: a node and whether its value or its gradient is meant (a tuple:
    marking hashes millions of them, and a tuple hashes in C)."""

    index: int  # type: ignore[assignment]  # the field shadows tuple.index, which no caller uses
    kind: str  # VALUE or GRAD


def output_name(graph: Graph) -> str:
    """How the output is written in a gradient: its user name (f), else L."""
    name = graph.names[graph.output]
    return name if name is not None else "L"


def canonical(graph: Graph, target: Target) -> str:
    """The answer key as the report prints it: `q` for a value, `df/dq` for a gradient."""
    label = graph.label(target.index)
    if target.kind == VALUE:
        return label
    return f"d{output_name(graph)}/d{label}"


def resolve(key: str, graph: Graph) -> Target:
    """Read an answer key; raises UnknownNameError with a suggestion when nothing matches."""
    text = key.strip().replace("∂", "d").replace(" ", "")
    found = graph.find(text)
    if found is not None:
        return Target(found, VALUE)
    if "/" in text:
        top, _, bottom = text.partition("/")
        allowed = {"dL", f"d{output_name(graph)}", f"d{graph.node_id(graph.output)}"}
        allowed.update(f"d{alias}" for alias, i in graph.aliases.items() if i == graph.output)
        if top not in allowed:
            raise UnknownNameError(
                f"'{key}': gradients are of the output, so the top must be d{output_name(graph)} or dL",
                hint=f"write d{output_name(graph)}/d<node> or dL/d<node>, e.g. dL/d{graph.label(0)}",
            )
        text = bottom
    if text.startswith("d"):
        found = graph.find(text[1:])
        if found is not None:
            return Target(found, GRAD)
    changed = _no_longer_a_node(text, graph)
    if changed is not None:
        raise UnknownNameError(f"'{key.strip()}': {changed}",
                               hint="answer inputs and gates only; a constant is part of the gate that reads it "
                                    "(the 1 of a +1 gate) and has no value or gradient to ask for")
    names = [*graph.aliases, *(f"d{n}" for n in graph.aliases)]
    suggestion = did_you_mean(key.strip(), names)
    shown = ", ".join(list(graph.aliases)[:12])
    raise UnknownNameError(
        f"no node '{key.strip()}' to answer for (the named nodes are {shown})",
        hint=(f"did you mean '{suggestion}'? " if suggestion else "")
        + "answer a node's value by its name or id (q, n3) and its gradient as dq, df/dq or dL/dq",
    )


def _no_longer_a_node(text: str, graph: Graph) -> str | None:
    """What changed, for a key a worksheet from before constants were folded into gates may use:
    a constant (`d2`, `dpi`, `1`) or an id past the last one (ids now count inputs and gates only)."""
    bare = text[1:] if text.startswith("d") and text[1:] and graph.find(text) is None else text
    for candidate in (text, bare):
        if candidate in graph.labels.values() or candidate in CONSTANTS or _is_number(candidate):
            return (f"constants are no longer nodes: '{candidate}' is a parameter of the gate that reads it "
                    "(e.g. the +1 gate), with no row, value or gradient of its own")
    for candidate in (text, bare):
        if candidate.startswith("n") and candidate[1:].isdigit():
            count = len(graph.user_nodes())
            return (f"constants are no longer nodes, so ids count only inputs and gates (n0 to n{count - 1} here) and "
                    f"{candidate} does not exist; ids from older worksheets may now point elsewhere: answer by name "
                    "where you can")
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return bool(text) and text[0] in "0123456789.-+"


def seen(graph: Graph, i: int) -> str:
    """A node as the student sees it: its name, else what they wrote for it (never an internal id)."""
    if graph.names[i] is not None:
        return str(graph.names[i])
    span = graph.spans[i]
    if span is not None and graph.source:
        return graph.source[span.start:span.end]
    return graph.node_id(i)


def gate_name(graph: Graph, c: int) -> str:
    """A gate as a person finds it on the worksheet: 'z = w0*x0 + w2' if named, else 'w0*x0'."""
    span = graph.spans[c]
    written = graph.source[span.start:span.end] if span is not None and graph.source else graph.node_id(c)
    return f"{graph.names[c]} = {written}" if graph.names[c] is not None else written
