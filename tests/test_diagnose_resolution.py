"""The diagnosis at the edges of its tests: a forward value with its sign flipped, and an error
carried forward by a student who kept more digits than they wrote (so recomputing from the
written, rounded numbers misses by more than half a unit, within DIAGNOSIS_SLACK).

The right answers are the primer's: q = x + y = 3, f = q z = -12 at x = -2, y = 5, z = -4.
"""

from __future__ import annotations

from bpcalc import evaluate
from bpcalc.homework import diagnose as d
from bpcalc.homework.diagnose import Answer, Marking, mark
from bpcalc.homework.keys import resolve
from bpcalc.homework.notation import Tolerance, parse_answer

CIRCUIT = "q = x + y; f = q * z"
VALUES = {"x": -2, "y": 5, "z": -4}


def marked(answers: dict[str, str]) -> Marking:
    trace = evaluate(CIRCUIT, VALUES, check=False).trace
    return mark(trace, [Answer(k, resolve(k, trace.graph), parse_answer(v, k)) for k, v in answers.items()], Tolerance())


def verdict(marking: Marking, label: str) -> d.Verdict:
    return next(v for v in marking.verdicts if v.label == label)


def test_a_forward_value_with_its_sign_flipped_is_a_sign_error() -> None:
    q = verdict(marked({"q": "-3"}), "q")
    assert (q.status, q.diagnosis) == (d.WRONG, d.SIGN)


def test_a_forward_value_off_by_more_than_its_sign_is_a_wrong_forward_value() -> None:
    q = verdict(marked({"q": "-3.5"}), "q")
    assert (q.status, q.diagnosis) == (d.WRONG, d.FORWARD)


def test_an_error_carried_with_more_digits_than_written_is_still_carried_forward() -> None:
    # The student's q was 3.1234, written 3.12; their f = 3.1234 * -4 = -12.4936, written -12.49.
    # From the written q, f would be -12.48: 0.01 away, twice the half unit of -12.49.
    marking = marked({"q": "3.12", "f": "-12.49"})
    assert (verdict(marking, "q").status, verdict(marking, "q").diagnosis) == (d.WRONG, d.FORWARD)
    f = verdict(marking, "f")
    assert (f.status, f.diagnosis, f.sources) == (d.CARRIED, d.CARRIED_FORWARD, ("q",))
    assert marking.first_mistake is not None and marking.first_mistake.label == "q"


def test_an_answer_beyond_the_rounding_slack_is_not_called_carried_forward() -> None:
    # -12.7 is 2% from the -12.48 the written q gives: a mistake of its own, not rounding.
    f = verdict(marked({"q": "3.12", "f": "-12.7"}), "f")
    assert f.status == d.WRONG
    assert f.diagnosis != d.CARRIED_FORWARD
