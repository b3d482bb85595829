"""The REPL's interpreter (bpcalc/cli/repl_session.py) with plain strings, and `bpcalc repl`
with lines piped on standard input (script mode)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpcalc.cli.repl_lines import completions, split_statements, unfinished
from bpcalc.cli.repl_session import Session, run_script
from tests.conftest import ROOT


def session(*lines: str) -> tuple[Session, str, str]:
    out, err = io.StringIO(), io.StringIO()
    s = Session(out, err, check=False)
    for line in lines:
        s.feed(line)
    return s, out.getvalue(), err.getvalue()


def last_table(out: str) -> str:
    return out[out.rindex("bpcalc:"):]


CIRCUIT = ("q = x + y", "f = q * z", "let x = -2", "let y = 5", "let z = -4")


def test_the_circuit_typed_line_by_line_is_evaluated() -> None:
    s, out, err = session(*CIRCUIT)
    assert err == ""
    assert s.result is not None and s.result.value == -12
    assert s.result.gradients == {"x": -4, "y": -4, "z": 3}
    assert "output L = f = -12" in last_table(out)


def test_a_changed_value_shows_the_table_again_with_new_gradients() -> None:
    s, out, _ = session(*CIRCUIT, "let z = 3")
    assert s.result.value == 9
    assert s.result.gradients == {"x": 3, "y": 3, "z": 3}
    assert "output L = f = 9" in last_table(out)


def test_set_takes_several_values() -> None:
    s, _, _ = session("q = x + y", "f = q * z", ":set x=1 y=2 z=10")
    assert s.result.value == 30


def test_a_plain_number_assignment_is_a_value_as_in_eval() -> None:
    s, _, _ = session("x = 3", "x * x")
    assert s.values == {"x": 3.0}
    assert s.result.gradients == {"x": 6.0}


def test_a_statement_before_its_values_waits_for_them() -> None:
    s, out, err = session("(x + y) * z", "let x = 1")
    assert err == "" and s.result is None
    assert "needs a value for x, y, z" in out
    assert out.rstrip().endswith("needs a value for y, z: let y = ...")


def test_a_new_expression_replaces_the_output() -> None:
    s, _, _ = session("let x = 2", "x * 3", "x + 1")
    assert s.result.value == 3 and s.output == "x + 1"


def test_redefining_a_step_replaces_it_where_it_stood() -> None:
    s, _, _ = session(*CIRCUIT, "q = x - y")
    assert [name for name, _ in s.steps] == ["q", "f"]
    assert s.result.value == 28  # (-2 - 5) × -4


def test_ans_is_the_last_output_fixed_when_typed() -> None:
    s, _, _ = session("let x = 2", "x * 3", "ans + 1")
    assert s.result.value == 7
    s.feed("let x = 100")  # ans keeps 6: the output is not fed back into itself
    assert s.result.value == 7


def test_ans_before_any_output_is_an_error() -> None:
    s, _, err = session("ans + 1")
    assert "ans is the last output value" in err
    assert s.output is None


def test_a_syntax_error_shows_the_caret_under_the_line_typed_and_changes_nothing() -> None:
    s, _, err = session(*CIRCUIT, "f = q * * z")
    assert err.splitlines()[1:3] == ["  f = q * * z", "          ^"]
    assert s.result.value == -12 and dict(s.steps)["f"] == "f = q * z"


def test_a_bad_value_is_refused_with_a_caret_in_the_line_and_the_old_one_kept() -> None:
    s, _, err = session(*CIRCUIT, "let z = 2x")
    assert err.splitlines()[1:3] == ["  let z = 2x", "          ^^"]
    assert s.values["z"] == -4.0 and s.result.value == -12


def test_an_open_bracket_continues_on_the_next_line() -> None:
    s, _, _ = session("let x = 2", "(x +", " 1) * 3")
    assert s.result.value == 9


def test_an_unknown_command_suggests_the_closest() -> None:
    _, _, err = session(":explian")
    assert "no command :explian" in err and "did you mean :explain?" in err


def test_commands_before_any_program_say_what_to_type() -> None:
    _, _, err = session(":json")
    assert "there is nothing to show yet" in err


def test_values_lists_every_input() -> None:
    _, out, _ = session("let x = 2", "let w = [1, 2]", ":values")
    assert out.splitlines()[-2:] == ["x = 2", "w = [1, 2]"]


def test_reset_forgets_program_and_values() -> None:
    s, _, err = session(*CIRCUIT, ":reset", ":json")
    assert s.values == {} and s.steps == [] and s.result is None
    assert "there is nothing to show yet" in err


def test_json_is_the_eval_document() -> None:
    _, out, _ = session(*CIRCUIT, ":json")
    doc = json.loads(out[out.index("{"):])
    assert doc["value"] == -12 and doc["gradients"] == {"x": -4, "y": -4, "z": 3}


def test_explain_narrates_the_backward_pass() -> None:
    _, out, _ = session(*CIRCUIT, ":explain")
    assert "dL/dq = dL/df × ∂f/∂q = 1 × z = 1 × (-4) = -4" in out


def test_check_marks_hand_worked_answers() -> None:
    s, out, _ = session(*CIRCUIT, ":check q=3 df/dq=-4 dx=4")
    assert s.failed_checks == 1
    assert "dx" in out and "wrong" in out.lower()


def test_graph_draws_the_tree() -> None:
    _, out, _ = session(*CIRCUIT, ":graph")
    assert "f = q * z  mul gate  value -12  grad 1" in out and "└── z  input  value -4  grad 3" in out


def test_graph_writes_an_svg_file(tmp_path: Path) -> None:
    target = tmp_path / "g.svg"
    _, out, err = session(*CIRCUIT, f":graph -o {target}")
    assert err == "" and f"wrote {target}" in out
    assert target.read_text().lstrip().startswith(("<?xml", "<svg"))


def test_step_moves_every_input_against_its_gradient() -> None:
    s, out, _ = session(*CIRCUIT, ":step 0.5")
    assert s.values == {"x": 0.0, "y": 7.0, "z": -5.5}  # x - 0.5(-4), y - 0.5(-4), z - 0.5(3)
    assert "x: -2 → 0  (−0.5 × dL/dx = −0.5 × -4)" in out
    assert s.result.value == pytest.approx(-38.5)


def test_step_with_an_unknown_name_suggests_one() -> None:
    s, _, err = session(*CIRCUIT, ":step 0.1 x,zz")
    assert "'zz' is no input of the program" in err and "did you mean 'z'?" in err
    assert s.values["x"] == -2


def test_completion_offers_registry_functions_names_and_commands() -> None:
    s, _, _ = session(*CIRCUIT)
    assert completions(s.words(), "sigm") == ("sigm", ["sigmoid"])
    assert completions(s.words(), "2 * q + ") == ("", [])
    assert completions(s.words(), ":ex") == (":ex", [":explain"])
    assert "tanh" in completions(s.words(), "ta")[1]


def test_completion_of_a_variable_name() -> None:
    s, _, _ = session("let alpha = 2", "let beta = 1")
    assert completions(s.words(), "3 * alp") == ("alp", ["alpha"])


def test_statements_split_at_semicolons_outside_brackets() -> None:
    assert split_statements("a = [1; 2]; b = a # c; d") == ["a = [1; 2]", " b = a "]


def test_unfinished_lines_wait_for_more() -> None:
    assert unfinished("(x +") and unfinished("x *") and unfinished("[1,")
    assert not unfinished("x * y") and not unfinished("x  # (")


def test_script_exit_status_is_two_after_an_error_and_zero_otherwise() -> None:
    for lines, status in ((["let x = 1", "x + 1"], 0), (["let x = 1", "x + + "], 2), (["x +", ")"], 2)):
        feed = iter(lines)
        assert run_script(lambda feed=feed: next(feed, None), Session(io.StringIO(), io.StringIO(), check=False)) == status


def _piped(script: str, *args: str, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_STATE_HOME": str(state), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "bpcalc", "repl", *args], input=script, capture_output=True,
                          text=True, env=env, cwd=state, timeout=120)


def test_piped_lines_run_as_a_script_in_plain_text(tmp_path: Path) -> None:
    done = _piped("q = x + y\nf = q * z\n:set x=-2 y=5 z=-4\nlet z = 3\n", state=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    assert "output L = f = -12" in done.stdout and "output L = f = 9" in done.stdout
    assert not (tmp_path / "bpcalc" / "history").exists()  # a script leaves no history


def test_piped_errors_go_to_stderr_and_the_status_is_two(tmp_path: Path) -> None:
    done = _piped("let x = 2\nx * * 3\nx * 3\n", state=tmp_path)
    assert done.returncode == 2
    assert "^" in done.stderr and "Traceback" not in done.stderr
    assert "output L = n" in done.stdout and "= 6" in done.stdout  # the line after the error still ran


def test_piped_wrong_answer_gives_status_one(tmp_path: Path) -> None:
    done = _piped("let x = 2\nf = x * 3\n:check df/dx=2\n", state=tmp_path)
    assert done.returncode == 1, done.stderr


def test_quit_ends_the_script(tmp_path: Path) -> None:
    done = _piped("let x = 2\n:quit\nx * 3\n", state=tmp_path)
    assert done.returncode == 0 and "bpcalc:" not in done.stdout


def test_bare_bpcalc_off_a_terminal_prints_help_and_exits_two(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bpcalc"], input="", capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 2 and "Commands:" in done.stderr and "repl" in done.stderr


def test_eval_does_not_import_prompt_toolkit() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "bpcalc", "eval", "x*2", "--x=1", "--no-check"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0
    assert "prompt_toolkit" not in done.stderr and "bpcalc.cli.repl" not in done.stderr


def test_graph_into_a_missing_folder_is_an_error_and_the_session_goes_on(tmp_path: Path) -> None:
    s, _, err = session(*CIRCUIT, f":graph -o {tmp_path / 'missing' / 'g.svg'}", "let z = 3")
    assert "cannot write" in err and "Traceback" not in err
    assert s.result.value == 9


def test_graph_writes_the_tree_as_text(tmp_path: Path) -> None:
    target = tmp_path / "g.txt"
    session(*CIRCUIT, f":graph -o {target}")
    assert target.read_text(encoding="utf-8").startswith("f = q * z  mul gate  value -12  grad 1")


def test_a_value_before_any_program_is_echoed_alone() -> None:
    _, out, _ = session("let x = 2", "let y = 3")
    assert out.splitlines() == ["x = 2", "y = 3"]


def test_a_program_file_runs_first_as_one_program(tmp_path: Path) -> None:
    done = _piped(":values\n:step 0.5 w5\n", "-f", str(ROOT / "examples" / "mazur_2_2_2.bp"), "--no-check",
                  state=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("bpcalc: ") == 2  # the file's table, then the table after the step
    assert "w5: 0.4 → 0.358916" in done.stdout  # Mazur's w5 after his first update


def test_step_without_names_moves_the_names_of_the_last_step() -> None:
    s, _, _ = session(*CIRCUIT, ":step 0.5 x", ":step 0.5")
    assert s.values["x"] == 2.0 and s.values["y"] == 5.0  # x: -2 + 0.5·4, then + 0.5·4; y untouched


def test_code_command_writes_backprop_code_that_reproduces_the_lecture_gradients(tmp_path) -> None:
    import subprocess
    import sys

    script = "q = x + y\nf = q * z\nlet x = -2\nlet y = 5\nlet z = -4\n:code\n"
    done = subprocess.run([sys.executable, "-m", "bpcalc", "repl"], input=script, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    code = done.stdout[done.stdout.index('"""'):]  # the generated file starts with its docstring
    path = tmp_path / "grad.py"
    path.write_text(code, encoding="utf-8")
    ran = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    printed = dict(line.split(": ") for line in ran.stdout.splitlines())
    # The lecture's numbers: f = -12, df/dx = df/dy = -4, df/dz = 3.
    assert float(printed["value"]) == -12
    assert (float(printed["dx"]), float(printed["dy"]), float(printed["dz"])) == (-4, -4, 3)


def test_code_command_refuses_an_unknown_style() -> None:
    import subprocess
    import sys

    script = "f = x * 2\nlet x = 1\n:code weird\n"
    done = subprocess.run([sys.executable, "-m", "bpcalc", "repl"], input=script, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "no code style 'weird'" in done.stderr
