"""Shape, axis and SymPy-array helpers shared by the array rows (linear_algebra, reductions,
indexing, losses, statistics). Their names keep the leading underscore: they serve the rows
of this package and are no API of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bpcalc.ops.op import Rule, np
from bpcalc.ops.scalar import _fmt

# ---- Vectors and matrices ---------------------------------------------------------------
# The array rows are not elementwise, so their Jacobians are never formed: each gives `vjp`,
# (g, out, *inputs) -> one gradient per input, each of that input's shape (None for a static
# integer argument such as an axis, an index or a class label). `forward`/`local` still take
# Python floats where that means something (the sum of a scalar is the scalar), so scalar-only
# graphs never import numpy; `forward_array` is the numpy rule. SymPy counterparts receive
# SymPy scalars or numpy object arrays of SymPy expressions (one symbol per entry).


def _shape(a: Any) -> tuple[int, ...]:
    return tuple(getattr(a, "shape", ()))


def _ndim(a: Any) -> int:
    return int(getattr(a, "ndim", 0))


def _integer(value: Any, what: str) -> int:
    """A static argument as an int; ValueError (with the message users see) otherwise."""
    if _ndim(value) > 0:
        raise ValueError(f"the {what} must be one integer, got an array of shape {_shape(value)}")
    number = float(value)
    if not number.is_integer():
        raise ValueError(f"the {what} must be an integer, got {_fmt(number)}")
    return int(number)


def _axis_of(x: Any, rest: tuple[Any, ...]) -> int | None:
    if not rest:
        return None
    axis = _integer(rest[0], "axis")
    if not -_ndim(x) <= axis < max(_ndim(x), 1) or _ndim(x) == 0:
        raise ValueError(f"axis {axis} does not exist for an input of shape {_shape(x)}")
    return axis


def _problem(check: Callable[[], Any]) -> str | None:
    try:
        check()
    except ValueError as error:
        return str(error)
    return None


def _axis_check(x: Any, *rest: Any) -> str | None:
    return _problem(lambda: _axis_of(x, rest))


def _expand(g: Any, x: Any, axis: int | None) -> Any:
    """The upstream gradient of a reduction, spread back over the reduced axis."""
    if axis is not None:
        g = np.expand_dims(g, axis)
    return np.broadcast_to(np.asarray(g, dtype=float), _shape(x)).copy()


def _reduce_float(x: Any, *rest: Any) -> float:
    if rest:
        raise ValueError("a scalar has no axes to reduce")
    return float(x)


def _sym_reduce(fn: Rule, a: Any, axis: Any) -> Any:
    """Apply a SymPy n-ary function (Max, Min, Add) along an axis of an object array."""
    if _ndim(a) == 0:
        return a
    if axis is None:
        return fn(*a.ravel())
    moved = np.moveaxis(a, int(axis), -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.empty(flat.shape[0], dtype=object)
    for i, row in enumerate(flat):
        out[i] = fn(*row)
    out = out.reshape(moved.shape[:-1])
    return out[()] if out.ndim == 0 else out


def _sym_map(fn: Rule, a: Any) -> Any:
    if _ndim(a) == 0:
        return fn(a)
    out = np.empty(a.shape, dtype=object)
    for position in np.ndindex(*a.shape):
        out[position] = fn(a[position])
    return out


def _no_scalars(symbol: str) -> Rule:
    def forward(*xs: Any) -> Any:
        raise ValueError(f"{symbol} needs vectors or matrices, and its inputs here are scalars")

    return forward
