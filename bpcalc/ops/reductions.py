"""sum, mean, norm, and max/min over the entries of one array (optionally along `axis=`)."""

from __future__ import annotations

from typing import Any

from bpcalc.ops.array_helpers import _axis_check, _axis_of, _expand, _ndim, _reduce_float, _shape, _sym_map, _sym_reduce
from bpcalc.ops.op import ArrayFormula, Code, Op, Rule, np
from bpcalc.ops.reduction_forms import with_keepdims


def _sum_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    return (_expand(g, x, _axis_of(x, rest)), *(None for _ in rest))


def _mean_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    axis = _axis_of(x, rest)
    count = int(np.size(x)) if axis is None else _shape(x)[axis]
    return (_expand(g, x, axis) / count, *(None for _ in rest))


def _norm_array(x: Any, *rest: Any) -> Any:
    return np.sqrt(np.sum(np.square(x), axis=_axis_of(x, rest)))


def _norm_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    axis = _axis_of(x, rest)
    scale = _expand(out, x, axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(scale == 0, 0.0, x / np.where(scale == 0, 1.0, scale))
    return (_expand(g, x, axis) * ratio, *(None for _ in rest))


def _norm_kink(out: Any, x: Any, *rest: Any) -> bool:
    return bool(np.any(np.asarray(out) == 0)) if not isinstance(out, float | int) else out == 0


def _norm_piece(out: Any, x: Any, *rest: Any) -> Any:
    """A scalar's norm is |x|: its pieces are the sides of 0. An array's norm is smooth away
    from 0, so its only distinction is whether the norm is 0."""
    if isinstance(x, float | int):
        return (x > 0) - (x < 0)
    return tuple((np.asarray(out) == 0).ravel().tolist())


def _extreme_piece(out: Any, x: Any, *rest: Any) -> Any:
    """Where the largest (or smallest) entry sits, per reduced slice."""
    if isinstance(x, float | int):
        return 0
    axis = _axis_of(x, rest)
    winners = np.asarray(x == _expand(out, x, axis))
    if axis is None:
        return int(np.argmax(winners.ravel()))
    return tuple(np.argmax(winners, axis=axis).ravel().tolist())


def _extreme_array(pick: Rule) -> Rule:
    return lambda x, *rest: pick(x, axis=_axis_of(x, rest))


def _extreme_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    # Ties share the upstream gradient evenly (PyTorch's amax/amin).
    axis = _axis_of(x, rest)
    winners = np.asarray(x == _expand(out, x, axis), dtype=float)
    counts = _expand(np.sum(winners, axis=axis), x, axis)
    return (_expand(g, x, axis) * winners / counts, *(None for _ in rest))


def _extreme_kink(out: Any, x: Any, *rest: Any) -> bool:
    if isinstance(x, float | int):
        return False
    axis = _axis_of(x, rest)
    return bool(np.any(np.sum(x == _expand(out, x, axis), axis=axis) > 1))


def _extreme_row(name: str, call: str, word: str, sympy_name: str) -> Op:
    """max(x, axis=k) and min(x, axis=k): one row shape, the picked extreme routes the gradient.
    numpy's function is looked up at run time (np.max, np.min): building rows imports no numpy."""
    def sympy(sp: Any, a: Any, *rest: Any) -> Any:
        return _sym_reduce(getattr(sp, sympy_name), a, rest[0] if rest else None)

    return Op(
        name=name, arity=None, min_arity=1, max_arity=2, static_from=1, reduces=call,
        syntax=f"{call}(x), {call}(x, axis=k)", symbol=call, function=call,
        forward=_reduce_float, forward_array=_extreme_array(lambda x, axis: getattr(np, call)(x, axis=axis)),
        local=lambda out, x, *rest: (1.0, *(0.0 for _ in rest)),
        vjp=_extreme_vjp, shape_check=_axis_check, sympy=sympy,
        kink=_extreme_kink, kink_rule=f"ties share the upstream gradient evenly (PyTorch's {name})",
        gate=call, rule=f"d/dx_i = 1 for the {word} entry, 0 for the others",
        vjp_rule=f"VJP: the {word} entry receives the upstream gradient, the others 0",
        pattern=f"{call} gate (reduction over the entries of one array): gradient router, the {word} entry receives "
                "the upstream gradient and the others receive 0",
        latex=rf"\{call}", display=f"{call}({{0}}, axis={{1}})", piece=_extreme_piece,
        code=(
            Code(f"np.{call}({{0}})", ("{g} * ({0} == {out}) / np.sum({0} == {out})",), "array arity=1"),
            Code(f"np.{call}({{0}}, axis={{1}})",
                 ("np.expand_dims({g}, {1}) * ({0} == np.expand_dims({out}, {1}))"
                  " / np.sum({0} == np.expand_dims({out}, {1}), axis={1}, keepdims=True)",),
                 "array arity=2"),
        ),
        array_formulas=(
            ArrayFormula(("{g} * ({0} == {out}) / sum({0} == {out})", ""), "arity=1"),
            ArrayFormula(("expand_dims({g}, {1}) * ({0} == expand_dims({out}, {1}))"
                           " / sum({0} == expand_dims({out}, {1}), axis={1}, keepdims=True)", ""), "arity=2"),
        ),
    )


def _sym_sum(sp: Any, a: Any, *rest: Any) -> Any:
    return _sym_reduce(lambda *xs: sp.Add(*xs), a, rest[0] if rest else None)


def _sym_mean(sp: Any, a: Any, *rest: Any) -> Any:
    axis = rest[0] if rest else None
    count = 1 if _ndim(a) == 0 else (a.size if axis is None else a.shape[int(axis)])
    return _sym_map(lambda v: v / count, _sym_sum(sp, a, *rest))


def _sym_norm(sp: Any, a: Any, *rest: Any) -> Any:
    squares = _sym_map(lambda v: v**2, a)
    return _sym_map(sp.sqrt, _sym_sum(sp, squares, *rest))


def reduction_rows() -> list[Op]:
    return with_keepdims([
        Op(
            name="sum", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="sum(x), sum(x, axis=k)", symbol="Σ", function="sum",
            forward=_reduce_float, forward_array=lambda x, *rest: np.sum(x, axis=_axis_of(x, rest)),
            local=lambda out, x, *rest: (1.0, *(0.0 for _ in rest)),
            vjp=_sum_vjp, shape_check=_axis_check, sympy=_sym_sum,
            gate="sum", rule="d/dx_i = 1 for every entry",
            vjp_rule="VJP: every entry receives the upstream gradient (broadcast back over the summed axis)",
            pattern="sum gate: an add gate over entries, a gradient distributor: every entry receives the upstream gradient",
            latex=r"\operatorname{sum}", display="sum({0}, axis={1})",
            code=(
                Code("{0}", ("{g}",), "scalar arity=1"),
                Code("np.sum({0})", ("np.full(np.shape({0}), {g})",), "array arity=1"),
                Code("np.sum({0}, axis={1})", ("np.broadcast_to(np.expand_dims({g}, {1}), np.shape({0}))",), "array arity=2"),
            ),
            array_formulas=(
                ArrayFormula(("broadcast({g}, {0.shape})", ""), "arity=1"),
                ArrayFormula(("broadcast(expand_dims({g}, {1}), {0.shape})", ""), "arity=2"),
            ),
        ),
        Op(
            name="mean", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="mean(x), mean(x, axis=k)", symbol="mean", function="mean",
            forward=_reduce_float, forward_array=lambda x, *rest: np.mean(x, axis=_axis_of(x, rest)),
            local=lambda out, x, *rest: (1.0, *(0.0 for _ in rest)),
            vjp=_mean_vjp, shape_check=_axis_check, sympy=_sym_mean,
            gate="mean", rule="d/dx_i = 1/n, n entries averaged",
            vjp_rule="VJP: every entry receives upstream / n (n entries averaged)",
            pattern="mean gate: a distributor that divides, every entry receives the upstream gradient divided by the count",
            latex=r"\operatorname{mean}", display="mean({0}, axis={1})",
            code=(
                Code("{0}", ("{g}",), "scalar arity=1"),
                Code("np.mean({0})", ("np.full(np.shape({0}), {g} / np.size({0}))",), "array arity=1"),
                Code("np.mean({0}, axis={1})",
                     ("np.broadcast_to(np.expand_dims({g}, {1}), np.shape({0})) / np.shape({0})[{1}]",), "array arity=2"),
            ),
            array_formulas=(
                ArrayFormula(("broadcast({g}, {0.shape}) / {0.count}", ""), "arity=1"),
                ArrayFormula(("broadcast(expand_dims({g}, {1}), {0.shape}) / {0.count}", ""), "arity=2"),
            ),
        ),
        Op(
            name="norm", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="norm(x), norm(x, axis=k)", symbol="‖·‖", function="norm",
            forward=lambda x, *rest: abs(_reduce_float(x, *rest)), forward_array=_norm_array,
            local=lambda out, x, *rest: (1.0 if x > 0 else (-1.0 if x < 0 else 0.0), *(0.0 for _ in rest)),
            vjp=_norm_vjp, shape_check=_axis_check, sympy=_sym_norm, kink=_norm_kink,
            kink_rule="at norm 0 the gradient is taken as 0 (a subgradient)",
            gate="norm", rule="d/dx = x / ||x||",
            vjp_rule="VJP: dL/dx = g x / ||x||",
            pattern="norm gate: the L2 norm sqrt(sum x^2), each entry receives upstream * x / ||x||",
            latex=r"\operatorname{norm}", display="norm({0}, axis={1})", piece=_norm_piece,
            notation="‖‖",
            keywords_by_name_only=("in numpy and PyTorch norm(x, k) is the norm of order k, not the 2-norm over "
                                   "axis k (the 1-norm is sum(abs(x)))"),
            code=(
                Code("np.sqrt(np.sum({0} ** 2))", ("{g} * {0} / {out}",), "array arity=1"),
                Code("np.sqrt(np.sum({0} ** 2, axis={1}))", ("np.expand_dims({g} / {out}, {1}) * {0}",), "array arity=2"),
            ),
            array_formulas=(
                ArrayFormula(("{g} * {0} / {out}", ""), "arity=1"),
                ArrayFormula(("expand_dims({g} / {out}, {1}) * {0}", ""), "arity=2"),
            ),
        ),
        _extreme_row("amax", "max", "largest", "Max"),
        _extreme_row("amin", "min", "smallest", "Min"),
    ])
