"""One notation across eval, explain and check: the chain rule in the lecture's order (upstream
× local), and a local gradient that cannot be read as a total when the output is named L."""

from __future__ import annotations

from bpcalc.teach.explanation import explain


def test_an_output_named_l_writes_its_local_gradient_as_a_partial() -> None:
    expl = explain("L = x * y", x=2, y=3, lang="en")
    gate = next(step for step in expl.backward if step.kind == "gate")
    assert gate.lines == ("dL/dx = dL/dL * ∂L/∂x = 1 * y = 1 * 3 = 3", "dL/dy = dL/dL * ∂L/∂y = 1 * x = 1 * 2 = 2")


def test_another_output_keeps_the_lecture_notation() -> None:
    expl = explain("f = x * y", x=2, y=3, lang="en")
    gate = next(step for step in expl.backward if step.kind == "gate")
    assert gate.lines[0] == "dL/dx = dL/df * df/dx = 1 * y = 1 * 3 = 3"


def test_the_eval_table_says_upstream_times_local(run_cli) -> None:
    done = run_cli("eval", "x * y", "--x=2", "--y=3", "--lang", "en")
    assert "downstream = upstream × local" in done.output


def test_a_check_diagnosis_says_upstream_times_local(run_cli) -> None:
    done = run_cli("check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "df/dq=-3", "--lang", "en")
    assert "(upstream 1 × local -4)" in done.output
