"""The message catalogue: Korean for every message of the covered modules, applied where
messages are shown, and --lang on every command.

COVERED lists the modules whose error messages and hints the catalogue holds in full; the scan
below fails when one of them raises a message that has no Korean template. Extending the
coverage is adding a module here and its templates to bpcalc/teach/messages_ko.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bpcalc.teach.catalogue import translate
from bpcalc.teach.messages_ko import KO
from tests.korean_english import english_runs

ROOT = Path(__file__).resolve().parents[1]
COVERED = ("bpcalc/cli/common.py", "bpcalc/language/lexer.py", "bpcalc/language/parser.py",
           "bpcalc/language/syntax_errors.py", "bpcalc/language/statements.py", "bpcalc/language/spellings.py",
           "bpcalc/base/textfile.py", "bpcalc/language/values.py")
_ERRORS = {"BpcalcError", "ParseError", "UnknownNameError", "ValueInputError", "DomainError", "ShapeError",
           "UsageError"}


def _template(node: ast.expr) -> str | None:
    """A message argument as the catalogue keys it: f-string fields become {names}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            else:
                assert isinstance(part, ast.FormattedValue)
                parts.append("{" + (re.sub(r"\W+", "_", ast.unparse(part.value)).strip("_") or "value") + "}")
        return "".join(parts)
    return None


def _messages(path: str) -> list[str]:
    tree = ast.parse((ROOT / path).read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in _ERRORS:
            arguments = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "hint")]
            found.extend(t for t in map(_template, arguments) if t)
    return found


@pytest.mark.parametrize("path", COVERED)
def test_every_message_of_a_covered_module_has_a_korean_template(path: str) -> None:
    messages = _messages(path)
    assert messages, f"{path} raises no message the scan can read"
    assert [m for m in messages if m not in KO] == []


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
