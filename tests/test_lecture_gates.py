"""Constants live inside the gates, as the lecture draws them (issue 13, section 1).

The reference is the lecture's published sigmoid circuit (docs: backprop primer): eight gates
`*`, `*`, `+`, `+`, `*-1`, `exp`, `+1`, `1/x` with wire values -2, 6, 4, 1, -1, 0.37, 1.37,
0.73 forward and 0.20, 0.20, 0.20, 0.20, -0.20, -0.53, -0.53, 1.00 backward.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import bpcalc
from bpcalc.errors import DomainError, UnknownNameError
from bpcalc.language.parser import parse
from bpcalc.render.dot import render_dot
from bpcalc.render.html import page_data
from bpcalc.render.json_doc import document
from bpcalc.render.labels import node_labels
from bpcalc.render.latex import render_latex
from bpcalc.render.markdown import render_markdown
from bpcalc.render.mermaid import render_mermaid
from bpcalc.render.svg import render_svg
from bpcalc.teach.explanation import build_explanation

SIGMOID = "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
AT = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
LECTURE_GATES = ["mul", "mul", "add", "add", "*-1", "exp", "+1", "1/x"]
LECTURE_VALUES = [-2, 6, 4, 1, -1, 0.37, 1.37, 0.73]
LECTURE_GRADS = [0.20, 0.20, 0.20, 0.20, -0.20, -0.53, -0.53, 1.00]
EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").glob("*.bp"))


def _sigmoid() -> bpcalc.Result:
    return bpcalc.evaluate(SIGMOID, AT)


def test_sigmoid_circuit_json_has_the_lectures_eight_gates_and_wire_values() -> None:
    gates = [n for n in document(_sigmoid())["nodes"] if n["op"] != "var"]
    assert [n["gate"] for n in gates] == LECTURE_GATES
    assert [round(n["value"], 2) for n in gates] == LECTURE_VALUES
    assert [round(n["grad"], 2) for n in gates] == LECTURE_GRADS


def test_sigmoid_circuit_table_has_eight_gate_rows_with_the_lectures_numbers(run_cli) -> None:
    out = run_cli("eval", SIGMOID, *(f"--{k}={v}" for k, v in AT.items()), "--precision", "3").stdout
    rows = [line for line in out.splitlines() if line.startswith("│ ") and not line.startswith("│      │")]
    gate_rows = [r.split("│") for r in rows if "input" not in r]
    assert len(gate_rows) == 8
    assert [round(float(r[3]), 2) for r in gate_rows] == LECTURE_VALUES
    assert [round(float(r[4]), 2) for r in gate_rows] == LECTURE_GRADS
    assert "constant" not in out


def test_sigmoid_circuit_explanation_names_the_lectures_gates_in_reverse() -> None:
    steps = [s for s in build_explanation(_sigmoid()).backward if s.kind == "gate"]
    assert [s.gate for s in steps] == ["mul", "mul", "add", "add", "*-1", "exp", "+1", "1/x"][::-1]
    assert [round(s.upstream, 2) for s in steps] == LECTURE_GRADS[::-1]
    assert "+1 gate: passes the upstream gradient unchanged" in steps[1].pattern
    assert "1/x gate: local gradient -1/x²" in steps[0].pattern


def test_sigmoid_circuit_svg_draws_eight_gates_with_the_lectures_numbers() -> None:
    root = ET.fromstring(render_svg(_sigmoid(), precision=3))
    ns = "{http://www.w3.org/2000/svg}"
    gates = [g for g in root.iter(f"{ns}g") if "bp-node" in g.get("class", "").split() and g.get("data-op") != "var"]
    symbols = [next(t.text for t in g.iter(f"{ns}text") if t.get("class") == "bp-symbol") for g in gates]
    assert symbols == ["×", "×", "+", "+", "*-1", "exp", "+1", "1/x"]
    values = [float(next(t.text for t in g.iter(f"{ns}text") if t.get("class") == "bp-value")) for g in gates]
    grads = [float(next(t.text for t in g.iter(f"{ns}text") if t.get("class") == "bp-grad")) for g in gates]
    assert [round(v, 2) for v in values] == LECTURE_VALUES
    assert [round(g, 2) for g in grads] == LECTURE_GRADS


def test_constant_subexpressions_fold_to_one_constant_labelled_as_written() -> None:
    graph = parse("f = x * (pi/2) + 2*3").graph
    constants = {graph.labels[i]: graph.constants[i] for i in graph.constants}
    assert constants == pytest.approx({"(pi/2)": 1.5707963267948966, "(2*3)": 6.0})  # as written, bracketed to read as one factor
    assert [graph.ops[i] for i in graph.user_nodes()] == ["var", "mul", "add"]


def test_ids_are_dense_over_inputs_and_gates() -> None:
    graph = parse("f = 1 + 2 * x").graph
    assert [graph.node_id(i) for i in graph.user_nodes()] == ["n0", "n1", "n2"]
    assert graph.find("n1") == graph.user_nodes()[1]


def test_a_domain_error_while_folding_points_at_the_constant() -> None:
    with pytest.raises(DomainError) as caught:
        parse("x + log(-1)")
    assert "log(-1)" in str(caught.value)
    assert caught.value.span is not None and (caught.value.span.start, caught.value.span.end) == (4, 11)


def test_e_to_the_x_is_the_exp_gate() -> None:
    graph = parse("e ** x").graph
    assert graph.ops[graph.output] == "exp"
    assert bpcalc.evaluate("e^x", {"x": 1.5}).grad["x"] == pytest.approx(4.4816890703380645)


def test_a_constant_slope_of_leaky_relu_receives_no_gradient() -> None:
    doc = document(bpcalc.evaluate("leaky_relu(x, 0.2)", {"x": -1}))
    gate = doc["nodes"][-1]
    assert gate["gate"] == "leaky_relu(x, 0.2)"
    assert gate["inputs"] == ["n0"] and gate["downstream"] == [pytest.approx(0.2)]
    assert gate["parameters"] == [{"position": 1, "label": "0.2", "value": 0.2}]


def test_max_with_a_constant_at_the_tie_gives_x_half_the_gradient_and_says_so() -> None:
    result = bpcalc.evaluate("max(0, x)", {"x": 0})
    assert result.grad["x"] == pytest.approx(0.5)  # PyTorch's torch.maximum(0, x) at x = 0
    step = next(s for s in build_explanation(result).backward if s.kind == "gate")
    assert "x receives half" in step.pattern
    assert result.check is not None and result.check.passed


def test_a_constant_exponent_has_no_verdict_and_no_false_alarm() -> None:
    result = bpcalc.evaluate("x^-1", {"x": -2})
    assert result.check is not None and result.check.passed
    assert sum(result.check.counts().values()) == 2  # x and the x^-1 gate, not the -1


def test_a_fan_out_labels_each_wire_with_what_it_carries_back() -> None:
    root = ET.fromstring(render_svg(bpcalc.evaluate("f = x*y + x", {"x": 3, "y": -4})))
    labels = sorted(t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "bp-wiregrad")
    assert labels == ["-4", "1"]  # x's branches; x itself shows their sum, -3


def test_the_stepper_walks_back_from_the_output_gate_by_gate() -> None:
    order = page_data(bpcalc.evaluate("(x + y) * z", {"x": -2, "y": 5, "z": -4}))["order"]
    assert order == ["n4", "n2", "n3", "n0", "n1"]  # f; then its inputs x+y and z; then x and y


def test_an_answer_for_a_constant_says_constants_are_no_longer_nodes(tmp_path: Path, run_cli) -> None:
    sheet = tmp_path / "sheet.toml"
    sheet.write_text('expression = "f = 1 / (1 + exp(-x))"\n[values]\nx = 0\n[answers]\nd1 = 0.1\n')
    result = run_cli("check", str(sheet))
    assert result.exit_code == 2
    assert "constants are no longer nodes" in result.stderr


def test_an_id_past_the_last_node_says_ids_count_inputs_and_gates() -> None:
    from bpcalc.homework.keys import resolve

    with pytest.raises(UnknownNameError, match="ids count only inputs and gates"):
        resolve("dn9", parse("f = 1 / (1 + exp(-x))").graph)


def _outputs(path: Path) -> dict[str, str]:
    program = parse(path.read_text())
    result = bpcalc.evaluate(path.read_text(), {})
    expl = build_explanation(result)
    from bpcalc.render.explain_text import explanation_text

    return {
        "json": json.dumps(document(result)),
        "markdown": render_markdown(result),
        "latex": render_latex(result),
        "svg": render_svg(result),
        "dot": render_dot(result),
        "mermaid": render_mermaid(result),
        "html": json.dumps(page_data(result)),
        "explain": explanation_text(expl),
        "count": str(len(program.graph.user_nodes())),
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_no_literal_is_a_node_in_any_output(path: Path) -> None:
    result = bpcalc.evaluate(path.read_text(), {})
    graph = result.trace.graph
    shown = [i for i in graph.user_nodes() if i <= graph.output]
    outs = _outputs(path)
    doc = json.loads(outs["json"])
    assert [n["id"] for n in doc["nodes"]] == [f"n{k}" for k in range(len(graph.user_nodes()))]
    assert all(n["op"] != "const" for n in doc["nodes"])
    assert [n.node for n in node_labels(result)] == shown
    assert len(re.findall(r'class="bp-node[ "]', outs["svg"])) == len(shown)
    assert len(re.findall(r"^  n\d+ \[shape=", outs["dot"], re.M)) == len(shown)
    assert len(re.findall(r"^  n\d+[\[(]", outs["mermaid"], re.M)) == len(shown)
    assert len(json.loads(outs["html"])["nodes"]) == len(shown)
    assert outs["markdown"].count("\n| ") == len(shown)
    assert "constant" not in outs["markdown"] + outs["latex"] + outs["explain"]
    for i in graph.constants:
        assert f"d{graph.labels.get(i)} " not in outs["explain"]


@pytest.mark.parametrize(("source", "gate"), [
    ("x + 1", "+1"), ("1 + x", "+1"), ("3 * x", "*3"), ("x * -1", "*-1"), ("-x", "*-1"), ("1 / x", "1/x"),
    ("x / 4", "/4"), ("x - 2", "-2"), ("2 - x", "2-x"), ("x ^ 2", "x²"), ("x ** 3", "x³"), ("x ^ 0.5", "x^0.5"),
    ("2 ^ x", "2^x"), ("max(x, 0)", "max(x, 0)"), ("min(1, x)", "min(1, x)"), ("x * y", "mul"),
    ("x * (pi/2)", "*(pi/2)"), ("x * -1", "*-1"),
])
def test_a_gate_with_constant_inputs_is_named_as_the_lecture_draws_it(source: str, gate: str) -> None:
    graph = parse(source).graph
    assert graph.gate(graph.output)[0] == gate


def test_every_parametrized_gate_has_a_korean_sentence() -> None:
    from bpcalc.ops import REGISTRY
    from bpcalc.teach import i18n

    keys = [f"{row.name}:{','.join(map(str, positions))}" for row in REGISTRY.values()
            for positions, _, _ in row.param_gates]
    assert keys, "the registry names no parametrized gates"
    missing = [key for key in keys if key not in i18n.PARAM_PATTERNS["ko"]]
    assert missing == [], f"add Korean sentences for {missing} to bpcalc/teach/i18n.py PARAM_PATTERNS"


def test_the_korean_explanation_names_the_plus_one_gate() -> None:
    steps = build_explanation(_sigmoid(), "ko").backward
    plus_one = next(s for s in steps if s.gate == "+1")
    assert plus_one.pattern == "+1 게이트: Upstream Gradient를 그대로 통과시킵니다"


@pytest.mark.parametrize(("source", "at", "local"), [
    ("1 / x", 2.0, -0.25), ("x ^ 2", 3.0, 6.0), ("3 * x", 5.0, 3.0), ("x + 1", 5.0, 1.0), ("2 ^ x", 1.0, 2 * 0.6931471805599453),
])
def test_a_parametrized_gate_sends_back_what_its_sentence_says(source: str, at: float, local: float) -> None:
    # the sentences' local gradients, at a point, against a centred difference of the expression
    result = bpcalc.evaluate(source, {"x": at})
    h = 1e-6
    centred = (bpcalc.evaluate(source, {"x": at + h}).value - bpcalc.evaluate(source, {"x": at - h}).value) / (2 * h)
    assert centred == pytest.approx(local, rel=1e-6)
    assert result.grad["x"] == pytest.approx(local, rel=1e-12)


@pytest.mark.parametrize(("source", "op", "value"), [("2 * 3", "mul", 6), ("3", "const", 3)])
def test_a_program_of_constants_still_shows_its_output(source: str, op: str, value: int) -> None:
    result = bpcalc.evaluate(source, {})
    doc = document(result)
    assert [(n["id"], n["op"], n["value"], n["grad"]) for n in doc["nodes"]] == [("n0", op, value, 1)]
    assert [n.id for n in node_labels(result)] == ["n0"]
    assert result.check is not None and result.check.counts() == {"ok": 1}
