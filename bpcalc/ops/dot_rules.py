"""dot(a, b) as numpy computes it: the inner product of two vectors, and for a matrix the
matrix product (dot(W, x) is W @ x, dot(X, W) is X @ W), as `np.dot` and `X.dot(W)` are
written in assignments. Arrays of more than two axes are refused (numpy's dot pairs axes
differently from @ there; write @ for a batch)."""

from __future__ import annotations

from typing import Any

from bpcalc.ops.array_helpers import _shape
from bpcalc.ops.op import np


def dot_check(a: Any, b: Any) -> str | None:
    sa, sb = _shape(a), _shape(b)
    if not sa or not sb:
        return f"dot({sa}, {sb}): dot takes vectors or matrices; use * to multiply by a scalar"
    if len(sa) > 2 or len(sb) > 2:
        return f"dot({sa}, {sb}): dot takes vectors or matrices (1 or 2 axes); use @ for a batch of matrices"
    inner_b = sb[0]
    if sa[-1] != inner_b:
        if len(sa) == 1 and len(sb) == 1:
            return f"dot({sa}, {sb}): the vectors' lengths {sa[0]} and {sb[0]} differ"
        return f"dot({sa}, {sb}): inner dimensions {sa[-1]} and {inner_b} differ"
    return None


def dot_forward(a: Any, b: Any) -> Any:
    out = np.dot(a, b)
    return float(out) if np.ndim(out) == 0 else out


def dot_vjp(g: Any, out: Any, a: Any, b: Any) -> tuple[Any, Any]:
    """Two vectors: each receives g times the other. With a matrix, as for @: a vector becomes
    a row (left) or a column (right), then dA = G B^T and dB = A^T G."""
    if np.ndim(a) == 1 and np.ndim(b) == 1:
        return g * b, g * a
    a2 = a if a.ndim == 2 else a[None, :]
    b2 = b if b.ndim == 2 else b[:, None]
    g2 = np.reshape(np.asarray(g, dtype=float), (a2.shape[0], b2.shape[1]))
    return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)


def dot_entries(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """How many numbers the product holds: rows of a times columns of b (1 for two vectors)."""
    rows = a[0] if len(a) == 2 else 1
    columns = b[-1] if len(b) == 2 else 1
    return max(rows * columns, 1)
