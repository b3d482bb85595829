"""Our gradients against JAX (float64 on CPU), an autodiff engine that shares no code with ours.

Every JAX function here is written by this test from the mathematics (never from our registry):
the lecture's worked examples, the explained upstream gradient of every gate, and random scalar
and array programs. JAX is in the `test` extra, so in CI these run; they skip only where JAX is
not installed. JAX is imported by this module alone: the rest of the suite does not pay for it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bpcalc import evaluate
from bpcalc.teach.explanation import explain
from tests.conftest import ROOT

jax = pytest.importorskip("jax", reason="JAX (the independent autodiff reference) is not installed: pip install '.[test]'")
jax.config.update("jax_enable_x64", True)
jnp = jax.numpy

RTOL = 1e-10


def jax_gradients(function: Callable[..., Any], values: dict[str, Any]) -> tuple[float, dict[str, np.ndarray]]:
    """JAX's value and gradient of function(**values) with respect to every value."""
    names = sorted(values)
    arrays = [jnp.asarray(values[name], dtype=jnp.float64) for name in names]

    def of_list(*args: Any) -> Any:
        return function(**dict(zip(names, args)))

    # One compiled program per call: cheaper than compiling each eager primitive on first use.
    value, grads = jax.jit(jax.value_and_grad(of_list, argnums=tuple(range(len(names)))))(*arrays)
    return float(value), {name: np.asarray(g) for name, g in zip(names, grads)}


def assert_matches_jax(source: str, function: Callable[..., Any], values: dict[str, Any], rtol: float = RTOL) -> None:
    result = evaluate(source, check=False, **values)
    expected_value, expected = jax_gradients(function, values)
    assert float(result.value) == pytest.approx(expected_value, rel=rtol, abs=1e-13), source
    for name, grad in expected.items():
        np.testing.assert_allclose(np.asarray(result.gradients[name], dtype=float), grad, rtol=rtol, atol=1e-13,
                                   err_msg=f"d/d{name} of {source}")


def run_example(name: str):
    return evaluate((ROOT / "examples" / name).read_text(), check=False)  # the check is not under test here


# The lecture's scalar examples (the primer and CS231n), each written again in JAX.

SCALAR_EXAMPLES = {
    "circuit.bp": lambda x, y, z: (x + y) * z,
    "fan_out.bp": lambda x, y: x * y + x,
    "gate_patterns.bp": lambda x, y, z, w: 2 * (x * y + jnp.maximum(z, w)),
    "tanh_neuron.bp": lambda x1, x2, w1, w2, b: jnp.tanh(x1 * w1 + x2 * w2 + b),
    "sigmoid_gate.bp": lambda w0, x0, w1, x1, w2: jax.nn.sigmoid(w0 * x0 + w1 * x1 + w2),
    "sigmoid_neuron.bp": lambda w0, x0, w1, x1, w2: 1 / (1 + jnp.exp(-(w0 * x0 + w1 * x1 + w2))),
}


@pytest.mark.parametrize("name", sorted(SCALAR_EXAMPLES))
def test_the_lecture_scalar_example_matches_jax(name: str) -> None:
    result = run_example(name)
    value, expected = jax_gradients(SCALAR_EXAMPLES[name], result.values)
    assert result.value == pytest.approx(value, rel=RTOL)
    for variable, grad in expected.items():
        assert result.gradients[variable] == pytest.approx(float(grad), rel=RTOL, abs=1e-15), variable


def test_the_matrix_example_matches_jax() -> None:
    result = run_example("matrix_norm.bp")
    value, expected = jax_gradients(lambda W, x: jnp.sum((W @ x) ** 2), result.values)
    assert result.value == pytest.approx(value, rel=RTOL)
    np.testing.assert_allclose(result.gradients["W"], expected["W"], rtol=RTOL)
    np.testing.assert_allclose(result.gradients["x"], expected["x"], rtol=RTOL)


def test_the_relu_vector_example_matches_jax() -> None:
    result = run_example("relu_vector.bp")
    value, expected = jax_gradients(lambda x, w: jnp.sum(w * jax.nn.relu(x)), result.values)
    assert result.value == pytest.approx(value, rel=RTOL)
    np.testing.assert_array_equal(result.gradients["x"], expected["x"])
    np.testing.assert_array_equal(result.gradients["w"], expected["w"])


def _cross_entropy(scores: Any, label: int) -> Any:
    return -jax.nn.log_softmax(scores)[label]


def test_two_layer_net_matches_jax() -> None:
    result = run_example("two_layer_net.bp")
    label = int(result.values["y"])
    given = {k: v for k, v in result.values.items() if k != "y"}

    def loss(x, W1, b1, W2, b2):
        return _cross_entropy(W2 @ jax.nn.relu(W1 @ x + b1) + b2, label)

    value, expected = jax_gradients(loss, given)
    assert result.value == pytest.approx(value, rel=1e-12)
    for name, grad in expected.items():
        np.testing.assert_allclose(result.gradients[name], grad, rtol=1e-10, atol=1e-14, err_msg=name)


def test_softmax_loss_matches_jax() -> None:
    result = run_example("softmax_loss.bp")
    label = int(result.values["y"])
    value, expected = jax_gradients(lambda s: -jnp.log(jax.nn.softmax(s)[label]), {"s": result.values["s"]})
    assert result.value == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(result.gradients["s"], expected["s"], rtol=1e-12)


def test_svm_loss_matches_a_hinge_loss_written_in_jax() -> None:
    result = run_example("svm_loss.bp")
    labels = np.asarray(result.values["y"], dtype=int)
    rows = np.arange(len(labels))

    def hinge(S):
        correct = S[rows, labels][:, None]
        margins = jnp.maximum(0.0, S - correct + 1.0).at[rows, labels].set(0.0)
        return jnp.sum(margins) / len(labels)

    value, expected = jax_gradients(hinge, {"S": result.values["S"]})
    assert result.value == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(result.gradients["S"], expected["S"], rtol=1e-12)


# The explanation's numbers: every gate's upstream gradient and what each input receives.

def _node_gradients(build: Callable[[dict[str, Any], Callable[[str, Any], Any]], Any], values: dict[str, float],
                    labels: list[str]) -> dict[str, float]:
    """d(output)/d(node) for every labelled intermediate node: JAX differentiates with respect
    to a zero added to each node (tap), which is exactly the gradient arriving at it."""
    def of_taps(taps: Any) -> Any:
        def tap(label: str, node: Any) -> Any:
            return node + taps[labels.index(label)]
        return build({k: jnp.float64(v) for k, v in values.items()}, tap)

    grads = jax.jit(jax.grad(of_taps))(jnp.zeros(len(labels), dtype=jnp.float64))
    return {label: float(g) for label, g in zip(labels, grads)}


def test_every_upstream_gradient_of_the_written_out_sigmoid_neuron_matches_jax() -> None:
    source = "d = w0*x0 + w1*x1 + w2; f = 1/(1 + exp(-d))"
    values = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}
    expl = explain(source, lang="en", **values)

    def neuron(v: dict[str, Any], tap: Callable[[str, Any], Any]) -> Any:
        n2 = tap("n2", v["w0"] * v["x0"])
        n5 = tap("n5", v["w1"] * v["x1"])
        n6 = tap("n6", n2 + n5)
        d = tap("d", n6 + v["w2"])
        n9 = tap("n9", -d)  # ids count inputs and gates only (the constants 1 sit inside their gates)
        n10 = tap("n10", jnp.exp(n9))
        n11 = tap("n11", 1 + n10)
        return tap("f", 1 / n11)

    labels = ["n2", "n5", "n6", "d", "n9", "n10", "n11", "f"]
    expected = _node_gradients(neuron, values, labels)
    upstream = {step.label: step.upstream for step in expl.backward if step.kind == "gate"}
    assert set(upstream) == set(labels)
    for label in labels:
        assert upstream[label] == pytest.approx(expected[label], rel=1e-12), label
    _, leaf_grads = jax_gradients(lambda w0, x0, w1, x1, w2: 1 / (1 + jnp.exp(-(w0 * x0 + w1 * x1 + w2))), values)
    downstream = {e.target_label: e.downstream for step in expl.backward for e in step.edges}
    for name, grad in leaf_grads.items():
        assert downstream[name] == pytest.approx(float(grad), rel=1e-12), name


def test_fan_out_sum_matches_jax_accumulation() -> None:
    expl = explain("x*y + x*z + x", x=1.5, y=-2.0, z=0.25, lang="en")
    _, grads = jax_gradients(lambda x, y, z: x * y + x * z + x, {"x": 1.5, "y": -2.0, "z": 0.25})
    total = next(step for step in expl.backward if step.kind == "sum" and step.label == "x")
    assert len(total.terms) == 3
    assert total.upstream == pytest.approx(float(grads["x"]), rel=1e-12)
    assert sum(amount for _, amount in total.terms) == pytest.approx(float(grads["x"]), rel=1e-12)


# Random programs: the text for bpcalc and the JAX function are built side by side.

Expression = tuple[str, Callable[[dict[str, Any]], Any]]
VARIABLES = ("x", "y", "z", "w")

UNARY: list[tuple[str, Callable[[Any], Any]]] = [
    ("sin({})", jnp.sin), ("cos({})", jnp.cos), ("tanh({})", jnp.tanh), ("sigmoid({})", jax.nn.sigmoid),
    ("exp({})", jnp.exp), ("log(1 + ({})^2)", lambda a: jnp.log(1 + a**2)),
    ("sqrt(1 + ({})^2)", lambda a: jnp.sqrt(1 + a**2)), ("-({})", lambda a: -a), ("({})^3", lambda a: a**3),
    ("relu({})", jax.nn.relu), ("abs({})", jnp.abs),
]
BINARY: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("({}) + ({})", lambda a, b: a + b), ("({}) - ({})", lambda a, b: a - b), ("({}) * ({})", lambda a, b: a * b),
    ("({}) / (1 + ({})^2)", lambda a, b: a / (1 + b**2)), ("max({}, {})", jnp.maximum), ("min({}, {})", jnp.minimum),
]


def random_expression(rng: random.Random, depth: int) -> Expression:
    if depth == 0 or rng.random() < 0.2:
        name = rng.choice(VARIABLES)
        return name, lambda v, name=name: v[name]
    if rng.random() < 0.4:
        template, unary = rng.choice(UNARY)
        text, inner = random_expression(rng, depth - 1)
        return template.format(text), lambda v: unary(inner(v))
    template, binary = rng.choice(BINARY)
    (left_text, left), (right_text, right) = random_expression(rng, depth - 1), random_expression(rng, depth - 1)
    return template.format(left_text, right_text), lambda v: binary(left(v), right(v))


@pytest.mark.parametrize("seed", range(24))
def test_a_random_scalar_program_matches_jax(seed: int) -> None:
    rng = random.Random(seed)
    text, function = random_expression(rng, depth=4)
    # Random points almost surely miss the kinks of relu, abs, max and min (ties, zeros).
    values = {name: rng.uniform(-1.5, 1.5) for name in VARIABLES}
    used = {name: value for name, value in values.items() if re.search(rf"\b{name}\b", text)}

    def program(**v: Any) -> Any:
        return function({**values, **v})

    assert_matches_jax(text, program, used, rtol=1e-9)


ACTIVATIONS: list[tuple[str, Callable[[Any], Any]]] = [
    ("tanh", jnp.tanh), ("sigmoid", jax.nn.sigmoid), ("relu", jax.nn.relu), ("exp", jnp.exp), ("sin", jnp.sin),
]
LOSSES: list[tuple[str, Callable[[Any, Any, int], Any]]] = [  # of s = V @ h, the hidden h, and a label
    ("sum(s)", lambda s, h, label: jnp.sum(s)),
    ("mean(s^2)", lambda s, h, label: jnp.mean(s**2)),
    ("norm(s)", lambda s, h, label: jnp.linalg.norm(s)),
    ("cross_entropy(s, {label})", lambda s, h, label: _cross_entropy(s, label)),
    ("-log(softmax(s)[{label}])", lambda s, h, label: -jnp.log(jax.nn.softmax(s)[label])),
    ("dot(s, s)", lambda s, h, label: jnp.dot(s, s)),
    ("sum(outer(s, h))", lambda s, h, label: jnp.sum(jnp.outer(s, h))),
]


@pytest.mark.parametrize("seed", range(16))
def test_a_random_two_layer_array_program_matches_jax(seed: int) -> None:
    rng = random.Random(1000 + seed)
    np_rng = np.random.default_rng(seed)
    m, n, k = rng.randint(1, 4), rng.randint(1, 4), rng.randint(2, 4)
    activation_name, activation = rng.choice(ACTIVATIONS)
    loss_text, loss = rng.choice(LOSSES)
    transposed = rng.random() < 0.5
    label = rng.randrange(k)
    values = {"W": np_rng.uniform(-1, 1, (n, m) if transposed else (m, n)), "x": np_rng.uniform(-1, 1, n),
              "b": np_rng.uniform(-1, 1, m), "V": np_rng.uniform(-1, 1, (k, m))}
    weights = "W.T" if transposed else "W"
    source = f"h = {activation_name}({weights} @ x + b); s = V @ h; L = {loss_text.format(label=label)}"

    def program(W, x, b, V):
        h = activation((W.T if transposed else W) @ x + b)
        return loss(V @ h, h, label)

    assert_matches_jax(source, program, values, rtol=1e-9)


@pytest.mark.parametrize(("x", "y"), [(2.5, 1.0), ([2.5, 0.5, 3.0], [1.0, 1.0, 2.0])], ids=["floats", "arrays"])
def test_a_power_at_exponent_one_matches_jax(x: Any, y: Any) -> None:
    """d/da a^b at b = 1 is 1 (the rows special-case b == 1): on floats and on numpy arrays."""
    source = "f = sum(x ^ y)" if isinstance(x, list) else "f = x ^ y"
    assert_matches_jax(source, lambda x, y: jnp.sum(x**y), {"x": np.asarray(x), "y": np.asarray(y)} if isinstance(x, list)
                       else {"x": x, "y": y})
