"""`explain --exact` and `--symbolic` on small arrays: exact rational arrays, matrix formulas, and
a clear exit 2 past their bounds.

References: fractions.Fraction in numpy object arrays and SymPy expressions built here, and the
lecture's published numbers; never bpcalc's own output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy as sp

from bpcalc.checks.array_symbolic import SymbolicLimitError, array_formulas
from bpcalc.checks.exact import ExactLimitError, exact_inputs, run_exact
from bpcalc.checks.exact_arrays import MAX_ENTRIES
from bpcalc.teach.explanation import explain


def fractions(text: str) -> np.ndarray:
    """A literal such as [[1/10, 1/2], [-3/10, 4/5]] as an object array of Fractions (read here)."""
    return np.vectorize(Fraction, otypes=[object])(np.array(_quoted(text), dtype=object))


def _quoted(text: str) -> Any:
    """[[1/10, 1/2]] -> [["1/10", "1/2"]]: each entry as a string for Fraction."""
    out, word = [], ""
    for ch in text:
        if ch in "[], ":
            if word:
                out.append(json.dumps(word))
                word = ""
            out.append(ch)
        else:
            word += ch
    return json.loads("".join(out))


def as_fractions(exact: Any) -> np.ndarray:
    """bpcalc's exact array (SymPy Rationals) as Fractions, entry by entry."""
    return np.vectorize(lambda v: Fraction(int(v.p), int(v.q)), otypes=[object])(exact)


def exact_grads(program: str, texts: dict[str, str]) -> dict[str, Any]:
    expl = explain(program, texts, exact=True, lang="en")
    graph = expl.graph
    return {name: expl.exact.grads[index] for name, index in graph.variables.items()}


W_TEXT, X_TEXT = "[[1/10, 1/2], [-3/10, 4/5]]", "[1/5, 2/5]"


def test_the_primer_example_has_exact_rational_gradients() -> None:
    grads = exact_grads("q = W @ x; f = sum(q^2)", {"W": W_TEXT, "x": X_TEXT})
    W, x = fractions(W_TEXT), fractions(X_TEXT)
    q = W @ x
    assert (as_fractions(grads["W"]) == 2 * np.outer(q, x)).all()
    assert (as_fractions(grads["x"]) == 2 * W.T @ q).all()
    assert as_fractions(grads["x"]).tolist() == [Fraction(-14, 125), Fraction(159, 250)]  # -0.112, 0.636


def test_the_lecture_matmul_example_with_a_given_upstream_is_exact() -> None:
    x = "[[2, 1, -3], [-3, 4, 2]]"
    w = "[[3, 2, 1, -1], [2, 1, 3, 2], [3, 2, 1, -2]]"
    upstream = "[[2, 3, -3, 9], [-8, 1, 4, 6]]"  # dL/dy, entered through sum(y * G)
    grads = exact_grads("y = x @ w; L = sum(y * G)", {"x": x, "w": w, "G": upstream})
    assert as_fractions(grads["x"]).tolist() == [[0, 16, -9], [-24, 9, -30]]
    assert as_fractions(grads["w"]).tolist() == [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]


def test_the_lecture_relu_example_is_exact() -> None:
    grads = exact_grads("y = relu(x); L = sum(y * G)", {"x": "[1, -2, 3, -1]", "G": "[4, -1, 5, 9]"})
    assert as_fractions(grads["x"]).tolist() == [4, 0, 5, 0]


def test_a_scalar_broadcast_over_an_array_sums_its_gradient_exactly() -> None:
    grads = exact_grads("y = v * s; L = sum(y * y)", {"v": "[1/3, 2, -1/2]", "s": "3/4"})
    v, s = fractions("[1/3, 2, -1/2]"), Fraction(3, 4)
    assert Fraction(int(grads["s"].p), int(grads["s"].q)) == sum(2 * v * s * v)
    assert (as_fractions(grads["v"]) == 2 * v * s * s).all()


def test_a_tie_of_max_shares_the_upstream_gradient_in_halves() -> None:
    grads = exact_grads("L = max(x) * 3", {"x": "[1, 5/2, 5/2]"})
    assert as_fractions(grads["x"]).tolist() == [0, Fraction(3, 2), Fraction(3, 2)]


def test_mean_along_an_axis_is_exact() -> None:
    grads = exact_grads("m = mean(A, axis=0); L = sum(m * c)", {"A": "[[1, 2], [3, 4], [5, 6]]", "c": "[1/2, -1]"})
    assert as_fractions(grads["A"]).tolist() == [[Fraction(1, 6), Fraction(-1, 3)]] * 3


def test_cross_entropy_is_exact_against_sympy_built_here() -> None:
    grads = exact_grads("L = cross_entropy(s, k)", {"s": "[1, 2, 1/2]", "k": "1"})
    scores = [sp.Integer(1), sp.Integer(2), sp.Rational(1, 2)]
    total = sum(sp.exp(v) for v in scores)
    reference = [sp.exp(v) / total - (1 if j == 1 else 0) for j, v in enumerate(scores)]
    assert all(sp.simplify(got - want) == 0 for got, want in zip(grads["s"].ravel(), reference))
    assert grads["k"] is None  # a class label receives no gradient


def test_exact_inputs_from_python_floats_are_the_floats_exactly() -> None:
    from bpcalc.api import evaluate

    result = evaluate("L = sum(v * v)", {"v": np.array([0.5, 0.25])}, check=False)
    inputs = exact_inputs("L = sum(v * v)", {}, result.values)
    assert as_fractions(inputs["v"]).tolist() == [Fraction(1, 2), Fraction(1, 4)]
    grads = run_exact(result.trace, inputs).grads
    assert as_fractions(grads[0]).tolist() == [1, Fraction(1, 2)]


def big_vector() -> str:
    return json.dumps(list(range(MAX_ENTRIES + 1)))


def test_exact_past_the_array_bound_exits_2_with_the_bound(tmp_path: Any) -> None:
    done = subprocess.run([sys.executable, "-m", "bpcalc", "explain", "L = sum(v * v)", "--v", big_vector(), "--exact"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"v has {MAX_ENTRIES + 1} entries" in done.stderr and f"at most {MAX_ENTRIES}" in done.stderr
    assert "Traceback" not in done.stderr


def test_symbolic_past_the_array_bound_exits_2_with_the_bound() -> None:
    done = subprocess.run([sys.executable, "-m", "bpcalc", "explain", "L = sum(v * v)", "--v", big_vector(),
                           "--symbolic"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"--symbolic handles arrays of at most {MAX_ENTRIES}" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_exact_timeout_message_names_the_budget_it_was_given() -> None:
    from bpcalc.api import evaluate

    program = " + ".join(f"exp(sin(x{k}) / (1 + x{k}^2))^3" for k in range(40))
    values = {f"x{k}": 0.5 + k / 7 for k in range(40)}
    result = evaluate(program, values, check=False)
    with pytest.raises(ExactLimitError) as caught:
        run_exact(result.trace, exact_inputs(program, {}, result.values), budget=0.001)
    assert "longer than 0.001 seconds" in str(caught.value)


def test_the_primer_symbolic_gradient_is_the_lecture_matrix_formula() -> None:
    expl = explain("q = W @ x; f = sum(q^2)", {"W": W_TEXT, "x": X_TEXT}, symbolic=True, lang="en")
    variables = expl.graph.variables
    assert expl.formulas[variables["x"]] == "2*W^T*W*x"  # the lecture's 2 W^T W x
    assert expl.formulas[variables["W"]] == "2*W*x*x^T"  # 2 q x^T with q = W x


def test_a_dot_product_program_gets_a_matrix_formula() -> None:
    expl = explain("L = dot(u, v) * 3", {"u": "[1, 2]", "v": "[3, 4]"}, symbolic=True, lang="en")
    assert expl.formulas[expl.graph.variables["u"]] == "3*v"


def test_an_elementwise_program_gets_entry_formulas_equal_to_sympy_built_here() -> None:
    expl = explain("L = sum(tanh(W @ x))", {"W": "[[1, 2], [3, -1]]", "x": "[1, 2]"}, symbolic=True, lang="en")
    text = expl.formulas[expl.graph.variables["x"]]
    W = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"W_{i}_{j}", real=True))
    x = sp.Matrix(2, 1, lambda i, j: sp.Symbol(f"x_{i}", real=True))
    total = sum(sp.tanh(v) for v in W * x)
    reference = [sp.diff(total, x[i]) for i in range(2)]
    names = {str(s): s for s in (*W, *x)}
    entries = [sp.sympify(part, locals=names) for part in text.strip("[]").replace("^", "**").split(", ")]
    assert len(entries) == 2 and all(sp.simplify(a - b) == 0 for a, b in zip(entries, reference))


def test_symbolic_arrays_past_the_time_limit_raise_with_the_limit() -> None:
    from bpcalc.api import evaluate

    values = {"x": np.arange(30.0) / 10}
    result = evaluate("L = sum(softmax(x) * x)", values, check=False)
    with pytest.raises(SymbolicLimitError) as caught:
        array_formulas(result.trace, 0.01)
    assert "longer than 0.01 seconds" in str(caught.value)


def test_a_quadratic_form_plus_a_scalar_gets_the_textbook_matrix_formula() -> None:
    """d/dx (x^T W x) = (W + W^T) x and d/dW = x x^T (The Matrix Cookbook, eqs. 81 and 70)."""
    expl = explain("f = dot(W @ x, x) + s * s", {"W": "[[1, 2], [3, 4]]", "x": "[1, -1]", "s": "2"}, symbolic=True,
                   lang="en")
    variables = expl.graph.variables
    assert expl.formulas[variables["x"]] == "W*x + W^T*x"
    assert expl.formulas[variables["W"]] == "x*x^T"
    assert expl.formulas[variables["s"]] == "2*s"


def test_a_constant_added_to_the_loss_keeps_the_matrix_formula() -> None:
    expl = explain("f = sum((W @ x)^2) + 1", {"W": "[[1, 2], [3, 4]]", "x": "[1, -1]"}, symbolic=True, lang="en")
    assert expl.formulas[expl.graph.variables["x"]] == "2*W^T*W*x"


def test_a_two_layer_linear_network_gets_matrix_formulas_for_every_weight() -> None:
    """L = ||W2 W1 x||^2: dL/dW2 = 2 s h^T and dL/dW1 = 2 W2^T s x^T with h = W1 x, s = W2 h
    (the lecture's D = W X rule applied twice)."""
    values = {"x": "[1, -1]", "W1": "[[1, 2], [3, 4], [0, 1]]", "W2": "[[1, 0, 2], [1, 1, 1]]"}
    expl = explain("h = W1 @ x; s = W2 @ h; L = sum(s * s)", values, symbolic=True, lang="en")
    variables = expl.graph.variables
    assert expl.formulas[variables["W2"]] == "2*W2*W1*x*x^T*W1^T"
    assert expl.formulas[variables["W1"]] == "2*W2^T*W2*W1*x*x^T"
    assert expl.formulas[variables["x"]] == "2*W1^T*W2^T*W2*W1*x"


def test_a_gate_gets_its_matrix_formula_too() -> None:
    expl = explain("q = W @ x; f = sum(q^2)", {"W": W_TEXT, "x": X_TEXT}, symbolic=True, lang="en")
    q = next(i for i in range(expl.graph.output + 1) if expl.graph.label(i) == "q")
    assert expl.formulas[q] == "2*(W*x)"  # the primer's df/dq = 2q


def test_exact_starts_from_a_given_upstream_with_the_lecture_numbers() -> None:
    expl = explain("y = x @ w", {"x": "[[2, 1, -3], [-3, 4, 2]]", "w": "[[3, 2, 1, -1], [2, 1, 3, 2], [3, 2, 1, -2]]"},
                   exact=True, upstream=np.array([[2.0, 3, -3, 9], [-8, 1, 4, 6]]), lang="en")
    variables = expl.graph.variables
    assert as_fractions(expl.exact.grads[variables["x"]]).tolist() == [[0, 16, -9], [-24, 9, -30]]
    assert as_fractions(expl.exact.grads[variables["w"]]).tolist() == [[28, 3, -18, 0], [-30, 7, 13, 33],
                                                                       [-22, -7, 17, -15]]


def test_symbolic_entries_start_from_a_given_upstream() -> None:
    upstream = [4, -1, 5, 9]
    expl = explain("y = tanh(x)", {"x": "[1, -2, 3, -1]"}, symbolic=True, upstream=np.array(upstream, dtype=float),
                   lang="en")
    text = expl.formulas[expl.graph.variables["x"]]
    x = [sp.Symbol(f"x_{i}", real=True) for i in range(4)]
    reference = [sp.diff(sum(u * sp.tanh(v) for u, v in zip(upstream, x)), v) for v in x]
    names = {str(s): s for s in x}
    entries = [sp.sympify(part, locals=names) for part in text.strip("[]").replace("^", "**").split(", ")]
    assert len(entries) == 4 and all(sp.simplify(a - b) == 0 for a, b in zip(entries, reference))


def test_a_none_axis_and_advanced_indexing_are_exact() -> None:
    grads = exact_grads("L = sum(x[:, None] * w)", {"x": "[1, -2, 3]", "w": "[1/2, 2, 3]"})
    assert as_fractions(grads["x"]).tolist() == [Fraction(11, 2)] * 3  # d/dx_i sum_ij x_i w_j = sum_j w_j
    picked = exact_grads("L = sum(S[arange(2), y] * 3)", {"S": "[[1, 2, 3], [3, 2, 1]]", "y": "[0, 2]"})
    assert as_fractions(picked["S"]).tolist() == [[3, 0, 0], [0, 0, 3]]
