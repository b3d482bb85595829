"""`keepdims=True`, tuple axes `axis=(0, 1)` and `axis=None` for every reduction row, as numpy
takes them, without touching the rows' own rules.

A reduction row's rules are written for one axis (an integer, negative counting from the end)
or none. `with_keepdims` wraps them: a tuple of axes is moved to the end and merged into one
axis (so the row reduces axis -1 of a reshaped view), and keepdims puts the reduced axes back as
size-1 axes on the way out and takes them off the upstream gradient on the way in. The inputs
are (x, axis, keepdims); `axis=None` arrives as an empty array (the parser's marker, written
back as None), keepdims as 1 or 0 (True or False).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bpcalc.ops.array_helpers import _integer, _ndim, _problem, _shape
from bpcalc.ops.op import Code, Op, Rule, np

REDUCTION_KEYWORDS = ("axis", "keepdims")


def none_axis() -> Any:
    """The value `axis=None` stands for: no axis (every entry reduced)."""
    return np.zeros(0)


def axes_of(x: Any, rest: tuple[Any, ...]) -> int | tuple[int, ...] | None:
    """The axis argument: one integer (as given), a sorted tuple of distinct non-negative axes, or None."""
    if not rest:
        return None
    value = rest[0]
    if _ndim(value) == 0:
        return _integer(value, "axis")
    entries = list(np.asarray(value, dtype=object).ravel())
    if not entries:
        return None
    if _ndim(value) > 1:
        raise ValueError("the axis must be an integer or a tuple of integers such as (0, 1)")
    ndim = _ndim(x)
    axes = []
    for entry in entries:
        axis = _integer(entry, "axis")
        if not -ndim <= axis < ndim:
            raise ValueError(f"axis {axis} does not exist for an input of shape {_shape(x)}")
        axes.append(axis % ndim)
    if len(set(axes)) != len(axes):
        raise ValueError(f"the axes {tuple(_integer(e, 'axis') for e in entries)} name an axis twice")
    return tuple(sorted(axes))


def keeps(rest: tuple[Any, ...]) -> bool:
    if len(rest) < 2:
        return False
    value = rest[1]
    if _ndim(value) > 0 or float(value) not in (0.0, 1.0):
        raise ValueError("keepdims must be True or False")
    return float(value) == 1.0


def _merged(x: Any, axes: tuple[int, ...]) -> Any:
    """x with the reduced axes moved to the end and merged into one."""
    kept = [a for a in range(_ndim(x)) if a not in axes]
    moved = np.transpose(x, kept + list(axes))
    return moved.reshape((*[_shape(x)[a] for a in kept], -1))


def _unmerged(gradient: Any, x: Any, axes: tuple[int, ...]) -> Any:
    kept = [a for a in range(_ndim(x)) if a not in axes]
    order = kept + list(axes)
    moved = np.reshape(gradient, tuple(_shape(x)[a] for a in order))
    return np.transpose(moved, np.argsort(order))


def _reduced(x: Any, axes: int | tuple[int, ...] | None) -> tuple[int, ...]:
    """Which axes go: every axis for None."""
    if axes is None:
        return tuple(range(_ndim(x)))
    if isinstance(axes, int):
        return (axes % max(_ndim(x), 1),)
    return axes


def _kept_shape(x: Any, axes: int | tuple[int, ...] | None) -> tuple[int, ...]:
    gone = _reduced(x, axes)
    return tuple(1 if a in gone else size for a, size in enumerate(_shape(x)))


def _squeezed(value: Any, x: Any, axes: int | tuple[int, ...] | None) -> Any:
    gone = _reduced(x, axes)
    shape = tuple(size for a, size in enumerate(_shape(x)) if a not in gone)
    out = np.reshape(value, shape)
    return float(out) if not shape and out.dtype != object else out


def _inner(x: Any, rest: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...], int | tuple[int, ...] | None]:
    """The input and axis arguments the row's own rules take."""
    axes = axes_of(x, rest)
    if isinstance(axes, tuple):
        return _merged(x, axes), (-1.0,), axes
    return x, (() if axes is None else rest[:1]), axes


def _forward(rule: Rule) -> Rule:
    def forward(x: Any, *rest: Any) -> Any:
        inner, axis, axes = _inner(x, rest)
        out = rule(inner, *axis)
        return np.reshape(np.asarray(out), _kept_shape(x, axes)) if keeps(rest) else out

    return forward


def _vjp(rule: Rule) -> Rule:
    def vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
        inner, axis, axes = _inner(x, rest)
        if keeps(rest):
            g, out = _squeezed(g, x, axes), _squeezed(out, x, axes)
        grad = rule(g, out, inner, *axis)[0]
        if isinstance(axes, tuple):
            grad = _unmerged(grad, x, axes)
        return (grad, *(None for _ in rest))

    return vjp


def _on_output(rule: Rule | None) -> Rule | None:
    """A kink or piece rule, (out, x, *rest), seen through the same plan."""
    if rule is None:
        return None

    def wrapped(out: Any, x: Any, *rest: Any) -> Any:
        if not rest or isinstance(x, float | int):
            return rule(out, x, *rest)
        inner, axis, axes = _inner(x, rest)
        if keeps(rest):
            out = _squeezed(out, x, axes)
        return rule(out, inner, *axis)

    return wrapped


def _sympy(rule: Rule) -> Rule:
    def sympy(sp: Any, a: Any, *rest: Any) -> Any:
        if _ndim(a) == 0:
            return rule(sp, a)
        inner, axis, axes = _inner(a, rest)
        out = rule(sp, inner, *axis)
        if keeps(rest):
            return np.reshape(np.array(out, dtype=object), _kept_shape(a, axes))
        return out

    return sympy


def _shape_check(rule: Rule | None) -> Rule:
    def check(x: Any, *rest: Any) -> str | None:
        problem = _problem(lambda: (axes_of(x, rest), keeps(rest)))
        if problem or rule is None:
            return problem
        if isinstance(axes_of(x, rest), tuple) and _ndim(x) > 0:
            return None  # every named axis exists: the merged axis -1 does too
        inner, axis, _ = _inner(x, rest)
        return rule(inner, *axis)

    return check


def _one_axis(form: Code) -> Code:
    """A row's generated-code form for axis=k is for one integer axis (a tuple or keepdims has none)."""
    return form._replace(when=f"{form.when} ndim1=0") if "arity=2" in form.when else form


def with_keepdims(rows: list[Op]) -> list[Op]:
    """The reduction rows taking keepdims= and tuple axes as well."""
    out = []
    for row in rows:
        out.append(dataclasses.replace(
            row, max_arity=3, keywords=REDUCTION_KEYWORDS,
            syntax=f"{row.syntax}, {row.reduces or row.function}(x, axis=(0, 1), keepdims=True)",
            forward_array=_forward(row.forward_array or row.forward), vjp=_vjp(row.vjp) if row.vjp else None,
            kink=_on_output(row.kink), piece=_on_output(row.piece), sympy=_sympy(row.sympy),
            shape_check=_shape_check(row.shape_check), code=tuple(_one_axis(form) for form in row.code),
        ))
    return out
