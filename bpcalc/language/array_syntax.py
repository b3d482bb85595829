"""Array syntax: axis=, postfix [...], array literals, and which op a call names (.T: methods.py).

None of these recurse: an index is an integer, a name or a slice with integer bounds, and a
literal holds numbers only, so each is read by a flat scan of its tokens.
"""

from __future__ import annotations

from typing import Any

from bpcalc.errors import ParseError, Span
from bpcalc.graph import Graph
from bpcalc.language import lexer
from bpcalc.language.frames import Frame, Reader
from bpcalc.language.index_parts import special_part, unwrapped
from bpcalc.language.keywords import arrange, check_keyword, refuse_keywords_by_position
from bpcalc.language.lexer import END, EOF, NAME, NUMBER, Token
from bpcalc.language.list_syntax import arrange_parts, takes_list
from bpcalc.language.literals import NAMED_LITERALS, constant_for
from bpcalc.language.syntax_errors import KEYWORD_LET, reserved_function
from bpcalc.ops import CONSTANTS, FUNCTIONS, NOTATIONS, REDUCTIONS, Op

_AXIS = "axis"
_INDEX_HINT = ("an index is an integer (x[0], x[-1]), a name (s[y]), a slice with integer bounds (W[1, :], x[::-1]), "
               "None (x[:, None]), ..., an integer array ([0, 2]) or arange(N) (S[arange(N), y])")


def resolve_name(graph: Graph, name: str, span: Span) -> int:
    """The node a name in operand position stands for: a named node, a constant or an input."""
    if name in graph.aliases:
        return graph.aliases[name]
    if name in CONSTANTS:
        return graph.add_constant(CONSTANTS[name], name, span)
    if name in NAMED_LITERALS:
        return constant_for(graph, name, span)
    if reserved_function(name):
        raise ParseError(
            f"'{name}' is a function and needs arguments",
            source=graph.source, span=span,
            hint=f"write {FUNCTIONS[name].syntax}",
        )
    if name == KEYWORD_LET:
        raise ParseError("'let' starts a value line", source=graph.source, span=span,
                         hint="write values as: let x = -2")
    return graph.add_variable(name, span)


def keyword_argument(reader: Reader, pos: int) -> None:
    """`axis=`, `keepdims=`, ... in the open call: the call is arranged by keywords when it closes."""
    frame = reader.frames[-1]
    check_keyword(reader, pos, frame)
    reader.frames[-1] = frame._replace(axis_at=len(reader.operands) - frame.height)


def function_for_call(reader: Reader, frame: Frame, count: int, end: int) -> str:
    """The op a call with count arguments stands for, or the error; remembered when no axis= was given."""
    lists = takes_list(frame.text)
    if lists:
        op = arrange_parts(reader, frame, count, end)
    else:
        op = arrange(reader, frame, count, end) if frame.axis_at is not None else _choose_function(frame, count, reader.graph, end)
        refuse_keywords_by_position(reader, frame, op, count, end)
    count = len(reader.operands) - frame.height
    if not op.accepts(count):
        raise ParseError(
            f"{frame.text}() takes {op.arity_text()}, got {count}",
            source=reader.source, span=Span(frame.start, end),
            hint=f"write {op.syntax}",
        )
    if frame.axis_at is None and not lists:
        reader.calls[(frame.text, count)] = op.name
    return op.name


def _choose_function(frame: Frame, count: int, graph: Graph, end: int) -> Op:
    """max(x) is a reduction; max(a, b) is the elementwise max gate (keywords: language/keywords)."""
    name = frame.text
    if name in REDUCTIONS and count == 1:
        return REDUCTIONS[name]
    if name not in FUNCTIONS:
        return REDUCTIONS[name]
    return FUNCTIONS[name]


def array_literal(reader: Reader, pos: int) -> int:
    """[1, 2, 3] or [[1, 2], [3, 4]] inside an expression: a constant node. Returns the last position."""
    from bpcalc.language.values import parse_value_tokens

    tokens, graph = reader.tokens, reader.graph
    end = _matching_bracket(tokens, pos, graph.source)
    span = Span(tokens[pos].span.start, tokens[end].span.end)
    text = graph.source[span.start : span.end]
    value = parse_value_tokens(tokens[pos : end + 1], graph.source, span, name="the array literal")
    reader.operands.append((graph.add_constant(value, text, span), span.start, span.end))
    return end


def _matching_bracket(tokens: Any, pos: int, source: str) -> int:
    depth = 0
    for end in range(pos, len(tokens)):
        token = tokens[end]
        if token.kind == lexer.OPERATOR and token.text == "[":
            depth += 1
        elif token.kind == lexer.OPERATOR and token.text == "]":
            depth -= 1
            if depth == 0:
                return end
        elif token.kind in (END, EOF):
            break
    raise ParseError("'[' is never closed", source=source, span=tokens[pos].span, hint="add the missing ']'")


def subscript(reader: Reader, pos: int) -> int:
    """x[0], W[1, :], s[y], x[0:2]: an index node whose extra inputs are static. Returns the ']'."""
    tokens, graph, operands = reader.tokens, reader.graph, reader.operands
    end = _matching_bracket(tokens, pos, graph.source)
    base, base_start, _ = operands.pop()
    parts: list[int] = []
    item: list[Token] = []
    depth = 0  # inside arange(0, n) or an index array [0, 2]: its commas are its own
    for token in tokens[pos + 1 : end + 1]:
        if token.kind == lexer.OPERATOR and token.text in "([":
            depth += 1
        elif token.kind == lexer.OPERATOR and token.text in ")]" and depth:
            depth -= 1
            item.append(token)
            continue
        if depth == 0 and token.kind == lexer.OPERATOR and token.text in (",", "]"):
            if not item:
                raise ParseError("an empty index", source=graph.source, span=token.span, hint=_INDEX_HINT)
            parts.append(_index_part(item, graph))
            item = []
        else:
            item.append(token)
    span = Span(base_start, tokens[end].span.end)
    operands.append((graph.add(NOTATIONS["[]"].name, (base, *parts), span), span.start, span.end))
    return end


def _index_part(item: list[Token], graph: Graph) -> int:
    item = unwrapped(item)  # (arange(0, 2)): a folded constant written back in parentheses
    source = graph.source
    span = Span(item[0].span.start, item[-1].span.end)
    text = source[span.start : span.end]
    if any(t.kind == lexer.OPERATOR and t.text == ":" for t in item):
        bounds: list[list[Token]] = [[]]
        for t in item:
            if t.kind == lexer.OPERATOR and t.text == ":":
                bounds.append([])
            else:
                bounds[-1].append(t)
        if len(bounds) > 3:
            raise ParseError(f"a slice has at most two ':' but '{text}' has more", source=source, span=span,
                             hint=_INDEX_HINT)
        numbers = [_integer_literal(b, graph) if b else None for b in bounds]
        if len(numbers) == 3 and numbers[2] == 0:
            raise ParseError("a slice step cannot be 0", source=source, span=span, hint=_INDEX_HINT)
        return graph.add_constant(slice(*numbers), text, span)
    if len(item) == 1 and item[0].kind == NAME and item[0].text != "None":
        return resolve_name(graph, item[0].text, item[0].span)
    special = special_part(item, graph, resolve_name)  # None, ..., [0, 2], arange(N)
    if special is not None:
        return special
    return graph.add_constant(float(_integer_literal(item, graph)), text, span)


def _integer_literal(item: list[Token], graph: Graph) -> int:
    span = Span(item[0].span.start, item[-1].span.end)
    text = graph.source[span.start : span.end]
    sign = 1
    digits = item
    if len(item) == 2 and item[0].kind == lexer.OPERATOR and item[0].text in "+-":
        sign = -1 if item[0].text == "-" else 1
        digits = item[1:]
    if len(digits) != 1 or digits[0].kind != NUMBER or not digits[0].text.isdigit():
        raise ParseError(f"'{text}' is not an index", source=graph.source, span=span, hint=_INDEX_HINT)
    return sign * int(digits[0].text)
