"""The parser as a specification: text in, S-expression of the graph out."""

from __future__ import annotations

import pytest

from bpcalc.errors import ParseError, UnknownNameError
from bpcalc.graph import Graph
from bpcalc.language.parser import parse


def sexpr(graph: Graph, index: int | None = None) -> str:
    """Print a node as an S-expression, iteratively (deep graphs must not recurse)."""
    text: dict[int, str] = {}
    stop = graph.output if index is None else index
    for i in range(stop + 1):
        op = graph.ops[i]
        if op == "var":
            text[i] = graph.names[i]
        elif op == "const":
            text[i] = graph.labels[i]
        else:
            text[i] = "(" + " ".join([op, *(text[a] for a in graph.args[i])]) + ")"
    return text[stop]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x + y * z", "(add x (mul y z))"),
        ("(x + y) * z", "(mul (add x y) z)"),
        ("x - y - z", "(sub (sub x y) z)"),
        ("x / y / z", "(div (div x y) z)"),
        ("a^b^2", "(pow a (pow b 2))"),
        ("a**b**2", "(pow a (pow b 2))"),
        ("-x**2", "(neg (pow x 2))"),
        ("-x^2", "(neg (pow x 2))"),
        ("x**-1", "(pow x -1)"),
        ("2 ** -x * 3", "(mul (pow 2 (neg x)) 3)"),
        ("--x", "(neg (neg x))"),
        ("+x", "x"),
        ("x * -y", "(mul x (neg y))"),
        ("exp(-x) + log(y)", "(add (exp (neg x)) (log y))"),
        ("max(a, b, c)", "(max a b c)"),
        ("min(a, b)", "(min a b)"),
        ("pow(x, 3)", "(pow x 3)"),
        ("sigmoid(w*x + b)", "(sigmoid (add (mul w x) b))"),
        ("x * pi * e", "(mul (mul x pi) e)"),
        ("x * 1e-3 * 2.5E+4 * .5", "(mul (mul (mul x 1e-3) 2.5E+4) .5)"),
        ("x * (1e-3 * 2.5E+4)", "(mul x (1e-3 * 2.5E+4))"),  # a constant subexpression folds, labelled as written
        ("x × y − z ÷ w", "(sub (mul x y) (div z w))"),
        ("x²", "(pow x 2)"),
        ("2·x³", "(mul 2 (pow x 3))"),
        ("π", "pi"),
    ],
)
def test_parses_to_s_expression(source: str, expected: str) -> None:
    assert sexpr(parse(source).graph) == expected


def test_power_is_right_associative_in_value() -> None:
    from bpcalc import evaluate

    assert evaluate("2^3^2", check=False).value == 512


def test_same_name_is_one_leaf_node() -> None:
    graph = parse("x * x + x").graph
    assert graph.ops.count("var") == 1


def test_named_intermediate_keeps_its_name() -> None:
    graph = parse("q = x + y; f = q * z").graph
    assert graph.names[graph.find("q")] == "q"
    assert graph.names[graph.output] == "f"
    assert sexpr(graph) == "(mul (add x y) z)"


def test_statements_can_be_separated_by_newlines_and_have_comments() -> None:
    graph = parse("q = x + y  # the sum\n\nf = q * z\n").graph
    assert sexpr(graph) == "(mul (add x y) z)"


def test_newlines_inside_parentheses_continue_the_statement() -> None:
    assert sexpr(parse("f = (x +\n y) * z").graph) == "(mul (add x y) z)"


def test_last_statement_is_the_output() -> None:
    graph = parse("a = x * 2; b = a + 1").graph
    assert graph.names[graph.output] == "b"


def test_let_lines_give_values() -> None:
    program = parse("let x = -2\nlet W = [[1, 2], [3, 4]]\nf = x * 3")
    assert program.values["x"] == -2
    assert program.values["W"].shape == (2, 2)


def test_unused_statement_is_a_warning() -> None:
    program = parse("a = x * 2; b = y + 1")
    assert program.warnings and "a = x * 2" in program.warnings[0]


def test_node_spans_cover_the_text_they_came_from() -> None:
    source = "a + log(b - 3)"
    graph = parse(source).graph
    log_node = graph.ops.index("log")
    span = graph.spans[log_node]
    assert source[span.start : span.end] == "log(b - 3)"


def test_deep_parentheses_parse_without_recursion() -> None:
    depth = 20_000
    graph = parse("(" * depth + "x" + ")" * depth + " * 2").graph
    assert sexpr(graph) == "(mul x 2)"


@pytest.mark.parametrize(
    ("source", "column", "fragment"),
    [
        ("(x + y", 1, "never closed"),
        ("x + y)", 6, "unbalanced ')'"),
        ("x + * y", 5, "expected a number"),
        ("x +", 3, "ends after '+'"),
        ("2x", 1, "directly followed"),
        ("x y", 3, "missing operator"),
        ("max()", 1, "needs arguments"),
        ("exp(x, y)", 1, "takes 1 argument, got 2"),
        ("pow(x)", 1, "takes 2 arguments, got 1"),
        ("x $ y", 3, "unexpected character '$'"),
        ("1.2.3", 1, "more than one decimal point"),
        ("1e+", 1, "exponent"),
        ("x, y", 2, "comma outside"),
        ("x = y = 2", 7, "'=' can only follow"),
        ("exp + 1", 1, "is a function"),
        ("pi = 3; pi", 1, "constant"),
        ("q = x; q = y; q", 8, "assigned twice"),
        ("f = q * 2; q = f + 1; q", 12, "used as an input before"),
    ],
)
def test_syntax_errors_point_at_the_column(source: str, column: int, fragment: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(source)
    error = caught.value
    assert fragment in error.message
    assert error.location() == (1, column)
    assert "^" in error.render()


def test_empty_program_is_an_error() -> None:
    for source in ("", "   ", "# only a comment", ";;"):
        with pytest.raises(ParseError, match="empty"):
            parse(source)


def test_unknown_function_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownNameError) as caught:
        parse("sigmiod(x)")
    assert "did you mean 'sigmoid'" in caught.value.hint


def test_error_on_a_later_line_reports_line_and_column() -> None:
    with pytest.raises(ParseError) as caught:
        parse("q = x + y\nf = q * * z")
    assert caught.value.location() == (2, 9)
    assert "2 | f = q * * z" in caught.value.render()
