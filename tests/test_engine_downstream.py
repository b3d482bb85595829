"""The trace's downstream values: what each edge carries back, computed once by the engine.

References are closed forms worked out here (d(x^2)/dx = 2x, the matmul VJP written out in
numpy), never the engine's own rules; and the renderers are shown not to run a VJP again.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pytest

from bpcalc import evaluate
from bpcalc.ops import REGISTRY


def test_a_fan_out_input_has_one_downstream_value_per_edge() -> None:
    trace = evaluate("x * x", x=3, check=False).trace
    mul = trace.graph.output
    assert trace.graph.args[mul] == (0, 0)
    assert trace.downstream[mul] == (3.0, 3.0)  # each edge: upstream 1 x the other factor 3; sum 6 = 2x


def test_scalar_downstream_is_upstream_times_local_of_the_primer_circuit() -> None:
    trace = evaluate("q = x + y; f = q * z", x=-2, y=5, z=-4, check=False).trace
    q = trace.graph.find("q")
    f = trace.graph.output
    assert trace.downstream[f] == (-4.0, 3.0)  # to q: z = -4; to z: q = 3
    assert trace.downstream[q] == (-4.0, -4.0)  # the add gate hands -4 to both


def test_leaves_send_nothing() -> None:
    trace = evaluate("x * y", x=2, y=3, check=False).trace
    assert trace.downstream[trace.graph.variables["x"]] is None


def test_an_edge_whose_partial_does_not_exist_carries_none() -> None:
    trace = evaluate("x ** y", x=-2, y=3, check=False).trace  # d x^y/dy = x^y log x has no real value at x < 0
    assert trace.downstream[trace.graph.output][0] == pytest.approx(12.0)
    assert trace.downstream[trace.graph.output][1] is None


def test_the_edges_read_gives_locals_and_downstream_together() -> None:
    trace = evaluate("sin(x) * y", x=0.5, y=2.0, check=False).trace
    sin = next(i for i, op in enumerate(trace.graph.ops) if op == "sin")
    local, sent = trace.edges(sin)
    assert local == pytest.approx((math.cos(0.5),))
    assert sent == pytest.approx((2.0 * math.cos(0.5),))


def test_array_downstream_of_matmul_is_the_vjp_in_each_inputs_shape() -> None:
    W = np.array([[0.1, 0.5], [-0.3, 0.8]])
    x = np.array([0.2, 0.4])
    trace = evaluate("q = W @ x; f = sum(q ^ 2)", W=W, x=x, check=False).trace
    q = trace.graph.find("q")
    upstream = 2 * (W @ x)  # d sum(q^2)/dq, by hand
    to_w, to_x = trace.downstream[q]
    np.testing.assert_allclose(to_w, np.outer(upstream, x))
    np.testing.assert_allclose(to_x, W.T @ upstream)


def test_array_downstream_to_a_broadcast_input_is_summed_to_its_shape() -> None:
    trace = evaluate("sum(x + b)", x=np.ones((2, 3)), b=np.zeros(3), check=False).trace
    add = next(i for i, op in enumerate(trace.graph.ops) if op == "add")
    to_x, to_b = trace.downstream[add]
    assert to_x.shape == (2, 3) and to_b.shape == (3,)
    np.testing.assert_allclose(to_b, [2.0, 2.0, 2.0])  # b is copied into 2 rows


def test_a_static_argument_edge_carries_none() -> None:
    trace = evaluate("sum(x, axis=0)[1]", x=np.ones((2, 3)), check=False).trace
    index = trace.graph.output
    assert trace.downstream[index][1] is None


def test_renderers_and_explanation_do_not_run_a_vjp_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from bpcalc.render.html import page_data
    from bpcalc.render.json_doc import document
    from bpcalc.render.table import render_table
    from bpcalc.teach.explanation import build_explanation

    calls: list[str] = []
    row = REGISTRY["matmul"]

    def counted(*args: Any) -> Any:
        calls.append("vjp")
        return row.vjp(*args)

    monkeypatch.setitem(REGISTRY, "matmul", dataclasses.replace(row, vjp=counted))
    result = evaluate("sum(W @ x)", W=np.eye(2), x=np.array([1.0, 2.0]), check=False)
    assert calls == ["vjp"]  # the backward pass
    document(result)
    render_table(result, None, out=io.StringIO())
    page_data(result)
    build_explanation(result, "en")
    assert calls == ["vjp"]


def test_each_wire_of_a_picture_carries_its_own_edge_value() -> None:
    from bpcalc.render.layout import layout

    scene = layout(evaluate("f = x * y + x", x=3, y=-4, check=False), engine="builtin")
    back = sorted((scene.nodes[w.source].name, scene.nodes[w.target].name, w.downstream) for w in scene.wires)
    # f = n2 + x with n2 = x * y: x gets y = -4 through the product and 1 through the sum
    assert back == [("n2", "f", "1"), ("x", "f", "1"), ("x", "n2", "-4"), ("y", "n2", "3")]


@pytest.mark.parametrize("program", [
    "x * x + x * y", "q = x * y; f = q * q + sin(q) * x", "a = exp(x); f = a / (a + y) - a ^ 2",
])
def test_the_edges_into_a_node_add_up_to_its_gradient(program: str) -> None:
    trace = evaluate(program, x=0.4, y=1.7, check=False).trace
    graph = trace.graph
    received = [0.0] * len(graph.ops)
    for i in range(graph.output, -1, -1):
        for a, d in zip(graph.args[i], trace.downstream[i] or ()):
            received[a] += d
    for a in range(graph.output):
        if graph.ops[a] != "const":
            assert received[a] == pytest.approx(trace.grads[a], rel=1e-12), graph.label(a)
