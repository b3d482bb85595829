"""Every elementwise registry row, checked against finite differences and SymPy.

Adding an operation adds a row to bpcalc/ops/; these tests then cover it automatically.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy as sp

from bpcalc.ops import REGISTRY, Op

SAMPLES = (-2.3, -0.7, 0.4, 1.3, 2.0, 3.1)
ELEMENTWISE = [op for op in REGISTRY.values() if op.vjp is None]


def arities(op: Op) -> list[int]:
    """Every input count the row accepts (variadic rows: up to 3), so optional arguments are covered."""
    if op.arity is not None:
        return [op.arity]
    return list(range(op.min_arity, (op.max_arity or 3) + 1))


def sample_points(op: Op) -> list[tuple[float, ...]]:
    """Input tuples inside the op's domain and away from kinks, up to 12 for each arity."""
    points = []
    for arity in arities(op):
        found = []
        for xs in itertools.islice(itertools.product(SAMPLES, repeat=arity), 0, None, 1 if arity == 1 else 7):
            if op.domain is not None and op.domain(*xs):
                continue
            out = op.forward(*xs)
            if op.kink is not None and op.kink(out, *xs):
                continue
            found.append(xs)
        if not found and arity == 2:  # every 7th pair lies on the diagonal a = b: a comparison's kink
            found = [xs for xs in itertools.product(SAMPLES, repeat=2)
                     if xs[0] != xs[1] and (op.domain is None or not op.domain(*xs))]
        points.extend(found[:12])
    return points


def centred_difference(op: Op, xs: tuple[float, ...], j: int, h: float = 1e-6) -> float:
    plus = list(xs)
    minus = list(xs)
    plus[j] += h
    minus[j] -= h
    return (op.forward(*plus) - op.forward(*minus)) / (2 * h)


@pytest.mark.parametrize("op", ELEMENTWISE, ids=lambda op: op.name)
def test_local_gradient_matches_finite_differences(op: Op) -> None:
    points = sample_points(op)
    assert points, f"{op.name}: no sample point inside its domain"
    for xs in points:
        out = op.forward(*xs)
        partials = op.local(out, *xs)
        assert len(partials) == len(xs)
        for j, partial in enumerate(partials):
            numeric = centred_difference(op, xs, j)
            assert partial == pytest.approx(numeric, rel=1e-5, abs=1e-6), (op.name, xs, j)


@pytest.mark.parametrize("op", ELEMENTWISE, ids=lambda op: op.name)
def test_forward_and_local_gradient_match_sympy(op: Op) -> None:
    for xs in sample_points(op):
        symbols = [sp.Symbol(f"a{j}", real=True) for j in range(len(xs))]
        expr = op.sympy(sp, *symbols)
        at = dict(zip(symbols, xs))
        out = op.forward(*xs)
        assert out == pytest.approx(float(expr.subs(at).evalf()), rel=1e-12, abs=1e-12)
        for j, partial in enumerate(op.local(out, *xs)):
            expected = float(sp.diff(expr, symbols[j]).subs(at).evalf())
            assert partial == pytest.approx(expected, rel=1e-10, abs=1e-12), (op.name, xs, j)


@pytest.mark.parametrize("op", list(REGISTRY.values()), ids=lambda op: op.name)
def test_every_row_documents_itself(op: Op) -> None:
    assert op.syntax and op.symbol and op.rule
    assert op.pattern.startswith(op.gate), "the pattern sentence names its gate first"


@pytest.mark.parametrize("op", [op for op in REGISTRY.values() if op.kink is not None], ids=lambda op: op.name)
def test_kink_ops_state_their_convention(op: Op) -> None:
    assert op.kink_rule


def test_relu_and_abs_follow_pytorch_at_zero() -> None:
    assert REGISTRY["relu"].local(0.0, 0.0) == (0.0,)
    assert REGISTRY["abs"].local(0.0, 0.0) == (0.0,)


def test_max_tie_shares_gradient_evenly() -> None:
    assert REGISTRY["max"].local(2.0, 2.0, 2.0, 1.0) == (0.5, 0.5, 0.0)


def test_sigmoid_does_not_overflow_far_from_zero() -> None:
    assert REGISTRY["sigmoid"].forward(-1000.0) == 0.0
    assert REGISTRY["sigmoid"].forward(1000.0) == 1.0
    assert math.isclose(REGISTRY["sigmoid"].forward(0.0), 0.5)


# ---- The registry's own fields: pieces, formulas, LaTeX, display, constants ----------------------

KINKED = [op for op in REGISTRY.values() if op.kink is not None and op.vjp is None]


@pytest.mark.parametrize("op", [op for op in REGISTRY.values() if op.kink is not None], ids=lambda op: op.name)
def test_every_kinked_row_says_which_piece_is_active(op: Op) -> None:
    assert op.piece is not None, "the checker reads `piece` to tell when a difference straddles a kink"


@pytest.mark.parametrize("op", KINKED, ids=lambda op: op.name)
def test_pieces_differ_on_the_two_sides_of_a_kink_and_agree_on_one_side(op: Op) -> None:
    for arity in arities(op):
        below = (-0.5, *([0.5] * (arity - 1)))  # max/min: the first input loses; relu & co: a < 0
        above = (0.7, *([0.5] * (arity - 1)))
        further = (0.9, *([0.5] * (arity - 1)))
        pieces = [op.piece(op.forward(*xs), *xs) for xs in (below, above, further)]
        assert pieces[0] != pieces[1], (op.name, arity)
        assert pieces[1] == pieces[2], (op.name, arity)


def formula_points(op: Op) -> list[tuple[float, ...]]:
    return [xs for xs in sample_points(op) if op.arity is not None or len(xs) == len(op.formulas or ())]


@pytest.mark.parametrize("op", [op for op in REGISTRY.values() if op.formulas is not None], ids=lambda op: op.name)
def test_formulas_are_bpcalc_syntax_that_computes_the_local_gradient(op: Op) -> None:
    """Each per-input formula, parsed and run by bpcalc at a sample point, equals the row's local rule there."""
    from bpcalc.engine import run
    from bpcalc.language.parser import parse

    points = formula_points(op)
    assert points
    for xs in points[:4]:
        out = op.forward(*xs)
        named = {**dict(zip("abc", xs)), "out": out}
        for formula, partial in zip(op.formulas, op.local(out, *xs), strict=True):
            graph = parse(formula).graph
            value = run(graph, {name: named[name] for name in graph.variables}).output
            assert value == pytest.approx(partial, rel=1e-12, abs=1e-15), (op.name, formula, xs)


@pytest.mark.parametrize("op", list(REGISTRY.values()), ids=lambda op: op.name)
def test_every_row_has_its_latex_form(op: Op) -> None:
    assert op.latex and "mathit" not in op.latex


@pytest.mark.parametrize("op", [op for op in REGISTRY.values() if op.display is not None], ids=lambda op: op.name)
def test_display_templates_are_valid_bpcalc_syntax(op: Op) -> None:
    from bpcalc.language.parser import parse

    text = op.display.replace("{1:}", "{1}").format("W", "1")
    graph = parse(text).graph
    assert graph.ops[graph.output] == op.name, text


def test_constants_carry_their_float_value_sympy_counterpart_and_latex() -> None:
    from bpcalc.ops import CONSTANT_ROWS, CONSTANTS

    assert {"pi": math.pi, "e": math.e} == CONSTANTS
    assert CONSTANT_ROWS["pi"].sympy(sp) is sp.pi and CONSTANT_ROWS["e"].sympy(sp) is sp.E
    assert CONSTANT_ROWS["pi"].latex == r"\pi"


def test_latex_names_come_from_the_rows() -> None:
    from bpcalc.render.latex import formula

    assert formula("cosh(a)") == r"\cosh\left(a\right)"
    assert r"\operatorname{relu}" in formula("relu(a)")


# ---- The new activation rows against JAX (an independent autodiff), and PyTorch's kinks by hand ---


@pytest.fixture(scope="module")
def jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    return jax


def jax_functions(jax) -> dict[str, object]:
    jnp, nn = jax.numpy, jax.nn
    from jax.scipy.special import erf

    return {
        "leaky_relu": lambda x, s=0.01: nn.leaky_relu(x, s), "elu": lambda x, s=1.0: nn.elu(x, s),
        "softplus": nn.softplus, "silu": nn.silu, "gelu": lambda x: nn.gelu(x, approximate=False), "erf": erf,
        "log1p": jnp.log1p, "expm1": jnp.expm1, "sinh": jnp.sinh, "cosh": jnp.cosh, "sign": jnp.sign,
    }


AWAY_FROM_KINKS = [(-3.7,), (-0.8,), (-1e-7,), (2e-9,), (0.45,), (2.6,), (-0.8, 0.2), (1.3, 0.2), (-2.1, 3.0)]


@pytest.mark.parametrize("name", ["leaky_relu", "elu", "softplus", "silu", "gelu", "erf", "log1p", "expm1", "sinh",
                                  "cosh", "sign"])
def test_new_rows_agree_with_jax_values_and_gradients(jax, name: str) -> None:
    op, reference = REGISTRY[name], jax_functions(jax)[name]
    for xs in AWAY_FROM_KINKS:
        if not op.accepts(len(xs)) or (op.domain is not None and op.domain(*xs)):
            continue
        out = op.forward(*xs)
        assert out == pytest.approx(float(reference(*xs)), rel=1e-13, abs=1e-300), (name, xs)
        partials = op.local(out, *xs)
        for j, expected in enumerate(jax.grad(reference, argnums=tuple(range(len(xs))))(*xs)):
            assert partials[j] == pytest.approx(float(expected), rel=1e-12, abs=1e-300), (name, xs, j)
        if op.forward_array is not None:
            arrays = [np.array([x, x]) for x in xs]
            np.testing.assert_allclose(op.forward_array(*arrays), [out, out], rtol=1e-13)
            rule = op.local_array or op.local
            for j, part in enumerate(rule(op.forward_array(*arrays), *arrays)):
                np.testing.assert_allclose(np.broadcast_to(part, (2,)), [partials[j]] * 2, rtol=1e-13)


def test_softplus_is_stable_far_out() -> None:
    softplus = REGISTRY["softplus"]
    assert softplus.forward(800.0) == 800.0
    assert softplus.forward(-800.0) == 0.0
    assert softplus.forward(-30.0) == pytest.approx(math.exp(-30.0), rel=1e-14)  # log(1 + e^-30) ~ e^-30
    np.testing.assert_array_equal(softplus.forward_array(np.array([800.0, -800.0])), [800.0, 0.0])
    assert softplus.local(800.0, 800.0) == (1.0,) and softplus.local(0.0, -800.0) == (0.0,)


def test_log1p_and_expm1_keep_their_digits_near_zero() -> None:
    assert REGISTRY["log1p"].forward(1e-12) == pytest.approx(1e-12 - 5e-25, rel=1e-15)
    assert REGISTRY["expm1"].forward(1e-12) == pytest.approx(1e-12 + 5e-25, rel=1e-15)
    assert REGISTRY["log1p"].domain(-1.0) and REGISTRY["log1p"].domain(-0.5) is None


def test_leaky_relu_and_elu_take_the_slope_at_zero_as_pytorch_does() -> None:
    # PyTorch: leaky_relu'(0) = negative_slope, elu'(0) = alpha (JAX's leaky_relu says 1 there).
    assert REGISTRY["leaky_relu"].local(0.0, 0.0) == (0.01,)
    assert REGISTRY["leaky_relu"].local(0.0, 0.0, 0.2) == (0.2, 0.0)
    assert REGISTRY["elu"].local(0.0, 0.0, 2.0) == (2.0, 0.0)
    np.testing.assert_array_equal(REGISTRY["leaky_relu"].local_array(None, np.array([-1.0, 0.0, 2.0]))[0],
                                  [0.01, 0.01, 1.0])
    np.testing.assert_array_equal(REGISTRY["elu"].local_array(None, np.array([0.0, 3.0]), 2.0)[0], [2.0, 1.0])


def test_kinks_of_the_new_rows_are_where_the_slopes_differ() -> None:
    leaky, elu, sign = REGISTRY["leaky_relu"], REGISTRY["elu"], REGISTRY["sign"]
    assert leaky.kink(0.0, 0.0) and leaky.kink(0.0, 0.0, 0.2) and not leaky.kink(0.0, 0.0, 1.0)
    assert not leaky.kink(1e-10, 1e-10)
    assert not elu.kink(0.0, 0.0) and elu.kink(0.0, 0.0, 2.0)  # alpha = 1: both sides have slope 1
    assert sign.kink(0.0, 0.0) and not sign.kink(1.0, 3.0)
    assert sign.local(1.0, 3.0) == (0.0,) and sign.forward(-2.0) == -1.0 and sign.forward(0.0) == 0.0


def test_a_slope_given_as_a_variable_gets_its_partial_derivative() -> None:
    from bpcalc import evaluate

    result = evaluate("leaky_relu(x, s) + elu(x, s)", x=-2.0, s=0.3)
    assert result.gradients["s"] == pytest.approx(-2.0 + math.expm1(-2.0), rel=1e-14)
    assert result.gradients["x"] == pytest.approx(0.3 + 0.3 * math.exp(-2.0), rel=1e-14)
    assert result.check.passed


# ---- Kink conventions and rules that a mutation run found unpinned --------------------------------


def test_relu_numpy_rule_gives_zero_at_zero() -> None:
    (part,) = REGISTRY["relu"].local_array(None, np.array([-1.0, 0.0, 2.0]))
    np.testing.assert_array_equal(part, [0.0, 0.0, 1.0])


def test_abs_numpy_rule_gives_zero_at_zero() -> None:
    (part,) = REGISTRY["abs"].local_array(None, np.array([-2.0, 0.0, 3.0]))
    np.testing.assert_array_equal(part, [-1.0, 0.0, 1.0])


@pytest.mark.parametrize("name", ["max", "min"])
def test_elementwise_max_and_min_numpy_rules_share_ties_evenly(name: str) -> None:
    op = REGISTRY[name]
    a, b, c = np.array([1.0, 2.0, 5.0]), np.array([1.0, 0.0, 5.0]), np.array([1.0, 9.0, -5.0])
    out = op.forward_array(a, b)
    parts = op.local_array(out, a, b)
    assert parts[0][0] == 0.5 and parts[1][0] == 0.5  # 1 = 1: a tie
    assert parts[0][1] + parts[1][1] == 1.0 and parts[0][2] + parts[1][2] == 1.0
    three = op.local_array(op.forward_array(a, b, c), a, b, c)
    np.testing.assert_allclose([p[0] for p in three], [1 / 3, 1 / 3, 1 / 3])


def test_pow_derivative_by_the_base_at_exponent_one(jax) -> None:
    pow_ = REGISTRY["pow"]
    for a in (2.5, 0.0, -1.5):
        expected = float(jax.grad(lambda x: x**1.0)(a))  # 1 everywhere, 0 ** 0 included
        assert pow_.local(pow_.forward(a, 1.0), a, 1.0)[0] == expected == 1.0
        d_base = pow_.local_array(np.array([a ** 1.0]), np.array([a]), np.array([1.0]))[0]
        np.testing.assert_array_equal(d_base, [1.0])


def test_sigmoid_numpy_rules_on_both_branches(jax) -> None:
    x = np.array([-30.0, -2.0, 0.0, 2.0])
    sigmoid = REGISTRY["sigmoid"]
    out = sigmoid.forward_array(x)
    np.testing.assert_allclose(out, np.asarray(jax.nn.sigmoid(x)), rtol=1e-14)
    (part,) = sigmoid.local(out, x)
    expected = np.asarray(jax.vmap(jax.grad(jax.nn.sigmoid))(x))
    np.testing.assert_allclose(part, expected, rtol=1e-13)
