"""DOT, Mermaid, the terminal tree and PNG: the same labels as the SVG, checked with parsers
(pydot for DOT, Graphviz itself when installed) and by reading the text."""

from __future__ import annotations

import builtins
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

import bpcalc
from bpcalc.base.numbers import format_number
from bpcalc.errors import UsageError
from bpcalc.render.dot import render_dot
from bpcalc.render.mermaid import render_mermaid
from bpcalc.render.tree import build_tree, render_tree

CIRCUIT = ("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4})
NEURON = ("f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3})
MATRIX = ("q = W @ x; f = sum(q ** 2)", {"W": "[[0.1, 0.5], [-0.3, 0.8]]", "x": "[0.2, 0.4]"})
CIRCUITS = [CIRCUIT, NEURON, MATRIX]
IDS = ["circuit", "neuron", "matrix"]
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's pyparsing calls


def evaluate(case: tuple[str, dict]) -> bpcalc.Result:
    return bpcalc.evaluate(case[0], case[1], check=False)


def html_label_text(label: str) -> str:
    """The visible text of a Graphviz HTML-like label <...>, one line per <br/>."""
    label = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    return re.sub(r"<[^>]+>", "\n", label.replace("<br/>", "\n")).replace("&amp;", "&")


@pytest.mark.parametrize("case", CIRCUITS, ids=IDS)
def test_dot_parses_and_every_node_label_holds_its_value_and_gradient(case: tuple[str, dict]) -> None:
    pydot = pytest.importorskip("pydot")
    result = evaluate(case)
    graphs = pydot.graph_from_dot_data(render_dot(result))
    assert graphs is not None and len(graphs) == 1
    graph = graphs[0]
    trace = result.trace
    nodes = {n.get_name(): n for n in graph.get_nodes() if re.fullmatch(r"n\d+", n.get_name())}
    shown = [i for i in trace.graph.user_nodes() if i <= trace.graph.output]  # constants sit inside their gates
    assert len(nodes) == len(shown)
    for i in shown:
        lines = [s.strip() for s in html_label_text(nodes[trace.graph.node_id(i)].get_label()).split("\n") if s.strip()]
        assert trace.graph.label(i) in lines
        assert format_number(trace.values[i], 4) in lines
        assert format_number(trace.grads[i], 4) in lines
    edges = sorted((e.get_source(), e.get_destination()) for e in graph.get_edges())
    expected = sorted((trace.graph.node_id(a), trace.graph.node_id(i)) for i in shown for a in trace.graph.args[i]
                      if not trace.graph.is_constant(a))
    assert edges == expected


def test_dot_wires_carry_the_downstream_gradient() -> None:
    pydot = pytest.importorskip("pydot")
    graph = pydot.graph_from_dot_data(render_dot(evaluate(CIRCUIT)))[0]
    back = {(e.get_source(), e.get_destination()): html_label_text(e.get_label()).strip() for e in graph.get_edges()}
    # the mul gate swaps: q receives z * upstream = -4, z receives q * upstream = 3
    assert back[("n2", "n4")] == "-4" and back[("n3", "n4")] == "3"
    assert back[("n0", "n2")] == "-4" and back[("n1", "n2")] == "-4"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize("case", CIRCUITS, ids=IDS)
def test_graphviz_renders_the_dot_text(case: tuple[str, dict]) -> None:
    done = subprocess.run(["dot", "-Tsvg"], input=render_dot(evaluate(case)), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    root = ET.fromstring(done.stdout)
    drawn = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    trace = evaluate(case).trace
    first = trace.graph.user_nodes()[0]
    assert format_number(trace.grads[first], 4) in drawn and format_number(trace.output, 4) in drawn


def test_mermaid_has_one_node_per_graph_node_and_one_arrow_per_wire() -> None:
    result = evaluate(CIRCUIT)
    text = render_mermaid(result)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  n2(("q<br/>+<br/>value 3<br/>grad -4"))' in lines
    assert '  n4(("f<br/>×<br/>value -12<br/>grad 1"))' in lines
    assert '  n0["x<br/>value -2<br/>grad -4"]' in lines
    arrows = [line for line in lines if "-->" in line]
    assert sorted(arrows) == sorted(['  n0 -->|"-4"| n2', '  n1 -->|"-4"| n2', '  n2 -->|"-4"| n4', '  n3 -->|"3"| n4'])
    assert "  class n4 output" in lines


def test_mermaid_marks_kinks_and_escapes_quotes() -> None:
    text = render_mermaid(bpcalc.evaluate("f = relu(x) * 2", x=0, check=False))
    assert "  class n1 kink" in text.splitlines()
    assert "kink" in text.splitlines()[2]
    assert '"' not in text.split('"')[1].replace("<br/>", "")  # labels never contain a raw quote


def test_mermaid_shows_array_shapes() -> None:
    text = render_mermaid(evaluate(MATRIX))
    assert '  n0["W<br/>2×2<br/>value [[0.1, 0.5], [-0.3, 0.8]]<br/>grad [[0.088, 0.176], [0.104, 0.208]]"]' in text


def tree_text(result: bpcalc.Result) -> str:
    console = Console(width=200, no_color=True, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    render_tree(result, console)
    return console.export_text()


def test_the_tree_puts_the_output_at_the_root_with_values_and_gradients() -> None:
    lines = tree_text(evaluate(CIRCUIT)).splitlines()
    assert lines[0] == "f = q * z  mul gate  value -12  grad 1"
    assert lines[1] == "├── q = x + y  add gate  value 3  grad -4"
    assert lines[2] == "│   ├── x  input  value -2  grad -4"
    assert lines[4] == "└── z  input  value -4  grad 3"


def test_the_tree_draws_a_shared_node_once_then_refers_to_it() -> None:
    text = tree_text(bpcalc.evaluate("a = x * y; f = a + a * x", x=3, y=-4, check=False))
    assert text.count("a = x * y") == 1
    assert "↑ see a" in text
    assert text.count("x  input  value 3") == 1
    assert text.count("↑ see x") == 1


def test_a_deep_tree_is_cut_with_a_note_not_a_recursion_error() -> None:
    result = bpcalc.evaluate("f = x" + " + x" * 3000, x=1, check=False)
    tree = build_tree(result, max_depth=20)
    console = Console(width=200, no_color=True, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(tree)
    text = console.export_text()
    assert "deeper than 20 levels not drawn" in text
    assert "cut at depth 20" in text


def test_png_is_a_png_as_large_as_the_svg() -> None:
    pytest.importorskip("matplotlib")
    from bpcalc.render.layout import layout
    from bpcalc.render.png import render_png
    from bpcalc.render.svg import HEADER

    result = evaluate(NEURON)
    data = render_png(result, engine="builtin")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    scene = layout(result, engine="builtin")
    assert (width, height) == (round(scene.width), round(scene.height + HEADER))


def test_png_without_matplotlib_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kwargs: object) -> object:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    from bpcalc.render.png import render_png

    with pytest.raises(UsageError) as caught:
        render_png(evaluate(CIRCUIT), engine="builtin")
    assert "matplotlib" in caught.value.message
    assert "[images]" in caught.value.hint and "bpcalc[images]'" not in caught.value.hint


def test_the_html_step_text_of_a_matrix_multiply_gives_the_primers_downstream_gradients() -> None:
    from bpcalc.render.html import page_data

    data = page_data(evaluate(MATRIX))
    steps = {n["name"]: n["step"] for n in data["nodes"]}
    assert data["order"] == ["n4", "n3", "n2", "n0", "n1"]  # f, q², q, then W and x (the 2 is inside the x² gate)
    assert "→ W: " in steps["q"] and "= [[0.088, 0.176], [0.104, 0.208]]" in steps["q"]
    assert "= [-0.112, 0.636]" in steps["q"]
    assert steps["f"].startswith("f is the output: the backward pass starts with dL/df = 1.")
