"""The fast parse path gives exactly what the careful one gives (not timed: see benchmarks/run.py).

The lexer reads plain ASCII text with one regular expression and falls back to the careful
per-character reader on anything unusual; the graph keeps spans as two integer arrays. These
tests pin down that neither shortcut is visible: the same tokens and the same errors from both
lexer paths, Span objects from graph.spans, and graphs that still pickle.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc.errors import BpcalcError, Span
from bpcalc.graph import Graph, Spans
from bpcalc.language import lexer
from bpcalc.language.parser import parse

# ASCII the language uses (LaTeX's \ { } and || too), plus characters it refuses (control characters, '$', '"').
ASCII = "xyzwabeE_0123456789.+-*/^@()[],=:;# \t\r\f\v\n\x00\x7f$\"!{}|\\"
PIECES = ["x", "w1", "tanh(", "max(", "1e", "1e+", "1e-5", "2.5E+4", ".5", "1.", "..", "1.2.3", "2x", "1e400", "1e-400",
          "0." + "0" * 330 + "1", "9" * 320, "**", "(", ")", "[", "]", "\n", ";", " ", "# c (\n", "let ", "axis=",
          "\\frac{", "}{", "}", "\\cdot ", "\\left(", "\\right)", "||", "np.", "x = -2\n"]
NON_ASCII = "xy2.+-*()\n σπ²³⁻×÷·−√αΑх𝑥₁\u200b；（）‖"


def _careful(source: str) -> object:
    try:
        lexer.check_size(source)
        return [(t.kind, t.text, t.span) for t in lexer._tokenize_careful(source)]
    except BpcalcError as error:
        return type(error), error.message, error.span, error.hint


def _public(source: str) -> object:
    try:
        return [(t.kind, t.text, t.span) for t in lexer.tokenize(source)]
    except BpcalcError as error:
        return type(error), error.message, error.span, error.hint


def _columns(source: str) -> object:
    try:
        columns = lexer.scan(source)
    except BpcalcError as error:
        return type(error), error.message, error.span, error.hint
    return [(t.kind, t.text, t.span) for t in map(columns.token, range(len(columns.codes)))]


@pytest.mark.parametrize(
    "source",
    [
        "", "   ", "x", "x + y * z", "2x", "2 x", "1e", "1e+", "1e+5", "1e5e", "1.2.3", "1..5", "1.", "1.e5", ".5", "x.5",
        "W.T", "1.5.T", "1e400", "1e-400", "0.000000000000000001", "9" * 400, "a = (x +\n y)\nb = a", "(x\n", ")\n(",
        "x) + (y\nz", "[1,\n2]", "# only a comment", "x # a comment with ( in it\ny", "x\t*\ty\r\n", "x\x00", "x $ y",
        "x ** y *** z", "let x = -2\nx * 3", "sum(x, axis=0)", "x;;y", "x   ",
    ],
)
def test_fast_and_careful_lexers_agree_on_edge_cases(source: str) -> None:
    assert _public(source) == _careful(source)
    assert _columns(source) == _careful(source)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=ASCII, max_size=30), st.lists(st.sampled_from(PIECES), max_size=12).map("".join)))
def test_fast_and_careful_lexers_agree_on_random_ascii(source: str) -> None:
    assert _public(source) == _careful(source)
    assert _columns(source) == _careful(source)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=NON_ASCII, max_size=20))
def test_non_ascii_text_reads_as_the_careful_path_reads_it(source: str) -> None:
    assert _public(source) == _careful(source)
    assert _columns(source) == _careful(source)


def test_the_fast_path_takes_plain_programs_and_leaves_errors_to_the_careful_path() -> None:
    assert lexer._scan_ascii("h1 = tanh(w*h + x)\nh2 = h1 * 0.5  # note\n") is not None
    for refused in ("2x", "1.2.3", "1e400", "x $ y", "x\x00"):
        assert lexer._scan_ascii(refused) is None


def test_spans_of_a_parsed_graph_are_span_objects_at_the_right_columns() -> None:
    source = "q = x + y\nf = tanh(q * 2.5)"
    graph = parse(source).graph
    shown = {}
    for index in range(len(graph)):
        span = graph.spans[index]
        assert isinstance(span, Span)
        shown[graph.label(index)] = source[span.start : span.end]
    assert shown == {"x": "x", "y": "y", "q": "x + y", "2.5": "2.5", "n3": "q * 2.5", "f": "tanh(q * 2.5)"}  # ids skip constants
    assert graph.spans[-1] == Span(source.index("tanh"), len(source))
    assert list(graph.spans) == [graph.spans[i] for i in range(len(graph))] == graph.spans[:]


def test_spans_read_like_the_list_they_replace() -> None:
    spans = Spans([Span(0, 1), None, Span(2, 5)])
    assert len(spans) == 3
    assert spans[1] is None
    assert spans[-1] == Span(2, 5)
    assert spans[::2] == [Span(0, 1), Span(2, 5)]
    assert spans == [Span(0, 1), None, Span(2, 5)]
    spans[1] = Span(7, 9)
    spans.append(None)
    assert list(spans) == [Span(0, 1), Span(7, 9), Span(2, 5), None]
    big = 2**40  # beyond the 32-bit offsets a parsed source needs: the arrays widen
    spans.append(Span(big, big + 1))
    spans[0] = Span(big + 2, big + 3)
    assert spans[-1] == Span(big, big + 1) and spans[0] == Span(big + 2, big + 3) and spans[1] == Span(7, 9)


def test_a_graph_built_by_hand_keeps_its_spans() -> None:
    graph = Graph(source="x * y", spans=[Span(0, 1)], ops=["var"], args=[()], names=["x"])
    y = graph.add_variable("y", Span(4, 5))
    graph.output = graph.add("mul", (0, y), None)
    assert list(graph.spans) == [Span(0, 1), Span(4, 5), None]


def test_a_parsed_graph_pickles_and_unpickles_unchanged() -> None:
    graph = parse("a = sigmoid(w * x + b)\nf = a * a - 0.5").graph
    again = pickle.loads(pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == graph
    assert list(again.spans) == list(graph.spans)
    assert (again.ops, again.args, again.names, again.constants, again.labels, again.aliases, again.output) == (
        graph.ops, graph.args, graph.names, graph.constants, graph.labels, graph.aliases, graph.output)


def test_repeated_literals_share_one_label_and_value() -> None:
    graph = parse("0.5 * x + 0.5 * y + 0.5").graph
    halves = [i for i, label in graph.labels.items() if label == "0.5"]
    assert len(halves) == 3
    assert {graph.constants[i] for i in halves} == {0.5}
    assert len({id(graph.labels[i]) for i in halves}) == 1
