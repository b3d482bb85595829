"""Spellings students bring (numpy, PyTorch, math, LaTeX, notes) give the graph of the plain form.

Each case is (what a student types, the plain bpcalc form): both are parsed and run at the
same values, and must give the same ops, the same argument structure and the same values.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpcalc.engine import run
from bpcalc.errors import BpcalcError
from bpcalc.language.parser import parse
from bpcalc.ops import REGISTRY

SCALARS = {"x": 0.7, "y": -1.3, "z": 2.5, "a": 0.4, "b": 1.9, "α": 0.3, "θ": -0.8}
VECTOR = {"v": np.array([0.3, -1.2, 2.0])}

SCALAR_SPELLINGS = [
    ("ln(x)", "log(x)"),
    ("np.exp(x)", "exp(x)"),
    ("numpy.exp(x)", "exp(x)"),
    ("np.maximum(a, b)", "max(a, b)"),
    ("maximum(a, b)", "max(a, b)"),
    ("minimum(a, b)", "min(a, b)"),
    ("math.log(x)", "log(x)"),
    ("torch.relu(x)", "relu(x)"),
    ("F.relu(x)", "relu(x)"),
    ("torch.sigmoid(x)", "sigmoid(x)"),
    ("ReLU(x)", "relu(x)"),
    ("Sigmoid(x)", "sigmoid(x)"),
    ("TANH(x)", "tanh(x)"),
    ("σ(x)", "sigmoid(x)"),
    ("math.pi * x", "pi * x"),
    ("np.power(x, 3)", "pow(x, 3)"),
    ("power(x, 3)", "pow(x, 3)"),
    ("absolute(y)", "abs(y)"),
    ("expit(x)", "sigmoid(x)"),
    ("√(x)", "sqrt(x)"),
    ("jnp.tanh(x)", "tanh(x)"),
    ("nn.relu(x)", "relu(x)"),
    ("f(x, y, z) = (x + y) * z", "f = (x + y) * z"),
    (r"\frac{1}{1+e^{-x}}", "((1)/(1+e^(-x)))"),
    (r"e^{-x}", "e^(-x)"),
    (r"x^{2}", "x^(2)"),
    (r"\sigma(x)", "sigmoid(x)"),
    (r"\exp(x)", "exp(x)"),
    (r"\exp{x}", "exp(x)"),
    (r"\log(x)", "log(x)"),
    (r"\ln(x)", "log(x)"),
    (r"\max(0, x)", "max(0, x)"),
    (r"\sqrt{x}", "sqrt(x)"),
    (r"x \cdot y", "x * y"),
    (r"x \times y", "x * y"),
    (r"\left(x + y\right) z".replace(" z", " * z"), "(x + y) * z"),
    (r"\operatorname{relu}(x)", "relu(x)"),
    (r"\frac{x}{y} \, + z", "((x)/(y)) + z"),
    (r"x \; + \quad y", "x + y"),
    (r"\alpha * x", "α * x"),
    (r"\theta + x", "θ + x"),
    (r"\pi * x", "pi * x"),
    (r"\min(x, y)", "min(x, y)"),
    (r"\tanh(x)", "tanh(x)"),
]

VECTOR_SPELLINGS = [
    ("||v||", "norm(v)"),
    ("‖v‖", "norm(v)"),
    ("||v||^2", "norm(v)^2"),
    ("‖v‖²", "norm(v)^2"),
    ("np.sum(v)", "sum(v)"),
    ("np.sum(v, axis=0)", "sum(v, axis=0)"),
    ("max(||v||, 1)", "max(norm(v), 1)"),
]


def _structure(text: str, values: dict) -> tuple:
    program = parse(text)
    graph = program.graph
    used = {name: values[name] for name in graph.variables}
    trace = run(graph, used)
    shown = [np.round(np.asarray(value, dtype=float), 12).tolist() for value in trace.values]
    return graph.ops, graph.args, shown, program.values


@pytest.mark.parametrize(("spelling", "plain"), SCALAR_SPELLINGS, ids=[s for s, _ in SCALAR_SPELLINGS])
def test_a_scalar_spelling_gives_the_graph_of_its_plain_form(spelling: str, plain: str) -> None:
    assert _structure(spelling, SCALARS) == _structure(plain, SCALARS)


@pytest.mark.parametrize(("spelling", "plain"), VECTOR_SPELLINGS, ids=[s for s, _ in VECTOR_SPELLINGS])
def test_a_vector_spelling_gives_the_graph_of_its_plain_form(spelling: str, plain: str) -> None:
    assert _structure(spelling, VECTOR) == _structure(plain, VECTOR)


def test_the_function_header_names_the_output() -> None:
    graph = parse("f(x, y, z) = (x + y) * z").graph
    assert graph.names[graph.output] == "f"


def test_aliases_are_registry_rows_fields() -> None:
    assert "ln" in REGISTRY["log"].aliases
    assert "maximum" in REGISTRY["max"].aliases


def test_an_alias_is_a_function_only_when_called() -> None:
    graph = parse("ln * 2").graph
    assert "ln" in graph.variables


def test_superscript_binds_to_its_base() -> None:
    trace = run(parse("x²^3").graph, {"x": 2.0})
    assert trace.output == 64.0  # (x²)³, not x^(2^3) = 256


def test_superscript_exponent_of_a_power_binds_first() -> None:
    trace = run(parse("2^x²").graph, {"x": 3.0})
    assert trace.output == 2.0**9


def test_superscript_minus_one_is_the_reciprocal() -> None:
    assert run(parse("x⁻¹").graph, {"x": 4.0}).output == 0.25


def test_the_latex_sigmoid_has_the_sigmoid_value() -> None:
    value = run(parse(r"\frac{1}{1+e^{-x}}").graph, {"x": 1.0}).output
    assert value == pytest.approx(1 / (1 + math.exp(-1.0)), rel=1e-15)


@pytest.mark.parametrize(
    ("text", "column"),
    [(r"\foo(x)", 1), (r"\frac{1}", 8), (r"x + {y", 5), (r"x}", 2), (r"\frac 1 2", 1), ("|x|", 1), ("‖v", 1)],
)
def test_unreadable_latex_and_bars_point_at_the_column(text: str, column: int) -> None:
    with pytest.raises(BpcalcError) as caught:
        parse(text)
    assert caught.value.location() == (1, column)


def test_unknown_module_function_names_the_module() -> None:
    with pytest.raises(BpcalcError) as caught:
        parse("np.foo(x)")
    assert caught.value.message == "unknown function 'np.foo'"


def test_square_hints_to_write_a_power() -> None:
    with pytest.raises(BpcalcError) as caught:
        parse("square(x)")
    assert "write x^2" in (caught.value.hint or "")


def test_np_exp_never_talks_about_transpose() -> None:
    program = parse("np.exp(x)")
    assert program.graph.ops[-1] == "exp"
