"""Reductions with `axis=` beyond sum and mean: logsumexp, var (population, ddof = 0, numpy's
default) and std. Each gives a vector-Jacobian product, as the other reductions do.

The variance row is named `variance` in graphs (call name `var`): `var` is the graph's name for
a leaf variable.
"""

from __future__ import annotations

from typing import Any

from bpcalc.ops.array_helpers import _axis_check, _axis_of, _expand, _ndim, _reduce_float, _shape, _sym_map, _sym_reduce
from bpcalc.ops.op import ArrayFormula, Code, Op, np
from bpcalc.ops.reduction_forms import with_keepdims


def _count(x: Any, axis: int | None) -> int:
    return int(np.size(x)) if axis is None else _shape(x)[axis]


def _logsumexp_array(x: Any, *rest: Any) -> Any:
    # Shifted by the largest entry so that exp never overflows: logsumexp([1000, 1000]) is 1000 + log 2.
    axis = _axis_of(x, rest)
    top = np.max(x, axis=axis, keepdims=True)
    out = np.squeeze(top, axis=axis) + np.log(np.sum(np.exp(x - top), axis=axis))
    return float(out) if np.ndim(out) == 0 else out


def _logsumexp_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    axis = _axis_of(x, rest)
    return (_expand(g, x, axis) * np.exp(x - _expand(out, x, axis)), *(None for _ in rest))


def _sym_logsumexp(sp: Any, a: Any, *rest: Any) -> Any:
    return _sym_reduce(lambda *xs: sp.log(sp.Add(*(sp.exp(v) for v in xs))), a, rest[0] if rest else None)


def _scalar_spread(x: Any, *rest: Any) -> float:
    _reduce_float(x, *rest)  # a scalar has no axes: the same error as sum's
    return 0.0


def _variance_array(x: Any, *rest: Any) -> Any:
    out = np.var(x, axis=_axis_of(x, rest))
    return float(out) if np.ndim(out) == 0 else out


def _std_array(x: Any, *rest: Any) -> Any:
    out = np.std(x, axis=_axis_of(x, rest))
    return float(out) if np.ndim(out) == 0 else out


def _centred(x: Any, axis: int | None) -> Any:
    return np.asarray(x, dtype=float) - np.mean(x, axis=axis, keepdims=True)


def _variance_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    axis = _axis_of(x, rest)
    return (_expand(g, x, axis) * 2.0 * _centred(x, axis) / _count(x, axis), *(None for _ in rest))


def _std_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    # d std / d x_i = (x_i - mean) / (n std); where std = 0 the gradient is 0 (PyTorch).
    axis = _axis_of(x, rest)
    spread = _expand(out, x, axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(spread == 0, 0.0, _centred(x, axis) / (_count(x, axis) * np.where(spread == 0, 1.0, spread)))
    return (_expand(g, x, axis) * ratio, *(None for _ in rest))


def _std_kink(out: Any, x: Any, *rest: Any) -> bool:
    """std is not differentiable where a slice of two or more entries has spread 0 (all equal);
    one entry's std is the constant 0, which is smooth."""
    if isinstance(x, float | int) or _ndim(x) == 0:
        return False
    if _count(x, _axis_of(x, rest)) < 2:
        return False
    return bool(np.any(np.asarray(out) == 0))


def _std_piece(out: Any, x: Any, *rest: Any) -> Any:
    return 0 if isinstance(out, float | int) else tuple((np.asarray(out) == 0).ravel().tolist())


def _sym_variance(sp: Any, a: Any, *rest: Any) -> Any:
    def spread(*xs: Any) -> Any:
        mean = sp.Add(*xs) / len(xs)
        return sp.Add(*((v - mean) ** 2 for v in xs)) / len(xs)

    if _ndim(a) == 0:
        return sp.Integer(0)
    return _sym_reduce(spread, a, rest[0] if rest else None)


def _sym_std(sp: Any, a: Any, *rest: Any) -> Any:
    return _sym_map(sp.sqrt, _sym_variance(sp, a, *rest))


def statistics_rows() -> list[Op]:
    return with_keepdims([
        Op(
            name="logsumexp", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="logsumexp(x), logsumexp(x, axis=k)", symbol="logsumexp", function="logsumexp",
            forward=_reduce_float, forward_array=_logsumexp_array,
            local=lambda out, x, *rest: (1.0, *(0.0 for _ in rest)),
            vjp=_logsumexp_vjp, shape_check=_axis_check, sympy=_sym_logsumexp,
            gate="logsumexp", rule="d/dx_i = exp(x_i - out) = softmax(x)_i",
            vjp_rule="VJP: dL/dx = g softmax(x) (along the reduced axis)",
            pattern="logsumexp gate: a smooth max, log(sum(exp(x))); each entry receives the upstream gradient "
                    "times its softmax weight",
            latex=r"\operatorname{logsumexp}", display="logsumexp({0}, axis={1})",
            code=(
                Code("np.log(np.sum(np.exp({0} - np.max({0})))) + np.max({0})", ("{g} * np.exp({0} - {out})",), "array arity=1"),
                Code("np.log(np.sum(np.exp({0} - np.max({0}, axis={1}, keepdims=True)), axis={1})) + np.max({0}, axis={1})",
                     ("np.expand_dims({g}, {1}) * np.exp({0} - np.expand_dims({out}, {1}))",), "array arity=2"),
            ),
            array_formulas=(
                ArrayFormula(("{g} * exp({0} - {out})", ""), "arity=1"),
                ArrayFormula(("expand_dims({g}, {1}) * exp({0} - expand_dims({out}, {1}))", ""), "arity=2"),
            ),
        ),
        Op(
            name="variance", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="var(x), var(x, axis=k)", symbol="var", function="var",
            forward=_scalar_spread, forward_array=_variance_array,
            local=lambda out, x, *rest: (0.0, *(0.0 for _ in rest)),
            vjp=_variance_vjp, shape_check=_axis_check, sympy=_sym_variance,
            gate="var", rule="d/dx_i = 2 (x_i - mean) / n (population variance, ddof = 0)",
            vjp_rule="VJP: dL/dx = g * 2 (x - mean(x)) / n",
            pattern="var gate: the mean squared deviation; each entry receives upstream * 2 (x_i - mean) / n",
            latex=r"\operatorname{var}", display="var({0}, axis={1})",
            code=(
                Code("np.var({0})", ("{g} * 2 * ({0} - np.mean({0})) / np.size({0})",), "array arity=1"),
                Code("np.var({0}, axis={1})",
                     ("np.expand_dims({g}, {1}) * 2 * ({0} - np.mean({0}, axis={1}, keepdims=True)) / np.shape({0})[{1}]",),
                     "array arity=2"),
            ),
            array_formulas=(
                ArrayFormula(("{g} * 2 * ({0} - mean({0})) / {0.count}", ""), "arity=1"),
                ArrayFormula(("expand_dims({g}, {1}) * 2 * ({0} - mean({0}, axis={1}, keepdims=True)) / {0.count}", ""), "arity=2"),
            ),
        ),
        Op(
            name="std", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="std(x), std(x, axis=k)", symbol="std", function="std",
            forward=_scalar_spread, forward_array=_std_array,
            local=lambda out, x, *rest: (0.0, *(0.0 for _ in rest)),
            vjp=_std_vjp, shape_check=_axis_check, sympy=_sym_std, kink=_std_kink, piece=_std_piece,
            kink_rule="where std = 0 (all entries equal) the gradient is taken as 0 (PyTorch)",
            gate="std", rule="d/dx_i = (x_i - mean) / (n std) (population, ddof = 0)",
            vjp_rule="VJP: dL/dx = g (x - mean(x)) / (n std(x))",
            pattern="std gate: sqrt(var(x)); each entry receives upstream * (x_i - mean) / (n std)",
            latex=r"\operatorname{std}", display="std({0}, axis={1})",
            code=(
                Code("np.std({0})", ("{g} * ({0} - np.mean({0})) / (np.size({0}) * {out})",), "array arity=1"),
                Code("np.std({0}, axis={1})",
                     ("np.expand_dims({g} / {out}, {1}) * ({0} - np.mean({0}, axis={1}, keepdims=True)) / np.shape({0})[{1}]",),
                     "array arity=2"),
            ),
            array_formulas=(
                ArrayFormula(("{g} * ({0} - mean({0})) / ({0.count} * {out})", ""), "arity=1"),
                ArrayFormula(("expand_dims({g} / {out}, {1}) * ({0} - mean({0}, axis={1}, keepdims=True)) / {0.count}", ""), "arity=2"),
            ),
        ),
    ])
