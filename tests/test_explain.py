"""`bpcalc explain`: the forward and backward narrative, in the lecture's words and numbers."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from bpcalc.ops import REGISTRY, Op
from bpcalc.render.explain_text import explanation_html, explanation_text
from bpcalc.render.markdown import render_explanation_markdown
from bpcalc.teach import i18n
from bpcalc.teach.explanation import build_explanation, explain, local_formulas

CIRCUIT = ("(x + y) * z", {"x": -2, "y": 5, "z": -4})
NAMED = "q = x + y; f = q * z"


def lines_of(expl) -> list[str]:
    return [line for step in expl.backward for line in step.lines]


def test_forward_shows_the_arithmetic_of_each_node_with_named_intermediates() -> None:
    expl = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    texts = [step.text for step in expl.forward]
    assert "q = x + y = -2 + 5 = 3" in texts
    assert "f = q * z = 3 * (-4) = -12" in texts


def test_backward_writes_upstream_times_local_equals_downstream() -> None:
    expl = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    assert "dL/dq = dL/df × ∂f/∂q = 1 × z = 1 × (-4) = -4" in lines_of(expl)
    assert "dL/dz = dL/df × ∂f/∂z = 1 × q = 1 × 3 = 3" in lines_of(expl)
    assert "dL/dx = dL/dq × ∂q/∂x = -4 × 1 = -4" in lines_of(expl)


def test_backward_runs_in_reverse_topological_order_from_the_output_seed() -> None:
    expl = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    assert expl.backward[0].kind == "output" and expl.backward[0].lines == ("dL/df = 1",)
    gates = [step.label for step in expl.backward if step.kind == "gate"]
    assert gates == ["f", "q"]


def test_unnamed_nodes_keep_the_graph_labels() -> None:
    expl = explain(*CIRCUIT[:1], **CIRCUIT[1], lang="en")
    assert "n2 = x + y = -2 + 5 = 3" in [s.text for s in expl.forward]
    assert "dL/dn2 = dL/dn4 × ∂n4/∂n2 = 1 × z = 1 × (-4) = -4" in lines_of(expl)


def test_each_gate_step_names_its_pattern_from_the_registry() -> None:
    expl = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    by_label = {step.label: step for step in expl.backward if step.kind == "gate"}
    assert by_label["f"].pattern.startswith("mul gate: gradient swapper")
    assert by_label["q"].pattern.startswith("add gate: gradient distributor")
    assert by_label["f"].pattern == REGISTRY["mul"].pattern


def test_max_gate_routes_the_gradient_to_the_larger_input() -> None:
    expl = explain("2 * (x*y + max(z, w))", x=3, y=-4, z=2, w=-1, lang="en")
    step = next(s for s in expl.backward if s.op == "max")
    assert "gradient router" in step.pattern
    downstream = {e.target_label: e.downstream for e in step.edges}
    assert downstream == {"z": 2.0, "w": 0.0}


def test_fan_out_is_an_explicit_sum_of_its_branches() -> None:
    expl = explain("x*y + x", x=3, y=-4, lang="en")
    total = next(s for s in expl.backward if s.kind == "sum")
    assert total.label == "x" and total.gate == "copy"
    assert "gradient adder" in total.pattern
    assert total.lines == ("dL/dx = dL/dx (via n3) + dL/dx (via n2) = 1 + (-4) = -3",)
    assert total.upstream == -3.0


def test_fan_out_sum_comes_after_every_branch_reached_it() -> None:
    expl = explain("x*y + x", x=3, y=-4, lang="en")
    kinds = [(s.kind, s.label) for s in expl.backward]
    assert kinds.index(("sum", "x")) > kinds.index(("gate", "n2"))


def test_sigmoid_written_out_is_recognised_with_the_grouped_local_gradient() -> None:
    expl = explain("s = w*x + b; f = 1/(1 + exp(-s))", w=2, x=-1, b=3, lang="en")
    assert len(expl.notes) == 1
    note = expl.notes[0]
    s = 1 / (1 + math.exp(-1))
    assert "sigmoid" in note and "(1 - s) s" in note
    assert f"{(1 - s) * s:.6g}" in note  # 0.196612, both from the group and from the chain


def test_power_minus_one_sigmoid_is_recognised_too() -> None:
    expl = explain("(1 + exp(-x))^-1", x=0.5, lang="en")
    assert len(expl.notes) == 1


def test_an_intermediate_used_elsewhere_is_not_called_a_sigmoid() -> None:
    expl = explain("e1 = exp(-x); f = 1/(1 + e1) + e1", x=0.5, lang="en")
    assert expl.notes == ()


def test_kinks_are_called_out_with_the_convention() -> None:
    expl = explain("relu(x) * y", x=0, y=2, lang="en")
    step = next(s for s in expl.backward if s.op == "relu")
    assert step.kink is not None and "relu'(0) = 0" in step.kink


def test_primer_sigmoid_neuron_gradients_appear_in_the_steps() -> None:
    source = "d = w0*x0 + w1*x1 + w2; f = 1/(1 + exp(-d))"
    expl = explain(source, w0=2, x0=-1, w1=-3, x1=-2, w2=-3, lang="en")
    lines = lines_of(expl)
    assert "dL/dw0 = dL/dn2 × ∂n2/∂w0 = 0.196612 × x0 = 0.196612 × (-1) = -0.196612" in lines
    assert any(line.startswith("dL/dx1 =") and line.endswith("= -0.589836") for line in lines)


def test_local_formulas_are_read_from_the_registry_rule() -> None:
    assert local_formulas("mul", 2, ["q", "z"], "f") == ["z", "q"]
    assert local_formulas("div", 2, ["a1", "den"], "f") == ["1 / den", "-a1 / den^2"]
    assert local_formulas("sigmoid", 1, ["d"], "s1") == ["(1 - s1) * s1"]
    assert local_formulas("max", 2, ["z", "w"], "m") == [None, None]


def test_steps_are_the_same_on_a_second_run() -> None:
    first = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    second = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    assert lines_of(first) == lines_of(second)


def test_a_deep_graph_explains_without_recursion() -> None:
    source = "; ".join(["a0 = x"] + [f"a{k} = a{k - 1} + x" for k in range(1, 3000)])
    expl = explain(source, x=1, lang="en")
    total = next(s for s in expl.backward if s.kind == "sum")
    assert total.upstream == 3000.0


def test_array_ops_with_a_vjp_rule_show_shapes_and_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from bpcalc.api import Result
    from bpcalc.engine import run
    from bpcalc.graph import Graph

    row = Op(name="total", arity=1, syntax="total(a)", symbol="Σ", forward=lambda a: float(np.sum(a)),
             local=lambda out, a: (1.0,), sympy=lambda sp, a: a, gate="total", rule="d/da = 1",
             pattern="total gate: every entry receives the upstream gradient",
             vjp=lambda g, out, a: (g * np.ones_like(a),), vjp_rule="dL/da = g * ones(shape of a)")
    monkeypatch.setitem(REGISTRY, "total", row)
    monkeypatch.setitem(i18n.PATTERNS["ko"], "total", "total 게이트")
    graph = Graph(source="total(w * v)")
    w = graph.add_variable("w", None)
    v = graph.add_variable("v", None)
    prod = graph.add("mul", (w, v), None)
    graph.output = graph.add("total", (prod,), None)
    values = {"w": np.array([1.0, 2.0]), "v": np.array([3.0, -4.0])}
    trace = run(graph, values)
    from bpcalc.language.parser import Program

    expl = build_explanation(Result(Program(graph), trace, values, None), "en")
    step = next(s for s in expl.backward if s.op == "total" and s.kind == "gate")
    assert step.vjp_rule == "dL/da = g * ones(shape of a)"
    assert "(2,)" in (step.shapes or "")
    assert step.edges[0].text == "dL/dn2 = [1, 1]   (dL/da = g * ones(shape of a))"
    mul = next(s for s in expl.backward if s.op == "mul")
    assert {e.target_label: list(e.downstream) for e in mul.edges} == {"w": [3.0, -4.0], "v": [1.0, 2.0]}


def test_cli_explain_prints_the_done_when_example(run_cli) -> None:
    done = run_cli("explain", "(x + y) * z", "--x=-2", "--y=5", "--z=-4", "--lang", "en")
    assert done.exit_code == 0
    assert "n2 = x + y = -2 + 5 = 3" in done.output
    assert "dL/dn2 = dL/dn4 × ∂n4/∂n2 = 1 × z = 1 × (-4) = -4" in done.output
    assert "mul gate: gradient swapper" in done.output


def test_cli_explain_json_holds_the_steps(run_cli) -> None:
    done = run_cli("explain", NAMED, "--x=-2", "--y=5", "--z=-4", "--format", "json", "--lang", "en")
    doc = json.loads(done.output)
    assert doc["value"] == -12 and doc["gradients"] == {"x": -4, "y": -4, "z": 3}
    gate = next(s for s in doc["backward"] if s["label"] == "f" and s["kind"] == "gate")
    assert gate["gate"] == "mul"
    assert gate["edges"][0] == {"to": "n2", "label": "q", "local_formula": "z", "local": -4, "downstream": -4,
                                "partial": False, "text": "dL/dq = dL/df × ∂f/∂q = 1 × z = 1 × (-4) = -4"}


def test_cli_explain_bad_input_is_a_one_screen_error_with_exit_2(run_cli) -> None:
    done = run_cli("explain", "(x + ) * z", "--x=1", "--z=2")
    assert done.exit_code == 2
    assert "Traceback" not in done.output and "error" in done.output


def test_cli_explain_symbolic_shows_formulas_of_the_inputs(run_cli) -> None:
    done = run_cli("explain", NAMED, "--x=-2", "--y=5", "--z=-4", "--symbolic", "--lang", "en")
    assert done.exit_code == 0
    assert "dL/dz = x + y" in done.output and "dL/dx = z" in done.output


def test_python_api_explain_is_reachable_from_the_package() -> None:
    import bpcalc

    expl = bpcalc.explain("(x + y) * z", x=-2, y=5, z=-4, lang="en")
    assert expl.result.gradients == {"x": -4.0, "y": -4.0, "z": 3.0}
    assert "dL/dx = -4" in explanation_text(expl)


def test_the_markdown_and_html_renderers_show_the_steps() -> None:
    expl = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    assert "`dL/dq = dL/df × ∂f/∂q = 1 × z = 1 × (-4) = -4`" in render_explanation_markdown(expl)
    html = explanation_html(expl)
    assert html.startswith("<div") and "dL/dq = dL/df × ∂f/∂q = 1 × z = 1 × (-4) = -4" in html


def test_an_explanation_repr_is_short() -> None:
    # forward: x, y, z, q, f; backward: the seed, then the gates f and q
    expl = explain(NAMED, x=-2, y=5, z=-4, lang="en")
    assert repr(expl) == "Explanation('q = x + y; f = q * z', lang='en', 5 forward steps, 3 backward steps)"


def test_explain_command_does_not_import_sympy_without_symbolic_or_exact() -> None:
    code = ("import sys; from bpcalc.cli import main; sys.argv=['bpcalc','explain','x*y','--x=1','--y=2'];\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('SYMPY' if 'sympy' in sys.modules else 'NOSYMPY')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "LANG": "C"})
    assert done.stdout.strip().endswith("NOSYMPY")
