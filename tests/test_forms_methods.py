"""Method calls (X.dot(W), X.sum(axis=0)), np.-style names, dot with a matrix as numpy does
it, and len / shape as static numbers: each against numpy's value, centred differences and JAX
(tests/forms_reference.py), plus the parse, the round trip and the errors."""

from __future__ import annotations

import numpy as np
import pytest

from bpcalc import evaluate
from bpcalc.language.parser import parse
from bpcalc.language.spellings import FUNCTION_NAMES
from bpcalc.ops import FUNCTIONS, REDUCTIONS
from bpcalc.render.source import to_source
from tests.forms_reference import assert_form

X = [[2.0, 1.0, -3.0], [-3.0, 4.0, 2.0]]
W = [[3.0, 2.0, 1.0, -1.0], [2.0, 1.0, 3.0, 2.0], [3.0, 2.0, 1.0, -2.0]]
G = [[2.0, 3.0, -3.0, 9.0], [-8.0, 1.0, 4.0, 6.0]]


def test_x_dot_w_is_the_lecture_matrix_product() -> None:
    """The lecture's y = x w with dL/dy given: dL/dx = dL/dy w^T, dL/dw = x^T dL/dy."""
    result = evaluate("sum(x.dot(w) * g)", {"x": X, "w": W, "g": G}, check=False)
    np.testing.assert_array_equal(result.gradients["x"], [[0, 16, -9], [-24, 9, -30]])
    np.testing.assert_array_equal(result.gradients["w"], [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]])


@pytest.mark.parametrize(("program", "reference"), [
    ("sum(X.dot(W) * G)", lambda xp, X, W, G: xp.sum(xp.dot(X, W) * G)),
    ("sum(np.dot(X, W) * G)", lambda xp, X, W, G: xp.sum(xp.dot(X, W) * G)),
    ("sum(dot(X, W) * G)", lambda xp, X, W, G: xp.sum(xp.dot(X, W) * G)),
    ("sum(X.T.T.dot(W) * G)", lambda xp, X, W, G: xp.sum(xp.dot(X, W) * G)),
])
def test_dot_with_matrices_is_the_matrix_product(program: str, reference) -> None:
    assert_form(program, reference, {"X": X, "W": W, "G": G})


@pytest.mark.parametrize(("program", "reference"), [
    ("sum(dot(M, v) * u)", lambda xp, M, v, u: xp.sum(xp.dot(M, v) * u)),
    ("sum(v.dot(M.T) * u)", lambda xp, M, v, u: xp.sum(xp.dot(v, M.T) * u)),
])
def test_dot_with_a_matrix_and_a_vector_is_numpys(program: str, reference) -> None:
    assert_form(program, reference, {"M": [[0.1, 0.5, 2.0], [-0.3, 0.8, 1.0]], "v": [0.2, 0.4, -1.0], "u": [1.5, -2.0]})


def test_dot_of_two_vectors_is_their_inner_product() -> None:
    assert_form("v.T.dot(v) + u.dot(u)", lambda xp, v, u: xp.dot(v.T, v) + xp.dot(u, u), {"v": [0.2, 0.4], "u": [1.5, -2.0]})


@pytest.mark.parametrize(("program", "reference"), [
    ("sum(X.sum(axis=0) * c)", lambda xp, X, c: xp.sum(X.sum(axis=0) * c)),
    ("sum(X.max(axis=1) * r)", lambda xp, X, r: xp.sum(X.max(axis=1) * r)),
    ("X.mean() * 3", lambda xp, X: X.mean() * 3),
    ("X.exp().sum()", lambda xp, X: xp.exp(X).sum()),
    ("X.T.sum(axis=1).dot(c)", lambda xp, X, c: xp.dot(X.T.sum(axis=1), c)),
    ("np.sum(np.maximum(X, 0)) + np.amax(X)", lambda xp, X: xp.sum(xp.maximum(X, 0)) + xp.max(X)),
    ("np.linalg.norm(X)", lambda xp, X: xp.sqrt(xp.sum(X * X))),
])
def test_methods_and_numpy_names_match_numpy_and_jax(program: str, reference) -> None:
    values: dict = {"X": X}
    if "c)" in program:
        values["c"] = [1.0, -2.0, 0.5]
    if "* r" in program:
        values["r"] = [2.0, -1.0]
    assert_form(program, reference, values)


def test_every_call_name_is_a_method() -> None:
    """The method table is the parser's call table (registry functions and aliases), not a list."""
    for name in ("dot", "sum", "max", "mean", "exp", "relu", "tanh", "sigmoid", "norm", "std"):
        assert name in FUNCTION_NAMES
        graph = parse(f"X.{name}()" if name != "dot" else "X.dot(W)").graph
        op = graph.ops[graph.output]
        assert op in {row.name for row in (*FUNCTIONS.values(), *REDUCTIONS.values())}


@pytest.mark.parametrize(("program", "written"), [
    ("X.dot(W)", "dot(X, W)"), ("x.T.dot(y)", "dot(x.T, y)"), ("X.sum(axis=0)", "sum(X, axis=0)"),
    ("X.max(axis=1)", "max(X, axis=1)"), ("X.mean()", "mean(X)"), ("-X.sum()", "-sum(X)"),
    ("a * X.dot(W) + 1", "a * dot(X, W) + 1"), ("np.maximum(x, 0)", "max(x, 0)"), ("numpy.exp(x)", "exp(x)"),
    ("np.amax(x, axis=1)", "max(x, axis=1)"), ("torch.nn.functional.relu(x)", "relu(x)"),
    ("X.shape[0] * x", "shape(X)[0] * x"), ("sum(x) / len(x)", "sum(x) / len(x)"),
])
def test_methods_print_as_calls_that_parse_to_the_same_graph(program: str, written: str) -> None:
    first = parse(program).graph
    assert to_source(first).strip() == written
    second = parse(written).graph
    assert (second.ops, second.args) == (first.ops, first.args)


def test_len_and_shape_are_static_numbers_in_arithmetic() -> None:
    assert_form("sum(x) / len(x)", lambda xp, x: xp.sum(x) / x.shape[0], {"x": [1.0, 2.0, 6.0]})
    assert_form("sum(X) / (X.shape[0] * shape(X)[1])", lambda xp, X: xp.sum(X) / (X.shape[0] * X.shape[1]), {"X": X})
    result = evaluate("len(x) + x.shape[0]", {"x": [1.0, 2.0, 3.0]}, check=False)
    assert result.value == 6.0 and result.gradients["x"] is None  # x's entries do not move its length


def test_the_cross_check_agrees_on_methods_len_and_dot() -> None:
    for program, values in [("sum(X.dot(W) * G)", {"X": X, "W": W, "G": G}), ("sum(x) / len(x)", {"x": [1.0, 2.0]}),
                            ("sum(dot(M, v))", {"M": [[1.0, 2.0], [3.0, 4.0]], "v": [1.0, -1.0]})]:
        report = evaluate(program, values).check
        assert report is not None and report.passed, program


@pytest.mark.parametrize(("program", "options", "message"), [
    ("X.frobnicate()", ["--X=[1, 2]"], "'frobnicate' is no function"),
    ("X.size", ["--X=[1, 2]"], "unexpected '.' before the name 'size'"),
    ("sum(X.dot(W))", ["--X=[[1, 2], [3, 4]]", "--W=[[1, 2, 3]]"], "inner dimensions 2 and 1 differ"),
    ("dot(x, 2)", ["--x=[1, 2]"], "use * to multiply by a scalar"),
    ("len(x)", ["--x=3"], "len() of a scalar"),
    ("sum(arange(20000000))", [], "at most 10,000,000"),
])
def test_bad_uses_give_a_caret_and_exit_2(run_cli, program: str, options: list[str], message: str) -> None:
    result = run_cli("eval", program, *options)
    assert result.exit_code == 2, result.output
    assert message in result.output and "^" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [("explain",), ("graph", "--format", "html"), ("code",), ("eval", "--format", "markdown")])
def test_other_commands_handle_methods_and_len(run_cli, command: tuple[str, ...]) -> None:
    result = run_cli(*command, "sum(X.dot(W) * G) / len(X)", f"--X={X}", f"--W={W}", f"--G={G}")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
