"""softmax and log_softmax along an axis (the last by default), and the classification losses
built on scores: cross_entropy with integer class labels or soft labels (a probability array of
the scores' shape), and the multiclass svm_loss with its margin `delta` (1 by default). Labels,
targets and delta are static inputs: no gradient flows to them."""

from __future__ import annotations

from typing import Any

from bpcalc.ops.array_helpers import _axis_of, _ndim, _no_scalars, _problem, _shape, _sym_map
from bpcalc.ops.op import ArrayFormula, Code, Op, np


def _along(x: Any, rest: tuple[Any, ...]) -> int:
    """softmax's axis: the given one, else the last (as before axis= existed)."""
    axis = _axis_of(x, rest)
    return -1 if axis is None else axis


def _softmax_array(x: Any, *rest: Any) -> Any:
    axis = _along(x, rest)
    shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


def _log_softmax_array(x: Any, *rest: Any) -> Any:
    axis = _along(x, rest)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    return (out * (g - np.sum(g * out, axis=_along(x, rest), keepdims=True)), *(None for _ in rest))


def _log_softmax_vjp(g: Any, out: Any, x: Any, *rest: Any) -> tuple[Any, ...]:
    return (g - np.exp(out) * np.sum(g, axis=_along(x, rest), keepdims=True), *(None for _ in rest))


def _sym_softmax(sp: Any, a: Any, *rest: Any) -> Any:
    if _ndim(a) == 0:
        return sp.Integer(1)
    e = _sym_map(sp.exp, a)
    return e / np.sum(e, axis=int(_along(a, rest)), keepdims=True)


def _sym_log_softmax(sp: Any, a: Any, *rest: Any) -> Any:
    if _ndim(a) == 0:
        return sp.Integer(0)
    return a - _sym_map(sp.log, np.sum(_sym_map(sp.exp, a), axis=int(_along(a, rest)), keepdims=True))


def _softmax_check(x: Any, *rest: Any) -> str | None:
    return _problem(lambda: _along(x, rest)) if rest else None


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


def _is_soft(scores: Any, target: Any) -> bool:
    """A target of the scores' own shape is soft labels (a probability per class), else class labels."""
    return _ndim(target) > 0 and _shape(target) == _shape(scores) and _ndim(scores) in (1, 2)


def _soft(scores: Any, target: Any) -> Any:
    """Soft labels: each row's entries are probabilities, at least 0 and summing to 1."""
    rows = np.atleast_2d(np.asarray(target, dtype=float))
    if np.any(rows < 0) or not np.allclose(np.sum(rows, axis=-1), 1.0, rtol=0, atol=1e-6):
        raise ValueError(f"soft labels of shape {_shape(target)} must be probabilities: each row at least 0 and "
                         "summing to 1")
    return rows


def _label_check(scores: Any, labels: Any) -> str | None:
    if _is_soft(scores, labels):
        return _problem(lambda: _soft(scores, labels))
    return _problem(lambda: _labels(scores, labels))


def _cross_entropy(scores: Any, labels: Any) -> float:
    logp = _log_softmax_array(_rows_of(scores))
    if _is_soft(scores, labels):
        target = _soft(scores, labels)
        return float(-np.sum(target * logp) / len(target))
    classes = _labels(scores, labels)
    return float(-np.mean(logp[np.arange(len(classes)), classes]))


def _cross_entropy_vjp(g: Any, out: Any, scores: Any, labels: Any) -> tuple[Any, None]:
    p = _softmax_array(_rows_of(scores))
    if _is_soft(scores, labels):
        target = _soft(scores, labels)
        return (g * (p - target) / len(target)).reshape(_shape(scores)), None
    classes = _labels(scores, labels)
    p[np.arange(len(classes)), classes] -= 1.0
    return (g * p / len(classes)).reshape(_shape(scores)), None


def _sym_rows(a: Any, labels: Any) -> tuple[Any, list[int]]:
    rows = a if a.ndim == 2 else a[None, :]
    classes = [int(v) for v in np.atleast_1d(np.asarray(labels, dtype=object))]
    return rows, classes


def _sym_cross_entropy(sp: Any, a: Any, labels: Any) -> Any:
    if _is_soft(a, labels):
        rows = a if a.ndim == 2 else a[None, :]
        targets = labels if labels.ndim == 2 else labels[None, :]
        total = sp.Add(*(-t * (v - sp.log(sp.Add(*(sp.exp(u) for u in row))))
                         for row, target in zip(rows, targets) for v, t in zip(row, target)))
        return total / len(rows)
    rows, classes = _sym_rows(a, labels)
    total = sum(-(row[y] - sp.log(sp.Add(*(sp.exp(v) for v in row)))) for row, y in zip(rows, classes))
    return total / len(classes)


def _delta(rest: tuple[Any, ...]) -> float:
    """svm_loss's margin: 1 unless delta= (or a third argument) says otherwise."""
    if not rest:
        return 1.0
    if _ndim(rest[0]) > 0:
        raise ValueError(f"the margin delta must be one number, got an array of shape {_shape(rest[0])}")
    return float(rest[0])


def _svm_check(scores: Any, labels: Any, *rest: Any) -> str | None:
    return _problem(lambda: (_labels(scores, labels), _delta(rest)))


def _margins(scores: Any, labels: Any, *rest: Any) -> tuple[Any, Any]:
    classes = _labels(scores, labels)
    rows = _rows_of(scores)
    picked = np.arange(len(classes)), classes
    margins = rows - rows[picked][:, None] + _delta(rest)
    margins[picked] = 0.0
    return margins, classes


def _svm_loss(scores: Any, labels: Any, *rest: Any) -> float:
    margins, classes = _margins(scores, labels, *rest)
    return float(np.sum(np.maximum(margins, 0.0)) / len(classes))


def _svm_vjp(g: Any, out: Any, scores: Any, labels: Any, *rest: Any) -> tuple[Any, ...]:
    margins, classes = _margins(scores, labels, *rest)
    active = np.asarray(margins > 0, dtype=float)
    active[np.arange(len(classes)), classes] = -np.sum(active, axis=1)
    return ((g * active / len(classes)).reshape(_shape(scores)), None, *(None for _ in rest))


def _svm_kink(out: Any, scores: Any, labels: Any, *rest: Any) -> bool:
    margins, classes = _margins(scores, labels, *rest)
    margins[np.arange(len(classes)), classes] = 1.0
    return bool(np.any(margins == 0))


def _svm_piece(out: Any, scores: Any, labels: Any, *rest: Any) -> Any:
    """Which margins are positive: the hinge's active pieces."""
    margins, classes = _margins(scores, labels, *rest)
    margins[np.arange(len(classes)), classes] = -1.0
    return tuple(np.sign(margins).ravel().tolist())


def _sym_svm(sp: Any, a: Any, labels: Any, *rest: Any) -> Any:
    rows, classes = _sym_rows(a, labels)
    delta = rest[0] if rest else 1
    total = sp.Add(*(sp.Max(0, v - row[y] + delta) for row, y in zip(rows, classes) for j, v in enumerate(row) if j != y))
    return total / len(classes)


def loss_rows() -> list[Op]:
    inline_softmax = "np.exp({0} - np.max({0}, axis={1}, keepdims=True))"
    return [
        Op(
            name="softmax", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="softmax(s), softmax(s, axis=k)", symbol="softmax", function="softmax",
            forward=lambda a, *rest: 1.0, forward_array=_softmax_array, local=lambda out, a, *rest: (0.0, *(0.0 for _ in rest)),
            vjp=_softmax_vjp, shape_check=_softmax_check, sympy=_sym_softmax,
            gate="softmax", rule="d p_i/d s_j = p_i (1[i = j] - p_j)",
            vjp_rule="VJP: dL/ds = p * (g - sum(g * p)), p = softmax(s) (along the last axis, or axis=k)",
            pattern="softmax gate: each score receives p * (upstream - the p-weighted mean of the upstream gradient)",
            latex=r"\operatorname{softmax}", display="softmax({0}, axis={1})",
            code=(
                Code("softmax({0})", ("{out} * ({g} - np.sum({g} * {out}, axis=-1, keepdims=True))",), "array arity=1",
                     ("softmax",)),
                Code(f"{inline_softmax} / np.sum({inline_softmax}, axis={{1}}, keepdims=True)",
                     ("{out} * ({g} - np.sum({g} * {out}, axis={1}, keepdims=True))", ""), "array arity=2"),
            ),
            keywords=("axis",),
            array_formulas=(
                ArrayFormula(("{out} * ({g} - sum({g} * {out}, axis=-1, keepdims=True))",), "arity=1"),
                ArrayFormula(("{out} * ({g} - sum({g} * {out}, axis={1}, keepdims=True))", ""), "arity=2"),
            ),
        ),
        Op(
            name="log_softmax", arity=None, min_arity=1, max_arity=2, static_from=1,
            syntax="log_softmax(s), log_softmax(s, axis=k)", symbol="log_softmax", function="log_softmax",
            forward=lambda a, *rest: 0.0, forward_array=_log_softmax_array,
            local=lambda out, a, *rest: (0.0, *(0.0 for _ in rest)),
            vjp=_log_softmax_vjp, shape_check=_softmax_check, sympy=_sym_log_softmax,
            gate="log_softmax", rule="d out_i/d s_j = 1[i = j] - p_j",
            vjp_rule="VJP: dL/ds = g - softmax(s) * sum(g) (along the last axis, or axis=k)",
            pattern="log_softmax gate: each score receives upstream minus softmax times the summed upstream gradient",
            latex=r"\operatorname{log\_softmax}", display="log_softmax({0}, axis={1})",
            code=(
                Code("log_softmax({0})", ("{g} - np.exp({out}) * np.sum({g}, axis=-1, keepdims=True)",), "array arity=1",
                     ("log_softmax",)),
                Code("{0} - np.max({0}, axis={1}, keepdims=True) - np.log(np.sum("
                     f"{inline_softmax}, axis={{1}}, keepdims=True))",
                     ("{g} - np.exp({out}) * np.sum({g}, axis={1}, keepdims=True)", ""), "array arity=2"),
            ),
            keywords=("axis",),
            array_formulas=(
                ArrayFormula(("{g} - exp({out}) * sum({g}, axis=-1, keepdims=True)",), "arity=1"),
                ArrayFormula(("{g} - exp({out}) * sum({g}, axis={1}, keepdims=True)", ""), "arity=2"),
            ),
        ),
        Op(
            name="cross_entropy", arity=2, static_from=1, syntax="cross_entropy(s, y), cross_entropy(s, p)", symbol="CE",
            function="cross_entropy",
            forward=_no_scalars("cross_entropy"), forward_array=_cross_entropy, local=lambda out, s, y: (0.0, 0.0),
            vjp=_cross_entropy_vjp, shape_check=_label_check, sympy=_sym_cross_entropy,
            gate="cross_entropy", rule="dL/ds = softmax(s) - onehot(y) (soft labels p: softmax(s) - p)",
            vjp_rule="VJP: dL/ds = g (softmax(s) - onehot(y)), or g (softmax(s) - p) for soft labels p, divided by N for N rows",
            pattern="cross_entropy gate: softmax loss -log p_y; each score receives upstream * (p - 1[class = y]), "
                    "averaged over rows",
            latex=r"\operatorname{cross\_entropy}",
            code=(
                Code("-log_softmax({0})[{1}]",
                     ("{g} * (softmax({0}) - np.eye(np.shape({0})[-1])[{1}])",), "array ndim=1,0", ("softmax", "log_softmax")),
                Code("-np.mean(log_softmax({0})[np.arange(len({1})), {1}])",
                     ("{g} * (softmax({0}) - np.eye(np.shape({0})[-1])[{1}]) / len({1})",), "array ndim=2,1", ("softmax", "log_softmax")),
            ),
            array_formulas=(
                ArrayFormula(("{g} * (softmax({0}) - onehot({1}))", ""), "ndim=1,0"),
                ArrayFormula(("{g} * (softmax({0}) - onehot({1})) / {1.count}", ""), "ndim=2,1"),
            ),
        ),
        Op(
            name="svm_loss", arity=None, min_arity=2, max_arity=3, static_from=1,
            syntax="svm_loss(s, y), svm_loss(s, y, delta=0.5)", symbol="SVM", function="svm_loss",
            forward=_no_scalars("svm_loss"), forward_array=_svm_loss, local=lambda out, s, y, *rest: (0.0, 0.0, *(0.0 for _ in rest)),
            vjp=_svm_vjp, shape_check=_svm_check, sympy=_sym_svm, kink=_svm_kink,
            kink_rule="a margin exactly 0 counts as inactive (max(0, m) has derivative 0 at m = 0, as relu)",
            gate="svm_loss", rule="dL/ds_j = 1[margin_j > 0] for j != y; dL/ds_y = -(number of positive margins)",
            vjp_rule="VJP: each wrong class with a positive margin receives g, the true class -g per positive margin",
            pattern="svm_loss gate: multiclass hinge loss sum over j != y of max(0, s_j - s_y + delta) (delta = 1 unless "
                    "given), averaged over rows; max gates route the upstream gradient to the classes whose margin is positive",
            latex=r"\operatorname{svm\_loss}", piece=_svm_piece,
            code=(
                Code("np.sum(np.maximum(svm_margins({0}, {1}), 0.0)) / len(np.atleast_2d({0}))",
                     ("{g} * svm_grad({0}, {1})",), "array arity=2", ("svm_margins", "svm_grad")),
            ),
            keywords=("delta",),
            array_formulas=(
                ArrayFormula(("{g} * (1[m > 0] - onehot({1}) * sum(1[m > 0])), m = {0} - {0}[{1}] + 1", ""), "ndim=1,0"),
                ArrayFormula(("{g} * (1[m > 0] - onehot({1}) * sum(1[m > 0], axis=1, keepdims=True)) / {1.count}, "
                              "m = {0} - {0}[rows, {1}] + 1", ""), "ndim=2,1"),
            ),
        ),
    ]
