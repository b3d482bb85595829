"""Korean explanations read naturally: a review table of expected lines, written by a reader of
Korean lecture notes, and checks over every registry row's Korean sentences."""

from __future__ import annotations

import re

import pytest

from bpcalc.ops import REGISTRY
from bpcalc.teach import i18n, korean_rows
from bpcalc.teach.explanation import explain
from tests.korean_english import english_runs

# A space before a particle or the copula, as a machine writes it: `1 에서`, `0 을`, `sigmoid 입니다`.
_SPACED_PARTICLE = re.compile(r"[\w)\]](?: )(?:을|를|이|가|은|는|으로|로|과|와|입니다|에서|의|인|개의)(?=[\s.,]|$)")


def _korean_sentences() -> list[tuple[str, str]]:
    rows = [(f"{name}.pattern", row.pattern) for name, row in korean_rows.ROWS.items()]
    rows += [(f"{name}.vjp", row.vjp) for name, row in korean_rows.ROWS.items() if row.vjp]
    rows += [(f"{name}.kink", row.kink) for name, row in korean_rows.ROWS.items() if row.kink]
    rows += [(f"{name}.rule", row.rule) for name, row in korean_rows.ROWS.items() if row.rule]
    rows += [(key, text) for key, text in korean_rows.PARAM_ROWS.items()]
    rows += [(f"message.{key}", text) for key, text in i18n.MESSAGES["ko"].items()]
    return rows


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registry_row_has_its_korean_sentences(name: str) -> None:
    row = REGISTRY[name]
    korean = korean_rows.ROWS.get(name)
    assert korean is not None, f"add Korean sentences for '{name}' to bpcalc/teach/korean_rows.py"
    assert (korean.vjp is not None) == (row.vjp_rule is not None), f"{name}: a Korean VJP rule exactly when the row has one"
    assert (korean.kink is not None) == (row.kink_rule is not None), f"{name}: a Korean kink rule exactly when the row has one"


@pytest.mark.parametrize(("key", "sentence"), _korean_sentences())
def test_no_korean_sentence_holds_an_english_sentence(key: str, sentence: str) -> None:
    assert english_runs(sentence) == []


@pytest.mark.parametrize(("key", "sentence"), _korean_sentences())
def test_korean_sentences_attach_particles_and_avoid_semicolons(key: str, sentence: str) -> None:
    assert "은(는)" not in sentence and "을(를)" not in sentence and "이(가)" not in sentence
    assert ";" not in sentence
    assert _SPACED_PARTICLE.search(sentence) is None


@pytest.mark.parametrize(("key", "sentence"), _korean_sentences())
def test_gate_nicknames_are_capitalised_as_the_notes_write_them(key: str, sentence: str) -> None:
    for nickname in ("gradient distributor", "gradient swapper", "gradient adder", "gradient router"):
        assert nickname not in sentence


def _lines(source: str, **values: object) -> list[str]:
    expl = explain(source, lang="ko", **values)
    lines = [step.head for step in expl.backward]
    lines += [detail for step in expl.backward for detail in step.details]
    lines += [line for step in expl.backward for line in step.lines]
    return lines + list(expl.notes)


# input -> a line the Korean explanation must contain, exactly
REVIEW_TABLE = [
    (("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}),
     "add 게이트 (더하기 연산, Gradient Distributor): Backward에서 각 입력은 Upstream Gradient를 그대로 받습니다"),
    (("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}),
     "mul 게이트 (곱하기 연산, Gradient Swapper): Backward에서 각 입력은 반대편의 값을 Upstream Gradient에 곱해서 받습니다"),
    (("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}),
     "출력 L = f: Backpropagation은 dL/dL = 1에서 시작하고, 각 게이트에서 Chain Rule(연쇄 법칙)에 따라 Upstream "
     "Gradient에 Local Gradient를 곱합니다"),
    (("x*y + x", {"x": 3, "y": -4}),
     "x는 2곳에서 쓰입니다: 복사 연산 (fan-out)이므로 Gradient는 각 가지에서 돌아온 값의 합입니다"),
    (("x*y + x", {"x": 3, "y": -4}),
     "copy 게이트 (복사 연산, Gradient Adder): Backward에서 Upstream들의 값을 더해서 받습니다. 여러 곳에서 쓰인 값은 각 "
     "사용처에서 돌아온 Gradient의 합을 받습니다"),
    (("max(x, y) + 1", {"x": 2, "y": 2}),  # the max node is n2: ids count the inputs x, y first
     "Kink: n2는 max 게이트의 미분할 수 없는 점에 있습니다. 이 점에서 bpcalc는 동점인 입력들이 Upstream Gradient를 똑같이 "
     "나누어 받게 합니다 (PyTorch의 maximum/amax와 같습니다)"),
    (("relu(x) * y", {"x": 0, "y": 2}),
     "Kink: n1은 relu 게이트의 미분할 수 없는 점에 있습니다. 이 점에서 bpcalc는 relu'(0) = 0으로 정합니다 "
     "(PyTorch와 같습니다)"),
    (("s = w*x + b; f = 1/(1 + exp(-s))", {"w": 2, "x": -1, "b": 3}),
     "f = 1/(1 + exp(-s))는 기본 게이트 4개로 풀어 쓴 sigmoid입니다. 하나의 sigmoid 게이트로 묶으면 s = f = 0.731059일 때 "
     "Local Gradient가 (1 - s) s이므로 dL/ds = 1 × (1 - 0.731059) × 0.731059 = 0.196612입니다. 기본 게이트들에 Chain "
     "Rule을 적용한 결과(0.196612)와 같은 Gradient입니다."),
    (("tanh(x)", {"x": 0.5}),
     "tanh 게이트: 출력을 t라 하면 Local Gradient는 1 - t^2이므로, 입력은 Upstream Gradient * (1 - t^2)을 받습니다. 입력 "
     "a의 절댓값이 커지면 t^2이 1에 가까워져 Gradient가 사라집니다"),
    (("x * 0.5", {"x": 3}), "*0.5 게이트 (곱하기 연산): 반대편의 값 0.5를 Upstream Gradient에 곱해서 돌려보냅니다"),
    (("x * 3", {"x": 3}), "*3 게이트 (곱하기 연산): 반대편의 값 3을 Upstream Gradient에 곱해서 돌려보냅니다"),
    (("-x", {"x": 3}), "*-1 게이트 (부호 바꾸기): Upstream Gradient의 부호를 바꾸어 돌려보냅니다"),
    (("x / y", {"x": 3, "y": 2}),
     "div 게이트 (나누기 연산 a / b): 분자 a는 Upstream Gradient / b를, 분모 b는 -Upstream Gradient * a / b^2을 받습니다"),
    # array steps: the VJP written with the graph's own names, then the numbers (W^T [1, 1] = [4, 6])
    (("sum(W @ x)", {"W": [[1.0, 2.0], [3.0, 4.0]], "x": [1.0, 1.0]}),
     "Vector-Jacobian Product (Jacobian 행렬은 만들지 않습니다): 이 그래프의 이름으로 쓴 뒤 값을 넣습니다"),
    (("sum(W @ x)", {"W": [[1.0, 2.0], [3.0, 4.0]], "x": [1.0, 1.0]}),
     "dL/dn2 = broadcast(dL/dn3, (2,)) = broadcast(1, (2,)) = [1, 1]"),
    (("sum(W @ x)", {"W": [[1.0, 2.0], [3.0, 4.0]], "x": [1.0, 1.0]}),
     "dL/dW = dL/dn2 · x^T = [1, 1]^T [1, 1] = [[1, 1], [1, 1]]"),
    (("sum(W @ x)", {"W": [[1.0, 2.0], [3.0, 4.0]], "x": [1.0, 1.0]}),
     "dL/dx = W^T · dL/dn2 = [[1, 3], [2, 4]] [1, 1] = [4, 6]"),
]


@pytest.mark.parametrize(("program", "expected"), REVIEW_TABLE)
def test_the_korean_explanation_reads_as_reviewed(program: tuple[str, dict], expected: str) -> None:
    source, values = program
    assert expected in _lines(source, **values)


@pytest.mark.parametrize(("program", "_expected"), REVIEW_TABLE)
def test_korean_explanation_lines_hold_no_english_sentence(program: tuple[str, dict], _expected: str) -> None:
    source, values = program
    assert [run for line in _lines(source, **values) for run in english_runs(line)] == []


def _latex(source: str, **values: object) -> str:
    from bpcalc.render.latex import render_explanation_latex

    return render_explanation_latex(explain(source, lang="ko", **values))


def test_korean_latex_has_no_english_inside_text() -> None:
    tex = _latex("x*y + x", x=3, y=-4)
    assert r"\text{via" not in tex
    assert r"n_{3} \text{ 경유}" in tex
    for inside in re.findall(r"\\text\{([^{}]*)\}", tex):
        assert english_runs(inside) == [], inside


def test_korean_latex_sets_korean_upright() -> None:
    tex = _latex("relu(x) * y", x=0, y=2)
    assert r"\emph" not in tex and r"\textit" not in tex
    assert r"\textbf{n1 = relu(x): relu 게이트" in tex


def test_korean_latex_is_balanced() -> None:
    tex = _latex("tanh(x) + 1/(1+exp(-x)) + x^2 + max(x, 0.5)", x=0.5)
    assert tex.count("{") == tex.count("}")
    assert tex.count(r"\left") == tex.count(r"\right")
    assert tex.count(r"\begin{") == tex.count(r"\end{")


def test_korean_markdown_joins_sentences_and_sets_them_upright() -> None:
    from bpcalc.render.markdown import render_explanation_markdown

    text = render_explanation_markdown(explain("sum(W @ x)", W=[[1.0, 2.0], [3.0, 4.0]], x=[1.0, 1.0], lang="ko"))
    assert "받습니다. Vector-Jacobian Product" in text or "전치합니다. Vector-Jacobian Product" in text
    assert " — *" not in text
