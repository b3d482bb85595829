"""softmax and log_softmax along any axis, cross_entropy with soft labels and svm_loss with a
margin delta, against JAX and centred finite differences written here from the formulas."""

from __future__ import annotations

import numpy as np
import pytest

from bpcalc import evaluate
from bpcalc.errors import BpcalcError
from tests.test_forms_shapes import assert_gradients, jax, jnp

S = np.array([[0.2, -1.3, 0.7, 2.1], [1.5, 0.3, -0.4, -2.2], [0.0, 0.9, -1.1, 0.6]])
W = np.random.default_rng(7).normal(size=S.shape)


def np_softmax(s: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(s - np.max(s, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_softmax_along_any_axis(axis: int) -> None:
    assert_gradients(f"sum(softmax(s, axis={axis}) * w)", lambda s, w: jnp.sum(jax.nn.softmax(s, axis=axis) * w),
                     lambda s, w: float(np.sum(np_softmax(s, axis) * w)), {"s": S, "w": W})


@pytest.mark.parametrize("axis", [0, 1])
def test_log_softmax_along_any_axis(axis: int) -> None:
    assert_gradients(f"sum(log_softmax(s, axis={axis}) * w)", lambda s, w: jnp.sum(jax.nn.log_softmax(s, axis=axis) * w),
                     lambda s, w: float(np.sum(np.log(np_softmax(s, axis)) * w)), {"s": S, "w": W})


def test_softmax_without_an_axis_is_still_along_the_last() -> None:
    plain = evaluate("sum(softmax(s) * w)", s=S, w=W, check=False)
    np.testing.assert_allclose(plain.grad["s"], evaluate("sum(softmax(s, axis=1) * w)", s=S, w=W, check=False).grad["s"])
    assert float(plain.value) == pytest.approx(float(np.sum(np_softmax(S, 1) * W)))


SOFT = np.array([[0.1, 0.2, 0.3, 0.4], [1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])


def test_cross_entropy_takes_soft_labels() -> None:
    written = "[[0.1, 0.2, 0.3, 0.4], [1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]]"
    assert_gradients(f"cross_entropy(s, {written})", lambda s: -jnp.sum(SOFT * jax.nn.log_softmax(s, axis=1)) / 3,
                     lambda s: float(-np.sum(SOFT * np.log(np_softmax(s, 1))) / 3), {"s": S})


def test_a_soft_target_given_as_an_input_receives_no_gradient() -> None:
    result = evaluate("cross_entropy(s, p)", s=S, p=SOFT, check=False)
    assert result.grad["p"] is None, "the target is static"
    np.testing.assert_allclose(result.grad["s"], (np_softmax(S, 1) - SOFT) / 3, rtol=1e-12)


def test_one_hot_soft_labels_equal_the_integer_labels() -> None:
    onehot = np.eye(4)[[3, 0, 1]]
    soft = evaluate("cross_entropy(s, p)", s=S, p=onehot, check=False)
    hard = evaluate("cross_entropy(s, [3, 0, 1])", s=S, check=False)
    assert float(soft.value) == pytest.approx(float(hard.value), rel=1e-14)
    np.testing.assert_allclose(soft.grad["s"], hard.grad["s"], rtol=1e-14)


def test_soft_labels_of_one_vector_of_scores() -> None:
    p = np.array([0.5, 0.5, 0.0, 0.0])
    assert_gradients("cross_entropy(s, [0.5, 0.5, 0, 0])", lambda s: -jnp.sum(p * jax.nn.log_softmax(s)),
                     lambda s: float(-np.sum(p * np.log(np_softmax(s, 0)))), {"s": S[0]})


def test_cross_entropy_with_soft_labels_passes_the_cross_check() -> None:
    result = evaluate("cross_entropy(s, [[0.2, 0.8], [0.5, 0.5]])", s=np.array([[0.3, -0.2], [1.0, 0.4]]))
    assert result.check.passed, result.check.headline


@pytest.mark.parametrize("target", ["[[0.5, 0.6, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]]",
                                    "[[1.5, -0.5, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]]"])
def test_soft_labels_that_are_not_probabilities_are_refused(target: str) -> None:
    with pytest.raises(BpcalcError) as caught:
        evaluate(f"cross_entropy(s, {target})", s=S)
    assert "must be probabilities: each row at least 0 and summing to 1" in caught.value.message


def np_svm(s: np.ndarray, y: list[int], delta: float) -> float:
    """The CS231n multiclass hinge loss, written row by row."""
    total = 0.0
    for row, label in zip(s, y):
        total += sum(max(0.0, row[j] - row[label] + delta) for j in range(len(row)) if j != label)
    return total / len(y)


LABELS = [3, 0, 1]


@pytest.mark.parametrize(("written", "delta"), [("delta=0.5", 0.5), ("delta=2.5", 2.5), ("0.25", 0.25), ("delta=1", 1.0)])
def test_svm_loss_takes_a_margin_delta(written: str, delta: float) -> None:
    def jax_svm(s):
        picked = s[jnp.arange(3), jnp.array(LABELS)][:, None]
        margins = jnp.maximum(0.0, s - picked + delta)
        return (jnp.sum(margins) - 3 * delta) / 3  # the true class's own margin is delta, not counted
    assert_gradients(f"svm_loss(s, [3, 0, 1], {written})", jax_svm, lambda s: np_svm(s, LABELS, delta), {"s": S})


def test_svm_loss_without_delta_keeps_a_margin_of_one() -> None:
    assert float(evaluate("svm_loss(s, [3, 0, 1])", s=S, check=False).value) == pytest.approx(np_svm(S, LABELS, 1.0))


@pytest.mark.parametrize(("source", "message"), [
    ("svm_loss(s, [3, 0, 1], delta=[1, 2])", "the margin delta must be one number"),
    ("svm_loss(s, delta=2)", "svm_loss() needs 2 argument(s) before its keywords, got 1"),
    ("softmax(s, axis=2)", "axis 2 does not exist for an input of shape (3, 4)"),
    ("cross_entropy(s, [3, 0, 1], axis=0)", "cross_entropy() takes no axis"),
])
def test_loss_keyword_mistakes_are_refused_by_name(source: str, message: str) -> None:
    with pytest.raises(BpcalcError) as caught:
        evaluate(source, s=S)
    assert message in caught.value.message
