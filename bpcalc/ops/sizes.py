"""Values read from shapes, and integer ranges: len(x), x.shape, arange(N).

`len(x)` and `x.shape` read how large an array is, never its entries: x is a static argument
of them, as an axis is of a reduction, and receives no gradient through them (`sum(x) / len(x)`
is the mean; its gradient reaches x through the sum only). `arange(N)` (also `range(N)` and
`arange(a, b)`) is the integer array 0, 1, ..., N - 1, as in `S[arange(N), y]`, the scores of
the correct classes; its arguments are static integers.
"""

from __future__ import annotations

from typing import Any

from bpcalc.ops.array_helpers import _integer, _ndim, _problem, _shape
from bpcalc.ops.op import Code, Op, np

# arange(N) makes N entries from one number, so the memory budget (which reads shapes) cannot
# see it coming: it is bounded here instead.
MAX_RANGE = 10_000_000
# Rows whose value is an array even when every input is a scalar: a graph with one runs on arrays.
MAKES_ARRAYS = frozenset(("shape", "arange"))


def _len_forward(x: Any) -> float:
    if _ndim(x) == 0:
        raise ValueError("len() of a scalar: it has no axes (len(x) is the size of x's first axis)")
    return float(_shape(x)[0])


def _shape_forward(x: Any) -> Any:
    return np.array(_shape(x), dtype=float)


def _no_gradient(g: Any, out: Any, x: Any) -> tuple[None]:
    return (None,)


def _bounds(*parts: Any) -> tuple[int, int]:
    numbers = [_integer(part, "bound of arange") for part in parts]
    start, stop = (0, numbers[0]) if len(numbers) == 1 else (numbers[0], numbers[1])
    if stop - start > MAX_RANGE:
        raise ValueError(f"arange({', '.join(map(str, numbers))}) would hold {stop - start:,} entries; "
                         f"at most {MAX_RANGE:,} here")
    return start, stop


def _arange_forward(*parts: Any) -> Any:
    return np.arange(*_bounds(*parts), dtype=float)


def _sym_arange(sp: Any, *parts: Any) -> Any:
    start, stop = _bounds(*(int(p) for p in parts))
    out = np.empty(max(stop - start, 0), dtype=object)
    for k in range(out.size):
        out[k] = sp.Integer(start + k)
    return out


def _sym_shape(sp: Any, a: Any) -> Any:
    out = np.empty(_ndim(a), dtype=object)
    for k, size in enumerate(_shape(a)):
        out[k] = sp.Integer(size)
    return out


_SHAPE_PATTERN = "reads the array's shape, never its entries, so the array receives no gradient through it"


def size_rows() -> list[Op]:
    return [
        Op(
            name="len", arity=1, static_from=0, syntax="len(x)", symbol="len", function="len",
            forward=_len_forward, forward_array=_len_forward, local=lambda out, x: (0.0,),
            vjp=_no_gradient, shape_check=lambda x: _problem(lambda: _len_forward(x)),
            sympy=lambda sp, a: sp.Integer(_shape(a)[0]),
            gate="len", rule="d len(x)/d x = 0: the length does not change when an entry does",
            vjp_rule="VJP: none: len reads the shape, not the entries",
            pattern=f"len gate: the size of the first axis; it {_SHAPE_PATTERN}",
            latex=r"\operatorname{len}",
            code=(Code("float(len({0}))", ("",), "array"),),
        ),
        Op(
            name="shape", arity=1, static_from=0, syntax="x.shape, shape(x), x.shape[0]", symbol="shape", function="shape",
            forward=_shape_forward, forward_array=_shape_forward, local=lambda out, x: (0.0,),
            vjp=_no_gradient, sympy=_sym_shape,
            gate="shape", rule="d shape(x)/d x = 0: the shape does not change when an entry does",
            vjp_rule="VJP: none: shape reads the shape, not the entries",
            pattern=f"shape gate: the size of each axis, as numbers; it {_SHAPE_PATTERN}",
            latex=r"\operatorname{shape}",
            notation=".shape",
            code=(Code("np.array(np.shape({0}), dtype=float)", ("",), "array"),),
        ),
        Op(
            name="arange", arity=None, min_arity=1, max_arity=2, static_from=0,
            syntax="arange(N), arange(a, b), range(N)", symbol="arange", function="arange", aliases=("range",),
            forward=_arange_forward, forward_array=_arange_forward, local=lambda out, *parts: tuple(0.0 for _ in parts),
            vjp=lambda g, out, *parts: tuple(None for _ in parts),
            shape_check=lambda *parts: _problem(lambda: _bounds(*parts)),
            sympy=_sym_arange,
            gate="arange", rule="no gradient: the bounds are static integers",
            vjp_rule="VJP: none (arange's bounds are static integers)",
            pattern="arange gate: the integers a, a + 1, ..., b - 1 (from 0 with one bound), e.g. the rows of "
                    "S[arange(N), y]; its bounds are static and receive no gradient",
            latex=r"\operatorname{arange}",
            code=(Code("np.arange({*}, dtype=float)", ("",), "array"),),
        ),
    ]
