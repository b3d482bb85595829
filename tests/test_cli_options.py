"""How the commands read their arguments: the expression is never taken for options, option
mistakes are named as such, conflicting options are refused, values of odd dtypes are refused."""

from __future__ import annotations

import json

import numpy as np
import pytest


def _json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("expression", "values", "value"),
    [
        ("-tanh(x) * h", ["--x=0.5", "--h=2"], -2 * np.tanh(0.5)),
        ("-sum(log_softmax(S) * Y) / 2", ["--S=[1, 2, 3]", "--Y=[0, 1, 0]"],
         -(2 - np.log(np.exp(1) + np.exp(2) + np.exp(3))) / 2),
        ("-x^2", ["--x=3"], -9.0),
        ("-x*h", ["--x=3", "--h=2"], -6.0),
    ],
)
def test_an_expression_that_starts_with_minus_is_the_expression(run_cli, expression, values, value) -> None:
    doc = _json(run_cli("eval", expression, *values, "--json"))
    assert doc["value"] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("command", ["eval", "explain", "graph"])
def test_every_graph_command_reads_a_leading_minus_as_the_expression(run_cli, command) -> None:
    result = run_cli(command, "-tanh(x) * h", "--x=0.5", "--h=2")
    assert result.exit_code == 0, result.stderr


def test_double_dash_names_the_expression(run_cli) -> None:
    doc = _json(run_cli("eval", "--", "-x", "--x=1", "--json"))
    assert doc["value"] == -1


@pytest.mark.parametrize("spelling", ["-f", "-h"])
def test_double_dash_lets_an_option_spelling_be_the_expression(run_cli, spelling) -> None:
    name = spelling[1:]
    doc = _json(run_cli("eval", "--", spelling, f"--{name}=2", "--json"))
    assert doc["value"] == -2


def test_values_may_follow_the_expression_without_equals(run_cli) -> None:
    doc = _json(run_cli("eval", "-x * y", "--x", "-2", "--y", "3", "--json"))
    assert doc["value"] == 6


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["x * 2", "--x=1", "--presicion", "3"], "did you mean --precision?"),
        (["x * 2", "--x=1", "--jsno"], "did you mean --json?"),
        (["x * 2", "--x=1", "--exact"], "explain has --exact"),
    ],
)
def test_an_option_typo_is_an_unknown_option(run_cli, args, hint) -> None:
    result = run_cli("eval", *args)
    assert result.exit_code == 2
    assert f"unknown option --{args[2].lstrip('-')}" in result.stderr
    assert hint in result.stderr


def test_an_option_like_name_of_the_expression_is_a_variable(run_cli) -> None:
    doc = _json(run_cli("eval", "exact * 2", "--exact=3", "--json"))
    assert doc["gradients"] == {"exact": 2}


@pytest.mark.parametrize(
    "args",
    [["--format", "markdown", "--format", "json"], ["--tree", "--json"], ["--json", "--format", "markdown"],
     ["--precision", "3", "--precision", "4"]],
)
def test_conflicting_options_are_refused(run_cli, args) -> None:
    result = run_cli("eval", "x * 2", "--x=1", *args)
    assert result.exit_code == 2


def test_an_expression_in_place_of_a_command_suggests_eval(run_cli) -> None:
    result = run_cli("(x+y)*z")
    assert result.exit_code == 2
    assert 'did you mean `bpcalc eval "(x+y)*z"`?' in result.stderr


def test_glued_names_suggest_the_product(run_cli) -> None:
    result = run_cli("eval", "w0x0 + 1", "--w0=2", "--x0=3")
    assert result.exit_code == 2
    assert "did you mean `w0*x0`?" in result.stderr
    assert "--w0x0=VALUE" not in result.stderr


def test_literal_assignments_are_inputs_with_gradients(run_cli) -> None:
    doc = _json(run_cli("eval", "x = -2; y = 5; z = -4; f = (x + y) * z", "--json"))
    assert doc["value"] == -12
    assert doc["gradients"] == {"x": -4, "y": -4, "z": 3}


def test_the_command_line_overrides_a_literal_assignment(run_cli) -> None:
    doc = _json(run_cli("eval", "x = -2; y = 5; z = -4; f = (x + y) * z", "--z=1", "--json"))
    assert doc["value"] == 3


@pytest.mark.parametrize("product", ["W*x", "W·x"])
def test_a_matrix_times_a_vector_warns_and_suggests_matmul(run_cli, product) -> None:
    result = run_cli("eval", f"sum(({product})^2)", "--W=[[0.1, 0.5], [-0.3, 0.8]]", "--x=[0.2, 0.4]", "--json")
    doc = _json(result)
    assert doc["value"] == pytest.approx(0.1464, rel=1e-12)  # still elementwise, as written
    (warning,) = doc["warnings"]
    assert "(2, 2)" in warning and "(2,)" in warning and "W @ x" in warning
    assert "W @ x" in result.stderr


def test_an_elementwise_product_of_equal_shapes_does_not_warn(run_cli) -> None:
    doc = _json(run_cli("eval", "sum(a*b)", "--a=[1, 2]", "--b=[3, 4]", "--json"))
    assert doc["warnings"] == []


@pytest.mark.parametrize(
    ("array", "word"),
    [(np.array([1 + 2j, 3]), "complex"), (np.array([True, False]), "booleans"), (np.array(["a", "b"]), "strings"),
     (np.array(["2020-01-01"], dtype="datetime64[D]"), "dates")],
)
def test_a_npy_of_a_non_real_dtype_is_refused(run_cli, tmp_path, array, word) -> None:
    path = tmp_path / "W.npy"
    np.save(path, array)
    result = run_cli("eval", "sum(W)", f"--W=@{path}")
    assert result.exit_code == 2
    assert word in result.stderr
    assert "Traceback" not in result.stderr


def test_a_npy_of_objects_never_suggests_allow_pickle(run_cli, tmp_path) -> None:
    path = tmp_path / "W.npy"
    np.save(path, np.array([1, "a"], dtype=object), allow_pickle=True)
    result = run_cli("eval", "sum(W)", f"--W=@{path}")
    assert result.exit_code == 2
    assert "allow_pickle" not in result.stderr


def test_options_elsewhere_name_real_options_of_those_commands() -> None:
    import importlib

    from bpcalc.cli import COMMANDS
    from bpcalc.cli.common import OPTIONS_ELSEWHERE

    for option, command in OPTIONS_ELSEWHERE.items():
        module, attribute = COMMANDS[command].split(":")
        params = getattr(importlib.import_module(module), attribute).params
        assert any(option in param.opts for param in params), (option, command)


@pytest.mark.parametrize(
    ("expression", "caret_line"),
    [(r"\frac{1}{1+e^{-x}", "          ^"), (r"\int x", "  ^^^^"), ("‖x", "  ^"), ("|x|", "  ^"),
     ("np.foo(x)", "  ^^^^^^"), ("f(x, y) = x + ", "              ^")],
)
def test_a_new_syntax_error_is_one_screen_with_a_caret(run_cli, expression, caret_line) -> None:
    result = run_cli("eval", expression, "--x=1", "--y=2")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) <= 4 and "Traceback" not in result.stderr
    assert lines[2] == caret_line
