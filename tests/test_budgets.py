"""Memory and time budgets (issue 18): a program past a documented budget stops with a message
that names what went past it, before the work is done."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import bpcalc
from bpcalc.cli import cli
from bpcalc.engine.budget import DEFAULT_MAX_MEMORY, MemoryBudgetError, estimate_entries, memory_limit, parse_size


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_outer_of_a_million_entries_is_refused_naming_the_node(tmp_path: Path) -> None:
    np.save(tmp_path / "x.npy", np.ones(10**6))
    code, out, err = run("eval", "sum(outer(x, x))", f"--x=@{tmp_path / 'x.npy'}", "--no-check")
    assert code == 2 and out == ""
    assert err.startswith("error (column 5): node n1 (outer), 'outer(x, x)': would hold 1,000,000,000,000 numbers")
    assert "past the memory budget of 2 GiB" in err
    assert "--max-memory" in err


def test_max_memory_below_a_program_refuses_it(tmp_path: Path) -> None:
    code, _, err = run("eval", "sum(outer(x, x))", "--x=[1, 2, 3]", "--max-memory", "100")
    assert code == 2
    assert "would hold 9 numbers (72 bytes)" in err and "budget of 100 bytes" in err


def test_max_memory_above_a_program_lets_it_run() -> None:
    x = np.linspace(-1.0, 1.0, 100)  # outer: 10^4 entries, 240 KB with gradients: past 100K, within 1M
    assert run("eval", "sum(outer(x, x))", f"--x={x.tolist()}", "--no-check", "--max-memory", "100K")[0] == 2
    code, out, _ = run("eval", "sum(outer(x, x))", f"--x={x.tolist()}", "--no-check", "--max-memory", "1M",
                       "--json")
    assert code == 0
    import json

    gradient = np.array(json.loads(out)["gradients"]["x"])
    assert np.allclose(gradient, 2 * x.sum())  # d/dx_k sum_ij x_i x_j = 2 sum_i x_i


def test_max_memory_does_not_outlive_its_command() -> None:
    run("eval", "sum(x * x)", "--x=[1, 2]", "--max-memory", "1K")
    assert bpcalc.evaluate("sum(outer(x, x))", {"x": np.ones(30)}, check=False).trace.output == 900.0


def test_memory_limit_applies_to_the_library_too() -> None:
    with memory_limit(1000), pytest.raises(MemoryBudgetError, match="outer"):
        bpcalc.evaluate("sum(outer(x, x))", {"x": np.ones(30)}, check=False)


def test_malformed_max_memory_is_a_usage_error() -> None:
    code, _, err = run("eval", "x", "--x=1", "--max-memory", "10Q")
    assert code == 2 and "write a size like 512M or 8G" in err


@pytest.mark.parametrize(("text", "size"), [("100", 100), ("2G", 2 * 2**30), ("512M", 512 * 2**20),
                                             ("1.5GiB", 3 * 2**29), ("8k", 8192)])
def test_sizes_read_with_binary_units(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_default_budget_is_two_gibibytes() -> None:
    assert DEFAULT_MAX_MEMORY == 2 * 2**30


# The estimate against numpy's own result, for each rule the estimator has.
CASES = [
    ("outer", [np.ones(7), np.ones((2, 3))], lambda a, b: np.outer(a, b)),
    ("matmul", [np.ones((3, 4)), np.ones((4, 5))], np.matmul),
    ("matmul", [np.ones((6, 3, 4)), np.ones((4,))], np.matmul),
    ("matmul", [np.ones((4,)), np.ones((4, 2))], np.matmul),
    ("matmul", [np.ones((2, 1, 3, 4)), np.ones((5, 4, 6))], np.matmul),
    ("add", [np.ones((3, 1)), np.ones((1, 4))], np.add),
    ("mul", [np.ones((2, 3)), 2.0], np.multiply),
    ("tanh", [np.ones((5, 2))], np.tanh),
    ("sum", [np.ones((5, 2))], np.sum),
]


@pytest.mark.parametrize(("name", "inputs", "numpy_rule"), CASES, ids=[case[0] for case in CASES])
def test_estimate_is_at_least_numpys_result_size(name: str, inputs: list[object], numpy_rule: object) -> None:
    actual = np.asarray(numpy_rule(*inputs)).size  # type: ignore[operator]
    estimate = estimate_entries(name, inputs)
    assert actual <= estimate <= max(actual, max(np.asarray(x).size for x in inputs))


SQUARING_CHAIN = "a=x*x+x; b=a*a+x; c=b*b+x; d=c*c+x; g=d*d+x; h=g*g+x; i=h*h+x; j=i*i+x"


def test_symbolic_explain_of_the_squaring_chain_finishes_with_correct_formulas() -> None:
    import time

    import sympy as sp

    from bpcalc.teach.explanation import SYMBOLIC_SECONDS, explain

    started = time.monotonic()
    explanation = explain(SQUARING_CHAIN, {"x": 0.5}, symbolic=True)
    assert time.monotonic() - started < SYMBOLIC_SECONDS + 5  # before: not finished after 300 s
    assert explanation.formulas is not None and not explanation.skipped
    x = sp.Symbol("x")
    chain = x
    for _ in range(8):
        chain = chain * chain + x  # built here, independently of bpcalc's graph
    expected = sp.diff(chain, x).subs(x, sp.Rational(1, 2))
    ours = sp.parse_expr(explanation.formulas[0].replace("^", "**"), local_dict={"x": x})  # dL/dx, our output
    assert sp.simplify(ours.subs(x, sp.Rational(1, 2)) - expected) == 0


def test_degree_bound_reads_the_expanded_degree_without_expanding() -> None:
    import sympy as sp

    from bpcalc.checks.formula_size import degree_bound

    x, y = sp.symbols("x y")
    chain = x
    for _ in range(8):
        chain = chain * chain + x
    assert degree_bound(chain) == 256 == 2**8  # each squaring doubles the degree
    assert degree_bound((x**2 + x) ** 2) == sp.Poly(sp.expand((x**2 + x) ** 2)).total_degree() == 4
    assert degree_bound(x * y**3 + sp.sin(x) ** 2) == 4


def test_plot_over_the_whole_float_range_is_sampled_not_undefined() -> None:
    from bpcalc.teach.plot import sample

    samples = sample("sin(x)", "x", -1e308, 1e308, points=5)
    assert samples.xs == [-1e308, -5e307, 0.0, 5e307, 1e308]
    assert all(y is not None and -1 <= y <= 1 for y in samples.ys)


def test_plot_past_its_work_budget_is_refused_saying_how_many_points_fit() -> None:
    from bpcalc.teach.plot import PLOT_NODE_EVALUATIONS

    program = "+".join(f"tanh(x*{k % 7 + 1})" for k in range(30000))
    code, out, err = run("plot", program, "--x=-1:1", "--points", "100000")
    nodes = 120_000  # per term: x, the factor, mul, tanh; and an add between terms (the x shared)
    assert code == 2 and out == ""
    assert "a plot does at most 10,000,000" in err
    assert f"give --points {PLOT_NODE_EVALUATIONS // nodes} or fewer" in err


def test_exact_power_past_the_exponent_bound_says_so_not_zero_digits() -> None:
    code, _, err = run("explain", "sin(x)^1000000", "--x=1/3", "--exact")
    assert code == 2
    assert "the exponent 1000000 is past the 10,000 that exact mode expands" in err
    assert "about 0 digits" not in err


def test_png_of_a_large_chain_is_refused_before_layout(tmp_path: Path) -> None:
    program = "x0 = x\n" + "\n".join(f"x{k} = x{k - 1} + 1" for k in range(1, 3000))
    (tmp_path / "chain.bp").write_text(program, encoding="utf-8")
    code, _, err = run("graph", "-f", str(tmp_path / "chain.bp"), "--x=1", "--format", "png",
                       "-o", str(tmp_path / "chain.png"))
    assert code == 2
    assert "a PNG of" in err and "nodes is past the 1,000 a picture can show" in err  # 3,000 statements
    assert "--format dot" in err
    assert not (tmp_path / "chain.png").exists()
