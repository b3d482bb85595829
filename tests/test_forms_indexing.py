"""Indexing as CS231n assignments write it: S[arange(N), y], x[:, None], negative steps, 3-D
arrays, ..., integer-array indices; each against numpy's value, centred differences and JAX
(tests/forms_reference.py), plus the formatter round trip and the errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc import evaluate
from bpcalc.language.parser import parse
from bpcalc.render.source import to_source
from tests.forms_reference import assert_form

S = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
W = [[0.5, -1.0, 2.0], [1.5, 0.25, -3.0]]
T = np.arange(24, dtype=float).reshape(2, 3, 4) / 10 - 1
T_WEIGHTS = np.linspace(-1, 1, 24).reshape(2, 3, 4)


def test_correct_class_scores_by_arange_and_labels() -> None:
    y = [2, 0]
    result = evaluate("sum(S[arange(2), y])", {"S": S, "y": y}, check=False)
    assert result.value == 7.0  # S[0, 2] + S[1, 0]
    np.testing.assert_array_equal(result.gradients["S"], [[0, 0, 1], [1, 0, 0]])
    assert result.gradients["y"] is None  # labels are static


@pytest.mark.parametrize("program", ["sum(S[arange(2), y] * w)", "sum(S[np.arange(2), y] * w)",
                                     "sum(S[range(2), y] * w)", "sum(S[arange(0, 2), y] * w)",
                                     "n = len(y); sum(S[arange(n), y] * w)"])
def test_advanced_indexing_matches_numpy_differences_and_jax(program: str) -> None:
    assert_form(program, lambda xp, S, w, y: xp.sum(S[np.arange(2), y.astype(int)] * w), {"S": S, "w": [2.0, -3.0]},
                static={"y": [2, 0]})


def test_an_entry_picked_twice_receives_both_gradients() -> None:
    assert_form("sum(x[[0, 0, 2]] * w)", lambda xp, x, w: xp.sum(x[np.array([0, 0, 2])] * w),
                {"x": [1.0, 2.0, 3.0], "w": [2.0, 5.0, -1.0]})


def test_labels_given_as_an_array_pick_rows() -> None:
    assert_form("sum(W[y] * V)", lambda xp, W, V, y: xp.sum(W[y.astype(int)] * V),
                {"W": W, "V": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]}, static={"y": [1, 0, 1]})


@pytest.mark.parametrize(("program", "key"), [
    ("sum(x[::-1] * w)", np.s_[::-1]), ("sum(x[3:0:-1] * w[:3])", np.s_[3:0:-1]), ("sum(x[::-2] * w[:2])", np.s_[::-2]),
])
def test_negative_step_slices_match_numpy_and_jax(program: str, key) -> None:
    w_length = len(np.arange(4)[key])
    assert_form(program, lambda xp, x, w: xp.sum(x[key] * w[:w_length]), {"x": [1.0, -2.0, 3.0, 0.5],
                                                                         "w": [2.0, 1.0, -1.0, 4.0]})


@pytest.mark.parametrize(("program", "key"), [
    ("sum(x[:, None] * M)", np.s_[:, None]), ("sum(x[:, np.newaxis] * M)", np.s_[:, None]),
    ("sum(x[None, :] * M.T)", np.s_[None, :]),
])
def test_new_axes_broadcast_as_numpy(program: str, key) -> None:
    def reference(xp, x, M):
        picked = x[key]
        return xp.sum(picked * (M if key[0] != None else M.T))  # noqa: E711 (a numpy index key)

    assert_form(program, reference, {"x": [1.0, 2.0], "M": W})


@pytest.mark.parametrize(("text", "key"), [
    ("T[0]", np.s_[0]), ("T[:, 1, :]", np.s_[:, 1, :]), ("T[..., 0]", np.s_[..., 0]), ("T[1, ..., 2]", np.s_[1, ..., 2]),
    ("T[-1, 2]", np.s_[-1, 2]), ("T[:, ::-1, 1:3]", np.s_[:, ::-1, 1:3]),
])
def test_three_axis_indexing_matches_numpy_and_jax(text: str, key) -> None:
    weights = T_WEIGHTS[key]
    assert_form(f"sum({text} * G)", lambda xp, T, G: xp.sum(T[key] * G), {"T": T, "G": weights})


def test_three_axis_arrays_hold_the_picked_gradient_only() -> None:
    result = evaluate("sum(T[..., 0])", {"T": T}, check=False)
    expected = np.zeros((2, 3, 4))
    expected[..., 0] = 1
    np.testing.assert_array_equal(result.gradients["T"], expected)


def test_the_cross_check_agrees_on_advanced_indexing_and_new_axes() -> None:
    for program, values in [("sum(S[arange(2), y])", {"S": S, "y": [2, 0]}),
                            ("sum(x[:, None] * M)", {"x": [1.0, 2.0], "M": W}), ("sum(T[..., 0] ^ 2)", {"T": T}),
                            ("n = len(y); sum(S[arange(n), y]) / n", {"S": S, "y": [2, 0]})]:
        report = evaluate(program, values).check
        assert report is not None and report.passed, program


@pytest.mark.parametrize("program", [
    "S[arange(N), y]", "x[:, None]", "x[:, np.newaxis]", "T[..., 0]", "x[[0, 0, 2]]", "x[::-1]", "x[3:0:-1]",
    "n = len(y); S[range(n), y]", "S[np.arange(2), y]", "T[:, 1, :]",
])
def test_index_forms_print_back_as_syntax_that_parses_to_the_same_graph(program: str) -> None:
    first = parse(program).graph
    second = parse(to_source(first)).graph
    assert (second.ops, second.args) == (first.ops, first.args)


@pytest.mark.parametrize(("program", "values", "message"), [
    ("sum(S[arange(2), y])", {"S": S, "y": [3, 0]}, "index 3 is out of range for axis 1 of size 3"),
    ("sum(S[arange(3), y])", {"S": S, "y": [0, 0, 0]}, "index 2 is out of range for axis 0 of size 2"),
    ("sum(x[..., ...])", {"x": [1.0, 2.0]}, "only one '...'"),
    ("sum(x[0, None, 1])", {"x": [1.0, 2.0]}, "2 indices for an input of shape (2,)"),
    ("sum(S[y, 0])", {"S": S, "y": [0.5, 1]}, "must hold integers"),
])
def test_bad_indices_name_the_node_with_a_caret_and_exit_2(run_cli, program: str, values: dict, message: str) -> None:
    options = [f"--{name}={np.asarray(value).tolist()}" for name, value in values.items()]
    result = run_cli("eval", program, *options)
    assert result.exit_code == 2, result.output
    assert message in result.output and "^" in result.output
    assert "Traceback" not in result.output


def test_arange_with_an_expression_inside_an_index_says_to_name_it(run_cli) -> None:
    result = run_cli("eval", "sum(S[arange(len(y)), y])", f"--S={S}", "--y=[2, 0]")
    assert result.exit_code == 2 and "n = len(y)" in result.output


@pytest.mark.parametrize("command", [("explain",), ("explain", "--lang", "ko"), ("graph", "--format", "svg"), ("code",),
                                     ("eval", "--format", "json"), ("eval", "--format", "latex")])
def test_other_commands_handle_advanced_indexing(run_cli, command: tuple[str, ...]) -> None:
    result = run_cli(*command, "sum(S[arange(2), y] * w) + sum(x[:, None] * S)", f"--S={S}", "--y=[2, 0]",
                     "--w=[1, 2]", "--x=[1, -1]")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.data())
def test_picking_one_entry_per_row_scatters_the_upstream_back(rows: int, columns: int, data) -> None:
    labels = data.draw(st.lists(st.integers(0, columns - 1), min_size=rows, max_size=rows))
    weights = data.draw(st.lists(st.floats(-3, 3), min_size=rows, max_size=rows))
    scores = np.arange(rows * columns, dtype=float).reshape(rows, columns)
    result = evaluate(f"sum(S[arange({rows}), y] * w)", {"S": scores, "y": labels, "w": weights}, check=False)
    expected = np.zeros((rows, columns))
    np.add.at(expected, (np.arange(rows), labels), weights)
    np.testing.assert_allclose(result.gradients["S"], expected)


def test_the_ops_table_shows_index_syntax_as_written(run_cli) -> None:
    """x[i] in a row's syntax is text, not a rich markup tag that would swallow the [i]."""
    result = run_cli("ops")
    assert result.exit_code == 0
    assert "x[i], W[i, :]" in result.output and "S[arange(N), y]" in result.output
