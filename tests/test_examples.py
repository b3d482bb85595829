"""Each example program against the numbers published for it (the primer, CS231n, micrograd)."""

from __future__ import annotations

import pytest

from bpcalc import evaluate
from tests.conftest import ROOT


def run_example(name: str):
    return evaluate((ROOT / "examples" / name).read_text())


def test_circuit_matches_the_primer() -> None:
    result = run_example("circuit.bp")
    assert result.value == -12
    assert result.trace.gradient("q") == -4
    assert result.gradients == {"x": -4, "y": -4, "z": 3}
    assert result.check.passed


@pytest.mark.parametrize("name", ["sigmoid_neuron.bp", "sigmoid_gate.bp"])
def test_sigmoid_neuron_matches_the_lecture(name: str) -> None:
    result = run_example(name)
    g = result.gradients
    assert result.value == pytest.approx(0.7311, abs=5e-5)
    assert [g["w0"], g["w1"], g["w2"]] == pytest.approx([-0.1966, -0.3932, 0.1966], abs=5e-5)
    assert [g["x0"], g["x1"]] == pytest.approx([0.3932, -0.5898], abs=5e-5)
    assert result.check.passed


def test_grouped_sigmoid_gate_has_local_gradient_one_minus_s_times_s() -> None:
    trace = run_example("sigmoid_gate.bp").trace
    s = trace.output
    assert trace.locals[trace.graph.output] == pytest.approx(((1 - s) * s,))
    assert trace.locals[trace.graph.output][0] == pytest.approx(0.1966, abs=5e-5)


def test_gate_patterns_match_the_lecture() -> None:
    result = run_example("gate_patterns.bp")
    assert result.value == -20
    assert result.gradients == {"x": -8, "y": 6, "z": 2, "w": 0}


def test_fan_out_gradient_is_the_sum_of_branches() -> None:
    result = run_example("fan_out.bp")
    assert result.gradients == {"x": -3, "y": 3}


def test_tanh_neuron_matches_micrograd() -> None:
    result = run_example("tanh_neuron.bp")
    g = result.gradients
    assert result.value == pytest.approx(0.7071, abs=5e-5)
    assert g["x1"] == pytest.approx(-1.5)
    assert g["w1"] == pytest.approx(1.0)
    assert g["x2"] == pytest.approx(0.5)
    assert g["w2"] == pytest.approx(0.0)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.bp")), ids=lambda p: p.name)
def test_every_example_passes_its_own_check(path) -> None:
    result = evaluate(path.read_text())
    assert result.check.passed
