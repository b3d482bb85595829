"""`--exact`: rationals and closed forms, checked against SymPy's own derivative, and bounded."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from bpcalc.checks.exact import MAX_DIGITS, ExactLimitError, exact_text, let_texts, parse_exact
from bpcalc.teach.explanation import explain


def exact_of(source: str, **values):
    expl = explain(source, exact=True, lang="en", **values)
    graph = expl.result.trace.graph
    grads = {name: expl.exact.grads[i] for name, i in graph.variables.items()}
    return expl.exact.values[graph.output], grads


def test_fractions_stay_exact_rationals() -> None:
    value, grads = exact_of("(x + y) * z", x="1/3", y="1/6", z="-4")
    assert value == sp.Rational(-2)
    assert grads == {"x": -4, "y": -4, "z": sp.Rational(1, 2)}
    value, grads = exact_of("x * x * y", x="1/3", y="3/7")
    assert value == sp.Rational(1, 21) and grads["x"] == sp.Rational(2, 7) and grads["y"] == sp.Rational(1, 9)


def test_sigmoid_at_one_is_the_closed_form_from_sympy() -> None:
    value, grads = exact_of("1/(1+exp(-x))", x="1")
    X = sp.Symbol("X")
    reference = sp.diff(1 / (1 + sp.exp(-X)), X).subs(X, 1)
    assert sp.simplify(grads["x"] - reference) == 0
    assert exact_text(grads["x"]) == "exp(-1)/(1 + exp(-1))^2"
    assert exact_text(value) == "1/(1 + exp(-1))"


def test_primer_circuit_is_exact() -> None:
    value, grads = exact_of("q = x + y; f = q * z", x="-2", y="5", z="-4")
    assert value == -12 and grads == {"x": -4, "y": -4, "z": 3}


def test_primer_gate_patterns_example_is_exact() -> None:
    value, grads = exact_of("2 * (x*y + max(z, w))", x="3", y="-4", z="2", w="-1")
    assert value == -20 and grads == {"x": -8, "y": 6, "z": 2, "w": 0}


def test_primer_sigmoid_neuron_matches_its_published_numbers() -> None:
    source = "d = w0*x0 + w1*x1 + w2; f = 1/(1 + exp(-d))"
    value, grads = exact_of(source, w0="2", x0="-1", w1="-3", x1="-2", w2="-3")
    assert float(value) == pytest.approx(0.7311, abs=1e-4)
    assert [round(float(grads[k]), 4) for k in ("w0", "w1", "w2", "x0", "x1")] == [-0.1966, -0.3932, 0.1966, 0.3932,
                                                                                   -0.5898]
    assert exact_text(grads["w2"]) == "exp(-1)/(1 + exp(-1))^2"


def test_exact_gradients_agree_with_sympy_differentiating_the_whole_expression() -> None:
    _, grads = exact_of("log(x) * sqrt(y) + x^y", x="3/2", y="4")
    X, Y = sp.symbols("X Y", positive=True)
    f = sp.log(X) * sp.sqrt(Y) + X**Y
    at = {X: sp.Rational(3, 2), Y: 4}
    assert sp.simplify(grads["x"] - sp.diff(f, X).subs(at)) == 0
    assert sp.simplify(grads["y"] - sp.diff(f, Y).subs(at)) == 0


def test_kink_uses_the_engine_convention_not_heaviside_one_half() -> None:
    _, grads = exact_of("relu(x) * y", x="0", y="2")
    assert grads["x"] == 0


def test_let_values_are_read_exactly_from_the_program_text() -> None:
    assert let_texts("let x = 1/3\nlet y = -2\nf = x*y") == {"x": "1/3", "y": "-2"}
    value, _ = exact_of("let x = 1/3\nf = 3*x")
    assert value == 1


def test_python_floats_become_the_simplest_equal_fraction() -> None:
    value, _ = exact_of("x * 10", x=0.1)
    assert value == 1


def test_parse_exact_reads_decimals_fractions_and_constants() -> None:
    assert parse_exact("0.25") == sp.Rational(1, 4)
    assert parse_exact("-1/3") == sp.Rational(-1, 3)
    assert parse_exact("1e-3") == sp.Rational(1, 1000)
    assert parse_exact("pi/2") == sp.pi / 2


def test_a_huge_power_is_refused_before_it_is_computed() -> None:
    start = time.monotonic()
    with pytest.raises(ExactLimitError, match="digits"):
        explain("x ^ 100000000", x="1/3", exact=True)  # the float is 0.0; the exact value is not
    assert time.monotonic() - start < 30  # bounded: the power is never expanded


def test_repeated_squaring_stops_at_the_digit_limit() -> None:
    source = "; ".join(["a0 = x"] + [f"a{k} = a{k - 1} * a{k - 1}" for k in range(1, 20)])
    with pytest.raises(ExactLimitError, match=str(MAX_DIGITS)):
        explain(source, x="1/3", exact=True)


def test_cli_exact_prints_rationals_next_to_decimals(run_cli) -> None:
    done = run_cli("explain", "x * y", "--x=1/3", "--y=3/7", "--exact", "--lang", "en")
    assert done.exit_code == 0
    assert "1/7" in done.output and "0.142857" in done.output


def test_cli_exact_limit_is_a_clear_error_with_exit_2(run_cli) -> None:
    done = run_cli("explain", "x ^ 100000000", "--x=1/3", "--exact")
    assert done.exit_code == 2
    assert "exact mode stops" in done.output and "Traceback" not in done.output


def test_cli_exact_refuses_arrays_clearly(run_cli) -> None:
    done = run_cli("explain", "x * 2", "--x=[1, 2]", "--exact")
    assert done.exit_code == 2 and "Traceback" not in done.output
