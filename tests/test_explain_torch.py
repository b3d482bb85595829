"""The explained gradients against PyTorch autograd, an engine that shares no code with ours."""

from __future__ import annotations

import pytest

from bpcalc.teach.explanation import explain

torch = pytest.importorskip("torch")


def test_every_upstream_gradient_of_the_written_out_sigmoid_neuron_matches_autograd() -> None:
    source = "d = w0*x0 + w1*x1 + w2; f = 1/(1 + exp(-d))"
    values = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}
    expl = explain(source, lang="en", **values)
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in values.items()}
    nodes = {"n2": t["w0"] * t["x0"], "n5": t["w1"] * t["x1"]}
    nodes["n6"] = nodes["n2"] + nodes["n5"]
    nodes["d"] = nodes["n6"] + t["w2"]
    nodes["n11"] = -nodes["d"]
    nodes["n12"] = torch.exp(nodes["n11"])
    nodes["n13"] = 1 + nodes["n12"]
    nodes["f"] = 1 / nodes["n13"]
    for node in nodes.values():
        node.retain_grad()
    nodes["f"].backward()
    upstream = {step.label: step.upstream for step in expl.backward if step.kind == "gate"}
    assert set(upstream) == set(nodes)
    for label, node in nodes.items():
        assert upstream[label] == pytest.approx(node.grad.item(), rel=1e-12), label
    downstream = {e.target_label: e.downstream for step in expl.backward for e in step.edges}
    for name, leaf in t.items():
        assert downstream[name] == pytest.approx(leaf.grad.item(), rel=1e-12), name


def test_fan_out_sum_matches_autograd_accumulation() -> None:
    expl = explain("x*y + x*z + x", x=1.5, y=-2.0, z=0.25, lang="en")
    x, y, z = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (1.5, -2.0, 0.25))
    (x * y + x * z + x).backward()
    total = next(step for step in expl.backward if step.kind == "sum" and step.label == "x")
    assert len(total.terms) == 3
    assert total.upstream == pytest.approx(x.grad.item(), rel=1e-12)
    assert sum(amount for _, amount in total.terms) == pytest.approx(x.grad.item(), rel=1e-12)
