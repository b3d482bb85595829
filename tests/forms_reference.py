"""Independent references for the array-form tests (test_forms_*.py): each form's function is
written by the test twice over one array module (`xp`), once run by numpy for centred finite
differences and once by JAX (float64) for autodiff; bpcalc's backward pass is compared to both.
Static inputs (index arrays, labels) are fixed values closed over, never differentiated.

JAX is optional here: without it the JAX half of a check is skipped, the finite differences
still run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bpcalc import evaluate

Reference = Callable[..., Any]  # (xp, **inputs) -> a scalar


def _jax() -> Any:
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    return jax


def centred_gradient(function: Reference, values: dict[str, Any], name: str, h: float = 1e-6) -> np.ndarray:
    """d function / d values[name] by centred differences, entry by entry, with numpy."""
    point = {k: np.asarray(v, dtype=float) for k, v in values.items()}
    x = point[name]
    grad = np.zeros(x.shape)
    for position in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[position] += h
        down[position] -= h
        grad[position] = (float(function(np, **{**point, name: up})) - float(function(np, **{**point, name: down}))) / (2 * h)
    return grad


def jax_gradients(function: Reference, values: dict[str, Any]) -> dict[str, np.ndarray] | None:
    jax = _jax()
    if jax is None:
        return None
    names = sorted(values)
    arrays = [jax.numpy.asarray(values[n], dtype=jax.numpy.float64) for n in names]

    def of_list(*args: Any) -> Any:
        return function(jax.numpy, **dict(zip(names, args)))

    grads = jax.grad(of_list, argnums=tuple(range(len(names))))(*arrays)
    return {n: np.asarray(g) for n, g in zip(names, grads)}


def assert_form(source: str, function: Reference, values: dict[str, Any], static: dict[str, Any] | None = None,
                rtol: float = 1e-7) -> None:
    """bpcalc's value and gradients of `source` match numpy's value, centred differences and JAX.
    `static` values (index arrays) are given to bpcalc and closed over in the reference."""
    fixed = dict(static or {})
    result = evaluate(source, {**values, **fixed}, check=False)

    def reference(xp: Any, **inputs: Any) -> Any:
        return function(xp, **inputs, **{k: np.asarray(v) for k, v in fixed.items()})

    expected_value = float(reference(np, **{k: np.asarray(v, dtype=float) for k, v in values.items()}))
    assert float(result.value) == pytest.approx(expected_value, rel=1e-12, abs=1e-12), source
    for name in values:
        got = np.asarray(result.gradients[name], dtype=float)
        np.testing.assert_allclose(got, centred_gradient(reference, values, name), rtol=rtol, atol=1e-6,
                                   err_msg=f"d/d{name} of {source} (finite differences)")
    by_jax = jax_gradients(reference, values)
    if by_jax is not None:
        for name, grad in by_jax.items():
            np.testing.assert_allclose(np.asarray(result.gradients[name], dtype=float), grad, rtol=1e-12, atol=1e-12,
                                       err_msg=f"d/d{name} of {source} (JAX)")
