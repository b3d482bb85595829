"""The flat style of `bpcalc code`, and the lines both styles share: the forward pass one line
per gate with the user's names, then the backward pass in reverse, one `d<name>` line per edge,
an accumulator and one `+=` per branch at a fan-out, broadcast gradients summed back."""

from __future__ import annotations

import textwrap

from bpcalc.render.code_plan import Gate, Plan, fill, gradient_template, literal, unbroadcast


def signature(plan: Plan) -> str:
    params = ", ".join(name for name, _, _ in plan.params)
    return f"def forward_backward(*, {params}):" if params else "def forward_backward():"


def flat_body(plan: Plan) -> str:
    module = "np" if plan.arrays else "math"
    lines = [signature(plan), '    """The forward pass, one line per gate, then the backward pass in reverse."""']
    for gate in plan.gates:
        lines.append(f"    {gate.value} = {fill(gate.form.forward, gate.inputs, gate.value, gate.grad, '', module)}")
    lines.extend(backward_seed(plan))
    started: set[int] = set()
    explained: set[str] = set()
    for gate in reversed(plan.gates):
        if not gate.sends:
            continue
        if gate.op.name not in explained:
            explained.add(gate.op.name)
            lines.extend(_comment(gate.op.pattern))
        for position, node in gate.sends:
            expression = contribution(plan, gate, position, module, gate.inputs)
            lines.extend(accumulate(plan, node, expression, started))
    lines.extend(zero_gradients(plan, started))
    lines.append("")
    lines.append(f"    return {plan.output_text}, {{")
    lines.extend(f"        {string(key)}: {plan.grad_names[node]}," for key, node in plan.keys)
    lines.append("    }")
    return "\n".join(lines)


def backward_seed(plan: Plan) -> list[str]:
    """The blank line before the backward pass and dL/dL = 1, the gradient it starts from."""
    output = plan.trace.graph.output
    return ["", f"    {plan.grad_names[output]} = 1.0"] if output in plan.grad_names else [""]


def _comment(sentence: str) -> list[str]:
    return ["    # " + line for line in textwrap.wrap(sentence, 90)]


def contribution(plan: Plan, gate: Gate, position: int, module: str, inputs: list[str],
                 out: str | None = None, g: str | None = None) -> str:
    """What one input receives from this gate, summed back to that input's shape."""
    node = gate.index
    source = plan.trace.graph.args[node][position]
    expression = fill(gradient_template(gate, position), inputs, out or gate.value, g or gate.grad, inputs[position],
                      module, position)
    if plan.arrays and gate.op.vjp is None:
        expression = unbroadcast(expression, plan.shape(source), plan.shape(node))
    return expression


def accumulate(plan: Plan, node: int, expression: str, started: set[int]) -> list[str]:
    """`dx = ...` for a value used once; at a fan-out an accumulator and one `+=` per branch."""
    name = plan.grad_names[node]
    if plan.counts[node] == 1:
        return [f"    {name} = {expression}"]
    lines = []
    if node not in started:
        started.add(node)
        zero = f"np.zeros(np.shape({plan.value_names[node]}))" if plan.arrays and plan.shape(node) else "0.0"
        lines.append(f"    {name} = {zero}  # {plan.value_names[node]} fans out to {plan.counts[node]} uses: "
                     "its gradient is the sum of theirs")
    lines.append(f"    {name} += {expression}")
    return lines


def zero_gradients(plan: Plan, started: set[int]) -> list[str]:
    """Inputs the output does not depend on: a gradient of zero."""
    lines = []
    for name, _, node in plan.params:
        if node in plan.no_grad or plan.counts[node] or node == plan.trace.graph.output:
            continue
        zero = f"np.zeros(np.shape({name}))" if plan.arrays and plan.shape(node) else "0.0"
        lines.append(f"    {plan.grad_names[node]} = {zero}  # the output does not depend on {name}")
    return lines


def input_literal(plan: Plan, node: int) -> str:
    """An input's value as the file gives it: floats (integers for labels and indices)."""
    value = plan.trace.values[node]
    if node in plan.no_grad:
        return literal(value, static=True)
    if getattr(value, "ndim", 0) > 0:
        return literal(value)
    return repr(float(value))


def string(text: str) -> str:
    """A Python string literal in double quotes (a user's name; json's escapes are Python's too)."""
    import json

    return json.dumps(text, ensure_ascii=False)
