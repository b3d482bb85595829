"""Matrix and vector products, and the transpose: rows that give a vector-Jacobian product.
`@` broadcasts batches of matrices as numpy's matmul does ((..., n, k) @ (..., k, m))."""

from __future__ import annotations

import math
from typing import Any

from bpcalc.ops.array_helpers import _ndim, _no_scalars, _shape
from bpcalc.ops.dot_rules import dot_check, dot_entries, dot_forward, dot_vjp
from bpcalc.ops.op import ArrayFormula, Code, Op, np


def _matmul_entries(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """numpy's rule: (..., n, k) @ (..., k, m) holds n x m per broadcast batch; a vector side
    contributes no axis."""
    if not a or not b:
        return max(math.prod(a), math.prod(b))
    rows = a[-2:-1] if len(a) >= 2 else ()
    columns = b[-1:] if len(b) >= 2 else ()
    try:
        batch = math.prod(np.broadcast_shapes(a[:-2], b[:-2]))
    except ValueError:  # batches that do not broadcast: the pass names the shape error
        batch = max(math.prod(a[:-2]), math.prod(b[:-2]))
    return batch * math.prod(rows) * math.prod(columns)


def _outer_entries(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return math.prod(a) * math.prod(b)


def _matmul_check(a: Any, b: Any) -> str | None:
    sa, sb = _shape(a), _shape(b)
    if not sa or not sb:
        return f"{sa} @ {sb}: @ needs vectors or matrices; use * to multiply by a scalar"
    inner_a, inner_b = sa[-1], sb[0] if len(sb) == 1 else sb[-2]
    if inner_a != inner_b:
        if len(sa) > 2 or len(sb) > 2:
            return (f"{sa} @ {sb}: the last axis of the left ({inner_a}) and the "
                    f"{'only' if len(sb) == 1 else 'second-to-last'} axis of the right ({inner_b}) differ")
        return f"{sa} @ {sb}: inner dimensions {inner_a} and {inner_b} differ"
    try:
        np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        return f"{sa} @ {sb}: the batch shapes {sa[:-2]} and {sb[:-2]} do not broadcast together"
    return None


def _summed_to(gradient: Any, shape: tuple[int, ...]) -> Any:
    """A batched gradient summed over the batch axes its input was broadcast along."""
    while gradient.ndim > len(shape):
        gradient = gradient.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and gradient.shape[axis] != 1:
            gradient = gradient.sum(axis=axis, keepdims=True)
    return gradient


def _batched_matmul_vjp(g: Any, a: Any, b: Any) -> tuple[Any, Any]:
    """numpy's matmul broadcasting: (..., n, k) @ (..., k, m); a vector side is a row (left) or a
    column (right) whose added axis is taken off again."""
    a2 = a if a.ndim >= 2 else a[None, :]
    b2 = b if b.ndim >= 2 else b[:, None]
    g2 = np.asarray(g, dtype=float)
    if a.ndim == 1:
        g2 = np.expand_dims(g2, -2)
    if b.ndim == 1:
        g2 = np.expand_dims(g2, -1)
    da = _summed_to(g2 @ np.swapaxes(b2, -1, -2), a2.shape)
    db = _summed_to(np.swapaxes(a2, -1, -2) @ g2, b2.shape)
    return da.reshape(a.shape), db.reshape(b.shape)


def _matmul_vjp(g: Any, out: Any, a: Any, b: Any) -> tuple[Any, Any]:
    # Vectors become a row (left) or a column (right); then dA = G B^T and dB = A^T G.
    if a.ndim == 2 and b.ndim == 1:  # W @ x: dW = g x^T is an outer product, far quicker than a k=1 matmul
        return np.outer(g, b), a.T @ g
    if a.ndim > 2 or b.ndim > 2:
        return _batched_matmul_vjp(g, a, b)
    a2 = a if a.ndim == 2 else a[None, :]
    b2 = b if b.ndim == 2 else b[:, None]
    g2 = np.reshape(np.asarray(g, dtype=float), (a2.shape[0], b2.shape[1]))
    return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)


def _outer_check(a: Any, b: Any) -> str | None:
    sa, sb = _shape(a), _shape(b)
    if len(sa) != 1 or len(sb) != 1:
        return f"outer({sa}, {sb}): outer takes two vectors"
    return None


def _sym_transpose(sp: Any, a: Any) -> Any:
    return a if _ndim(a) == 0 else np.transpose(a)


def linear_algebra_rows() -> list[Op]:
    vjp_only = "the Jacobian is never formed; the vector-Jacobian product is computed directly"
    return [
        Op(
            name="matmul", arity=2, syntax="A @ B, matmul(A, B)", symbol="@", infix=("@",), function="matmul",
            forward=_no_scalars("@"), forward_array=lambda a, b: np.matmul(a, b), local=lambda out, a, b: (b, a),
            vjp=_matmul_vjp, shape_check=_matmul_check,
            sympy=lambda sp, a, b: np.matmul(a, b),
            gate="matmul", rule="dL/dA = G B^T, dL/dB = A^T G (G: upstream)",
            vjp_rule="VJP: dL/dA = G B^T, dL/dB = A^T G",
            pattern="matmul gate: like a mul gate for matrices, each input receives the upstream gradient times "
                    "the other input, transposed so the shapes fit: dL/dA = G B^T, dL/dB = A^T G",
            precedence=20,
            latex="@",
            entries=_matmul_entries,
            code=(
                Code("{0} @ {1}", ("np.outer({g}, {1})", "{0}.T @ {g}"), "ndim=2,1"),
                Code("{0} @ {1}", ("{1} @ {g}", "np.outer({0}, {g})"), "ndim=1,2"),
                Code("{0} @ {1}", ("{g} * {1}", "{g} * {0}"), "ndim=1,1"),
                Code("{0} @ {1}", ("{g} @ {1}.T", "{0}.T @ {g}"), "ndim=2,2"),
            ),
            array_formulas=(
                ArrayFormula(("{g.col} · {1.T}", "{0.T} · {g}"), "ndim=2,1"),
                ArrayFormula(("{g} · {1.T}", "{0.col} · {g.T}"), "ndim=1,2"),
                ArrayFormula(("{g} * {1}", "{g} * {0}"), "ndim=1,1"),
                ArrayFormula(("{g} · {1.T}", "{0.T} · {g}"), "ndim=2,2"),
            ),
        ),
        Op(
            name="dot", arity=2, syntax="dot(a, b), dot(W, x), X.dot(W)", symbol="·", function="dot",
            forward=_no_scalars("dot"), forward_array=dot_forward, local=lambda out, a, b: (b, a),
            vjp=dot_vjp, shape_check=dot_check, entries=dot_entries,
            sympy=lambda sp, a, b: np.dot(a, b),
            gate="dot", rule="dL/da = g b, dL/db = g a (vectors); dL/dA = G B^T, dL/dB = A^T G (a matrix)",
            vjp_rule="VJP: dL/da = g b, dL/db = g a for two vectors; with a matrix, as @: dL/dA = G B^T, dL/dB = A^T G",
            pattern="dot gate: a mul gate summed, each vector receives the upstream gradient times the other vector "
                    "(with a matrix it is the matrix product, as in numpy)",
            latex=r"\operatorname{dot}",
            code=(Code("np.dot({0}, {1})", ("{g} * {1}", "{g} * {0}"), "ndim=1,1"),
                  Code("np.dot({0}, {1})", ("np.outer({g}, {1})", "{0}.T @ {g}"), "ndim=2,1"),
                  Code("np.dot({0}, {1})", ("{1} @ {g}", "np.outer({0}, {g})"), "ndim=1,2"),
                  Code("np.dot({0}, {1})", ("{g} @ {1}.T", "{0}.T @ {g}"), "ndim=2,2")),
            array_formulas=(
                ArrayFormula(("{g} * {1}", "{g} * {0}"), "ndim=1,1"),
                ArrayFormula(("{g.col} · {1.T}", "{0.T} · {g}"), "ndim=2,1"),
                ArrayFormula(("{g} · {1.T}", "{0.col} · {g.T}"), "ndim=1,2"),
                ArrayFormula(("{g} · {1.T}", "{0.T} · {g}"), "ndim=2,2"),
            ),
        ),
        Op(
            name="outer", arity=2, syntax="outer(a, b)", symbol="⊗", function="outer",
            forward=_no_scalars("outer"), forward_array=lambda a, b: np.outer(a, b), local=lambda out, a, b: (b, a),
            vjp=lambda g, out, a, b: (g @ b, g.T @ a), shape_check=_outer_check,
            sympy=lambda sp, a, b: np.outer(a, b),
            gate="outer", rule="dL/da = G b, dL/db = G^T a",
            vjp_rule="VJP: dL/da = G b, dL/db = G^T a",
            pattern="outer gate: each vector receives the upstream matrix times the other vector",
            latex=r"\operatorname{outer}",
            entries=_outer_entries,
            code=(Code("np.outer({0}, {1})", ("{g} @ {1}", "{g}.T @ {0}"), "array"),),
            array_formulas=(
                ArrayFormula(("{g} · {1}", "{g.T} · {0}")),
            ),
        ),
        Op(
            name="transpose", arity=1, syntax="W.T, transpose(W)", symbol="ᵀ", function="transpose",
            forward=lambda a: a, forward_array=lambda a: np.transpose(a), local=lambda out, a: (1.0,),
            vjp=lambda g, out, a: (np.transpose(g),), sympy=_sym_transpose,
            gate="transpose", rule="dL/dW = G^T",
            vjp_rule=f"VJP: dL/dW = G^T ({vjp_only})",
            pattern="transpose gate: passes the upstream gradient back transposed",
            latex=r"\operatorname{transpose}", display="{0}.T",
            notation=".T",
            code=(Code("{0}.T", ("{g}.T",), "array"),),
            array_formulas=(
                ArrayFormula(("{g.T}",)),
            ),
        ),
    ]
