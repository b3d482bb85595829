"""Arrays built from computed parts: the literal [a, b] (also np.array([a, b])), stack, concatenate,
vstack and hstack. Each part receives its own slice of the upstream gradient back.

The parts are the node's inputs; stack's and concatenate's axis comes first (a static input), so
any number of parts can follow it: stack([a, b], axis=1) is the node stack(1, a, b).
"""

from __future__ import annotations

import math
from typing import Any

from bpcalc.ops.array_helpers import _integer, _ndim, _problem, _shape
from bpcalc.ops.op import Code, Op, np


def _entries(*shapes: tuple[int, ...]) -> int:
    return sum(math.prod(shape) for shape in shapes)


def _entries_after_axis(*shapes: tuple[int, ...]) -> int:
    return _entries(*shapes[1:])


def _same_shapes(parts: tuple[Any, ...], what: str) -> None:
    shapes = [_shape(p) for p in parts]
    if any(shape != shapes[0] for shape in shapes):
        listed = ", ".join(str(s) for s in shapes)
        raise ValueError(f"{what} needs parts of one shape, got {listed}")


def _literal(*parts: Any) -> Any:
    _same_shapes(parts, "an array literal [a, b, ...]")
    return np.stack([np.asarray(p, dtype=float) for p in parts])


def _sym_literal(sp: Any, *parts: Any) -> Any:
    return np.stack([np.array(p, dtype=object) for p in parts])


def _stack_axis(axis: Any, parts: tuple[Any, ...]) -> int:
    ndim = _ndim(parts[0]) + 1
    number = _integer(axis, "axis")
    if not -ndim <= number < ndim:
        raise ValueError(f"axis {number} does not exist for the stacked array, which has {ndim} axes")
    return number % ndim


def _stack_fits(axis: Any, *parts: Any) -> None:
    _same_shapes(parts, "stack")
    _stack_axis(axis, parts)


def _stack(axis: Any, *parts: Any) -> Any:
    _same_shapes(parts, "stack")
    return np.stack([np.asarray(p, dtype=float) for p in parts], axis=_stack_axis(axis, parts))


def _stack_vjp(g: Any, out: Any, axis: Any, *parts: Any) -> tuple[Any, ...]:
    moved = np.moveaxis(np.asarray(g, dtype=float), _stack_axis(axis, parts), 0)
    return (None, *(float(m) if m.ndim == 0 else m for m in moved))


def _concatenate_axis(axis: Any, parts: tuple[Any, ...]) -> int:
    ndim = _ndim(parts[0])
    if any(_ndim(p) != ndim for p in parts) or ndim == 0:
        raise ValueError(f"concatenate needs arrays with the same number of axes (at least 1), got shapes "
                         f"{', '.join(str(_shape(p)) for p in parts)}")
    number = _integer(axis, "axis")
    if not -ndim <= number < ndim:
        raise ValueError(f"axis {number} does not exist for parts of shape {_shape(parts[0])}")
    number %= ndim
    others = [tuple(s for k, s in enumerate(_shape(p)) if k != number) for p in parts]
    if any(o != others[0] for o in others):
        raise ValueError(f"concatenate along axis {number} needs the other axes to agree, got shapes "
                         f"{', '.join(str(_shape(p)) for p in parts)}")
    return number


def _concatenate(axis: Any, *parts: Any) -> Any:
    return np.concatenate([np.asarray(p, dtype=float) for p in parts], axis=_concatenate_axis(axis, parts))


def _split_back(g: Any, axis: int, parts: tuple[Any, ...], shapes: list[tuple[int, ...]]) -> list[Any]:
    """The upstream gradient cut into each part's slice along `axis`, each in its part's shape."""
    ends = np.cumsum([shape[axis] for shape in shapes])[:-1]
    pieces = np.split(np.asarray(g, dtype=float), ends, axis=axis)
    return [np.reshape(piece, _shape(p)) for piece, p in zip(pieces, parts)]


def _concatenate_vjp(g: Any, out: Any, axis: Any, *parts: Any) -> tuple[Any, ...]:
    number = _concatenate_axis(axis, parts)
    return (None, *_split_back(g, number, parts, [_shape(p) for p in parts]))


def _sym_stack(sp: Any, axis: Any, *parts: Any) -> Any:
    return np.stack([np.array(p, dtype=object) for p in parts], axis=_stack_axis(axis, parts))


def _sym_concatenate(sp: Any, axis: Any, *parts: Any) -> Any:
    return np.concatenate([np.array(p, dtype=object) for p in parts], axis=_concatenate_axis(axis, parts))


def _vstack_shapes(parts: tuple[Any, ...]) -> list[tuple[int, ...]]:
    shapes = [_shape(p) if _ndim(p) >= 2 else (1, *(_shape(p) or (1,))) for p in parts]
    if any(len(s) != len(shapes[0]) or s[1:] != shapes[0][1:] for s in shapes):
        raise ValueError(f"vstack needs parts whose rows have one shape, got {', '.join(str(_shape(p)) for p in parts)}")
    return shapes


def _hstack_plan(parts: tuple[Any, ...]) -> tuple[int, list[tuple[int, ...]]]:
    """hstack joins vectors end to end (axis 0) and matrices side by side (axis 1), as numpy does."""
    shapes = [_shape(p) or (1,) for p in parts]
    axis = 0 if len(shapes[0]) == 1 else 1
    others = [tuple(s for k, s in enumerate(shape) if k != axis) for shape in shapes]
    if any(len(s) != len(shapes[0]) for s in shapes) or any(o != others[0] for o in others):
        raise ValueError(f"hstack needs parts that agree except along the joined axis, got "
                         f"{', '.join(str(_shape(p)) for p in parts)}")
    return axis, shapes


def _vstack(*parts: Any) -> Any:
    shapes = _vstack_shapes(parts)
    return np.concatenate([np.reshape(np.asarray(p, dtype=float), s) for p, s in zip(parts, shapes)], axis=0)


def _hstack(*parts: Any) -> Any:
    axis, shapes = _hstack_plan(parts)
    return np.concatenate([np.reshape(np.asarray(p, dtype=float), s) for p, s in zip(parts, shapes)], axis=axis)


def _float_parts(gradients: list[Any]) -> tuple[Any, ...]:
    return tuple(float(g) if np.ndim(g) == 0 else g for g in gradients)


def _vstack_vjp(g: Any, out: Any, *parts: Any) -> tuple[Any, ...]:
    return _float_parts(_split_back(g, 0, parts, _vstack_shapes(parts)))


def _hstack_vjp(g: Any, out: Any, *parts: Any) -> tuple[Any, ...]:
    axis, shapes = _hstack_plan(parts)
    return _float_parts(_split_back(g, axis, parts, shapes))


def _sym_joined(plan: Any) -> Any:
    def joined(sp: Any, *parts: Any) -> Any:
        axis, shapes = plan(parts)
        return np.concatenate([np.reshape(np.array(p, dtype=object), s) for p, s in zip(parts, shapes)], axis=axis)

    return joined


def _check(rule: Any) -> Any:
    return lambda *xs: _problem(lambda: rule(*xs))


def stacking_rows() -> list[Op]:
    back = "each part receives its own slice of the upstream gradient"
    return [
        Op(
            name="array", arity=None, min_arity=1, syntax="[a, b], np.array([a, b])", symbol="[ ]", function="array",
            forward=_literal, forward_array=_literal, local=lambda out, *parts: tuple(1.0 for _ in parts),
            vjp=lambda g, out, *parts: _float_parts(list(np.asarray(g, dtype=float))),
            shape_check=_check(lambda *parts: _same_shapes(parts, "an array literal [a, b, ...]")), sympy=_sym_literal,
            gate="array", rule="out[k] = part k",
            vjp_rule=f"VJP: part k receives g[k] ({back})",
            pattern="array literal gate: a router, each part receives its own row of the upstream gradient",
            latex=r"\operatorname{array}", display="[{0:}]", entries=_entries, parts_from=0, builds_array=True,
            code=(Code("np.array([{*}])", ("{g}[{k}]",), "array"),),
        ),
        Op(
            name="stack", arity=None, min_arity=2, syntax="stack([a, b]), stack([a, b], axis=1)", symbol="stack",
            function="stack", leading_static=1,
            forward=_stack, forward_array=_stack, local=lambda out, axis, *parts: (0.0, *(1.0 for _ in parts)),
            vjp=_stack_vjp, shape_check=_check(_stack_fits),
            sympy=_sym_stack,
            gate="stack", rule="a new axis: part k is the k-th slice along it",
            vjp_rule=f"VJP: part k receives the k-th slice of g along the stacked axis ({back})",
            pattern="stack gate: a router, each part receives its slice of the upstream gradient along the new axis",
            latex=r"\operatorname{stack}", display="stack([{1:}], axis={0})", entries=_entries_after_axis, parts_from=1,
            builds_array=True, keywords=("axis",),
            code=(Code("np.stack([{1:}], axis={0})", ("", "np.moveaxis({g}, {0}, 0)[{k} - 1]"), "array"),),
        ),
        Op(
            name="concatenate", arity=None, min_arity=2, syntax="concatenate([a, b]), concatenate([a, b], axis=1)",
            symbol="concat", function="concatenate", leading_static=1,
            forward=_concatenate, forward_array=_concatenate,
            local=lambda out, axis, *parts: (0.0, *(1.0 for _ in parts)),
            vjp=_concatenate_vjp, shape_check=_check(lambda axis, *parts: _concatenate_axis(axis, parts)),
            sympy=_sym_concatenate,
            gate="concatenate", rule="the parts end to end along the axis",
            vjp_rule=f"VJP: g is cut where the parts meet ({back})",
            pattern="concatenate gate: a router, the upstream gradient is cut where the parts meet",
            latex=r"\operatorname{concatenate}", display="concatenate([{1:}], axis={0})", entries=_entries_after_axis,
            parts_from=1, builds_array=True, keywords=("axis",),
            code=(Code("np.concatenate([{1:}], axis={0})",
                       ("", "np.split({g}, np.cumsum([np.shape(p)[{0}] for p in [{1:}]])[:-1], axis={0})[{k} - 1]"), "array"),),
        ),
        Op(
            name="vstack", arity=None, min_arity=1, syntax="vstack([a, b])", symbol="vstack", function="vstack",
            forward=_vstack, forward_array=_vstack, local=lambda out, *parts: tuple(1.0 for _ in parts),
            vjp=_vstack_vjp, shape_check=_check(lambda *parts: _vstack_shapes(parts)), sympy=_sym_joined(
                lambda parts: (0, _vstack_shapes(parts))),
            gate="vstack", rule="the parts as rows, one below the other",
            vjp_rule=f"VJP: g is cut between the parts' rows ({back})",
            pattern="vstack gate: a router, each part receives its rows of the upstream gradient",
            latex=r"\operatorname{vstack}", display="vstack([{0:}])", entries=_entries, parts_from=0, builds_array=True,
            code=(Code("np.vstack([{*}])", ("np.reshape(np.split({g}, np.cumsum([len(np.atleast_2d(p)) for p in [{*}]])[:-1])[{k}],"
                                            " np.shape([{*}][{k}]))",), "array"),),
        ),
        Op(
            name="hstack", arity=None, min_arity=1, syntax="hstack([a, b])", symbol="hstack", function="hstack",
            forward=_hstack, forward_array=_hstack, local=lambda out, *parts: tuple(1.0 for _ in parts),
            vjp=_hstack_vjp, shape_check=_check(lambda *parts: _hstack_plan(parts)), sympy=_sym_joined(_hstack_plan),
            gate="hstack", rule="the parts side by side (vectors end to end)",
            vjp_rule=f"VJP: g is cut between the parts' columns ({back})",
            pattern="hstack gate: a router, each part receives its columns of the upstream gradient",
            latex=r"\operatorname{hstack}", display="hstack([{0:}])", entries=_entries, parts_from=0, builds_array=True,
            code=(Code("np.hstack([{*}])", ("np.reshape(np.split({g}, np.cumsum([np.shape(np.atleast_1d(p))[min(1, np.ndim({g}) - 1)]"
                                            " for p in [{*}]])[:-1], axis=min(1, np.ndim({g}) - 1))[{k}], np.shape([{*}][{k}]))",),
                        "array"),),
        ),
    ]
