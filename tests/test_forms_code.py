"""`bpcalc code` for the new array forms: the generated file's gradients match centred finite
differences of a numpy function written here; forms without a code form are refused by name."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import bpcalc
from bpcalc.render.code import render_code
from tests.test_code_support import run_files, write
from tests.test_forms_shapes import centred_differences

A = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
B = np.array([[-0.3, 0.8, 1.1], [0.6, -1.2, 0.4]])

PROGRAMS: list[tuple[str, Callable[..., float]]] = [
    ("sum(stack([a, b * b], axis=1) * stack([b, a], axis=1))",
     lambda a, b: float(np.sum(np.stack([a, b * b], axis=1) * np.stack([b, a], axis=1)))),
    ("sum(stack([a, tanh(b)]) * 2)", lambda a, b: float(np.sum(np.stack([a, np.tanh(b)]) * 2))),
    ("sum(concatenate([a, b[0:1]], axis=0) ^ 2)", lambda a, b: float(np.sum(np.concatenate([a, b[0:1]], axis=0) ** 2))),
    ("sum(concatenate([a, b], axis=1) * concatenate([b, a], axis=1))",
     lambda a, b: float(np.sum(np.concatenate([a, b], axis=1) * np.concatenate([b, a], axis=1)))),
    ("sum(a * ones((2, 3)) + b * zeros(3))", lambda a, b: float(np.sum(a * np.ones((2, 3)) + b * np.zeros(3)))),
    ("sum([a[0, 0] * b[1, 1], b[0, 2]] * [3, -1])", lambda a, b: float(a[0, 0] * b[1, 1] * 3 - b[0, 2])),
]


@pytest.mark.parametrize(("source", "reference"), PROGRAMS, ids=[s for s, _ in PROGRAMS])
def test_generated_code_for_the_new_forms_matches_finite_differences(source: str, reference: Callable[..., float],
                                                                     tmp_path) -> None:
    result = bpcalc.evaluate(source, a=A, b=B, check=False)
    paths = [write(render_code(result, style=style), tmp_path, f"{style}.py") for style in ("flat", "modular")]
    expected = centred_differences(reference, {"a": A, "b": B})
    for ran in run_files(paths):
        assert float(ran["value"]) == pytest.approx(reference(A, B), rel=1e-12)
        for name in ("a", "b"):
            np.testing.assert_allclose(ran["grads"][name], expected[name], rtol=1e-6, atol=1e-8, err_msg=name)


@pytest.mark.parametrize(("source", "gate"), [
    ("sum(sum(a, axis=0, keepdims=True) * b)", "sum"), ("sum(max(a, axis=(0, 1)) * b)", "amax"),
    ("sum(softmax(a, axis=0) * b) + svm_loss(a, [0, 1], delta=2)", "svm_loss"),
])
def test_forms_without_a_code_form_are_refused_by_name(source: str, gate: str, run_cli) -> None:
    done = run_cli("code", source, f"--a={A.tolist()}", f"--b={B.tolist()}")
    assert done.exit_code == 2
    assert "do not cover it" in done.output and f"the {gate} gate" in done.output
    assert "Traceback" not in done.output
