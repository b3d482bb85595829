"""Shapes without arithmetic: reshape, flatten (ravel), and the constant arrays ones, zeros,
ones_like, zeros_like.

reshape and flatten move no number, so their vector-Jacobian product is the upstream gradient
reshaped back to the input's shape. ones(shape) and zeros(shape) read only static arguments, so
they fold into constants when the program is parsed; ones_like(x) and zeros_like(x) do not
depend on x's values either: x receives a zero gradient from them.
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.ops.array_helpers import _integer, _ndim, _no_scalars, _problem, _shape
from bpcalc.ops.op import Code, Op, np

# ones((10**5, 10**5)) is folded when the program is parsed, before any memory budget is set.
MAX_CONSTANT_ENTRIES = 10**7


def _shape_arg(parts: tuple[Any, ...], what: str) -> tuple[int, ...]:
    """A shape given as one tuple (2, 3), one integer 3, or as integers reshape(x, 2, 3)."""
    sizes: list[int] = []
    for part in parts:
        if _ndim(part) > 1:
            raise ValueError(f"the {what} must be integers or a tuple of integers such as (2, 3)")
        entries = list(np.asarray(part, dtype=object).ravel()) if _ndim(part) == 1 else [part]
        sizes.extend(_integer(entry, what) for entry in entries)
    return tuple(sizes)


def _new_shape(x: Any, parts: tuple[Any, ...]) -> tuple[int, ...]:
    shape = _shape_arg(parts, "shape")
    size = math.prod(_shape(x))
    if shape.count(-1) > 1:
        raise ValueError(f"the shape {shape} has more than one -1 (only one size can be worked out)")
    if any(n < -1 for n in shape):
        raise ValueError(f"the shape {shape} has a negative size")
    known = math.prod(n for n in shape if n != -1)
    if -1 in shape:
        if known == 0 or size % known:
            raise ValueError(f"cannot reshape {size} entries (shape {_shape(x)}) into shape {shape}: "
                             f"{size} is not a multiple of {known}")
        shape = tuple(size // known if n == -1 else n for n in shape)
    elif known != size:
        raise ValueError(f"cannot reshape {size} entries (shape {_shape(x)}) into shape {shape}, which holds {known}")
    return shape


def _reshape(x: Any, *parts: Any) -> Any:
    return np.reshape(np.asarray(x, dtype=float), _new_shape(x, parts))


def _sym_reshape(sp: Any, a: Any, *parts: Any) -> Any:
    return np.reshape(np.array(a, dtype=object), _new_shape(a, parts))


def _created_shape(parts: tuple[Any, ...]) -> tuple[int, ...]:
    shape = _shape_arg(parts, "shape")
    if any(n < 1 for n in shape):
        raise ValueError(f"the shape {shape} needs sizes of at least 1")
    if math.prod(shape) > MAX_CONSTANT_ENTRIES:
        raise ValueError(f"the shape {shape} holds {math.prod(shape):,} numbers; a constant array holds at most "
                         f"{MAX_CONSTANT_ENTRIES:,}")
    return shape


def _filled(value: float) -> Any:
    def create(*parts: Any) -> Any:
        return np.full(_created_shape(parts), value)

    return create


def _sym_filled(value: int) -> Any:
    def create(sp: Any, *parts: Any) -> Any:
        return np.full(_created_shape(parts), sp.Integer(value), dtype=object)

    return create


def _sym_like(value: int) -> Any:
    def create(sp: Any, a: Any) -> Any:
        return sp.Integer(value) if _ndim(a) == 0 else np.full(_shape(a), sp.Integer(value), dtype=object)

    return create


def _created_entries(*shapes: tuple[int, ...]) -> int:
    return 1  # the shape is a static value, checked against MAX_CONSTANT_ENTRIES; the inputs hold no array


def shaping_rows() -> list[Op]:
    moves = "no number changes, so the upstream gradient is reshaped back to the input's shape"
    rows = [
        Op(
            name="reshape", arity=None, min_arity=2, static_from=1,
            syntax="reshape(x, (2, 3)), reshape(x, 2, 3), reshape(x, (-1, 3))", symbol="reshape", function="reshape",
            forward=_no_scalars("reshape"), forward_array=_reshape, local=lambda out, x, *parts: (1.0, *(0.0 for _ in parts)),
            vjp=lambda g, out, x, *parts: (np.reshape(g, _shape(x)), *(None for _ in parts)),
            shape_check=lambda x, *parts: _problem(lambda: _new_shape(x, parts)), sympy=_sym_reshape,
            gate="reshape", rule="the same entries in another shape",
            vjp_rule=f"VJP: dL/dx = reshape(g, shape of x) ({moves})",
            pattern="reshape gate: passes the upstream gradient back, reshaped to the input's shape",
            latex=r"\operatorname{reshape}",
            code=(Code("np.reshape({0}, np.ravel([{1:}]).astype(int))", ("np.reshape({g}, np.shape({0}))", ""), "array"),),
        ),
        Op(
            name="flatten", arity=1, syntax="flatten(x), ravel(x)", symbol="flatten", function="flatten",
            aliases=("ravel",),
            forward=_no_scalars("flatten"), forward_array=lambda x: np.ravel(np.asarray(x, dtype=float)),
            local=lambda out, x: (1.0,), vjp=lambda g, out, x: (np.reshape(g, _shape(x)),),
            sympy=lambda sp, a: np.ravel(np.array(a, dtype=object)),
            gate="flatten", rule="the same entries in one row (row-major order, as numpy's ravel)",
            vjp_rule=f"VJP: dL/dx = reshape(g, shape of x) ({moves})",
            pattern="flatten gate: passes the upstream gradient back, reshaped to the input's shape",
            latex=r"\operatorname{flatten}",
            code=(Code("np.ravel({0})", ("np.reshape({g}, np.shape({0}))",), "array"),),
        ),
    ]
    for name, value in (("ones", 1), ("zeros", 0)):
        rows.append(Op(
            name=name, arity=1, static_from=0, syntax=f"{name}(3), {name}((2, 3))", symbol=name, function=name,
            forward=_filled(float(value)), forward_array=_filled(float(value)), local=lambda out, s: (0.0,),
            vjp=lambda g, out, s: (None,), shape_check=lambda *parts: _problem(lambda: _created_shape(parts)),
            sympy=_sym_filled(value), entries=_created_entries,
            gate=name, rule="a constant array: it reads only its shape, and no gradient flows",
            vjp_rule="VJP: none (a constant; its shape is static)",
            pattern=f"{name} gate: a constant array of {value}s; it folds into a constant when the program is read",
            latex=rf"\operatorname{{{name}}}",
            code=(Code(f"np.{name}(np.ravel([{{0}}]).astype(int))", ("",), "array"),),
        ))
        rows.append(Op(
            name=f"{name}_like", arity=1, syntax=f"{name}_like(x)", symbol=f"{name}_like", function=f"{name}_like",
            forward=lambda x, value=float(value): value,
            forward_array=lambda x, value=float(value): np.full(_shape(x), value),
            local=lambda out, x: (0.0,), vjp=lambda g, out, x: (np.zeros(_shape(x)),), sympy=_sym_like(value),
            gate=f"{name}_like", rule=f"d/dx = 0: every entry is {value} whatever x holds",
            vjp_rule="VJP: dL/dx = 0 (the output reads only x's shape)",
            pattern=f"{name}_like gate: an array of {value}s shaped like its input, which receives a zero gradient",
            latex=rf"\operatorname{{{name}\_like}}",
            code=(Code(f"np.{name}_like({{0}}, dtype=float)", ("np.zeros(np.shape({0}))",), "array"),),
        ))
    return rows
