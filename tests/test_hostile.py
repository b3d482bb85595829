"""Hostile and careless input (issue 8): every case is refused clearly or answered correctly.

A refusal is a one-screen message on stderr that names the problem, exit code 2, nothing on
stdout and never a traceback. Most cases run in-process through click's CliRunner; a few run
the installed `bpcalc` script, as an autograder would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import bpcalc
from bpcalc.cli import cli
from bpcalc.language.lexer import MAX_SOURCE_CHARS


def refuse(*args: str, input: str | bytes | None = None) -> str:
    """Run bpcalc and assert a clean refusal; returns stderr."""
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error")
    assert len(result.stderr.splitlines()) <= 12, "fits on one screen"
    return result.stderr


def answer(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


REFUSALS = [
    # (arguments, fragments the message must contain)
    (["(x + y", "--x=1", "--y=2"], ["'(' is never closed"]),
    (["x + y)", "--x=1", "--y=2"], ["unbalanced ')'"]),
    (["((((x))", "--x=1"], ["never closed"]),
    (["max(x, y", "--x=1", "--y=2"], ["'max(' is never closed"]),
    (["+"], ["ends after '+'"]),
    (["*"], ["found '*'"]),
    (["x *", "--x=1"], ["ends after '*'"]),
    (["/ x", "--x=1"], ["found '/'"]),
    (["x ** ** y", "--x=1", "--y=2"], ["found '**'"]),
    (["9^9^9^9"], ["the constant '9^9^9' (pow)", "overflows"]),
    (["9**9**9**9**9"], ["constant", "(pow)", "overflows"]),
    (["x * 1e400", "--x=1"], ["the number 1e400 is too large for a float"]),
    (["x * 1e-400", "--x=1"], ["the number 1e-400 is too small for a float", "read as 0"]),
    (["x", "--x=1e999"], ["too large for a float"]),
    (["x", "--x=1e-400"], ["too small for a float"]),
    (["x*x", "--x=1e200"], ["node n1 (mul)", "overflows"]),
    (["x", "--x=nan"], ["NaN and infinity are not accepted"]),
    (["x", "--x=NaN"], ["NaN and infinity are not accepted"]),
    (["x", "--x=inf"], ["NaN and infinity are not accepted"]),
    (["x", "--x=-Infinity"], ["NaN and infinity are not accepted"]),
    (["x + y", "--x=1", "--y=[1, nan]"], ["NaN and infinity are not accepted"]),
    (["exp = x + 1", "--x=1"], ["'exp' is a function and cannot be assigned"]),
    (["pi = x + 1", "--x=1"], ["'pi' is the constant pi and cannot be assigned"]),
    (["e = x + 1", "--x=1"], ["'e' is the constant e and cannot be assigned"]),
    (["exp + 1"], ["'exp' is a function and needs arguments"]),
    (["pi * x", "--pi=3", "--x=1"], ["a value was given for 'pi'"]),
    (["exp(x)", "--exp=3", "--x=1"], ["a value was given for 'exp'"]),
    (["q = x; q = y", "--x=1", "--y=2"], ["'q' is assigned twice"]),
    (["a = b + 1; b = a"], ["'b' is used as an input before this line assigns it"]),
    (["x + 😀", "--x=1"], ["unexpected character '😀' (grinning face)", "    ^"]),
    (["x\x00", "--x=1"], ["U+0000", "␀"]),
    (["x\x1b[31m", "--x=1"], ["U+001B", "␛[31m"]),
    (["x\u202e+1", "--x=1"], ["U+202E (right-to-left override)"]),
    (["x — y", "--x=1", "--y=2"], ["em dash", "type '-'"]),
    (["x＋１", "--x=1"], ["fullwidth digit one", "it looks like '1'"]),
    (["Α * x", "--x=1"], ["greek capital letter alpha", "Latin letter 'A'"]),
    (["х + 1"], ["cyrillic small letter ha", "Latin letter 'x'"]),
    (["Σx"], ["summation sign"]),
    (["eˣ"], ["superscript 'x'", "exp(x)"]),
    (["x⁻", "--x=1"], ["superscript sign without superscript digits"]),
    (["√x", "--x=4"], ["'√' is read only before a parenthesis", "sqrt(x)"]),
    (["½ * x", "--x=1"], ["vulgar fraction one half"]),
]


@pytest.mark.parametrize(("args", "fragments"), REFUSALS, ids=[" ".join(c[0])[:30] for c in REFUSALS])
def test_refusal_names_the_problem_and_exits_2(args: list[str], fragments: list[str]) -> None:
    stderr = refuse("eval", "--no-check", *args)
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)


LOOKALIKES = [
    # pasted text, plain equivalent: same value and same gradients
    ("x − y", "x - y"),
    ("x × y", "x * y"),
    ("x · y", "x * y"),
    ("x ÷ y", "x / y"),
    ("x²", "x^2"),
    ("x³", "x^3"),
    ("x¹⁰", "x^10"),
    ("x⁻¹", "x^-1"),
    ("x²²", "x^22"),
    ("π * x", "pi * x"),
    ("σ(x)", "sigmoid(x)"),
    ("√(x)", "sqrt(x)"),
    ("𝑥 * y", "x * y"),
    ("ｘ * y", "x * y"),
    ("\ufeffx * y", "x * y"),
    ("x\u200b * y", "x * y"),
    ("x – y", "x - y"),
]


@pytest.mark.parametrize(("pasted", "plain"), LOOKALIKES)
def test_pdf_lookalike_reads_as_what_it_stands_for(pasted: str, plain: str) -> None:
    import bpcalc
    from bpcalc.language.parser import parse

    values = {name: v for name, v in {"x": 1.5, "y": 2.0}.items() if name in parse(plain).graph.variables}
    ours = bpcalc.evaluate(pasted, values, check=False)
    expected = bpcalc.evaluate(plain, values, check=False)
    assert ours.value == expected.value
    assert ours.gradients == expected.gradients


def test_greek_letters_are_variable_names() -> None:
    import bpcalc

    result = bpcalc.evaluate("α * θ + λ", {"α": 2.0, "θ": 3.0, "λ": 1.0}, check=False)
    assert result.value == 7.0
    assert result.gradients == {"α": 3.0, "θ": 2.0, "λ": 1.0}


def test_subscript_digits_join_the_name() -> None:
    import bpcalc

    result = bpcalc.evaluate("w₁ * x₁", w1=2.0, x1=-3.0, check=False)
    assert result.gradients == {"w1": -3.0, "x1": 2.0}


def test_sigma_alone_is_a_variable_not_the_sigmoid() -> None:
    import bpcalc

    assert bpcalc.evaluate("σ * 2", {"σ": 3.0}, check=False).value == 6.0


def test_caret_counts_tabs_and_wide_characters() -> None:
    stderr = refuse("eval", "x\t+ 漢字 + ?", "--x=1", "--漢字=1")
    lines = stderr.splitlines()
    shown, caret = lines[1], lines[2]
    assert "\t" not in shown, "tabs are expanded so the caret is measured against what is shown"
    columns = 0
    for ch in shown:
        if columns == caret.index("^"):
            assert ch == "?"
            break
        columns += 2 if ch in "漢字" else 1
    else:
        pytest.fail("the caret is past the end of the line")


def test_long_line_is_shown_as_a_window_around_the_error() -> None:
    stderr = refuse("eval", "x + " + "y" * 5000 + " +", "--x=1")
    assert "column 5006" in stderr
    assert max(len(line) for line in stderr.splitlines()) < 120
    assert "…" in stderr


def test_input_over_the_size_limit_is_refused_fast_without_echoing_it() -> None:
    text = "x+" * (MAX_SOURCE_CHARS // 2) + "x"
    start = time.perf_counter()
    stderr = refuse("eval", text, "--x=1")
    assert time.perf_counter() - start < 30  # bounded: the text is never parsed
    assert f"bpcalc reads at most {MAX_SOURCE_CHARS:,}" in stderr
    assert len(stderr) < 400


def test_ten_megabytes_on_stdin_is_refused() -> None:
    stderr = refuse("eval", "-", "--x=1", input="x+" * 5_000_000 + "x")
    assert "more than 1,000,000 characters long" in stderr  # read up to the limit, not all 10^7


def test_a_million_deep_nesting_is_refused_by_the_size_limit() -> None:
    depth = 10**6
    stderr = refuse("eval", "(" * depth + "x" + ")" * depth, "--x=1")
    assert "characters long" in stderr


def test_ten_thousand_deep_nesting_just_works() -> None:
    depth = 10_000
    out = answer("eval", "--no-check", "--json", "(" * depth + "-" * depth + "x" + ")" * depth, "--x=2")
    assert json.loads(out)["value"] == 2


def test_deep_unclosed_nesting_points_at_the_innermost_open_bracket() -> None:
    stderr = refuse("eval", "(" * 20_000 + "x", "--x=1")
    assert "column 20000" in stderr


def test_power_tower_overflow_is_fast() -> None:
    start = time.perf_counter()
    refuse("eval", "9^9^9^9^9^9^9^9")
    assert time.perf_counter() - start < 20  # bounded: the tower is never computed


def test_huge_and_tiny_values_within_float_range_are_answered() -> None:
    import bpcalc

    assert bpcalc.evaluate("x * y", x=1e200, y=1e-200, check=False).value == pytest.approx(1.0)
    assert bpcalc.evaluate("x", x=5e-324, check=False).value == 5e-324


def test_unused_statement_gives_a_warning_and_still_answers() -> None:
    result = CliRunner().invoke(cli, ["eval", "--no-check", "q = x + 1; x * 2", "--x=3"])
    assert result.exit_code == 0
    assert "warning: statement 'q = x + 1' does not contribute to the output" in result.stderr


def test_assignment_that_reads_its_own_target_is_refused() -> None:
    stderr = refuse("eval", "--no-check", "x = x + 1", "--x=1")
    assert "'x'" in stderr


def test_random_bytes_on_stdin_are_refused() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "bpcalc", "eval", "-"], input=b"\xff\xfe\x00x",
                          capture_output=True, env=env, timeout=60)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"unexpected character U+DCFF" in done.stderr


def test_random_bytes_in_a_file_are_refused(tmp_path: Path) -> None:
    program = tmp_path / "junk.bp"
    program.write_bytes(bytes(range(256)))
    assert "not UTF-8 text" in refuse("eval", "-f", str(program))


def test_exact_mode_bounds_huge_rational_powers() -> None:
    result = CliRunner().invoke(cli, ["eval", "x * (1/3)^10000", "--x=1"])
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.output


def _script(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    script = Path(sys.executable).parent / "bpcalc"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bpcalc"]
    return subprocess.run([*command, *args], capture_output=True, text=True, input=input, env=env, timeout=60)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["eval", "9^9^9^9"], "overflows"),
        (["eval", "x", "--x=nan"], "NaN"),
        (["eval", "x + 😀", "--x=1"], "grinning face"),
        (["eval", "(x", "--x=1"], "never closed"),
    ],
)
def test_installed_script_refuses_with_exit_2(args: list[str], fragment: str) -> None:
    done = _script(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert fragment in done.stderr


def test_installed_script_refuses_ten_megabytes_on_stdin() -> None:
    done = _script("eval", "-", "--x=1", input="x+" * 5_000_000 + "x")
    assert done.returncode == 2
    assert "characters long" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_sympy_cross_check_of_a_huge_power_finishes_within_ten_seconds() -> None:
    code = "import bpcalc; bpcalc.evaluate('x * 1.0000000001^10000000000', x=1.0)"
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the SymPy cross-check did not finish within 10 s")
    assert done.returncode == 0, done.stderr


def test_exact_mode_stops_at_its_time_budget() -> None:
    """sin(x), sin(2x) ... sin(100x) at x = 1/3 (400 nodes) take exact arithmetic about a second; a
    0.05 s budget stops them, with the budget's message."""
    from bpcalc.checks import symbolic
    from bpcalc.checks.exact import ExactLimitError, exact_inputs, run_exact

    source = "f = " + " + ".join(f"sin(x*{k})" for k in range(1, 101))
    result = bpcalc.evaluate(source, x="1/3", check=False)
    inputs = exact_inputs(source, {"x": "1/3"}, result.values)
    symbolic.sympy_module()  # the import is not part of the budget
    with pytest.raises(ExactLimitError, match="exact arithmetic took longer than"):
        run_exact(result.trace, inputs, budget=0.05)
