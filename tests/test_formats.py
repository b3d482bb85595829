"""--format markdown|latex|json for eval and explain: pasteable tables, compilable LaTeX."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bpcalc.render.latex import PREAMBLE, formula, name, render_explanation_latex
from bpcalc.teach.explanation import explain

CIRCUIT = ["(x + y) * z", "--x=-2", "--y=5", "--z=-4"]


def test_eval_markdown_is_a_table_with_one_row_per_node(run_cli) -> None:
    done = run_cli("eval", *CIRCUIT, "--format", "markdown")
    rows = done.output.strip().splitlines()
    assert done.exit_code == 0
    assert rows[0].startswith("| node | operation | value |") and rows[1].startswith("|---|")
    assert "| n4 | n2 * z | -12 | 1 |" in done.output
    assert all(row.count("|") == rows[0].count("|") for row in rows)


def test_eval_json_alias_and_format_json_print_the_same_document(run_cli) -> None:
    assert json.loads(run_cli("eval", *CIRCUIT, "--json").output) == json.loads(
        run_cli("eval", *CIRCUIT, "--format", "json").output)


def test_eval_json_and_another_format_together_is_a_usage_error(run_cli) -> None:
    assert run_cli("eval", *CIRCUIT, "--json", "--format", "latex").exit_code == 2


def test_eval_latex_is_a_tabular_with_balanced_rows(run_cli) -> None:
    text = run_cli("eval", *CIRCUIT, "--format", "latex").output
    assert text.count(r"\begin{tabular}{llrr}") == 1 and r"\end{tabular}" in text
    body = [line for line in text.splitlines() if line.endswith(r"\\")]
    assert len(body) == 1 + 5  # header and one row per node
    assert all(line.count("&") == 3 for line in body)
    assert r"$n_{4}$ & n2 * z & $-12$ & $1$ \\" in text


def test_explain_markdown_has_the_table_and_the_derivation(run_cli) -> None:
    text = run_cli("explain", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "--format", "markdown",
                   "--lang", "en").output
    assert "| q | x + y | 3 | -4 |" in text
    assert "`dL/dq = dL/df × ∂f/∂q = 1 × z = 1 × (-4) = -4`" in text
    assert "*mul gate: gradient swapper" in text


def test_explain_latex_structure_is_balanced_and_escaped() -> None:
    text = render_explanation_latex(explain("q_1 = x + y; f = q_1 * z", x=-2, y=5, z=-4, exact=True, lang="en"))
    for env in ("tabular", "align*"):
        assert text.count(rf"\begin{{{env}}}") == text.count(rf"\end{{{env}}}") == 1
    assert text.count("{") == text.count("}")
    align = text[text.index(r"\begin{align*}"): text.index(r"\end{align*}")]
    assert r"\frac{dL}{dq_{1}} &= \frac{dL}{df} \times \frac{\partial f}{\partial q_{1}}" \
           r" = 1 \times z = 1 \times (-4) = -4 \\" in align
    tex = "\n".join(line for line in text.splitlines() if not line.startswith("%")).replace(r"\_", "")
    assert not re.search(r"_(?![{])", tex), "every underscore outside comments is a subscript or escaped"


def test_latex_names_and_formulas() -> None:
    assert name("w0") == "w_{0}" and name("dot") == r"\mathit{dot}" and name("x") == "x"
    assert formula("b * a^(b-1)") == r"b \cdot a^{b - 1}"
    assert formula("-1/n13^2") == "- 1 / n_{13}^2"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (apt-get install "
                    "texlive-latex-base); the LaTeX is still checked structurally above")
@pytest.mark.parametrize("source, values", [
    ("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}),
    ("d = w0*x0 + w1*x1 + w2; f = 1/(1 + exp(-d))", {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}),
    ("x*y + max(x, y) + relu(y)", {"x": 3, "y": 0}),
])
def test_latex_compiles_in_the_article_class(tmp_path: Path, source: str, values: dict) -> None:
    expl = explain(source, exact=True, symbolic=True, lang="en", **values)
    document = render_explanation_latex(expl, standalone=True)
    assert document.startswith(PREAMBLE)
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (apt-get install "
                    "texlive-latex-base)")
def test_latex_of_an_array_explanation_compiles(tmp_path: Path) -> None:
    from bpcalc.ops import REGISTRY

    if "matmul" not in REGISTRY or "sum" not in REGISTRY:
        pytest.skip("array operations (matmul, sum) are not in the registry")
    expl = explain("q = W @ x; f = sum(q * q)", W="[[0.1, 0.5], [-0.3, 0.8]]", x="[0.2, 0.4]", lang="en")
    document = render_explanation_latex(expl, standalone=True)
    assert (r"\frac{dL}{dW} &= \frac{dL}{dq} \cdot x^{\top} = [0.44, 0.52]^{\top} "
            r"[0.2, 0.4] = [[0.088, 0.176], [0.104, 0.208]]") in document  # the primer's dL/dW, named
    (tmp_path / "doc.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout[-2000:]
