"""Properties that hold for every well-formed program (issue 8), checked with hypothesis.

Programs are generated as flat lists of statements over the whole scalar registry: each
statement applies a registry op to earlier statements, inputs and constants, so names fan out
(copy gates) as they do in homework. Values are kept inside each op's domain and away from
poles and from near-kinks (where a centred difference straddles the kink); exact kinks are
generated on purpose and must be flagged. References are independent of our derivative rules:
centred finite differences through the forward rules, and SymPy differentiating expressions
built from each op's name (sympy.exp for `exp`) or a table in this file, never from a row's own
`sympy` column.

To extend to arrays: add the array ops to `SCALAR_OPS`' sibling list with a value strategy of
matching shape; the program shape (statements over earlier names) stays the same.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpcalc.engine import run
from bpcalc.language.parser import parse
from bpcalc.ops import REGISTRY
from bpcalc.render.source import to_source

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("BPCALC_HYPOTHESIS_PROFILE", "ci"))

SCALAR_OPS = [name for name, op in REGISTRY.items() if op.vjp is None]
# The kinked rows, from the registry; where each has its kinks is this file's own `_at_kink`.
MASK_OPS = {"greater", "greater_equal", "less", "less_equal", "equal", "not_equal"}
KINK_OPS = {name for name in SCALAR_OPS if REGISTRY[name].kink is not None}
LIMIT = 1e3  # every intermediate stays within this magnitude, so differences stay accurate


def _independent_table(sp):
    """The test's own SymPy meaning of the rows SymPy has no function of that name for."""
    def leaky(x, s=None):
        s = sp.Rational(1, 100) if s is None else s  # PyTorch's default negative_slope
        return sp.Piecewise((x, x > 0), (s * x, True))

    def elu(x, s=None):
        s = sp.Integer(1) if s is None else s  # PyTorch's default alpha
        return sp.Piecewise((x, x > 0), (s * (sp.exp(x) - 1), True))

    return {
        "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
        "div": lambda x, y: x / y, "pow": lambda x, y: x**y, "neg": lambda x: -x,
        "sigmoid": lambda x: 1 / (1 + sp.exp(-x)), "relu": lambda x: sp.Max(0, x),
        "abs": sp.Abs, "max": sp.Max, "min": sp.Min, "leaky_relu": leaky, "elu": elu,
        "softplus": lambda x: sp.log(1 + sp.exp(x)), "silu": lambda x: x / (1 + sp.exp(-x)),
        "gelu": lambda x: x * (1 + sp.erf(x / sp.sqrt(2))) / 2,
        # sympy.sign differentiates to DiracDelta, which SymPy cannot always evaluate (sign of
        # exp(x0)/x2 raised "Can't calculate derivative"): the same function as pieces.
        "sign": lambda x: sp.Piecewise((1, x > 0), (-1, x < 0), (0, True)),
        # The comparisons as 0/1 steps, and where as the choice it makes.
        "greater": lambda x, y: sp.Piecewise((1, x > y), (0, True)),
        "greater_equal": lambda x, y: sp.Piecewise((1, x >= y), (0, True)),
        "less": lambda x, y: sp.Piecewise((1, x < y), (0, True)),
        "less_equal": lambda x, y: sp.Piecewise((1, x <= y), (0, True)),
        "equal": lambda x, y: sp.Piecewise((1, sp.Eq(x, y)), (0, True)),
        "not_equal": lambda x, y: sp.Piecewise((1, sp.Ne(x, y)), (0, True)),
        "where": lambda c, a, b: sp.Piecewise((a, sp.Ne(c, 0)), (b, True)),
    }


def _sympy_function(sp, name: str):
    """The op's meaning built from its name alone (sympy.exp for `exp`, sympy.codegen's log1p),
    or from this file's table; never from the row's own `sympy` column. None if neither has it."""
    from sympy.codegen import cfunctions

    table = _independent_table(sp)
    if name in table:
        return table[name]
    return getattr(sp, name, None) or getattr(cfunctions, name, None)


def _sympy_forward(sp, name: str, *a):
    return _sympy_function(sp, name)(*a)


def test_every_scalar_row_has_an_independent_sympy_meaning() -> None:
    import sympy as sp

    missing = [name for name in SCALAR_OPS if _sympy_function(sp, name) is None]
    assert not missing, f"give {missing} a SymPy meaning in _independent_table (not the row's own column)"


def test_kink_list_comes_from_the_rows() -> None:
    assert {"relu", "abs", "max", "min"} <= KINK_OPS
    assert not KINK_OPS & {"exp", "sigmoid", "softplus", "add"}


def _safe(name: str, xs: list[float]) -> bool:
    """Inside the domain, away from poles, and a centred difference does not cross a kink."""
    if name == "div":
        return abs(xs[1]) > 0.1
    if name == "log":
        return xs[0] > 0.1
    if name == "log1p":
        return xs[0] > -0.9
    if name == "sqrt":
        return xs[0] > 0.1
    if name == "tan":
        return abs(math.cos(xs[0])) > 0.2
    if name in ("exp", "expm1", "sinh", "cosh"):
        return abs(xs[0]) < 6
    if name == "pow":
        base, exponent = xs
        return (base > 0.1 and abs(exponent) <= 3) or (float(exponent).is_integer() and 0 <= exponent <= 3)
    if name in ("relu", "abs", "sign", "leaky_relu", "elu"):
        return (xs[0] == 0 or abs(xs[0]) > 1e-2) and all(abs(x) < 6 for x in xs[1:])
    if name in ("max", "min", "greater", "greater_equal", "less", "less_equal", "equal", "not_equal"):
        return all(a == b or abs(a - b) > 1e-2 for a in xs for b in xs)
    if name == "where":
        # a nudge of the condition does not flip the choice; a continuous condition at exactly 0
        # jumps (where reads its condition as a mask), which programs() avoids on its own
        return xs[0] == 0 or abs(xs[0]) > 1e-2
    return True


@dataclass(frozen=True)
class Program:
    text: str
    values: dict[str, float]
    statements: list[tuple[str, str, list[str]]]  # (name, op, argument names/literals)


VALUES = st.sampled_from([0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, 0.25]) | st.floats(-3, 3, allow_nan=False).map(
    lambda v: round(v, 3)
)


@st.composite
def programs(draw: st.DrawFn, max_statements: int = 8) -> Program:
    count = draw(st.integers(1, 3))
    names = [f"x{k}" for k in range(count)]
    values = {name: draw(VALUES) for name in names}
    known = dict(values)  # name -> value, for domain checks while generating
    statements: list[tuple[str, str, list[str]]] = []
    masks: set[str] = set()  # comparison outputs: 0/1 masks that a small nudge leaves alone
    for k in range(draw(st.integers(1, max_statements))):
        op_name = draw(st.sampled_from(SCALAR_OPS))
        op = REGISTRY[op_name]
        arity = op.arity if op.arity is not None else draw(st.integers(op.min_arity, op.max_arity or 3))
        choices = [*known, "2", "0.5", "3"]
        args = [draw(st.sampled_from(choices)) for _ in range(arity)]
        xs = [known[a] if a in known else float(a) for a in args]
        exponent_varies = op_name == "pow" and args[1] in known
        continuous_condition = op_name == "where" and xs[0] == 0 and args[0] not in masks
        if not _safe(op_name, xs) or (exponent_varies and xs[0] <= 0.1) or continuous_condition:
            op_name, args = ("add", [args[0], args[-1]]) if arity > 1 else ("neg", args)
            xs = [known[a] if a in known else float(a) for a in args]
            op = REGISTRY[op_name]
        value = op.forward(*xs)
        if not math.isfinite(value) or abs(value) > LIMIT:
            op_name, args = "neg", [args[0]]
            value = -xs[0]
        name = f"t{k}"
        known[name] = value
        if op_name in MASK_OPS:
            masks.add(name)
        statements.append((name, op_name, args))
    text = "\n".join(f"{name} = {_call(op, args)}" for name, op, args in statements)
    return Program(text, values, statements)


def _call(op_name: str, args: list[str]) -> str:
    op = REGISTRY[op_name]
    if op.infix and len(args) == 2:
        return f"{args[0]} {op.infix[0]} {args[1]}"
    if op.infix and len(args) == 1:  # `t = -(2)`: a neg node of a constant (`t = -2` is an input with a value)
        return f"{op.infix[0]}({args[0]})" if args[0][0].isdigit() else f"{op.infix[0]}{args[0]}"
    return f"{op.function}({', '.join(args)})"


def centred_difference(program: Program, name: str, h: float = 1e-6) -> float:
    def output(shift: float) -> float:
        env = {**program.values, name: program.values[name] + shift}
        for target, op, args in program.statements:
            env[target] = REGISTRY[op].forward(*(env[a] if a in env else float(a) for a in args))
        return env[program.statements[-1][0]]

    return (output(h) - output(-h)) / (2 * h)


def relative_error(a: float, b: float) -> float:
    scale = max(abs(a), abs(b), 1.0)
    return abs(a - b) / scale


def _at_kink(op: str, xs: list[float]) -> bool:
    """Where each kinked op is not differentiable, written here (not read from the row)."""
    if op in ("relu", "abs", "sign"):
        return xs[0] == 0
    if op == "leaky_relu":
        return xs[0] == 0 and (len(xs) == 1 or xs[1] != 1)
    if op == "elu":
        return xs[0] == 0 and len(xs) == 2 and xs[1] != 1
    if op in ("max", "min"):
        best = max(xs) if op == "max" else min(xs)
        return sum(1 for x in xs if x == best) > 1
    if op in ("greater", "greater_equal", "less", "less_equal"):
        return xs[0] == xs[1]  # the step jumps where the two sides meet
    raise AssertionError(f"say where {op} has its kinks in _at_kink")


def _used_values(program: Program) -> dict[str, float]:
    graph = parse(program.text).graph
    return {name: v for name, v in program.values.items() if name in graph.variables}


@given(programs())
def test_kinks_are_flagged_exactly_where_they_are(program: Program) -> None:
    values = _used_values(program)
    trace = run(parse(program.text).graph, values)
    graph = trace.graph
    for i, op in enumerate(graph.ops):
        if op in KINK_OPS:
            xs = [trace.values[a] for a in graph.args[i]]
            assert trace.kinks[i] == _at_kink(op, xs), (program.text, graph.label(i))
        elif op in REGISTRY:
            assert not trace.kinks[i]


def _passes_through_kink(trace) -> list[bool]:
    affected = list(trace.kinks)
    graph = trace.graph
    for i in range(len(graph.ops) - 1, -1, -1):
        if affected[i]:
            for a in graph.args[i]:
                affected[a] = True
    return affected


@given(programs())
def test_gradients_equal_centred_finite_differences_except_at_kinks(program: Program) -> None:
    values = _used_values(program)
    trace = run(parse(program.text).graph, values)
    affected = _passes_through_kink(trace)
    for name in values:
        index = trace.graph.variables[name]
        if affected[index]:
            continue
        reference = centred_difference(program, name)
        assert relative_error(trace.grads[index], reference) < 1e-5, (program.text, name, trace.grads[index], reference)


@settings(max_examples=40)
@given(programs(max_statements=5))
def test_gradients_equal_sympy_except_at_kinks(program: Program) -> None:
    import sympy as sp

    values = _used_values(program)
    trace = run(parse(program.text).graph, values)
    affected = _passes_through_kink(trace)
    symbols = {name: sp.Symbol(name, real=True) for name in program.values}
    env: dict[str, object] = dict(symbols)
    for target, op, args in program.statements:
        env[target] = _sympy_forward(sp, op, *(env[a] if a in env else sp.Rational(a) for a in args))
    output = env[program.statements[-1][0]]
    point = {symbols[n]: sp.Float(v, 30) for n, v in program.values.items()}
    assert float(output.xreplace(point).evalf(30)) == pytest.approx(trace.output, rel=1e-9, abs=1e-12)
    for name in values:
        index = trace.graph.variables[name]
        if affected[index]:
            continue
        expected = float(sp.diff(output, symbols[name]).xreplace(point).evalf(30))
        assert trace.grads[index] == pytest.approx(expected, rel=1e-9, abs=1e-12), (program.text, name)


def signature(graph) -> tuple:
    constants = {k: repr(v) for k, v in graph.constants.items()}  # arrays compare by their text
    return (graph.ops, graph.args, graph.names, graph.labels, constants, graph.variables,
            graph.aliases, graph.output)


@given(programs())
def test_printing_a_graph_and_parsing_it_again_gives_the_same_graph(program: Program) -> None:
    graph = parse(program.text).graph
    printed = to_source(graph)
    again = parse(printed).graph
    assert signature(again) == signature(graph), (program.text, printed)
    assert to_source(again) == printed


@given(programs())
def test_inlined_program_round_trips(program: Program) -> None:
    """The same program with no intermediate names: printed fully parenthesized, parsed back."""
    graph = parse(program.text).graph
    inline = parse(to_source(graph).replace("\n", "; ")).graph
    assert signature(parse(to_source(inline)).graph) == signature(inline)


@given(programs())
def test_backward_is_idempotent(program: Program) -> None:
    values = _used_values(program)
    graph = parse(program.text).graph
    first = run(graph, values)
    second = run(graph, values)
    assert first.grads == second.grads
    assert first.values == second.values
    assert first.grads is not second.grads


@given(programs(), st.randoms(use_true_random=False))
def test_gradients_do_not_depend_on_statement_naming(program: Program, rng) -> None:
    values = _used_values(program)
    fresh = [f"s_{k}_{rng.randrange(10**6)}" for k in range(len(program.statements))]
    renamed = program.text
    for k in range(len(program.statements) - 1, -1, -1):  # t10 before t1
        renamed = renamed.replace(f"t{k}", fresh[k])
    original = run(parse(program.text).graph, values)
    other = run(parse(renamed).graph, values)
    assert other.input_gradients() == original.input_gradients()
    assert other.output == original.output


PROGRAM = "\n".join(f"let v{k} = {k % 7 - 3}" for k in range(40)) + "\n" + "\n".join(
    f"t{k} = v{k} * v{(k * 7) % 40} + max(v{(k + 3) % 40}, v{k})" for k in range(40)
) + "\nf = " + " + ".join(f"t{k}" for k in range(40))


def test_forward_order_and_output_are_identical_across_hash_seeds(tmp_path) -> None:
    path = tmp_path / "many.bp"
    path.write_text(PROGRAM, encoding="utf-8")
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        done = subprocess.run([sys.executable, "-m", "bpcalc", "eval", "--no-check", "--json", "-f", str(path)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("example", sorted(Path(__file__).resolve().parent.parent.glob("examples/*.bp")),
                         ids=lambda p: p.name)
def test_every_example_round_trips_through_the_printer(example: Path) -> None:
    graph = parse(example.read_text(encoding="utf-8")).graph
    printed = to_source(graph)
    assert signature(parse(printed).graph) == signature(graph)
