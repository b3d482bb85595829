"""Every command of issue 13, section 2 exits 0 with the verdict it deserves.

Expected numbers come from hand calculus (d/dx of x^y is y x^(y-1)), published closed forms
((1 - cos x)/x^2 = 1/2 - x^2/24 + ..., so its derivative at x = 1e-8 is -x/12) and numpy.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from bpcalc.api import evaluate


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bpcalc", "eval", *args], capture_output=True, text=True, timeout=120)


def _verdicts(result: object) -> dict[str, str]:
    graph = result.trace.graph  # type: ignore[attr-defined]
    return {graph.label(i): node.verdict for i, node in enumerate(result.check.nodes)}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("source", "dx"), [("x^-1", -0.25), ("x^-2", 0.25), ("pow(x, -1)", -0.25), ("x⁻¹", -0.25)])
def test_a_constant_exponent_of_a_negative_base_gets_no_verdict_and_no_false_alarm(source: str, dx: float) -> None:
    result = evaluate(source, x=-2)  # d/dx x^n = n x^(n-1): -1/4 and 2/8
    assert result.check.passed
    assert result.check.counts() == {"ok": 2}  # x and the x^n gate; the constant n is a parameter of the gate
    assert result.gradients["x"] == dx


def test_x_to_the_minus_one_at_minus_two_exits_0_with_every_gradient_agreeing() -> None:
    done = _eval("x^-1", "--x=-2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "check: all gradients agree (2 ok" in done.stdout
    assert "undefined" not in done.stdout  # the exponent -1 is inside the x⁻¹ gate: no row, no gradient
    assert done.stderr == ""


def test_x_to_the_y_at_a_negative_base_gives_the_value_and_dx_and_a_null_dy() -> None:
    done = _eval("x^y", "--x=-2", "--y=3", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["value"] == -8
    assert doc["gradients"] == {"x": 12, "y": None}  # d/dx = y x^(y-1) = 3 * 4
    verdicts = {node["label"]: node["check"]["verdict"] for node in doc["nodes"]}
    assert verdicts["x"] == "ok" and verdicts["y"] == "undefined"
    assert doc["check"]["passed"] is True


def test_x_to_the_y_at_a_negative_base_explains_the_missing_gradient_in_the_table() -> None:
    done = _eval("x^y", "--x=-2", "--y=3")
    assert done.returncode == 0, done.stderr
    assert "  dL/dy = —" in done.stdout  # the footer: no gradient to give
    assert "no real value" in done.stdout


def test_mean_squared_error_with_a_one_hot_target_passes() -> None:
    for p in ([0.2, 0.5, 0.3], [1.0, 0.5, 0.3]):  # a negative entry of p - t, then a zero entry
        result = evaluate("mean((p - t)^2)", p=p, t=[1, 0, 0])
        assert result.check.passed, _verdicts(result)
        expected = 2 * (np.array(p) - [1, 0, 0]) / 3
        assert np.allclose(result.gradients["p"], expected, rtol=1e-15)


def test_sum_of_squares_with_a_zero_entry_passes_and_a_constant_exponent_has_no_gradient() -> None:
    result = evaluate("sum(h^2)", h=[1.0, 0.0, 2.0])
    assert result.check.passed, _verdicts(result)
    exponent = result.trace.graph.args[result.trace.graph.args[result.trace.graph.output][0]][1]
    assert result.trace.grads[exponent] is None  # the 2 is a parameter of the x² gate


def test_an_input_exponent_at_a_zero_base_entry_has_its_limit_as_gradient() -> None:
    result = evaluate("sum(h^c)", h=[1.0, 0.0, 2.0], c=2)
    assert result.check.passed, _verdicts(result)
    # d/dc sum(h^c) at c = 2: sum h^2 log h, where 0^c log 0 -> 0: 4 log 2.
    assert result.gradients["c"] == pytest.approx(4 * math.log(2), rel=1e-15)
    assert _verdicts(result)["c"] == "ok"


def test_sum_of_squares_of_a_zero_matrix_product_passes() -> None:
    result = evaluate("sum((W@x)^2)", W=np.zeros((2, 3)), x=[1.0, 2.0, 3.0])
    assert result.check.passed, _verdicts(result)
    assert "mismatch" not in _verdicts(result).values()


def test_exact_agreement_of_sum_of_squares_at_mixed_magnitudes_is_not_overruled_by_differences() -> None:
    result = evaluate("sum(x^2)", x=[1000.0, 0.001])
    assert result.gradients["x"].tolist() == [2000.0, 0.002]
    assert result.check.passed
    assert _verdicts(result)["x"] == "ok"


def test_sum_of_squares_over_300000_mixed_magnitude_entries_passes() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=300_000) * np.where(rng.random(300_000) < 0.5, 1000.0, 0.001)
    result = evaluate("sum(x^2)", x=x)
    assert np.array_equal(result.gradients["x"], 2 * x)
    assert result.check.passed


def test_norm_of_a_cubed_1000_by_1000_matrix_passes_and_matches_numpy() -> None:
    rng = np.random.default_rng(1)
    W = rng.random((1000, 1000)) * 100
    result = evaluate("norm(W @ W @ W)", W=W)
    cube = W @ W @ W
    assert result.value == pytest.approx(np.linalg.norm(cube), rel=1e-13)
    assert result.check.passed, result.check.nodes[0]


def test_a_softmax_shifted_by_its_max_never_steps_out_of_the_log_and_prints_no_warning() -> None:
    done = _eval("p = softmax(s - max(s)); -log(p[0])", "--s=[123, 456, 789]", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""  # numpy's RuntimeWarning does not get out
    doc = json.loads(done.stdout)
    assert doc["check"]["passed"] is True
    s = np.array([123.0, 456.0, 789.0])
    p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
    assert doc["gradients"]["s"] == pytest.approx((p - [1, 0, 0]).tolist(), rel=1e-12)  # d(-log p0)/ds = p - e0


def test_differences_shrink_the_step_rather_than_push_a_tiny_softmax_entry_below_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    from bpcalc.checks import cross_check

    monkeypatch.setattr(cross_check, "ARRAY_SYMBOLIC_NODES", 0)  # the path of larger arrays: differences alone
    result = evaluate("p = softmax(s - max(s)); -log(p[0])", s=[123, 456, 789])
    assert result.check.passed, _verdicts(result)
    p_node = result.trace.graph.find("p")
    assert "step shrunk to stay in the domain" in result.check.nodes[p_node].method
    p0 = result.trace.values[p_node][0]  # about 5.8e-290: d(-log p0)/dp0 = -1/p0
    assert result.check.nodes[p_node].expected[0] == pytest.approx(-1 / p0, rel=1e-6)


def test_one_minus_cos_over_x_squared_at_1e_minus_8_is_ill_conditioned_not_a_mismatch() -> None:
    done = _eval("(1 - cos(x))/x^2", "--x=1e-8", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    x_node = next(node for node in doc["nodes"] if node["label"] == "x")
    assert x_node["check"]["verdict"] == "ill-conditioned"
    assert x_node["check"]["expected"] == pytest.approx(-1e-8 / 12, rel=1e-6)  # the exact derivative
    assert any("1 - cos" in note or "sub" in note for note in doc["check"]["notes"])


def test_a_scaled_saturated_sigmoid_is_ill_conditioned_not_a_mismatch() -> None:
    result = evaluate("1e18 * sigmoid(x)", x=40)
    assert result.check.passed
    assert _verdicts(result)["x"] == "ill-conditioned"
    exact = 1e18 * math.exp(-40) / (1 + math.exp(-40)) ** 2
    assert result.check.nodes[result.trace.graph.variables["x"]].expected == pytest.approx(exact, rel=1e-12)
    assert "ill-conditioned" in result.check.headline


def test_a_wrong_looking_but_right_gradient_still_fails_when_it_is_truly_wrong() -> None:
    # The verdicts above must not blunt the check: a wrong SymPy-exact disagreement that float64
    # cannot explain stays a mismatch (here a local rule patched to be off by 1%).
    from dataclasses import replace

    from bpcalc import ops

    original = ops.REGISTRY["tanh"]
    ops.REGISTRY["tanh"] = replace(original, local=lambda out, a: (1.01 * (1 - out * out),))
    try:
        result = evaluate("tanh(x * y)", x=0.3, y=0.7)
    finally:
        ops.REGISTRY["tanh"] = original
    assert not result.check.passed
    assert "mismatch" in _verdicts(result).values()


@pytest.mark.parametrize("args", [["x^y", "--x=-2", "--y=3"], ["(1 - cos(x))/x^2", "--x=1e-8"]])
def test_json_with_the_new_verdicts_validates_against_the_published_schema(args: list[str]) -> None:
    import jsonschema

    from tests.conftest import ROOT

    schema = json.loads((ROOT / "bpcalc" / "schema" / "eval.schema.json").read_text(encoding="utf-8"))
    done = _eval(*args, "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    jsonschema.validate(doc, schema)
    assert {node["check"]["verdict"] for node in doc["nodes"]} & {"undefined", "ill-conditioned"}


def test_a_sum_near_the_largest_float_is_checked_without_an_overflow_traceback() -> None:
    # The rounding bound sums |value x gradient| over nodes: 1e308 + 1e308 overflows fsum.
    from bpcalc import evaluate

    result = evaluate("1e308 + x + 0²", {"x": 1.0})
    assert result.value == 1e308
    assert result.grad["x"] == 1.0
    assert result.check.passed
