"""The stable contract autograders and scripts rely on (issue 8).

- Output is byte-identical across runs and hash seeds (no timestamps, no dict-order drift).
- The JSON document carries "schema_version" and every documented key, for every example.
- Exit codes: 0 success, 1 a check failed, 2 a usage or input error, for every command.
- No code path evaluates user text: the package never calls eval, exec, compile, sympify,
  parse_expr or sympy's S().
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bpcalc.cli import COMMANDS, _available, cli
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.bp"))
SCHEMA = json.loads((ROOT / "bpcalc" / "schema" / "eval.schema.json").read_text(encoding="utf-8"))
AVAILABLE = [name for name in sorted(COMMANDS) if _available(name)]


def _bpcalc(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    return subprocess.run([sys.executable, "-m", "bpcalc", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_json_output_is_byte_identical_across_runs_and_hash_seeds(example: Path) -> None:
    first = _bpcalc("eval", "--json", "-f", str(example), seed="1")
    second = _bpcalc("eval", "--json", "-f", str(example), seed="2024")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stderr == second.stderr


def test_table_output_is_byte_identical_across_runs_and_hash_seeds() -> None:
    example = str(ROOT / "examples" / "gate_patterns.bp")
    first = _bpcalc("eval", "-f", example, seed="3")
    second = _bpcalc("eval", "-f", example, seed="99")
    assert first.returncode == 0
    assert first.stdout == second.stdout


def _required_keys(schema: dict) -> tuple[list[str], list[str], list[str]]:
    node = SCHEMA["$defs"]["node"]
    check = next(option for option in schema["properties"]["check"]["oneOf"] if option.get("type") == "object")
    return schema["required"], node["required"], check["required"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_documented_json_key_is_present(example: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "--json", "-f", str(example)], catch_exceptions=False)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    top, node_keys, check_keys = _required_keys(SCHEMA)
    assert doc["schema_version"] == SCHEMA["properties"]["schema_version"]["const"]
    for key in top:
        assert key in doc, key
    for node in doc["nodes"]:
        for key in node_keys:
            assert key in node, (node["id"], key)
    for key in check_keys:
        assert key in doc["check"], key


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_json_output_validates_against_the_published_schema(example: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = CliRunner().invoke(cli, ["eval", "--json", "-f", str(example)], catch_exceptions=False)
    jsonschema.validate(json.loads(result.stdout), SCHEMA)


def test_json_error_document_has_its_documented_keys() -> None:
    result = CliRunner().invoke(cli, ["eval", "--json", "log(x)", "--x=-1"])
    assert result.exit_code == 2
    error = json.loads(result.stderr)["error"]
    assert set(error) == {"kind", "message", "line", "column", "node", "hint"}


# ---- exit codes -------------------------------------------------------------------------


@pytest.mark.parametrize("command", AVAILABLE)
def test_help_of_every_command_exits_0(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


@pytest.mark.parametrize("command", AVAILABLE)
def test_unknown_option_of_every_command_exits_2_without_traceback(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--definitely-not-an-option-9"])
    assert result.exit_code == 2, (command, result.output)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", [c for c in AVAILABLE if c in ("eval", "explain", "graph", "plot")])
def test_malformed_expression_exits_2_for_every_expression_command(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "(x +", "--x=1"])
    assert result.exit_code == 2, (command, result.output)
    assert result.output.startswith("error")
    assert "Traceback" not in result.output


def test_eval_exit_codes_0_1_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from bpcalc import ops

    runner = CliRunner()
    assert runner.invoke(cli, ["eval", "x * y", "--x=2", "--y=3"]).exit_code == 0
    assert runner.invoke(cli, ["eval", "x *", "--x=2"]).exit_code == 2
    broken = ops.REGISTRY["mul"].__class__(**{**ops.REGISTRY["mul"].__dict__, "local": lambda out, a, b: (a, b)})
    monkeypatch.setitem(ops.REGISTRY, "mul", broken)
    assert runner.invoke(cli, ["eval", "x * y", "--x=2", "--y=3"]).exit_code == 1


def test_ops_exits_0() -> None:
    assert CliRunner().invoke(cli, ["ops", "--markdown"]).exit_code == 0


def test_unknown_command_exits_2() -> None:
    assert CliRunner().invoke(cli, ["frobnicate"]).exit_code == 2


# ---- no evaluation of user text -----------------------------------------------------------

FORBIDDEN = {"eval", "exec", "compile", "sympify", "parse_expr", "S", "__import__", "lambdify"}


def forbidden_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name == "compile" and isinstance(func, ast.Attribute):
                continue  # re.compile and friends compile patterns, not code
            if name in FORBIDDEN:
                found.append((node.lineno, name))
        elif isinstance(node, ast.ImportFrom) and any(alias.name in FORBIDDEN for alias in node.names):
            found.append((node.lineno, "import of " + ", ".join(a.name for a in node.names)))
    return found


def test_package_never_calls_eval_exec_sympify_or_parse_expr() -> None:
    offenders = []
    for path in sorted((ROOT / "bpcalc").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [f"{path.relative_to(ROOT)}:{line}: {name}" for line, name in forbidden_calls(tree)]
    assert offenders == []


@pytest.mark.parametrize(
    "snippet",
    ["eval(text)", "exec(code)", "sp.sympify(s)", "from sympy.parsing.sympy_parser import parse_expr",
     "sympy.S(text)", "builtins.eval(x)", "compile(src, 'f', 'eval')"],
)
def test_the_scan_catches_each_forbidden_call(snippet: str) -> None:
    assert forbidden_calls(ast.parse(snippet))


def test_the_scan_allows_regular_expression_compile() -> None:
    assert forbidden_calls(ast.parse("re.compile('x')")) == []
