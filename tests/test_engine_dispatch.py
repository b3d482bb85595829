"""The quick scalar loops' dispatch (engine.dispatch, engine.quick): which gates are done in
place, read from the registry rows, and that every branch gives the careful loop's numbers.

The references are the careful loops (every rule called, every check made), SymPy derivatives
built here from the mathematics, and closed forms written in the tests.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from bpcalc import evaluate
from bpcalc.engine import dispatch, run, scalar_pass
from bpcalc.language.parser import parse
from bpcalc.ops import REGISTRY


def test_a_constant_local_rule_is_read_as_its_numbers() -> None:
    assert dispatch.partials_shape(REGISTRY["add"].local, 2) == (("const", 1.0), ("const", 1.0))
    assert dispatch.partials_shape(REGISTRY["sub"].local, 2) == (("const", 1.0), ("const", -1.0))


def test_a_local_rule_returning_its_parameters_is_read_as_which() -> None:
    # mul's partials are (b, a): parameters 2 and 1 of (out, a, b); exp's is its output, parameter 0.
    assert dispatch.partials_shape(REGISTRY["mul"].local, 2) == (("param", 2), ("param", 1))
    assert dispatch.partials_shape(REGISTRY["exp"].local, 1) == (("param", 0),)


@pytest.mark.parametrize("rule", [
    lambda out, a: (1.0 - out * out,),  # arithmetic: called, not read
    lambda out, a: (1.0 if a > 0 else 0.0,),  # a branch
    lambda out, a: (math.cos(a),),  # a call
    lambda out, a, k=2.0: (k,),  # a default argument
    lambda out, *xs: (1.0,),  # any number of inputs
    lambda out, a: [a],  # a list, not a tuple
    lambda out, a: (a, a),  # two partials for one input
], ids=["arithmetic", "branch", "call", "default", "variadic", "list", "too-many"])
def test_any_other_local_rule_is_not_read(rule: object) -> None:
    assert dispatch.partials_shape(rule, 1) is None  # type: ignore[arg-type]


def test_a_closure_is_not_read() -> None:
    partial = 3.0

    def rule(out: float, a: float) -> tuple[float]:
        return (partial,)

    assert dispatch.partials_shape(rule, 1) is None


def test_the_lecture_gates_take_the_slots() -> None:
    slots = dispatch.slots({"var", "const", "add", "mul", "tanh"})
    assert (slots.forward.plus, slots.forward.times, slots.forward.unary1) == ("add", "mul", "tanh")
    assert (slots.backward.ones, slots.backward.swap, slots.backward.unary1) == ("add", "mul", "tanh")
    assert slots.backward.rule1 is REGISTRY["tanh"].local


def test_rows_with_a_domain_or_kink_rule_are_left_to_the_table() -> None:
    slots = dispatch.slots({"div", "relu", "sqrt"})
    assert {name: branch for name, (branch, _) in slots.forward.table.items()} == {
        "div": dispatch.GENERAL, "relu": dispatch.GENERAL, "sqrt": dispatch.GENERAL}
    assert dispatch.EMPTY == slots.forward.binary == slots.forward.unary1


def test_a_row_swapped_in_the_registry_is_used_by_the_next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = parse("tanh(x)").graph
    expected = 1 - math.tanh(0.3) ** 2
    assert run(graph, {"x": 0.3}).gradient("x") == pytest.approx(expected, rel=1e-15)
    doubled = dataclasses.replace(REGISTRY["tanh"], local=lambda out, a: (2.0 * (1.0 - out * out),))
    monkeypatch.setitem(REGISTRY, "tanh", doubled)
    assert run(graph, {"x": 0.3}).gradient("x") == pytest.approx(2 * expected, rel=1e-15)


# More operations than there are slots: some gates go through the table. The program is
# written twice, in bpcalc and in SymPy (from the mathematics, not from the registry).
MANY = ("a = sin(x) * cos(y) + exp(x - y); b = tanh(a) + sigmoid(a * x) - log(y) / x; "
        "c = sqrt(b * b + 1) ^ 1.5 + max(a, b) * abs(x - 2 * y); c + tan(x / 3) * -a")


def _sympy_many():  # type: ignore[no-untyped-def]
    sp = pytest.importorskip("sympy")
    x, y = sp.symbols("x y", real=True)
    a = sp.sin(x) * sp.cos(y) + sp.exp(x - y)
    b = sp.tanh(a) + 1 / (1 + sp.exp(-a * x)) - sp.log(y) / x
    c = sp.sqrt(b * b + 1) ** sp.Rational(3, 2) + sp.Max(a, b) * sp.Abs(x - 2 * y) + sp.tan(x / 3) * (-a)
    return sp, x, y, c


@pytest.mark.parametrize("point", [(0.7, 1.3), (-0.4, 2.1), (1.9, 0.6)])
def test_a_program_with_more_gates_than_slots_matches_sympy(point: tuple[float, float]) -> None:
    sp, x, y, c = _sympy_many()
    values = {"x": point[0], "y": point[1]}
    trace = run(parse(MANY).graph, values)
    at = {x: point[0], y: point[1]}
    assert trace.output == pytest.approx(float(c.subs(at)), rel=1e-12)
    assert trace.gradient("x") == pytest.approx(float(sp.diff(c, x).subs(at)), rel=1e-10)
    assert trace.gradient("y") == pytest.approx(float(sp.diff(c, y).subs(at)), rel=1e-10)


@pytest.mark.parametrize("point", [(0.7, 1.3), (-0.4, 2.1), (1.9, 0.6)])
def test_the_quick_loops_give_the_careful_loops_numbers_on_every_branch(point: tuple[float, float]) -> None:
    graph = parse(MANY).graph
    values = {"x": point[0], "y": point[1]}
    quick = scalar_pass._forward_quick(graph, values)
    assert quick is not None
    assert repr(quick) == repr(scalar_pass._forward_careful(graph, values))
    grads = scalar_pass._backward_quick(graph, quick[0])
    assert grads is not None
    assert repr(grads) == repr(scalar_pass._backward_careful(graph, quick[0]))


def test_nodes_after_the_output_change_no_gradient() -> None:
    # Built by hand: nodes 3 and 4 (sqrt(x - 1)) come after the output, node 1 (x * x); at
    # x = 1 sqrt's partial 0.5 / out divides by zero. Backprop starts at the output: the
    # gradient is 2x, the output's own is 1, and the dead nodes get none from it.
    graph = parse("x * x").graph
    minus = graph.add("sub", (0, graph.add_constant(1.0, "1", None)), None)
    root = graph.add("sqrt", (minus,), None)
    trace = run(graph, {"x": 1.0})
    assert (trace.output, trace.gradient("x"), trace.grads[1]) == (1.0, 2.0, 1.0)
    assert trace.grads[root] == trace.grads[minus] == 0.0


def test_an_int_upstream_through_an_add_gate_sums_as_the_rule_does() -> None:
    # The add slot adds the upstream itself (x * 1.0 is x): with an int upstream 3 every
    # input's gradient is still the float the rule's g * 1.0 would give.
    result = evaluate("x + y", x=1.0, y=2.0, upstream=3, check=False)
    assert repr(result.gradients["x"]) == repr(0.0 + 3 * 1.0) == "3.0"
    assert repr(result.gradients["y"]) == "3.0"


def test_values_in_the_inputs_order_or_any_other_are_read_by_name() -> None:
    graph = parse("x - 2 * y").graph
    assert list(graph.variables) == ["x", "y"]
    assert run(graph, {"x": 5.0, "y": 1.0}).output == 3.0  # in order: read in place
    assert run(graph, {"y": 1.0, "x": 5.0}).output == 3.0  # another order: looked up by name
