"""Marking an input used by many gates (past precision.EXACT_TERMS uses): the same verdicts as a
hand computation, and work that grows linearly with the number of uses (check -f on 45,000
statements). The expected numbers are worked out by hand in each test, not taken from bpcalc.
"""

from __future__ import annotations

import pytest

from bpcalc import evaluate
from bpcalc.homework import diagnose as d
from bpcalc.homework import own_numbers
from bpcalc.homework.diagnose import Answer, Marking, mark
from bpcalc.homework.keys import resolve
from bpcalc.homework.notation import Tolerance, parse_answer
from bpcalc.homework.precision import EXACT_TERMS

USES = 3 * EXACT_TERMS  # well past the exact refold


def products(uses: int) -> tuple[str, dict[str, float]]:
    """p1 = w*x1; ...; f = p1 + ... + pn with w = 2, xk = k: df/dw = 1 + ... + n, df/dxk = 2."""
    lines = [f"p{k} = w*x{k}" for k in range(1, uses + 1)]
    lines.append("f = " + " + ".join(f"p{k}" for k in range(1, uses + 1)))
    return "\n".join(lines), {"w": 2.0, **{f"x{k}": float(k) for k in range(1, uses + 1)}}


def marked(answers: dict[str, str], uses: int = USES) -> Marking:
    source, values = products(uses)
    trace = evaluate(source, values, check=False).trace
    given = [Answer(k, resolve(k, trace.graph), parse_answer(v, k)) for k, v in answers.items()]
    return mark(trace, given, Tolerance())


def verdict(marking: Marking, label: str) -> d.Verdict:
    return next(v for v in marking.verdicts if v.label == label)


def test_the_right_gradient_of_a_widely_used_input_is_right() -> None:
    assert verdict(marked({"df/dw": str(USES * (USES + 1) // 2)}), "df/dw").status == d.RIGHT


def test_one_branch_alone_of_a_wide_fan_out_is_the_missing_fan_out_sum() -> None:
    # the branch through p7 sends back x7 = 7
    assert verdict(marked({"df/dw": "7"}), "df/dw").diagnosis == d.FANOUT


def test_a_flipped_sign_on_a_wide_fan_out_is_a_sign_error() -> None:
    assert verdict(marked({"df/dw": str(-USES * (USES + 1) // 2)}), "df/dw").diagnosis == d.SIGN


def test_one_wrong_upstream_gradient_is_carried_forward_into_the_wide_sum() -> None:
    # df/dp5 written as 2 instead of 1: with it, df/dw = (1 + ... + n) + 5
    marking = marked({"df/dp5": "2", "df/dw": str(USES * (USES + 1) // 2 + 5)})
    assert verdict(marking, "df/dw").status == d.CARRIED
    assert verdict(marking, "df/dw").sources == ("df/dp5",)


def test_rounded_upstream_numbers_widen_what_the_wide_sum_accepts() -> None:
    # p1 = 2 written as 2.0 is right; dp1 written "1.0" carries +-0.05, so dw may be off by 0.05 * x1 = 0.05
    exact = USES * (USES + 1) // 2
    assert verdict(marked({"df/dp1": "1.0", "df/dw": f"{exact + 0.04}"}), "df/dw").status == d.RIGHT
    assert verdict(marked({"df/dp1": "1.0", "df/dw": f"{exact + 0.2}"}), "df/dw").status == d.WRONG


@pytest.mark.parametrize("uses", [EXACT_TERMS // 2, USES])
def test_the_marking_agrees_on_both_sides_of_the_exact_refold(uses: int) -> None:
    exact = uses * (uses + 1) // 2
    marking = marked({"df/dp3": "0", "df/dw": str(exact - 3)}, uses)
    assert verdict(marking, "df/dw").status == d.CARRIED


def test_marking_work_grows_linearly_with_the_uses_of_an_input(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = own_numbers.gate_downstream

    def counted(*args: object) -> object:
        calls["n"] += 1
        return real(*args)

    monkeypatch.setattr(own_numbers, "gate_downstream", counted)
    work = []
    for uses in (200, 800):
        calls["n"] = 0
        marked({"p1": "3", "df/dp1": "1.0", "df/dw": "1"}, uses)  # p1 wrong: every later number is the student's
        work.append(calls["n"])
    assert work[1] < 4.4 * work[0]  # 4x the uses: 4x the gate evaluations (n^2 would be 16x)
