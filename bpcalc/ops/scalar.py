"""Scalar operation rows: arithmetic, elementary functions, and the kinked gates."""

from __future__ import annotations

import math
import operator
from typing import Any

from bpcalc.ops.op import Code, Op, Rule, Slip, np


def _sigmoid(a: float) -> float:
    # Two branches so that neither exp overflows: sigmoid(-1000) is 0, not an error.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    z = math.exp(a)
    return z / (1.0 + z)


def _sigmoid_array(a: Any) -> Any:
    return np.where(a >= 0, 1.0 / (1.0 + np.exp(-np.abs(a))), np.exp(-np.abs(a)) / (1.0 + np.exp(-np.abs(a))))


def _pow(a: float, b: float) -> float:
    return math.pow(a, b)


def _pow_local(out: Any, a: Any, b: Any) -> tuple[Any, Any]:
    d_base = b * a ** (b - 1) if b != 1 else 1.0
    if a > 0:
        d_exp = out * math.log(a)
    elif a == 0 and b > 0:
        d_exp = 0.0
    else:
        d_exp = math.nan  # x^y is not a real function of y around a non-positive base
    return d_base, d_exp


def _pow_local_array(out: Any, a: Any, b: Any) -> tuple[Any, Any]:
    with np.errstate(divide="ignore", invalid="ignore"):
        d_base = np.where(b == 1, 1.0, b * np.power(a, b - 1.0))
        safe = np.where(a > 0, a, 1.0)
        d_exp = np.where(a > 0, out * np.log(safe), np.where((a == 0) & (b > 0), 0.0, np.nan))
    return d_base, d_exp


def _pow_domain(a: Any, b: Any) -> str | None:
    if isinstance(a, float | int) and isinstance(b, float | int):
        if a == 0 and b < 0:
            return "0 raised to a negative power is a division by zero"
        if a < 0 and b != int(b):
            return f"a negative base ({_fmt(a)}) to a non-integer power ({_fmt(b)}) is not a real number"
        return None
    if np.any((a == 0) & (b < 0)):
        return "0 raised to a negative power is a division by zero"
    if np.any((a < 0) & (b != np.floor(b))):
        return "a negative base to a non-integer power is not a real number"
    return None


def _div_domain(a: Any, b: Any) -> str | None:
    if np.any(b == 0) if not isinstance(b, float | int) else b == 0:
        return "division by zero"
    return None


def _log_domain(a: Any) -> str | None:
    bad = np.any(a <= 0) if not isinstance(a, float | int) else a <= 0
    return f"log is only defined for positive numbers, got {_fmt(a)}" if bad else None


def _sqrt_domain(a: Any) -> str | None:
    bad = np.any(a < 0) if not isinstance(a, float | int) else a < 0
    return f"sqrt of a negative number ({_fmt(a)})" if bad else None


def _tan_domain(a: Any) -> str | None:
    c = math.cos(a) if isinstance(a, float | int) else np.cos(a)
    bad = np.any(np.abs(c) < 1e-15) if not isinstance(a, float | int) else abs(c) < 1e-15
    return "tan is undefined where cos is 0 (odd multiples of pi/2)" if bad else None


def _fmt(v: Any) -> str:
    if isinstance(v, float | int):
        return repr(int(v)) if float(v).is_integer() and abs(v) < 1e16 else repr(float(v))
    return "an array with such entries"


def _extreme_local(out: float, *xs: float) -> tuple[float, ...]:
    # Ties share the upstream gradient evenly, as PyTorch's maximum/amax do.
    winners = sum(1 for x in xs if x == out)
    return tuple(1.0 / winners if x == out else 0.0 for x in xs)


def _extreme_local_array(out: Any, *xs: Any) -> tuple[Any, ...]:
    masks = [np.asarray(x == out, dtype=float) for x in xs]
    winners = sum(masks)
    return tuple(m / winners for m in masks)


def _misrouted(out: Any, *xs: Any) -> tuple[Any, ...]:
    """The router slip: the upstream gradient sent to the inputs that lost, and none to the winner."""
    arrays = any(not isinstance(x, float | int) for x in (out, *xs))
    return tuple(1.0 - p for p in (_extreme_local_array if arrays else _extreme_local)(out, *xs))


def _tie(out: Any, *xs: Any) -> bool:
    if isinstance(out, float | int):
        return sum(1 for x in xs if x == out) > 1
    return bool(np.any(sum(np.asarray(x == out, dtype=int) for x in xs) > 1))


def _sign_piece(out: Any, a: Any, *parameters: Any) -> Any:
    """Which side of 0 the first input is on (entry by entry for arrays): the pieces of relu,
    abs, sign, and of leaky_relu and elu whatever their slope."""
    if isinstance(a, float | int):
        return (a > 0) - (a < 0)
    return tuple(np.sign(np.asarray(a, dtype=float)).ravel().tolist())


def _winner_piece(out: Any, *xs: Any) -> Any:
    """Which input is the max's (or min's) winner, entry by entry for arrays."""
    if isinstance(out, float | int):
        return xs.index(out)
    stacked = np.stack([np.broadcast_to(np.asarray(x, dtype=float), np.shape(out)) for x in xs])
    return tuple(np.argmax(stacked == out, axis=0).ravel().tolist())


def _at_zero(out: Any, a: Any) -> bool:
    return bool(a == 0) if isinstance(a, float | int) else bool(np.any(a == 0))


# The gates as lectures draw them when inputs are constants (Op.param_gates): constant
# positions, the gate"s name, its pattern sentence; {c} is the constant as written.
_ADD_GATES = (
    ((1,), "+{c}",
     "+{c} gate: passes the upstream gradient unchanged"),
    ((0,), "+{c}",
     "+{c} gate: passes the upstream gradient unchanged"),
)
_SUB_GATES = (
    ((1,), "-{c}",
     "-{c} gate: passes the upstream gradient unchanged"),
    ((0,), "{c}-x",
     "{c}-x gate: passes the upstream gradient back negated"),
)
_MUL_GATES = (
    ((0,), "*{c}",
     "*{c} gate: scales the upstream gradient by {c}"),
    ((1,), "*{c}",
     "*{c} gate: scales the upstream gradient by {c}"),
)
_DIV_GATES = (
    ((0,), "{c}/x",
     "{c}/x gate: local gradient -{c}/x², so the input receives upstream * -{c}/x²"),
    ((1,), "/{c}",
     "/{c} gate: scales the upstream gradient by 1/{c}"),
)
_POW_GATES = (
    ((1,), "x^{c}",
     "x^{c} gate: local gradient {c} * x^({c} - 1); the exponent is a parameter and receives no "
     "gradient"),
    ((0,), "{c}^x",
     "{c}^x gate: local gradient {c}^x * log({c}), the output times log({c})"),
)
_MAX_GATES = (
    ((1,), "max(x, {c})",
     "max(x, {c}) gate: routes the upstream gradient to x where x > {c} and blocks it where x < "
     "{c}; at the tie x = {c} it is shared evenly, so x receives half (PyTorch's maximum)"),
    ((0,), "max({c}, x)",
     "max({c}, x) gate: routes the upstream gradient to x where x > {c} and blocks it where x < "
     "{c}; at the tie x = {c} it is shared evenly, so x receives half (PyTorch's maximum)"),
)
_MIN_GATES = (
    ((1,), "min(x, {c})",
     "min(x, {c}) gate: routes the upstream gradient to x where x < {c} and blocks it where x > "
     "{c}; at the tie x = {c} it is shared evenly, so x receives half (PyTorch's minimum)"),
    ((0,), "min({c}, x)",
     "min({c}, x) gate: routes the upstream gradient to x where x < {c} and blocks it where x > "
     "{c}; at the tie x = {c} it is shared evenly, so x receives half (PyTorch's minimum)"),
)


def scalar_rows() -> list[Op]:
    return [
        Op(
            name="add", arity=2, syntax="a + b", symbol="+", infix=("+",),
            forward=operator.add, local=lambda out, a, b: (1.0, 1.0),
            sympy=lambda sp, a, b: a + b,
            gate="add", rule="d/da = 1, d/db = 1",
            pattern="add gate: gradient distributor, each input receives the upstream gradient unchanged",
            precedence=10,
            latex="+", formulas=("1", "1"),
            code=(Code("{0} + {1}", ("{g}", "{g}")),),
            param_gates=_ADD_GATES,
        ),
        Op(
            name="sub", arity=2, syntax="a - b", symbol="−", infix=("-",),
            forward=operator.sub, local=lambda out, a, b: (1.0, -1.0),
            sympy=lambda sp, a, b: a - b,
            gate="sub", rule="d/da = 1, d/db = -1",
            pattern="sub gate: distributes like an add gate, but the subtracted input receives the upstream gradient negated",
            precedence=10,
            latex="-", formulas=("1", "-1"),
            code=(Code("{0} - {1}", ("{g}", "-{g}")),),
            param_gates=_SUB_GATES,
        ),
        Op(
            name="mul", arity=2, syntax="a * b", symbol="×", infix=("*",),
            forward=operator.mul, local=lambda out, a, b: (b, a),
            sympy=lambda sp, a, b: a * b,
            gate="mul", rule="d/da = b, d/db = a",
            pattern="mul gate: gradient swapper, each input receives the upstream gradient times the other input",
            precedence=20, warns_matmul=True,
            latex=r"\times", formulas=("b", "a"),
            param_gates=_MUL_GATES,
            slips=(Slip("mul_not_swapped", "mul inputs not swapped", lambda out, a, b: (a, b)),),
            code=(Code("{0} * {1}", ("{1} * {g}", "{0} * {g}")),),
        ),
        Op(
            name="div", arity=2, syntax="a / b", symbol="÷", infix=("/",),
            forward=operator.truediv, local=lambda out, a, b: (1.0 / b, -out / b),
            sympy=lambda sp, a, b: a / b, domain=_div_domain,
            gate="div", rule="d/da = 1/b, d/db = -a/b^2",
            pattern="div gate: the numerator receives upstream / b, the denominator receives -upstream * a / b^2",
            precedence=20,
            latex=r"\div", formulas=("1 / b", "-a / b^2"),
            code=(Code("{0} / {1}", ("{g} / {1}", "-{0} / {1} ** 2 * {g}")),),
            param_gates=_DIV_GATES,
        ),
        Op(
            name="pow", arity=2, syntax="a ** b, a ^ b, pow(a, b)", symbol="^", infix=("**", "^"),
            function="pow", forward=_pow, local=_pow_local, local_array=_pow_local_array,
            forward_array=lambda a, b: np.power(a, b),
            sympy=lambda sp, a, b: a**b, domain=_pow_domain,
            gate="pow", rule="d/da = b * a^(b-1), d/db = a^b * log(a)",
            pattern="power gate: the base receives upstream * b * a^(b-1); the exponent receives upstream * a^b * log(a) (needs a > 0)",
            precedence=40, right_assoc=True, aliases=("power",),
            latex="^", formulas=("b * a^(b - 1)", "out * log(a)"),
            power=True,
            code=(Code("{0} ** {1}", ("{1} * {0} ** ({1} - 1) * {g}", "{out} * {m}.log({0}) * {g}")),),
            param_gates=_POW_GATES,
        ),
        Op(
            name="neg", arity=1, syntax="-a", symbol="*-1", infix=("-",),
            forward=operator.neg, local=lambda out, a: (-1.0,),
            sympy=lambda sp, a: -a,
            gate="*-1", rule="d/da = -1",
            pattern="*-1 gate (negation): passes the upstream gradient back with its sign flipped",
            precedence=30,
            latex="-", formulas=("-1",),
            code=(Code("-{0}", ("-{g}",)),),
        ),
        Op(
            name="exp", arity=1, syntax="exp(a)", symbol="exp", function="exp",
            forward=math.exp, forward_array=lambda a: np.exp(a), local=lambda out, a: (out,),
            sympy=lambda sp, a: sp.exp(a),
            gate="exp", rule="d/da = exp(a)",
            pattern="exp gate: the local gradient is the output itself, so the input receives upstream * exp(a)",
            latex=r"\exp", formulas=("out",),
            code=(Code("{m}.exp({0})", ("{out} * {g}",)),),
        ),
        Op(
            name="log", arity=1, syntax="log(a)", symbol="log", function="log",
            forward=math.log, forward_array=lambda a: np.log(a), local=lambda out, a: (1.0 / a,),
            sympy=lambda sp, a: sp.log(a), domain=_log_domain,
            gate="log", rule="d/da = 1/a",
            pattern="log gate: the input receives upstream / a",
            aliases=("ln",),
            latex=r"\log", formulas=("1 / a",),
            code=(Code("{m}.log({0})", ("{g} / {0}",)),),
        ),
        Op(
            name="sqrt", arity=1, syntax="sqrt(a)", symbol="sqrt", function="sqrt",
            forward=math.sqrt, forward_array=lambda a: np.sqrt(a), local=lambda out, a: (0.5 / out,),
            sympy=lambda sp, a: sp.sqrt(a), domain=_sqrt_domain,
            gate="sqrt", rule="d/da = 1/(2 sqrt(a))",
            pattern="sqrt gate: the input receives upstream / (2 sqrt(a)); infinite at a = 0",
            aliases=("√",),
            latex=r"\operatorname{sqrt}", formulas=("1 / (2 * sqrt(a))",),
            code=(Code("{m}.sqrt({0})", ("{g} / (2 * {out})",)),),
        ),
        Op(
            name="sin", arity=1, syntax="sin(a)", symbol="sin", function="sin",
            forward=math.sin, forward_array=lambda a: np.sin(a),
            local=lambda out, a: (math.cos(a),), local_array=lambda out, a: (np.cos(a),),
            sympy=lambda sp, a: sp.sin(a),
            gate="sin", rule="d/da = cos(a)",
            pattern="sin gate: the input receives upstream * cos(a)",
            latex=r"\sin", formulas=("cos(a)",),
            code=(Code("{m}.sin({0})", ("{m}.cos({0}) * {g}",)),),
        ),
        Op(
            name="cos", arity=1, syntax="cos(a)", symbol="cos", function="cos",
            forward=math.cos, forward_array=lambda a: np.cos(a),
            local=lambda out, a: (-math.sin(a),), local_array=lambda out, a: (-np.sin(a),),
            sympy=lambda sp, a: sp.cos(a),
            gate="cos", rule="d/da = -sin(a)",
            pattern="cos gate: the input receives upstream * -sin(a)",
            latex=r"\cos", formulas=("-sin(a)",),
            code=(Code("{m}.cos({0})", ("-{m}.sin({0}) * {g}",)),),
        ),
        Op(
            name="tan", arity=1, syntax="tan(a)", symbol="tan", function="tan",
            forward=math.tan, forward_array=lambda a: np.tan(a), local=lambda out, a: (1.0 + out * out,),
            sympy=lambda sp, a: sp.tan(a), domain=_tan_domain,
            gate="tan", rule="d/da = 1 + tan(a)^2",
            pattern="tan gate: the input receives upstream * (1 + tan(a)^2)",
            latex=r"\tan", formulas=("1 + out^2",),
            code=(Code("{m}.tan({0})", ("(1 + {out} ** 2) * {g}",)),),
        ),
        Op(
            name="tanh", arity=1, syntax="tanh(a)", symbol="tanh", function="tanh",
            forward=math.tanh, forward_array=lambda a: np.tanh(a), local=lambda out, a: (1.0 - out * out,),
            sympy=lambda sp, a: sp.tanh(a),
            gate="tanh", rule="d/da = 1 - tanh(a)^2",
            pattern="tanh gate: the input receives upstream * (1 - t^2), where t is the output; it vanishes as |a| grows",
            latex=r"\tanh", formulas=("1 - out^2",),
            code=(Code("{m}.tanh({0})", ("(1 - {out} ** 2) * {g}",)),),
        ),
        Op(
            name="sigmoid", arity=1, syntax="sigmoid(a)", symbol="σ", function="sigmoid",
            forward=_sigmoid, forward_array=_sigmoid_array, local=lambda out, a: ((1.0 - out) * out,),
            sympy=lambda sp, a: 1 / (1 + sp.exp(-a)),
            gate="sigmoid", rule="d/da = (1 - s) * s, s = sigmoid(a)",
            pattern="sigmoid gate: one grouped gate whose local gradient is (1 - s) s, where s is its output",
            aliases=("σ", "expit"),
            latex=r"\sigma", formulas=("(1 - out) * out",),
            code=(Code("1 / (1 + {m}.exp(-{0}))", ("(1 - {out}) * {out} * {g}",)),),
        ),
        Op(
            name="relu", arity=1, syntax="relu(a)", symbol="relu", function="relu",
            forward=lambda a: a if a > 0 else 0.0, forward_array=lambda a: np.maximum(a, 0.0),
            local=lambda out, a: (1.0 if a > 0 else 0.0,),
            local_array=lambda out, a: (np.asarray(a > 0, dtype=float),),
            sympy=lambda sp, a: sp.Max(0, a), kink=_at_zero, kink_rule="relu'(0) = 0 (PyTorch)",
            gate="relu", rule="d/da = 1 if a > 0 else 0",
            pattern="relu gate: a max gate against 0, routing the upstream gradient through where a > 0 and blocking it elsewhere",
            latex=r"\operatorname{relu}", piece=_sign_piece,
            code=(
                Code("{0} if {0} > 0 else 0.0", ("{g} if {0} > 0 else 0.0",), "scalar"),
                Code("np.maximum({0}, 0.0)", ("{g} * ({0} > 0)",)),
            ),
        ),
        Op(
            name="abs", arity=1, syntax="abs(a)", symbol="abs", function="abs",
            forward=abs, forward_array=lambda a: np.abs(a),
            local=lambda out, a: (1.0 if a > 0 else (-1.0 if a < 0 else 0.0),),
            local_array=lambda out, a: (np.sign(a),),
            sympy=lambda sp, a: sp.Abs(a), kink=_at_zero, kink_rule="abs'(0) = 0 (PyTorch: sign(0) = 0)",
            gate="abs", rule="d/da = sign(a)",
            pattern="abs gate: passes the upstream gradient back times sign(a)",
            aliases=("absolute",),
            latex=r"\operatorname{abs}", formulas=("sign(a)",), piece=_sign_piece,
            code=(Code("abs({0})", ("(({0} > 0) - ({0} < 0)) * {g}",), "scalar"), Code("np.abs({0})", ("np.sign({0}) * {g}",))),
        ),
        Op(
            name="max", arity=None, min_arity=2, syntax="max(a, b, ...)", symbol="max", function="max",
            forward=max, forward_array=lambda *xs: _fold(np.maximum, xs),
            local=_extreme_local, local_array=_extreme_local_array,
            sympy=lambda sp, *xs: sp.Max(*xs), kink=_tie,
            kink_rule="ties share the upstream gradient evenly (PyTorch's maximum/amax)",
            gate="max", rule="d/da = 1 for the largest input, 0 for the others",
            pattern="max gate: gradient router, the largest input receives the upstream gradient and the others receive 0",
            aliases=("maximum",),
            latex=r"\max", piece=_winner_piece,
            slips=(Slip("max_routed_wrong", "max gate routed to the wrong input", _misrouted),),
            code=(
                Code("max({*})", ("{g} * ({i} == {out}) / [{*}].count({out})",), "scalar"),
                Code("np.maximum({0}, {1})", ("{g} * ({i} == {out}) / (({0} == {out}) + ({1} == {out}))",), "arity=2"),
            ),
            param_gates=_MAX_GATES,
        ),
        Op(
            name="min", arity=None, min_arity=2, syntax="min(a, b, ...)", symbol="min", function="min",
            forward=min, forward_array=lambda *xs: _fold(np.minimum, xs),
            local=_extreme_local, local_array=_extreme_local_array,
            sympy=lambda sp, *xs: sp.Min(*xs), kink=_tie,
            kink_rule="ties share the upstream gradient evenly (PyTorch's minimum/amin)",
            gate="min", rule="d/da = 1 for the smallest input, 0 for the others",
            pattern="min gate: gradient router, the smallest input receives the upstream gradient and the others receive 0",
            aliases=("minimum",),
            latex=r"\min", piece=_winner_piece,
            slips=(Slip("max_routed_wrong", "min gate routed to the wrong input", _misrouted),),
            code=(
                Code("min({*})", ("{g} * ({i} == {out}) / [{*}].count({out})",), "scalar"),
                Code("np.minimum({0}, {1})", ("{g} * ({i} == {out}) / (({0} == {out}) + ({1} == {out}))",), "arity=2"),
            ),
            param_gates=_MIN_GATES,
        ),
    ]


def _fold(fn: Rule, xs: tuple[Any, ...]) -> Any:
    result = xs[0]
    for x in xs[1:]:
        result = fn(result, x)
    return result
