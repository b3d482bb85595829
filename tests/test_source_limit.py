"""The source limit (issue 18): 1,000,000 characters by default, raised by --max-source N or
BPCALC_MAX_SOURCE on every command that reads a program, and kept by the readers of a file or
standard input, which read at most the limit plus one character (so endless input stops).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import bpcalc
from bpcalc.cli import cli
from bpcalc.cli.common import parse_count
from bpcalc.errors import ParseError
from bpcalc.language.lexer import MAX_SOURCE_CHARS, current_source_limit, source_limit

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, env=env)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def just_past_the_default(tmp_path: Path) -> Path:
    """A valid program one character longer than the default limit: `x * 3` padded with spaces."""
    text = "x * 3" + " " * (MAX_SOURCE_CHARS - 4)
    assert len(text) == MAX_SOURCE_CHARS + 1
    path = tmp_path / "long.bp"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_just_past_the_default_limit_is_refused_naming_the_option(tmp_path: Path) -> None:
    code, out, err = run("eval", "-f", str(just_past_the_default(tmp_path)), "--x=2", "--no-check")
    assert code == 2
    assert out == ""
    assert "more than 1,000,000 characters long" in err
    assert "--max-source" in err and "BPCALC_MAX_SOURCE" in err


def test_max_source_accepts_a_file_just_past_the_default_limit(tmp_path: Path) -> None:
    path = just_past_the_default(tmp_path)
    code, out, err = run("eval", "-f", str(path), "--x=2", "--no-check", "--json", "--max-source", "1000001")
    assert code == 0, err
    assert json.loads(out)["value"] == 6
    assert json.loads(out)["gradients"] == {"x": 3}


def test_max_source_takes_a_decimal_suffix(tmp_path: Path) -> None:
    code, out, err = run("eval", "-f", str(just_past_the_default(tmp_path)), "--x=2", "--no-check", "--json",
                         "--max-source=2M")
    assert code == 0, err
    assert json.loads(out)["value"] == 6


def test_the_environment_variable_raises_the_limit(tmp_path: Path) -> None:
    code, out, err = run("eval", "-f", str(just_past_the_default(tmp_path)), "--x=2", "--no-check", "--json",
                         env={"BPCALC_MAX_SOURCE": "1.5M"})
    assert code == 0, err
    assert json.loads(out)["value"] == 6


def test_standard_input_just_past_the_default_is_refused_then_accepted_with_the_option() -> None:
    text = "x * 3" + " " * (MAX_SOURCE_CHARS - 4)
    code, _, err = run("eval", "-", "--x=2", "--no-check", input=text)
    assert code == 2
    assert "standard input is more than 1,000,000 characters long" in err and "--max-source" in err
    code, out, err = run("eval", "-", "--x=2", "--no-check", "--json", "--max-source", "2M", input=text)
    assert code == 0, err
    assert json.loads(out)["value"] == 6


def test_an_expression_longer_than_a_lowered_limit_is_refused_naming_the_option() -> None:
    code, out, err = run("eval", "x + x + x", "--x=1", "--max-source", "5")
    assert code == 2
    assert out == ""
    assert "the input is 9 characters long; bpcalc reads at most 5" in err
    assert "--max-source" in err


@pytest.mark.parametrize("command", [
    ["eval"], ["eval", "--no-check"], ["explain"], ["graph", "--format", "dot"], ["check", "-a", "x=1"], ["code"],
    ["plot", "--x=0:1"],
    ["train", "--params", "x", "--lr", "0.1", "--steps", "1", "--x=1"],
])
def test_every_command_that_reads_a_program_keeps_the_option(command: list[str]) -> None:
    code, _, err = run(*command, "x * x + x", "--max-source", "4")
    assert code == 2, err
    assert "bpcalc reads at most 4" in err


@pytest.mark.parametrize("value", ["10MB", "0", "-5", "abc", "1.5", "", "nan"])
def test_a_bad_max_source_exits_2_saying_what_to_write(value: str) -> None:
    code, out, err = run("eval", "x", "--x=1", f"--max-source={value}")
    assert code == 2
    assert out == ""
    assert "--max-source" in err
    assert "write a count like 5000000 or 10M" in err


def test_a_bad_environment_variable_exits_2_naming_it() -> None:
    code, _, err = run("eval", "x", "--x=1", env={"BPCALC_MAX_SOURCE": "lots"})
    assert code == 2
    assert "BPCALC_MAX_SOURCE" in err and "'lots'" in err


@pytest.mark.parametrize(("text", "count"), [
    ("5000000", 5_000_000), ("10M", 10_000_000), ("2.5m", 2_500_000), ("300k", 300_000), ("1G", 10**9),
    ("1_000_000", 1_000_000), ("1,000,000", 1_000_000), (" 7 ", 7),
])
def test_parse_count_reads_decimal_suffixes(text: str, count: int) -> None:
    assert parse_count(text) == count


def test_an_endless_file_stops_at_a_raised_limit() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    code, _, err = run("eval", "-f", "/dev/zero", "--max-source", "3M")
    assert code == 2
    assert "/dev/zero is more than 3,000,000 characters long" in err  # read up to the limit, then stopped


def test_endless_standard_input_stops_at_a_raised_limit_in_a_real_process() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "BPCALC_MAX_SOURCE": "3M"}
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run([sys.executable, "-m", "bpcalc", "eval", "-"], stdin=zeros, capture_output=True,
                              env=environment, timeout=120)  # a guard against hanging, not a timing assertion
    assert done.returncode == 2
    assert b"standard input is more than 3,000,000 characters long" in done.stderr


def test_the_option_lasts_for_one_command_only() -> None:
    code, _, _ = run("eval", "x + x", "--x=1", "--max-source", "3")
    assert code == 2
    assert current_source_limit() == MAX_SOURCE_CHARS
    code, _, err = run("eval", "x + x", "--x=1", "--no-check")
    assert code == 0, err


def test_source_limit_raises_and_restores_the_limit_in_python() -> None:
    text = "x" + " " * MAX_SOURCE_CHARS
    with pytest.raises(ParseError, match="bpcalc reads at most 1,000,000"):
        bpcalc.evaluate(text, {"x": 2.0}, check=False)
    with source_limit(MAX_SOURCE_CHARS + 1):
        assert bpcalc.evaluate(text, {"x": 2.0}, check=False).value == 2.0
    assert current_source_limit() == MAX_SOURCE_CHARS


def test_source_limit_can_also_lower_the_limit() -> None:
    with source_limit(4), pytest.raises(ParseError, match="the input is 5 characters long; bpcalc reads at most 4"):
        bpcalc.evaluate("x * x", {"x": 2.0}, check=False)


def test_a_program_padded_with_trailing_spaces_up_to_the_limit_is_read() -> None:
    """The fast path once tried a token at each of k trailing spaces (k^2 steps: 10,000 took 20 s)."""
    from bpcalc.language.lexer import scan

    columns = scan("x * 3" + " " * (MAX_SOURCE_CHARS - 5))
    assert columns.codes == ["name", "*", "number", "eof"]
    assert columns.starts == [0, 2, 4, MAX_SOURCE_CHARS]
