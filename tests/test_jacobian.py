"""--jacobian: each array gate's local Jacobian, against the lecture's numbers, finite
differences and JAX (jax.jacobian of functions this test writes from the mathematics)."""

from __future__ import annotations

import json
import time
from importlib import resources

import numpy as np
import pytest

import bpcalc
from bpcalc.engine.jacobian import DIAGONAL, JACOBIAN_ENTRIES, gate_jacobians

X = [[2, 1, -3], [-3, 4, 2]]
W = [[3, 2, 1, -1], [2, 1, 3, 2], [3, 2, 1, -2]]
DY = [[2, 3, -3, 9], [-8, 1, 4, 6]]
DX = [[0, 16, -9], [-24, 9, -30]]
DW = [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]
SCHEMA = json.loads(resources.files("bpcalc").joinpath("schema/eval.schema.json").read_text())


def jacobians(source: str, values: dict, upstream=None) -> dict[tuple[str, str], object]:
    result = bpcalc.evaluate(source, values, upstream=upstream, check=False)
    graph = result.trace.graph
    return {(graph.label(j.gate), graph.label(j.input)): j for j in gate_jacobians(result.trace)}


def centred_jacobian(function, value: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """d function / d value by centred differences, rows over the output's entries (row-major)."""
    value = np.asarray(value, dtype=float)
    columns = []
    for index in np.ndindex(value.shape):
        up, down = value.copy(), value.copy()
        up[index] += step
        down[index] -= step
        columns.append((np.ravel(function(up)) - np.ravel(function(down))) / (2 * step))
    return np.stack(columns, axis=1)


def test_relu_jacobian_is_the_lectures_diagonal() -> None:
    found = jacobians("y = relu(x)", {"x": [1, -2, 3, -1]}, upstream=[4, -1, 5, 9])[("y", "x")]
    assert found.structure == DIAGONAL
    np.testing.assert_array_equal(found.matrix, np.diag([1, 0, 1, 0]))
    np.testing.assert_array_equal(found.downstream, [4, 0, 5, 0])


def test_matmul_jacobians_times_the_upstream_give_the_published_gradients() -> None:
    found = jacobians("y = x @ w", {"x": X, "w": W}, upstream=DY)
    np.testing.assert_array_equal(found[("y", "x")].downstream, DX)
    np.testing.assert_array_equal(found[("y", "w")].downstream, DW)
    assert found[("y", "x")].matrix.shape == (8, 6) and found[("y", "w")].matrix.shape == (8, 12)


def test_matmul_jacobians_agree_with_finite_differences() -> None:
    found = jacobians("y = x @ w", {"x": X, "w": W}, upstream=DY)
    x, w = np.array(X, dtype=float), np.array(W, dtype=float)
    np.testing.assert_allclose(found[("y", "x")].matrix, centred_jacobian(lambda v: v @ w, x), atol=1e-8)
    np.testing.assert_allclose(found[("y", "w")].matrix, centred_jacobian(lambda v: x @ v, w), atol=1e-8)


def test_norm_example_jacobians_agree_with_jax() -> None:
    jax = pytest.importorskip("jax", reason="JAX (the independent autodiff reference) is not installed")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    w = np.array([[0.1, 0.5], [-0.3, 0.8]])
    x = np.array([0.2, 0.4])
    found = jacobians("q = W @ x; f = sum(q * q)", {"W": w, "x": x})
    np.testing.assert_allclose(found[("q", "W")].matrix, np.asarray(jax.jacobian(lambda v: v @ x)(w)).reshape(2, 4),
                               rtol=1e-12)
    np.testing.assert_allclose(found[("q", "x")].matrix, np.asarray(jax.jacobian(lambda v: w @ v)(x)), rtol=1e-12)
    q = w @ x
    product = next(j for key, j in found.items() if key[1] == "q" and j.output_shape == (2,))
    np.testing.assert_allclose(product.matrix, np.asarray(jax.jacobian(lambda v: v * jnp.asarray(q))(q)), rtol=1e-12)
    # downstream = upstream · Jacobian: df/dW = 2 q x^T, df/dx = 2 W^T q (the primer's numbers)
    np.testing.assert_allclose(found[("q", "W")].downstream, [[0.088, 0.176], [0.104, 0.208]], rtol=1e-12)
    np.testing.assert_allclose(found[("q", "x")].downstream, [-0.112, 0.636], rtol=1e-12)


def test_two_layer_network_jacobians_agree_with_jax() -> None:
    jax = pytest.importorskip("jax", reason="JAX (the independent autodiff reference) is not installed")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    rng = np.random.default_rng(5)
    w1, x, b1 = rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=4)
    w2, b2 = rng.normal(size=(2, 4)), rng.normal(size=2)
    dout = rng.normal(size=2)
    found = jacobians("z = W1 @ x; a = z + b1; h = max(0, a); p = W2 @ h; s = p + b2",
                      {"W1": w1, "x": x, "b1": b1, "W2": w2, "b2": b2}, upstream=dout)
    a = w1 @ x + b1
    h = np.maximum(0, a)
    expected = {
        ("z", "W1"): jax.jacobian(lambda v: v @ x)(w1).reshape(4, 12),
        ("z", "x"): jax.jacobian(lambda v: w1 @ v)(x),
        ("a", "z"): jax.jacobian(lambda v: v + b1)(w1 @ x),
        ("a", "b1"): jax.jacobian(lambda v: w1 @ x + v)(b1),
        ("h", "a"): jax.jacobian(lambda v: jnp.maximum(0, v))(a),
        ("p", "W2"): jax.jacobian(lambda v: v @ h)(w2).reshape(2, 8),
        ("p", "h"): jax.jacobian(lambda v: w2 @ v)(h),
        ("s", "p"): jax.jacobian(lambda v: v + b2)(w2 @ h),
        ("s", "b2"): jax.jacobian(lambda v: w2 @ h + v)(b2),
    }
    assert set(expected) == set(found)
    for key, matrix in expected.items():
        np.testing.assert_allclose(found[key].matrix, np.asarray(matrix), rtol=1e-12, atol=1e-15, err_msg=str(key))
    # and the chain: the input gradients are those JAX's vjp gives for the same upstream
    def network(W1, x, b1, W2, b2):
        return W2 @ jnp.maximum(0, W1 @ x + b1) + b2

    _, pullback = jax.vjp(network, w1, x, b1, w2, b2)
    for (gate, name), grad in zip([("z", "W1"), ("z", "x"), ("a", "b1"), ("p", "W2"), ("s", "b2")],
                                  [pullback(dout)[k] for k in (0, 1, 2, 3, 4)]):
        np.testing.assert_allclose(found[(gate, name)].downstream, np.asarray(grad), rtol=1e-10, err_msg=name)


def test_a_broadcast_input_has_one_entry_per_row() -> None:
    found = jacobians("y = x * c", {"x": [1.0, 2.0, 3.0], "c": 2.5}, upstream=[1, 1, 1])
    np.testing.assert_array_equal(found[("y", "c")].matrix, [[1.0], [2.0], [3.0]])
    np.testing.assert_array_equal(found[("y", "x")].matrix, np.diag([2.5, 2.5, 2.5]))


def test_past_the_limit_the_size_and_nonzeros_are_stated_not_formed() -> None:
    x = np.random.default_rng(0).normal(size=4096)
    found = jacobians("relu(x)", {"x": x}, upstream=np.ones(4096))
    (only,) = found.values()
    assert not only.formed and only.matrix is None
    assert (only.rows, only.columns) == (4096, 4096) and only.nonzero == int(np.sum(x > 0))


def test_the_limit_is_64_by_64() -> None:
    assert JACOBIAN_ENTRIES == 4096
    at_limit = jacobians("relu(x)", {"x": np.arange(1.0, 65.0)}, upstream=np.ones(64))
    assert next(iter(at_limit.values())).formed
    past = jacobians("relu(x)", {"x": np.arange(1.0, 66.0)}, upstream=np.ones(65))
    assert not next(iter(past.values())).formed


def test_cli_past_the_limit_gives_the_size_message(run_cli, tmp_path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(list(range(1, 4097))))
    ones = tmp_path / "g.json"
    ones.write_text(json.dumps([1] * 4096))
    started = time.perf_counter()
    done = run_cli("eval", "relu(x)", f"--x=@{path}", f"--upstream=@{ones}", "--jacobian", "--no-check")
    assert time.perf_counter() - started < 20  # no hang: nothing of 4096 x 4096 is built
    assert done.exit_code == 0, done.stderr
    assert "∂n1/∂x: 4096 × 4096, 4096 nonzero entries: never formed" in done.stdout


def test_large_matmul_nonzeros_are_counted_or_the_size_alone_is_said(run_cli) -> None:
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(64, 64)), rng.normal(size=(64, 64))
    found = jacobians("x @ w", {"x": x, "w": w}, upstream=np.ones((64, 64)))
    for jac in found.values():
        assert not jac.formed and jac.entries == 4096 * 4096 and jac.nonzero is None


def test_a_relu_of_4096_entries_with_an_upstream_builds_no_jacobian(monkeypatch) -> None:
    import bpcalc.engine.jacobian as module

    def refuse(*args, **kwargs):
        raise AssertionError("a Jacobian was built without --jacobian")

    monkeypatch.setattr(module, "gate_jacobians", refuse)
    monkeypatch.setattr(module, "_by_basis", refuse)
    x = np.random.default_rng(2).normal(size=4096)
    started = time.perf_counter()
    result = bpcalc.evaluate("max(0, x)", {"x": x}, upstream=np.ones(4096), check=False)
    elapsed = time.perf_counter() - started
    np.testing.assert_array_equal(result.gradients["x"], (x > 0).astype(float))
    assert elapsed < 0.5  # milliseconds on an idle machine (benchmarks/run.py measures it)


def test_eval_table_shows_the_matrix_and_the_product(run_cli) -> None:
    done = run_cli("eval", "y = relu(x)", "--x=[1, -2, 3, -1]", "--upstream", "[4, -1, 5, 9]", "--jacobian")
    assert done.exit_code == 0, done.stderr
    assert "∂y/∂x is 4 × 4 (diagonal: an elementwise gate)" in done.stdout
    assert ("∂y/∂x = [[1, 0, 0, 0],\n"
            "             [0, 0, 0, 0],\n"
            "             [0, 0, 1, 0],\n"
            "             [0, 0, 0, 0]]") in done.stdout
    assert "dL/dx = dL/dy · ∂y/∂x = [4, -1, 5, 9] · ∂y/∂x = [4, 0, 5, 0]" in done.stdout


def test_eval_json_holds_the_jacobians_and_validates(run_cli) -> None:
    import jsonschema

    done = run_cli("eval", "y = x @ w", f"--x={X}", f"--w={W}", "--upstream", json.dumps(DY), "--jacobian", "--json")
    doc = json.loads(done.stdout)
    jsonschema.validate(doc, SCHEMA)
    by_input = {entry["input_label"]: entry for entry in doc["jacobians"]}
    assert by_input["x"]["downstream"] == DX and by_input["w"]["downstream"] == DW
    assert by_input["x"]["rows"] == 8 and by_input["x"]["columns"] == 6 and by_input["x"]["formed"]
    x, w = np.array(X, dtype=float), np.array(W, dtype=float)
    np.testing.assert_allclose(by_input["w"]["matrix"], centred_jacobian(lambda v: x @ v, w), atol=1e-8)


def test_eval_json_has_no_jacobians_without_the_flag(run_cli) -> None:
    doc = json.loads(run_cli("eval", "y = relu(x)", "--x=[1, -2]", "--upstream", "[1, 1]", "--json").stdout)
    assert "jacobians" not in doc


def test_explain_shows_the_jacobian_of_the_matmul(run_cli) -> None:
    done = run_cli("explain", "y = x @ w", f"--x={X}", f"--w={W}", "--upstream", json.dumps(DY), "--jacobian")
    assert done.exit_code == 0, done.stderr
    assert "∂y/∂x is 8 × 6" in done.stdout and "(a matrix of matrices of shape (2, 4, 2, 3))" in done.stdout
    assert ("vec(dL/dx) = vec(dL/dy) · ∂y/∂x = [2, 3, -3, 9, -8, 1, 4, 6] · ∂y/∂x = [0, 16, -9, -24, 9, -30], "
            "reshaped to (2, 3): dL/dx = [[0, 16, -9], [-24, 9, -30]]") in done.stdout


def test_explain_json_and_korean_carry_the_jacobians(run_cli) -> None:
    doc = json.loads(run_cli("explain", "y = relu(x)", "--x=[1, -2, 3, -1]", "--upstream", "[4, -1, 5, 9]",
                             "--jacobian", "--format", "json").stdout)
    assert doc["jacobians"][0]["matrix"] == np.diag([1, 0, 1, 0]).tolist()
    ko = run_cli("explain", "y = relu(x)", "--x=[1, -2, 3, -1]", "--upstream", "[4, -1, 5, 9]", "--jacobian",
                 "--lang", "ko").stdout
    assert "대각 행렬" in ko


def test_jacobian_of_a_scalar_program_says_there_is_no_array_gate(run_cli) -> None:
    done = run_cli("eval", "x * y", "--x=2", "--y=3", "--jacobian")
    assert done.exit_code == 0 and "no array gate" in done.stdout


def test_jacobian_with_latex_is_refused_clearly(run_cli) -> None:
    done = run_cli("eval", "x * y", "--x=2", "--y=3", "--jacobian", "--format", "latex")
    assert done.exit_code == 2 and "--jacobian" in done.stderr


def test_jacobian_on_graph_points_to_eval(run_cli) -> None:
    done = run_cli("graph", "relu(x)", "--x=[1, 2]", "--upstream", "[1, 1]", "--jacobian")
    assert done.exit_code == 2 and "eval has --jacobian" in done.stderr


@pytest.mark.parametrize("command", ["eval", "explain"])
def test_markdown_puts_the_jacobians_in_a_fenced_block(run_cli, command: str) -> None:
    done = run_cli(command, "y = relu(x)", "--x=[1, -2, 3, -1]", "--upstream", "[4, -1, 5, 9]", "--jacobian",
                   "--format", "markdown")
    assert done.exit_code == 0, done.stderr
    block = done.stdout.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert "∂y/∂x = [[1, 0, 0, 0]," in block and "dL/dx = dL/dy · ∂y/∂x = [4, -1, 5, 9] · ∂y/∂x = [4, 0, 5, 0]" in block


def test_tree_is_followed_by_the_jacobians(run_cli) -> None:
    done = run_cli("eval", "y = relu(x)", "--x=[1, -2, 3, -1]", "--upstream", "[4, -1, 5, 9]", "--jacobian", "--tree")
    assert done.exit_code == 0 and "∂y/∂x is 4 × 4 (diagonal: an elementwise gate)" in done.stdout
