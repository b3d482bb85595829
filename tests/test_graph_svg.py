"""The SVG drawing, parsed as XML: every node's value and gradient is on the page, the
primer's published numbers appear where the lecture puts them, kinks are marked, and large
graphs lay out without overlaps or recursion."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest

import bpcalc
from bpcalc.base.numbers import format_number
from bpcalc.render.layout import layout, shape_centre
from bpcalc.render.svg import render_svg

SVG = "{http://www.w3.org/2000/svg}"
NEURON = "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
NEURON_VALUES = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
W = "[[0.1, 0.5], [-0.3, 0.8]]"


def texts(svg: str, cls: str) -> dict[str, str]:
    """data-node -> text of every <text class=cls> in the SVG."""
    root = ET.fromstring(svg)
    return {t.get("data-node"): t.text for t in root.iter(f"{SVG}text") if t.get("class") == cls}


def by_name(result: bpcalc.Result, found: dict[str, str], names: list[str]) -> dict[str, str]:
    graph = result.trace.graph
    return {name: found[graph.node_id(graph.aliases[name])] for name in names}


@pytest.mark.parametrize(("source", "values"), [
    ("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}),
    (NEURON, NEURON_VALUES),
    ("f = sigmoid(w0*x0 + w1*x1 + w2)", NEURON_VALUES),
    ("f = x*y + x + max(x, y) + relu(y - 3)", {"x": 3, "y": 3}),
], ids=["circuit", "neuron", "sigmoid-gate", "kinks"])
def test_every_node_shows_its_value_and_gradient(source: str, values: dict[str, float]) -> None:
    result = bpcalc.evaluate(source, values, check=False)
    svg = render_svg(result, engine="builtin")
    trace = result.trace
    graph = trace.graph
    shown_values, shown_grads = texts(svg, "bp-value"), texts(svg, "bp-grad")
    shown = [i for i in graph.user_nodes() if i <= graph.output]  # constants sit inside their gates
    assert len(shown_values) == len(shown)
    for i in shown:
        assert shown_values[graph.node_id(i)] == format_number(trace.values[i], 4)
        assert shown_grads[graph.node_id(i)] == format_number(trace.grads[i], 4)


def test_the_circuit_shows_the_lectures_numbers() -> None:
    result = bpcalc.evaluate("q = x + y; f = q * z", x=-2, y=5, z=-4, check=False)
    svg = render_svg(result, engine="builtin")
    names = ["x", "y", "z", "q", "f"]
    assert by_name(result, texts(svg, "bp-value"), names) == {"x": "-2", "y": "5", "z": "-4", "q": "3", "f": "-12"}
    assert by_name(result, texts(svg, "bp-grad"), names) == {"x": "-4", "y": "-4", "z": "3", "q": "-4", "f": "1"}


def test_the_sigmoid_neuron_shows_the_published_gradients() -> None:
    result = bpcalc.evaluate(NEURON, NEURON_VALUES, check=False)
    svg = render_svg(result, engine="builtin")
    grads = by_name(result, texts(svg, "bp-grad"), ["w0", "w1", "w2", "x0", "x1"])
    assert grads == {"w0": "-0.1966", "w1": "-0.3932", "w2": "0.1966", "x0": "0.3932", "x1": "-0.5898"}
    assert by_name(result, texts(svg, "bp-value"), ["f"]) == {"f": "0.7311"}


def test_array_nodes_show_their_shapes_and_the_primers_matrix_gradients() -> None:
    result = bpcalc.evaluate("q = W @ x; f = sum(q ** 2)", W=W, x="[0.2, 0.4]", check=False)
    svg = render_svg(result, engine="builtin")
    grads = by_name(result, texts(svg, "bp-grad"), ["W", "x", "q", "f"])
    assert grads == {"W": "[[0.088, 0.176], [0.104, 0.208]]", "x": "[-0.112, 0.636]", "q": "[0.44, 0.52]", "f": "1"}
    assert by_name(result, texts(svg, "bp-value"), ["f"]) == {"f": "0.116"}
    notes = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("class") == "bp-note"]
    assert "2×2" in notes and "2" in notes


def test_gates_are_circles_with_their_symbols_and_inputs_are_boxes() -> None:
    result = bpcalc.evaluate("q = x + y; f = q * z", x=-2, y=5, z=-4, check=False)
    root = ET.fromstring(render_svg(result, engine="builtin"))
    groups = {g.get("data-node"): g for g in root.iter(f"{SVG}g") if g.get("data-node")}
    assert [c.get("class") for c in groups["n4"].iter(f"{SVG}circle")] == ["bp-gate"]
    assert [t.text for t in groups["n4"].iter(f"{SVG}text") if t.get("class") == "bp-symbol"] == ["×"]
    assert [t.text for t in groups["n2"].iter(f"{SVG}text") if t.get("class") == "bp-symbol"] == ["+"]
    assert [r.get("class") for r in groups["n0"].iter(f"{SVG}rect")] == ["bp-leaf"]
    assert "bp-output" in groups["n4"].get("class")


def test_a_node_at_a_kink_is_marked() -> None:
    result = bpcalc.evaluate("f = relu(x) + y", x=0, y=1, check=False)
    root = ET.fromstring(render_svg(result, engine="builtin"))
    kinked = [g.get("data-node") for g in root.iter(f"{SVG}g") if "bp-kink" in (g.get("class") or "").split()]
    assert kinked == ["n1"]
    assert any(t.text == "kink" for t in root.iter(f"{SVG}text"))


def test_wires_follow_the_graphs_edges() -> None:
    result = bpcalc.evaluate("f = x*y + x", x=3, y=-4, check=False)
    root = ET.fromstring(render_svg(result, engine="builtin"))
    wires = sorted((p.get("data-from"), p.get("data-to")) for p in root.iter(f"{SVG}path") if p.get("class") == "bp-wire")
    assert wires == [("n0", "n2"), ("n0", "n3"), ("n1", "n2"), ("n2", "n3")]


def test_inputs_are_drawn_left_of_the_gates_that_use_them() -> None:
    result = bpcalc.evaluate(NEURON, NEURON_VALUES, check=False)
    scene = layout(result, engine="builtin")
    for node in scene.nodes:
        for a in node.inputs:
            assert shape_centre(scene, a)[0] < shape_centre(scene, node.index)[0]


def sixty_node_program() -> tuple[str, dict[str, float]]:
    lines = [f"h{k} = tanh(w{k} * h{k - 1} + b{k})" for k in range(1, 13)]
    return "h0 = x; " + "; ".join(lines), {"x": 0.5, **{f"w{k}": 0.3 * k for k in range(1, 13)},
                                             **{f"b{k}": -0.1 for k in range(1, 13)}}


def test_sixty_nodes_lay_out_without_overlapping_boxes() -> None:
    source, values = sixty_node_program()
    result = bpcalc.evaluate(source, values, check=False)
    assert result.trace.graph.output + 1 >= 50
    scene = layout(result, engine="builtin")
    boxes = list(scene.boxes.values())
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            apart_x = abs(a.x - b.x) >= (a.w + b.w) / 2
            apart_y = abs(a.y - b.y) >= (a.h + b.h) / 2
            assert apart_x or apart_y, f"nodes n{a.node} and n{b.node} overlap"
    ET.fromstring(render_svg(result, engine="builtin"))


def test_a_ten_thousand_deep_graph_draws_in_linear_time_without_recursion() -> None:
    source = "f = x" + " + x" * 10_000
    result = bpcalc.evaluate(source, x=1, check=False)
    started = time.perf_counter()
    svg = render_svg(result, engine="builtin")
    assert time.perf_counter() - started < 20
    assert texts(svg, "bp-grad")["n0"] == "10001"


@pytest.mark.skipif(not __import__("shutil").which("dot"), reason="Graphviz dot is not installed")
def test_graphviz_placement_draws_the_same_labels() -> None:
    result = bpcalc.evaluate(NEURON, NEURON_VALUES, check=False)
    builtin, dot = render_svg(result, engine="builtin"), render_svg(result, engine="dot")
    assert layout(result, engine="dot").engine == "dot"
    assert texts(dot, "bp-grad") == texts(builtin, "bp-grad")
    assert texts(dot, "bp-value") == texts(builtin, "bp-value")
