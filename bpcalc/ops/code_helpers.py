"""Python functions that generated code (`bpcalc code`) defines when a gate's template calls
them: the forms that take more than one expression to write (a stable softmax, the hinge
margins, a scatter back into zeros). Each is written out in full in the generated file, so the
file needs nothing but Python and NumPy; rows name the ones they call in `Code.helpers`."""

from __future__ import annotations

CODE_HELPERS: dict[str, str] = {
    "softmax": '''def softmax(s):
    """Probabilities along the last axis; shifted by the largest score so exp never overflows."""
    e = np.exp(s - np.max(s, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)''',
    "log_softmax": '''def log_softmax(s):
    """log(softmax(s)) along the last axis, without taking the log of a rounded-off 0."""
    shifted = s - np.max(s, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))''',
    "index_grad": '''def index_grad(x, key, g):
    """The upstream gradient of x[key], scattered back to the picked entries (0 elsewhere); an
    entry picked twice receives both."""
    grad = np.zeros(np.shape(x))
    np.add.at(grad, key, g)
    return grad''',
    "svm_margins": '''def svm_margins(scores, labels):
    """The hinge margins s_j - s_y + 1 per row of scores, 0 at each row's true class."""
    rows = np.atleast_2d(scores)
    picked = np.arange(len(rows)), np.atleast_1d(labels)
    margins = rows - rows[picked][:, None] + 1.0
    margins[picked] = 0.0
    return margins''',
    "svm_grad": '''def svm_grad(scores, labels):
    """d svm_loss / d scores: 1 at each positive margin, minus their count at the true class, / rows."""
    active = (svm_margins(scores, labels) > 0).astype(float)
    picked = np.arange(len(active)), np.atleast_1d(labels)
    active[picked] = -np.sum(active, axis=1)
    return (active / len(active)).reshape(np.shape(scores))''',
}
