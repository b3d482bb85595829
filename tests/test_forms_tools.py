"""The new array forms through the rest of bpcalc: the memory budget sizes them from shapes,
explain and graph describe them, and properties that hold for any shapes (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc import evaluate
from bpcalc.engine.budget import estimate_entries


def test_the_budget_counts_every_part_of_a_stack_or_concatenation() -> None:
    a, b = np.zeros((300, 2)), np.zeros((100, 2))
    assert estimate_entries("concatenate", [0.0, a, b]) == 800
    assert estimate_entries("stack", [0.0, a, a]) == 1200
    assert estimate_entries("array", [a, a, a]) == 1800


def test_a_stack_past_the_memory_budget_is_refused_by_name(run_cli) -> None:
    done = run_cli("eval", "sum(concatenate([x, x, x, x]))", "--x=[1, 2, 3, 4]", "--max-memory", "300")
    assert done.exit_code == 2
    assert "concatenate" in done.output and "past the memory budget" in done.output


@pytest.mark.parametrize(("source", "sentence"), [
    ("sum(sum(x, axis=(0, 1), keepdims=True) * x)", "sum gate: an add gate over entries"),
    ("sum(stack([x, 2 * x], axis=1))", "stack gate: a router"),
    ("sum(reshape(x, (-1,)) * flatten(x))", "reshape gate: passes the upstream gradient back"),
    ("svm_loss(x, [0, 1], delta=0.5)", "svm_loss gate: multiclass hinge loss"),
    ("sum([sum(x), max(x)])", "array literal gate: a router"),
])
def test_explain_names_the_new_gates(source: str, sentence: str, run_cli) -> None:
    done = run_cli("explain", source, "--x=[[1, 2], [3, 4.5]]")
    assert done.exit_code == 0, done.output
    assert sentence in done.output


@pytest.mark.parametrize("kind", ["svg", "dot", "mermaid", "html"])
def test_graph_draws_the_new_forms_as_written(kind: str, run_cli) -> None:
    done = run_cli("graph", "sum(stack([x, x], axis=1) * reshape(x, 2, 1))", "--x=[1, 2]", "--format", kind)
    assert done.exit_code == 0, done.output
    assert "stack" in done.output and "reshape" in done.output


AXIS_SETS = st.integers(2, 3).flatmap(lambda ndim: st.tuples(
    st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim),
    st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True)))


@settings(max_examples=30, deadline=None)
@given(AXIS_SETS, st.sampled_from(["sum", "mean", "logsumexp", "var"]))
def test_keepdims_changes_the_shape_and_nothing_else(case: tuple[list[int], list[int]], name: str) -> None:
    """For any shape and axes: with keepdims the reduced axes stay as ones, the values and the
    input's gradient are those without it (numpy's rule)."""
    shape, axes = case
    x = np.arange(np.prod(shape), dtype=float).reshape(shape) / 5 - 1
    written = "(" + ", ".join(map(str, axes)) + ("," if len(axes) == 1 else "") + ")"
    kept = evaluate(f"r = {name}(x, axis={written}, keepdims=True); sum(r * r)", x=x, check=False)
    plain = evaluate(f"r = {name}(x, axis={written}); sum(r * r)", x=x, check=False)
    kept_value = kept.trace.values[kept.trace.graph.find("r")]
    assert kept_value.shape == tuple(1 if k in axes else n for k, n in enumerate(shape))
    np.testing.assert_allclose(np.squeeze(kept_value, axis=tuple(axes)), plain.trace.values[plain.trace.graph.find("r")])
    np.testing.assert_allclose(kept.grad["x"], plain.grad["x"], rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=2, max_size=4), st.integers(1, 3))
def test_concatenate_sends_each_part_exactly_its_own_weights(sizes: list[int], width: int) -> None:
    """sum(concatenate(parts) * w): part k receives the rows of w that sit over it."""
    parts = {f"p{k}": np.full((n, width), float(k)) for k, n in enumerate(sizes)}
    w = np.arange(sum(sizes) * width, dtype=float).reshape(sum(sizes), width)
    source = f"sum(concatenate([{', '.join(parts)}], axis=0) * w)"
    result = evaluate(source, **parts, w=w, check=False)
    start = 0
    for k, n in enumerate(sizes):
        np.testing.assert_array_equal(result.grad[f"p{k}"], w[start : start + n])
        start += n
