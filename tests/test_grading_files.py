"""The files a TA writes and students fill in (issue 14): strict problem sets, the template, extras.

Expected scores are counted by hand from the example problem set (examples/homework/problems.toml:
circuit 6 answers, gates 11, copy 3, neuron 8 at 2 points: 36 points).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBLEMS = ROOT / "examples" / "homework" / "problems.toml"
CIRCUIT_RIGHT = '[circuit]\nq = "3"\nf = "-12"\n"df/dq" = "-4"\n"df/dz" = "3"\n"df/dx" = "-4"\n"df/dy" = "-4"\n'


def problem_set(tmp_path: Path, old: str, new: str) -> Path:
    text = PROBLEMS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "problems.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "key", "suggestion"), [
    ("points = 2\n", "point = 2\n", "point", "points"),
    ("points = 2\n", "poinst = 3\n", "poinst", "points"),
    ("[tolerance]", "[tolerence]", "tolerence", "tolerance"),
    ("carried_forward = 0.5 #", "carried_froward = 0.5 #", "carried_froward", "carried_forward"),
])
def test_an_unknown_key_in_a_problem_set_is_an_error_with_line_and_suggestion(run_cli, tmp_path: Path, old, new, key,
                                                                              suggestion) -> None:
    path = problem_set(tmp_path, old, new)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if re.match(rf"\[?{key}\b", text))
    result = run_cli("grade", "--dry-run", str(path))
    assert result.exit_code == 2
    assert f"problems.toml, line {line}: unknown key '{key}'" in result.output
    assert f"did you mean '{suggestion}'?" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("value", "said"), [
    ("nan", "got nan"), ("inf", "got inf"), ("-1", "got -1"), ("1979-05-27", "a date or time"), ('"two"', "str"),
])
def test_points_that_are_not_a_finite_number_are_refused(run_cli, tmp_path: Path, value: str, said: str) -> None:
    result = run_cli("grade", "--dry-run", str(problem_set(tmp_path, "points = 2\n", f"points = {value}\n")))
    assert result.exit_code == 2
    assert "points must be" in result.output and said in result.output


def test_a_date_as_an_input_value_is_refused(run_cli, tmp_path: Path) -> None:
    path = problem_set(tmp_path, "values = { x = 3, y = -4 }", "values = { x = 2024-01-01, y = -4 }")
    result = run_cli("grade", "--dry-run", str(path))
    assert result.exit_code == 2
    assert "the value of x is a date or time, not a number" in result.output


def test_dry_run_prints_problems_points_tolerance_and_what_is_asked(run_cli) -> None:
    result = run_cli("grade", "--dry-run", str(PROBLEMS))
    assert result.exit_code == 0
    assert "4 problems, 36 points" in result.output
    assert "8 answers x 2 points = 16" in result.output
    assert "at least 3 significant figures" in result.output
    assert "asks: f, df/dy, df/dx" in result.output


def test_a_problem_without_ask_asks_every_value_and_gradient_but_inputs_and_the_seed() -> None:
    from bpcalc.homework.grading import asked_targets, solve
    from bpcalc.homework.problems import Problem

    problem = Problem("p", "p", "q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}, [], 1.0)
    asked = [name for name, _t in asked_targets(problem, solve(problem))]
    assert asked == ["q", "f", "df/dz", "df/dq", "df/dy", "df/dx"]  # no x, y, z values; no df/df


def test_the_template_states_the_rules_and_a_filled_template_checks_as_is(run_cli, tmp_path: Path) -> None:
    template = run_cli("check", "--template", str(PROBLEMS)).output
    assert "rounding intermediates is fine" in template and "shape" in template and "significant figures" in template
    key = run_cli("check", "--key", str(PROBLEMS)).output
    filled = []
    table = None
    key_tables: dict[str, dict[str, str]] = {}
    for line in key.split("\n"):
        if line.startswith("["):
            table = line
            key_tables[table] = {}
        elif table and " = " in line:
            k, v = line.split(" = ", 1)
            key_tables[table][k] = v
    table = None
    for line in template.split("\n"):
        if line.startswith("["):
            table = line
        elif table and line.split(" = ", 1)[0] in key_tables.get(table, {}):
            k = line.split(" = ", 1)[0]
            line = f"{k} = {key_tables[table][k]}"
        filled.append(line.replace('student = ""', 'student = "Ada"'))
    mine = tmp_path / "mine.toml"
    mine.write_text("\n".join(filled), encoding="utf-8")
    result = run_cli("check", str(mine))
    assert result.exit_code == 0, result.output
    assert result.output.count("answers: ") == 4 and "WRONG" not in result.output


def test_an_empty_student_name_is_graded_with_a_warning(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ada.toml").write_text('student = ""\n' + CIRCUIT_RIGHT, encoding="utf-8")
    result = run_cli("grade", str(PROBLEMS), str(folder), "--csv", "-")
    row = result.output.split("\n")[1]
    assert row.startswith("ada,ada.toml,graded,6,0,0,0,6,36,")  # the circuit's 6 points; 30 missing
    assert "warning: no student name given" in row


def test_grade_help_mentions_the_template(run_cli) -> None:
    assert "--template" in run_cli("grade", "--help").output


def test_answers_not_asked_are_listed_not_graded_and_never_tests(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ben.toml").write_text('student = "Ben"\n' + CIRCUIT_RIGHT + '"df/df" = "1"\n', encoding="utf-8")
    reports = tmp_path / "reports"
    result = run_cli("grade", str(PROBLEMS), str(folder), "--reports", str(reports))
    doc = json.loads((reports / "ben.results.json").read_text(encoding="utf-8"))
    assert sum(t["max_score"] for t in doc["tests"]) == 36  # as many points as the assignment has
    assert not any("df/df" in t["name"] for t in doc["tests"])
    assert "circuit: not asked, not graded: df/df" in doc["output"]  # the --gradescope results.json
    assert "not asked, not graded: df/df" in result.output
    assert "not asked" in (reports / "ben.txt").read_text(encoding="utf-8")


def test_answers_to_a_miscased_problem_are_lost_work_in_the_summary_and_csv(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "cy.toml").write_text('student = "Cy"\n' + CIRCUIT_RIGHT.replace("[circuit]", "[CIRCUIT]"),
                                    encoding="utf-8")
    result = run_cli("grade", str(PROBLEMS), str(folder), "--csv", "-")
    row = result.output.split("\n")[1]
    assert ',"graded, work lost",' in row
    assert "answers for an unknown problem [CIRCUIT] were ignored (did you mean [circuit]?)" in row


def test_a_worksheet_tolerance_is_read_as_a_number(run_cli, tmp_path: Path) -> None:
    # f = -12; -12.5 is a decimal off by 0.5 (its half-unit is 0.05); atol = 0.6 added lets it pass.
    path = tmp_path / "w.toml"
    path.write_text('expression = "q = x + y; f = q * z"\n[values]\nx = -2\ny = 5\nz = -4\n'
                    '[tolerance]\natol = 0.6\n[answers]\nf = -12.5\n', encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 0, result.output

