"""The array forms CS231n assignments use, against references that share no code with ours:
keepdims= and tuple axes on every reduction, reshape/flatten, ones/zeros, literals of computed
parts and stack/concatenate, and batched @. Each gradient is compared with JAX (written here
from the mathematics) and with centred finite differences of a numpy function written here;
bad uses end with one message, a caret and exit 2."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc import evaluate
from bpcalc.errors import BpcalcError
from bpcalc.language.format import node_text
from bpcalc.language.parser import parse

jax = pytest.importorskip("jax", reason="JAX (the independent autodiff reference) is not installed: pip install '.[test]'")
jax.config.update("jax_enable_x64", True)
jnp = jax.numpy


def centred_differences(function: Callable[..., float], values: dict[str, np.ndarray], step: float = 1e-6) -> dict[str, np.ndarray]:
    """d function / d each value, entry by entry, by (f(v + h) - f(v - h)) / 2h."""
    grads = {}
    for name, value in values.items():
        grad = np.zeros_like(value, dtype=float)
        for position in np.ndindex(*value.shape):
            up = {k: v.copy() for k, v in values.items()}
            down = {k: v.copy() for k, v in values.items()}
            up[name][position] += step
            down[name][position] -= step
            grad[position] = (function(**up) - function(**down)) / (2 * step)
        grads[name] = grad
    return grads


def assert_gradients(source: str, jax_function: Callable[..., Any], numpy_function: Callable[..., float],
                     values: dict[str, np.ndarray]) -> None:
    """Our value and gradients equal JAX's, and centred differences of the numpy function."""
    result = evaluate(source, **values, check=False)  # the references here are JAX and differences, not our check
    names = sorted(values)
    value, grads = jax.jit(jax.value_and_grad(lambda *args: jax_function(**dict(zip(names, args))),
                                              argnums=tuple(range(len(names)))))(*[jnp.asarray(values[n]) for n in names])
    assert float(result.value) == pytest.approx(float(value), rel=1e-10)
    differences = centred_differences(numpy_function, values)
    for name, grad in zip(names, grads):
        np.testing.assert_allclose(result.grad[name], np.asarray(grad), rtol=1e-9, atol=1e-12, err_msg=f"JAX d/d{name}")
        np.testing.assert_allclose(result.grad[name], differences[name], rtol=1e-5, atol=1e-7, err_msg=f"FD d/d{name}")


RNG = np.random.default_rng(15)
X3 = RNG.normal(size=(2, 3, 4))

# name in bpcalc -> (jax reduction, numpy reduction), each written here.
REDUCTIONS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "sum": (jnp.sum, np.sum),
    "mean": (jnp.mean, np.mean),
    "max": (jnp.max, np.max),
    "min": (jnp.min, np.min),
    "norm": (lambda x, axis, keepdims: jnp.sqrt(jnp.sum(x**2, axis=axis, keepdims=keepdims)),
             lambda x, axis, keepdims: np.sqrt(np.sum(x**2, axis=axis, keepdims=keepdims))),
    "logsumexp": (jax.scipy.special.logsumexp,
                  lambda x, axis, keepdims: np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))),
    "var": (jnp.var, np.var),
    "std": (jnp.std, np.std),
}
AXES = [("0", 0), ("-1", -1), ("(0, 2)", (0, 2)), ("(1, 2)", (1, 2)), ("(-1, 0)", (-1, 0)), ("None", None)]


@pytest.mark.parametrize("name", list(REDUCTIONS))
@pytest.mark.parametrize(("axis_text", "axis"), AXES, ids=[a for a, _ in AXES])
def test_every_reduction_takes_keepdims_and_tuple_axes(name: str, axis_text: str, axis: Any) -> None:
    jax_reduce, np_reduce = REDUCTIONS[name]
    weights = RNG.normal(size=np_reduce(X3, axis=axis, keepdims=True).shape)
    source = f"sum({name}(x, axis={axis_text}, keepdims=True) * w)"
    assert_gradients(source, lambda x, w: jnp.sum(jax_reduce(x, axis=axis, keepdims=True) * w),
                     lambda x, w: float(np.sum(np_reduce(x, axis=axis, keepdims=True) * w)), {"x": X3, "w": weights})


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_a_tuple_axis_without_keepdims_drops_the_axes(name: str) -> None:
    jax_reduce, np_reduce = REDUCTIONS[name]
    weights = RNG.normal(size=(3,))
    assert_gradients(f"sum({name}(x, axis=(0, 2)) * w)", lambda x, w: jnp.sum(jax_reduce(x, axis=(0, 2), keepdims=False) * w),
                     lambda x, w: float(np.sum(np_reduce(x, axis=(0, 2), keepdims=False) * w)), {"x": X3, "w": weights})


def test_keepdims_alone_reduces_every_axis_and_keeps_them_as_ones() -> None:
    result = evaluate("s = sum(x, keepdims=True); t = sum(s * w)", x=X3, w=np.array([[[2.0]]]))
    kept = result.trace.values[result.trace.graph.find("s")]
    assert kept.shape == (1, 1, 1)
    assert float(kept[0, 0, 0]) == pytest.approx(float(np.sum(X3)))
    np.testing.assert_allclose(result.grad["x"], np.full(X3.shape, 2.0))


def test_method_forms_take_the_keywords_too() -> None:
    weights = RNG.normal(size=(2, 3, 1))
    assert_gradients("sum(x.max(axis=-1, keepdims=True) * w)", lambda x, w: jnp.sum(jnp.max(x, axis=-1, keepdims=True) * w),
                     lambda x, w: float(np.sum(np.max(x, axis=-1, keepdims=True) * w)), {"x": X3, "w": weights})


def test_keepdims_false_is_the_plain_reduction() -> None:
    plain = evaluate("sum(mean(x, axis=1) * w)", x=X3, w=np.ones((2, 4)))
    explicit = evaluate("sum(mean(x, axis=1, keepdims=False) * w)", x=X3, w=np.ones((2, 4)))
    assert float(plain.value) == float(explicit.value)
    np.testing.assert_allclose(plain.grad["x"], explicit.grad["x"])


@pytest.mark.parametrize(("source", "message"), [
    ("sum(x, axis=(0, 0))", "the axes (0, 0) name an axis twice"),
    ("sum(x, axis=(0, 3))", "axis 3 does not exist for an input of shape (2, 3, 4)"),
    ("sum(x, keepdims=2)", "keepdims must be True or False"),
    ("sum(x, 0, axis=1)", "'axis' of sum() is given twice, by position and by name"),
    ("sum(x, axis=0, axis=1)", "the keyword 'axis' is given twice"),
    ("sum(x, keepdim=True)", "unknown keyword argument 'keepdim' in sum()"),
    ("sum(axis=0, x)", "a positional argument after a keyword argument"),
    ("sum(x, axis=(0, y))", "'y' cannot stand in a tuple"),
])
def test_reduction_keyword_mistakes_are_refused_by_name(source: str, message: str) -> None:
    with pytest.raises(BpcalcError) as caught:
        evaluate(source, x=X3)
    assert message in caught.value.message


def test_an_unknown_keyword_names_the_keywords_the_call_takes(run_cli) -> None:
    done = run_cli("eval", "sum(x, keepdim=True)", "--x=[1, 2]")
    assert done.exit_code == 2
    assert "unknown keyword argument 'keepdim' in sum()" in done.output
    assert "takes the keywords: axis, keepdims" in done.output
    assert "       ^^^^^^^" in done.output
    assert "Traceback" not in done.output


# ---- reshape, flatten, ravel ----------------------------------------------------------------

X23 = RNG.normal(size=(2, 3))


@pytest.mark.parametrize(("written", "shape"), [
    ("(3, 2)", (3, 2)), ("3, 2", (3, 2)), ("(-1, 2)", (-1, 2)), ("(6,)", (6,)), ("6", (6,)), ("(1, -1, 3)", (1, -1, 3)),
])
def test_reshape_moves_the_gradient_back_to_the_inputs_shape(written: str, shape: tuple[int, ...]) -> None:
    weights = RNG.normal(size=np.reshape(X23, shape).shape)
    assert_gradients(f"sum(reshape(x, {written}) * w)", lambda x, w: jnp.sum(jnp.reshape(x, shape) * w),
                     lambda x, w: float(np.sum(np.reshape(x, shape) * w)), {"x": X23, "w": weights})


@pytest.mark.parametrize("name", ["flatten", "ravel"])
def test_flatten_and_ravel_read_rows_in_order(name: str) -> None:
    weights = np.arange(6.0)
    assert_gradients(f"sum({name}(x) * w)", lambda x, w: jnp.sum(jnp.ravel(x) * w),
                     lambda x, w: float(np.sum(np.ravel(x) * w)), {"x": X23, "w": weights})


def test_reshape_to_another_size_names_both_sizes(run_cli) -> None:
    done = run_cli("eval", "sum(reshape(x, (4, 2)))", "--x=[[1, 2, 3], [4, 5, 6]]")
    assert done.exit_code == 2
    assert "cannot reshape 6 entries (shape (2, 3)) into shape (4, 2), which holds 8" in done.output
    assert "\n      ^^^^^^^^^^^^^^^^^^\n" in done.output


@pytest.mark.parametrize(("shape", "message"), [
    ("(-1, -1)", "more than one -1"), ("(4, -1)", "6 is not a multiple of 4"), ("(-2, 3)", "has a negative size"),
])
def test_reshape_shapes_that_cannot_be_worked_out_are_refused(shape: str, message: str) -> None:
    with pytest.raises(BpcalcError) as caught:
        evaluate(f"sum(reshape(x, {shape}))", x=X23)
    assert message in caught.value.message


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.data())
def test_reshape_of_any_shape_sends_back_the_weights_reshaped(sizes: list[int], data: st.DataObject) -> None:
    """d sum(reshape(x, s) * w) / dx = reshape(w, shape of x), whatever the shapes."""
    count = int(np.prod(sizes))
    target = data.draw(st.sampled_from([(count,), (1, count), (count, 1), tuple(reversed(sizes))]))
    x = np.arange(count, dtype=float).reshape(sizes) / 7
    w = np.linspace(-1, 1, count).reshape(target)
    written = "(" + ", ".join(map(str, target)) + ("," if len(target) == 1 else "") + ")"
    result = evaluate(f"sum(reshape(x, {written}) * w)", x=x, w=w, check=False)
    np.testing.assert_array_equal(result.grad["x"], np.reshape(w, x.shape))


# ---- ones, zeros, ones_like, zeros_like ----------------------------------------------------


def test_ones_and_zeros_fold_into_constants() -> None:
    graph = parse("x * ones((2, 3)) + zeros(3)").graph
    assert "ones" not in graph.ops and "zeros" not in graph.ops
    folded = [graph.constants[i] for i in graph.constants if np.ndim(graph.constants[i]) == 2]
    np.testing.assert_array_equal(folded[0], np.ones((2, 3)))


def test_ones_like_sends_a_zero_gradient() -> None:
    assert_gradients("sum((x + 1) * ones_like(x) + zeros_like(x) * x)", lambda x: jnp.sum((x + 1) * jnp.ones_like(x)),
                     lambda x: float(np.sum((x + 1) * np.ones_like(x))), {"x": X23})
    result = evaluate("sum(ones_like(x))", x=X23)
    assert float(result.value) == 6.0
    np.testing.assert_array_equal(result.grad["x"], np.zeros((2, 3)))


def test_a_huge_constant_array_is_refused_before_it_is_built(run_cli) -> None:
    done = run_cli("eval", "sum(x * ones((100000, 100000)))", "--x=2")
    assert done.exit_code == 2
    assert "holds 10,000,000,000 numbers" in done.output
    assert "Traceback" not in done.output


# ---- literals of computed parts, stack, concatenate ----------------------------------------


def test_a_literal_of_computed_scalars_is_a_vector_node() -> None:
    values = {"a": np.array(1.5), "b": np.array(-0.5)}
    assert_gradients("sum([a * b, exp(a), b] * [1, 2, 3])",
                     lambda a, b: jnp.sum(jnp.stack([a * b, jnp.exp(a), b]) * jnp.array([1.0, 2.0, 3.0])),
                     lambda a, b: float(np.sum(np.stack([a * b, np.exp(a), b]) * np.array([1.0, 2.0, 3.0]))), values)


def test_a_nested_literal_of_computed_parts_is_a_matrix() -> None:
    w = RNG.normal(size=(2, 2))
    assert_gradients("sum([[x[0], 1], [x[1] * x[2], 2]] * w)",
                     lambda x, w: jnp.sum(jnp.array([[x[0], 1.0], [x[1] * x[2], 2.0]]) * w),
                     lambda x, w: float(np.sum(np.array([[x[0], 1.0], [x[1] * x[2], 2.0]]) * w)),
                     {"x": np.array([0.5, -1.0, 2.0]), "w": w})


def test_a_literal_of_numbers_stays_one_constant() -> None:
    graph = parse("x * [1, 2]").graph
    assert "array" not in graph.ops


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_sends_each_part_its_slice(axis: int) -> None:
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))
    w = RNG.normal(size=np.stack([a, b], axis=axis).shape)
    assert_gradients(f"sum(stack([a, tanh(b)], axis={axis}) * w)",
                     lambda a, b, w: jnp.sum(jnp.stack([a, jnp.tanh(b)], axis=axis) * w),
                     lambda a, b, w: float(np.sum(np.stack([a, np.tanh(b)], axis=axis) * w)), {"a": a, "b": b, "w": w})


@pytest.mark.parametrize("axis", [0, 1])
def test_concatenate_cuts_the_gradient_where_the_parts_meet(axis: int) -> None:
    a = RNG.normal(size=(2, 3))
    b = RNG.normal(size=(1, 3) if axis == 0 else (2, 1))
    w = RNG.normal(size=np.concatenate([a, b], axis=axis).shape)
    assert_gradients(f"sum(concatenate([a, b * b], axis={axis}) * w)",
                     lambda a, b, w: jnp.sum(jnp.concatenate([a, b * b], axis=axis) * w),
                     lambda a, b, w: float(np.sum(np.concatenate([a, b * b], axis=axis) * w)), {"a": a, "b": b, "w": w})


@pytest.mark.parametrize(("name", "shapes"), [("vstack", [(2, 3), (3,)]), ("hstack", [(2, 3), (2, 1)]), ("hstack", [(3,), (2,)])])
def test_vstack_and_hstack_join_as_numpy_does(name: str, shapes: list[tuple[int, ...]]) -> None:
    a, b = RNG.normal(size=shapes[0]), RNG.normal(size=shapes[1])
    np_join, jnp_join = getattr(np, name), getattr(jnp, name)
    w = RNG.normal(size=np_join([a, b]).shape)
    assert_gradients(f"sum({name}([a, b]) * w)", lambda a, b, w: jnp.sum(jnp_join([a, b]) * w),
                     lambda a, b, w: float(np.sum(np_join([a, b]) * w)), {"a": a, "b": b, "w": w})


@pytest.mark.parametrize(("source", "message"), [
    ("sum([x, x[0]])", "needs parts of one shape, got (2, 3), (3,)"),
    ("sum(stack(x))", "stack() takes a list of parts, as in stack([a, b])"),
    ("sum(concatenate([x, x[0]]))", "the same number of axes"),
    ("sum(stack([x, x], axis=3))", "axis 3 does not exist for the stacked array, which has 3 axes"),
    ("sum([x, x)", "'[' is never closed"),
    ("sum([x, x]])", "unbalanced ']'"),
])
def test_stacking_mistakes_are_refused_by_name(source: str, message: str) -> None:
    with pytest.raises(BpcalcError) as caught:
        evaluate(source, x=X23)
    assert message in caught.value.message


# ---- batched @ ------------------------------------------------------------------------------


@pytest.mark.parametrize(("left", "right"), [
    ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((2, 3, 4), (4,)), ((4,), (2, 4, 5)),
    ((1, 3, 4), (2, 4, 2)), ((2, 1, 3, 4), (5, 4, 2)),
])
def test_batched_matmul_broadcasts_as_numpy_does(left: tuple[int, ...], right: tuple[int, ...]) -> None:
    a, b = RNG.normal(size=left), RNG.normal(size=right)
    w = RNG.normal(size=np.matmul(a, b).shape)
    assert_gradients("sum((a @ b) * w)", lambda a, b, w: jnp.sum((a @ b) * w), lambda a, b, w: float(np.sum((a @ b) * w)),
                     {"a": a, "b": b, "w": w})


@pytest.mark.parametrize(("left", "right", "message"), [
    ((2, 3, 4), (3, 4, 5), "(2, 3, 4) @ (3, 4, 5): the batch shapes (2,) and (3,) do not broadcast together"),
    ((2, 3, 4), (5, 2), "(2, 3, 4) @ (5, 2): the last axis of the left (4) and the second-to-last axis of the right (5) differ"),
    ((2, 3), (4,), "(2, 3) @ (4,): inner dimensions 3 and 4 differ"),
])
def test_matmul_shape_errors_name_both_shapes(left: tuple[int, ...], right: tuple[int, ...], message: str) -> None:
    with pytest.raises(BpcalcError) as caught:
        evaluate("sum(a @ b)", a=np.ones(left), b=np.ones(right))
    assert message in caught.value.message


def test_dot_shape_errors_name_both_shapes(run_cli) -> None:
    done = run_cli("eval", "dot(a, b)", "--a=[1, 2]", "--b=[1, 2, 3]")
    assert done.exit_code == 2
    assert "dot((2,), (3,)): the vectors' lengths 2 and 3 differ" in done.output


@pytest.mark.parametrize("source", [
    "sum(sum(x, axis=(0, 1), keepdims=True) * w)", "sum(max(x, axis=0, keepdims=True) * w)",
    "sum(reshape(x, (-1,)) * v)", "sum(stack([x, w], axis=1) * w[0])", "sum(concatenate([x, w]) * v[0])",
    "sum([sum(x), max(w)] * v[0:2])", "sum((x @ w) * ones_like(x))",
])
def test_the_cross_check_agrees_on_the_new_forms(source: str) -> None:
    values = {"x": np.array([[1.0, -2.0], [0.5, 3.0]]), "w": np.array([[0.2, 0.7], [-1.5, 0.4]]),
              "v": np.array([1.0, 2.0, -1.0, 0.5])}
    result = evaluate(source, **{k: v for k, v in values.items() if k in parse(source).graph.variables})
    assert result.check.passed, result.check.headline
    assert "sympy-elements" in result.check.methods


# ---- every new form written back as bpcalc syntax --------------------------------------------

ROUND_TRIPS = [
    ("sum(x, axis=0, keepdims=True)", "sum"), ("max(x, axis=(0, 1))", "amax"), ("mean(x, axis=None, keepdims=True)", "mean"),
    ("sum(x, keepdims=True)", "sum"), ("reshape(x, (3, 2))", "reshape"), ("reshape(x, 3, 2)", "reshape"),
    ("flatten(x)", "flatten"), ("ones_like(x)", "ones_like"), ("[x, x]", "array"), ("stack([x, x], axis=1)", "stack"),
    ("stack([x, x])", "stack"), ("concatenate([x, x], axis=-1)", "concatenate"), ("vstack([x, x])", "vstack"),
    ("hstack([x, x])", "hstack"), ("softmax(x, axis=0)", "softmax"), ("svm_loss(x, y, delta=0.5)", "svm_loss"),
]


@pytest.mark.parametrize(("source", "op"), ROUND_TRIPS)
def test_each_new_form_formats_back_to_the_same_node(source: str, op: str) -> None:
    graph = parse(source).graph
    assert graph.ops[graph.output] == op
    written = node_text(graph, graph.output)
    again = parse(written).graph
    assert again.ops[again.output] == op, written
    assert [again.ops[a] for a in again.args[again.output]] == [graph.ops[a] for a in graph.args[graph.output]], written
    assert [again.labels.get(a) for a in again.args[again.output]] == [graph.labels.get(a) for a in graph.args[graph.output]]


def test_the_formatter_writes_the_keywords_by_name() -> None:
    graph = parse("sum(x, keepdims=True)").graph
    assert node_text(graph, graph.output) == "sum(x, axis=None, keepdims=True)"
    graph = parse("stack([x, x])").graph
    assert node_text(graph, graph.output) == "stack([x, x], axis=0)"
