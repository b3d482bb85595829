"""Big and deep graphs: 10^5-deep nesting and 10^5-node graphs work, with exact gradients.

Nothing here is timed (timings live in benchmarks/run.py); these tests pin down that no pass
recurses (a RecursionError would surface long before 10^5) and that the tuned scalar loops
still give the closed-form gradients on chains, trees and DAGs with heavy reuse.
"""

from __future__ import annotations

import gc
import math
import random
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from bpcalc import evaluate
from bpcalc.engine import run
from bpcalc.errors import BpcalcError
from bpcalc.language.parser import parse

DEEP = 100_000


def test_parenthesis_nesting_100k_deep_parses_and_differentiates() -> None:
    # ((((x+1)+1) ... )+1): 10^5 open parentheses before the first operand.
    source = "(" * DEEP + "x" + "+1)" * DEEP
    result = evaluate(source, x=0.5, check=False)
    assert result.value == 0.5 + DEEP
    assert result.gradients["x"] == 1.0


def test_function_call_nesting_100k_deep_matches_the_closed_form() -> None:
    # sin(sin(...sin(x)...)): the gradient is the product of cos at every level.
    source = "sin(" * DEEP + "x" + ")" * DEEP
    result = evaluate(source, x=0.5, check=False)
    value, grad = 0.5, 1.0
    for _ in range(DEEP):
        grad *= math.cos(value)
        value = math.sin(value)
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.gradients["x"] == pytest.approx(grad, rel=1e-9)


def _names(count: int) -> list[str]:
    """Distinct three-character names that no function or constant uses (the source limit
    of a million characters leaves ten characters per statement)."""
    first = "_ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    rest = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return [a + b + c for a in first for b in rest for c in rest][:count]


def test_statement_chain_100k_deep_matches_the_closed_form() -> None:
    # s1 = x*c; s2 = s1*c; ...: the output is x c^N, so dL/dx = c^N and dL/dc = N x c^(N-1).
    names = _names(DEEP)
    statements = [f"{names[0]}=x*c"] + [f"{names[k]}={names[k - 1]}*c" for k in range(1, DEEP)]
    x, c = 2.0, 1.00001
    result = evaluate(";".join(statements), x=x, c=c, check=False)
    assert len(result.trace.graph) == DEEP + 2
    assert result.value == pytest.approx(x * c**DEEP, rel=1e-9)
    assert result.gradients["x"] == pytest.approx(c**DEEP, rel=1e-9)
    assert result.gradients["c"] == pytest.approx(DEEP * x * c ** (DEEP - 1), rel=1e-9)
    middle = names[DEEP // 2 - 1]  # the (DEEP/2)-th statement: DEEP/2 multiplications follow it
    assert result.trace.gradient(middle) == pytest.approx(c ** (DEEP - DEEP // 2), rel=1e-9)


def test_unrolled_recurrence_of_100k_nodes_sums_the_reused_inputs() -> None:
    # h_{k+1} = tanh(w*h_k + x): w and x fan out to every step (the copy gate adds them up).
    steps = DEEP // 3
    w, x, h = 0.9, 0.1, 0.2
    lines = ["h1=tanh(w*h+x)"] + [f"h{k + 1}=tanh(w*h{k}+x)" for k in range(1, steps)]
    result = evaluate(";".join(lines), w=w, x=x, h=h, check=False)
    assert len(result.trace.graph) == 3 * steps + 3
    # Closed form by forward mode: carry (h, dh/dw, dh/dx, dh/dh0) through the recurrence.
    value, dw, dx, dh0 = h, 0.0, 0.0, 1.0
    for _ in range(steps):
        new = math.tanh(w * value + x)
        slope = 1.0 - new * new
        value, dw, dx, dh0 = new, slope * (value + w * dw), slope * (1.0 + w * dx), slope * w * dh0
    assert result.value == pytest.approx(value, rel=1e-12)
    assert result.gradients["w"] == pytest.approx(dw, rel=1e-9)
    assert result.gradients["x"] == pytest.approx(dx, rel=1e-9)
    assert result.gradients["h"] == pytest.approx(dh0, rel=1e-9, abs=1e-300)


def test_balanced_product_tree_of_100k_nodes_gives_each_input_product_over_itself() -> None:
    # x0 * x1 * ... * x_{m-1} as a balanced tree (2m - 1 nodes): dL/dx_i = P / x_i.
    leaves = 50_000
    items = [f"x{i}" for i in range(leaves)]
    while len(items) > 1:
        paired = [f"({items[i]}*{items[i + 1]})" for i in range(0, len(items) - 1, 2)]
        items = paired + ([items[-1]] if len(items) % 2 else [])
    values = {f"x{i}": 1.0 + ((i * 7919) % 201 - 100) * 1e-5 for i in range(leaves)}
    result = evaluate(items[0], values, check=False)
    assert len(result.trace.graph) == 2 * leaves - 1
    product = math.prod(values.values())
    assert result.value == pytest.approx(product, rel=1e-9)
    grads = result.gradients
    assert all(grads[name] == pytest.approx(product / value, rel=1e-9) for name, value in values.items())


def test_a_second_run_of_a_big_graph_gives_the_same_gradients() -> None:
    graph = parse("(" * 2_000 + "x" + "*1.0001+0.1)" * 2_000).graph
    first = run(graph, {"x": 0.3})
    second = run(graph, {"x": 0.3})
    assert first.grads == second.grads
    assert first.grads[graph.variables["x"]] != 0.0


def test_the_passes_leave_the_garbage_collector_as_they_found_it() -> None:
    graph = parse("x * y + sin(x)").graph
    assert gc.isenabled()
    run(graph, {"x": 1.0, "y": 2.0})
    assert gc.isenabled()
    gc.disable()
    try:
        run(graph, {"x": 1.0, "y": 2.0})
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_back_on_after_a_domain_error() -> None:
    from bpcalc.errors import DomainError

    with pytest.raises(DomainError):
        run(parse("log(x - 1)").graph, {"x": 1.0})
    assert gc.isenabled()


def test_a_big_graph_with_an_infinite_local_gradient_still_reports_the_node() -> None:
    # The quick backward loop skips per-node checks; the careful one must take over and name it.
    from bpcalc.errors import DomainError

    source = "sqrt(x)" + " * 1.0001" * 10_000
    with pytest.raises(DomainError, match=r"n1.*local gradient is infinite"):
        evaluate(source, x=0.0, check=False)


def test_a_scalar_eval_without_the_check_never_imports_numpy_or_sympy() -> None:
    code = (
        "import sys\n"
        "from bpcalc.cli import cli\n"
        "try:\n"
        "    cli(['eval', '(x + y) * z', '--x=-2', '--y=5', '--z=-4', '--no-check'], prog_name='bpcalc')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(sorted(m for m in ('numpy', 'sympy', 'torch') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "-12" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _random_program(rng: random.Random, depth: int) -> str:
    """A random expression over x, y, z with every scalar gate, domain edges included."""
    leaves = ["x", "y", "z", "0", "1", "2", "-1", "0.5", "pi"]
    functions = ["exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "abs"]
    # An explicit stack of pending holes instead of recursion, as everywhere in bpcalc.
    parts: list[str] = []
    todo: list[tuple[str, int]] = [("expr", depth)]
    while todo:
        kind, level = todo.pop()
        if kind == "text":
            parts.append(str(level))
            continue
        choice = rng.random()
        if level == 0 or choice < 0.25:
            parts.append(rng.choice(leaves))
        elif choice < 0.6:
            operator = rng.choice(["+", "-", "*", "/", "**"])
            todo += [("text", ")"), ("expr", level - 1), ("text", f" {operator} "), ("expr", level - 1), ("text", "(")]
        elif choice < 0.9:
            todo += [("text", ")"), ("expr", level - 1), ("text", f"{rng.choice(functions)}(")]
        else:
            todo += [("text", ")"), ("expr", level - 1), ("text", ", "), ("expr", level - 1), ("text", "max(")]
    return "".join(parts)


def _random_cases(seed: int, count: int = 3000) -> Iterator[tuple[str, Any, dict[str, float]]]:
    """(source, graph, values) for random programs, inputs drawn from values that hit the edges."""
    rng = random.Random(seed)
    for _ in range(count):
        source = _random_program(rng, rng.randint(1, 5))
        try:
            graph = parse(source).graph
        except BpcalcError:
            continue  # a constant subexpression undefined where it is folded (log(-1)): refused by the parser
        yield source, graph, {name: rng.choice([0.0, 1.0, -1.0, 2.0, 0.5, -3.0, 700.0]) for name in graph.variables}


def test_the_quick_backward_agrees_with_the_careful_one_on_random_programs() -> None:
    # The quick loop skips per-node checks; wherever it answers, the careful loop must give
    # the very same gradients, and where it declines, the careful loop must find a non-finite
    # gradient (an error, or a constant's undefined gradient).
    from bpcalc.engine import scalar_pass
    from bpcalc.errors import BpcalcError

    answered = declined = 0
    for source, graph, values in _random_cases(seed=7):
        try:
            computed, _ = scalar_pass.forward(graph, values)
        except BpcalcError:
            continue
        quick = scalar_pass._backward_quick(graph, computed)
        try:
            careful = scalar_pass._backward_careful(graph, computed)
        except BpcalcError:
            assert quick is None, source
            declined += 1
            continue
        if quick is None:
            local = scalar_pass.LocalGradients(graph, computed)
            assert None in careful or any(p is not None and not all(map(math.isfinite, p)) for p in local), source
            declined += 1
        else:
            assert repr(quick) == repr(careful), source
            answered += 1
    assert answered > 1000 and declined > 50


def test_the_quick_forward_agrees_with_the_careful_one_on_random_programs() -> None:
    # The quick loop checks only where an operation has a domain or kink rule and looks for
    # overflow at the end; it must give the careful loop's values and kinks, or decline, and
    # it may decline only where the careful loop raises.
    from bpcalc.engine import scalar_pass
    from bpcalc.errors import BpcalcError

    answered = declined = 0
    for source, graph, values in _random_cases(seed=11):
        quick = scalar_pass._forward_quick(graph, values)
        try:
            careful = scalar_pass._forward_careful(graph, values)
        except BpcalcError:
            assert quick is None, source
            declined += 1
            continue
        assert quick is not None, source
        assert repr(quick) == repr(careful), source
        answered += 1
    assert answered > 1000 and declined > 50
