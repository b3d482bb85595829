"""One notation across eval, explain and check (base/notation.py, docs/notation.md): dL/dx for the
gradients of the loss, ∂q/∂x for local gradients, the chain rule in the lecture's order
(upstream × local) with one sign, and a local gradient that cannot be read as the total when a
gate is named L. The numbers are the lecture's worked example, f = (x + y) z at x = -2, y = 5,
z = -4: df/dq = -4, df/dx = df/dy = -4, df/dz = 3 (docs/backprop-primer)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bpcalc.base.notation import local_gradient
from bpcalc.teach.explanation import explain

ROOT = Path(__file__).resolve().parents[1]
LECTURE = ("--x=-2", "--y=5", "--z=-4")
LECTURE_VALUES = {"x": -2, "y": 5, "z": -4}
# Each input's gradient in the lecture's example.
LECTURE_GRADIENTS = {"x": "-4", "y": "-4", "z": "3"}


def _gate_lines(source: str, lang: str = "en") -> list[str]:
    expl = explain(source, LECTURE_VALUES, lang=lang)
    return [line for step in expl.backward if step.kind == "gate" for line in step.lines]


def _bpcalc(*args: str, encoding: str = "utf-8") -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
    done = subprocess.run([sys.executable, "-m", "bpcalc", *args], env=env, capture_output=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    return done.stdout.decode(encoding)


def test_explain_writes_the_chain_rule_as_upstream_times_a_partial_local_gradient() -> None:
    assert _gate_lines("(x + y) * z")[0] == "dL/dn2 = dL/dn4 × ∂n4/∂n2 = 1 × z = 1 × (-4) = -4"


def test_eval_footer_names_the_gradients_as_explain_does(run_cli) -> None:
    from bpcalc.render.explain_text import summary

    shown = run_cli("eval", "(x + y) * z", *LECTURE, "--lang", "en").output
    said = summary(explain("(x + y) * z", LECTURE_VALUES, lang="en")).split("; ")[1:]
    lecture = [f"dL/d{name} = {value}" for name, value in LECTURE_GRADIENTS.items()]
    assert said == lecture
    assert all(f"  {line}\n" in shown for line in lecture)


def test_eval_and_explain_write_the_same_local_gradient(run_cli) -> None:
    shown = run_cli("eval", "(x + y) * z", *LECTURE, "--lang", "en").output
    assert "∂n4/∂n2 = -4" in shown
    assert any("∂n4/∂n2 = 1 × z" in line for line in _gate_lines("(x + y) * z"))


def test_eval_names_the_output_as_the_loss(run_cli) -> None:
    assert "output L = n4 = -12\n" in run_cli("eval", "(x + y) * z", *LECTURE, "--lang", "en").output


def test_eval_table_heads_its_columns_in_the_same_notation(run_cli) -> None:
    shown = run_cli("eval", "(x + y) * z", *LECTURE, "--lang", "en").output
    assert "grad dL/dnode" in shown and "downstream = upstream × local" in shown
    assert "∂L/∂node" not in shown


def test_a_gate_named_l_writes_its_local_gradient_by_its_operation() -> None:
    assert _gate_lines("L = (x + y) * z")[:2] == ["dL/dn2 = dL/dL × ∂(n2 * z)/∂n2 = 1 × z = 1 × (-4) = -4",
                                                  "dL/dz = dL/dL × ∂(n2 * z)/∂z = 1 × n2 = 1 × 3 = 3"]


_COLLISION = re.compile(r"dL/dL (\*|×|x) (d|∂)L/")


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_an_output_named_l_never_reads_dl_dl_times_dl(run_cli, fmt: str) -> None:
    shown = run_cli("explain", "L = (x + y) * z", *LECTURE, "--lang", "en", "--format", fmt).output
    assert "dL/dL × ∂(n2 * z)/∂n2" in shown
    assert not _COLLISION.search(shown)


def test_an_output_named_l_never_reads_dl_dl_times_dl_in_ascii() -> None:
    shown = _bpcalc("explain", "L = (x + y) * z", *LECTURE, "--lang", "en", "--ascii")
    assert "dL/dn2 = dL/dL * d(n2 * z)/dn2 = 1 * z = 1 * (-4) = -4" in shown
    assert not _COLLISION.search(shown)


def test_an_output_named_l_never_reads_dl_dl_times_dl_in_latex(run_cli) -> None:
    shown = run_cli("explain", "L = (x + y) * z", *LECTURE, "--lang", "en", "--format", "latex").output
    assert r"\frac{dL}{dL} \times \frac{\partial \left(n_{2} \cdot z\right)}{\partial n_{2}}" in shown
    assert r"\partial L}" not in shown


def test_korean_in_ascii_keeps_the_notation_apart() -> None:
    shown = _bpcalc("explain", "L = (x + y) * z", *LECTURE, "--lang", "ko", "--ascii")
    assert "dL/dn2 = dL/dL * d(n2 * z)/dn2 = 1 * z = 1 * (-4) = -4" in shown and "게이트" in shown
    assert not _COLLISION.search(shown)


def test_the_eval_table_of_an_output_named_l_keeps_local_and_total_apart(run_cli) -> None:
    shown = run_cli("eval", "L = (x + y) * z", *LECTURE, "--lang", "en").output
    assert "∂(n2 * z)/∂n2 = -4" in shown and "  dL/dx = -4\n" in shown
    assert "∂L/∂" not in shown


def test_the_output_named_l_is_not_introduced_as_l_equals_l() -> None:
    expl = explain("L = (x + y) * z", LECTURE_VALUES, lang="en")
    assert expl.backward[0].head == "the output L: the backward pass starts with dL/dL = 1"


def test_korean_explain_writes_the_same_equations_as_english() -> None:
    assert _gate_lines("(x + y) * z", lang="ko") == _gate_lines("(x + y) * z", lang="en")


def test_korean_eval_keeps_the_symbols(run_cli) -> None:
    shown = run_cli("eval", "(x + y) * z", *LECTURE, "--lang", "ko").output
    assert "Gradient dL/dnode" in shown and "∂n4/∂n2 = -4" in shown and "  dL/dx = -4\n" in shown


@pytest.mark.parametrize("command", ["eval", "explain"])
def test_ascii_output_has_no_partial_or_times_sign(command: str) -> None:
    shown = _bpcalc(command, "(x + y) * z", *LECTURE, "--lang", "en", "--ascii")
    assert "∂" not in shown and "×" not in shown
    assert "dn4/dn2" in shown


def test_ascii_stream_writes_the_chain_rule_product_as_a_star() -> None:
    shown = _bpcalc("explain", "(x + y) * z", *LECTURE, "--lang", "en", encoding="ascii")
    assert "dL/dx = dL/dn2 * dn2/dx = -4 * 1 = -4" in shown


def test_latex_writes_totals_with_d_and_locals_with_partial(run_cli) -> None:
    shown = run_cli("explain", "(x + y) * z", *LECTURE, "--lang", "en", "--format", "latex").output
    assert (r"\frac{dL}{dn_{2}} &= \frac{dL}{dn_{4}} \times \frac{\partial n_{4}}{\partial n_{2}} "
            r"= 1 \times z = 1 \times (-4) = -4") in shown


def test_markdown_explanation_writes_the_same_equations(run_cli) -> None:
    shown = run_cli("explain", "(x + y) * z", *LECTURE, "--lang", "en", "--format", "markdown").output
    assert "`dL/dn2 = dL/dn4 × ∂n4/∂n2 = 1 × z = 1 × (-4) = -4`" in shown


def test_the_html_page_writes_upstream_times_the_partial(run_cli, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    run_cli("graph", "(x + y) * z", *LECTURE, "--format", "html", "-o", str(page))
    assert "→ n2: upstream × ∂n4/∂n2 = 1 × (-4) = -4" in page.read_text(encoding="utf-8")


def test_an_elementwise_array_gate_writes_the_same_chain_rule() -> None:
    expl = explain("q = x * w; L = sum(q)", {"x": [1, 2], "w": [3, 4]}, lang="en")
    lines = [line for step in expl.backward if step.label == "q" for line in step.lines]
    assert lines[0] == "dL/dx = dL/dq × ∂q/∂x = [1, 1] × w = [1, 1] × [3, 4] = [3, 4]"


def test_a_check_diagnosis_says_upstream_times_local(run_cli) -> None:
    done = run_cli("check", "q = x + y; f = q * z", *LECTURE, "-a", "df/dq=-3", "--lang", "en")
    assert "(upstream 1 × local -4)" in done.output


def test_a_call_keeps_its_own_parentheses_in_a_local_gradient_of_l() -> None:
    assert local_gradient("L", "q", "sum(q)") == "∂sum(q)/∂q"


def test_a_sum_of_calls_is_grouped_in_a_local_gradient_of_l() -> None:
    assert local_gradient("L", "a", "f(a) + g(b)") == "∂(f(a) + g(b))/∂a"


def test_another_gate_names_itself_in_its_local_gradient() -> None:
    assert local_gradient("q", "x", "x + y") == "∂q/∂x"
