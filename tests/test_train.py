"""`bpcalc train` and bpcalc.teach.train against published numbers and independent references:
Mazur's worked 2-2-2 example, JAX gradients with a hand-written SGD loop for a matrix net,
a NumPy logistic regression written out by hand, and optax for momentum and Adam."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bpcalc.teach.train import Settings, train
from tests.conftest import ROOT

MAZUR = (ROOT / "examples" / "mazur_2_2_2.bp").read_text()
MAZUR_WEIGHTS = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"]
# Mazur, "A Step by Step Backpropagation Example" (2015): the weights after the first update,
# to the digits he prints.
MAZUR_UPDATED = {
    "w1": "0.149780716", "w2": "0.19956143", "w3": "0.24975114", "w4": "0.29950229",
    "w5": "0.35891648", "w6": "0.408666186", "w7": "0.511301270", "w8": "0.561370121",
}

TWO_LAYER = "h = sigmoid(W1 @ x + b1); s = W2 @ h + b2; L = 0.5 * sum((s - t)^2)"
TWO_LAYER_VALUES = {
    "W1": [[0.1, 0.2], [0.3, -0.4], [0.5, 0.1]], "x": [1.0, 2.0], "b1": [0.1, -0.1, 0.2],
    "W2": [[0.2, 0.1, -0.3], [0.5, -0.4, 0.1]], "b2": [0.0, 0.1], "t": [1.0, 0.0],
}
TWO_LAYER_PARAMS = ["W1", "b1", "W2", "b2"]


def _printed_digits(value: float, printed: str) -> bool:
    """value rounds to `printed` at the number of decimals printed."""
    decimals = len(printed.split(".")[1])
    return round(value, decimals) == pytest.approx(float(printed), abs=10 ** -(decimals + 3))


def test_mazur_total_error_before_the_update_is_his() -> None:
    run = train(MAZUR, {}, MAZUR_WEIGHTS, Settings(0.5), 1)
    assert round(run.steps[0].loss, 9) == 0.298371109


def test_mazur_weights_after_the_update_match_his_printed_digits() -> None:
    run = train(MAZUR, {}, MAZUR_WEIGHTS, Settings(0.5), 1)
    for name, printed in MAZUR_UPDATED.items():
        assert _printed_digits(run.params[name], printed), (name, run.params[name], printed)


def test_mazur_error_after_the_update_is_the_exact_figure_not_his_rounded_one() -> None:
    run = train(MAZUR, {}, MAZUR_WEIGHTS, Settings(0.5), 1)
    assert round(run.steps[1].loss, 8) == 0.29102777  # his post prints 0.291027924 (rounded intermediates)


def test_mazur_biases_stay_fixed_when_not_named() -> None:
    run = train(MAZUR, {}, MAZUR_WEIGHTS, Settings(0.5), 3)
    assert "b1" not in run.params and "b2" not in run.params
    assert all(set(step.params) == set(MAZUR_WEIGHTS) for step in run.steps)


@pytest.fixture(scope="module")
def jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    return jax


def _jax_two_layer_loss(jax):
    jnp = jax.numpy

    def loss(params, x, t):
        W1, b1, W2, b2 = params
        h = jax.nn.sigmoid(W1 @ x + b1)
        s = W2 @ h + b2
        return 0.5 * jnp.sum((s - t) ** 2)

    return loss


def test_two_layer_matrix_net_matches_jax_sgd_step_by_step(jax) -> None:
    jnp = jax.numpy
    loss = _jax_two_layer_loss(jax)
    params = [jnp.array(TWO_LAYER_VALUES[name]) for name in TWO_LAYER_PARAMS]
    x, t = jnp.array(TWO_LAYER_VALUES["x"]), jnp.array(TWO_LAYER_VALUES["t"])
    expected_losses = []
    for _ in range(6):
        value, grads = jax.value_and_grad(loss)(params, x, t)
        expected_losses.append(float(value))
        params = [p - 0.5 * g for p, g in zip(params, grads)]
    expected_losses.append(float(loss(params, x, t)))

    run = train(TWO_LAYER, TWO_LAYER_VALUES, TWO_LAYER_PARAMS, Settings(0.5), 6)
    assert [step.loss for step in run.steps] == pytest.approx(expected_losses, rel=1e-12)
    for name, expected in zip(TWO_LAYER_PARAMS, params):
        np.testing.assert_allclose(run.params[name], np.asarray(expected), rtol=1e-12)
    assert expected_losses[-1] < expected_losses[0]


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_momentum_and_adam_match_optax(jax, optimizer: str) -> None:
    optax = pytest.importorskip("optax")
    loss = _jax_two_layer_loss(jax)
    jnp = jax.numpy
    params = [jnp.array(TWO_LAYER_VALUES[name]) for name in TWO_LAYER_PARAMS]
    x, t = jnp.array(TWO_LAYER_VALUES["x"]), jnp.array(TWO_LAYER_VALUES["t"])
    rule = optax.sgd(0.1, momentum=0.9) if optimizer == "momentum" else optax.adam(0.05, b1=0.9, b2=0.999, eps=1e-8)
    state = rule.init(params)
    expected_losses = []
    for _ in range(8):
        value, grads = jax.value_and_grad(loss)(params, x, t)
        expected_losses.append(float(value))
        updates, state = rule.update(grads, state, params)
        params = optax.apply_updates(params, updates)
    expected_losses.append(float(loss(params, x, t)))

    lr = 0.1 if optimizer == "momentum" else 0.05
    run = train(TWO_LAYER, TWO_LAYER_VALUES, TWO_LAYER_PARAMS, Settings(lr, optimizer), 8)
    assert [step.loss for step in run.steps] == pytest.approx(expected_losses, rel=1e-9)
    for name, expected in zip(TWO_LAYER_PARAMS, params):
        np.testing.assert_allclose(run.params[name], np.asarray(expected), rtol=1e-9, atol=1e-12)


LOGISTIC = "p = sigmoid(X @ w + b); L = mean(-(y * log(p) + (1 - y) * log(1 - p)))"


def test_logistic_regression_loss_matches_a_numpy_fit_step_by_step() -> None:
    X = np.array([[0.5, 1.5], [1.0, -0.5], [-1.5, 0.3], [2.0, 1.0], [-0.7, -1.2]])
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.0])
    w, b, lr = np.array([0.1, -0.2]), 0.0, 0.3
    expected = []
    for _ in range(11):  # the textbook gradient of the mean cross-entropy: X^T (p - y) / n
        p = 1 / (1 + np.exp(-(X @ w + b)))
        expected.append(float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))))
        w, b = w - lr * X.T @ (p - y) / len(y), b - lr * float(np.mean(p - y))

    run = train(LOGISTIC, {"X": X.tolist(), "y": y.tolist(), "w": [0.1, -0.2], "b": 0.0}, ["w", "b"], Settings(lr), 10)
    assert [step.loss for step in run.steps] == pytest.approx(expected, rel=1e-12)
    assert expected[-1] < expected[0]


def test_step_zero_is_the_loss_before_any_update() -> None:
    run = train("(w * x - y)^2", {"w": 0.0, "x": 2.0, "y": 4.0}, ["w"], Settings(0.05), 2)
    assert [step.step for step in run.steps] == [0, 1, 2]
    assert run.steps[0].loss == 16.0 and run.steps[0].params == {"w": 0.0}
    # dL/dw = 2 (w x - y) x = -16 at w = 0: w = 0.8, then L = (1.6 - 4)^2 = 5.76
    assert run.steps[1].params["w"] == pytest.approx(0.8)
    assert run.steps[1].loss == pytest.approx(5.76)


def _train_cli(run_cli, *args: str):
    return run_cli("train", "-f", str(ROOT / "examples" / "mazur_2_2_2.bp"), *args)


def test_cli_json_has_the_documented_structure(run_cli) -> None:
    done = _train_cli(run_cli, "--params", ",".join(MAZUR_WEIGHTS), "--lr", "0.5", "--steps", "2", "--json")
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert list(doc) == ["steps", "params"]
    assert [s["step"] for s in doc["steps"]] == [0, 1, 2]
    assert all(list(s) == ["step", "loss", "params"] for s in doc["steps"])
    assert round(doc["steps"][0]["loss"], 9) == 0.298371109
    assert doc["steps"][0]["params"]["w5"] == 0.4
    assert _printed_digits(doc["steps"][1]["params"]["w5"], "0.35891648")
    assert doc["params"] == doc["steps"][2]["params"]


def test_cli_table_shows_loss_before_and_after(run_cli) -> None:
    done = _train_cli(run_cli, "--params", "w5,w1", "--lr", "0.5", "--precision", "9")
    assert done.exit_code == 0, done.output
    assert "0.298371109 →" in done.stdout
    last_row = next(line for line in done.stdout.splitlines() if line.startswith("│    1 │"))
    assert last_row.split("│")[3:5] == [" 0.35891648 ", " 0.149780716 "]  # columns as --params names them


def test_cli_table_lists_trained_arrays_after_it(run_cli) -> None:
    done = run_cli("train", TWO_LAYER, *(f"--{k}={json.dumps(v)}" for k, v in TWO_LAYER_VALUES.items()),
                   "--params", "b2", "--lr", "0.5", "--steps", "1")
    assert done.exit_code == 0, done.output
    assert "array 2" in done.stdout
    assert "trained arrays:" in done.stdout and "  b2 = [" in done.stdout


def test_cli_unknown_param_has_a_caret_and_a_suggestion(run_cli) -> None:
    done = _train_cli(run_cli, "--params", "w1,ww5", "--lr", "0.5")
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    assert "'ww5' is no input of the program" in lines[0]
    assert lines[1:3] == ["  --params w1,ww5", "              ^^^"]
    assert "did you mean 'w5'?" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_array_output_is_refused_as_a_loss(run_cli) -> None:
    done = run_cli("train", "w * x", "--w=[1, 2]", "--x=3", "--params", "w", "--lr", "0.1")
    assert done.exit_code == 2
    assert "gradients need a scalar output" in done.stderr


def test_cli_plot_writes_an_svg_loss_curve(run_cli, tmp_path) -> None:
    import xml.etree.ElementTree as ET

    target = tmp_path / "loss.svg"
    done = _train_cli(run_cli, "--params", ",".join(MAZUR_WEIGHTS), "--lr", "0.5", "--steps", "5", "--plot", str(target))
    assert done.exit_code == 0, done.output
    root = ET.fromstring(target.read_text())
    curve = root.find("{http://www.w3.org/2000/svg}polyline")
    assert curve is not None
    ys = [float(pair.split(",")[1]) for pair in curve.get("points", "").split()]
    assert len(ys) == 6
    assert ys == sorted(ys)  # SVG y grows downwards: a falling loss is a rising y


def test_cli_save_writes_params_that_values_read_back(run_cli, tmp_path) -> None:
    saved = tmp_path / "params.json"
    done = run_cli("train", TWO_LAYER, *(f"--{k}={json.dumps(v)}" for k, v in TWO_LAYER_VALUES.items()),
                   "--params", "W1,b1,W2,b2", "--lr", "0.5", "--steps", "3", "--save", str(saved), "--json")
    assert done.exit_code == 0, done.output
    trained = json.loads(done.stdout)["params"]
    assert json.loads(saved.read_text()) == trained
    given = {k: v for k, v in TWO_LAYER_VALUES.items() if k not in trained}
    again = run_cli("train", TWO_LAYER, *(f"--{k}={json.dumps(v)}" for k, v in given.items()),
                    *(f"--{k}=@{saved}" for k in trained), "--params", "W1,b1,W2,b2", "--lr", "0.5", "--steps", "0",
                    "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["steps"][0]["loss"] == pytest.approx(json.loads(done.stdout)["steps"][3]["loss"])


def test_cli_ctrl_c_mid_run_exits_130_saying_how_far_it_got(run_cli, monkeypatch, tmp_path) -> None:
    from bpcalc.teach import train as train_module

    real_update = train_module.Optimizer.update

    def interrupted_on_the_third(self, params, grads):
        if self.count == 2:
            raise KeyboardInterrupt
        return real_update(self, params, grads)

    monkeypatch.setattr(train_module.Optimizer, "update", interrupted_on_the_third)
    saved = tmp_path / "params.json"
    done = run_cli("train", "(w*x - y)^2", "--w=0", "--x=2", "--y=4", "--params", "w", "--lr", "0.05", "--steps", "10",
                   "--save", str(saved))
    assert done.exit_code == 130
    assert "interrupted after 2 of 10 steps; nothing written" in done.stderr
    assert not saved.exists()
