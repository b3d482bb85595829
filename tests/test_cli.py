"""The eval command end to end: through click's runner and through the installed script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT


def eval_json(run_cli, *args: str) -> dict:
    result = run_cli("eval", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_done_when_example_gives_value_and_gradients(run_cli) -> None:
    doc = eval_json(run_cli, "(x+y)*z", "--x=-2", "--y=5", "--z=-4")
    assert doc["value"] == -12
    assert doc["gradients"] == {"x": -4, "y": -4, "z": 3}


def test_table_shows_every_node_and_the_check(run_cli) -> None:
    result = run_cli("eval", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4")
    assert result.exit_code == 0
    out = result.stdout
    for fragment in ("q", "x + y", "q * z", "-12", "∂f/∂q = -4", "→ z: 3", "✓", "all gradients agree"):
        assert fragment in out, fragment


def test_values_may_be_separate_arguments_and_negative(run_cli) -> None:
    doc = eval_json(run_cli, "x * y", "--x", "-2", "--y", "3")
    assert doc["value"] == -6


def test_var_option_gives_values_for_names_that_clash_with_options(run_cli) -> None:
    doc = eval_json(run_cli, "json * 2", "--var", "json=4")
    assert doc["value"] == 8


def test_program_file_values_are_overridden_by_command_line(run_cli) -> None:
    doc = eval_json(run_cli, "-f", str(ROOT / "examples" / "circuit.bp"), "--z=1")
    assert doc["value"] == 3
    assert doc["gradients"]["z"] == 3


def test_expression_from_standard_input(run_cli) -> None:
    result = run_cli("eval", "-", "--x=3", "--y=-4", "--z=2", "--w=-1", "--json", input="2*x*y + max(z, w)\n")
    assert json.loads(result.stdout)["value"] == -22


def test_expression_starting_with_minus(run_cli) -> None:
    doc = eval_json(run_cli, "-x*y", "--x=2", "--y=3")
    assert doc["value"] == -6


def test_array_output_must_be_reduced_to_a_scalar(run_cli) -> None:
    result = run_cli("eval", "x * 2", "--x=[0.2, 0.4]")
    assert result.exit_code == 2
    assert "scalar output" in result.stderr


def test_no_check_skips_sympy(run_cli) -> None:
    doc = eval_json(run_cli, "x*y", "--x=2", "--y=3", "--no-check")
    assert doc["check"] is None


def test_json_validates_against_the_published_schema(run_cli) -> None:
    schema = json.loads(resources.files("bpcalc").joinpath("schema/eval.schema.json").read_text())
    for args in (["(x+y)*z", "--x=-2", "--y=5", "--z=-4"], ["relu(x) + x^2", "--x=0"], ["x^2", "--x=-3"]):
        jsonschema.validate(eval_json(run_cli, *args), schema)


def test_json_has_symbolic_formulas_and_verdicts(run_cli) -> None:
    doc = eval_json(run_cli, "(x+y)*z", "--x=-2", "--y=5", "--z=-4")
    by_label = {node["label"]: node for node in doc["nodes"]}
    assert by_label["x"]["check"] == {
        "verdict": "ok", "method": "sympy", "expected": -4, "formula": "z", "relative_error": 0,
    }


def test_kink_is_marked_in_table_and_json(run_cli) -> None:
    doc = eval_json(run_cli, "relu(x) * y", "--x=0", "--y=2")
    assert any(node["kink"] for node in doc["nodes"])
    table = run_cli("eval", "relu(x) * y", "--x=0", "--y=2").stdout
    assert "kink" in table


def test_precision_option_controls_digits(run_cli) -> None:
    out = run_cli("eval", "x / 3", "--x=1", "--precision", "3").stdout
    assert "0.333" in out and "0.3333" not in out


def test_ops_lists_every_registry_row(run_cli) -> None:
    from bpcalc.ops import REGISTRY

    out = run_cli("ops", "--markdown").stdout
    for name in REGISTRY:
        assert f"`{name}`" in out


def test_version(run_cli) -> None:
    from bpcalc import __version__

    assert __version__ in run_cli("--version").stdout


def test_eval_help_has_a_worked_example(run_cli) -> None:
    assert 'bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4' in run_cli("eval", "--help").stdout


def test_top_level_help_lists_eval_with_an_example(run_cli) -> None:
    out = run_cli("--help").stdout
    assert "eval" in out and 'bpcalc eval "(x + y) * z"' in out


def test_installed_script_runs_and_pipes(tmp_path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bpcalc", "eval", "(x + y) * z", "--x=-2", "--y=5", "--z=-4"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout  # no colour codes into a pipe
    assert "-12" in done.stdout


def test_no_check_does_not_import_sympy() -> None:
    code = (
        "import sys; from bpcalc.cli import cli\n"
        "try:\n cli(['eval', 'x*y', '--x=2', '--y=3', '--no-check', '--json'])\n"
        "except SystemExit: pass\n"
        "print('SYMPY' if 'sympy' in sys.modules else 'CLEAN', 'NUMPY' if 'numpy' in sys.modules else 'NONUMPY')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().endswith("CLEAN NONUMPY")


def test_an_unchecked_table_does_not_import_the_check() -> None:
    # The check (and the numeric and symbolic modules it needs) is cold-start time that an
    # unchecked run should not pay; the table only needs the verdict words.
    code = (
        "import sys; from bpcalc.cli import cli\n"
        "try:\n cli(['eval', 'x*y', '--x=2', '--y=3', '--no-check'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('bpcalc.checks.cross_check', 'bpcalc.checks.numeric', 'bpcalc.checks.symbolic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().endswith("[]"), done.stdout + done.stderr


def test_console_script_entry_point(tmp_path) -> None:
    import shutil

    script = shutil.which("bpcalc") or str(Path(sys.executable).parent / "bpcalc")
    done = subprocess.run([script, "eval", "(x+y)*z", "--x=-2", "--y=5", "--z=-4", "--json"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["gradients"] == {"x": -4, "y": -4, "z": 3}


def test_a_reader_that_stops_early_ends_the_command_like_cat_not_with_a_failed_check() -> None:
    # `bpcalc eval ... | head -1`: exit code 1 means "a check failed", so a closed pipe must not
    # produce it (click's default), nor a traceback.
    source = " + ".join(f"tanh(x * {i})" for i in range(1, 400))
    process = subprocess.Popen([sys.executable, "-m", "bpcalc", "eval", source, "--x=0.1", "--no-check", "--full"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read()
    status = process.wait()
    assert status in (0, -13), status  # -13: ended by SIGPIPE, as cat is (141 in a shell)
    assert b"Traceback" not in errors and errors == b""


def test_input_values_skip_clicks_search_for_a_misspelled_option(monkeypatch: pytest.MonkeyPatch) -> None:
    # click looks for a close match (difflib) for every option it does not know, about 0.2 ms a
    # value: a tree with 33,000 inputs spent seconds there. Values are set aside before click.
    import difflib

    from click.testing import CliRunner

    from bpcalc.cli import cli

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("click searched for a close match")

    monkeypatch.setattr(difflib, "get_close_matches", refuse)
    names = [f"x{k}" for k in range(300)]
    flags = [f"--{name}={k}" for k, name in enumerate(names)]
    result = CliRunner().invoke(cli, ["eval", *flags[:150], " + ".join(names), *flags[150:], "--json", "--no-check"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["value"] == sum(range(300))


def test_a_value_named_like_an_option_of_the_command_is_still_the_option() -> None:
    result = subprocess.run([sys.executable, "-m", "bpcalc", "eval", "x * 2", "--x=3", "--json=1"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "--json" in result.stderr and "Traceback" not in result.stderr
