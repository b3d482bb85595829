"""The end of a generated file: the input values, the script part, and (with --harness) the
gradient checks of the assignments: `compare(name, mine)` for a student's own gradient, and
`check_gradients()` against centred finite differences, both in CS231n's relative-error bands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.render.code_plan import Plan

if TYPE_CHECKING:
    from bpcalc.api import Result

_SCALAR_ERROR = '''def relative_error(mine, reference, floor=0.0):
    """CS231n's measure |a - b| / max(|a|, |b|); 0 where the difference is at most `floor`."""
    difference = abs(mine - reference)
    if difference <= floor:
        return 0.0
    return difference / max(abs(mine), abs(reference))


def max_difference(mine, reference):
    return abs(mine - reference)'''

_ARRAY_ERROR = '''def relative_error(mine, reference, floor=0.0):
    """CS231n's measure |a - b| / max(|a|, |b|), the largest over the entries; 0 for an entry
    whose difference is at most `floor`."""
    a, b = np.asarray(mine, dtype=float), np.asarray(reference, dtype=float)
    difference = np.abs(a - b)
    scale = np.maximum(np.abs(a), np.abs(b))
    error = np.where(difference <= floor, 0.0, difference / np.where(scale == 0, 1.0, scale))
    return float(np.max(error, initial=0.0))


def max_difference(mine, reference):
    return float(np.max(np.abs(np.asarray(mine, dtype=float) - np.asarray(reference, dtype=float)), initial=0.0))'''

_SCALAR_NUMERIC = '''def numeric_gradient(param, inputs=INPUTS, h=1e-5):
    """The centred difference (f(x + h) - f(x - h)) / 2h of the output in one input."""
    up = forward_backward(**{**inputs, param: inputs[param] + h})[0]
    down = forward_backward(**{**inputs, param: inputs[param] - h})[0]
    return (up - down) / (2 * h)'''

_ARRAY_NUMERIC = '''def numeric_gradient(param, inputs=INPUTS, h=1e-5):
    """Centred differences (f(x + h) - f(x - h)) / 2h of the output, one entry of the input at a time."""
    x = np.asarray(inputs[param], dtype=float)
    grad = np.zeros(x.shape)
    for position in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[position] += h
        down[position] -= h
        f_up = forward_backward(**{**inputs, param: up})[0]
        f_down = forward_backward(**{**inputs, param: down})[0]
        grad[position] = (f_up - f_down) / (2 * h)
    return grad if x.ndim else float(grad)'''

_CHECKS = '''def band(error):
    """CS231n's bands for a relative error."""
    if error < 1e-7:
        return "good"
    if error < 1e-4:
        return "fine only near a kink"
    if error <= 1e-2:
        return "uncomfortable: rounding, or a small slip"
    return "wrong"


def compare(name, mine, inputs=INPUTS):
    """Your gradient of node `name` against the generated one: exact, close or wrong."""
    reference = forward_backward(**inputs)[1][name]
    difference = max_difference(mine, reference)
    error = relative_error(mine, reference)
    verdict = "exact" if difference == 0 else ("close" if error <= 1e-2 else "wrong")
    print(f"d{name}: {verdict} (max abs diff {difference:.3g}, relative error {error:.3g}: {band(error)})")
    return verdict


def check_gradients(inputs=INPUTS):
    """Each input's generated gradient against centred differences; False when one is wrong.
    Differences up to 1e-9 are the finite differences' own noise and count as agreement."""
    grads = forward_backward(**inputs)[1]
    passed = True
    for param, key in GRADIENT_INPUTS:
        numeric = numeric_gradient(param, inputs)
        error = relative_error(grads[key], numeric, floor=1e-9)
        verdict = band(error)
        if verdict == "wrong" and KINKS:
            verdict = "differs, but a kink sits at these values, where a numeric check is unreliable"
        elif verdict == "wrong":
            passed = False
        difference = max_difference(grads[key], numeric)
        print(f"numeric check of d{key}: relative error {error:.3g}, max abs diff {difference:.3g} ({verdict})")
    return passed'''


def harness_text(plan: Plan) -> str:
    from bpcalc.render.code_flat import string

    first_key: dict[int, str] = {}
    for key, node in plan.keys:
        first_key.setdefault(node, key)
    checked = [(name, first_key[node]) for name, _, node in plan.params if node not in plan.no_grad and node in first_key]
    pairs = "".join(f"\n    ({string(name)}, {string(key)})," for name, key in checked)
    kinks = any(plan.trace.kinks)
    lines = [
        f"# (parameter, key in the grads dict) of each input that has a gradient\nGRADIENT_INPUTS = ({pairs}\n)",
        f"# {'A kink (relu at 0, a max tie) sits at these values' if kinks else 'No kink sits at these values'}: "
        f"numeric checks are unreliable at one.\nKINKS = {kinks}",
        _ARRAY_ERROR if plan.arrays else _SCALAR_ERROR,
        _ARRAY_NUMERIC if plan.arrays else _SCALAR_NUMERIC,
        _CHECKS,
    ]
    return "\n\n\n".join(lines)


def inputs_text(plan: Plan) -> str:
    from bpcalc.render.code_flat import input_literal, string

    entries = "".join(f"\n    {string(name)}: {input_literal(plan, node)}," for name, _, node in plan.params)
    return f"# The values this file was generated for.\nINPUTS = {{{entries}\n}}" if entries else "INPUTS = {}"


def main_text(plan: Plan, result: Result, harness: bool) -> str:
    lines = ['if __name__ == "__main__":',
             "    value, grads = forward_backward(**INPUTS)",
             '    print("value:", value)',
             "    for name, grad in grads.items():",
             '        print(f"d{name}:", grad)']
    if harness:
        lines.append("    sys.exit(0 if check_gradients() else 1)")
    return "\n".join(lines)
