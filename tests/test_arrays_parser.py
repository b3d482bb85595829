"""Array syntax as a specification: text in, S-expression of the graph out; mistakes refused."""

from __future__ import annotations

import pytest

from bpcalc.errors import BpcalcError, ParseError
from bpcalc.language.parser import parse
from tests.test_parser import sexpr


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("W @ x", "(matmul W x)"),
        ("W @ x + b", "(add (matmul W x) b)"),
        ("2 * W @ x", "(matmul (mul 2 W) x)"),
        ("W.T @ g", "(matmul (transpose W) g)"),
        ("-W.T", "(neg (transpose W))"),
        ("(W @ x).T", "(transpose (matmul W x))"),
        ("transpose(W)", "(transpose W)"),
        ("x[0]", "(index x 0)"),
        ("x[-1]", "(index x -1)"),
        ("W[1, :]", "(index W 1 :)"),
        ("W[:, 0:2]", "(index W : 0:2)"),
        ("x[::2]", "(index x ::2)"),
        ("s[y]", "(index s y)"),
        ("-s[y] ** 2", "(neg (pow (index s y) 2))"),
        ("sum(W @ x)[0]", "(index (sum (matmul W x)) 0)"),
        ("sum(x)", "(sum x)"),
        ("sum(x, 0)", "(sum x 0)"),
        ("sum(x, axis=1)", "(sum x 1)"),
        ("mean(x, axis=-1)", "(mean x -1)"),
        ("max(x)", "(amax x)"),
        ("max(x, axis=0)", "(amax x 0)"),
        ("max(x, 0)", "(max x 0)"),
        ("max(0, x)", "(max 0 x)"),
        ("min(x)", "(amin x)"),
        ("sum([1, 2, 3] * x)", "(sum (mul [1, 2, 3] x))"),
        ("[[1, 0], [0, 1]] @ x", "(matmul [[1, 0], [0, 1]] x)"),
        ("cross_entropy(W @ x, y)", "(cross_entropy (matmul W x) y)"),
        ("svm_loss(s, 2)", "(svm_loss s 2)"),
    ],
)
def test_array_syntax_builds_the_expected_graph(source: str, expected: str) -> None:
    assert sexpr(parse(source).graph) == expected


def test_index_and_transpose_spans_cover_what_the_user_wrote() -> None:
    graph = parse("a + W[1, :] * v.T").graph
    spans = {graph.ops[i]: graph.source[graph.spans[i].start : graph.spans[i].end] for i in range(len(graph.ops))}
    assert spans["index"] == "W[1, :]"
    assert spans["transpose"] == "v.T"


def test_array_function_names_stay_usable_as_names() -> None:
    graph = parse("dot = w0*x0 + w1*x1; sum = dot + 1; sum * 2").graph
    assert sexpr(graph) == "(mul (add (add (mul w0 x0) (mul w1 x1)) 1) 2)"


def test_array_literal_is_one_constant_node() -> None:
    graph = parse("sum([[1, 2], [3, 4]] * x)").graph
    constant = graph.ops.index("const")
    assert graph.constants[constant].tolist() == [[1, 2], [3, 4]]
    assert graph.has_array_constants()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x[]", "an empty index"),
        ("x[1.5]", "'1.5' is not an index"),
        ("x[y + 1]", "'y + 1' is not an index"),
        ("x[0", "'[' is never closed"),
        ("x[1:2:3:4]", "at most two ':'"),
        ("x[::0]", "step cannot be 0"),
        ("W.X", "unexpected '.'"),
        ("sum(x, ax=0)", "unknown keyword argument 'ax'"),
        ("exp(x, axis=0)", "exp() takes no axis"),
        ("sum(x, y, z, w)", "sum() takes 1 to 3 arguments, got 4"),
        ("sum([1, x) + 1", "'[' is never closed"),
    ],
)
def test_array_syntax_mistakes_are_refused_with_a_message(source: str, message: str) -> None:
    with pytest.raises(BpcalcError) as caught:
        parse(source)
    assert message in caught.value.message
    assert caught.value.span is not None


def test_dot_after_a_name_is_not_a_number() -> None:
    with pytest.raises(ParseError):
        parse("x.5")
