"""Comparisons (x > 0, ...) as 0/1 masks with zero gradient, and where(cond, a, b), against
numpy's values, centred differences and JAX (tests/forms_reference.py); their precedence,
refused chains, formatting and errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc import evaluate
from bpcalc.errors import BpcalcError
from bpcalc.language.parser import parse
from bpcalc.render.source import to_source
from tests.forms_reference import assert_form

X = [1.0, -2.0, 3.0, -1.0]
DOUT = [4.0, -1.0, 5.0, 9.0]


def test_the_relu_backward_mask_times_dout_is_the_lecture_numbers() -> None:
    result = evaluate("sum((x > 0) * dout)", {"x": X, "dout": DOUT}, check=False)
    mask = result.trace.graph.ops.index("greater")
    assert result.trace.values[mask].tolist() == [1.0, 0.0, 1.0, 0.0]
    assert np.asarray(result.gradients["dout"]).tolist() == [1.0, 0.0, 1.0, 0.0]
    assert np.asarray(result.gradients["x"]).tolist() == [0.0, 0.0, 0.0, 0.0]  # nothing flows through the mask


@pytest.mark.parametrize(("token", "numpy_test"), [
    (">", np.greater), (">=", np.greater_equal), ("<", np.less), ("<=", np.less_equal), ("==", np.equal),
    ("!=", np.not_equal),
])
def test_each_comparison_matches_numpy_finite_differences_and_jax(token: str, numpy_test) -> None:
    values = {"x": [1.5, -2.0, 0.25, 3.0], "w": [2.0, -1.0, 4.0, 0.5]}  # away from the step at 0.5
    result = evaluate(f"sum((x {token} 0.5) * w * x)", values, check=False)
    mask = numpy_test(np.array(values["x"]), 0.5).astype(float)
    assert result.value == pytest.approx(float(np.sum(mask * np.array(values["w"]) * np.array(values["x"]))))
    # d/dx: the mask is a constant of x (a step is flat), so only the product w * x carries a gradient
    np.testing.assert_array_equal(result.gradients["x"], mask * np.array(values["w"]))
    np.testing.assert_array_equal(result.gradients["w"], mask * np.array(values["x"]))
    assert_form(f"sum((x {token} 0.5) * w * x)",
                lambda xp, x, w: xp.sum(xp.where(_compare(xp, token, x, 0.5), 1.0, 0.0) * w * x), values)


def test_equal_picks_the_equal_entries_and_matches_jax_there() -> None:
    """At equality a centred difference sees the one-point jump; JAX, like bpcalc, holds the mask constant."""
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    x, w = [1.0, 2.0, 3.0, 2.0], [0.5, 2.0, -1.0, 3.0]
    result = evaluate("sum((x == 2) * w * x)", {"x": x, "w": w}, check=False)
    assert result.value == 10.0
    grads = jax.grad(lambda a, b: jnp.sum(jnp.where(a == 2, 1.0, 0.0) * b * a), argnums=(0, 1))(jnp.array(x), jnp.array(w))
    np.testing.assert_allclose(result.gradients["x"], grads[0])
    np.testing.assert_allclose(result.gradients["w"], grads[1])


def _compare(xp, token: str, a, b):
    return {">": xp.greater, ">=": xp.greater_equal, "<": xp.less, "<=": xp.less_equal, "==": xp.equal,
            "!=": xp.not_equal}[token](a, b)


def test_where_routes_the_gradient_to_a_or_b_and_none_to_the_condition() -> None:
    values = {"x": X, "dout": DOUT}
    assert_form("sum(where(x > 0, x, 0.1 * x) * dout)",
                lambda xp, x, dout: xp.sum(xp.where(x > 0, x, 0.1 * x) * dout), values)


def test_where_with_a_given_mask_matches_jax() -> None:
    assert_form("sum(where(c, a, b) * w)", lambda xp, a, b, w, c: xp.sum(xp.where(c != 0, a, b) * w),
                {"a": [1.0, 2.0, 3.0], "b": [-1.0, -2.0, -3.0], "w": [0.5, 2.0, -1.0]}, static={"c": [1.0, 0.0, 1.0]})


def test_where_broadcasts_a_scalar_choice() -> None:
    assert_form("sum(where(x > 0, x, 0) * x)", lambda xp, x: xp.sum(xp.where(x > 0, x, 0.0) * x), {"x": X})


def test_scalar_comparisons_run_on_floats() -> None:
    result = evaluate("(x > 0) * d + x", {"x": 2.0, "d": 3.0}, check=False)
    assert result.value == 5.0 and result.gradients["x"] == 1.0 and result.gradients["d"] == 1.0
    assert not result.trace.arrays


def test_the_cross_check_agrees_on_a_mask_away_from_its_step() -> None:
    report = evaluate("sum((x > 0) * dout)", {"x": X, "dout": DOUT}).check
    assert report is not None and report.passed
    assert "sympy-elements" in report.methods


def test_a_comparison_at_its_step_is_marked_a_kink() -> None:
    result = evaluate("sum((x > 0) * dout)", {"x": [0.0, 1.0], "dout": [1.0, 2.0]})
    assert result.trace.kinks[result.trace.graph.ops.index("greater")]
    assert result.check is not None and result.check.passed  # a kink, not a false mismatch


@pytest.mark.parametrize(("program", "root", "left", "right"), [
    ("x + 1 > y * 2", "greater", "add", "mul"),
    ("-x >= 0", "greater_equal", "neg", "const"),
    ("x ^ 2 < y - 1", "less", "pow", "sub"),
    ("x * 2 == y", "equal", "mul", "var"),
])
def test_comparisons_bind_looser_than_arithmetic(program: str, root: str, left: str, right: str) -> None:
    graph = parse(program).graph
    assert graph.ops[graph.output] == root
    a, b = graph.args[graph.output]
    assert (graph.ops[a], graph.ops[b]) == (left, right)


def test_a_chain_of_comparisons_is_refused_with_a_caret(run_cli) -> None:
    result = run_cli("eval", "a < b < c", "--a=1", "--b=2", "--c=3")
    assert result.exit_code == 2
    assert "a chain of comparisons" in result.output and "^^^^^^^^^" in result.output
    assert "Traceback" not in result.output


def test_a_parenthesized_nested_comparison_is_read_and_written_back_with_its_parentheses() -> None:
    for program in ("(a < b) < c", "a < (b < c)"):
        assert to_source(parse(program).graph).strip() == program


def test_where_with_mismatched_shapes_is_a_shape_error_with_caret(run_cli) -> None:
    result = run_cli("eval", "sum(where(c, x, w))", "--c=[1, 0]", "--x=[1, 2, 3]", "--w=[4, 5, 6]")
    assert result.exit_code == 2
    assert "where((2,), (3,), (3,))" in result.output and "^" in result.output
    assert "Traceback" not in result.output


def test_ge_le_ne_signs_from_notes_read_as_the_operators() -> None:
    graph = parse("(x ≥ 0) * (y ≤ 1) * (z ≠ 2)").graph
    assert {"greater_equal", "less_equal", "not_equal"} <= set(graph.ops)


def test_a_lone_exclamation_mark_is_an_error() -> None:
    with pytest.raises(BpcalcError):
        parse("!x")


@pytest.mark.parametrize("command", [("explain",), ("graph", "--format", "html"), ("code",), ("eval", "--format", "json")])
def test_other_commands_handle_comparisons(run_cli, command: tuple[str, ...]) -> None:
    result = run_cli(*command, "sum(where(x > 0, x, 0) * dout)", "--x=[1, -2, 3, -1]", "--dout=[4, -1, 5, 9]")
    assert result.exit_code == 0, result.output


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-5, 5).filter(lambda v: abs(v) > 1e-3), min_size=1, max_size=6),
       st.sampled_from([">", ">=", "<", "<="]))
def test_a_mask_times_dout_gives_dout_where_the_mask_holds(xs: list[float], token: str) -> None:
    dout = [float(k + 1) for k in range(len(xs))]
    result = evaluate(f"sum((x {token} 0) * d)", {"x": xs, "d": dout}, check=False)
    mask = _compare(np, token, np.array(xs), 0.0).astype(float)
    np.testing.assert_array_equal(np.atleast_1d(result.gradients["d"]), mask)
    np.testing.assert_array_equal(np.atleast_1d(result.gradients["x"]), np.zeros(len(xs)))


_OPERANDS = st.sampled_from(["x", "y", "2", "(x + y)", "-x", "x * y", "x ^ 2", "where(x > y, x, y)"])
_COMPARISONS = st.sampled_from([">", ">=", "<", "<=", "==", "!="])


@settings(max_examples=60, deadline=None)
@given(_OPERANDS, _COMPARISONS, _OPERANDS, st.sampled_from(["", " * z", " + 1", " - z"]), st.booleans())
def test_comparison_programs_print_back_to_the_same_graph(left: str, token: str, right: str, tail: str,
                                                          nested: bool) -> None:
    program = f"({left} {token} {right}){tail}"
    if nested:
        program = f"({program}) {token} z"
    first = parse(program).graph
    second = parse(to_source(first)).graph
    assert (second.ops, second.args) == (first.ops, first.args), to_source(first)
