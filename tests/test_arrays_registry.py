"""Every array registry row (matmul, reductions, indexing, losses), checked against centred
finite differences and SymPy with one symbol per entry, on random shapes; and every
elementwise row on arrays with numpy broadcasting (vector + scalar, matrix + row vector).

Adding a non-elementwise row to bpcalc/ops/ without a case here fails `test_every_array_row_has_cases`,
unless it is an axis= reduction (its `display`), which REDUCTION_CASES covers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy as sp

from bpcalc import evaluate
from bpcalc.ops import REGISTRY, Op

ALL = slice(None)

# row name -> list of input tuples; static arguments (axis, index, labels) are given as they are.
CASES: dict[str, list[tuple[Any, ...]]] = {
    "matmul": [((2, 3), (3, 4)), ((2, 3), (3,)), ((3,), (3, 2)), ((3,), (3,))],
    "dot": [((4,), (4,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4))],
    "outer": [((2,), (3,))],
    "transpose": [((2, 3),), ((3,),)],
    "sum": [((2, 3),), ((2, 3), 0), ((2, 3), 1), ((2, 3), -1), ((4,), 0)],
    "mean": [((2, 3),), ((2, 3), 0), ((3, 2), 1), ((5,),)],
    "norm": [((4,),), ((2, 3), 0), ((2, 3), 1)],
    "amax": [((5,),), ((3, 4), 0), ((3, 4), 1)],
    "amin": [((5,),), ((3, 4), 0), ((3, 4), -1)],
    "index": [((4,), 1), ((4,), -1), ((2, 3), 1, ALL), ((3, 4), slice(0, 2), 2), ((5,), slice(1, 4)), ((2, 3), 0, 2),
              ((3, 4), np.array([0.0, 1.0, 2.0]), np.array([3.0, 0.0, 3.0])), ((4,), np.array([1.0, 1.0, 3.0])),
              ((5,), slice(None, None, -1)), ((5,), slice(3, 0, -2)), ((2, 3, 4), ALL, 1, ALL), ((2, 3, 4), 0)],
    "len": [(np.zeros(3),), (np.zeros((2, 3)),)],
    "shape": [(np.zeros((2, 3)),), (np.zeros(4),)],
    "arange": [(3,), (1, 4)],
    "softmax": [((4,),), ((2, 3),)],
    "log_softmax": [((4,),), ((2, 3),)],
    "cross_entropy": [((4,), 2), ((3, 4), np.array([0.0, 3.0, 1.0]))],
    "svm_loss": [((4,), 2), ((3, 4), np.array([0.0, 3.0, 1.0]))],
    "reshape": [((2, 3), np.array([3.0, 2.0])), ((6,), 2, 3), ((2, 3), np.array([-1.0]))],
    "flatten": [((2, 3),), ((4,),)],
    "ones": [(np.array([2.0, 3.0]),), (3,)],
    "zeros": [(np.array([2.0, 3.0]),), (3,)],
    "ones_like": [((2, 3),)],
    "zeros_like": [((2, 3),)],
    "array": [((2, 3), (2, 3)), ((), (), ())],
    "stack": [(0, (2, 3), (2, 3)), (2, (2, 3), (2, 3), (2, 3))],
    "concatenate": [(0, (2, 3), (1, 3)), (1, (2, 3), (2, 2))],
    "vstack": [((2, 3), (3,))],
    "hstack": [((2, 3), (2, 1)), ((3,), (2,))],
}

# A reduction written `name(x, axis=k)` (its `display`) with no cases above is checked on these
# shapes, so a new reduction row needs no case of its own here.
REDUCTION_CASES: list[tuple[Any, ...]] = [((2, 3),), ((2, 3), 0), ((2, 3), 1), ((3, 4), -1), ((5,), 0)]

ARRAY_ROWS = [op for op in REGISTRY.values() if op.vjp is not None]


def is_axis_reduction(op: Op) -> bool:
    return op.display is not None and op.display.endswith(", axis={1})")


def cases_of(op: Op) -> list[tuple[Any, ...]]:
    return CASES.get(op.name) or (REDUCTION_CASES if is_axis_reduction(op) else [])
ELEMENTWISE_BINARY = [op for op in REGISTRY.values() if op.vjp is None and op.accepts(2) and op.name != "pow"]
ELEMENTWISE_UNARY = [op for op in REGISTRY.values() if op.vjp is None and op.arity == 1]
BROADCASTS = [((3,), ()), ((), (3,)), ((2, 3), (3,)), ((2, 3), (2, 1)), ((2, 1), (1, 3))]


def make_inputs(op: Op, case: tuple[Any, ...], seed: int) -> list[Any]:
    """Random arrays for the shape entries; static arguments as given (floats, like the parser's)."""
    rng = np.random.default_rng(seed)
    inputs: list[Any] = []
    for position, item in enumerate(case):
        if op.is_static(position):
            inputs.append(item if isinstance(item, slice | np.ndarray) else float(item))
        else:
            inputs.append(rng.normal(size=item))
    return inputs


def loss_weights(out: Any, seed: int) -> Any:
    """A random upstream gradient g, so the VJP is tested against d<g, out>/dx, not just d sum(out)/dx."""
    return np.random.default_rng(seed + 100).normal(size=np.shape(out))


def finite_difference(op: Op, inputs: list[Any], j: int, g: Any, h: float = 1e-6) -> Any:
    x = inputs[j]
    grad = np.zeros_like(x)
    for position in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[position] += h
        minus[position] -= h
        f_plus = np.sum(g * op.forward_array(*inputs[:j], plus, *inputs[j + 1 :]))
        f_minus = np.sum(g * op.forward_array(*inputs[:j], minus, *inputs[j + 1 :]))
        grad[position] = (f_plus - f_minus) / (2 * h)
    return grad


def symbols_for(name: str, x: Any) -> Any:
    out = np.empty(x.shape, dtype=object)
    for position in np.ndindex(*x.shape):
        out[position] = sp.Symbol(name + "".join(f"_{p}" for p in position), real=True)
    return out


def flat(value: Any) -> list[Any]:
    return list(np.asarray(value, dtype=object).ravel())


def params() -> list[Any]:
    return [pytest.param(op, case, id=f"{op.name}-{n}") for op in ARRAY_ROWS for n, case in enumerate(cases_of(op))]


def test_every_array_row_has_cases() -> None:
    assert not [op.name for op in ARRAY_ROWS if not cases_of(op)]
    assert set(CASES) <= {op.name for op in ARRAY_ROWS}


@pytest.mark.parametrize(("op", "case"), params())
def test_vjp_matches_finite_differences(op: Op, case: tuple[Any, ...]) -> None:
    inputs = make_inputs(op, case, seed=len(case))
    out = op.forward_array(*inputs)
    g = loss_weights(out, seed=len(case))
    grads = op.vjp(g, out, *inputs)
    assert len(grads) == len(inputs)
    for j, grad in enumerate(grads):
        if op.is_static(j):
            assert grad is None
            continue
        assert np.shape(grad) == inputs[j].shape, "dL/dA has A's shape"
        np.testing.assert_allclose(grad, finite_difference(op, inputs, j, g), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(("op", "case"), params())
def test_forward_and_vjp_match_sympy_with_element_symbols(op: Op, case: tuple[Any, ...]) -> None:
    inputs = make_inputs(op, case, seed=7)
    out = op.forward_array(*inputs)
    g = loss_weights(out, seed=7)
    symbolic = [x if op.is_static(j) else symbols_for(f"a{j}", x) for j, x in enumerate(inputs)]
    expr = op.sympy(sp, *symbolic)
    at = {s: sp.Float(v) for j, x in enumerate(inputs) if not op.is_static(j) for s, v in zip(flat(symbolic[j]), x.ravel())}
    values = [float(sp.sympify(e).xreplace(at).evalf()) for e in flat(expr)]
    np.testing.assert_allclose(values, np.ravel(out), rtol=1e-10, atol=1e-12)
    scalar = sp.Add(*(w * e for w, e in zip(np.ravel(g), flat(expr))))
    grads = op.vjp(g, out, *inputs)
    for j in range(len(inputs)):
        if op.is_static(j):
            continue
        expected = [float(sp.diff(scalar, s).xreplace(at).evalf()) for s in flat(symbolic[j])]
        np.testing.assert_allclose(np.ravel(grads[j]), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("shapes", BROADCASTS, ids=str)
@pytest.mark.parametrize("op", ELEMENTWISE_BINARY, ids=lambda op: op.name)
def test_elementwise_gradients_unbroadcast_to_each_input_shape(op: Op, shapes: tuple[Any, Any]) -> None:
    rng = np.random.default_rng(3)
    a, b = (rng.uniform(0.5, 2.0, size=s) if s else float(rng.uniform(0.5, 2.0)) for s in shapes)
    w = rng.normal(size=np.broadcast_shapes(*shapes))
    text = f"sum(w * {op.function}(a, b))" if op.function else f"sum(w * (a {op.infix[0]} b))"
    result = evaluate(text, a=a, b=b, w=w)
    for name, x, j in (("a", a, 0), ("b", b, 1)):
        grad = result.gradients[name]
        assert np.shape(grad) == np.shape(x)
        inputs = [np.asarray(a, dtype=float), np.asarray(b, dtype=float)]
        expected = np.zeros(np.shape(x))
        for position in np.ndindex(*np.shape(x)):
            plus, minus = [v.copy() for v in inputs], [v.copy() for v in inputs]
            plus[j][position] += 1e-6
            minus[j][position] -= 1e-6
            fn = op.forward_array or op.forward
            expected[position] = (np.sum(w * fn(*plus)) - np.sum(w * fn(*minus))) / 2e-6
        np.testing.assert_allclose(grad, expected, rtol=1e-5, atol=1e-7)
    assert result.check.passed


@pytest.mark.parametrize("op", ELEMENTWISE_UNARY, ids=lambda op: op.name)
def test_elementwise_rows_have_diagonal_jacobians_on_matrices(op: Op) -> None:
    x = np.array([[0.3, 0.7, 1.1], [0.2, 0.9, 1.3]])
    w = np.array([[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]])
    result = evaluate(f"sum(w * {op.function}(x))" if op.function else "sum(w * -x)", x=x, w=w)
    fn = op.forward_array or op.forward
    expected = np.zeros_like(x)
    for position in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[position] += 1e-6
        minus[position] -= 1e-6
        expected[position] = (np.sum(w * fn(plus)) - np.sum(w * fn(minus))) / 2e-6
    np.testing.assert_allclose(result.gradients["x"], expected, rtol=1e-5, atol=1e-7)
    assert result.check.passed


# ---- Reductions against JAX (an independent autodiff), and ties and zero spreads by hand ----------


@pytest.fixture(scope="module")
def jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    return jax


STATISTICS = {"logsumexp": "logsumexp", "variance": "var", "std": "std"}


@pytest.mark.parametrize("name", sorted(STATISTICS))
@pytest.mark.parametrize(("shape", "axis"), [((5,), None), ((3, 4), 0), ((3, 4), -1)])
def test_statistics_rows_agree_with_jax(jax, name: str, shape: tuple[int, ...], axis: int | None) -> None:
    from jax.scipy.special import logsumexp

    jnp = jax.numpy
    reference = {"logsumexp": logsumexp, "variance": jnp.var, "std": jnp.std}[name]
    op = REGISTRY[name]
    x = np.random.default_rng(11).normal(size=shape) * 3.0
    rest = () if axis is None else (float(axis),)
    out = op.forward_array(x, *rest)
    np.testing.assert_allclose(out, np.asarray(reference(x, axis=axis)), rtol=1e-13)
    g = loss_weights(out, seed=3)
    expected = jax.grad(lambda v: jnp.sum(g * reference(v, axis=axis)))(x)
    np.testing.assert_allclose(op.vjp(g, out, x, *rest)[0], np.asarray(expected), rtol=1e-12, atol=1e-14)


def test_logsumexp_is_stable_for_large_entries() -> None:
    op = REGISTRY["logsumexp"]
    assert op.forward_array(np.array([1000.0, 1000.0])) == pytest.approx(1000.0 + np.log(2.0), rel=1e-15)
    np.testing.assert_allclose(op.forward_array(np.array([[-1000.0, -1000.0], [5.0, 5.0]]), 1.0),
                               [-1000.0 + np.log(2.0), 5.0 + np.log(2.0)], rtol=1e-15)


def test_var_is_the_population_variance() -> None:
    assert REGISTRY["variance"].forward_array(np.array([1.0, 2.0, 3.0, 4.0])) == 1.25  # ddof = 0
    assert REGISTRY["std"].forward_array(np.array([1.0, 3.0])) == 1.0


def test_std_gradient_is_zero_where_all_entries_are_equal_and_that_is_a_kink() -> None:
    std = REGISTRY["std"]
    x = np.array([[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]])
    out = std.forward_array(x, 1.0)
    grad = std.vjp(np.array([1.0, 1.0]), out, x, 1.0)[0]
    np.testing.assert_allclose(grad, [[0.0, 0.0, 0.0], [-1 / (3 * np.sqrt(2 / 3)), 0.0, 1 / (3 * np.sqrt(2 / 3))]])
    assert std.kink(out, x, 1.0)
    assert not std.kink(std.forward_array(x[1:], 1.0), x[1:], 1.0)
    one_entry = np.array([[4.0], [5.0]])  # one entry per slice: std is the constant 0, smooth
    assert not std.kink(std.forward_array(one_entry, 1.0), one_entry, 1.0)


def test_std_at_zero_spread_says_kink_end_to_end() -> None:
    result = evaluate("std(x)", x=np.array([2.0, 2.0, 2.0]))
    np.testing.assert_array_equal(result.gradients["x"], [0.0, 0.0, 0.0])
    assert result.check.passed
    assert result.check.nodes[result.trace.graph.output].verdict == "kink"


@pytest.mark.parametrize("name", ["amax", "amin"])
def test_amax_and_amin_share_ties_evenly(name: str) -> None:
    op = REGISTRY[name]
    best = 3.0 if name == "amax" else -3.0
    x = np.array([1.0 * np.sign(best), best, best, 0.0])
    out = op.forward_array(x)
    np.testing.assert_array_equal(op.vjp(2.0, out, x)[0], [0.0, 1.0, 1.0, 0.0])
    m = np.array([[best, 0.0], [best, best]])
    out = op.forward_array(m, 1.0)
    np.testing.assert_array_equal(op.vjp(np.array([1.0, 4.0]), out, m, 1.0)[0], [[1.0, 0.0], [2.0, 2.0]])


def test_logsumexp_and_var_end_to_end() -> None:
    result = evaluate("logsumexp(x) + sum(var(x, axis=0))", x=np.array([[1.0, 2.0], [3.0, 5.0]]))
    x = np.array([[1.0, 2.0], [3.0, 5.0]])
    soft = np.exp(x) / np.exp(x).sum()
    assert result.trace.output == pytest.approx(np.log(np.exp(x).sum()) + 1.0 + 2.25, rel=1e-14)
    np.testing.assert_allclose(result.gradients["x"], soft + (x - x.mean(axis=0)), rtol=1e-13)
    assert result.check.passed
