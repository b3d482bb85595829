"""Indexing and slicing as numpy does it: the picked entries receive the upstream gradient.

x[i], W[i, :], x[a:b], x[::-1], x[3:0:-1], s[y], T[0], T[:, 1, :], T[..., 0], x[:, None], and
integer arrays as indices (advanced indexing), such as S[arange(N), y]: the score of each
row's correct class. The index parts are static: integers, slices, None (a new axis of size
1), ... (every axis not named), or integer arrays. The VJP scatters the upstream gradient back
with np.add.at, so an entry picked twice (s[[0, 0]]) receives both gradients.
"""

from __future__ import annotations

from typing import Any

from bpcalc.ops.array_helpers import _integer, _ndim, _problem, _shape
from bpcalc.ops.op import ArrayFormula, Code, Op, np


def _axes_named(parts: tuple[Any, ...]) -> int:
    """How many of x's axes the parts consume (None adds one and consumes none; ... is the rest)."""
    return sum(1 for part in parts if part is not None and part is not Ellipsis)


def _integer_array(part: Any, axis: int, size: int) -> Any:
    values = np.asarray(part, dtype=float)
    if not np.all(values == np.round(values)):
        raise ValueError(f"the index array for axis {axis} must hold integers, got {values.tolist()}")
    indices = values.astype(np.int64)
    outside = indices[(indices < -size) | (indices >= size)]
    if outside.size:
        raise ValueError(f"index {int(outside.ravel()[0])} is out of range for axis {axis} of size {size}")
    return indices


def _index_key(x: Any, parts: tuple[Any, ...]) -> tuple[Any, ...]:
    if sum(1 for part in parts if part is Ellipsis) > 1:
        raise ValueError("an index can have only one '...'")
    named = _axes_named(parts)
    if named > _ndim(x):
        raise ValueError(f"{named} indices for an input of shape {_shape(x)}, which has {_ndim(x)} axes")
    key: list[Any] = []
    axis = 0
    for part in parts:
        if part is None or isinstance(part, slice):
            key.append(part)
            axis += part is not None
            continue
        if part is Ellipsis:
            key.append(part)
            axis += _ndim(x) - named
            continue
        size = _shape(x)[axis]
        if _ndim(part) > 0:
            key.append(_integer_array(part, axis, size))
        else:
            index = _integer(part, "index")
            if not -size <= index < size:
                raise ValueError(f"index {index} is out of range for axis {axis} of size {size}")
            key.append(index)
        axis += 1
    return tuple(key)


def _index_forward(x: Any, *parts: Any) -> Any:
    if _ndim(x) == 0:
        raise ValueError("a scalar cannot be indexed")
    picked = np.asarray(x, dtype=float)[_index_key(x, parts)]
    return float(picked) if picked.ndim == 0 else picked.copy()


def _index_vjp(g: Any, out: Any, x: Any, *parts: Any) -> tuple[Any, ...]:
    grad = np.zeros(_shape(x), dtype=float)
    np.add.at(grad, _index_key(x, parts), g)  # an entry picked twice receives both gradients
    return (grad, *(None for _ in parts))


def _sym_part(part: Any) -> Any:
    if part is None or part is Ellipsis or isinstance(part, slice):
        return part
    if _ndim(part) > 0:
        return np.vectorize(int, otypes=[np.int64])(part)
    return int(part)


def _sym_index(sp: Any, a: Any, *parts: Any) -> Any:
    return a[tuple(_sym_part(p) for p in parts)]


def index_rows() -> list[Op]:
    return [
        Op(
            name="index", arity=None, min_arity=2, static_from=1,
            syntax="x[i], W[i, :], x[a:b], x[::-1], s[y], S[arange(N), y], T[..., 0], x[:, None]", symbol="[]",
            forward=_index_forward, forward_array=_index_forward, local=lambda out, x, *parts: (1.0, *(0.0 for _ in parts)),
            vjp=_index_vjp, shape_check=lambda x, *parts: _problem(lambda: _index_forward(x, *parts)),
            sympy=_sym_index,
            gate="index", rule="d out/d x = 1 at the picked entries, 0 elsewhere",
            vjp_rule="VJP: the upstream gradient is scattered back to the picked entries (added up where an entry is "
                     "picked twice); the others receive 0",
            pattern="index gate: a router, the picked entries receive the upstream gradient and every other entry 0",
            latex=r"\operatorname{index}", display="{0}[{1:}]",
            notation="[]",
            code=(Code("{0}[{1:}]", ("index_grad({0}, np.s_[{1:}], {g})",), "array", ("index_grad",)),),
            array_formulas=(
                ArrayFormula(("scatter({g}, [{1:}], {0.shape})",)),
            ),
        ),
    ]
