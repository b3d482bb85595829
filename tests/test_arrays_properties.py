"""Property: for random small programs over vectors and matrices (broadcasting, @, .T, axis
reductions, indexing, softmax), backprop's gradients equal centred finite differences."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc import evaluate
from bpcalc.language.parser import parse

LEAVES = {"A": (2, 3), "B": (3, 2), "v": (3,), "u": (2,), "c": ()}
UNARY = ("tanh", "sigmoid", "sin")


def shape_after(op: str, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """The result shape of a binary step, or None when the shapes do not fit."""
    if op == "@":
        if len(a) == 0 or len(b) == 0 or a[-1] != b[0]:
            return None
        return tuple(a[:-1]) + tuple(b[1:])
    try:
        return tuple(np.broadcast_shapes(a, b))
    except ValueError:
        return None


@st.composite
def programs(draw: st.DrawFn) -> str:
    shapes = dict(LEAVES)
    lines: list[str] = []
    for step in range(draw(st.integers(1, 5))):
        name = f"t{step}"
        kind = draw(st.sampled_from(["binary", "unary", "transpose", "reduce", "index", "softmax"]))
        x = draw(st.sampled_from(sorted(shapes)))
        sx = shapes[x]
        if kind == "binary":
            op = draw(st.sampled_from(["+", "-", "*", "@"]))
            fits = [y for y in sorted(shapes) if shape_after(op, sx, shapes[y]) is not None]
            if not fits:
                continue
            y = draw(st.sampled_from(fits))
            lines.append(f"{name} = {x} {op} {y}")
            shapes[name] = shape_after(op, sx, shapes[y])  # type: ignore[assignment]
        elif kind == "unary":
            lines.append(f"{name} = {draw(st.sampled_from(UNARY))}({x})")
            shapes[name] = sx
        elif kind == "transpose" and len(sx) == 2:
            lines.append(f"{name} = {x}.T")
            shapes[name] = (sx[1], sx[0])
        elif kind == "reduce" and sx:
            axis = draw(st.integers(0, len(sx) - 1))
            fn = draw(st.sampled_from(["sum", "mean", "norm"]))
            lines.append(f"{name} = {fn}({x}, axis={axis})")
            shapes[name] = tuple(s for i, s in enumerate(sx) if i != axis)
        elif kind == "index" and sx:
            i = draw(st.integers(0, sx[0] - 1))
            lines.append(f"{name} = {x}[{i}]")
            shapes[name] = sx[1:]
        elif kind == "softmax" and sx:
            lines.append(f"{name} = softmax({x})")
            shapes[name] = sx
    # Every intermediate feeds the loss, so every step's backward rule is exercised.
    made = [line.split(" = ")[0] for line in lines] or ["A"]
    lines.append("L = " + " + ".join(f"sum({t} * {t})" for t in made))
    return "; ".join(lines)


def values_for(source: str, seed: int) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    used = {}
    for name in parse(source).graph.variables:
        shape = LEAVES[name]
        used[name] = rng.uniform(-1, 1, size=shape) if shape else float(rng.uniform(-1, 1))
    return used


def finite_difference(source: str, values: dict[str, object], name: str, h: float = 1e-6) -> np.ndarray:
    x = np.asarray(values[name], dtype=float)
    grad = np.zeros_like(x)
    for position in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[position] += h
        minus[position] -= h
        f_plus = evaluate(source, {**values, name: plus if x.ndim else float(plus)}, check=False).value
        f_minus = evaluate(source, {**values, name: minus if x.ndim else float(minus)}, check=False).value
        grad[position] = (f_plus - f_minus) / (2 * h)
    return grad


@settings(max_examples=40, deadline=None)
@given(source=programs(), seed=st.integers(0, 2**16))
def test_backprop_on_arrays_equals_finite_differences(source: str, seed: int) -> None:
    values = values_for(source, seed)
    result = evaluate(source, values, check=False)
    for name, grad in result.gradients.items():
        assert np.shape(grad) == np.shape(values[name]), "dL/dA has A's shape"
        np.testing.assert_allclose(grad, finite_difference(source, values, name), rtol=1e-5, atol=1e-7,
                                   err_msg=f"{source} d/d{name}")
