"""Node-by-node marking: each wrong answer is diagnosed, and the first mistake is named.

The right answers here are the primer's published numbers, not bpcalc's output.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc import evaluate
from bpcalc.homework import diagnose as d
from bpcalc.homework.diagnose import Answer, Marking, mark
from bpcalc.homework.keys import resolve
from bpcalc.homework.notation import Tolerance, parse_answer

CIRCUIT = ("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4})
GATES = ("a = x * y; m = max(z, w); s = a + m; f = 2 * s", {"x": 3, "y": -4, "z": 2, "w": -1})
COPY = ("f = x * y + x", {"x": 3, "y": -4})
NEURON = ("z = w0*x0 + w1*x1 + w2; f = sigmoid(z)", {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3})
MATRIX = ("q = W @ x; f = sum(q^2)", {"W": "[[0.1, 0.5], [-0.3, 0.8]]", "x": "[0.2, 0.4]"})


def marked(problem: tuple[str, dict], answers: dict[str, str], tolerance: Tolerance | None = None) -> Marking:
    source, values = problem
    trace = evaluate(source, values, check=False).trace
    given = [Answer(k, resolve(k, trace.graph), parse_answer(v, k)) for k, v in answers.items()]
    return mark(trace, given, tolerance or Tolerance())


def verdict(marking: Marking, label: str) -> d.Verdict:
    return next(v for v in marking.verdicts if v.label == label)


def test_the_primers_circuit_answers_are_all_right() -> None:
    marking = marked(CIRCUIT, {"q": "3", "f": "-12", "df/dq": "-4", "df/dz": "3", "df/dx": "-4", "df/dy": "-4"})
    assert marking.all_right
    assert marking.first_mistake is None


def test_the_lecture_neuron_to_four_figures_is_right() -> None:
    marking = marked(NEURON, {"f": "0.7311", "dw0": "-0.1966", "dw1": "-0.3932", "dw2": "0.1966",
                              "dx0": "0.3932", "dx1": "-0.5898"})
    assert marking.all_right


def test_a_sign_error_early_in_the_backward_pass_is_named_and_what_follows_is_carried_forward() -> None:
    marking = marked(CIRCUIT, {"q": "3", "f": "-12", "df/dq": "4", "df/dz": "3", "df/dx": "4", "df/dy": "4"})
    assert marking.first_mistake is not None and marking.first_mistake.label == "df/dq"
    assert verdict(marking, "df/dq").diagnosis == d.SIGN
    for label in ("df/dx", "df/dy"):
        assert verdict(marking, label).status == d.CARRIED
        assert verdict(marking, label).sources == ("df/dq",)
    assert verdict(marking, "df/dz").status == d.RIGHT


def test_an_error_carries_through_unanswered_intermediate_nodes() -> None:
    # (1 - s) used for the sigmoid's local gradient: df/dz = 0.2689; then every input gradient
    # is computed from it through the unnamed mul and add nodes the student did not write down.
    marking = marked(NEURON, {"df/dz": "0.2689", "df/dw0": "-0.2689", "df/dx0": "0.5378", "df/dw1": "-0.5378",
                              "df/dx1": "-0.8067", "df/dw2": "0.2689"})
    assert marking.first_mistake.label == "df/dz"
    # No slip of the sigmoid gate reproduces 0.2689: wrong, with the chain rule's numbers, no invented cause.
    assert marking.first_mistake.diagnosis == d.WRONG_VALUE
    assert "0.1966" in marking.first_mistake.message
    assert "local gradient" not in marking.first_mistake.message.replace("× local 0.1966", "")
    assert [v.status for v in marking.verdicts[1:]] == [d.CARRIED] * 5
    assert all(v.sources == ("df/dz",) for v in marking.verdicts[1:])


def test_a_wrong_forward_value_carries_into_later_values_and_gradients() -> None:
    marking = marked(CIRCUIT, {"q": "4", "f": "-16", "df/dz": "4", "df/dq": "-4"})
    assert marking.first_mistake.label == "q"
    assert marking.first_mistake.diagnosis == d.FORWARD
    assert verdict(marking, "f").status == d.CARRIED
    assert verdict(marking, "df/dz").status == d.CARRIED  # the mul gate swaps in the student's q = 4
    assert verdict(marking, "df/dq").status == d.RIGHT


def test_a_wrong_answer_after_a_right_one_is_its_own_mistake() -> None:
    marking = marked(CIRCUIT, {"df/dq": "-4", "df/dx": "4"})
    assert verdict(marking, "df/dx").status == d.WRONG
    assert verdict(marking, "df/dx").diagnosis == d.SIGN


def test_a_missing_fan_out_sum_is_diagnosed() -> None:
    marking = marked(COPY, {"df/dx": "-4"})  # only the branch through x*y (y = -4); the +x branch adds 1
    assert marking.first_mistake.diagnosis == d.FANOUT
    assert "-3" in marking.first_mistake.message


def test_mul_inputs_not_swapped_is_diagnosed() -> None:
    marking = marked(GATES, {"df/dx": "6"})  # upstream 2 times x = 3 instead of y = -4
    assert marking.first_mistake.diagnosis == d.MUL_SWAP
    assert "gradient swapper" in marking.first_mistake.message


def test_a_max_gate_routed_to_the_wrong_input_is_diagnosed() -> None:
    marking = marked(GATES, {"df/dz": "0", "df/dw": "2"})  # z = 2 is the max, w = -1 is not
    assert {v.diagnosis for v in marking.verdicts} == {d.MAX_ROUTE}
    assert "gradient router" in marking.first_mistake.message


def test_a_wrong_answer_no_slip_explains_says_what_it_should_be_without_a_cause() -> None:
    marking = marked(GATES, {"df/dx": "7"})  # df/dx = y * df/da = -4 * 2 = -8 (primer's mul gate)
    assert marking.first_mistake.diagnosis == d.WRONG_VALUE
    assert marking.first_mistake.message == "no known slip explains it; df/dx should be -8 (upstream 2 × local -4)"


def test_a_wrong_seed_at_the_output_is_diagnosed() -> None:
    marking = marked(CIRCUIT, {"df/df": "0"})
    assert marking.first_mistake.diagnosis == d.SEED


def test_the_first_mistake_follows_the_order_of_the_work_not_of_the_answers() -> None:
    marking = marked(CIRCUIT, {"df/dx": "5", "q": "2"})  # the forward value comes first in the work
    assert marking.first_mistake.label == "q"


def test_too_few_significant_figures_fail_when_the_problem_asks_for_more() -> None:
    marking = marked(NEURON, {"f": "0.7"}, Tolerance(min_sigfigs=3))
    assert marking.first_mistake.diagnosis == d.FIGURES
    assert marked(NEURON, {"f": "0.7"}).all_right  # without the demand, 0.7 is 0.7311 to 1 figure


def test_matrix_answers_from_the_primer_are_right() -> None:
    marking = marked(MATRIX, {"q": "[0.22, 0.26]", "f": "0.116", "dq": "[0.44, 0.52]",
                              "dW": "[[0.088, 0.176], [0.104, 0.208]]", "dx": "[-0.112, 0.636]"})
    assert marking.all_right


def test_a_transposed_matrix_gradient_is_diagnosed() -> None:
    marking = marked(MATRIX, {"dW": "[[0.088, 0.104], [0.176, 0.208]]"})
    assert marking.first_mistake.diagnosis == d.TRANSPOSED


def test_a_wrongly_shaped_gradient_is_diagnosed() -> None:
    marking = marked(MATRIX, {"dx": "[-0.112, 0.636, 0]"})
    assert marking.first_mistake.diagnosis == d.SHAPE
    assert "(2)" in marking.first_mistake.message


def test_matrix_errors_carry_forward_through_a_matmul() -> None:
    # dq wrong in its second entry: dW = dq x^T and dx = W^T dq, from the student's own dq.
    marking = marked(MATRIX, {"dq": "[0.44, 0.62]", "dW": "[[0.088, 0.176], [0.124, 0.248]]",
                              "dx": "[-0.142, 0.716]"})
    assert marking.first_mistake.label == "df/dq"
    assert verdict(marking, "df/dW").status == d.CARRIED
    assert verdict(marking, "df/dx").status == d.CARRIED


@pytest.mark.parametrize("answers", [{"df/dq": "-4"}, {"q": "3", "df/dx": "-4"}])
def test_right_answers_have_no_diagnosis(answers: dict[str, str]) -> None:
    marking = marked(CIRCUIT, answers)
    assert all(v.diagnosis is None and v.status == d.RIGHT for v in marking.verdicts)


def test_marking_a_10000_node_chain_is_linear_and_has_no_recursion() -> None:
    import time

    source = "; ".join(["a0 = x + 1"] + [f"a{i} = a{i - 1} + 1" for i in range(1, 10_000)])
    trace = evaluate(source, {"x": 0}, check=False).trace
    answers = [Answer("dx", resolve("dx", trace.graph), parse_answer("2")),
               Answer("da9998", resolve("da9998", trace.graph), parse_answer("2"))]
    start = time.perf_counter()
    marking = mark(trace, answers)
    assert time.perf_counter() - start < 30  # linear: quadratic marking took minutes
    assert marking.first_mistake.label == "da9999/da9998"
    assert verdict(marking, "da9999/dx").status == d.CARRIED

VALUES = st.integers(min_value=-50, max_value=50).filter(lambda v: v != 0)


@settings(max_examples=60, deadline=None)
@given(x=VALUES, y=VALUES, z=VALUES)
def test_hand_worked_circuit_answers_are_right_and_a_flipped_upstream_carries(x: int, y: int, z: int) -> None:
    # Worked by hand from the primer: q = x + y, f = q z, df/dq = z, df/dz = q, df/dx = df/dy = z.
    q = x + y
    right = {"q": str(q), "f": str(q * z), "df/dq": str(z), "df/dz": str(q), "df/dx": str(z), "df/dy": str(z)}
    source = ("q = x + y; f = q * z", {"x": x, "y": y, "z": z})
    assert marked(source, right).all_right
    flipped = {**right, "df/dq": str(-z), "df/dx": str(-z), "df/dy": str(-z)}
    marking = marked(source, flipped)
    assert marking.first_mistake.label == "df/dq"
    # When q = -z, the flipped sign -z is also upstream x q itself (inputs not swapped): both fit.
    assert marking.first_mistake.diagnosis == (d.MUL_SWAP if q == -z else d.SIGN)
    assert "sign" in marking.first_mistake.message
    assert verdict(marking, "df/dx").status == d.CARRIED
