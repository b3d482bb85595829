"""Answer notation and the written-precision tolerance rule (bpcalc.homework.notation, keys)."""

from __future__ import annotations

import math

import pytest

from bpcalc import evaluate
from bpcalc.errors import BpcalcError, UnknownNameError, ValueInputError
from bpcalc.homework.keys import GRAD, VALUE, Target, canonical, resolve
from bpcalc.homework.notation import Tolerance, from_toml, matches, parse_answer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3.0),
        ("-4", -4.0),
        ("-0.1966", -0.1966),
        (".5", 0.5),
        ("1.97e-1", 0.197),
        ("-1/3", -1 / 3),
        ("e^-1", math.exp(-1)),
        ("1/(1+e^-1)", 1 / (1 + math.exp(-1))),
        ("exp(-1)", math.exp(-1)),
        ("2 * pi", 2 * math.pi),
        ("−4", -4.0),  # a minus sign pasted from a PDF
    ],
)
def test_answer_forms_parse_to_their_value(text: str, value: float) -> None:
    assert parse_answer(text).value == pytest.approx(value, rel=1e-15)


def test_nested_lists_parse_to_arrays_of_their_shape() -> None:
    written = parse_answer("[[0.088, 0.176], [0.104, 0.208]]")
    assert written.value.shape == (2, 2)
    assert written.value.tolist() == [[0.088, 0.176], [0.104, 0.208]]


def test_list_entries_may_be_constant_expressions() -> None:
    written = parse_answer("[1/3, e^-1, -2]")
    assert written.value.tolist() == pytest.approx([1 / 3, math.exp(-1), -2.0])


@pytest.mark.parametrize(("text", "figures"), [("0.1966", 4), ("-0.7311", 4), ("0.70", 2), ("1.97e-1", 3), ("120.0", 4)])
def test_decimal_answers_carry_their_significant_figures(text: str, figures: int) -> None:
    assert parse_answer(text).sigfigs == figures


@pytest.mark.parametrize("text", ["3", "-1/3", "e^-1"])
def test_whole_numbers_fractions_and_expressions_are_exact_claims(text: str) -> None:
    assert parse_answer(text).sigfigs is None
    assert parse_answer(text).halfunit == 0.0


def test_a_decimal_is_right_when_the_truth_rounds_to_it() -> None:
    s = 1 / (1 + math.exp(-1))  # 0.7310585...
    assert matches(parse_answer("0.7311"), s)
    assert matches(parse_answer("0.731"), s)
    assert not matches(parse_answer("0.7310"), s)  # 4 figures claimed, the 4th is wrong
    assert not matches(parse_answer("0.7312"), s)


def test_a_whole_number_must_be_exact() -> None:
    assert matches(parse_answer("-12"), -12.0)
    assert not matches(parse_answer("-12"), -12.3)  # 12 does not stand for 12.3


def test_a_fraction_is_compared_exactly() -> None:
    assert matches(parse_answer("-1/3"), -1 / 3)
    assert not matches(parse_answer("-1/3"), -0.3333)


def test_explicit_tolerance_adds_to_the_written_precision() -> None:
    assert not matches(parse_answer("-12"), -12.3)
    assert matches(parse_answer("-12"), -12.3, Tolerance(rtol=0.05))
    assert matches(parse_answer("0.7311"), 0.7310585, Tolerance(atol=1e-9))  # loosens, never tightens
    assert not matches(parse_answer("0.7320"), 0.7310585, Tolerance(atol=1e-9))


def test_arrays_compare_entry_by_entry_and_need_the_same_shape() -> None:
    import numpy as np

    truth = np.array([0.44, 0.52])
    assert matches(parse_answer("[0.44, 0.52]"), truth)
    assert not matches(parse_answer("[0.44, 0.53]"), truth)
    assert not matches(parse_answer("[[0.44, 0.52]]"), truth)


def test_toml_numbers_are_read_as_written() -> None:
    assert from_toml(-0.1966, "dw").sigfigs == 4
    assert from_toml(3, "q").sigfigs is None
    assert from_toml([[1, 2], [3, 4]], "W").value.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    ("text", "column"),
    [("3x", 1), ("[1, 2", 6), ("x + 1", 1), ("1;2", 2), ("abc$", 4), ("[1,,2]", 4)],
)
def test_malformed_answers_raise_a_value_error_pointing_at_the_column(text: str, column: int) -> None:
    with pytest.raises(ValueInputError) as caught:
        parse_answer(text, "q")
    assert caught.value.location() == (1, column)
    assert "q" in caught.value.message


def test_an_empty_or_ragged_answer_is_an_input_error() -> None:
    with pytest.raises(ValueInputError, match="empty"):
        parse_answer("  ")
    with pytest.raises(ValueInputError, match="ragged"):
        parse_answer("[[1, 2], [3]]")


def test_an_undefined_constant_expression_is_an_input_error() -> None:
    with pytest.raises(ValueInputError, match="undefined"):
        parse_answer("log(-1)")


@pytest.fixture(scope="module")
def circuit():
    return evaluate("q = x + y; f = q * z", x=-2, y=5, z=-4, check=False).trace.graph


@pytest.mark.parametrize(
    ("key", "node", "kind"),
    [("q", "q", VALUE), ("n2", "q", VALUE), ("dq", "q", GRAD), ("df/dq", "q", GRAD), ("dL/dq", "q", GRAD),
     ("∂f/∂x", "x", GRAD), ("df/dn2", "q", GRAD), ("df/df", "f", GRAD), ("d f / d z", "z", GRAD)],
)
def test_answer_keys_name_a_value_or_a_gradient(circuit, key: str, node: str, kind: str) -> None:
    assert resolve(key, circuit) == Target(circuit.find(node), kind)


def test_canonical_keys_use_the_output_name(circuit) -> None:
    assert canonical(circuit, Target(circuit.find("q"), GRAD)) == "df/dq"
    assert canonical(circuit, Target(circuit.find("q"), VALUE)) == "q"


def test_an_unnamed_output_is_written_L() -> None:
    graph = evaluate("(x + y) * z", x=-2, y=5, z=-4, check=False).trace.graph
    assert canonical(graph, Target(graph.find("x"), GRAD)) == "dL/dx"


def test_an_unknown_key_suggests_a_near_name(circuit) -> None:
    with pytest.raises(UnknownNameError) as caught:
        resolve("dqq", circuit)
    assert "dq" in (caught.value.hint or "")


def test_a_gradient_of_something_other_than_the_output_is_refused(circuit) -> None:
    with pytest.raises(BpcalcError, match="gradients are of the output"):
        resolve("dq/dx", circuit)
