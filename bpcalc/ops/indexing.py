"""Indexing and slicing (x[i], W[i, :], x[a:b]): the picked entries receive the upstream gradient."""

from __future__ import annotations

from typing import Any

from bpcalc.ops.array_helpers import _integer, _ndim, _problem, _shape
from bpcalc.ops.op import Code, Op, np


def _index_key(x: Any, parts: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(parts) > _ndim(x):
        raise ValueError(f"{len(parts)} indices for an input of shape {_shape(x)}, which has {_ndim(x)} axes")
    key: list[Any] = []
    for axis, part in enumerate(parts):
        if isinstance(part, slice):
            key.append(part)
            continue
        index = _integer(part, "index")
        size = _shape(x)[axis]
        if not -size <= index < size:
            raise ValueError(f"index {index} is out of range for axis {axis} of size {size}")
        key.append(index)
    return tuple(key)


def _index_forward(x: Any, *parts: Any) -> Any:
    if _ndim(x) == 0:
        raise ValueError("a scalar cannot be indexed")
    picked = np.asarray(x, dtype=float)[_index_key(x, parts)]
    return float(picked) if picked.ndim == 0 else picked.copy()


def _index_vjp(g: Any, out: Any, x: Any, *parts: Any) -> tuple[Any, ...]:
    grad = np.zeros(_shape(x), dtype=float)
    grad[_index_key(x, parts)] += g
    return (grad, *(None for _ in parts))


def _sym_index(sp: Any, a: Any, *parts: Any) -> Any:
    key = tuple(p if isinstance(p, slice) else int(p) for p in parts)
    return a[key]


def index_rows() -> list[Op]:
    return [
        Op(
            name="index", arity=None, min_arity=2, static_from=1, syntax="x[i], W[i, :], x[a:b], s[y]", symbol="[]",
            forward=_index_forward, forward_array=_index_forward, local=lambda out, x, *parts: (1.0, *(0.0 for _ in parts)),
            vjp=_index_vjp, shape_check=lambda x, *parts: _problem(lambda: _index_forward(x, *parts)),
            sympy=_sym_index,
            gate="index", rule="d out/d x = 1 at the picked entries, 0 elsewhere",
            vjp_rule="VJP: the upstream gradient is scattered back to the picked entries; the others receive 0",
            pattern="index gate: a router, the picked entries receive the upstream gradient and every other entry 0",
            latex=r"\operatorname{index}", display="{0}[{1:}]",
            notation="[]",
            code=(Code("{0}[{1:}]", ("index_grad({0}, np.s_[{1:}], {g})",), "array", ("index_grad",)),),
        ),
    ]
