"""Activation and elementary-function rows: leaky_relu, elu, softplus, silu, gelu, erf, log1p,
expm1, sinh, cosh, sign.

Conventions at kinks follow PyTorch: leaky_relu'(0) and elu'(0) take the negative side's slope
(the slope a), sign'(x) = 0 everywhere. An optional second argument (leaky_relu's and elu's a)
is an ordinary input: its partial derivative is given too, so a slope that is a variable is
differentiated like any other input, and the checks compare it like any other.
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.ops.op import Code, Op, np
from bpcalc.ops.scalar import _fmt, _sigmoid, _sigmoid_array, _sign_piece

_LEAKY_SLOPE = 0.01  # PyTorch's default negative_slope
_ELU_ALPHA = 1.0  # PyTorch's default alpha
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _is_number(a: Any) -> bool:
    return isinstance(a, float | int)


# ---- leaky_relu(a) and leaky_relu(a, s) -----------------------------------------------------
def _leaky(a: Any, s: Any = _LEAKY_SLOPE) -> Any:
    return a if a > 0 else s * a


def _leaky_array(a: Any, s: Any = _LEAKY_SLOPE) -> Any:
    return np.where(a > 0, a, s * a)


def _leaky_local(out: Any, a: Any, *slope: Any) -> tuple[Any, ...]:
    s = slope[0] if slope else _LEAKY_SLOPE
    d_a = 1.0 if a > 0 else s
    return (d_a, 0.0 if a > 0 else a) if slope else (d_a,)


def _leaky_local_array(out: Any, a: Any, *slope: Any) -> tuple[Any, ...]:
    s = slope[0] if slope else _LEAKY_SLOPE
    positive = np.asarray(a) > 0
    d_a = np.where(positive, 1.0, s)
    return (d_a, np.where(positive, 0.0, a)) if slope else (d_a,)


def _sym_leaky(sp: Any, a: Any, s: Any = None) -> Any:
    s = sp.Rational(1, 100) if s is None else s
    return sp.Piecewise((a, a > 0), (s * a, True))


# ---- elu(a) and elu(a, s) -------------------------------------------------------------------
def _elu(a: Any, s: Any = _ELU_ALPHA) -> Any:
    return a if a > 0 else s * math.expm1(a)


def _elu_array(a: Any, s: Any = _ELU_ALPHA) -> Any:
    return np.where(a > 0, a, s * np.expm1(np.minimum(a, 0.0)))


def _elu_local(out: Any, a: Any, *alpha: Any) -> tuple[Any, ...]:
    s = alpha[0] if alpha else _ELU_ALPHA
    if a > 0:
        return (1.0, 0.0) if alpha else (1.0,)
    return (s * math.exp(a), math.expm1(a)) if alpha else (s * math.exp(a),)


def _elu_local_array(out: Any, a: Any, *alpha: Any) -> tuple[Any, ...]:
    s = alpha[0] if alpha else _ELU_ALPHA
    positive = np.asarray(a) > 0
    negative = np.minimum(a, 0.0)
    d_a = np.where(positive, 1.0, s * np.exp(negative))
    return (d_a, np.where(positive, 0.0, np.expm1(negative))) if alpha else (d_a,)


def _sym_elu(sp: Any, a: Any, s: Any = None) -> Any:
    s = sp.Integer(1) if s is None else s
    return sp.Piecewise((a, a > 0), (s * (sp.exp(a) - 1), True))


def _slope_kink(out: Any, a: Any, *slope: Any) -> bool:
    """At a = 0 the two sides' slopes differ, unless the negative side's slope is 1 too."""
    s = slope[0] if slope else None
    if _is_number(a):
        return a == 0 and (s is None or s != 1)
    at_zero = np.asarray(a) == 0
    if s is not None:
        at_zero = at_zero & (np.asarray(s) != 1)
    return bool(np.any(at_zero))


def _elu_kink(out: Any, a: Any, *alpha: Any) -> bool:
    # With alpha = 1 (the default) elu is smooth at 0: both sides have slope 1 there.
    return bool(alpha) and _slope_kink(out, a, *alpha)


# ---- smooth activations ---------------------------------------------------------------------
def _softplus(a: float) -> float:
    # log(1 + e^a) = log1p(e^-|a|) + max(a, 0): no overflow at a = 800, no lost digits at -800.
    return math.log1p(math.exp(-abs(a))) + max(a, 0.0)


def _softplus_array(a: Any) -> Any:
    return np.log1p(np.exp(-np.abs(a))) + np.maximum(a, 0.0)


def _silu_local(out: Any, a: Any) -> tuple[Any]:
    s = _sigmoid(a)
    return (s * (1.0 + a * (1.0 - s)),)


def _silu_local_array(out: Any, a: Any) -> tuple[Any]:
    s = _sigmoid_array(a)
    return (s * (1.0 + a * (1.0 - s)),)


def _erf_array(a: Any) -> Any:
    # numpy has no erf; math.erf entry by entry keeps numpy the only array dependency.
    return np.frompyfunc(math.erf, 1, 1)(np.asarray(a, dtype=float)).astype(float)


def _erfc_array(a: Any) -> Any:
    return np.frompyfunc(math.erfc, 1, 1)(np.asarray(a, dtype=float)).astype(float)


# Phi(a) = (1 + erf(a / sqrt 2)) / 2, computed as erfc(-a / sqrt 2) / 2: no digits are lost to
# cancellation for negative a, where 1 + erf is tiny.
def _gelu(a: float) -> float:
    return 0.5 * a * math.erfc(-a * _SQRT_HALF)


def _gelu_array(a: Any) -> Any:
    return 0.5 * a * _erfc_array(-a * _SQRT_HALF)


def _gelu_local(out: Any, a: Any) -> tuple[Any]:
    return (0.5 * math.erfc(-a * _SQRT_HALF) + a * math.exp(-0.5 * a * a) * _INV_SQRT_2PI,)


def _gelu_local_array(out: Any, a: Any) -> tuple[Any]:
    return (0.5 * _erfc_array(-a * _SQRT_HALF) + a * np.exp(-0.5 * a * a) * _INV_SQRT_2PI,)


def _log1p_domain(a: Any) -> str | None:
    bad = a <= -1 if _is_number(a) else np.any(np.asarray(a) <= -1)
    return f"log1p is only defined for numbers above -1, got {_fmt(a)}" if bad else None


def _sign(a: Any) -> float:
    return float((a > 0) - (a < 0))


def _sym_sign(sp: Any, a: Any) -> Any:
    # Written piecewise rather than sp.sign: SymPy then differentiates each flat piece to 0
    # instead of to 2 DiracDelta(a), which has no value at 0 for the checker to compare.
    return sp.Piecewise((1, a > 0), (-1, a < 0), (0, True))


def _sign_kink(out: Any, a: Any) -> bool:
    return a == 0 if _is_number(a) else bool(np.any(np.asarray(a) == 0))


# The gates as lectures draw them when inputs are constants (Op.param_gates): constant
# positions, the gate"s name, its pattern sentence; {c} is the constant as written.
_LEAKY_RELU_GATES = (
    ((1,), "leaky_relu(x, {c})",
     "leaky_relu gate with slope {c}: passes the upstream gradient where a > 0 and scales it by "
     "{c} where a <= 0; the slope is a parameter and receives no gradient"),
)
_ELU_GATES = (
    ((1,), "elu(x, {c})",
     "elu gate with scale {c}: passes the upstream gradient where a > 0 and scales it by {c} * "
     "exp(a) where a <= 0; the scale is a parameter and receives no gradient"),
)


def activation_rows() -> list[Op]:
    return [
        Op(
            name="leaky_relu", arity=None, min_arity=1, max_arity=2,
            syntax="leaky_relu(a), leaky_relu(a, s)", symbol="leaky_relu", function="leaky_relu",
            forward=_leaky, forward_array=_leaky_array, local=_leaky_local, local_array=_leaky_local_array,
            sympy=_sym_leaky, kink=_slope_kink, piece=_sign_piece,
            kink_rule="leaky_relu'(0) = s, the negative side's slope (PyTorch)",
            gate="leaky_relu", rule="d/da = 1 if a > 0 else s (s = 0.01 unless given); d/ds = a if a <= 0 else 0",
            pattern="leaky_relu gate: like relu, but where a <= 0 it lets the upstream gradient through scaled by "
                    "the slope s instead of blocking it",
            latex=r"\operatorname{leaky\_relu}",
            code=(
                Code("{0} if {0} > 0 else 0.01 * {0}", ("{g} if {0} > 0 else 0.01 * {g}",), "scalar arity=1"),
                Code("{0} if {0} > 0 else {1} * {0}", ("{g} if {0} > 0 else {1} * {g}", "0.0 if {0} > 0 else {0} * {g}"), "scalar arity=2"),
                Code("np.where({0} > 0, {0}, 0.01 * {0})", ("np.where({0} > 0, {g}, 0.01 * {g})",), "arity=1"),
                Code("np.where({0} > 0, {0}, {1} * {0})",
                     ("np.where({0} > 0, {g}, {1} * {g})", "np.where({0} > 0, 0.0, {0} * {g})"), "arity=2"),
            ),
            param_gates=_LEAKY_RELU_GATES,
        ),
        Op(
            name="elu", arity=None, min_arity=1, max_arity=2,
            syntax="elu(a), elu(a, s)", symbol="elu", function="elu",
            forward=_elu, forward_array=_elu_array, local=_elu_local, local_array=_elu_local_array,
            sympy=_sym_elu, kink=_elu_kink, piece=_sign_piece,
            kink_rule="elu'(0) = s exp(0) = s, the negative side's slope (PyTorch); smooth for s = 1",
            gate="elu", rule="d/da = 1 if a > 0 else s * exp(a) (s = 1 unless given); d/ds = exp(a) - 1 if a <= 0 else 0",
            pattern="elu gate: passes the upstream gradient through where a > 0; where a <= 0 it scales it by "
                    "s * exp(a), which fades towards 0 as a falls",
            latex=r"\operatorname{elu}",
            code=(
                Code("{0} if {0} > 0 else math.expm1({0})", ("{g} if {0} > 0 else math.exp({0}) * {g}",), "scalar arity=1"),
                Code("{0} if {0} > 0 else {1} * math.expm1({0})",
                     ("{g} if {0} > 0 else {1} * math.exp({0}) * {g}", "0.0 if {0} > 0 else math.expm1({0}) * {g}"),
                     "scalar arity=2"),
                Code("np.where({0} > 0, {0}, np.expm1(np.minimum({0}, 0.0)))",
                     ("np.where({0} > 0, {g}, np.exp(np.minimum({0}, 0.0)) * {g})",), "arity=1"),
                Code("np.where({0} > 0, {0}, {1} * np.expm1(np.minimum({0}, 0.0)))",
                     ("np.where({0} > 0, {g}, {1} * np.exp(np.minimum({0}, 0.0)) * {g})",
                      "np.where({0} > 0, 0.0, np.expm1(np.minimum({0}, 0.0)) * {g})"), "arity=2"),
            ),
            param_gates=_ELU_GATES,
        ),
        Op(
            name="softplus", arity=1, syntax="softplus(a)", symbol="softplus", function="softplus",
            forward=_softplus, forward_array=_softplus_array,
            local=lambda out, a: (_sigmoid(a),), local_array=lambda out, a: (_sigmoid_array(a),),
            sympy=lambda sp, a: sp.log(1 + sp.exp(a)),
            gate="softplus", rule="d/da = sigmoid(a)",
            pattern="softplus gate: a smooth relu, log(1 + exp(a)); the input receives upstream * sigmoid(a)",
            latex=r"\operatorname{softplus}", formulas=("sigmoid(a)",),
            code=(Code("{m}.log1p({m}.exp({0}))", ("{g} / (1 + {m}.exp(-{0}))",)),),
        ),
        Op(
            name="silu", arity=1, syntax="silu(a)", symbol="silu", function="silu",
            forward=lambda a: a * _sigmoid(a), forward_array=lambda a: a * _sigmoid_array(a),
            local=_silu_local, local_array=_silu_local_array,
            sympy=lambda sp, a: a / (1 + sp.exp(-a)),
            gate="silu", rule="d/da = sigmoid(a) * (1 + a * (1 - sigmoid(a)))",
            pattern="silu (swish) gate: a * sigmoid(a); the input receives upstream * s (1 + a (1 - s)), "
                    "s = sigmoid(a)",
            latex=r"\operatorname{silu}", formulas=("sigmoid(a) * (1 + a * (1 - sigmoid(a)))",),
            code=(Code("{0} / (1 + {m}.exp(-{0}))", ("{g} * (1 + {m}.exp(-{0}) + {0} * {m}.exp(-{0})) / (1 + {m}.exp(-{0})) ** 2",)),),
        ),
        Op(
            name="gelu", arity=1, syntax="gelu(a)", symbol="gelu", function="gelu",
            forward=_gelu, forward_array=_gelu_array, local=_gelu_local, local_array=_gelu_local_array,
            sympy=lambda sp, a: a / 2 * (1 + sp.erf(a / sp.sqrt(2))),
            gate="gelu", rule="d/da = Phi(a) + a * phi(a), Phi and phi the standard normal cdf and density",
            pattern="gelu gate (erf form, a Phi(a)): the input receives upstream * (Phi(a) + a phi(a))",
            latex=r"\operatorname{gelu}",
            formulas=("0.5 * (1 + erf(a / sqrt(2))) + a * exp(-(a^2) / 2) / sqrt(2 * pi)",),
            code=(
                Code("0.5 * {0} * math.erfc(-{0} / math.sqrt(2))",
                     ("(0.5 * math.erfc(-{0} / math.sqrt(2)) + {0} * math.exp(-({0} ** 2) / 2) / math.sqrt(2 * math.pi)) * {g}",),
                     "scalar"),
            ),
        ),
        Op(
            name="erf", arity=1, syntax="erf(a)", symbol="erf", function="erf",
            forward=math.erf, forward_array=_erf_array,
            local=lambda out, a: (_TWO_OVER_SQRT_PI * math.exp(-a * a),),
            local_array=lambda out, a: (_TWO_OVER_SQRT_PI * np.exp(-a * a),),
            sympy=lambda sp, a: sp.erf(a),
            gate="erf", rule="d/da = 2 / sqrt(pi) * exp(-a^2)",
            pattern="erf gate: the input receives upstream * 2/sqrt(pi) exp(-a^2)",
            latex=r"\operatorname{erf}", formulas=("2 / sqrt(pi) * exp(-(a^2))",),
            code=(Code("math.erf({0})", ("2 / math.sqrt(math.pi) * math.exp(-({0} ** 2)) * {g}",), "scalar"),),
        ),
        Op(
            name="log1p", arity=1, syntax="log1p(a)", symbol="log1p", function="log1p",
            forward=math.log1p, forward_array=lambda a: np.log1p(a), local=lambda out, a: (1.0 / (1.0 + a),),
            sympy=lambda sp, a: sp.log(1 + a), domain=_log1p_domain,
            gate="log1p", rule="d/da = 1/(1 + a)",
            pattern="log1p gate: log(1 + a), exact near a = 0; the input receives upstream / (1 + a)",
            latex=r"\operatorname{log1p}", formulas=("1 / (1 + a)",),
            code=(Code("{m}.log1p({0})", ("{g} / (1 + {0})",)),),
        ),
        Op(
            name="expm1", arity=1, syntax="expm1(a)", symbol="expm1", function="expm1",
            forward=math.expm1, forward_array=lambda a: np.expm1(a), local=lambda out, a: (out + 1.0,),
            local_array=lambda out, a: (np.exp(a),),
            sympy=lambda sp, a: sp.exp(a) - 1,
            gate="expm1", rule="d/da = exp(a)",
            pattern="expm1 gate: exp(a) - 1, exact near a = 0; the input receives upstream * exp(a)",
            latex=r"\operatorname{expm1}", formulas=("out + 1",),
            code=(Code("{m}.expm1({0})", ("({out} + 1) * {g}",)),),
        ),
        Op(
            name="sinh", arity=1, syntax="sinh(a)", symbol="sinh", function="sinh",
            forward=math.sinh, forward_array=lambda a: np.sinh(a),
            local=lambda out, a: (math.cosh(a),), local_array=lambda out, a: (np.cosh(a),),
            sympy=lambda sp, a: sp.sinh(a),
            gate="sinh", rule="d/da = cosh(a)",
            pattern="sinh gate: the input receives upstream * cosh(a)",
            latex=r"\sinh", formulas=("cosh(a)",),
            code=(Code("{m}.sinh({0})", ("{m}.cosh({0}) * {g}",)),),
        ),
        Op(
            name="cosh", arity=1, syntax="cosh(a)", symbol="cosh", function="cosh",
            forward=math.cosh, forward_array=lambda a: np.cosh(a),
            local=lambda out, a: (math.sinh(a),), local_array=lambda out, a: (np.sinh(a),),
            sympy=lambda sp, a: sp.cosh(a),
            gate="cosh", rule="d/da = sinh(a)",
            pattern="cosh gate: the input receives upstream * sinh(a)",
            latex=r"\cosh", formulas=("sinh(a)",),
            code=(Code("{m}.cosh({0})", ("{m}.sinh({0}) * {g}",)),),
        ),
        Op(
            name="sign", arity=1, syntax="sign(a)", symbol="sign", function="sign",
            forward=_sign, forward_array=lambda a: np.sign(a),
            local=lambda out, a: (0.0,), local_array=lambda out, a: (np.zeros_like(np.asarray(a, dtype=float)),),
            sympy=_sym_sign, kink=_sign_kink, piece=_sign_piece,
            kink_rule="sign jumps at 0; its derivative is taken as 0 there too (PyTorch)",
            gate="sign", rule="d/da = 0",
            pattern="sign gate: a step, flat on each side, so the input receives 0 (no gradient flows through)",
            latex=r"\operatorname{sign}", formulas=("0",),
            code=(Code("float(({0} > 0) - ({0} < 0))", ("0.0 * {g}",), "scalar"), Code("np.sign({0})", ("0.0 * {g}",))),
        ),
    ]
