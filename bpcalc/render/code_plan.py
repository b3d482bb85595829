"""What generated code (`bpcalc code`) says, node by node, before any style writes it.

Everything comes from the trace and the registry's `Code` forms: each gate's forward and
gradient templates, its inputs written as names or literals, and which inputs take a gradient.
Constants are written inline as literals, never as variables with gradients; so are static
arguments (an axis, a slice) that no input changes. Only numbers and names from our own graph
reach the text: nothing the user typed is copied into it but names, re-spelled as identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bpcalc.engine import Trace
from bpcalc.errors import BpcalcError
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE, Op
from bpcalc.ops.code_helpers import CODE_HELPERS
from bpcalc.ops.op import Code
from bpcalc.render.code_names import Names

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class NoCodeForm(BpcalcError):
    """A gate the registry has no code form for, here: refused by name, never written as broken code."""


@dataclass
class Gate:
    """One gate of the generated code, in forward order."""

    index: int
    op: Op
    form: Code
    inputs: list[str]  # each input as the code writes it: a name or a literal
    value: str  # the Python name of the gate's value
    grad: str  # the Python name of its gradient
    # (position, input node) for each input that receives a gradient from this gate
    sends: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Plan:
    trace: Trace
    arrays: bool
    params: list[tuple[str, str, int]]  # (Python name, user's name, node) of each input variable
    gates: list[Gate]
    value_names: dict[int, str]
    grad_names: dict[int, str]
    counts: list[int]  # how many gradient contributions each node receives
    keys: list[tuple[str, int]]  # (key of the grads dict, node), forward order
    no_grad: set[int]  # nodes that get no gradient: constants and static-only arguments
    helpers: list[str]
    names: Names
    output_text: str  # the output's value as the code writes it: its name, or a literal

    def shape(self, node: int) -> tuple[int, ...]:
        return tuple(getattr(self.trace.values[node], "shape", ()))


def fill(template: str, inputs: list[str], out: str, g: str, i: str, module: str, position: int = -1) -> str:
    """A template with its placeholders replaced (see `Code`; {k} is the position of input {i})."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.isdigit():
            return inputs[int(key)]
        if key == "*":
            return ", ".join(inputs)
        if key.endswith(":") and key[:-1].isdigit():
            return ", ".join(inputs[int(key[:-1]):])
        return {"out": out, "g": g, "i": i, "m": module, "k": str(position)}[key]

    return _PLACEHOLDER.sub(one, template)


def literal(value: Any, static: bool = False) -> str:
    """A number, array or slice as Python source that reads back exactly (repr of floats)."""
    if value is None or value is Ellipsis:
        return "None" if value is None else "..."  # x[:, None], T[..., 0]
    if isinstance(value, slice):
        parts = ["" if part is None else str(int(part)) for part in (value.start, value.stop, value.step)]
        return ":".join(parts[:2] if value.step is None else parts)
    if hasattr(value, "shape") and getattr(value, "ndim", 0) > 0:
        if static:
            return f"np.array({value.astype(int).tolist()!r})"
        return f"np.array({value.astype(float).tolist()!r})"
    number = float(value)
    text = str(int(number)) if number.is_integer() and abs(number) < 1000000000000000.0 else repr(number)
    return f"({text})" if text.startswith("-") and not static else text


def _matches(form: Code, arrays: bool, ndims: list[int]) -> bool:
    for condition in form.when.split():
        if condition in ("scalar", "array"):
            if (condition == "array") != arrays:
                return False
        elif condition.startswith("arity="):
            if len(ndims) != int(condition[6:]):
                return False
        elif condition.startswith("ndim="):
            if [int(part) for part in condition[5:].split(",")] != ndims:
                return False
        elif condition.startswith("ndim") and "=" in condition:  # ndim1=0: input 1 has 0 axes
            position, wanted = condition[4:].split("=")
            if int(position) >= len(ndims) or ndims[int(position)] != int(wanted):
                return False
        else:
            raise ValueError(f"unknown code condition {condition!r}")
    return True


def choose_form(op: Op, arrays: bool, ndims: list[int]) -> Code:
    for form in op.code:
        if _matches(form, arrays, ndims):
            return form
    world = "arrays" if arrays else "scalars"
    if not op.code:
        reason = f"the registry has no code form for the {op.name} gate"
    else:
        reason = f"the registry's code forms for the {op.name} gate do not cover it with {len(ndims)} input(s) on {world}"
    raise NoCodeForm(f"bpcalc code cannot write this program: {reason}",
                     hint=f"eval and explain still work; a code form for {op.name} is one line in its registry row")


def make_plan(trace: Trace) -> Plan:
    from bpcalc.engine.array_pass import static_only

    graph, values = trace.graph, trace.values
    n = len(graph)
    arrays = trace.arrays
    live = graph.reaches_output()
    varying = graph.depends_on_variable()
    static = set(static_only(graph))
    names = Names()
    for helper in CODE_HELPERS:
        names.reserve(helper)
    operand: list[str] = [""] * n
    value_names: dict[int, str] = {}
    params: list[tuple[str, str, int]] = []
    inline: set[int] = set()
    for i in range(n):
        kind = graph.ops[i]
        if kind == CONSTANT or not varying[i]:  # constants and constant subexpressions (-2.5, 2 * pi): literals
            operand[i] = literal(values[i], static=i in static)
            inline.add(i)
        elif kind == VARIABLE or live[i]:
            value_names[i] = operand[i] = names.claim(graph.names[i] or graph.node_id(i))
            if kind == VARIABLE:
                params.append((operand[i], graph.names[i] or "", i))
    grad_names = {i: names.claim("d" + name) for i, name in value_names.items() if i not in static}
    no_grad = {i for i in range(n) if i in inline or i in static}
    gates: list[Gate] = []
    counts = [0] * n
    helpers: list[str] = []
    for i in range(n):
        if graph.ops[i] in (CONSTANT, VARIABLE) or i in inline or not live[i]:
            continue
        op = REGISTRY[graph.ops[i]]
        args = graph.args[i]
        try:
            form = choose_form(op, arrays, [int(getattr(values[a], "ndim", 0)) for a in args])
        except NoCodeForm as error:
            error.source, error.span, error.node = graph.source, graph.spans[i], graph.node_id(i)
            raise
        inputs = [_static_operand(graph, values, a, operand, static) if op.is_static(k) else operand[a]
                  for k, a in enumerate(args)]
        gate = Gate(i, op, form, inputs, value_names[i], grad_names.get(i, ""))
        for k, a in enumerate(args):
            if a in no_grad or op.is_static(k) or not form.grads[min(k, len(form.grads) - 1)]:
                continue
            gate.sends.append((k, a))
            counts[a] += 1
        if i in static:
            gate.sends.clear()
        gates.append(gate)
        helpers.extend(h for h in form.helpers if h not in helpers)
    keys: list[tuple[str, int]] = []
    aliases: dict[int, list[str]] = {}
    for alias, node in graph.aliases.items():
        aliases.setdefault(node, []).append(alias)
    for i in value_names:
        if i in no_grad:
            continue
        own = aliases.get(i) or ([graph.node_id(i)] if graph.node_id(i) not in graph.aliases else [])
        keys.extend((key, i) for key in own)
    return Plan(trace, arrays, params, gates, value_names, grad_names, counts, keys, no_grad, _with_dependencies(helpers),
                names, operand[graph.output])


def _static_operand(graph: Any, values: list[Any], node: int, operand: list[str], static: set[int]) -> str:
    """An input in a static position: a literal, or an input variable read as an integer."""
    text = operand[node]
    if graph.ops[node] == VARIABLE and node not in static:  # also differentiated elsewhere: a float
        return f"int({text})" if getattr(values[node], "ndim", 0) == 0 else f"{text}.astype(int)"
    return text


def _with_dependencies(helpers: list[str]) -> list[str]:
    """Helpers in the order they must be defined (svm_grad calls svm_margins)."""
    ordered: list[str] = []
    for name in helpers:
        for other in CODE_HELPERS:
            if other != name and f"{other}(" in CODE_HELPERS[name] and other not in ordered:
                ordered.append(other)
        if name not in ordered:
            ordered.append(name)
    return ordered


def unbroadcast(expression: str, shape: tuple[int, ...], out_shape: tuple[int, ...]) -> str:
    """An out-shaped gradient summed back to an input's shape, written as .sum(axis=...)."""
    if shape == out_shape:
        return expression
    base = expression if expression.isidentifier() else f"({expression})"
    if not shape:
        return f"{base}.sum()"
    lead = len(out_shape) - len(shape)
    if lead:
        axes = ", ".join(str(axis) for axis in range(lead))
        base = f"{base}.sum(axis={axes if lead == 1 else '(' + axes + ')'})"
    kept = [axis for axis, size in enumerate(shape) if size == 1 and out_shape[lead + axis] != 1]
    if kept:
        axes = ", ".join(str(axis) for axis in kept)
        base = f"{base}.sum(axis={axes if len(kept) == 1 else '(' + axes + ')'}, keepdims=True)"
    return base


def gradient_template(gate: Gate, position: int) -> str:
    grads = gate.form.grads
    return grads[min(position, len(grads) - 1)]
