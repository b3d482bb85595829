"""The index parts beyond an integer, a name and a slice: None and np.newaxis (a new axis),
`...` (every axis not named), an integer-array literal (s[[0, 2]]) and arange / range with
integer or named bounds (S[arange(N), y], S[range(len(y)), y] once `n = len(y)` is named).

Each is read by a flat look at the part's tokens (no recursion, no general expression inside
brackets): a part is at most a call of one known name with atoms for arguments.
"""

from __future__ import annotations

from bpcalc.errors import ParseError, Span
from bpcalc.graph import Graph
from bpcalc.language import lexer
from bpcalc.language.lexer import NAME, NUMBER, Token
from bpcalc.language.spellings import MODULE_PREFIXES, function_for

_NEW_AXIS = ("None", "newaxis")
ARANGE = "arange"


def _texts(item: list[Token]) -> list[str]:
    return [t.text for t in item]


def _without_module(item: list[Token]) -> list[Token]:
    """np.newaxis is newaxis; np.arange(N) is arange(N)."""
    while len(item) > 2 and item[0].kind == NAME and item[0].text in MODULE_PREFIXES and item[1].text == ".":
        item = item[2:]
    return item


def unwrapped(item: list[Token]) -> list[Token]:
    """The part without parentheses around all of it: (2) is 2, (arange(0, 2)) is arange(0, 2)."""
    while len(item) >= 3 and item[0].text == "(" and item[-1].text == ")":
        depth = 0
        for k, token in enumerate(item):
            depth += token.text == "("
            depth -= token.text == ")"
            if depth == 0 and k < len(item) - 1:
                return item  # (a)(b): the first '(' closes before the end
        item = item[1:-1]
    return item


def special_part(item: list[Token], graph: Graph, resolve: object) -> int | None:
    """The node of an index part of these forms, or None when it is none of them."""
    source = graph.source
    span = Span(item[0].span.start, item[-1].span.end)
    text = source[span.start : span.end]
    bare = _without_module(item)
    if len(bare) == 1 and bare[0].kind == NAME and bare[0].text in _NEW_AXIS:
        return graph.add_constant(None, text, span)
    if _texts(item) == [".", ".", "."] and all(item[k].span.end == item[k + 1].span.start for k in range(2)):
        return graph.add_constant(Ellipsis, "...", span)
    if item[0].kind == lexer.OPERATOR and item[0].text == "[":
        from bpcalc.language.values import parse_value_tokens

        value = parse_value_tokens(item, source, span, name="the index array")
        return graph.add_constant(value, text, span)
    if len(bare) >= 3 and bare[0].kind == NAME and bare[1].text == "(" and bare[-1].text == ")" \
            and function_for(bare[0].text) == ARANGE:
        return _arange(bare, graph, span, resolve)
    return None


def _arange(item: list[Token], graph: Graph, span: Span, resolve: object) -> int:
    """arange(N) or arange(a, b): each bound an integer literal (signed) or a name."""
    bounds: list[list[Token]] = [[]]
    for token in item[2:-1]:
        if token.text == ",":
            bounds.append([])
        else:
            bounds[-1].append(token)
    if len(bounds) > 2 or any(not bound for bound in bounds):
        raise ParseError(f"{item[0].text}() in an index takes one or two bounds", source=graph.source, span=span,
                         hint="write arange(N) or arange(a, b), each bound an integer or a name")
    nodes = [_bound(bound, graph, resolve) for bound in bounds]
    return graph.add(ARANGE, tuple(nodes), span)


def _bound(bound: list[Token], graph: Graph, resolve: object) -> int:
    span = Span(bound[0].span.start, bound[-1].span.end)
    text = graph.source[span.start : span.end]
    if len(bound) == 1 and bound[0].kind == NAME:
        return resolve(graph, bound[0].text, bound[0].span)  # type: ignore[operator]
    digits = bound[1:] if len(bound) == 2 and bound[0].text in "+-" else bound
    if len(digits) == 1 and digits[0].kind == NUMBER and digits[0].text.isdigit():
        return graph.add_constant(float(int(text.replace(" ", ""))), text, span)
    raise ParseError(f"'{text}' is not a bound of arange here", source=graph.source, span=span,
                     hint="in an index, arange's bounds are integers or names: name a longer expression first, "
                          "as in n = len(y); S[arange(n), y]")
