"""The engine: forward values and backprop gradients against the primer and closed forms."""

from __future__ import annotations

import math

import pytest

from bpcalc import evaluate
from bpcalc.errors import DomainError, UnknownNameError


def test_primer_first_circuit() -> None:
    result = evaluate("(x + y) * z", x=-2, y=5, z=-4)
    assert result.value == -12
    assert result.gradients == {"x": -4, "y": -4, "z": 3}


def test_every_node_keeps_its_gradient() -> None:
    result = evaluate("q = x + y; f = q * z", x=-2, y=5, z=-4)
    trace = result.trace
    assert trace.gradient("q") == -4
    assert trace.gradient("f") == 1


def test_fan_out_sums_the_branches() -> None:
    result = evaluate("x * x + x", x=3)
    assert result.gradients["x"] == 2 * 3 + 1


def test_backward_is_idempotent() -> None:
    first = evaluate("x * x * y", x=3, y=2, check=False)
    second = evaluate("x * x * y", x=3, y=2, check=False)
    assert first.gradients == second.gradients == {"x": 12, "y": 9}


def test_local_gradients_are_kept_per_input() -> None:
    trace = evaluate("(x + y) * z", x=-2, y=5, z=-4).trace
    mul = trace.graph.output
    assert trace.locals[mul] == (-4, 3)


def test_sigmoid_neuron_matches_the_lecture() -> None:
    result = evaluate("1/(1+exp(-(w0*x0 + w1*x1 + w2)))", w0=2, x0=-1, w1=-3, x1=-2, w2=-3)
    assert result.value == pytest.approx(0.7311, abs=1e-4)
    g = result.gradients
    assert [g["w0"], g["w1"], g["w2"]] == pytest.approx([-0.1966, -0.3932, 0.1966], abs=1e-4)
    assert [g["x0"], g["x1"]] == pytest.approx([0.3932, -0.5898], abs=1e-4)


def test_ten_thousand_deep_chain() -> None:
    depth = 10_000
    source = "x" + " * 1.0001" * depth
    result = evaluate(source, x=2.0, check=False)
    assert result.gradients["x"] == pytest.approx(1.0001**depth, rel=1e-9)


def test_ten_thousand_deep_nesting_of_functions() -> None:
    depth = 10_000
    result = evaluate("sin(" * depth + "x" + ")" * depth, x=0.5, check=False)
    value, grad = 0.5, 1.0
    for _ in range(depth):
        grad *= math.cos(value)
        value = math.sin(value)
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.gradients["x"] == pytest.approx(grad, rel=1e-9)


def test_relu_at_zero_is_a_kink_with_zero_gradient() -> None:
    result = evaluate("relu(x) * 3", x=0)
    assert result.gradients["x"] == 0
    assert result.trace.kinks[result.trace.graph.find("n1")]
    assert result.check.passed


def test_max_tie_is_flagged_as_kink_and_split() -> None:
    result = evaluate("max(x, y)", x=2, y=2)
    assert result.gradients == {"x": 0.5, "y": 0.5}
    assert any(result.trace.kinks)


@pytest.mark.parametrize(
    ("source", "values", "fragment"),
    [
        ("log(x - 3)", {"x": 1}, "log is only defined for positive numbers"),
        ("sqrt(x)", {"x": -4}, "sqrt of a negative"),
        ("x / (y - 2)", {"x": 1, "y": 2}, "division by zero"),
        ("exp(x)", {"x": 1000}, "overflows"),
        ("x ^ 0.5", {"x": -8}, "negative base"),
        ("sqrt(x)", {"x": 0}, "local gradient is infinite"),
    ],
)
def test_domain_errors_name_the_node(source: str, values: dict, fragment: str) -> None:
    with pytest.raises(DomainError) as caught:
        evaluate(source, values)
    assert fragment in caught.value.message
    assert caught.value.node is not None
    assert "node" in caught.value.message


def test_missing_value_names_the_variable() -> None:
    with pytest.raises(UnknownNameError, match="no value for the variable 'z'"):
        evaluate("x + z", x=1)


def test_missing_value_suggests_a_misspelled_given_name() -> None:
    with pytest.raises(UnknownNameError) as caught:
        evaluate("sigma * 2", sigam=1)
    assert "did you mean 'sigma'" in caught.value.hint


def test_unused_value_is_an_error_with_suggestion() -> None:
    with pytest.raises(UnknownNameError) as caught:
        evaluate("x + yy", x=1, yy=2, y=3)
    assert "'y'" in caught.value.message
    assert "--yy" in caught.value.hint


def test_value_for_a_computed_name_is_refused() -> None:
    with pytest.raises(UnknownNameError, match="computes 'q'"):
        evaluate("q = x + 1; q * 2", x=1, q=3)


def test_pow_exponent_gradient_with_constant_exponent_and_negative_base() -> None:
    result = evaluate("x ^ 2", x=-3)
    assert result.value == 9
    assert result.gradients["x"] == -6
    exponent = result.trace.graph.args[result.trace.graph.output][1]
    assert result.trace.grads[exponent] is None  # d/d(2) of (-3)^2 is not a real number


def test_pow_with_variable_exponent_at_negative_base_gives_the_base_gradient_and_no_exponent_gradient() -> None:
    # (-3)^y is real only at integer y, so it has no derivative in y; in x it does: 2 * -3 = -6.
    result = evaluate("x ^ y", x=-3, y=2)
    assert result.value == 9
    assert result.gradients == {"x": -6, "y": None}



def test_array_gradients_are_writable_arrays_of_their_inputs_shapes() -> None:
    # sum's VJP broadcasts the upstream gradient as a read-only view; the trace keeps a copy.
    result = evaluate("sum(x) + sum(W @ x)", check=False, x=[1.0, 2.0], W=[[1.0, 2.0], [3.0, 4.0]])
    dx, dW = result.gradients["x"], result.gradients["W"]
    assert dx.tolist() == [5.0, 7.0] and dW.tolist() == [[1.0, 2.0], [1.0, 2.0]]
    assert dx.flags.writeable and dW.flags.writeable


def test_matrix_times_vector_gradient_is_the_outer_product_and_the_transpose() -> None:
    # dL/dW = g x^T and dL/dx = W^T g, with g = dL/d(Wx) = 2 W x for L = sum((W x)^2).
    result = evaluate("sum((W @ x)^2)", check=False, W=[[0.1, 0.5], [-0.3, 0.8]], x=[0.2, 0.4])
    assert result.gradients["W"].ravel() == pytest.approx([0.088, 0.176, 0.104, 0.208])
    assert result.gradients["x"] == pytest.approx([-0.112, 0.636])


def test_a_statement_nothing_uses_still_gets_a_zero_array_gradient() -> None:
    result = evaluate("u = x * 2\nsum(x)", check=False, x=[1.0, 2.0])
    unused = result.trace.graph.find("u")
    assert result.trace.grads[unused].tolist() == [0.0, 0.0]
