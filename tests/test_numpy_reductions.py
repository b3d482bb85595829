"""numpy's max and min reduce over an axis given by position: np.max(x, 1), np.amax(x, 1) and
x.max(1) are the reduction over axis 1 (as numpy computes it), while bare max(a, b) stays the
lecture's elementwise max gate and np.maximum(a, b) is numpy's elementwise one."""

from __future__ import annotations

import numpy as np
import pytest

from bpcalc.api import evaluate

X = np.array([[1.0, 5.0, -0.5], [3.0, -2.0, 4.0]])  # no ties: the max and min are unique


def _softmax(x: np.ndarray, axis: int | None) -> np.ndarray:
    """scipy.special.softmax's definition: exp(x) / sum(exp(x)) over `axis` (None: every entry)."""
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)


def _differences(function, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += step
        down[index] -= step
        grad[index] = (function(up) - function(down)) / (2 * step)
    return grad


@pytest.mark.parametrize(("written", "numpy_form"), [
    ("np.max(x, 1)", lambda x: np.max(x, 1)),
    ("np.max(x, 0)", lambda x: np.max(x, 0)),
    ("np.amax(x, 1)", lambda x: np.amax(x, 1)),
    ("numpy.amin(x, 0)", lambda x: np.amin(x, 0)),
    ("amax(x, 1)", lambda x: np.amax(x, 1)),
    ("amin(x, 1)", lambda x: np.amin(x, 1)),
    ("np.min(x, 1)", lambda x: np.min(x, 1)),
    ("jnp.max(x, 0)", lambda x: np.max(x, 0)),
    ("x.max(1)", lambda x: x.max(1)),
    ("x.min(0)", lambda x: x.min(0)),
    ("x.max(1, keepdims=True)", lambda x: x.max(1, keepdims=True)),
    ("np.maximum(x, 1)", lambda x: np.maximum(x, 1)),
    ("np.minimum(x, 1)", lambda x: np.minimum(x, 1)),
])
def test_a_numpy_spelling_computes_what_numpy_computes(written: str, numpy_form) -> None:
    """L = sum(f(x)^2): each reduced entry's gradient (2 * its value) shows where it was routed."""
    result = evaluate(f"L = sum({written}^2)", {"x": X}, check=False)

    def loss(x: np.ndarray) -> float:
        return float(np.sum(numpy_form(x) ** 2))

    assert result.value == pytest.approx(loss(X))
    assert np.allclose(result.grad["x"], _differences(loss, X), atol=1e-5)


def test_the_bare_max_of_an_array_and_a_number_stays_the_elementwise_gate() -> None:
    result = evaluate("L = sum(max(x, 1))", {"x": X}, check=False)
    assert result.value == pytest.approx(float(np.sum(np.maximum(X, 1))))


def test_an_array_as_numpys_axis_is_refused() -> None:
    from bpcalc.errors import BpcalcError

    with pytest.raises(BpcalcError) as caught:
        evaluate("L = sum(np.max(x, y))", {"x": X, "y": X}, check=False)
    assert "axis must be an integer" in str(caught.value)


@pytest.mark.parametrize("written", ["norm(x, 1)", "np.linalg.norm(x, 1)", "norm(x, 2)", "norm(x, 0, keepdims=True)"])
def test_norm_with_a_positional_second_argument_is_refused_not_read_as_an_axis(written: str) -> None:
    """numpy's norm(x, 1) of this matrix is 7 (the largest column sum), not the 10.51 that the
    2-norms of the rows add to: reading the position as an axis would print a different number."""
    from bpcalc.errors import ParseError

    assert np.linalg.norm(X, 1) == pytest.approx(7.0)
    with pytest.raises(ParseError) as caught:
        evaluate(f"L = sum({written})", {"x": X}, check=False)
    assert "takes its axis by name only" in str(caught.value)
    assert caught.value.span is not None and written[caught.value.span.start - 8] in "0123456789"


def test_norm_over_an_axis_by_name_is_the_2_norm_of_each_row() -> None:
    result = evaluate("L = sum(norm(x, axis=1))", {"x": X}, check=False)
    assert result.value == pytest.approx(float(np.sum(np.linalg.norm(X, axis=1))))


@pytest.mark.parametrize("written", ["torch.var(x)", "torch.std(x)"])
def test_pytorchs_unbiased_var_and_std_are_refused_not_computed_as_numpys(written: str) -> None:
    """torch.var divides by n - 1 (8.92 here) where numpy's and bpcalc's var divide by n (6.69)."""
    from bpcalc.errors import ParseError

    assert float(np.var(X, ddof=1)) != pytest.approx(float(np.var(X)))
    with pytest.raises(ParseError) as caught:
        evaluate(f"L = {written}", {"x": X}, check=False)
    assert "Bessel's correction" in str(caught.value)
    assert caught.value.span is not None and caught.value.span.start == 4


@pytest.mark.parametrize("written", ["np.var(x)", "var(x)", "x.var()"])
def test_numpys_var_divides_by_the_number_of_entries(written: str) -> None:
    assert evaluate(f"L = {written}", {"x": X}, check=False).value == pytest.approx(float(np.var(X)))


@pytest.mark.parametrize("written", ["special.softmax(x)", "scipy.special.softmax(x)", "scipy.special.log_softmax(x)"])
def test_scipys_softmax_over_every_entry_is_refused_not_computed_along_the_last_axis(written: str) -> None:
    """scipy's softmax of a matrix without axis= normalises all four entries together."""
    from bpcalc.errors import ParseError

    assert not np.allclose(_softmax(X, None), _softmax(X, -1))
    with pytest.raises(ParseError) as caught:
        evaluate(f"L = sum({written} * x)", {"x": X}, check=False)
    assert "unless axis= is given" in str(caught.value)


def test_softmax_without_a_module_is_along_the_last_axis_as_in_jax() -> None:
    result = evaluate("L = sum(softmax(x) * x)", {"x": X}, check=False)
    assert result.value == pytest.approx(float(np.sum(_softmax(X, -1) * X)))
