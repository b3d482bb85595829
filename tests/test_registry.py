"""Every elementwise registry row, checked against finite differences and SymPy.

Adding an operation adds a row to bpcalc/ops/; these tests then cover it automatically.
"""

from __future__ import annotations

import itertools
import math

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
