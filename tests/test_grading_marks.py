"""Grading that matches a careful human grader (issue 14), on hand-worked worksheets.

Every worksheet's answers and its expected verdicts were worked out by hand (pencil, the
lecture's rules, rounding at every node as a student does) before bpcalc was run on them.
The true values are the primer's published numbers (sigmoid neuron: f = 0.7311,
df/dw = [-0.1966, -0.3932, 0.1966], df/dx = [0.3932, -0.5898]; two_layer_net.bp's header:
L = 0.95551, dL/db2 = [0.61538, -0.61538], dL/db1 = [-0.18462, 0.30769, 0], dL/dx = [0.07385, 0.16]).
Tests name nodes, never ids, so they survive constant nodes disappearing from graphs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bpcalc.homework import diagnose as d
from bpcalc.homework.grading import grade_problem, solve
from bpcalc.homework.notation import Tolerance
from bpcalc.homework.problems import Problem, Scoring, load_worksheet

# The lecture's sigmoid neuron gate by gate, constants inside the gates (-x, +1, 1/x).
NEURON = '''expression = "a = w0*x0; b = w1*x1; c = a + b; dot = c + w2; n = -dot; g = exp(n); h = 1 + g; f = 1 / h"
[values]
w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
[answers]
'''

# By hand, 3 significant figures, rounding at every node and working on from the rounded numbers:
# g = e^-1 = 0.368; h = 1 + 0.368 = 1.37; f = 1/1.37 = 0.730 (true 0.7311: 0.731);
# df/dh = -1/1.37^2 = -0.533; df/dg = -0.533; df/dn = -0.533 * 0.368 = -0.196 (true -0.1966: -0.197);
# df/ddot = 0.196; ... df/dx0 = 2 * 0.196 = 0.392; df/dx1 = -3 * 0.196 = -0.588 (true -0.590).
NEURON_3_FIGURES = {
    "a": "-2", "b": "6", "c": "4", "dot": "1", "n": "-1", "g": "0.368", "h": "1.37", "f": "0.730",
    "df/df": "1", "df/dh": "-0.533", "df/dg": "-0.533", "df/dn": "-0.196", "df/ddot": "0.196", "df/dc": "0.196",
    "df/dw2": "0.196", "df/da": "0.196", "df/db": "0.196", "df/dw0": "-0.196", "df/dx0": "0.392",
    "df/dw1": "-0.392", "df/dx1": "-0.588",
}
# 2 significant figures: g = 0.37; h = 1.4; f = 1/1.4 = 0.71 (true 0.73); df/dh = -1/1.96 = -0.51;
# df/dn = -0.51 * 0.37 = -0.19; df/dx0 = 2 * 0.19 = 0.38; df/dx1 = -3 * 0.19 = -0.57 (true -0.59).
NEURON_2_FIGURES = {
    "a": "-2", "b": "6", "c": "4", "dot": "1", "n": "-1", "g": "0.37", "h": "1.4", "f": "0.71",
    "df/df": "1", "df/dh": "-0.51", "df/dg": "-0.51", "df/dn": "-0.19", "df/ddot": "0.19", "df/dc": "0.19",
    "df/dw2": "0.19", "df/da": "0.19", "df/db": "0.19", "df/dw0": "-0.19", "df/dx0": "0.38",
    "df/dw1": "-0.38", "df/dx1": "-0.57",
}
# One sign flip at the neg gate (df/ddot = -0.20 instead of 0.20), then every later step done right from
# it: df/dc = df/dw2 = df/da = df/db = -0.20, df/dw0 = -1 * -0.20 = 0.20, df/dx0 = 2 * -0.20 = -0.40,
# df/dw1 = -2 * -0.20 = 0.40, df/dx1 = -3 * -0.20 = 0.60. By hand: 1 wrong (sign), 8 carried forward.
NEURON_SIGN_FLIP = {
    "a": "-2", "b": "6", "c": "4", "dot": "1", "n": "-1", "g": "0.37", "h": "1.37", "f": "0.73",
    "df/df": "1", "df/dh": "-0.53", "df/dg": "-0.53", "df/dn": "-0.20", "df/ddot": "-0.20", "df/dc": "-0.20",
    "df/dw2": "-0.20", "df/da": "-0.20", "df/db": "-0.20", "df/dw0": "0.20", "df/dx0": "-0.40",
    "df/dw1": "0.40", "df/dx1": "0.60",
}
AFTER_THE_FLIP = ("df/dc", "df/dw2", "df/da", "df/db", "df/dw0", "df/dx0", "df/dw1", "df/dx1")

TWO_LAYER = '''expression = "u = W1 @ x; z = u + b1; h = relu(z); v = W2 @ h; s = v + b2; L = cross_entropy(s, y)"
[values]
x = [1.0, 2.0]
W1 = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]
b1 = [0.4, 0.1, -1.0]
W2 = [[0.2, 0.1, -0.3], [0.5, -0.4, 0.1]]
b2 = [0.0, 0.1]
y = 1
[answers]
'''
# By hand: u = [-0.3, 1.1, 0.7], z = [0.1, 1.2, -0.3], h = [0.1, 1.2, 0], v = [0.14, -0.43],
# s = [0.14, -0.33], L = 0.956; dL/ds = softmax - onehot = [0.615, -0.615]; dL/dh = W2^T [0.615, -0.615]
# = [-0.1845, 0.3075, -0.246] -> [-0.185, 0.308, -0.246]; relu passes [-0.185, 0.308, 0];
# dL/dx = W1^T [-0.185, 0.308, 0] = [0.0739, 0.160] (true 0.0738); dL/dW1 = dL/du x^T, row 1
# [-0.185, -0.370] (true -0.369), row 2 [0.308, 0.616] (true 0.615); dL/dW2 = dL/ds h^T.
TWO_LAYER_3_FIGURES = {
    "u": "[-0.3, 1.1, 0.7]", "z": "[0.1, 1.2, -0.3]", "h": "[0.1, 1.2, 0]", "v": "[0.14, -0.43]",
    "s": "[0.14, -0.33]", "L": "0.956", "dL/ds": "[0.615, -0.615]", "dL/db2": "[0.615, -0.615]",
    "dL/dv": "[0.615, -0.615]", "dL/dW2": "[[0.0615, 0.738, 0], [-0.0615, -0.738, 0]]",
    "dL/dh": "[-0.185, 0.308, -0.246]", "dL/dz": "[-0.185, 0.308, 0]", "dL/db1": "[-0.185, 0.308, 0]",
    "dL/du": "[-0.185, 0.308, 0]", "dL/dW1": "[[-0.185, -0.370], [0.308, 0.616], [0, 0]]",
    "dL/dx": "[0.0739, 0.160]",
}
# 2 figures: L = 0.96; dL/ds = [0.62, -0.62]; dL/dh = [-0.186, 0.31, -0.248] -> [-0.19, 0.31, -0.25];
# dL/dx = W1^T [-0.19, 0.31, 0] = [0.074, 0.162] -> [0.074, 0.16]; dL/dW1 rows [-0.19, -0.38], [0.31, 0.62].
TWO_LAYER_2_FIGURES = {
    "u": "[-0.30, 1.1, 0.70]", "z": "[0.10, 1.2, -0.30]", "h": "[0.10, 1.2, 0]", "v": "[0.14, -0.43]",
    "s": "[0.14, -0.33]", "L": "0.96", "dL/ds": "[0.62, -0.62]", "dL/db2": "[0.62, -0.62]",
    "dL/dv": "[0.62, -0.62]", "dL/dW2": "[[0.062, 0.74, 0], [-0.062, -0.74, 0]]",
    "dL/dh": "[-0.19, 0.31, -0.25]", "dL/dz": "[-0.19, 0.31, 0]", "dL/db1": "[-0.19, 0.31, 0]",
    "dL/du": "[-0.19, 0.31, 0]", "dL/dW1": "[[-0.19, -0.38], [0.31, 0.62], [0, 0]]", "dL/dx": "[0.074, 0.16]",
}


def worksheet(tmp_path: Path, head: str, answers: dict[str, str], quoted: bool = True) -> Path:
    """A worksheet file; quoted=False writes every answer as a bare TOML number or array."""
    lines = [f'"{k}" = "{v}"' if quoted else f'"{k}" = {v}' for k, v in answers.items()]
    path = tmp_path / "sheet.toml"
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def graded_sheet(path: Path, scoring: Scoring | None = None, tolerance: Tolerance | None = None):
    sheet = load_worksheet(path)
    return grade_problem(sheet.problem, solve(sheet.problem), sheet.answers, scoring or Scoring(),
                         tolerance or sheet.tolerance, strict=True, fill_missing=False)


def statuses(graded) -> dict[str, str]:
    return {v.label: v.status for v in graded.marking.verdicts}


@pytest.mark.parametrize("answers", [NEURON_3_FIGURES, NEURON_2_FIGURES], ids=["3 figures", "2 figures"])
def test_the_sigmoid_neuron_rounded_at_every_node_scores_full_marks(tmp_path: Path, answers) -> None:
    graded = graded_sheet(worksheet(tmp_path, NEURON, answers))
    assert statuses(graded) == {k: d.RIGHT for k in answers}
    assert graded.score == graded.max_score == len(answers)


@pytest.mark.parametrize("answers", [TWO_LAYER_3_FIGURES, TWO_LAYER_2_FIGURES], ids=["3 figures", "2 figures"])
def test_the_two_layer_net_rounded_at_every_node_scores_full_marks(tmp_path: Path, answers) -> None:
    graded = graded_sheet(worksheet(tmp_path, TWO_LAYER, answers))
    assert statuses(graded) == {k: d.RIGHT for k in answers}


def test_an_answer_right_only_from_the_students_own_rounding_says_so(tmp_path: Path) -> None:
    graded = graded_sheet(worksheet(tmp_path, NEURON, NEURON_3_FIGURES))
    f = next(v for v in graded.marking.verdicts if v.label == "f")
    assert f.status == d.RIGHT
    assert "from your own rounded numbers" in f.note and "0.7299" in f.note  # 1/1.37


def test_a_value_not_reproducible_from_the_students_numbers_is_still_wrong(tmp_path: Path) -> None:
    # h = 1.37 carries +-0.005, so 1/h lies in 0.7273..0.7326: 0.740 is out of reach.
    graded = graded_sheet(worksheet(tmp_path, NEURON, {"h": "1.37", "f": "0.740"}))
    assert statuses(graded) == {"h": d.RIGHT, "f": d.WRONG}


@pytest.mark.parametrize("quoted", [True, False], ids=["quoted", "unquoted"])
def test_a_sign_flip_written_to_two_figures_is_one_mistake_and_the_rest_carried(tmp_path: Path, quoted) -> None:
    graded = graded_sheet(worksheet(tmp_path, NEURON, NEURON_SIGN_FLIP, quoted=quoted))
    by_label = {v.label: v for v in graded.marking.verdicts}
    assert by_label["df/ddot"].status == d.WRONG and by_label["df/ddot"].diagnosis == d.SIGN
    assert graded.marking.first_mistake.label == "df/ddot"
    for label in AFTER_THE_FLIP:
        assert by_label[label].status == d.CARRIED, label
        assert by_label[label].sources == ("df/ddot",)
    assert [v.label for v in graded.marking.verdicts if v.status == d.WRONG] == ["df/ddot"]


def test_unquoted_decimals_keep_their_trailing_zeros(tmp_path: Path) -> None:
    # f = 0.730 unquoted: three significant figures (TOML's float would say 0.73, two).
    graded = graded_sheet(worksheet(tmp_path, NEURON, NEURON_3_FIGURES, quoted=False))
    f = next(v for v in graded.marking.verdicts if v.label == "f")
    assert f.written is not None and f.written.text == "0.730" and f.written.sigfigs == 3
    assert all(v.right for v in graded.marking.verdicts)


def test_no_invented_local_gradient_for_a_near_miss(tmp_path: Path) -> None:
    # 0.1967 for df/dz = 0.196612 with f = 0.7311 given: (1 - 0.7311) * 0.7311 = 0.19660, not 0.1967.
    head = NEURON.replace('"a = w0*x0; b = w1*x1; c = a + b; dot = c + w2; n = -dot; g = exp(n); h = 1 + g; f = 1 / h"',
                          '"z = w0*x0 + w1*x1 + w2; f = sigmoid(z)"')
    graded = graded_sheet(worksheet(tmp_path, head, {"f": "0.7311", "df/dz": "0.1967"}))
    wrong = graded.marking.first_mistake
    assert wrong.label == "df/dz" and wrong.diagnosis == d.WRONG_VALUE
    assert "local gradient of" not in wrong.message and "implies" not in wrong.message
    assert "n6" not in wrong.message and "n2" not in wrong.message  # no internal ids the student never saw


@pytest.mark.parametrize("zero", ["0e9", "0e1", "-0e3", "0.0e3", "0.0"])
def test_a_zero_claims_exactly_zero_not_everything(run_cli, zero: str) -> None:
    result = run_cli("check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", f"q={zero}")
    assert result.exit_code == 1  # q = 3
    assert "WRONG      q =" in result.output


def test_a_zero_is_right_for_a_true_zero(run_cli) -> None:
    # max(z, w) with z = 2 > w = -1 routes nothing to w: df/dw = 0 (primer's max gate).
    result = run_cli("check", "m = max(z, w); f = 2 * m", "--z=2", "--w=-1", "-a", "df/dw=0e9", "-a", "dm=2.0")
    assert result.exit_code == 0


def test_ten_digits_off_by_one_in_the_last_is_within_floating_point_noise(run_cli) -> None:
    # The documented rule: every comparison allows a relative 1e-9, so -4.000000001 passes for -4.
    result = run_cli("check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "df/dq=-4.000000001")
    assert result.exit_code == 0


def test_a_tolerance_option_never_fails_an_answer_the_written_precision_accepts(run_cli) -> None:
    # df/dn = -0.1966 (primer), written -0.20: right at 2 figures; rtol = 0.01 must not make it wrong.
    neuron = ["check", "dot = w0*x0 + w1*x1 + w2; n = -dot; g = exp(n); f = 1 / (1 + g)",
              "--w0=2", "--x0=-1", "--w1=-3", "--x1=-2", "--w2=-3"]
    assert run_cli(*neuron, "-a", "df/dn=-0.20").exit_code == 0
    assert run_cli(*neuron, "-a", "df/dn=-0.20", "--rtol", "0.01").exit_code == 0
    assert run_cli(*neuron, "-a", "df/dn=-0.25").exit_code == 1
    assert run_cli(*neuron, "-a", "df/dn=-0.25", "--rtol", "0.3").exit_code == 0  # and it does loosen


def test_a_column_vector_for_a_vector_gradient_is_accepted_with_a_note(run_cli) -> None:
    # Primer: f = ||W x||^2, df/dq = 2q = [0.44, 0.52], written as the lecture's column.
    result = run_cli("check", "q = W @ x; f = sum(q^2)", "--W=[[0.1, 0.5], [-0.3, 0.8]]", "--x=[0.2, 0.4]",
                     "-a", "dq=[[0.44], [0.52]]")
    assert result.exit_code == 0
    assert "note: a column of 2 entries, read as the vector df/dq of shape (2,)" in result.output


SCORED = Problem("circuit", "circuit", "q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4},
                 ["q", "f", "df/dq", "df/dz", "df/dx", "df/dy"], 1.0)


def test_partial_credit_per_diagnosis_comes_from_the_problem_set() -> None:
    # df/dq = 4 is a sign error (true -4); df/dx = df/dy = 4 carried from it; q, f, df/dz right.
    raw = {"q": "3", "f": "-12", "df/dq": "4", "df/dz": "3", "df/dx": "4", "df/dy": "4"}
    scoring = Scoring(1.0, 0.5, {d.SIGN: 0.25})
    graded = grade_problem(SCORED, solve(SCORED), raw, scoring, Tolerance())
    assert graded.score == 3 + 0.25 + 2 * 0.5


def test_no_carried_credit_when_the_carried_value_makes_the_step_trivial() -> None:
    # df/dq = 1 (true -4): the add gate then hands 1 to x and y: trivially "right from your numbers".
    raw = {"q": "3", "f": "-12", "df/dq": "1", "df/dz": "3", "df/dx": "1", "df/dy": "1"}
    graded = grade_problem(SCORED, solve(SCORED), raw, Scoring(1.0, 0.5), Tolerance())
    carried = [v for v in graded.marking.verdicts if v.status == d.CARRIED]
    assert [v.label for v in carried] == ["df/dy", "df/dx"]
    assert all(v.trivial and "trivial" in v.message for v in carried)
    assert graded.score == 3.0


def test_diagnosis_slips_come_from_registry_rows() -> None:
    from bpcalc.ops import REGISTRY

    assert [s.code for s in REGISTRY["mul"].slips] == [d.MUL_SWAP]
    assert [s.code for s in REGISTRY["max"].slips] == [d.MAX_ROUTE]
    source = Path(d.__file__).read_text(encoding="utf-8")
    assert '"mul"' not in source and '"max"' not in source  # diagnose.py compares no operation names


def test_a_trivial_carried_value_is_flagged_in_the_tas_csv(run_cli) -> None:
    from tests.conftest import ROOT

    result = run_cli("grade", str(ROOT / "examples/homework/partial_credit.toml"),
                     str(ROOT / "examples/homework/partial/trivial.toml"), "--csv", "-")
    row = result.output.split("\n")[1]
    assert row.startswith("Tia,trivial.toml,graded,3,3,6,")  # 3 right; df/dq wrong; df/dy, df/dx no credit
    assert "no carried-forward credit for df/dy, df/dx" in row



def _rounded(value: float, figures: int) -> str:
    """As a student writes a number rounded to `figures` significant figures (trailing zeros kept)."""
    return f"{value:#.{figures}g}" if value != 0 else "0"


def _student_rounding_every_node(w0: float, x0: float, w1: float, x1: float, w2: float, k: int) -> dict[str, str]:
    """The sigmoid neuron worked gate by gate with Python's math, each step from the rounded step before."""
    import math

    def keep(v: float) -> float:
        return float(_rounded(v, k))

    a, b = keep(w0 * x0), keep(w1 * x1)
    c = keep(a + b)
    dot = keep(c + w2)
    n = keep(-dot)
    g = keep(math.exp(n))
    h = keep(1 + g)
    f = keep(1 / h)
    dh = keep(-1 / h**2)
    dn = keep(dh * g)
    ddot = keep(-dn)
    numbers = {"a": a, "b": b, "c": c, "dot": dot, "n": n, "g": g, "h": h, "f": f, "df/dh": dh, "df/dg": dh,
               "df/dn": dn, "df/ddot": ddot, "df/dc": ddot, "df/dw2": ddot, "df/da": ddot, "df/db": ddot,
               "df/dw0": keep(x0 * ddot), "df/dx0": keep(w0 * ddot), "df/dw1": keep(x1 * ddot),
               "df/dx1": keep(w1 * ddot)}
    return {key: _rounded(v, k) for key, v in numbers.items()}


def test_rounding_at_every_node_is_right_for_any_inputs_and_figures() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tenths = st.integers(-30, 30).map(lambda n: n / 10)

    @settings(max_examples=60, deadline=None)
    @given(st.tuples(tenths, tenths, tenths, tenths, tenths), st.sampled_from([2, 3, 4]))
    def check(values: tuple[float, ...], k: int) -> None:
        names = ("w0", "x0", "w1", "x1", "w2")
        problem = Problem("p", "p", NEURON.split('"')[1], dict(zip(names, values)), [], 1.0)
        raw = _student_rounding_every_node(*values, k)
        graded = grade_problem(problem, solve(problem), raw, Scoring(), Tolerance(), fill_missing=False)
        assert [v.label for v in graded.marking.verdicts if not v.right] == [], (values, k)

    check()


def test_one_sign_flip_at_the_neg_gate_is_one_mistake_for_any_inputs_and_figures() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tenths = st.integers(-30, 30).map(lambda n: n / 10)

    @settings(max_examples=60, deadline=None)
    @given(st.tuples(tenths, tenths, tenths, tenths, tenths), st.sampled_from([2, 3, 4]))
    def check(values: tuple[float, ...], k: int) -> None:
        w0, x0, w1, x1, _w2 = values
        names = ("w0", "x0", "w1", "x1", "w2")
        problem = Problem("p", "p", NEURON.split('"')[1], dict(zip(names, values)), [], 1.0)
        raw = _student_rounding_every_node(*values, k)
        flipped = -float(raw["df/ddot"])  # the slip; every later step then done right from it
        raw.update({key: _rounded(flipped, k) for key in ("df/ddot", "df/dc", "df/dw2", "df/da", "df/db")})
        raw.update({"df/dw0": _rounded(float(_rounded(x0 * flipped, k)), k),
                    "df/dx0": _rounded(float(_rounded(w0 * flipped, k)), k),
                    "df/dw1": _rounded(float(_rounded(x1 * flipped, k)), k),
                    "df/dx1": _rounded(float(_rounded(w1 * flipped, k)), k)})
        graded = grade_problem(problem, solve(problem), raw, Scoring(), Tolerance(), fill_missing=False)
        wrong = [(v.label, v.diagnosis) for v in graded.marking.verdicts if v.status == d.WRONG]
        assert wrong == [("df/ddot", d.SIGN)], (values, k)
        assert all(v.status in (d.RIGHT, d.CARRIED) for v in graded.marking.verdicts if v.label != "df/ddot")

    check()
