"""Vector and matrix rows: not elementwise, so each gives a vector-Jacobian product."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bpcalc.ops.op import Op, Rule, np
from bpcalc.ops.scalar import _fmt

# ---- Vectors and matrices ---------------------------------------------------------------
# The rows below are not elementwise, so their Jacobians are never formed: each gives `vjp`,
# (g, out, *inputs) -> one gradient per input, each of that input's shape (None for a static
# integer argument such as an axis, an index or a class label). `forward`/`local` still take
# Python floats where that means something (the sum of a scalar is the scalar), so scalar-only
# graphs never import numpy; `forward_array` is the numpy rule. SymPy counterparts receive
# SymPy scalars or numpy object arrays of SymPy expressions (one symbol per entry).


def _shape(a: Any) -> tuple[int, ...]:
    return tuple(getattr(a, "shape", ()))


def _ndim(a: Any) -> int:
    return int(getattr(a, "ndim", 0))


def _is_scalar(a: Any) -> bool:
    return isinstance(a, float | int) or _ndim(a) == 0


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


def _sym_sum(sp: Any, a: Any, *rest: Any) -> Any:
    return _sym_reduce(lambda *xs: sp.Add(*xs), a, rest[0] if rest else None)


def _sym_mean(sp: Any, a: Any, *rest: Any) -> Any:
    axis = rest[0] if rest else None
    count = 1 if _ndim(a) == 0 else (a.size if axis is None else a.shape[int(axis)])
    return _sym_map(lambda v: v / count, _sym_sum(sp, a, *rest))


def _sym_norm(sp: Any, a: Any, *rest: Any) -> Any:
    squares = _sym_map(lambda v: v**2, a)
    return _sym_map(sp.sqrt, _sym_sum(sp, squares, *rest))


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


def _matmul_check(a: Any, b: Any) -> str | None:
    sa, sb = _shape(a), _shape(b)
    if not sa or not sb:
        return f"{sa} @ {sb}: @ needs vectors or matrices; use * to multiply by a scalar"
    if len(sa) > 2 or len(sb) > 2:
        return f"{sa} @ {sb}: only vectors and matrices (1 or 2 axes) are supported"
    if sa[-1] != sb[0]:
        return f"{sa} @ {sb}: inner dimensions {sa[-1]} and {sb[0]} differ"
    return None


def _matmul_vjp(g: Any, out: Any, a: Any, b: Any) -> tuple[Any, Any]:
    # Vectors become a row (left) or a column (right); then dA = G B^T and dB = A^T G.
    if a.ndim == 2 and b.ndim == 1:  # W @ x: dW = g x^T is an outer product, far quicker than a k=1 matmul
        return np.outer(g, b), a.T @ g
    a2 = a if a.ndim == 2 else a[None, :]
    b2 = b if b.ndim == 2 else b[:, None]
    g2 = np.reshape(np.asarray(g, dtype=float), (a2.shape[0], b2.shape[1]))
    return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)


def _dot_check(a: Any, b: Any) -> str | None:
    sa, sb = _shape(a), _shape(b)
    if len(sa) != 1 or len(sb) != 1:
        return f"dot({sa}, {sb}): dot takes two vectors; use @ for matrices"
    if sa != sb:
        return f"dot({sa}, {sb}): the vectors' lengths {sa[0]} and {sb[0]} differ"
    return None


def _outer_check(a: Any, b: Any) -> str | None:
    sa, sb = _shape(a), _shape(b)
    if len(sa) != 1 or len(sb) != 1:
        return f"outer({sa}, {sb}): outer takes two vectors"
    return None


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


def _softmax_array(x: Any) -> Any:
    shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def _log_softmax_array(x: Any) -> Any:
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _sym_softmax(sp: Any, a: Any) -> Any:
    if _ndim(a) == 0:
        return sp.Integer(1)
    e = _sym_map(sp.exp, a)
    return e / np.sum(e, axis=-1, keepdims=True)


def _sym_log_softmax(sp: Any, a: Any) -> Any:
    if _ndim(a) == 0:
        return sp.Integer(0)
    return a - _sym_map(sp.log, np.sum(_sym_map(sp.exp, a), axis=-1, keepdims=True))


def _labels(scores: Any, labels: Any) -> Any:
    """Class labels for scores (C,) or (N, C): integers in range, one per row."""
    shape = _shape(scores)
    if len(shape) not in (1, 2):
        raise ValueError(f"scores must be a vector (C,) or a matrix (N, C), got shape {shape}")
    wanted = () if len(shape) == 1 else (shape[0],)
    if _shape(labels) != wanted:
        raise ValueError(f"scores of shape {shape} need {'one label' if not wanted else f'labels of shape {wanted}'}, "
                         f"got shape {_shape(labels)}")
    flat = np.atleast_1d(np.asarray(labels, dtype=float))
    if np.any(flat != np.floor(flat)):
        raise ValueError("class labels must be integers")
    classes = flat.astype(int)
    if np.any(classes < 0) or np.any(classes >= shape[-1]):
        raise ValueError(f"class labels must be between 0 and {shape[-1] - 1} (scores have {shape[-1]} classes)")
    return classes


def _rows_of(scores: Any) -> Any:
    return np.atleast_2d(np.asarray(scores, dtype=float))


def _label_check(scores: Any, labels: Any) -> str | None:
    return _problem(lambda: _labels(scores, labels))


def _cross_entropy(scores: Any, labels: Any) -> float:
    classes = _labels(scores, labels)
    logp = _log_softmax_array(_rows_of(scores))
    return float(-np.mean(logp[np.arange(len(classes)), classes]))


def _cross_entropy_vjp(g: Any, out: Any, scores: Any, labels: Any) -> tuple[Any, None]:
    classes = _labels(scores, labels)
    p = _softmax_array(_rows_of(scores))
    p[np.arange(len(classes)), classes] -= 1.0
    return (g * p / len(classes)).reshape(_shape(scores)), None


def _sym_rows(a: Any, labels: Any) -> tuple[Any, list[int]]:
    rows = a if a.ndim == 2 else a[None, :]
    classes = [int(v) for v in np.atleast_1d(np.asarray(labels, dtype=object))]
    return rows, classes


def _sym_cross_entropy(sp: Any, a: Any, labels: Any) -> Any:
    rows, classes = _sym_rows(a, labels)
    total = sum(-(row[y] - sp.log(sp.Add(*(sp.exp(v) for v in row)))) for row, y in zip(rows, classes))
    return total / len(classes)


def _margins(scores: Any, labels: Any) -> tuple[Any, Any]:
    classes = _labels(scores, labels)
    rows = _rows_of(scores)
    picked = np.arange(len(classes)), classes
    margins = rows - rows[picked][:, None] + 1.0
    margins[picked] = 0.0
    return margins, classes


def _svm_loss(scores: Any, labels: Any) -> float:
    margins, classes = _margins(scores, labels)
    return float(np.sum(np.maximum(margins, 0.0)) / len(classes))


def _svm_vjp(g: Any, out: Any, scores: Any, labels: Any) -> tuple[Any, None]:
    margins, classes = _margins(scores, labels)
    active = np.asarray(margins > 0, dtype=float)
    active[np.arange(len(classes)), classes] = -np.sum(active, axis=1)
    return (g * active / len(classes)).reshape(_shape(scores)), None


def _svm_kink(out: Any, scores: Any, labels: Any) -> bool:
    margins, classes = _margins(scores, labels)
    margins[np.arange(len(classes)), classes] = 1.0
    return bool(np.any(margins == 0))


def _svm_piece(out: Any, scores: Any, labels: Any) -> Any:
    """Which margins are positive: the hinge's active pieces."""
    margins, classes = _margins(scores, labels)
    margins[np.arange(len(classes)), classes] = -1.0
    return tuple(np.sign(margins).ravel().tolist())


def _sym_svm(sp: Any, a: Any, labels: Any) -> Any:
    rows, classes = _sym_rows(a, labels)
    total = sp.Add(*(sp.Max(0, v - row[y] + 1) for row, y in zip(rows, classes) for j, v in enumerate(row) if j != y))
    return total / len(classes)


def _sym_transpose(sp: Any, a: Any) -> Any:
    return a if _ndim(a) == 0 else np.transpose(a)


def array_rows() -> list[Op]:
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
        ),
        Op(
            name="dot", arity=2, syntax="dot(a, b)", symbol="·", function="dot",
            forward=_no_scalars("dot"), forward_array=lambda a, b: float(np.dot(a, b)), local=lambda out, a, b: (b, a),
            vjp=lambda g, out, a, b: (g * b, g * a), shape_check=_dot_check,
            sympy=lambda sp, a, b: np.dot(a, b),
            gate="dot", rule="dL/da = g b, dL/db = g a",
            vjp_rule="VJP: dL/da = g b, dL/db = g a",
            pattern="dot gate: a mul gate summed, each vector receives the upstream gradient times the other vector",
            latex=r"\operatorname{dot}",
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
        ),
        Op(
            name="transpose", arity=1, syntax="W.T, transpose(W)", symbol="ᵀ", function="transpose",
            forward=lambda a: a, forward_array=lambda a: np.transpose(a), local=lambda out, a: (1.0,),
            vjp=lambda g, out, a: (np.transpose(g),), sympy=_sym_transpose,
            gate="transpose", rule="dL/dW = G^T",
            vjp_rule=f"VJP: dL/dW = G^T ({vjp_only})",
            pattern="transpose gate: passes the upstream gradient back transposed",
            latex=r"\operatorname{transpose}", display="{0}.T",
        ),
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
        ),
        Op(
            name="amax", arity=None, min_arity=1, max_arity=2, static_from=1, reduces="max",
            syntax="max(x), max(x, axis=k)", symbol="max", function="max",
            forward=_reduce_float, forward_array=_extreme_array(lambda x, axis: np.max(x, axis=axis)),
            local=lambda out, x, *rest: (1.0, *(0.0 for _ in rest)),
            vjp=_extreme_vjp, shape_check=_axis_check, sympy=lambda sp, a, *rest: _sym_reduce(sp.Max, a, rest[0] if rest else None),
            kink=_extreme_kink, kink_rule="ties share the upstream gradient evenly (PyTorch's amax)",
            gate="max", rule="d/dx_i = 1 for the largest entry, 0 for the others",
            vjp_rule="VJP: the largest entry receives the upstream gradient, the others 0",
            pattern="max gate (reduction over the entries of one array): gradient router, the largest entry receives "
                    "the upstream gradient and the others receive 0",
            latex=r"\max", display="max({0}, axis={1})", piece=_extreme_piece,
        ),
        Op(
            name="amin", arity=None, min_arity=1, max_arity=2, static_from=1, reduces="min",
            syntax="min(x), min(x, axis=k)", symbol="min", function="min",
            forward=_reduce_float, forward_array=_extreme_array(lambda x, axis: np.min(x, axis=axis)),
            local=lambda out, x, *rest: (1.0, *(0.0 for _ in rest)),
            vjp=_extreme_vjp, shape_check=_axis_check, sympy=lambda sp, a, *rest: _sym_reduce(sp.Min, a, rest[0] if rest else None),
            kink=_extreme_kink, kink_rule="ties share the upstream gradient evenly (PyTorch's amin)",
            gate="min", rule="d/dx_i = 1 for the smallest entry, 0 for the others",
            vjp_rule="VJP: the smallest entry receives the upstream gradient, the others 0",
            pattern="min gate (reduction over the entries of one array): gradient router, the smallest entry receives "
                    "the upstream gradient and the others receive 0",
            latex=r"\min", display="min({0}, axis={1})", piece=_extreme_piece,
        ),
        Op(
            name="index", arity=None, min_arity=2, static_from=1, syntax="x[i], W[i, :], x[a:b], s[y]", symbol="[]",
            forward=_index_forward, forward_array=_index_forward, local=lambda out, x, *parts: (1.0, *(0.0 for _ in parts)),
            vjp=_index_vjp, shape_check=lambda x, *parts: _problem(lambda: _index_forward(x, *parts)),
            sympy=_sym_index,
            gate="index", rule="d out/d x = 1 at the picked entries, 0 elsewhere",
            vjp_rule="VJP: the upstream gradient is scattered back to the picked entries; the others receive 0",
            pattern="index gate: a router, the picked entries receive the upstream gradient and every other entry 0",
            latex=r"\operatorname{index}", display="{0}[{1:}]",
        ),
        Op(
            name="softmax", arity=1, syntax="softmax(s)", symbol="softmax", function="softmax",
            forward=lambda a: 1.0, forward_array=_softmax_array, local=lambda out, a: (0.0,),
            vjp=lambda g, out, a: (out * (g - np.sum(g * out, axis=-1, keepdims=True)),), sympy=_sym_softmax,
            gate="softmax", rule="d p_i/d s_j = p_i (1[i = j] - p_j)",
            vjp_rule="VJP: dL/ds = p * (g - sum(g * p)), p = softmax(s) (along the last axis)",
            pattern="softmax gate: each score receives p * (upstream - the p-weighted mean of the upstream gradient)",
            latex=r"\operatorname{softmax}",
        ),
        Op(
            name="log_softmax", arity=1, syntax="log_softmax(s)", symbol="log_softmax", function="log_softmax",
            forward=lambda a: 0.0, forward_array=_log_softmax_array, local=lambda out, a: (0.0,),
            vjp=lambda g, out, a: (g - np.exp(out) * np.sum(g, axis=-1, keepdims=True),), sympy=_sym_log_softmax,
            gate="log_softmax", rule="d out_i/d s_j = 1[i = j] - p_j",
            vjp_rule="VJP: dL/ds = g - softmax(s) * sum(g) (along the last axis)",
            pattern="log_softmax gate: each score receives upstream minus softmax times the summed upstream gradient",
            latex=r"\operatorname{log\_softmax}",
        ),
        Op(
            name="cross_entropy", arity=2, static_from=1, syntax="cross_entropy(s, y)", symbol="CE",
            function="cross_entropy",
            forward=_no_scalars("cross_entropy"), forward_array=_cross_entropy, local=lambda out, s, y: (0.0, 0.0),
            vjp=_cross_entropy_vjp, shape_check=_label_check, sympy=_sym_cross_entropy,
            gate="cross_entropy", rule="dL/ds = softmax(s) - onehot(y)",
            vjp_rule="VJP: dL/ds = g (softmax(s) - onehot(y)), divided by N for N rows",
            pattern="cross_entropy gate: softmax loss -log p_y; each score receives upstream * (p - 1[class = y]), "
                    "averaged over rows",
            latex=r"\operatorname{cross\_entropy}",
        ),
        Op(
            name="svm_loss", arity=2, static_from=1, syntax="svm_loss(s, y)", symbol="SVM", function="svm_loss",
            forward=_no_scalars("svm_loss"), forward_array=_svm_loss, local=lambda out, s, y: (0.0, 0.0),
            vjp=_svm_vjp, shape_check=_label_check, sympy=_sym_svm, kink=_svm_kink,
            kink_rule="a margin exactly 0 counts as inactive (max(0, m) has derivative 0 at m = 0, as relu)",
            gate="svm_loss", rule="dL/ds_j = 1[margin_j > 0] for j != y; dL/ds_y = -(number of positive margins)",
            vjp_rule="VJP: each wrong class with a positive margin receives g, the true class -g per positive margin",
            pattern="svm_loss gate: multiclass hinge loss sum over j != y of max(0, s_j - s_y + 1), averaged over rows; "
                    "max gates route the upstream gradient to the classes whose margin is positive",
            latex=r"\operatorname{svm\_loss}", piece=_svm_piece,
        ),
    ]
