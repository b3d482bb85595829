"""Realistic failing inputs through the CLI with --lang ko: every error and hint is Korean (no
English sentence; tests/korean_english.py lists the English terms Korean notes keep), the exit
code is kept (2 usage or input error, 1 a wrong answer), the caret still points at the column,
and node names, numbers and code stay as written. The diagnoses of `check` use the lecture's
words (반대편의 값 for the mul gate, 복사 연산 for a fan-out).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bpcalc.ops import REGISTRY
from bpcalc.teach.catalogue import translate
from bpcalc.teach.messages_ko_homework import SLIP_TEMPLATE, SLIPS_KO
from tests.korean_english import english_runs

_HANGUL = re.compile(r"[가-힣]")


def _korean_error(done: Any, code: int = 2) -> list[str]:
    """The error's lines, after checking it is a Korean error with its exit code."""
    assert done.exit_code == code, done.output
    lines = done.stderr.splitlines()
    assert lines and lines[0].startswith("오류"), done.stderr
    assert english_runs(done.stderr) == [], done.stderr
    assert all(_HANGUL.search(line) for line in lines if line.startswith(("오류", "도움말"))), done.stderr
    return lines


def _caret_under(lines: list[str], text: str) -> None:
    """The source line holds `text` and the caret line starts under its first character."""
    source, caret = lines[1], lines[2]
    assert caret.strip() and set(caret.strip()) == {"^"}, lines
    assert source.index(text) == caret.index("^"), lines


def test_a_domain_error_names_the_node_in_korean(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "q = x / y; f = q * 2", "--x=1", "--y=0", "--lang", "ko"))
    assert lines[0] == "오류 (5열): 노드 q (div), 'x / y': 0으로 나눕니다"
    assert lines[-1] == "도움말: 이 노드가 정의되도록 입력 값을 바꾸세요"
    _caret_under(lines, "x / y")


def test_a_log_of_a_negative_keeps_the_number(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "log(x) * 2", "--x=-1", "--lang", "ko"))
    assert lines[0] == "오류 (1열): 노드 n1 (log), 'log(x)': log는 양수에서만 정의되는데, -1이 들어왔습니다"
    _caret_under(lines, "log(x)")


def test_a_matmul_shape_mismatch_is_korean(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "sum(W @ x)", "--W=[[1, 2], [3, 4]]", "--x=[1, 2, 3]", "--lang", "ko"))
    assert lines[0] == "오류 (5열): W @ x: (2, 2) @ (3,): 안쪽 차원 2와 3이 다릅니다"
    assert lines[-1].startswith("도움말: matmul의 입력 shape를 확인하세요 (A @ B")
    _caret_under(lines, "W @ x")


def test_shapes_that_do_not_broadcast_are_korean(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "sum(x + y)", "--x=[1, 2]", "--y=[1, 2, 3]", "--lang", "ko"))
    assert lines[0] == "오류 (5열): x + y: shape (2,)와 (3,)은 서로 broadcast되지 않습니다"
    _caret_under(lines, "x + y")


def test_an_upstream_gradient_of_the_wrong_shape_is_korean(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "x * 2", "--x=[1, 2]", "--upstream=[1, 2, 3]", "--lang", "ko"))
    assert lines[0] == "오류 (1열): Upstream Gradient는 shape (3,)인데, 출력 x * 2는 shape (2,)입니다"
    assert lines[-1] == "도움말: dL/d(output)는 출력과 shape가 같습니다: --upstream으로 shape (2,)를 주세요"
    _caret_under(lines, "x * 2")


def test_an_array_output_without_upstream_is_korean(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "x * 2", "--x=[1, 2]", "--lang", "ko"))
    assert lines[0] == ("오류 (1열): 출력이 shape (2,)의 배열입니다. Gradient를 구하려면 출력이 스칼라이거나 "
                        "Upstream Gradient가 주어져야 합니다")


def test_a_memory_budget_refusal_is_korean(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "sum(x * x)", "--x=[1, 2]", "--max-memory", "40", "--lang", "ko"))
    assert lines[0].startswith("오류 (5열): 노드 n1 (mul), 'x * x': 수 2개(")
    assert "메모리 한도 40 bytes를 넘습니다" in lines[0]
    assert lines[-1] == "도움말: 더 작은 배열을 쓰거나 --max-memory로 한도를 높이세요 (예: --max-memory 8G)"
    _caret_under(lines, "x * x")


def test_an_exact_limit_is_korean(run_cli) -> None:
    lines = _korean_error(run_cli("explain", "x ^ 100000000", "--x=1/3", "--exact", "--lang", "ko"))
    assert lines[0].startswith("오류 (1열): 노드 n1: 정확한 거듭제곱의 값이 약 ")
    assert lines[0].endswith("자리가 됩니다 (exact 모드는 2000자리까지만 계산합니다)")
    assert lines[-1] == "도움말: 소수 값을 보려면 --exact를 빼세요"


def test_an_exact_array_past_its_bound_is_korean(run_cli) -> None:
    from bpcalc.checks.exact_arrays import MAX_ENTRIES

    vector = json.dumps(list(range(MAX_ENTRIES + 1)))
    lines = _korean_error(run_cli("explain", "L = sum(v * v)", "--v", vector, "--exact", "--lang", "ko"))
    assert lines[0] == (f"오류 (9열): v의 원소가 {MAX_ENTRIES + 1}개(shape ({MAX_ENTRIES + 1},))입니다. exact 모드에서는 "
                        f"원소가 최대 {MAX_ENTRIES}개인 배열까지 다룹니다")


def test_a_problem_set_error_is_korean_with_its_line(tmp_path: Path, run_cli) -> None:
    problems = tmp_path / "p.toml"
    problems.write_text('title = "hw"\npointz = 3\n[[problems]]\nid = "c"\nexpression = "f = x * y"\n'
                        "[problems.values]\nx = 1\ny = 2\n")
    (tmp_path / "subs").mkdir()
    lines = _korean_error(run_cli("grade", str(problems), str(tmp_path / "subs"), "--lang", "ko"))
    assert lines[0] == "오류 (2행 1열): p.toml, 2행: 알 수 없는 키 'pointz' (문제 집합)"
    assert lines[-1] == "도움말: 여기서 쓸 수 있는 키: title, scoring, tolerance, problems"
    assert lines[2].index("^") == lines[1].index("pointz")


def test_a_problem_without_an_expression_is_korean(tmp_path: Path, run_cli) -> None:
    problems = tmp_path / "p.toml"
    problems.write_text('title = "hw"\n[[problems]]\nid = "c"\n')
    (tmp_path / "subs").mkdir()
    lines = _korean_error(run_cli("grade", str(problems), str(tmp_path / "subs"), "--lang", "ko"))
    assert lines == ["오류: p.toml, 문제 1: 'expression'이 없습니다",
                     '도움말: expression = "q = x + y; f = q * z"처럼 쓰세요']


def test_an_unreadable_answer_on_a_worksheet_is_korean(tmp_path: Path, run_cli) -> None:
    sheet = tmp_path / "w.toml"
    sheet.write_text('expression = "f = x * y"\n[values]\nx = 1\ny = 2\n[answers]\nf = "2"\n"df/dx" = "[1, 2"\n')
    lines = _korean_error(run_cli("check", str(sheet), "--lang", "ko"))
    assert lines[0] == "오류 (6열): df/dx의 답을 읽을 수 없습니다: 리스트에 ']'가 빠졌습니다"
    assert lines[1:3] == ["  [1, 2", "       ^"]


def test_an_answer_for_no_node_on_a_worksheet_is_korean(tmp_path: Path, run_cli) -> None:
    sheet = tmp_path / "w.toml"
    sheet.write_text('expression = "f = x * y"\n[values]\nx = 1\ny = 2\n[answers]\nf = "2"\ndw = "1"\n')
    lines = _korean_error(run_cli("check", str(sheet), "--lang", "ko"))
    assert lines[0] == "오류: 답할 노드 'dw'가 없습니다 (이름 있는 노드: x, y, f)"


def test_a_bad_value_on_a_worksheet_names_the_problem_in_korean(tmp_path: Path, run_cli) -> None:
    sheet = tmp_path / "w.toml"
    sheet.write_text('expression = "f = x * y"\n[values]\nx = 1\ny = "a"\n[answers]\nf = "2"\n')
    lines = _korean_error(run_cli("check", str(sheet), "--lang", "ko"))
    assert lines[0] == "오류 (1열): 문제 'w': y의 값에 잘못된 숫자 'a'가 있습니다"


def test_the_same_errors_stay_english_under_lang_en(run_cli) -> None:
    done = run_cli("eval", "q = x / y; f = q * 2", "--x=1", "--y=0", "--lang", "en")
    assert done.exit_code == 2
    assert done.stderr.splitlines()[0] == "error (column 5): node q (div), 'x / y': division by zero"


def test_the_locale_chooses_korean_for_a_shape_error(monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    lines = _korean_error(run_cli("eval", "x * 2", "--x=[1, 2]", "--upstream=[1, 2, 3]"))
    assert lines[0].startswith("오류 (1열): Upstream Gradient는 shape (3,)인데")


# -- the diagnoses of check, in the lecture's words -----------------------------------------------

def _report(run_cli, *args: str) -> list[str]:
    done = run_cli("check", *args, "--lang", "ko")
    assert done.exit_code == 1, done.output
    assert english_runs(done.output) == [], done.output
    return [line.strip() for line in done.output.splitlines()]


def test_a_mul_gate_not_swapped_is_said_with_the_other_inputs_value(run_cli) -> None:
    lines = _report(run_cli, "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "df/dq=3")
    assert ("f = q * z에서 반대편의 값이 아니라 자기 자신의 값을 곱했습니다: 곱하기 연산(Gradient Swapper)에서는 각 입력이 "
            "반대편의 값을 Upstream Gradient에 곱해서 받으므로, q는 Upstream × Local = 1 × (-4)를 받습니다") in lines


def test_a_max_gate_routed_wrong_is_said_as_the_gradient_router(run_cli) -> None:
    lines = _report(run_cli, "f = max(x, y) * z", "--x=2", "--y=1", "--z=-4", "-a", "dy=-4")
    assert ("max(x, y)에서 Max 연산이 Gradient를 다른 입력으로 보냈습니다: Max 연산(Gradient Router)에서는 가장 큰 입력만 "
            "Upstream Gradient를 그대로 받고 나머지 입력은 0을 받으므로, y는 Upstream × Local = -4 × 0을 받습니다") in lines


def test_a_missing_fan_out_sum_is_said_as_the_copy_gate(run_cli) -> None:
    lines = _report(run_cli, "f = x * x", "--x=3", "-a", "dx=3")
    assert ("fan-out 합 누락: x는 2번 쓰이므로, 복사 연산에서 Upstream들의 값을 더해서 받습니다 (3 + 3 = 6). "
            "쓴 답은 f = x * x를 지나는 가지 하나의 값뿐입니다") in lines


def test_a_sign_error_is_korean(run_cli) -> None:
    lines = _report(run_cli, "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "df/dq=4")
    assert "부호 오류: df/dq의 정답은 -4입니다 (Upstream 1 × Local -4)" in lines


def test_a_wrong_shape_answer_is_korean(run_cli) -> None:
    lines = _report(run_cli, "L = sum(W @ x)", "--W=[[1, 2], [3, 4]]", "--x=[1, 2]", "-a", "dL/dx=[1, 2, 3]")
    assert "shape가 (3)인데, dL/dx의 shape는 (2)입니다 (Gradient는 언제나 미분하는 대상과 shape가 같습니다)" in lines


@pytest.mark.parametrize("name", sorted(n for n, op in REGISTRY.items() if op.slips))
def test_every_registry_slip_has_a_korean_sentence(name: str) -> None:
    op = REGISTRY[name]
    for slip in op.slips:
        assert (name, slip.code) in SLIPS_KO
        english = SLIP_TEMPLATE.format(slip=slip.text, gate="f = a * b", pattern=op.pattern, seen="a", how="0")
        korean = translate(english, "ko")
        assert korean.startswith("f = a * b에서 ") and "a는 0을 받습니다" in korean and english_runs(korean) == []


def test_the_mul_slip_uses_the_lectures_other_value() -> None:
    assert "반대편의 값" in SLIPS_KO[("mul", "mul_not_swapped")]


@pytest.mark.parametrize(("word", "expected"), [("'expression'", "'expression'이"), ("'x'", "'x'가"),
                                                ("'pointz'", "'pointz'가"), ("'L'", "'L'이"), ("x'", "x'가")])
def test_a_quoted_word_takes_the_particle_of_what_it_quotes(word: str, expected: str) -> None:
    from bpcalc.base.korean import attach

    assert attach(word, "이") == expected  # a lone ' after a letter is still a prime (프라임)


# -- the grade table: errors, notes and flags of a grading run ------------------------------------

_HOMEWORK = Path(__file__).resolve().parents[1] / "examples" / "homework"


def test_a_submission_that_is_not_toml_is_reported_in_korean(run_cli) -> None:
    done = run_cli("grade", str(_HOMEWORK / "problems.toml"), str(_HOMEWORK / "submissions"), "--lang", "ko")
    assert english_runs(done.output) == [], done.output
    text = " ".join(done.output.split())  # the table folds the cell
    assert "채점 못 함: cy.toml은 올바른 TOML이 아닙니다: 문장 뒤에는" in text


def test_a_trivial_carried_step_is_flagged_in_korean(run_cli) -> None:
    done = run_cli("grade", str(_HOMEWORK / "partial_credit.toml"), str(_HOMEWORK / "partial"), "--lang", "ko")
    assert english_runs(done.output) == [], done.output
    text = "".join(done.output.replace("│", " ").split())
    assert "circuit:df/dy,df/dx에는오류전파점수가없습니다(0또는±1에서전파되어단계가자명해집니다)" in text


def test_a_refused_symbolic_link_is_reported_in_korean(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "link.toml").symlink_to(_HOMEWORK / "submissions" / "ada.toml")
    done = run_cli("grade", str(_HOMEWORK / "problems.toml"), str(folder), "--lang", "ko")
    text = " ".join(done.output.split())
    assert "거부됨: 심볼릭 링크입니다 (폴더 안의 일반 파일만 채점합니다)" in text, done.output
    assert english_runs(done.output) == []


# -- click's own usage errors (options it parses) -------------------------------------------------

def _click_error(done: Any) -> str:
    assert done.exit_code == 2, done.output
    line = next(line for line in done.output.splitlines() if line.startswith("오류: "))
    assert english_runs(line) == [], line
    return line


def test_a_choice_click_refuses_is_korean(run_cli) -> None:
    done = run_cli("train", "x*y", "--x=1", "--y=2", "--optimizer", "foo", "--lang", "ko")
    assert _click_error(done) == "오류: '--optimizer'의 값이 잘못되었습니다: 'foo'는 'sgd', 'momentum', 'adam' 가운데 하나가 아닙니다."


def test_a_number_out_of_range_is_korean(run_cli) -> None:
    done = run_cli("check", "x*y", "--x=1", "--y=2", "--rtol=-1", "--lang=ko")
    assert _click_error(done) == "오류: '--rtol'의 값이 잘못되었습니다: -1.0은 범위 x>=0 밖에 있습니다."


def test_two_outputs_asked_for_are_korean(run_cli) -> None:
    done = run_cli("eval", "x*y", "--x=1", "--y=2", "--json", "--format", "markdown", "--lang", "ko")
    assert _click_error(done) == "오류: --json 옵션과 --format 옵션은 서로 다른 출력을 요청합니다. 하나만 주세요"


def test_an_expression_where_a_command_belongs_is_korean(run_cli) -> None:
    done = run_cli("x*y", "--lang", "ko")
    assert _click_error(done) == '오류: "x*y"는 명령이 아닙니다. 혹시 `bpcalc eval "x*y"`인가요?'


def test_click_errors_stay_english_without_lang(monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    done = run_cli("train", "x*y", "--x=1", "--y=2", "--optimizer", "foo")
    assert "Error: Invalid value for '--optimizer': 'foo' is not one of 'sgd', 'momentum', 'adam'." in done.output


def test_an_error_in_the_interactive_session_is_korean(run_cli) -> None:
    done = run_cli("repl", "--lang", "ko", input=":set x=-1\nlog(x)\n:foo\n")
    errors = [line for line in done.stderr.splitlines() if line.startswith(("오류", "도움말"))]
    assert errors == ["오류 (1열): 노드 n1 (log), 'log(x)': log는 양수에서만 정의되는데, -1이 들어왔습니다",
                      "도움말: 이 노드가 정의되도록 입력 값을 바꾸세요", "오류: :foo라는 명령은 없습니다",
                      "도움말: :help로 명령 목록을 봅니다"]


def test_a_scalar_answer_for_a_vector_is_korean(run_cli) -> None:
    lines = _report(run_cli, "L = sum(x * 2)", "--x=[1, 2]", "-a", "dL/dx=2")
    assert "shape가 스칼라인데, dL/dx의 shape는 (2)입니다 (Gradient는 언제나 미분하는 대상과 shape가 같습니다)" in lines


def test_a_lookalike_letter_is_korean_with_its_unicode_name_as_code(run_cli) -> None:
    lines = _korean_error(run_cli("eval", "\u0445 * 2", "--lang", "ko"))  # Cyrillic х
    assert lines[0] == ("오류 (1열): '\u0445'는 유니코드 문자 `cyrillic small letter ha`로, 라틴 문자 'x'와 모양만 "
                        "비슷합니다")
    assert lines[1:3] == ["  \u0445 * 2", "  ^"]


def test_how_a_large_program_was_checked_is_korean(run_cli) -> None:
    program = " + ".join(f"sin(x*{i})" for i in range(1, 40))
    done = run_cli("eval", program, "--x=0.3", "--lang", "ko")
    footer = done.output.splitlines()[-2:]
    assert footer[0].endswith("검사 방법: sympy-local, finite-differences (입력 1개, 그리고 모든 입력에 대한 방향 검사))")
    assert re.fullmatch(r"  sympy \(식 전체의 도함수\): 노드 \d+개 > 60개라서 건너뛰었습니다", footer[1]), footer
    assert english_runs("\n".join(footer)) == []
