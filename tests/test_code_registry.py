"""Every registry row's code forms, and random programs, checked by running the generated file.

Per row and form: the generated gradient of a small program using that gate matches centred
finite differences of the row's own numeric forward (not SymPy, not the engine's backward).
Random programs (scalar and array, both styles) match JAX float64 gradients written from the
same random choices, and the engine's every node to 1e-12. BPCALC_CODE_PROGRAMS sets how many
random programs per world and style (default 60; the issue's 2,000 is a run with 500).
"""

from __future__ import annotations

import os
import random

import numpy as np
import pytest

import bpcalc
from bpcalc.language.format import format_operation
from bpcalc.ops import REGISTRY
from bpcalc.render.code import render_code
from bpcalc.render.code_plan import choose_form
from tests.test_code_support import run_files, write

FORMS = [(name, k) for name, op in REGISTRY.items() for k in range(len(op.code))]


def _world_and_ndims(op, form) -> tuple[bool, list[int]] | None:
    """The run (arrays or not) and input ndims under which this form is the one chosen."""
    when = form.when.split()
    arity = next((int(c[6:]) for c in when if c.startswith("arity=")), op.arity or op.min_arity)
    given = next(([int(p) for p in c[5:].split(",")] for c in when if c.startswith("ndim=")), None)
    for arrays in ([True] if "array" in when else [False] if "scalar" in when else [False, True]):
        if given is not None:
            if any(given) and not arrays:
                continue
            ndims = given
        elif not arrays:
            ndims = [0] * arity
        else:
            first = 2 if op.display and "axis=" in op.display and arity == 2 else 1
            ndims = [first] + [0 if op.is_static(k) else 1 for k in range(1, arity)]
        try:
            if choose_form(op, arrays, ndims) is form:
                return arrays, ndims
        except bpcalc.BpcalcError:
            continue
    return None


def _static_value(op, position: int, first: np.ndarray) -> object:
    """An axis, an index or class labels that fit: the first candidate the row's shape check takes."""
    for candidate in (1, 0, [0, 2, 1], [int(np.size(first))]):
        values = [first] + [candidate] * (position) if first is not None else [candidate]  # arange: all static
        if op.shape_check is None or op.shape_check(*[np.asarray(v, dtype=float) if isinstance(v, list) else
                                                      (float(v) if isinstance(v, int) else v) for v in values]) is None:
            return candidate
    raise AssertionError(f"no static value fits {op.name}")


def _case(op, arrays: bool, ndims: list[int], rng: np.random.Generator):
    """Inputs away from kinks and domain edges, and the program text that applies the gate."""
    for _ in range(200):
        xs: list[object] = []
        for k, ndim in enumerate(ndims):
            if op.is_static(k):
                xs.append(_static_value(op, k, np.asarray(xs[0]) if xs else None))
                continue
            magnitude = rng.uniform(0.3, 1.5, size=(3,) * ndim)
            value = magnitude * rng.choice([-1.0, 1.0], size=magnitude.shape)
            xs.append(value if ndim else float(value))
        numeric = [np.asarray(x, dtype=float) if isinstance(x, list) else (float(x) if isinstance(x, int) else x) for x in xs]
        if op.domain is not None and op.domain(*numeric):
            continue
        if op.shape_check is not None and op.shape_check(*numeric):
            continue
        fwd = op.forward_array if arrays and op.forward_array is not None else op.forward
        out = fwd(*numeric)
        if op.kink is not None and op.kink(out, *numeric):
            continue
        return xs, numeric, out
    raise AssertionError(f"no inputs found for {op.name}")


def _text(op, xs: list[object]) -> tuple[str, dict[str, object]]:
    names = [chr(ord("a") + k) for k in range(len(xs))]
    parts = [str(x) if op.is_static(k) else names[k] for k, x in enumerate(xs)]
    values = {names[k]: x for k, x in enumerate(xs) if not op.is_static(k)}
    if op.name == "index":
        return f"{parts[0]}[{', '.join(parts[1:])}]", values
    if op.parts_from is not None:  # [a, b], vstack([a, b]): the parts in a list
        return format_operation(op, parts), values
    if op.infix and len(parts) == 2:
        return f"{parts[0]} {op.infix[0]} {parts[1]}", values
    if op.infix and len(parts) == 1:
        return f"{op.infix[0]}{parts[0]}", values
    call = op.reduces or op.function
    if op.display and "axis=" in op.display and len(parts) == 2:
        return f"{call}({parts[0]}, axis={parts[1]})", values
    return f"{call}({', '.join(parts)})", values


def _plain(values: dict[str, object]) -> dict[str, object]:
    return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in values.items()}


@pytest.mark.parametrize(("row", "form_index"), FORMS, ids=[f"{n}-{k}" for n, k in FORMS])
def test_row_code_form_gradient_matches_finite_differences_of_the_rows_forward(row: str, form_index: int,
                                                                               tmp_path) -> None:
    op = REGISTRY[row]
    form = op.code[form_index]
    if op.leading_static:
        pytest.skip(f"{row}'s axis comes before its parts: tests/test_forms_code.py runs its code")
    chosen = _world_and_ndims(op, form)
    if chosen is None:
        pytest.skip(f"{row} form {form_index} is shadowed by an earlier form for every input tried")
    arrays, ndims = chosen
    rng = np.random.default_rng(sum(map(ord, row)) + form_index)
    xs, numeric, out = _case(op, arrays, ndims, rng)
    expression, values = _text(op, xs)
    weights = None
    if np.ndim(out) > 0:
        weights = rng.uniform(-1.0, 1.0, size=np.shape(out))
        expression = f"sum(w * ({expression}))"
        values["w"] = weights
    result = bpcalc.evaluate(expression, _plain(values), check=False)
    assert result.trace.arrays == arrays, expression
    paths = [write(render_code(result, style=style), tmp_path, f"{style}.py") for style in ("flat", "modular")]
    fwd = op.forward_array if arrays and op.forward_array is not None else op.forward

    def reference(*inputs: object) -> float:
        value = fwd(*inputs)
        return float(np.sum(weights * value)) if weights is not None else float(value)

    for ran in run_files(paths):
        assert np.isclose(float(ran["value"]), reference(*numeric), rtol=1e-12, atol=1e-14)
        for k in range(len(numeric)):
            if op.is_static(k):
                continue
            name = chr(ord("a") + k)
            expected = _centred(reference, numeric, k)
            assert np.allclose(ran["grads"][name], expected, rtol=1e-6, atol=1e-8), (row, name, expression)


def _centred(reference, inputs: list[object], k: int, h: float = 1e-6) -> np.ndarray:
    x = np.asarray(inputs[k], dtype=float)
    grad = np.zeros(x.shape)
    for position in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[position] += h
        down[position] -= h
        lift = [*inputs[:k], up if x.ndim else float(up), *inputs[k + 1:]]
        drop = [*inputs[:k], down if x.ndim else float(down), *inputs[k + 1:]]
        grad[position] = (reference(*lift) - reference(*drop)) / (2 * h)
    return grad


def test_every_row_has_a_code_form() -> None:
    assert [name for name, op in REGISTRY.items() if not op.code] == []


# ---- random programs -------------------------------------------------------------------------
# (bpcalc text, JAX function) per gate; {0}, {1} are earlier values. Domains are safe for any input.
SCALAR_GATES = [
    ("{0} + {1}", lambda j, a, b: a + b), ("{0} - {1}", lambda j, a, b: a - b), ("{0} * {1}", lambda j, a, b: a * b),
    ("{0} / (1 + {1}^2)", lambda j, a, b: a / (1 + b**2)), ("tanh({0})", lambda j, a: j.numpy.tanh(a)),
    ("sigmoid({0})", lambda j, a: j.nn.sigmoid(a)), ("exp(tanh({0}))", lambda j, a: j.numpy.exp(j.numpy.tanh(a))),
    ("sin({0})", lambda j, a: j.numpy.sin(a)), ("cos({0})", lambda j, a: j.numpy.cos(a)),
    ("log(1 + {0}^2)", lambda j, a: j.numpy.log(1 + a**2)), ("sqrt(1 + {0}^2)", lambda j, a: j.numpy.sqrt(1 + a**2)),
    ("max({0}, {1})", lambda j, a, b: j.numpy.maximum(a, b)), ("-{0}", lambda j, a: -a),
    ("{0}^2", lambda j, a: a**2), ("2.5 * {0}", lambda j, a: 2.5 * a), ("softplus({0})", lambda j, a: j.nn.softplus(a)),
]
ARRAY_GATES = [
    ("{0} + {1}", lambda j, a, b: a + b), ("{0} * {1}", lambda j, a, b: a * b), ("W @ {0}", lambda j, a, W: W @ a),
    ("tanh({0})", lambda j, a: j.numpy.tanh(a)), ("softmax({0})", lambda j, a: j.nn.softmax(a)),
    ("{0} + c", lambda j, a, c: a + c), ("{0} * c", lambda j, a, c: a * c), ("sigmoid({0})", lambda j, a: j.nn.sigmoid(a)),
    ("W.T @ {0}", lambda j, a, W: W.T @ a), ("{0} - {1}", lambda j, a, b: a - b),
]
ARRAY_ENDS = [("sum({0})", lambda j, a: j.numpy.sum(a)), ("logsumexp({0})", lambda j, a: j.scipy.special.logsumexp(a)),
              ("dot({0}, {1})", lambda j, a, b: j.numpy.dot(a, b)), ("mean({0}^2)", lambda j, a: j.numpy.mean(a**2))]


def _random_program(rng: random.Random, arrays: bool):
    """A program of named steps over x, y (and W, c for arrays), with fan-outs, and its JAX twin."""
    steps: list[tuple[int, list[int]]] = []
    names = ["x", "y"]
    gates = ARRAY_GATES if arrays else SCALAR_GATES
    count = rng.randint(3, 9)
    for _ in range(count):
        index = rng.randrange(len(gates))
        arity = gates[index][1].__code__.co_argcount - 1
        uses_extra = arrays and ("W" in gates[index][0] or "c" in gates[index][0])
        picks = [rng.randrange(len(names))] if uses_extra else [rng.randrange(len(names)) for _ in range(arity)]
        steps.append((index, picks))
        names.append(f"t{len(names) - 1}")
    lines = [f"{names[2 + k]} = {gates[i][0].format(*(names[p] for p in picks))}" for k, (i, picks) in enumerate(steps)]
    end = rng.randrange(len(ARRAY_ENDS)) if arrays else None
    end_picks = [len(names) - 1, rng.randrange(len(names))]
    if arrays:
        lines.append("L = " + ARRAY_ENDS[end][0].format(*(names[p] for p in end_picks)))
    source = "\n".join(lines)

    def jax_function(j, x, y, W=None, c=None):
        values = [x, y]
        for index, picks in steps:
            fn = gates[index][1]
            if arrays and "W" in gates[index][0]:
                values.append(fn(j, values[picks[0]], W))
            elif arrays and "c" in gates[index][0]:
                values.append(fn(j, values[picks[0]], c))
            else:
                values.append(fn(j, *(values[p] for p in picks)))
        if arrays:
            final = ARRAY_ENDS[end][1]
            return final(j, *[values[p] for p in end_picks][:final.__code__.co_argcount - 1])
        return values[-1]

    return source, jax_function


def _random_values(rng: random.Random, arrays: bool) -> dict[str, object]:
    if not arrays:
        return {"x": rng.uniform(-1.5, 1.5), "y": rng.uniform(-1.5, 1.5)}
    vector = lambda: [rng.uniform(-1.5, 1.5) for _ in range(3)]  # noqa: E731
    return {"x": vector(), "y": vector(), "W": [vector() for _ in range(3)], "c": rng.uniform(-1.5, 1.5)}


@pytest.mark.parametrize("style", ["flat", "modular"])
@pytest.mark.parametrize("arrays", [False, True], ids=["scalar", "array"])
def test_random_programs_match_jax_and_every_engine_node(arrays: bool, style: str, tmp_path) -> None:
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    count = int(os.environ.get("BPCALC_CODE_PROGRAMS", "60"))
    rng = random.Random(f"{arrays}-{style}")
    cases = []
    paths = []
    for k in range(count):
        source, jax_function = _random_program(rng, arrays)
        values = _random_values(rng, arrays)
        result = _evaluate_used(source, values)
        if result is None:
            continue
        cases.append((source, jax_function, values, result))
        paths.append(write(render_code(result, style=style), tmp_path, f"p{k}.py"))
    assert len(cases) >= count * 0.9
    for (source, jax_function, values, result), ran in zip(cases, run_files(paths)):
        assert np.allclose(ran["value"], result.value, rtol=1e-12, atol=1e-14), source
        for key, grad in ran["grads"].items():
            assert np.allclose(grad, result.grad[key], rtol=1e-12, atol=1e-13), (source, key)
        arguments = {k: jnp.asarray(v, dtype=jnp.float64) for k, v in values.items()}
        for name in result.trace.graph.variables:
            grad = jax.grad(lambda v, name=name, fn=jax_function, given=arguments: fn(jax, **{**given, name: v}))(
                arguments[name])
            assert np.allclose(ran["grads"][name], grad, rtol=1e-9, atol=1e-11), (source, name)


def _evaluate_used(source: str, values: dict[str, object]):
    """The program evaluated with the values of the inputs it uses (an unused W or c is left out)."""
    from bpcalc.language.parser import parse

    used = parse(source).graph.variables
    try:
        return bpcalc.evaluate(source, {k: v for k, v in values.items() if k in used}, check=False)
    except bpcalc.BpcalcError:
        return None
