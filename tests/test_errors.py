"""Every kind of bad input: a one-screen message on stderr, exit code 2, never a traceback."""

from __future__ import annotations

import json

import pytest

CASES = [
    # (arguments, fragments that must appear in the message)
    (["eval", "(x + y * z", "--x=1", "--y=2", "--z=3"], ["never closed", "^"]),
    (["eval", "x + * y", "--x=1", "--y=2"], ["column 5", "    ^"]),
    (["eval", "sigmiod(x)", "--x=1"], ["unknown function 'sigmiod'", "did you mean 'sigmoid'"]),
    (["eval", "x + y", "--x=1"], ["no value for the variable 'y'", "--y=VALUE"]),
    (["eval", "x + 1", "--x=1", "--z=2"], ["'z'", "does not use"]),
    (["eval", "x + 1", "--x=1.2.3"], ["malformed", "^"]),
    (["eval", "x + 1", "--x=[1, 2"], ["missing a ']'"]),
    (["eval", "x + 1", "--x=[[1], [1, 2]]"], ["ragged"]),
    (["eval", "x + 1", "--x=abc"], ["malformed number 'abc'"]),
    (["eval", "x + 1", "--x=nan"], ["NaN and infinity are not accepted"]),
    (["eval", "exp(x, y)", "--x=1", "--y=2"], ["exp() takes 1 argument, got 2"]),
    (["eval", "log(x - 3)", "--x=1"], ["node", "log(x - 3)", "positive", "^^^^^^^^^^"]),
    (["eval", "sqrt(x)", "--x=-1"], ["node", "sqrt of a negative"]),
    (["eval", "1 / (x - 2)", "--x=2"], ["node", "division by zero"]),
    (["eval", "exp(x)", "--x=1000"], ["node", "overflows"]),
    (["eval", "9^9^9^9"], ["constant", "overflows"]),
    (["eval", ""], ["empty"]),
    (["eval", "   # nothing"], ["empty"]),
    (["eval", "-f", "does/not/exist.bp"], ["no such file: does/not/exist.bp"]),
    (["eval"], ["no expression given"]),
    (["eval", "x + 1", "y", "--x=1"], ["expected one expression"]),
    (["eval", "x + 1", "--x"], ["--x needs a value"]),
    (["eval", "x + 1", "--x=1", "--x=2"], ["two values given for x"]),
    (["eval", "x + 1", "--var", "x"], ["expected NAME=VALUE"]),
    (["eval", "2x", "--x=1"], ["2*x"]),
]


@pytest.mark.parametrize(("args", "fragments"), CASES, ids=[" ".join(c[0])[:40] for c in CASES])
def test_bad_input_exits_2_with_a_clear_message(run_cli, args: list[str], fragments: list[str]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error")
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert len(result.stderr.splitlines()) <= 12, "fits on one screen"


def test_caret_sits_under_the_offending_column(run_cli) -> None:
    result = run_cli("eval", "x + * y", "--x=1", "--y=2")
    lines = result.stderr.splitlines()
    source_line = next(line for line in lines if "x + * y" in line)
    caret_line = lines[lines.index(source_line) + 1]
    assert source_line[caret_line.index("^")] == "*"


def test_errors_are_json_on_stderr_with_json_flag(run_cli) -> None:
    result = run_cli("eval", "log(x)", "--x=-1", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    error = json.loads(result.stderr)["error"]
    assert error["kind"] == "domain error"
    assert error["node"] == "n1"
    assert error["column"] == 1


def test_error_in_a_program_file_names_line_and_column(run_cli, tmp_path) -> None:
    program = tmp_path / "bad.bp"
    program.write_text("let x = 2\nq = x + 1\nf = log(q - 5)\n")
    result = run_cli("eval", "-f", str(program))
    assert result.exit_code == 2
    assert "line 3, column 5" in result.stderr
    assert "3 | f = log(q - 5)" in result.stderr


def test_gradient_mismatch_exits_1(run_cli, monkeypatch) -> None:
    from bpcalc import ops

    broken = ops.REGISTRY["mul"].__class__(**{**ops.REGISTRY["mul"].__dict__, "local": lambda out, a, b: (a, b)})
    monkeypatch.setitem(ops.REGISTRY, "mul", broken)
    result = run_cli("eval", "x * y", "--x=2", "--y=3")
    assert result.exit_code == 1
    assert "mismatch" in result.stdout
