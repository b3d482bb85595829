"""The cross-check of large scalar graphs: linear-time checks that still catch wrong gradients.

sympy-local checks every node's local gradients against SymPy's derivative of its operation
(compiled once per operation); finite differences check the chain rule with a directional
derivative over all inputs plus at most 24 inputs one by one; a long check can report its
progress (a bar on a terminal, nothing anywhere else).
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import bpcalc
from bpcalc.checks import cross_check as check
from bpcalc.checks import symbolic
from bpcalc.checks.cross_check import DIRECTIONAL_METHOD, FINITE_DIFFERENCE_INPUTS, KINK, MISMATCH, OK, cross_check
from bpcalc.cli import cli
from bpcalc.cli.progress import TerminalProgress
from bpcalc.engine import scalar_pass
from bpcalc.ops import REGISTRY
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "bpcalc" / "schema" / "eval.schema.json").read_text(encoding="utf-8"))


def chain(levels: int) -> str:
    """tanh(0.5 * tanh(0.5 * ... x ... + 0.1) + 0.1): 5 nodes a level."""
    return "tanh(0.5 * " * levels + "x" + " + 0.1)" * levels


def tree(leaves: int) -> tuple[str, dict[str, float]]:
    """A balanced tree of tanh(a + b) over the inputs x0, x1, ...: about 3 nodes a leaf."""
    items = [f"x{i}" for i in range(leaves)]
    while len(items) > 1:
        paired = [f"tanh({items[i]} + {items[i + 1]})" for i in range(0, len(items) - 1, 2)]
        if len(items) % 2:
            paired.append(items[-1])
        items = paired
    return items[0], {f"x{i}": (i % 7) / 7 - 0.4 for i in range(leaves)}


@pytest.fixture(scope="module")
def big_tree() -> bpcalc.api.Result:
    source, values = tree(3000)
    return bpcalc.evaluate(source, values)


def sampled_inputs(result: bpcalc.api.Result) -> list[str]:
    return [name for name, index in result.trace.graph.variables.items()
            if result.check.nodes[index].method == "finite-differences"]


def unsampled_small_input(result: bpcalc.api.Result) -> str:
    """An input checked only by the directional check, with a gradient below the median."""
    grads = result.trace.grads
    variables = result.trace.graph.variables
    median = sorted(abs(grads[i]) for i in variables.values())[len(variables) // 2]
    return next(name for name, i in variables.items()
                if result.check.nodes[i].method == DIRECTIONAL_METHOD and abs(grads[i]) < median)


class LocalsWithOneWrong:
    """A trace's local gradients with node `index`'s scaled by 1.001 (a subtly wrong rule)."""

    def __init__(self, base: Any, index: int) -> None:
        self.base, self.index = base, index

    def __len__(self) -> int:
        return len(self.base)

    def __getitem__(self, k: int) -> Any:
        parts = self.base[k]
        return tuple(p * 1.001 for p in parts) if k == self.index else parts


# ---- sympy-local ----------------------------------------------------------------------------


def test_a_10k_node_chain_gets_sympy_local_on_every_operation_node() -> None:
    result = bpcalc.evaluate(chain(2_000), x=0.3)
    graph = result.trace.graph
    assert graph.output + 1 == 10_001
    operations = [i for i in range(graph.output + 1) if graph.args[i]]
    assert len(operations) == 6_000
    assert all(result.check.nodes[i].verdict == OK and result.check.nodes[i].method == "sympy-local" for i in operations)
    assert result.check.methods[0] == "sympy-local"
    assert result.check.passed


def test_every_scalar_registry_row_compiles_to_float_functions_that_agree_with_sympy() -> None:
    sp = symbolic.sympy_module()
    rng = random.Random(7)
    for name, row in REGISTRY.items():
        if row.vjp is not None:
            continue
        for arity in [row.arity] if row.arity else range(row.min_arity, (row.max_arity or 3) + 1):
            args, derivatives = symbolic.local_derivatives(name, arity)
            point = tuple(rng.uniform(0.2, 1.5) for _ in range(arity))
            subs = {s: sp.Float(x, 30) for s, x in zip(args, point)}
            for derivative in derivatives:
                function = symbolic.float_function(derivative, args)
                assert function is not None, (name, derivative)
                assert function(point) == pytest.approx(symbolic.evaluate(derivative, subs), rel=1e-12, abs=1e-15)


def test_a_wrong_local_gradient_is_caught_by_sympy_local(big_tree) -> None:
    trace = big_tree.trace
    index = next(i for i in range(trace.graph.output) if trace.graph.ops[i] == "tanh")
    report = cross_check(dataclasses.replace(trace, locals=LocalsWithOneWrong(trace.locals, index)), big_tree.values)
    assert not report.passed
    assert report.nodes[index].verdict == MISMATCH
    assert report.nodes[index].method == "sympy-local"
    assert report.nodes[index].relative_error == pytest.approx(1e-3, rel=1e-3)
    assert report.counts()[MISMATCH] == 1


def test_pow_with_a_constant_exponent_at_zero_agrees_in_a_large_graph() -> None:
    # SymPy's general d(a^b)/da = a^b * b / a is undefined at a = 0; with b = 2 put in first it is 0.
    result = bpcalc.evaluate(" + ".join(["x^2"] * 30) + " + y", x=0.0, y=1.0)
    assert result.trace.graph.output + 1 > check.FULL_SYMBOLIC_NODES
    assert result.check.passed
    assert MISMATCH not in result.check.counts()


def test_a_negative_base_skips_the_undefined_exponent_partial_as_before() -> None:
    # d(x^2)/d2 = x^2 log(x) does not exist for x < 0: ours is nan, SymPy's is complex; skipped.
    result = bpcalc.evaluate(" + ".join(["x^2"] * 30) + " + y", x=-2.0, y=1.0)
    assert result.check.passed
    pow_nodes = [i for i, op in enumerate(result.trace.graph.ops) if op == "pow"]
    assert all(result.check.nodes[i].verdict == OK for i in pow_nodes)


def test_relu_exactly_at_zero_in_a_large_graph_is_a_kink() -> None:
    source = " + ".join(f"relu(x - {k})" for k in range(25))
    result = bpcalc.evaluate(source, x=3.0)
    at_zero = next(i for i, op in enumerate(result.trace.graph.ops) if op == "relu" and result.trace.kinks[i])
    assert result.check.nodes[at_zero].verdict == KINK
    assert result.check.passed


# ---- finite differences ---------------------------------------------------------------------


def test_a_tree_with_3000_inputs_gets_the_directional_check_and_24_sampled_inputs(big_tree) -> None:
    report = big_tree.check
    assert report.methods == ["sympy-local",
                              "finite-differences (24 of 3000 inputs, plus a directional check over all inputs)"]
    assert report.directional is not None
    assert report.directional.verdict == OK and report.directional.inputs == 3000
    assert len(sampled_inputs(big_tree)) == FINITE_DIFFERENCE_INPUTS
    methods = [report.nodes[i].method for i in big_tree.trace.graph.variables.values()]
    assert methods.count(DIRECTIONAL_METHOD) == 3000 - FINITE_DIFFERENCE_INPUTS
    assert report.passed and report.counts() == {OK: big_tree.trace.graph.output + 1}


def test_the_sampled_inputs_include_the_largest_gradients(big_tree) -> None:
    grads = big_tree.trace.grads
    variables = big_tree.trace.graph.variables
    largest = sorted(variables, key=lambda name: (-abs(grads[variables[name]]), variables[name]))[:12]
    assert set(largest) <= set(sampled_inputs(big_tree))


def test_a_wrong_input_gradient_is_caught_by_the_directional_check(big_tree) -> None:
    trace = big_tree.trace
    name = unsampled_small_input(big_tree)
    index = trace.graph.variables[name]
    grads = list(trace.grads)
    grads[index] *= 1.1  # the chain rule lost 10% somewhere: no local gradient shows it
    report = cross_check(dataclasses.replace(trace, grads=grads), big_tree.values)
    assert not report.passed
    assert report.directional.verdict == MISMATCH
    assert report.nodes[index].verdict == MISMATCH and report.nodes[index].method == DIRECTIONAL_METHOD
    assert report.methods[1].endswith("plus a directional check over all inputs, which failed)")
    sampled = [report.nodes[variables_index] for variables_index in
               (trace.graph.variables[n] for n in sampled_inputs(big_tree))]
    assert all(node.verdict == OK for node in sampled)  # the inputs checked one by one stay ok


def test_few_inputs_are_all_differenced_one_by_one() -> None:
    lines = ["h1 = tanh(w*h + x)"] + [f"h{k + 1} = tanh(w*h{k} + x)" for k in range(1, 40)]
    result = bpcalc.evaluate("\n".join(lines), w=0.9, x=0.1, h=0.2)
    assert result.check.methods == ["sympy-local",
                                    "finite-differences (all 3 inputs, plus a directional check over all inputs)"]
    assert all(result.check.nodes[i].method == "finite-differences" for i in result.trace.graph.variables.values())


def test_a_kink_within_the_step_is_not_reported_as_a_mismatch() -> None:
    # relu inputs 1e-9 away from 0: every finite-difference step crosses the kink.
    rng = random.Random(1)
    values: dict[str, float] = {"x": 1.0}
    for k in range(30):
        values[f"w{k}"] = rng.uniform(-1, 1)
        values[f"b{k}"] = -values[f"w{k}"] + 1e-9 * (k % 3 - 1)
    result = bpcalc.evaluate(" + ".join(f"relu(w{k}*x + b{k})" for k in range(30)), values)
    assert result.check.passed
    assert MISMATCH not in result.check.counts()
    assert result.check.directional.verdict == check.INCONCLUSIVE
    assert any("directional check" in line and "inconclusive" in line for line in result.check.skipped)


def test_inputs_that_feed_an_exact_kink_are_left_out_of_the_direction() -> None:
    source = "relu(a) * b + " + " + ".join(f"tanh(c * {k})" for k in range(1, 25))
    result = bpcalc.evaluate(source, a=0.0, b=2.0, c=0.5)
    directional = result.check.directional
    assert directional.verdict == OK and directional.inputs == 2
    assert "directional check over 2 of 3 inputs, the others feed a kink" in result.check.methods[1]


# ---- reports and output ---------------------------------------------------------------------


def write_tree(tmp_path: Path, leaves: int) -> Path:
    source, values = tree(leaves)
    path = tmp_path / "tree.bp"
    path.write_text("".join(f"let {k} = {v!r}\n" for k, v in values.items()) + source, encoding="utf-8")
    return path


def test_the_json_summary_says_which_checks_ran(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = CliRunner().invoke(cli, ["eval", "--json", "-f", str(write_tree(tmp_path, 100))], catch_exceptions=False)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    summary = doc["check"]
    assert summary["passed"] is True
    assert summary["methods"] == ["sympy-local", "finite-differences (24 of 100 inputs, plus a directional check over all inputs)"]
    assert summary["skipped"] == ["sympy (whole-expression derivatives): skipped for 298 nodes > 60"]
    assert summary["directional"]["verdict"] == "ok" and summary["directional"]["inputs"] == 100
    assert summary["directional"]["relative_error"] < 1e-8


def test_a_failed_directional_check_fails_the_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    path = write_tree(tmp_path, 100)
    original = scalar_pass.backward

    def backward_with_a_slip(graph: Any, values: list[Any], *args: Any, **kwargs: Any) -> Any:
        grads, local, downstream = original(graph, values, *args, **kwargs)
        grads = list(grads)
        grads[graph.variables["x51"]] *= 1.01
        return grads, local, downstream

    monkeypatch.setattr(scalar_pass, "backward", backward_with_a_slip)
    result = CliRunner().invoke(cli, ["eval", "--json", "-f", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["check"]["passed"] is False
    assert doc["check"]["directional"]["verdict"] == "mismatch"
    table = CliRunner().invoke(cli, ["eval", "-f", str(path)], catch_exceptions=False)
    assert table.exit_code == 1
    assert "gradient mismatch" in table.stdout and "directional check over all inputs, which failed" in table.stdout


def test_small_graphs_keep_the_whole_expression_check_and_no_directional_one() -> None:
    result = bpcalc.evaluate("(x + y) * z", x=-2, y=5, z=-4)
    assert result.check.methods == ["sympy"]
    assert result.check.directional is None
    assert bpcalc.to_json(result)["check"]["directional"] is None


# ---- progress -------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_callback_hears_each_stage_to_its_end() -> None:
    heard: list[tuple[str, int, int]] = []
    bpcalc.evaluate(chain(2_000), x=0.3, progress=lambda what, done, total: heard.append((what, done, total)))
    stages = {what for what, _done, _total in heard}
    assert stages == {"sympy-local", "finite-differences"}
    for stage in stages:
        reports = [(done, total) for what, done, total in heard if what == stage]
        assert reports[-1][0] == reports[-1][1]  # it ends complete
        assert [done for done, _total in reports] == sorted(done for done, _total in reports)
    assert ("sympy-local", 10_001, 10_001) in heard


def test_the_library_prints_nothing_during_a_long_check(capsys: pytest.CaptureFixture[str]) -> None:
    bpcalc.evaluate(chain(2_000), x=0.3)
    assert capsys.readouterr() == ("", "")


def test_a_bar_is_drawn_for_a_long_check_when_stderr_is_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with TerminalProgress(lambda: Console(file=terminal)) as progress:
        bpcalc.evaluate(chain(2_000), x=0.3, progress=progress)
    assert "checking: sympy-local" in terminal.getvalue()


def test_no_bar_for_a_short_check_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with TerminalProgress(lambda: Console(file=terminal)) as progress:
        bpcalc.evaluate(chain(100), x=0.3, progress=progress)
    assert terminal.getvalue() == ""


def test_the_eval_command_draws_the_bar_on_a_terminal_stderr_and_keeps_stdout_clean(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "chain.bp"
    path.write_text(chain(2_000), encoding="utf-8")
    for as_json in (False, True):
        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        cli.main(["eval", "-f", str(path), "--x=0.3", *(["--json"] if as_json else [])], standalone_mode=False)
        out = capsys.readouterr().out
        assert "checking: sympy-local" in terminal.getvalue()
        assert "checking" not in out  # the table or the JSON on stdout stays clean
        if as_json:
            assert json.loads(out)["check"]["passed"] is True


def test_the_eval_command_writes_nothing_on_stderr_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "chain.bp"
    path.write_text(chain(2_000), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "-f", str(path), "--x=0.3"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "all gradients agree" in result.stdout


def test_directional_tolerance_is_relative_to_the_numbers_compared() -> None:
    # Large inputs: the nudges scale with them, and the check still agrees.
    source = " + ".join(f"x{k} * x{k + 1}" for k in range(40))
    values = {f"x{k}": 1e4 * (k + 1) for k in range(41)}
    result = bpcalc.evaluate(source, values)
    assert result.check.directional.verdict == OK
    assert result.check.directional.relative_error < 1e-8
    assert math.isfinite(result.check.directional.backprop)


def test_a_pole_within_the_step_is_inconclusive_not_a_mismatch() -> None:
    # tan 3e-8 short of pi/2: every step of 1e-5 jumps across the pole.
    result = bpcalc.evaluate(" + ".join(f"tan(x + {k}e-9)" for k in range(1, 25)), x=1.5707963)
    assert result.check.passed
    assert result.check.directional.verdict == check.INCONCLUSIVE
    assert "would not settle" in result.check.directional.reason


def test_inputs_used_only_after_the_output_are_checked_too() -> None:
    source = "q = " + " + ".join(f"tanh(x*{k})" for k in range(1, 30)) + "\nr = q * y + z\nq"
    result = bpcalc.evaluate(source, x=0.3, y=2.0, z=1.0)
    graph = result.trace.graph
    assert graph.variables["y"] > graph.output
    assert result.check.passed
    assert result.check.nodes[graph.variables["y"]].verdict == OK
    assert result.check.nodes[graph.variables["y"]].expected == 0


def test_a_whole_expression_sympy_refuses_falls_back_to_the_linear_checks() -> None:
    # To SymPy sin(pi) is exactly 0, so log(sin(pi)) is zoo and a max over it is not comparable.
    result = bpcalc.evaluate("max(log(sin(pi)), x)", x=1.0)
    assert result.check.passed
    assert result.check.methods[0] == "sympy-local"
    assert "SymPy could not build the expression" in result.check.skipped[0]
