"""The one formatter: every registry row formatted and parsed back gives the same node.

The expected structure is written down here (the row's name at the root, each input's own
operation below it), not read from the formatter; and the table, explain and the source
round-trip are shown to write the same text for the same node.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

from bpcalc import evaluate
from bpcalc.language.format import binding, format_operation
from bpcalc.language.parser import parse
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE
from bpcalc.render.source import to_source
from bpcalc.teach.explanation import build_explanation

# An operand of each binding strength: (text, its operation, its input count).
OPERANDS = {
    "name": ("{x}", VARIABLE, 0),
    "sum": ("{x} + {y}", "add", 2),
    "difference": ("{x} - {y}", "sub", 2),
    "product": ("{x} * {y}", "mul", 2),
    "power": ("{x} ^ {y}", "pow", 2),
    "negation": ("-{x}", "neg", 1),
    "call": ("exp({x})", "exp", 1),
}
ATOM_BINDING = binding(REGISTRY["exp"], 1)  # a name, a number or a call


def _count(row: object) -> list[int]:
    """The input counts worth formatting: every arity the row accepts up to one past its minimum
    (so sum(x) and sum(x, axis=0) both appear)."""
    low = row.arity if row.arity is not None else row.min_arity  # type: ignore[attr-defined]
    high = row.max_arity if row.arity is None and row.max_arity is not None else low  # type: ignore[attr-defined]
    if row.arity is None and row.max_arity is None:  # type: ignore[attr-defined]
        high = low + 1
    return list(range(low, high + 1))


CASES = [(name, count, kind) for name, row in REGISTRY.items() for count in _count(row) for kind in OPERANDS]


@pytest.mark.parametrize(("name", "count", "kind"), CASES, ids=[f"{n}-{c}-{k}" for n, c, k in CASES])
def test_a_formatted_node_parses_back_to_the_same_node(name: str, count: int, kind: str) -> None:
    row = REGISTRY[name]
    template, inner_op, inner_count = OPERANDS[kind]
    texts, bindings, expected = [], [], []
    for position in range(count):
        if row.is_static(position):
            texts.append("0")
            bindings.append(ATOM_BINDING)
            expected.append(CONSTANT)
        else:
            texts.append(template.format(x=f"x{position}", y=f"y{position}"))
            bindings.append(binding(REGISTRY[inner_op], inner_count) if inner_count else ATOM_BINDING)
            expected.append(inner_op)
    written = format_operation(row, texts, bindings)
    graph = parse(written).graph
    root = graph.output
    assert graph.ops[root] == name, written
    assert [graph.ops[a] for a in graph.args[root]] == expected, written


@pytest.mark.parametrize(("program", "expected"), [
    ("-x^2", "-x ** 2"),
    ("(-x)^2", "(-x) ** 2"),
    ("x^y^z", "x ** y ** z"),
    ("(x^y)^z", "(x ** y) ** z"),
    ("x - (y - z)", "x - (y - z)"),
    ("(x - y) - z", "x - y - z"),
    ("-(-x)", "-(-x)"),
    ("-(x + y)", "-(x + y)"),
    ("(x + y).T", "(x + y).T"),
    ("x / (y * z)", "x / (y * z)"),
])
def test_parentheses_appear_exactly_where_precedence_needs_them(program: str, expected: str) -> None:
    assert to_source(parse(program).graph).strip() == expected


ARRAYS = "n1 = W.T; n2 = sum(n1, axis=0); n3 = n2 * 2; f = sum(n3[1])"


def test_table_explain_and_source_write_the_same_array_forms() -> None:
    from bpcalc.render.table import render_table

    result = evaluate(ARRAYS, W=np.arange(6.0).reshape(2, 3), check=False)
    table = io.StringIO()
    render_table(result, None, out=table)
    explanation = build_explanation(result, "en")
    formulas = {step.label: step.formula for step in explanation.forward}
    source = to_source(result.trace.graph)
    for label, text in [("n1", "W.T"), ("n2", "sum(n1, axis=0)"), ("n3", "n2 * 2")]:
        assert formulas[label] == text
        assert f"{label} = {text}" in source
        assert f"│ {text}" in table.getvalue()
    index_text = "n3[1]"
    assert index_text in table.getvalue() and index_text in source
    assert any(step.formula == index_text for step in explanation.forward)


def test_a_rows_formula_takes_the_nodes_labels_by_name_token() -> None:
    from bpcalc.language.format import fill_formula

    assert fill_formula("(1 - out) * out", ["d"], "s1") == "(1 - s1) * s1"
    assert fill_formula("1 / (2 * sqrt(a))", ["abc"], "n2") == "1 / (2 * sqrt(abc))"  # sqrt is not an `a`
    assert fill_formula("-a / b^2", ["a1", "den"], "f") == "-a1 / den^2"
    assert fill_formula("b", ["x", "-1"], "f") == "(-1)"  # a signed label keeps its sign to itself


FORMULA_ROWS = [name for name, row in REGISTRY.items() if row.formulas]


@pytest.mark.parametrize("name", FORMULA_ROWS)
def test_every_explained_formula_is_the_derivative_by_finite_differences(name: str) -> None:
    """The formula an explanation prints, evaluated at a point, against a centred difference of
    the row's own forward rule: the printed text is the right derivative, not only valid syntax."""
    from bpcalc.language.format import fill_formula

    row = REGISTRY[name]
    point = [0.7, 1.3][: len(row.formulas)]
    out = row.forward(*point)
    for k, formula in enumerate(row.formulas):
        text = fill_formula(formula, ["a0", "a1"][: len(point)], "out0")
        names = {"a0": point[0], "a1": point[1] if len(point) > 1 else 0.0, "out0": out}
        used = {v: names[v] for v in names if v in text}
        got = evaluate(text, used, check=False).value if used else evaluate(text, check=False).value
        h = 1e-6
        up, down = list(point), list(point)
        up[k] += h
        down[k] -= h
        expected = (row.forward(*up) - row.forward(*down)) / (2 * h)
        assert got == pytest.approx(expected, rel=1e-6, abs=1e-8), (name, k, text)
