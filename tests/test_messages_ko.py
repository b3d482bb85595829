"""The message catalogue: Korean for every message of the covered modules, applied where
messages are shown, and --lang on every command.

COVERED lists the modules whose error messages and hints the catalogue holds in full; the scan
(tests/message_scan.py) reads each one's messages, however it builds them, and the test fails
when one has no Korean template. A message is covered by a template of the same text, or by a
template whose fields are themselves covered (the catalogue translates a filled-in part on its
own, as at run time). Extending the coverage is adding a module here and its templates to a
bpcalc/teach/messages_ko*.py table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bpcalc.teach.catalogue import _patterns, _table, translate
from tests.korean_english import english_runs
from tests.message_scan import UNREADABLE, messages, shape, unreadable

ROOT = Path(__file__).resolve().parents[1]
KO = _table("ko")  # every Korean table, merged as the catalogue merges them
COVERED = (
    "bpcalc/cli/common.py", "bpcalc/language/lexer.py", "bpcalc/language/parser.py",
    "bpcalc/language/syntax_errors.py", "bpcalc/language/statements.py", "bpcalc/language/spellings.py",
    "bpcalc/base/textfile.py", "bpcalc/language/values.py",
    # the engine, the checks, the public API, the registry rows, homework (issue 21)
    "bpcalc/api.py", "bpcalc/engine/__init__.py", "bpcalc/engine/array_pass.py", "bpcalc/engine/budget.py",
    "bpcalc/engine/failures.py", "bpcalc/engine/scalar_pass.py", "bpcalc/engine/upstream.py",
    "bpcalc/checks/array_symbolic.py", "bpcalc/checks/exact.py", "bpcalc/checks/exact_arrays.py",
    "bpcalc/ops/activations.py", "bpcalc/ops/array_helpers.py", "bpcalc/ops/compare.py", "bpcalc/ops/dot_rules.py",
    "bpcalc/ops/indexing.py", "bpcalc/ops/linear_algebra.py", "bpcalc/ops/losses.py", "bpcalc/ops/reduction_forms.py",
    "bpcalc/ops/scalar.py", "bpcalc/ops/shaping.py", "bpcalc/ops/sizes.py", "bpcalc/ops/stacking.py",
    "bpcalc/homework/batch.py", "bpcalc/homework/diagnose.py", "bpcalc/homework/grading.py",
    "bpcalc/homework/keys.py", "bpcalc/homework/notation.py", "bpcalc/homework/outputs.py",
    "bpcalc/homework/problems.py", "bpcalc/homework/platforms/gradebook.py", "bpcalc/homework/platforms/pick.py",
    "bpcalc/homework/platforms/zipped.py", "bpcalc/checks/numeric.py", "bpcalc/checks/scalar_symbolic.py",
    "bpcalc/checks/verdicts.py", "bpcalc/homework/verdicts.py", "bpcalc/checks/array_checks.py",
    "bpcalc/checks/cross_check.py", "bpcalc/checks/scalar_differences.py",
    # the commands
    "bpcalc/cli/check_cmd.py", "bpcalc/cli/code_cmd.py", "bpcalc/cli/eval_cmd.py", "bpcalc/cli/explain_cmd.py",
    "bpcalc/cli/grade_cmd.py", "bpcalc/cli/grade_platforms.py", "bpcalc/cli/graph_cmd.py", "bpcalc/cli/plot_cmd.py",
    "bpcalc/cli/repl.py", "bpcalc/cli/repl_lines.py", "bpcalc/cli/repl_session.py", "bpcalc/cli/train_cmd.py",
    # the rest of the language
    "bpcalc/language/array_syntax.py", "bpcalc/language/careful.py", "bpcalc/language/comparisons.py",
    "bpcalc/language/fold.py", "bpcalc/language/index_parts.py", "bpcalc/language/keywords.py",
    "bpcalc/language/latex_input.py", "bpcalc/language/list_syntax.py", "bpcalc/language/literals.py",
    "bpcalc/language/methods.py",
    # pictures, generated code, plot, train and explain --symbolic
    "bpcalc/render/code.py", "bpcalc/render/code_plan.py", "bpcalc/render/png.py", "bpcalc/render/svg.py",
    "bpcalc/teach/explanation.py", "bpcalc/teach/plot.py", "bpcalc/teach/train.py",
)
_SHAPES = {shape(english) for english in KO}
_WORDS = re.compile(r"[A-Za-z]{2,}")


def _covered(template: str, depth: int = 0) -> bool:
    """True when the catalogue translates `template` whole, or through a template whose every
    filled-in part it translates in turn (how catalogue.translate works at run time)."""
    if shape(template) in _SHAPES:
        return True
    if depth > 4:
        return False
    for pattern, _korean in _patterns("ko"):
        match = pattern.match(template)
        if match is not None and all(_part_covered(part, depth) for part in match.groupdict().values()):
            return True
    return False


def _part_covered(part: str, depth: int) -> bool:
    bare = re.sub(r"\{[^{}]*\}", "", part)
    return " " not in part.strip() or not _WORDS.search(bare) or _covered(part, depth + 1)


# Messages whose parts sit side by side ("{gate} should be {expected}{mine}"): no template can
# split them, so the catalogue holds each form they take; each example must come out Korean.
COMPOSED = {
    "{} should be {}{}": ["f = q * z should be -8", "f = q * z should be -8 (from your own numbers, -7.5)"],
    "no known slip explains it; d{}/d{} should be {}{}": [
        "no known slip explains it; df/dq should be -4",
        "no known slip explains it; df/dq should be -4 (upstream 1 × local -4)"],
    "sign error: d{}/d{} should be {}{}": ["sign error: df/dq should be -4 (upstream 1 × local -4)"],
    "{}{}: unknown key {}{}": [
        "problems.toml, line 3: unknown key 'pointz' in the problem set", "sheet.toml: unknown key 'x' in [tolerance]",
        "problems.toml, line 9: unknown key 'q' in problem 2",
        "sheet.toml, line 1: unknown key 'y' (a worksheet has expression, [values] and [answers])"],
    "{}, '{}': {}": ["node n1 (log), 'log(x)': division by zero", "node q (div), 'x / y': undefined here (math domain error)"],
    "{}: {}": ["node n1 (log): division by zero"],
    "node {} ({}), '{}'": ["node n1 (sum), 'sum(x)': would hold 2 numbers (16 bytes); with the gradients the "
                           "program needs about 48 bytes, past the memory budget of 10 bytes"],
    "node {} ({})": ["node n1 (log), 'log(x)': division by zero"],
    "{}: would hold {} numbers ({}); with the gradients the program needs about {}, past the memory budget of {}": [
        "node n1 (sum), 'sum(x)': would hold 2 numbers (16 bytes); with the gradients the program needs about "
        "48 bytes, past the memory budget of 10 bytes"],
    "{}: shapes {} do not broadcast together": ["x + y: shapes (2,) and (3,) do not broadcast together"],
    "the registry's code forms for the {} gate do not cover it with {} input(s) on {}": [
        "the registry's code forms for the max gate do not cover it with 3 input(s) on arrays",
        "the registry's code forms for the max gate do not cover it with 3 input(s) on scalars"],
}


def _composed(message: str) -> bool:
    examples = COMPOSED.get(shape(message))
    return examples is not None and all(english_runs(translate(e, "ko")) == [] and translate(e, "ko") != e
                                        for e in examples)


@pytest.mark.parametrize("path", COVERED)
def test_every_message_of_a_covered_module_has_a_korean_template(path: str) -> None:
    found = messages(path)
    assert found, f"{path} raises no message the scan can read"
    assert [m for m in found if not _covered(m) and not _composed(m)] == []


def test_every_module_that_shows_a_message_is_covered() -> None:
    package = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "bpcalc").rglob("*.py"))
    assert [path for path in package if messages(path) and path not in COVERED] == []


def test_the_messages_the_scan_cannot_read_are_the_documented_ones() -> None:
    package = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "bpcalc").rglob("*.py"))
    assert sorted({line.split(":")[0] for path in package for line in unreadable(path)}) == sorted(UNREADABLE)


@pytest.mark.parametrize("example", [e for examples in COMPOSED.values() for e in examples])
def test_a_composed_message_comes_out_korean(example: str) -> None:
    shown = translate(example, "ko")
    assert shown != example and english_runs(shown) == []


@pytest.mark.parametrize(("english", "korean"), sorted(KO.items()))
def test_no_korean_template_holds_an_english_sentence(english: str, korean: str) -> None:
    assert english_runs(korean) == []
    assert "은(는)" not in korean and "을(를)" not in korean and "이(가)" not in korean


@pytest.mark.parametrize(("english", "korean"), sorted(KO.items()))
def test_a_korean_template_uses_the_placeholders_of_its_english_key(english: str, korean: str) -> None:
    assert set(re.findall(r"\{(\w+)", korean)) == set(re.findall(r"\{(\w+)", english))


def test_a_message_built_from_a_template_and_a_hint_translates_in_parts() -> None:
    shown = "hint: did you mean 'sigmoid'? run 'bpcalc ops' for every function"
    assert translate(shown, "ko") == "도움말: 혹시 'sigmoid'인가요? 모든 함수는 'bpcalc ops'로 볼 수 있습니다"


def test_text_with_no_template_stays_as_written() -> None:
    assert translate("something the catalogue never saw", "ko") == "something the catalogue never saw"


def test_english_is_the_key_itself() -> None:
    assert translate("the expression is empty", "en") == "the expression is empty"


def test_an_error_is_shown_in_korean_with_its_caret(run_cli) -> None:
    done = run_cli("eval", "sigmod(x)", "--x=1", "--lang", "ko")
    assert done.exit_code == 2
    assert done.output.splitlines() == [
        "오류 (1열): 알 수 없는 함수 'sigmod'",
        "  sigmod(x)",
        "  ^^^^^^",
        "도움말: 혹시 'sigmoid'인가요? 모든 함수는 'bpcalc ops'로 볼 수 있습니다",
    ]


def test_the_locale_chooses_korean_errors(monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert "식이 '*' 뒤에서 끝났습니다" in run_cli("eval", "x*", "--x=1").output


def test_lang_on_eval_is_an_option_not_a_variable(run_cli) -> None:
    done = run_cli("eval", "x * 2", "--x=3", "--lang", "ko")
    assert done.exit_code == 0, done.output
    assert "노드" in done.output and "malformed" not in done.output


def test_a_variable_named_lang_takes_its_value_with_var(run_cli) -> None:
    done = run_cli("eval", "lang * 2", "--var", "lang=3", "--lang", "en")
    assert done.exit_code == 0, done.output
    assert "output L = n1 = 6" in done.output


@pytest.mark.parametrize("command", ["eval", "explain", "check", "grade", "ops", "graph", "plot", "code", "train"])
def test_every_command_takes_lang_and_ascii(command: str, run_cli) -> None:
    done = run_cli(command, "--help")
    assert "--lang" in done.output and "--ascii" in done.output


def test_the_check_report_is_in_korean(run_cli) -> None:
    done = run_cli("check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "q=3", "-a", "df/dq=-3",
                   "-a", "dx=-3", "--lang", "ko")
    assert done.exit_code == 1
    lines = done.output.splitlines()
    assert lines[0] == "q = x + y; f = q * z   (x = -2, y = 5, z = -4에서)"
    assert lines[2].split() == ["틀림", "df/dq", "=", "-3", "정답", "-4"]
    assert lines[3].strip() == "알려진 실수로는 설명되지 않습니다. df/dq의 정답은 -4입니다 (Upstream 1 × Local -4)"
    assert lines[4].split()[0] == "전파됨"
    assert lines[-2] == "첫 실수: df/dq, 노드 q = x + y의 Gradient"
    assert lines[-1] == "답 3개: 1 맞음, 1 틀림, 1 오류 전파"


def test_the_check_report_columns_line_up_in_korean(run_cli) -> None:
    import unicodedata

    done = run_cli("check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "df/dq=-3", "-a", "dx=-3",
                   "--lang", "ko")

    def column(line: str, text: str) -> int:
        before = line[:line.index(text)]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)

    marked = [line for line in done.output.splitlines() if "정답 -4" in line and "=" in line.split("정답")[0]]
    assert len(marked) == 2
    assert len({column(line, "정답") for line in marked}) == 1
    assert len({column(line, "df/d") for line in marked}) == 1


@pytest.mark.parametrize("args", [
    ("eval", "(x + y) * z", "--x=-2", "--y=5", "--z=-4"),
    ("eval", "max(x, y) * z", "--x=2", "--y=2", "--z=-4"),
    ("explain", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4"),
    ("explain", "x*y + x", "--x=3", "--y=-4", "--format", "markdown"),
    ("check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "q=3", "-a", "df/dq=-3", "-a", "dx=-3"),
    ("eval", "sigmod(x)", "--x=1"),
    ("eval", "x * (y", "--x=1", "--y=2"),
    ("eval", "(x + y) * z"),
    ("eval", "x * 2", "--x=1e999"),
    ("eval", "sum(x)", "--x=[1, 2"),
    ("eval", "x * 1e999", "--x=1"),
    ("eval", "x + 1e-999", "--x=1"),
    ("ops",),
    ("plot", "relu(x)", "--x=-2:2"),
    ("graph", "(x + y) * z", "--x=-2", "--y=5", "--z=-4", "--format", "tree"),
])
def test_korean_output_holds_no_english_sentence(args: tuple[str, ...], run_cli) -> None:
    done = run_cli(*args, "--lang", "ko")
    assert english_runs(done.output) == []


def test_the_english_sentence_finder_finds_english_output(run_cli) -> None:
    done = run_cli("eval", "(x + y) * z", "--x=-2", "--y=5", "--z=-4", "--lang", "en")
    assert "all gradients agree" in " ".join(english_runs(done.output))


def test_the_grade_summary_is_in_korean(run_cli) -> None:
    problems = str(Path(__file__).resolve().parents[1] / "examples" / "homework" / "problems.toml")
    submissions = str(Path(problems).parent / "submissions")
    done = run_cli("grade", problems, submissions, "--lang", "ko")
    assert "학생" in done.output and "첫 실수, 잃은 풀이 또는 오류" in done.output
    assert "circuit: df/dq (부호 오류)" in done.output
    assert done.output.rstrip().splitlines()[-1] == "2개 채점, 1개 채점 못 함, 평균 점수 34.5/36"


def test_the_locale_chooses_korean_tables(monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    done = run_cli("eval", "x * 2", "--x=3")
    assert "노드" in done.output and "출력 L = n1 = 6" in done.output


@pytest.mark.parametrize("source", ["q = x + y; f = q * z", "x / y; f", "a, b; c", "W @ x: (2, 2)"])
def test_a_source_line_shown_under_an_error_is_never_translated(source: str) -> None:
    """translate_lines sees the echoed source line too: no template may match program text."""
    assert translate(source, "ko") == source
    assert translate("  " + source, "ko") == "  " + source


@pytest.mark.parametrize("name", ["input", "value", "node", "gradient", "shape", "error", "file", "missing"])
def test_a_variable_named_like_a_translated_word_stays_as_written(name: str, run_cli) -> None:
    done = run_cli("eval", f"{name} * y", "--y=1", "--lang", "ko")
    assert done.stderr.splitlines()[0] == f"오류 (1열): 변수 '{name}'의 값이 없습니다"


@pytest.mark.parametrize(("english", "korean"), sorted((e, k) for e, k in KO.items() if re.search(r"\{\w+\}", e)))
def test_every_korean_template_fills_in(english: str, korean: str) -> None:
    """A template fills its fields; one with literal braces (LaTeX's \\frac{a}{b}) is shown only whole."""
    from bpcalc.base.korean import fill

    try:
        filled = fill(korean, **{name: "x1" for name in re.findall(r"\{(\w+)\}", english)})
    except (ValueError, KeyError, IndexError):
        assert translate(english, "ko") == korean
    else:
        assert "〈" not in filled and "x1" in filled


@pytest.mark.parametrize(("line", "korean"), [
    ("error: --reports /tmp/s is, holds or is inside the submissions (/tmp/s)",
     "오류: --reports /tmp/s가 제출물(/tmp/s)이거나, 제출물을 담고 있거나, 제출물 안에 있습니다"),
    ("hint: write the reports to a folder of their own, outside the submissions",
     "도움말: 보고서는 제출물 밖의 따로 된 폴더에 쓰세요"),
])
def test_a_line_is_read_as_the_template_it_is_an_instance_of(line: str, korean: str) -> None:
    """A longer template that only happens to match ("{title}: {count} submissions") loses."""
    assert translate(line, "ko") == korean
