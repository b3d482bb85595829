"""The array examples against published numbers (the primer, CS231n); against JAX autodiff in
tests/test_autodiff_jax.py."""

from __future__ import annotations

import numpy as np
import pytest

from bpcalc import evaluate
from tests.conftest import ROOT


def run_example(name: str):
    return evaluate((ROOT / "examples" / name).read_text())


def test_matrix_norm_matches_the_primer() -> None:
    result = run_example("matrix_norm.bp")
    assert result.value == pytest.approx(0.116)
    np.testing.assert_allclose(result.trace.values[result.trace.graph.find("q")], [0.22, 0.26])
    np.testing.assert_allclose(result.trace.gradient("q"), [0.44, 0.52])
    np.testing.assert_allclose(result.gradients["W"], [[0.088, 0.176], [0.104, 0.208]])
    np.testing.assert_allclose(result.gradients["x"], [-0.112, 0.636])
    assert result.check.passed
    assert "sympy-elements" in result.check.methods


def test_relu_vector_routes_the_gradient_where_x_is_positive() -> None:
    result = run_example("relu_vector.bp")
    assert result.value == 6.5
    np.testing.assert_array_equal(result.gradients["x"], [0.5, 0, 2, 0])
    np.testing.assert_array_equal(result.gradients["w"], [1, 0, 3, 0])
    relu = result.trace.graph.find("h")
    np.testing.assert_array_equal(result.trace.locals[relu][0], [1, 0, 1, 0])


def test_softmax_loss_matches_cs231n() -> None:
    result = run_example("softmax_loss.bp")
    assert result.value == pytest.approx(2.04, abs=5e-3)
    np.testing.assert_allclose(result.trace.values[result.trace.graph.find("p")], [0.13, 0.87, 0.0], atol=5e-3)
    assert result.gradients["y"] is None, "a class label gets no gradient"
    assert result.check.passed


def test_softmax_loss_gradient_is_p_minus_onehot() -> None:
    result = run_example("softmax_loss.bp")
    s = np.array([3.2, 5.1, -1.7])
    p = np.exp(s) / np.exp(s).sum()
    np.testing.assert_allclose(result.gradients["s"], p - [1, 0, 0], rtol=1e-12)


def test_svm_loss_matches_cs231n() -> None:
    result = run_example("svm_loss.bp")
    assert result.value == pytest.approx((2.9 + 0 + 12.9) / 3)
    np.testing.assert_allclose(result.gradients["S"], np.array([[-1, 1, 0], [0, 0, 0], [1, 1, -2]]) / 3)
    assert result.check.passed


def test_two_layer_net_matches_numpy_by_hand() -> None:
    result = run_example("two_layer_net.bp")
    assert result.value == pytest.approx(0.955509211647004, rel=1e-12)
    np.testing.assert_allclose(result.gradients["b2"], [0.61538376, -0.61538376], rtol=1e-7)
    np.testing.assert_allclose(result.gradients["b1"], [-0.18461513, 0.30769188, 0], rtol=1e-7)
    np.testing.assert_allclose(result.gradients["x"], [0.07384605, 0.15999978], rtol=1e-7)
    assert result.check.passed
