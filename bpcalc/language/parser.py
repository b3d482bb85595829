"""Tokens to a graph, with an operator-precedence (shunting-yard) parser.

It keeps explicit stacks instead of recursing, so nesting depth is bounded by memory, not by
Python's recursion limit. Operator and function tables come from the registry. Every node
remembers the span of text it came from, so later errors (a log of a negative, a shape
mismatch) can point at it.

Built for 10^5-node programs (a parse of one takes a fraction of a second): the parser reads
the lexer's token columns (`lexer.scan`) in one loop, keeps spans as plain (start, end)
offsets and appends each node straight to the graph's columns, so the common path makes no
Token, Span or frame object per token: operands are (node, start, end) tuples and a binary
operator's stack frame is one tuple per operator, built once per parse. Token and Span objects
are made only where an error message or the rarely used syntax (let lines, array literals,
subscripts) needs them, so every message is the one the token-object parser gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bpcalc.base.gcpause import collector_paused
from bpcalc.errors import ParseError, Span, UnknownNameError, did_you_mean
from bpcalc.graph import Graph
from bpcalc.language import lexer
from bpcalc.language.lexer import END, EOF, NAME, NUMBER, Token, TokenColumns
from bpcalc.ops import BINARY_OPERATORS, CONSTANT, CONSTANTS, FUNCTIONS, PREFIX_OPERATORS, REDUCTIONS, REGISTRY

# Binding power and associativity per operator token; unary minus sits between * and **,
# so -x**2 is -(x**2) and 2**-1 is 2**(-1).
_BINARY_PRECEDENCE = {"+": 10, "-": 10, "*": 20, "/": 20, "@": 20, "**": 40, "^": 40}
_RIGHT_ASSOCIATIVE = {"**", "^"}
_PREFIX_PRECEDENCE = 30
_KEYWORD_LET = "let"

# The operator stack holds tuples. A binary operator is (precedence, "binary", op name,
# threshold): arriving, it first reduces every operator whose precedence is above its
# threshold (its own precedence if right-associative, one less if left-associative), so the
# frame is the same tuple every time and is built once per parse. A prefix operator is
# (precedence, "prefix", op name, start), a '(' is (0, "paren", "(", start, end), and a call
# is a list [0, "call", name, start, end, args, axis_at], since it counts the arguments
# completed so far and where axis= was given; (start, end) is its 'name(' for error messages.
# '(' and calls rank below every operator, so the reduce loop stops at them by precedence.
_BINARY, _PREFIX, _PAREN, _CALL = "binary", "prefix", "paren", "call"
_PRECEDENCE, _KIND, _TEXT, _START, _END, _ARGS, _AXIS_AT = range(7)
_THRESHOLD = 3


def _binary_frames() -> dict[str, tuple[int, str, str, int]]:
    """The stack frame of each binary operator this build has (from the registry, at parse time)."""
    return {
        text: (precedence, _BINARY, BINARY_OPERATORS[text].name, precedence if text in _RIGHT_ASSOCIATIVE else precedence - 1)
        for text, precedence in _BINARY_PRECEDENCE.items()
        if text in BINARY_OPERATORS
    }


@dataclass
class Program:
    graph: Graph
    values: dict[str, Any] = field(default_factory=dict)  # from `let` lines
    value_spans: dict[str, Span] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _TokenView:
    """The token columns read as a list of Token objects, each made when asked for.

    Error messages and the rarely used syntax were written against Token objects; this keeps
    them that way without building 10^5 tokens that the common path never looks at.
    """

    __slots__ = ("columns",)

    def __init__(self, columns: TokenColumns) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns.codes)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.columns.token(k) for k in range(len(self.columns.codes))[index]]
        return self.columns.token(index)


class _Reader:
    """One parse: the token columns, the graph being built, and what the rare paths need."""

    __slots__ = ("columns", "graph", "numbers", "source", "tokens")

    def __init__(self, source: str) -> None:
        self.columns = lexer.scan(source)
        self.tokens = _TokenView(self.columns)
        self.graph = Graph(source=source)
        self.source = source
        # Each distinct literal text is converted once and its label and value shared by
        # every node that repeats it ("0.5" 10^4 times is one string and one float).
        self.numbers: dict[str, tuple[str, float]] = {}

    def span(self, pos: int) -> Span:
        return Span(self.columns.starts[pos], self.columns.ends[pos])


def parse(source: str) -> Program:
    """Parse a whole program: statements separated by ';' or newlines, the last is the output."""
    with collector_paused():
        return _parse(source)


def _parse(source: str) -> Program:
    """The statement loop and, inline, the expression loop: the per-token path of a 10^5-node
    program, so the common cases (an operand, a binary operator, a call with one argument)
    are handled here and everything else (errors, arrays) by the helpers below."""
    reader = _Reader(source)
    codes, texts, starts, ends = reader.columns
    graph = reader.graph
    program = Program(graph=graph)
    # Everything the per-token loop touches, as locals.
    ops = graph.ops
    add_op, add_args, add_name, add_start, add_end = graph.appenders()
    aliases, constants, labels, variables = graph.aliases, graph.constants, graph.labels, graph.variables
    name_code, number_code, end_or_eof, binary_kind, call_kind = NAME, NUMBER, (END, EOF), _BINARY, _CALL
    names = graph.names
    numbers = reader.numbers
    calls: dict[tuple[str, int], str] = {}  # (function, argument count) -> op name, for calls without axis=
    binary_frames = _binary_frames()
    reserved = {*FUNCTIONS, *CONSTANTS, _KEYWORD_LET}  # names _check_assignable may refuse
    operands: list[tuple[int, int, int]] = []  # (node, start, end)
    push, pop = operands.append, operands.pop
    frames: list[Any] = []
    statement_roots: list[tuple[int, int, int]] = []  # (root, start, end) of each statement
    add_root = statement_roots.append
    pos = 0
    while True:
        code = codes[pos]
        if code == END:
            pos += 1
            continue
        if code == EOF:
            break
        if code == NAME and texts[pos] == _KEYWORD_LET and codes[pos + 1] == NAME:
            pos = _parse_let(reader.tokens, pos + 1, program)
            continue
        target: str | None = None
        target_pos = pos
        if code == NAME and codes[pos + 1] == "=":
            target = texts[pos]
            if target in aliases or target in reserved:
                _check_assignable(reader, pos)  # raises, unless the name is an array function such as sum
            pos += 2

        # One expression, up to the end of its statement (shunting-yard, no recursion); the
        # stacks are empty again once it is read, so every statement reuses them.
        expect_operand = True
        while True:
            code = codes[pos]
            if expect_operand:
                if code == name_code:
                    following = codes[pos + 1]
                    if following == "(":
                        name = texts[pos]
                        if name not in FUNCTIONS and name not in REDUCTIONS:
                            raise _unknown_function(reader, pos)
                        frames.append([0, call_kind, name, starts[pos], ends[pos + 1], 0, None])
                        pos += 2
                        continue
                    if following == "=" and frames and frames[-1][_KIND] == call_kind and pos > 0 and texts[pos - 1] in ("(", ","):
                        _keyword_argument(reader, pos, frames[-1])
                        pos += 2  # past the '='
                        continue
                    node = aliases.get(texts[pos])
                    if node is None:
                        node = _resolve_name(graph, texts[pos], reader.span(pos))
                    push((node, starts[pos], ends[pos]))
                elif code == number_code:
                    text = texts[pos]
                    known = numbers.get(text)
                    if known is None:
                        known = numbers[text] = (text, float(text))
                    start, end = starts[pos], ends[pos]
                    node = len(ops)
                    add_op(CONSTANT), add_args(()), add_name(None), add_start(start), add_end(end)
                    constants[node] = known[1]
                    labels[node] = known[0]
                    push((node, start, end))
                elif code == "(":
                    frames.append((0, _PAREN, "(", starts[pos], ends[pos]))
                    pos += 1
                    continue
                elif code == "[":
                    pos = _array_literal(reader, pos, operands)
                elif code in PREFIX_OPERATORS:
                    frames.append((_PREFIX_PRECEDENCE, _PREFIX, PREFIX_OPERATORS[code].name, starts[pos]))
                    pos += 1
                    continue
                elif code == "+":
                    pos += 1  # unary plus changes nothing
                    continue
                else:
                    raise _expected_operand(reader, pos)
                # An operand was read: what follows must be an operator, handled right here.
                expect_operand = False
                pos += 1
                code = codes[pos]

            binary = binary_frames.get(code)
            if binary is not None:
                threshold = binary[_THRESHOLD]
            elif code == ")" or code == "," or code in end_or_eof:
                threshold = 0  # every operator, down to the innermost '(' or call
            elif code == "[":
                pos = _subscript(reader, pos, operands) + 1
                continue
            elif code == ".":
                pos = _attribute(reader, pos, operands) + 1
                continue
            else:
                raise _expected_operator(reader, pos)
            while frames and frames[-1][_PRECEDENCE] > threshold:
                frame = frames.pop()
                if frame[_KIND] == binary_kind:
                    right, left = pop(), pop()
                    start, end = left[1], right[2]
                    node = len(ops)
                    add_op(frame[_TEXT]), add_args((left[0], right[0])), add_name(None), add_start(start), add_end(end)
                else:  # a prefix operator
                    start, end = frame[_START], operands[-1][2]
                    node = len(ops)
                    add_op(frame[_TEXT]), add_args((pop()[0],)), add_name(None), add_start(start), add_end(end)
                push((node, start, end))
            if binary is not None:
                frames.append(binary)
                expect_operand = True
            elif code == ")":
                if not frames:
                    raise ParseError(
                        "unbalanced ')': there is no '(' to close",
                        source=source, span=reader.span(pos), hint="remove it or add the matching '('",
                    )
                frame = frames.pop()
                start, end = frame[_START], ends[pos]
                if frame[_KIND] == _PAREN:
                    push((pop()[0], start, end))
                else:
                    count = frame[_ARGS] + 1
                    op_name = calls.get((frame[_TEXT], count)) if frame[_AXIS_AT] is None else None
                    if op_name is None:
                        op_name = _function_for_call(reader, frame, count, end, calls)
                    if count == 1:
                        args: tuple[int, ...] = (pop()[0],)
                    else:
                        args = tuple([operand[0] for operand in operands[-count:]])
                        del operands[-count:]
                    node = len(ops)
                    add_op(op_name), add_args(args), add_name(None), add_start(start), add_end(end)
                    push((node, start, end))
            elif code == ",":
                if not frames or frames[-1][_KIND] != call_kind:
                    raise ParseError(
                        "a comma outside a function call",
                        source=source, span=reader.span(pos),
                        hint="commas separate the arguments of a call such as max(a, b)",
                    )
                frames[-1][_ARGS] += 1
                expect_operand = True
            else:
                break  # the end of the statement
            pos += 1
        if frames:
            opener = frames[-1]
            raise ParseError(
                f"'{opener[_TEXT]}' is never closed" if opener[_KIND] == _PAREN else f"'{opener[_TEXT]}(' is never closed",
                source=source, span=Span(opener[_START], opener[_END]), hint="add the missing ')'",
            )
        root, start, end = pop()
        del operands[:]  # nothing else is left on a well-formed statement's stack; be sure

        if target is not None:
            if target in variables:
                raise ParseError(
                    f"'{target}' is used on the right of its own assignment (a cycle)",
                    source=source, span=reader.span(target_pos),
                    hint=f"an input cannot be reassigned; name the result differently, e.g. {target}1 = ...",
                )
            if names[root] is None:  # graph.name_node, inline
                names[root] = target
            aliases[target] = root
            start = starts[target_pos]
        add_root((root, start, end))
    if not statement_roots:
        raise ParseError(
            "the expression is empty",
            source=source,
            span=Span(len(source), len(source)),
            hint='give an expression such as "(x + y) * z"',
        )
    graph.output = statement_roots[-1][0]
    if len(statement_roots) > 1:
        live = graph.reaches_output()
        for root, start, end in statement_roots[:-1]:
            if not live[root]:
                program.warnings.append(f"statement '{source[start:end]}' does not contribute to the output")
    return program


def _check_assignable(reader: _Reader, pos: int) -> None:
    name = reader.columns.texts[pos]
    source = reader.source
    # Every user name is an alias; the inputs are the variables, so the others were assigned.
    assigned = name in reader.graph.aliases and name not in reader.graph.variables
    if _reserved_function(name):
        raise ParseError(
            f"'{name}' is a function and cannot be assigned",
            source=source, span=reader.span(pos), hint="choose another name for this intermediate",
        )
    if name in CONSTANTS:
        raise ParseError(
            f"'{name}' is the constant {name} and cannot be assigned",
            source=source, span=reader.span(pos), hint="choose another name for this intermediate",
        )
    if name == _KEYWORD_LET:
        raise ParseError("'let' is a keyword", source=source, span=reader.span(pos), hint="choose another name")
    if assigned:
        raise ParseError(
            f"'{name}' is assigned twice",
            source=source, span=reader.span(pos),
            hint="each name is assigned once (the graph has one node per name); use a new name",
        )
    if name in reader.graph.variables:
        raise ParseError(
            f"'{name}' is used as an input before this line assigns it",
            source=source, span=reader.span(pos),
            hint="assign a name before using it, and do not make a name depend on itself",
        )


def _parse_let(tokens: Any, pos: int, program: Program) -> int:
    from bpcalc.language.values import parse_value_tokens

    name = tokens[pos]
    source = program.graph.source
    if tokens[pos + 1].text != "=":
        raise ParseError("expected '=' after the name in a let line", source=source, span=tokens[pos + 1].span,
                         hint="write values as: let x = -2")
    if _reserved_function(name.text) or name.text in CONSTANTS:
        raise ParseError(f"'{name.text}' is a function or constant and cannot be an input", source=source,
                         span=name.span, hint="choose another name")
    end = pos + 2
    while tokens[end].kind not in (END, EOF):
        end += 1
    value_tokens = tokens[pos + 2 : end]
    program.values[name.text] = parse_value_tokens(value_tokens, source, name.span)
    program.value_spans[name.text] = name.span
    return end


def _unknown_function(reader: _Reader, pos: int) -> UnknownNameError:
    name = reader.columns.texts[pos]
    suggestion = did_you_mean(name, sorted(FUNCTIONS))
    return UnknownNameError(
        f"unknown function '{name}'",
        source=reader.source, span=reader.span(pos),
        hint=(f"did you mean '{suggestion}'? " if suggestion else "")
        + "run 'bpcalc ops' for every function",
    )


def _resolve_name(graph: Graph, name: str, span: Span) -> int:
    if name in graph.aliases:
        return graph.aliases[name]
    if name in CONSTANTS:
        return graph.add_constant(CONSTANTS[name], name, span)
    if _reserved_function(name):
        raise ParseError(
            f"'{name}' is a function and needs arguments",
            source=graph.source, span=span,
            hint=f"write {FUNCTIONS[name].syntax}",
        )
    if name == _KEYWORD_LET:
        raise ParseError("'let' starts a value line", source=graph.source, span=span,
                         hint="write values as: let x = -2")
    return graph.add_variable(name, span)


def _expected_operator(reader: _Reader, pos: int) -> ParseError:
    """The error for a token where an operator (or the end of the statement) should follow."""
    code = reader.columns.codes[pos]
    if code in _BINARY_PRECEDENCE:
        return ParseError(
            f"the operator '{code}' needs vector support, which this build lacks",
            source=reader.source, span=reader.span(pos),
        )
    if code == "=":
        return ParseError(
            "'=' can only follow a name at the start of a statement",
            source=reader.source, span=reader.span(pos),
            hint="write assignments as their own statement: q = x + y; f = q * z",
        )
    return ParseError(
        f"missing operator before {_show(reader.tokens[pos])}",
        source=reader.source, span=reader.span(pos),
        hint="write multiplication explicitly with '*', e.g. 2*x or (a+b)*(c+d)",
    )


def _function_for_call(reader: _Reader, frame: list[Any], count: int, end: int, calls: dict[tuple[str, int], str]) -> str:
    """The op a call with count arguments stands for, or the error; remembered when no axis= was given."""
    op = _choose_function(frame, count, reader.graph, end)
    if not op.accepts(count):
        raise ParseError(
            f"{frame[_TEXT]}() takes {op.arity_text()}, got {count}",
            source=reader.source, span=Span(frame[_START], end),
            hint=f"write {op.syntax}",
        )
    if frame[_AXIS_AT] is None:
        calls[(frame[_TEXT], count)] = op.name
    return op.name


def _expected_operand(reader: _Reader, pos: int) -> ParseError:
    tokens, source = reader.tokens, reader.source
    token = tokens[pos]
    if token.kind in (END, EOF):
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
        if previous.text == "(" and previous.span.end == token.span.start and pos >= 2 and tokens[pos - 2].kind == NAME:
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
    if token.kind == NUMBER:
        return f"the number {token.text}"
    if token.kind == NAME:
        return f"the name '{token.text}'"
    if token.kind in (END, EOF):
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


def _keyword_argument(reader: _Reader, pos: int, frame: list[Any]) -> None:
    if reader.columns.texts[pos] != _AXIS:
        raise ParseError(
            f"unknown keyword argument '{reader.columns.texts[pos]}' in {frame[_TEXT]}()",
            source=reader.source, span=reader.span(pos), hint="the only keyword is axis, as in sum(x, axis=0)",
        )
    frame[_AXIS_AT] = frame[_ARGS]


def _choose_function(frame: list[Any], count: int, graph: Graph, end: int) -> Any:
    """max(x) and max(x, axis=0) are reductions; max(a, b) is the elementwise max gate."""
    name = frame[_TEXT]
    if frame[_AXIS_AT] is not None:
        op = REDUCTIONS.get(name) or FUNCTIONS.get(name)
        if op is None or op.static_from != 1 or frame[_AXIS_AT] != 1 or count != 2:
            raise ParseError(
                f"{name}() takes no axis here",
                source=graph.source, span=Span(frame[_START], end),
                hint="axis= goes second, after one array: sum(x, axis=0), mean, norm, max(x, axis=1), min",
            )
        return op
    if name in REDUCTIONS and count == 1:
        return REDUCTIONS[name]
    if name not in FUNCTIONS:
        return REDUCTIONS[name]
    return FUNCTIONS[name]


def _array_literal(reader: _Reader, pos: int, operands: list[tuple[int, int, int]]) -> int:
    """[1, 2, 3] or [[1, 2], [3, 4]] inside an expression: a constant node. Returns the last position."""
    from bpcalc.language.values import parse_value_tokens

    tokens, graph = reader.tokens, reader.graph
    end = _matching_bracket(tokens, pos, graph.source)
    span = Span(tokens[pos].span.start, tokens[end].span.end)
    text = graph.source[span.start : span.end]
    value = parse_value_tokens(tokens[pos : end + 1], graph.source, span, name="the array literal")
    operands.append((graph.add_constant(value, text, span), span.start, span.end))
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


def _subscript(reader: _Reader, pos: int, operands: list[tuple[int, int, int]]) -> int:
    """x[0], W[1, :], s[y], x[0:2]: an index node whose extra inputs are static. Returns the ']'."""
    tokens, graph = reader.tokens, reader.graph
    end = _matching_bracket(tokens, pos, graph.source)
    base, base_start, _ = operands.pop()
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
    span = Span(base_start, tokens[end].span.end)
    operands.append((graph.add(REGISTRY["index"].name, (base, *parts), span), span.start, span.end))
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
    if len(item) == 1 and item[0].kind == NAME:
        return _resolve_name(graph, item[0].text, item[0].span)
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


def _attribute(reader: _Reader, pos: int, operands: list[tuple[int, int, int]]) -> int:
    """W.T: the transpose node. Returns the position of the 'T'."""
    tokens, graph = reader.tokens, reader.graph
    name = tokens[pos + 1]
    if name.kind != NAME or name.text != "T":
        raise ParseError(
            f"unexpected '.' before {_show(name)}",
            source=graph.source, span=Span(tokens[pos].span.start, name.span.end),
            hint="after an array, '.T' is its transpose; nothing else follows a '.'",
        )
    base, base_start, _ = operands.pop()
    span = Span(base_start, name.span.end)
    operands.append((graph.add(REGISTRY["transpose"].name, (base,), span), span.start, span.end))
    return pos + 1
