"""The cross-check at its own resolution: errors injected just above what each reference can
resolve are caught, and errors at rounding level raise no alarm.

Errors are injected by replacing one registry row for the test (monkeypatch): the local rule
(or VJP) is made wrong by a relative amount, and where a test means to defeat the SymPy
references, the row's SymPy counterpart is made wrong by the same factor, so that only the
finite differences of the untouched forward rule can tell. Resolutions: SymPy agrees to
SYMPY_RTOL (1e-9), finite differences to NUMERIC_RTOL (1e-5).
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from bpcalc import evaluate
from bpcalc.checks import cross_check as cc
from bpcalc.checks.verdicts import KINK, MISMATCH, OK, UNDEFINED
from bpcalc.errors import BpcalcError
from bpcalc.ops import REGISTRY, np

SMALL = "f = sin(x) * y"  # a few nodes: the whole-expression SymPy check decides
# More than FULL_SYMBOLIC_NODES nodes and few inputs: SymPy per node (sympy-local), and every
# input differenced on its own.
LARGE = "f = sin(x) * y + " + " + ".join(f"y * {k}" for k in range(1, 26))
POINT = {"x": 0.7, "y": 1.3}


def wrong_sin(monkeypatch: pytest.MonkeyPatch, factor: float, *, sympy_too: bool = False) -> None:
    """sin's local gradient times `factor` (and its SymPy counterpart, so d/da agrees with it)."""
    row = REGISTRY["sin"]
    changes = {"local": lambda out, a: (math.cos(a) * factor,),
               "local_array": lambda out, a: (np.cos(a) * factor,)}
    if sympy_too:
        changes["sympy"] = lambda sp, a: sp.sin(a) * factor
    monkeypatch.setitem(REGISTRY, "sin", dataclasses.replace(row, **changes))


def verdict_of(result, name: str):
    return result.check.nodes[result.trace.graph.find(name)]


def test_the_large_program_takes_the_per_node_path() -> None:
    result = evaluate(LARGE, **POINT)
    assert len(result.trace.graph.ops) > cc.FULL_SYMBOLIC_NODES
    assert result.check.methods[0] == cc.LOCAL_METHOD
    assert result.check.passed


# -- SymPy, resolution 1e-9 ------------------------------------------------------------------

@pytest.mark.parametrize("source", [SMALL, LARGE], ids=["whole-expression", "per-node"])
def test_sympy_catches_a_local_gradient_wrong_by_one_part_in_ten_million(monkeypatch, source: str) -> None:
    wrong_sin(monkeypatch, 1 + 1e-7)
    result = evaluate(source, **POINT)
    assert not result.check.passed
    assert MISMATCH in [node.verdict for node in result.check.nodes]


@pytest.mark.parametrize("source", [SMALL, LARGE], ids=["whole-expression", "per-node"])
def test_sympy_raises_no_alarm_at_rounding_level(monkeypatch, source: str) -> None:
    wrong_sin(monkeypatch, 1 + 4e-16)
    result = evaluate(source, **POINT)
    assert result.check.passed
    assert MISMATCH not in [node.verdict for node in result.check.nodes]


# -- finite differences, resolution 1e-5 -----------------------------------------------------

@pytest.mark.parametrize("error", [1e-4, 3e-5])
def test_differencing_one_input_catches_what_sympy_cannot_see(monkeypatch, error: float) -> None:
    wrong_sin(monkeypatch, 1 + error, sympy_too=True)
    result = evaluate(LARGE, **POINT)
    x = verdict_of(result, "x")
    assert (x.verdict, x.method) == (MISMATCH, "finite-differences")
    assert x.expected == pytest.approx(math.cos(0.7) * 1.3, rel=1e-7)
    assert verdict_of(result, "y").verdict == OK
    assert not result.check.passed


def test_differencing_one_input_raises_no_alarm_below_its_resolution(monkeypatch) -> None:
    wrong_sin(monkeypatch, 1 + 1e-8, sympy_too=True)
    result = evaluate(LARGE, **POINT)
    assert verdict_of(result, "x").verdict == OK
    assert result.check.passed


def test_the_directional_check_catches_a_wrong_input_among_many(monkeypatch) -> None:
    """Past FINITE_DIFFERENCE_INPUTS inputs, the ones not differenced alone are judged by the
    directional check; a gradient wrong by 1e-4 through one of them fails the report."""
    names = [f"x{k}" for k in range(cc.FINITE_DIFFERENCE_INPUTS + 16)]
    source = "f = " + " + ".join(f"sin({n}) * {k + 1}" for k, n in enumerate(names))
    values = {n: 0.1 + 0.02 * k for k, n in enumerate(names)}
    clean = evaluate(source, **values)
    assert clean.check.passed and clean.check.directional.verdict == OK
    wrong_sin(monkeypatch, 1 + 1e-4, sympy_too=True)
    result = evaluate(source, **values)
    assert result.check.directional.verdict == MISMATCH
    assert not result.check.passed


def test_a_report_fails_on_a_directional_mismatch_even_when_every_node_is_ok() -> None:
    directional = cc.DirectionalCheck(MISMATCH, inputs=3, backprop=1.0, expected=1.001, relative_error=1e-3, step=1e-6)
    assert not cc.CheckReport([cc.NodeCheck(OK)] * 3, directional=directional).passed
    agreeing = dataclasses.replace(directional, verdict=OK)
    assert cc.CheckReport([cc.NodeCheck(OK)] * 3, directional=agreeing).passed


# -- arrays ----------------------------------------------------------------------------------

SOFTMAX = "p = softmax(s); f = sum(w * p)"
# 40 entries each: past ARRAY_SYMBOLIC_ENTRIES, so the entry-by-entry differences decide (where
# SymPy runs, its verdict is final and a row wrong together with its counterpart is not seen).
SCORES = {"s": np.linspace(-1.5, 1.2, 40), "w": np.cos(np.arange(40.0))}


def test_an_array_row_wrong_together_with_its_sympy_counterpart_is_a_mismatch(monkeypatch) -> None:
    row = REGISTRY["softmax"]
    factor = 1 + 1e-4
    monkeypatch.setitem(REGISTRY, "softmax", dataclasses.replace(
        row, vjp=lambda g, out, a: tuple(part * factor for part in row.vjp(g, out, a)),
        sympy=lambda sp, a: row.sympy(sp, a) * factor))
    result = evaluate(SOFTMAX, **SCORES)
    assert "sympy-elements" not in result.check.methods
    s = verdict_of(result, "s")
    assert s.verdict == MISMATCH and s.method.startswith("finite-differences")
    assert not result.check.passed


def test_the_array_check_raises_no_alarm_on_the_untouched_row() -> None:
    result = evaluate(SOFTMAX, **SCORES)
    assert result.check.passed
    assert verdict_of(result, "s").verdict == OK


def test_a_zero_svm_margin_is_a_kink_not_a_mismatch() -> None:
    # s_0 - s_1 + 1 = 0: the hinge max(0, m) sits at its corner; our convention sends it 0,
    # a centred difference would measure 1/2.
    result = evaluate("L = svm_loss(S, y)", S="[[1, 2, 0]]", y="[1]")
    loss = result.trace.graph.output
    assert result.trace.kinks[loss]
    assert verdict_of(result, "S").verdict == KINK
    assert result.check.nodes[loss].verdict == KINK
    assert result.check.passed


def test_a_positive_svm_margin_is_checked_normally() -> None:
    result = evaluate("L = svm_loss(S, y)", S="[[1.5, 2, 0]]", y="[1]")
    assert not any(result.trace.kinks)
    np.testing.assert_array_equal(result.gradients["S"], [[1, -1, 0]])
    assert verdict_of(result, "S").verdict == OK
    assert verdict_of(result, "y").verdict == UNDEFINED


# -- the array pass at an infinite local gradient --------------------------------------------

def test_an_infinite_local_gradient_into_an_input_is_refused_with_the_node() -> None:
    with pytest.raises(BpcalcError, match=r"node n1 \(sqrt\), 'sqrt\(x\)': its local gradient is infinite"):
        evaluate("sum(sqrt(x))", x="[0, 1]", check=False)


def test_the_cli_refuses_an_infinite_local_gradient_with_exit_2_and_a_caret(run_cli) -> None:
    done = run_cli("eval", "sum(sqrt(x))", "--x=[0, 1]")
    assert done.exit_code == 2
    assert "its local gradient is infinite or undefined at these inputs" in done.stderr
    assert "  sum(sqrt(x))\n      ^^^^^^^" in done.stderr
    assert "Traceback" not in done.stderr
