"""The modular style of `bpcalc code`: what frameworks do, as the lecture's "modular
implementation" slide draws it. One class per gate kind used, whose forward(...) caches what its
backward needs and whose backward(dout) returns one gradient per input; then a small graph that
calls the gates' forward in order and their backward in reverse. The templates are the same
registry `Code` forms the flat style writes, filled with the gate's own parameters."""

from __future__ import annotations

import re
import string as letters

from bpcalc.render.code_flat import accumulate, backward_seed, signature, zero_gradients
from bpcalc.render.code_plan import Gate, Plan, fill, unbroadcast

_INPUT = re.compile(r"\{(\d+)\}")


def _params(count: int) -> list[str]:
    return list(letters.ascii_lowercase[:count]) if count <= 8 else [f"x{k}" for k in range(count)]


def _class_name(gate: Gate) -> str:
    return "".join(part.capitalize() for part in gate.op.name.split("_")) + "Gate"


def _kind(gate: Gate) -> tuple[str, int, int, tuple[int, ...]]:
    """Gates share a class when they are the same row, written by the same form, with as many
    inputs, sending gradients to the same ones (x ** 2 never takes the log of x for its 2)."""
    return gate.op.name, gate.op.code.index(gate.form), len(gate.inputs), tuple(position for position, _ in gate.sends)


def _gate_class(name: str, gate: Gate, module: str) -> str:
    count = len(gate.inputs)
    params = _params(count)
    cached = [f"self.{p}" for p in params]
    grads = []
    uses_out = False
    needed: set[int] = set()
    sent = {position for position, _ in gate.sends}
    for position in range(count):
        if position not in sent:
            grads.append("None")
            continue
        template = gate.form.grads[min(position, len(gate.form.grads) - 1)]
        if not template:
            grads.append("None")
            continue
        uses_out = uses_out or "{out}" in template
        needed.update(int(k) for k in _INPUT.findall(template))
        if "{i}" in template or "{*}" in template or "{1:}" in template:
            needed.update(range(count))
        grads.append(fill(template, cached, "self.out", "dout", cached[position], module, position))
    forward = fill(gate.form.forward, params, "out", "dout", "", module)
    lines = [f"class {name}:", *_docstring(gate.op.pattern), "",
             f"    def forward(self, {', '.join(params)}):"]
    stored = [p for k, p in enumerate(params) if k in needed]
    if stored:
        targets = ", ".join(f"self.{p}" for p in stored)
        lines.append(f"        {targets} = {', '.join(stored)}")
    if uses_out:
        lines += [f"        self.out = {forward}", "        return self.out"]
    else:
        lines.append(f"        return {forward}")
    returned = f"        return {grads[0]}," if count == 1 else f"        return {', '.join(grads)}"
    if len(returned) > 100:
        returned = "        return (\n" + "".join(f"            {grad},\n" for grad in grads) + "        )"
    lines += ["", "    def backward(self, dout):", returned]
    return "\n".join(lines)


def _docstring(pattern: str) -> list[str]:
    """The row's gate-pattern sentence (our own text) as the class docstring, wrapped."""
    import textwrap

    text = pattern.replace('"', "'").replace("\\", "/")
    wrapped = textwrap.wrap(text, 88)
    if len(wrapped) == 1:
        return [f'    """{wrapped[0]}."""']
    return [f'    """{wrapped[0]}', *(f"    {line}" for line in wrapped[1:-1]), f'    {wrapped[-1]}."""']


def modular_body(plan: Plan) -> str:
    module = "np" if plan.arrays else "math"
    classes: dict[tuple[str, int, int, tuple[int, ...]], str] = {}
    texts: list[str] = []
    for gate in plan.gates:
        kind = _kind(gate)
        if kind not in classes:
            base = _class_name(gate)
            name = plan.names.claim(base if base not in classes.values() else f"{base}{len(classes) + 1}")
            classes[kind] = name
            texts.append(_gate_class(name, gate, module))
    instances = {gate.index: plan.names.claim(f"{gate.value}_gate") for gate in plan.gates}
    back = plan.names.claim("back")
    lines = [signature(plan), '    """The gates\' forward passes in order, then their backward passes in reverse."""']
    for gate in plan.gates:
        lines.append(f"    {instances[gate.index]} = {classes[_kind(gate)]}()")
    for gate in plan.gates:
        lines.append(f"    {gate.value} = {instances[gate.index]}.forward({', '.join(_arguments(plan, gate))})")
    lines.extend(backward_seed(plan))
    started: set[int] = set()
    for gate in reversed(plan.gates):
        if not gate.sends:
            continue
        call = f"{instances[gate.index]}.backward({gate.grad})"
        simple = all(plan.counts[node] == 1 and not _reshaped(plan, gate, position) for position, node in gate.sends)
        if simple:
            targets = ["_"] * len(gate.inputs)
            for position, node in gate.sends:
                targets[position] = plan.grad_names[node]
            lines.append(f"    {', '.join(targets)}{',' if len(targets) == 1 else ''} = {call}")
            continue
        lines.append(f"    {back} = {call}")
        for position, node in gate.sends:
            expression = f"{back}[{position}]"
            if _reshaped(plan, gate, position):
                expression = unbroadcast(expression, plan.shape(plan.trace.graph.args[gate.index][position]),
                                         plan.shape(gate.index))
            lines.extend(accumulate(plan, node, expression, started))
    lines.extend(zero_gradients(plan, started))
    lines.append("")
    from bpcalc.render.code_flat import string

    lines.append(f"    return {plan.output_text}, {{")
    lines.extend(f"        {string(key)}: {plan.grad_names[node]}," for key, node in plan.keys)
    lines.append("    }")
    return "\n\n\n".join([*texts, "\n".join(lines)])


def _arguments(plan: Plan, gate: Gate) -> list[str]:
    """The gate's inputs as call arguments: a slice (x[0:2]) is passed as slice(0, 2)."""
    values = plan.trace.values
    arguments = []
    for node, text in zip(plan.trace.graph.args[gate.index], gate.inputs):
        value = values[node]
        if isinstance(value, slice):
            text = f"slice({value.start}, {value.stop}{'' if value.step is None else f', {value.step}'})"
        arguments.append(text)
    return arguments


def _reshaped(plan: Plan, gate: Gate, position: int) -> bool:
    """An elementwise gate's gradient for a broadcast input, which the graph sums back."""
    if not plan.arrays or gate.op.vjp is not None:
        return False
    return plan.shape(plan.trace.graph.args[gate.index][position]) != plan.shape(gate.index)
