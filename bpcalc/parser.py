"""Tokens to a graph, with an operator-precedence (shunting-yard) parser.

It keeps explicit stacks instead of recursing, so nesting depth is bounded by memory, not by
Python's recursion limit. Operator and function tables come from the registry. Every node
remembers the span of text it came from, so later errors (a log of a negative, a shape
mismatch) can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bpcalc import lexer
from bpcalc.errors import ParseError, Span, UnknownNameError, did_you_mean
from bpcalc.gcpause import collector_paused
from bpcalc.graph import Graph
from bpcalc.lexer import Token
from bpcalc.ops import BINARY_OPERATORS, CONSTANTS, FUNCTIONS, PREFIX_OPERATORS, REDUCTIONS, REGISTRY

# Binding power and associativity per operator token; unary minus sits between * and **,
# so -x**2 is -(x**2) and 2**-1 is 2**(-1).
_BINARY_PRECEDENCE = {"+": 10, "-": 10, "*": 20, "/": 20, "@": 20, "**": 40, "^": 40}
_RIGHT_ASSOCIATIVE = {"**", "^"}
_PREFIX_PRECEDENCE = 30
_KEYWORD_LET = "let"


@dataclass
class Program:
    graph: Graph
    values: dict[str, Any] = field(default_factory=dict)  # from `let` lines
    value_spans: dict[str, Span] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Frame:
    """An open operator on the stack: a binary or prefix operator, a '(' or a call."""

    kind: str  # "binary", "prefix", "paren", "call"
    text: str
    span: Span
    precedence: int = 0
    args: int = 0  # for calls: arguments completed so far
    axis_at: int | None = None  # for calls: the argument given as axis=...


def parse(source: str) -> Program:
    """Parse a whole program: statements separated by ';' or newlines, the last is the output."""
    with collector_paused():
        return _parse(source)


def _parse(source: str) -> Program:
    tokens = lexer.tokenize(source)
    graph = Graph(source=source)
    program = Program(graph=graph)
    assigned: dict[str, Span] = {}
    statement_roots: list[tuple[int, Span]] = []
    pos = 0
    while tokens[pos].kind != lexer.EOF:
        token = tokens[pos]
        if token.kind == lexer.END:
            pos += 1
            continue
        if token.kind == lexer.NAME and token.text == _KEYWORD_LET and tokens[pos + 1].kind == lexer.NAME:
            pos = _parse_let(tokens, pos + 1, program)
            continue
        target: Token | None = None
        if token.kind == lexer.NAME and tokens[pos + 1].text == "=" and tokens[pos + 1].kind == lexer.OPERATOR:
            target = token
            _check_assignable(target, graph, assigned, source)
            pos += 2
        root, span, pos = _parse_expression(tokens, pos, graph)
        if target is not None and target.text in graph.variables:
            raise ParseError(
                f"'{target.text}' is used on the right of its own assignment (a cycle)",
                source=source, span=target.span,
                hint=f"an input cannot be reassigned; name the result differently, e.g. {target.text}1 = ...",
            )
        if target is not None:
            graph.name_node(root, target.text)
            assigned[target.text] = target.span
        statement_roots.append((root, span if target is None else Span(target.span.start, span.end)))
    if not statement_roots:
        raise ParseError(
            "the expression is empty",
            source=source,
            span=Span(len(source), len(source)),
            hint='give an expression such as "(x + y) * z"',
        )
    graph.output = statement_roots[-1][0]
    live = graph.reaches_output()
    for root, span in statement_roots[:-1]:
        if not live[root]:
            text = source[span.start : span.end]
            program.warnings.append(f"statement '{text}' does not contribute to the output")
    return program


def _check_assignable(target: Token, graph: Graph, assigned: dict[str, Span], source: str) -> None:
    name = target.text
    if _reserved_function(name):
        raise ParseError(
            f"'{name}' is a function and cannot be assigned",
            source=source, span=target.span, hint="choose another name for this intermediate",
        )
    if name in CONSTANTS:
        raise ParseError(
            f"'{name}' is the constant {name} and cannot be assigned",
            source=source, span=target.span, hint="choose another name for this intermediate",
        )
    if name == _KEYWORD_LET:
        raise ParseError("'let' is a keyword", source=source, span=target.span, hint="choose another name")
    if name in assigned:
        raise ParseError(
            f"'{name}' is assigned twice",
            source=source, span=target.span,
            hint="each name is assigned once (the graph has one node per name); use a new name",
        )
    if name in graph.variables:
        raise ParseError(
            f"'{name}' is used as an input before this line assigns it",
            source=source, span=target.span,
            hint="assign a name before using it, and do not make a name depend on itself",
        )


def _parse_let(tokens: list[Token], pos: int, program: Program) -> int:
    from bpcalc.values import parse_value_tokens

    name = tokens[pos]
    source = program.graph.source
    if tokens[pos + 1].text != "=":
        raise ParseError("expected '=' after the name in a let line", source=source, span=tokens[pos + 1].span,
                         hint="write values as: let x = -2")
    if _reserved_function(name.text) or name.text in CONSTANTS:
        raise ParseError(f"'{name.text}' is a function or constant and cannot be an input", source=source,
                         span=name.span, hint="choose another name")
    end = pos + 2
    while tokens[end].kind not in (lexer.END, lexer.EOF):
        end += 1
    value_tokens = tokens[pos + 2 : end]
    program.values[name.text] = parse_value_tokens(value_tokens, source, name.span)
    program.value_spans[name.text] = name.span
    return end


def _parse_expression(tokens: list[Token], pos: int, graph: Graph) -> tuple[int, Span, int]:
    """Parse one expression up to the end of its statement; returns its root node and span."""
    source = graph.source
    operands: list[tuple[int, Span]] = []
    frames: list[_Frame] = []
    expect_operand = True
    while True:
        token = tokens[pos]
        kind, text = token.kind, token.text
        if expect_operand:
            if kind == lexer.NUMBER:
                operands.append((graph.add_constant(float(text), text, token.span), token.span))
                expect_operand = False
            elif kind == lexer.NAME and _is_keyword(tokens, pos, frames):
                _keyword_argument(token, frames[-1], source)
                pos += 1  # the '=' is skipped below
            elif kind == lexer.OPERATOR and text == "[":
                pos = _array_literal(tokens, pos, operands, graph)
                expect_operand = False
            elif kind == lexer.NAME:
                following = tokens[pos + 1]
                if following.kind == lexer.OPERATOR and following.text == "(":
                    _open_call(token, following, frames, source)
                    pos += 1
                else:
                    operands.append((_resolve_name(token, graph), token.span))
                    expect_operand = False
            elif kind == lexer.OPERATOR and text == "(":
                frames.append(_Frame("paren", "(", token.span))
            elif kind == lexer.OPERATOR and text in PREFIX_OPERATORS:
                frames.append(_Frame("prefix", text, token.span, _PREFIX_PRECEDENCE))
            elif kind == lexer.OPERATOR and text == "+":
                pass  # unary plus changes nothing
            else:
                raise _expected_operand(token, tokens, pos, source)
        else:
            if kind == lexer.OPERATOR and text in _BINARY_PRECEDENCE:
                if text not in BINARY_OPERATORS:
                    raise ParseError(
                        f"the operator '{text}' needs vector support, which this build lacks",
                        source=source, span=token.span,
                    )
                precedence = _BINARY_PRECEDENCE[text]
                right = text in _RIGHT_ASSOCIATIVE
                while frames and frames[-1].kind in ("binary", "prefix") and (
                    frames[-1].precedence > precedence or (frames[-1].precedence == precedence and not right)
                ):
                    _reduce(frames.pop(), operands, graph)
                frames.append(_Frame("binary", text, token.span, precedence))
                expect_operand = True
            elif kind == lexer.OPERATOR and text == ")":
                _close_group(token, frames, operands, graph)
            elif kind == lexer.OPERATOR and text == "[":
                pos = _subscript(tokens, pos, operands, graph)
            elif kind == lexer.OPERATOR and text == ".":
                pos = _attribute(tokens, pos, operands, graph)
            elif kind == lexer.OPERATOR and text == ",":
                _reduce_operators(frames, operands, graph)
                if not frames or frames[-1].kind != "call":
                    raise ParseError(
                        "a comma outside a function call",
                        source=source, span=token.span,
                        hint="commas separate the arguments of a call such as max(a, b)",
                    )
                frames[-1].args += 1
                expect_operand = True
            elif kind in (lexer.END, lexer.EOF):
                break
            elif kind == lexer.OPERATOR and text == "=":
                raise ParseError(
                    "'=' can only follow a name at the start of a statement",
                    source=source, span=token.span,
                    hint="write assignments as their own statement: q = x + y; f = q * z",
                )
            else:
                raise ParseError(
                    f"missing operator before {_show(token)}",
                    source=source, span=token.span,
                    hint="write multiplication explicitly with '*', e.g. 2*x or (a+b)*(c+d)",
                )
        pos += 1
    _reduce_operators(frames, operands, graph)
    if frames:
        opener = frames[-1]
        raise ParseError(
            f"'{opener.text}' is never closed" if opener.kind == "paren" else f"'{opener.text}(' is never closed",
            source=source, span=opener.span, hint="add the missing ')'",
        )
    root, span = operands[-1]
    return root, span, pos


def _open_call(name: Token, paren: Token, frames: list[_Frame], source: str) -> None:
    if name.text not in FUNCTIONS and name.text not in REDUCTIONS:
        suggestion = did_you_mean(name.text, sorted(FUNCTIONS))
        raise UnknownNameError(
            f"unknown function '{name.text}'",
            source=source, span=name.span,
            hint=(f"did you mean '{suggestion}'? " if suggestion else "")
            + "run 'bpcalc ops' for every function",
        )
    frames.append(_Frame("call", name.text, Span(name.span.start, paren.span.end)))


def _resolve_name(token: Token, graph: Graph) -> int:
    name = token.text
    if name in graph.aliases:
        return graph.aliases[name]
    if name in CONSTANTS:
        return graph.add_constant(CONSTANTS[name], name, token.span)
    if _reserved_function(name):
        raise ParseError(
            f"'{name}' is a function and needs arguments",
            source=graph.source, span=token.span,
            hint=f"write {FUNCTIONS[name].syntax}",
        )
    if name == _KEYWORD_LET:
        raise ParseError("'let' starts a value line", source=graph.source, span=token.span,
                         hint="write values as: let x = -2")
    return graph.add_variable(name, token.span)


def _close_group(token: Token, frames: list[_Frame], operands: list[tuple[int, Span]], graph: Graph) -> None:
    _reduce_operators(frames, operands, graph)
    if not frames:
        raise ParseError(
            "unbalanced ')': there is no '(' to close",
            source=graph.source, span=token.span, hint="remove it or add the matching '('",
        )
    frame = frames.pop()
    if frame.kind == "paren":
        node, span = operands.pop()
        operands.append((node, Span(frame.span.start, token.span.end)))
        return
    count = frame.args + 1
    op = _choose_function(frame, count, graph, token)
    if not op.accepts(count):
        raise ParseError(
            f"{frame.text}() takes {op.arity_text()}, got {count}",
            source=graph.source, span=Span(frame.span.start, token.span.end),
            hint=f"write {op.syntax}",
        )
    args = operands[-count:]
    del operands[-count:]
    span = Span(frame.span.start, token.span.end)
    operands.append((graph.add(op.name, tuple(a for a, _ in args), span), span))


def _reduce_operators(frames: list[_Frame], operands: list[tuple[int, Span]], graph: Graph) -> None:
    while frames and frames[-1].kind in ("binary", "prefix"):
        _reduce(frames.pop(), operands, graph)


def _reduce(frame: _Frame, operands: list[tuple[int, Span]], graph: Graph) -> None:
    if frame.kind == "prefix":
        node, span = operands.pop()
        whole = Span(frame.span.start, span.end)
        operands.append((graph.add(PREFIX_OPERATORS[frame.text].name, (node,), whole), whole))
        return
    right, right_span = operands.pop()
    left, left_span = operands.pop()
    whole = Span(left_span.start, right_span.end)
    operands.append((graph.add(BINARY_OPERATORS[frame.text].name, (left, right), whole), whole))


def _expected_operand(token: Token, tokens: list[Token], pos: int, source: str) -> ParseError:
    if token.kind in (lexer.END, lexer.EOF):
        previous = tokens[pos - 1] if pos > 0 else None
        if previous is not None and previous.kind == lexer.OPERATOR and previous.text == "(":
            return ParseError("empty parentheses", source=source, span=previous.span,
                              hint="put an expression inside, or remove them")
        if previous is not None and previous.kind == lexer.OPERATOR:
            return ParseError(
                f"the expression ends after '{previous.text}'",
                source=source, span=previous.span, hint=f"give the operand that '{previous.text}' needs",
            )
        return ParseError("the expression is empty", source=source, span=token.span,
                          hint='give an expression such as "(x + y) * z"')
    if token.text == ")":
        previous = tokens[pos - 1]
        if previous.text == "(" and previous.span.end == token.span.start and pos >= 2 and tokens[pos - 2].kind == lexer.NAME:
            name = tokens[pos - 2].text
            op = FUNCTIONS.get(name)
            return ParseError(
                f"{name}() needs arguments",
                source=source, span=Span(tokens[pos - 2].span.start, token.span.end),
                hint=f"write {op.syntax}" if op else None,
            )
        return ParseError(f"expected an operand before ')', after '{previous.text}'", source=source, span=token.span)
    return ParseError(
        f"expected a number, a name or '(' but found {_show(token)}",
        source=source, span=token.span,
        hint="an operator needs an operand on each side, e.g. x * -y or (a + b)",
    )


def _show(token: Token) -> str:
    if token.kind == lexer.NUMBER:
        return f"the number {token.text}"
    if token.kind == lexer.NAME:
        return f"the name '{token.text}'"
    if token.kind in (lexer.END, lexer.EOF):
        return "the end of the statement"
    return f"'{token.text}'"


# ---- Array syntax: axis=, postfix .T and [...], array literals --------------------------
# None of these recurse: an index is an integer, a name or a slice with integer bounds, and
# a literal holds numbers only, so each is read by a flat scan of its tokens.

_AXIS = "axis"


def _reserved_function(name: str) -> bool:
    """Scalar function names (exp, max) are reserved. The array functions (sum, dot, norm, ...)
    came later, so a program that already names a node `dot` or `sum` keeps working: they are
    calls only when '(' follows."""
    return name in FUNCTIONS and FUNCTIONS[name].vjp is None
_INDEX_HINT = "an index is an integer (x[0], x[-1]), a name (s[y]) or a slice with integer bounds (W[1, :], x[0:2])"


def _is_keyword(tokens: list[Token], pos: int, frames: list[_Frame]) -> bool:
    following = tokens[pos + 1]
    previous = tokens[pos - 1] if pos > 0 else None
    return (
        bool(frames) and frames[-1].kind == "call" and following.kind == lexer.OPERATOR and following.text == "="
        and previous is not None and previous.text in ("(", ",")
    )


def _keyword_argument(token: Token, frame: _Frame, source: str) -> None:
    if token.text != _AXIS:
        raise ParseError(
            f"unknown keyword argument '{token.text}' in {frame.text}()",
            source=source, span=token.span, hint="the only keyword is axis, as in sum(x, axis=0)",
        )
    frame.axis_at = frame.args


def _choose_function(frame: _Frame, count: int, graph: Graph, token: Token) -> Any:
    """max(x) and max(x, axis=0) are reductions; max(a, b) is the elementwise max gate."""
    name = frame.text
    span = Span(frame.span.start, token.span.end)
    if frame.axis_at is not None:
        op = REDUCTIONS.get(name) or FUNCTIONS.get(name)
        if op is None or op.static_from != 1 or frame.axis_at != 1 or count != 2:
            raise ParseError(
                f"{name}() takes no axis here",
                source=graph.source, span=span,
                hint="axis= goes second, after one array: sum(x, axis=0), mean, norm, max(x, axis=1), min",
            )
        return op
    if name in REDUCTIONS and count == 1:
        return REDUCTIONS[name]
    if name not in FUNCTIONS:
        return REDUCTIONS[name]
    return FUNCTIONS[name]


def _array_literal(tokens: list[Token], pos: int, operands: list[tuple[int, Span]], graph: Graph) -> int:
    """[1, 2, 3] or [[1, 2], [3, 4]] inside an expression: a constant node. Returns the last position."""
    from bpcalc.values import parse_value_tokens

    end = _matching_bracket(tokens, pos, graph.source)
    span = Span(tokens[pos].span.start, tokens[end].span.end)
    text = graph.source[span.start : span.end]
    value = parse_value_tokens(tokens[pos : end + 1], graph.source, span, name="the array literal")
    operands.append((graph.add_constant(value, text, span), span))
    return end


def _matching_bracket(tokens: list[Token], pos: int, source: str) -> int:
    depth = 0
    for end in range(pos, len(tokens)):
        text = tokens[end].text
        if tokens[end].kind == lexer.OPERATOR and text == "[":
            depth += 1
        elif tokens[end].kind == lexer.OPERATOR and text == "]":
            depth -= 1
            if depth == 0:
                return end
        elif tokens[end].kind in (lexer.END, lexer.EOF):
            break
    raise ParseError("'[' is never closed", source=source, span=tokens[pos].span, hint="add the missing ']'")


def _subscript(tokens: list[Token], pos: int, operands: list[tuple[int, Span]], graph: Graph) -> int:
    """x[0], W[1, :], s[y], x[0:2]: an index node whose extra inputs are static. Returns the ']'."""
    end = _matching_bracket(tokens, pos, graph.source)
    base, base_span = operands.pop()
    parts: list[int] = []
    item: list[Token] = []
    for token in tokens[pos + 1 : end + 1]:
        if token.kind == lexer.OPERATOR and token.text in (",", "]"):
            if not item:
                raise ParseError("an empty index", source=graph.source, span=token.span, hint=_INDEX_HINT)
            parts.append(_index_part(item, graph))
            item = []
        else:
            item.append(token)
    span = Span(base_span.start, tokens[end].span.end)
    operands.append((graph.add(REGISTRY["index"].name, (base, *parts), span), span))
    return end


def _index_part(item: list[Token], graph: Graph) -> int:
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
    if len(item) == 1 and item[0].kind == lexer.NAME:
        return _resolve_name(item[0], graph)
    return graph.add_constant(float(_integer_literal(item, graph)), text, span)


def _integer_literal(item: list[Token], graph: Graph) -> int:
    span = Span(item[0].span.start, item[-1].span.end)
    text = graph.source[span.start : span.end]
    sign = 1
    digits = item
    if len(item) == 2 and item[0].kind == lexer.OPERATOR and item[0].text in "+-":
        sign = -1 if item[0].text == "-" else 1
        digits = item[1:]
    if len(digits) != 1 or digits[0].kind != lexer.NUMBER or not digits[0].text.isdigit():
        raise ParseError(f"'{text}' is not an index", source=graph.source, span=span, hint=_INDEX_HINT)
    return sign * int(digits[0].text)


def _attribute(tokens: list[Token], pos: int, operands: list[tuple[int, Span]], graph: Graph) -> int:
    """W.T: the transpose node. Returns the position of the 'T'."""
    name = tokens[pos + 1]
    if name.kind != lexer.NAME or name.text != "T":
        raise ParseError(
            f"unexpected '.' before {_show(name)}",
            source=graph.source, span=Span(tokens[pos].span.start, name.span.end),
            hint="after an array, '.T' is its transpose; nothing else follows a '.'",
        )
    base, base_span = operands.pop()
    span = Span(base_span.start, name.span.end)
    operands.append((graph.add(REGISTRY["transpose"].name, (base,), span), span))
    return pos + 1
