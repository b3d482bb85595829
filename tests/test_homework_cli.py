"""`bpcalc check`: answers on the command line, worksheets, the answer key and the template."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HOMEWORK = ROOT / "examples" / "homework"
CIRCUIT = ["check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4"]


def answers(*pairs: str) -> list[str]:
    out: list[str] = []
    for pair in pairs:
        out += ["-a", pair]
    return out


def test_all_right_answers_exit_0(run_cli) -> None:
    result = run_cli(*CIRCUIT, *answers("q=3", "f=-12", "df/dq=-4", "dz=3", "dL/dx=-4", "∂f/∂y=-4"))
    assert result.exit_code == 0
    assert "6 answers: 6 right, 0 wrong" in result.output


def test_a_wrong_answer_exits_1_and_names_the_first_mistake(run_cli) -> None:
    result = run_cli(*CIRCUIT, *answers("df/dq=4", "df/dx=4", "df/dy=4"))
    assert result.exit_code == 1
    assert "first mistake: df/dq, the gradient at node q = x + y" in result.output
    assert result.output.count("\n  carried    df/d") == 2
    assert "3 answers: 0 right, 1 wrong, 2 carried forward" in result.output


def test_the_worksheet_names_the_sigmoid_gate_mistake_and_carries_the_rest(run_cli) -> None:
    result = run_cli("check", str(HOMEWORK / "worksheet.toml"), "--json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["first_mistake"] == "df/dz"
    by_key = {a["quantity"]: a for a in doc["answers"]}
    assert by_key["df/dz"]["diagnosis"] == "wrong_value"
    assert by_key["df/dz"]["expected"] == pytest.approx(0.196612, abs=1e-6)
    carried = [a for a in doc["answers"] if a["status"] == "carried forward"]
    assert {a["quantity"] for a in carried} == {"df/dw0", "df/dx0", "df/dw1", "df/dx1", "df/dw2"}
    assert all(a["carried_from"] == ["df/dz"] for a in carried)


def test_json_marks_each_answer_with_its_node_and_status(run_cli) -> None:
    result = run_cli(*CIRCUIT, *answers("q=3", "n2=3", "df/dq=-4"), "--json")
    assert result.exit_code == 2  # q and n2 are the same node: given twice
    result = run_cli(*CIRCUIT, *answers("n2=3", "df/dq=-4"), "--json")
    doc = json.loads(result.output)
    assert [(a["node"], a["kind"], a["status"]) for a in doc["answers"]] == [
        ("n2", "value", "right"), ("n2", "grad", "right")]


def test_explicit_tolerance_overrides_the_written_precision(run_cli) -> None:
    assert run_cli(*CIRCUIT, *answers("q=3.1")).exit_code == 1
    assert run_cli(*CIRCUIT, *answers("q=3.1"), "--rtol", "0.05").exit_code == 0
    assert run_cli(*CIRCUIT, *answers("q=3.1"), "--atol", "0.2").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (answers("dw=3"), "no node 'dw'"),
        (answers("q=3x"), "cannot read the answer for q"),
        (answers("q"), "expected KEY=ANSWER"),
        ([], "no answers to check"),
        (answers("dq/dx=1"), "gradients are of the output"),
    ],
)
def test_bad_input_exits_2_with_a_one_screen_error(run_cli, args: list[str], message: str) -> None:
    result = run_cli(*CIRCUIT, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.splitlines()) <= 8


def test_a_broken_worksheet_exits_2_pointing_at_the_line(run_cli, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.toml"
    sheet.write_text('expression = "x * y"\n[values]\nx = 2\ny = 3\n[answers]\n"df/dx" = 3 3\n', encoding="utf-8")
    result = run_cli("check", str(sheet))
    assert result.exit_code == 2
    assert "line 6" in result.output
    assert "^" in result.output


def test_a_worksheet_without_answers_is_an_input_error(run_cli, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.toml"
    sheet.write_text('expression = "x * y"\n[values]\nx = 2\ny = 3\n', encoding="utf-8")
    assert run_cli("check", str(sheet)).exit_code == 2


def test_the_answer_key_holds_the_published_numbers(run_cli) -> None:
    result = run_cli("check", "--key", str(HOMEWORK / "problems.toml"))
    assert result.exit_code == 0
    key = result.output
    assert '"df/dq" = "-4"' in key
    assert '"df/dw0" = "-0.196612"' in key and '"df/dx1" = "-0.589836"' in key
    assert 'f = "0.731059"' in key


def test_the_answer_key_graded_as_a_submission_earns_full_marks(run_cli, tmp_path: Path) -> None:
    key = tmp_path / "key.toml"
    key.write_text(run_cli("check", "--key", str(HOMEWORK / "problems.toml")).output, encoding="utf-8")
    result = run_cli("grade", str(HOMEWORK / "problems.toml"), str(key), "--csv", "-")
    assert result.exit_code == 0
    assert "key,key.toml,all right,6,11,3,16,36,36" in result.output


def test_the_blank_template_graded_as_is_scores_zero_with_every_answer_missing(run_cli, tmp_path: Path) -> None:
    sheet = tmp_path / "blank.toml"
    text = run_cli("check", "--template", str(HOMEWORK / "problems.toml")).output
    sheet.write_text(text.replace('student = ""', 'student = "Blank"'), encoding="utf-8")
    result = run_cli("grade", str(HOMEWORK / "problems.toml"), str(sheet), "--json")
    assert result.exit_code == 1
    doc = json.loads(result.output)[0]
    assert doc["score"] == 0
    statuses = {a["status"] for p in doc["problems"] for a in p["answers"]}
    assert statuses == {"missing"}


def test_key_and_template_refuse_extra_arguments(run_cli) -> None:
    assert run_cli("check", "--key", str(HOMEWORK / "problems.toml"), "x").exit_code == 2
    assert run_cli("check", "--key", "no-such-file.toml").exit_code == 2


def test_check_on_scalars_imports_neither_numpy_nor_sympy_nor_rich() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from bpcalc.cli import cli\n"
        "r = CliRunner().invoke(cli, ['check', 'q = x + y; f = q * z', '--x=-2', '--y=5', '--z=-4', '-a', 'dx=-4'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in ('numpy', 'sympy', 'rich') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_installed_script_checks_the_worksheet() -> None:
    done = subprocess.run(["bpcalc", "check", "examples/homework/worksheet.toml"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 1
    assert "first mistake: df/dz" in done.stdout
