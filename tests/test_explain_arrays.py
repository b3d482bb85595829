"""Array steps of `bpcalc explain` name the graph's operands and put their numbers in:
`dL/dW = dL/dq · x^T = [0.44, 0.52]^T [0.2, 0.4] = [[0.088, 0.176], [0.104, 0.208]]`.

References are the primer's published numbers, numpy computed here, and centred finite
differences of the program written in numpy here; never bpcalc's own output.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bpcalc.render.explain_text import explanation_dict, explanation_text
from bpcalc.render.html import render_html
from bpcalc.render.latex import render_explanation_latex
from bpcalc.render.markdown import render_explanation_markdown
from bpcalc.teach.array_steps import SHOWN_ENTRIES
from bpcalc.teach.explanation import explain

PRIMER = "q = W @ x; f = sum(q^2)"
PRIMER_VALUES = {"W": "[[0.1, 0.5], [-0.3, 0.8]]", "x": "[0.2, 0.4]"}
# The primer's published lines (df/dW = 2 q x^T, df/dx = 2 W^T q), with the graph's names.
PRIMER_DW = "dL/dW = dL/dq · x^T = [0.44, 0.52]^T [0.2, 0.4] = [[0.088, 0.176], [0.104, 0.208]]"
PRIMER_DX = "dL/dx = W^T · dL/dq = [[0.1, -0.3], [0.5, 0.8]] [0.44, 0.52] = [-0.112, 0.636]"


def backward_lines(expl: Any) -> list[str]:
    return [line for step in expl.backward for line in step.lines]


def line_for(expl: Any, name: str) -> str:
    found = [line for line in backward_lines(expl) if line.startswith(f"dL/d{name} = ")]
    assert len(found) == 1, backward_lines(expl)
    return found[0]


def result_of(line: str) -> np.ndarray:
    return np.asarray(json.loads(line.rsplit(" = ", 1)[1]), dtype=float)


def arrays_in(text: str) -> list[np.ndarray]:
    """Every top-level [..] literal in a line of numbers, decoded."""
    decoder = json.JSONDecoder()
    found, at = [], 0
    while (start := text.find("[", at)) >= 0:
        try:
            value, at = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            at = start + 1
            continue
        found.append(np.asarray(value, dtype=float))
    return found


def text_of(value: Any) -> str:
    return json.dumps(np.asarray(value).tolist())


def test_the_primer_example_writes_dW_as_upstream_times_x_transposed() -> None:
    assert PRIMER_DW in backward_lines(explain(PRIMER, PRIMER_VALUES, lang="en"))


def test_the_primer_example_writes_dx_as_W_transposed_times_upstream() -> None:
    assert PRIMER_DX in backward_lines(explain(PRIMER, PRIMER_VALUES, lang="en"))


def test_the_primer_example_in_korean_has_the_same_lines_and_korean_prose() -> None:
    expl = explain(PRIMER, PRIMER_VALUES, lang="ko")
    assert PRIMER_DW in backward_lines(expl) and PRIMER_DX in backward_lines(expl)
    matmul = next(step for step in expl.backward if step.op == "matmul")
    assert not any("VJP:" in detail for detail in matmul.details)  # no English rule left in the Korean prose
    assert any("이 그래프의 이름" in detail for detail in matmul.details)


def test_the_korean_command_line_prints_the_primer_lines() -> None:
    done = subprocess.run([sys.executable, "-m", "bpcalc", "explain", PRIMER, "--W", PRIMER_VALUES["W"],
                           "--x", PRIMER_VALUES["x"], "--lang", "ko"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert PRIMER_DW in done.stdout and PRIMER_DX in done.stdout


def test_markdown_and_json_carry_the_same_derivation() -> None:
    expl = explain(PRIMER, PRIMER_VALUES, lang="en")
    assert f"`{PRIMER_DW}`" in render_explanation_markdown(expl)
    edges = [e["text"] for step in explanation_dict(expl)["backward"] for e in step["edges"]]
    assert PRIMER_DW in edges


def test_json_edges_carry_the_derivation_in_parts() -> None:
    doc = explanation_dict(explain(PRIMER, PRIMER_VALUES, lang="en"))
    edge = next(e for step in doc["backward"] for e in step["edges"] if e["label"] == "W")
    assert edge["derivation"] == {"formula": "dL/dq · x^T", "numbers": "[0.44, 0.52]^T [0.2, 0.4]",
                                  "shapes": "dL/dq (2,), x (2,)"}
    np.testing.assert_allclose(edge["downstream"], [[0.088, 0.176], [0.104, 0.208]], rtol=1e-12)


def test_latex_writes_the_derivation_in_math() -> None:
    document = render_explanation_latex(explain(PRIMER, PRIMER_VALUES, lang="en"))
    assert (r"\frac{dL}{dx} &= W^{\top} \cdot \frac{dL}{dq} = "
            r"[[0.1, -0.3], [0.5, 0.8]] [0.44, 0.52] = [-0.112, 0.636]") in document


def test_the_html_picture_shows_the_derivation_per_wire() -> None:
    from bpcalc.api import evaluate

    page = render_html(evaluate(PRIMER, PRIMER_VALUES, check=False))
    assert PRIMER_DW in page and PRIMER_DX in page


def test_a_two_layer_network_names_each_layer_and_matches_numpy() -> None:
    rng = np.random.default_rng(3)
    W1, b1, W2, b2 = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=(2, 3)), rng.normal(size=2)
    x = np.array([0.5, -1.5])
    values = {"W1": text_of(W1), "b1": text_of(b1), "W2": text_of(W2), "b2": text_of(b2), "x": text_of(x)}
    expl = explain("q1 = W1 @ x; z = q1 + b1; h = relu(z); q2 = W2 @ h; s = q2 + b2; L = sum(s^2)", values, lang="en")
    # numpy's backward pass, written out here
    z = W1 @ x + b1
    h = np.maximum(z, 0)
    s = W2 @ h + b2
    ds = 2 * s
    dW2, dh = np.outer(ds, h), W2.T @ ds
    dz = dh * (z > 0)
    dW1, dx = np.outer(dz, x), W1.T @ dz
    named = {"W2": ("dL/dW2 = dL/dq2 · h^T", dW2), "h": ("dL/dh = W2^T · dL/dq2", dh),
             "W1": ("dL/dW1 = dL/dq1 · x^T", dW1), "x": ("dL/dx = W1^T · dL/dq1", dx)}
    for name, (start, reference) in named.items():
        line = line_for(expl, name)
        assert line.startswith(start + " = "), line
        np.testing.assert_allclose(result_of(line), reference, rtol=1e-5, atol=1e-6)
    upstream = line_for(expl, "W2").split(" = ")[2].split("^T ")[0]  # the numbers put in for dL/dq2
    np.testing.assert_allclose(json.loads(upstream), ds, rtol=1e-5)


def central_difference(fn: Callable[..., float], values: dict[str, np.ndarray], name: str, h: float = 1e-6) -> np.ndarray:
    base = np.asarray(values[name], dtype=float)
    grad = np.zeros_like(base)
    for position in np.ndindex(*base.shape):
        up, down = base.copy(), base.copy()
        up[position] += h
        down[position] -= h
        grad[position] = (fn(**{**values, name: up}) - fn(**{**values, name: down})) / (2 * h)
    return grad


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _svm(s: np.ndarray, y: np.ndarray) -> float:
    rows = np.atleast_2d(s)
    labels = np.atleast_1d(y).astype(int)
    margins = rows - rows[np.arange(len(labels)), labels][:, None] + 1
    margins[np.arange(len(labels)), labels] = 0
    return float(np.maximum(margins, 0).sum() / len(labels))


def _ce(s: np.ndarray, y: np.ndarray) -> float:
    rows = np.atleast_2d(s)
    labels = np.atleast_1d(y).astype(int)
    return float(-np.mean(np.log(_softmax(rows))[np.arange(len(labels)), labels]))


A = np.array([[0.3, -1.2, 0.7], [1.1, 0.4, -0.6]])
V2 = np.array([0.9, -0.4])
V3 = np.array([0.2, -0.7, 1.3])
R23 = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
R2 = np.array([0.6, -1.1])
R3 = np.array([-0.3, 0.8, 1.7])

# (row, program, values, the input whose derivation is checked, the program in numpy)
ROW_CASES: list[tuple[str, str, dict[str, Any], str, Callable[..., float]]] = [
    ("matmul 2,1", "y = A @ v; L = sum(y * R)", {"A": A, "v": V3, "R": R2}, "A",
     lambda A, v, R: float(np.sum((A @ v) * R))),
    ("matmul 2,1 (vector)", "y = A @ v; L = sum(y * R)", {"A": A, "v": V3, "R": R2}, "v",
     lambda A, v, R: float(np.sum((A @ v) * R))),
    ("matmul 1,2", "y = u @ A; L = sum(y * R)", {"A": A, "u": V2, "R": R3}, "A",
     lambda A, u, R: float(np.sum((u @ A) * R))),
    ("matmul 1,2 (vector)", "y = u @ A; L = sum(y * R)", {"A": A, "u": V2, "R": R3}, "u",
     lambda A, u, R: float(np.sum((u @ A) * R))),
    ("matmul 1,1", "y = u @ w; L = y * 3", {"u": V2, "w": R2}, "u", lambda u, w: float(3 * (u @ w))),
    ("matmul 2,2", "y = A @ B; L = sum(y * R)", {"A": A, "B": R23.T, "R": np.array([[1.0, -2.0], [0.5, 3.0]])}, "B",
     lambda A, B, R: float(np.sum((A @ B) * R))),
    ("dot", "y = dot(u, w); L = y * y", {"u": V2, "w": R2}, "w", lambda u, w: float(np.dot(u, w) ** 2)),
    ("outer", "y = outer(u, v); L = sum(y * R)", {"u": V2, "v": V3, "R": R23}, "v",
     lambda u, v, R: float(np.sum(np.outer(u, v) * R))),
    ("transpose", "y = A.T; L = sum(y * R)", {"A": A, "R": R23.T}, "A", lambda A, R: float(np.sum(A.T * R))),
    ("sum", "y = sum(A); L = y * y", {"A": A}, "A", lambda A: float(np.sum(A) ** 2)),
    ("sum axis", "y = sum(A, axis=1); L = sum(y * R)", {"A": A, "R": R2}, "A",
     lambda A, R: float(np.sum(np.sum(A, axis=1) * R))),
    ("mean", "y = mean(A); L = y * y", {"A": A}, "A", lambda A: float(np.mean(A) ** 2)),
    ("mean axis", "y = mean(A, axis=0); L = sum(y * R)", {"A": A, "R": R3}, "A",
     lambda A, R: float(np.sum(np.mean(A, axis=0) * R))),
    ("norm", "y = norm(v); L = y * y * y", {"v": V3}, "v", lambda v: float(np.linalg.norm(v) ** 3)),
    ("norm axis", "y = norm(A, axis=1); L = sum(y * R)", {"A": A, "R": R2}, "A",
     lambda A, R: float(np.sum(np.linalg.norm(A, axis=1) * R))),
    ("max", "y = max(v); L = y * y", {"v": V3}, "v", lambda v: float(np.max(v) ** 2)),
    ("max axis", "y = max(A, axis=1); L = sum(y * R)", {"A": A, "R": R2}, "A",
     lambda A, R: float(np.sum(np.max(A, axis=1) * R))),
    ("min", "y = min(v); L = y * 3", {"v": V3}, "v", lambda v: float(3 * np.min(v))),
    ("min axis", "y = min(A, axis=0); L = sum(y * R)", {"A": A, "R": R3}, "A",
     lambda A, R: float(np.sum(np.min(A, axis=0) * R))),
    ("index", "y = v[1:3]; L = sum(y * R)", {"v": V3, "R": R2}, "v", lambda v, R: float(np.sum(v[1:3] * R))),
    ("index row", "y = A[1, :]; L = sum(y * R)", {"A": A, "R": R3}, "A", lambda A, R: float(np.sum(A[1, :] * R))),
    ("softmax", "y = softmax(v); L = sum(y * R)", {"v": V3, "R": R3}, "v",
     lambda v, R: float(np.sum(_softmax(v) * R))),
    ("softmax axis", "y = softmax(A, axis=0); L = sum(y * R)", {"A": A, "R": R23}, "A",
     lambda A, R: float(np.sum(np.exp(A) / np.exp(A).sum(axis=0, keepdims=True) * R))),
    ("mean axes", "y = mean(A, axis=(0, 1)); L = y * 3", {"A": A}, "A", lambda A: float(3 * np.mean(A))),
    ("log_softmax", "y = log_softmax(A); L = sum(y * R)", {"A": A, "R": R23}, "A",
     lambda A, R: float(np.sum(np.log(_softmax(A)) * R))),
    ("cross_entropy", "y = cross_entropy(v, k); L = y * 2", {"v": V3, "k": np.array(2.0)}, "v",
     lambda v, k: 2 * _ce(v, k)),
    ("cross_entropy rows", "y = cross_entropy(A, k); L = y * 2", {"A": A, "k": np.array([0.0, 2.0])}, "A",
     lambda A, k: 2 * _ce(A, k)),
    ("svm_loss", "y = svm_loss(v, k); L = y * 2", {"v": V3, "k": np.array(0.0)}, "v", lambda v, k: 2 * _svm(v, k)),
    ("svm_loss rows", "y = svm_loss(A, k); L = y * 2", {"A": A, "k": np.array([1.0, 0.0])}, "A",
     lambda A, k: 2 * _svm(A, k)),
    ("logsumexp", "y = logsumexp(A, axis=1); L = sum(y * R)", {"A": A, "R": R2}, "A",
     lambda A, R: float(np.sum(np.log(np.sum(np.exp(A), axis=1)) * R))),
    ("var", "y = var(v); L = y * 3", {"v": V3}, "v", lambda v: float(3 * np.var(v))),
    ("std axis", "y = std(A, axis=1); L = sum(y * R)", {"A": A, "R": R2}, "A",
     lambda A, R: float(np.sum(np.std(A, axis=1) * R))),
]


def _given(values: dict[str, Any]) -> dict[str, str]:
    return {k: json.dumps(np.asarray(v).tolist()) for k, v in values.items()}


@pytest.mark.parametrize(("row", "program", "values", "name", "fn"), ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_each_array_row_derivation_equals_finite_differences(row: str, program: str, values: dict[str, Any],
                                                             name: str, fn: Callable[..., float]) -> None:
    expl = explain(program, _given(values), lang="en")
    line = line_for(expl, name)
    formula = line.split(" = ")[1]
    assert "dL/dy" in formula or "dL/dL" in formula, line  # written with the graph's names
    reference = central_difference(fn, {k: np.asarray(v, dtype=float) for k, v in values.items()}, name)
    np.testing.assert_allclose(result_of(line), reference, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(("row", "program", "values", "name", "fn"),
                         [c for c in ROW_CASES if "R" in c[2]], ids=[c[0] for c in ROW_CASES if "R" in c[2]])
def test_each_array_row_puts_the_upstream_numbers_in(row: str, program: str, values: dict[str, Any], name: str,
                                                     fn: Callable[..., float]) -> None:
    """With L = sum(y * R), dL/dy is R itself: the numbers part must show R where dL/dy stands."""
    line = line_for(explain(program, _given(values), lang="en"), name)
    numbers = line.split(" = ")[2]
    shown = arrays_in(numbers)
    reference = np.asarray(values["R"], dtype=float)
    assert any(s.shape == reference.shape and np.allclose(s, reference) for s in shown) or \
        any(s.shape == reference.T.shape and np.allclose(s, reference.T) for s in shown), line


def test_every_row_with_array_formulas_has_a_case_here() -> None:
    from bpcalc.ops import REGISTRY

    covered = {case[0].split()[0] for case in ROW_CASES}
    for row in REGISTRY.values():
        if row.array_formulas:
            assert row.gate in covered or row.function in covered, f"{row.name} has array formulas but no test case"


def test_a_broadcast_input_shows_the_sum_that_folds_it_back() -> None:
    values = {"v": V3, "s": np.array(1.5)}
    line = line_for(explain("y = v * s; L = sum(y * y)", _given(values), lang="en"), "s")
    assert line.startswith("dL/ds = sum(dL/dy × ∂y/∂s) = sum(")
    reference = central_difference(lambda v, s: float(np.sum((v * s) ** 2)),
                                   {k: np.asarray(v, dtype=float) for k, v in values.items()}, "s")
    np.testing.assert_allclose(result_of(line), reference, rtol=1e-5)


def test_a_bias_row_broadcast_over_a_batch_is_summed_over_axis_0() -> None:
    values = {"X": A, "b": V3}
    line = line_for(explain("y = X + b; L = sum(y * y)", _given(values), lang="en"), "b")
    assert line.startswith("dL/db = sum(dL/dy × ∂y/∂b, axis=0) = ")
    np.testing.assert_allclose(result_of(line), np.sum(2 * (A + V3), axis=0), rtol=1e-5)


def test_arrays_past_the_limit_are_shown_by_their_shapes() -> None:
    W = np.arange(100.0).reshape(5, 20) / 100
    x = np.ones(20) / 10
    assert W.size > SHOWN_ENTRIES
    line = line_for(explain("q = W @ x; L = sum(q * q)", _given({"W": W, "x": x}), lang="en"), "W")
    assert line == "dL/dW = dL/dq · x^T   [dL/dq (5,), x (20,) -> shape (5, 20)]"


def test_large_elementwise_arrays_are_shown_by_their_shapes() -> None:
    x = np.linspace(-1, 1, 20)
    line = line_for(explain("y = relu(x); L = sum(y * y)", _given({"x": x}), lang="en"), "x")
    assert line == "dL/dx = dL/dy × ∂y/∂x   [dL/dy (20,), local (20,) -> (20,)]"


def test_the_text_narrative_prints_the_primer_lines() -> None:
    text = explanation_text(explain(PRIMER, PRIMER_VALUES, lang="en"))
    assert PRIMER_DW in text and PRIMER_DX in text


def test_latex_writes_the_sum_that_folds_a_broadcast_input() -> None:
    document = render_explanation_latex(explain("y = v * s; L = sum(y * y)", _given({"v": V3, "s": np.array(1.5)}),
                                                lang="en"))
    line = next(part for part in document.splitlines() if part.startswith(r"\frac{dL}{ds} &="))
    assert line.count(r"\operatorname{sum}\left(") == 3
    assert float(line.rsplit(" = ", 1)[1].rstrip(" \\")) == pytest.approx(np.sum(2 * V3 * 1.5 * V3), rel=1e-6)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_of_every_array_gate_compiles(tmp_path: Path) -> None:
    program = ("a = softmax(S); b = log_softmax(S); c = svm_loss(S, y) + cross_entropy(S, y) + sum(a * b) "
               "+ sum(S[0, :]) + max(S, axis=1) @ v + std(S, axis=0) @ w + mean(S) + norm(v) + dot(v, v) "
               "+ sum(outer(v, w) * S.T.T) + logsumexp(w) + var(w)")
    values = _given({"S": R23, "y": np.array([0.0, 1.0]), "v": V2, "w": V3})
    document = render_explanation_latex(explain(program, values, lang="en"), standalone=True)
    assert document.count(r"\operatorname{") > 20
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


def test_the_svg_picture_shows_the_derivation_on_the_wire() -> None:
    import xml.etree.ElementTree as ET

    from bpcalc.api import evaluate
    from bpcalc.render.svg import render_svg

    root = ET.fromstring(render_svg(evaluate(PRIMER, PRIMER_VALUES, check=False)))
    svg = "{http://www.w3.org/2000/svg}"
    wires = {(p.get("data-from"), p.get("data-to")): p.find(f"{svg}title").text
             for p in root.iter(f"{svg}path") if p.get("class") == "bp-wire"}
    assert any(PRIMER_DW in tip for tip in wires.values())
    assert any(PRIMER_DX in tip for tip in wires.values())
