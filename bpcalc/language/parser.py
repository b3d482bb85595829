"""Tokens to a graph, with an operator-precedence (shunting-yard) parser.

It keeps explicit stacks instead of recursing, so nesting depth is bounded by memory, not by
Python's recursion limit. Operator tables come from the registry's rows (`precedence`,
`right_assoc`, `aliases`). Every node remembers the span of text it came from, so later
errors (a log of a negative, a shape mismatch) can point at it.

Built for 10^5-node programs (a parse of one takes a fraction of a second): the loop in
`_read_program` reads the lexer's token columns (`lexer.scan`) and appends each node straight
to the graph's columns, so the common path (an operand, a binary operator, a call) makes no
Token or Span object; operands are (node, start, end) tuples and a binary operator's frame is
built once per parse. Everything else is a named step below (a statement's start, closing a
bracket, the next argument, the end of a statement) or lives in array_syntax (subscripts,
literals, axis=), spellings (np.exp, ln, ReLU) and syntax_errors (the messages).
"""

from __future__ import annotations

from typing import NoReturn

from bpcalc.base.gcpause import collector_paused
from bpcalc.errors import ParseError, Span
from bpcalc.language.array_syntax import array_literal, function_for_call, keyword_argument, resolve_name, subscript
from bpcalc.language.comparisons import refuse_chained_comparisons
from bpcalc.language.frames import BARS, BINARY, CALL, PAREN, PREFIX, Frame, Program, Reader, binary_frames, make_frame, prefix_precedence
from bpcalc.language.lexer import END, EOF, NAME, NUMBER
from bpcalc.language.list_syntax import ITEMS, LIST, close_list, open_list
from bpcalc.language.literals import starts_tuple, tuple_literal
from bpcalc.language.methods import after_dot
from bpcalc.language.spellings import FUNCTION_NAMES, MODULE_PREFIXES, function_for, module_meaning, unknown_function
from bpcalc.language.statements import RESERVED_TARGETS, end_statement, finish, start_statement
from bpcalc.language.syntax_errors import expected_operand, expected_operator, never_closed
from bpcalc.ops import CONSTANT, CONSTANTS, NOTATIONS, PREFIX_OPERATORS

__all__ = ["Program", "parse"]

_NORM_BAR = "‖"  # the lexer reads '||' as this too
_NORM = NOTATIONS["‖‖"].name if "‖‖" in NOTATIONS else None


def parse(source: str) -> Program:
    """Parse a whole program: statements separated by ';' or newlines, the last is the output."""
    with collector_paused():
        reader = Reader(source)
        program = finish(reader, _read_program(reader))
    refuse_chained_comparisons(program.graph)
    return program


def _read_program(reader: Reader) -> list[tuple[int, int, int]]:
    """Each statement's (root, start, end). The statement loop and, inline, the expression
    loop: the per-token path of a 10^5-node program, so an operand, a binary operator and
    the opening of a call are handled here and everything else by the named steps."""
    codes, texts, starts, ends = reader.columns
    graph = reader.graph
    ops, aliases, constants, labels = graph.ops, graph.aliases, graph.constants, graph.labels
    add_op, add_args, add_name, add_start, add_end = reader.appenders
    numbers, operands, frames, calls = reader.numbers, reader.operands, reader.frames, reader.calls
    push, pop = operands.append, operands.pop
    operators = binary_frames()
    function_names = FUNCTION_NAMES
    reserved = RESERVED_TARGETS
    # Module constants the per-token path compares against, as locals.
    name_code, number_code, end_code, eof_code, norm_bar = NAME, NUMBER, END, EOF, _NORM_BAR
    binary_kind, call_kind, paren_kind = BINARY, CALL, PAREN
    roots: list[tuple[int, int, int]] = []
    pos = 0
    while True:
        code = codes[pos]
        if code == END:
            pos += 1
            continue
        if code == EOF:
            return roots
        target_pos = pos
        target: str | None = None
        if code == name_code:
            if codes[pos + 1] == "=" and codes[pos + 2] == name_code and texts[pos] not in aliases \
                    and texts[pos] not in reserved:
                target = texts[pos]  # the common `h2 = tanh(...)`, checked here
                pos += 2
            else:
                pos, target = start_statement(reader, pos)
                if target is None and pos != target_pos:
                    continue  # a let line or a literal assignment: read as a value, no node

        # One expression, up to the end of its statement; the stacks are empty again once it
        # is read, so every statement reuses them.
        expect_operand = True
        while True:
            code = codes[pos]
            if expect_operand:
                if code == name_code:
                    following = codes[pos + 1]
                    if following == "(":
                        name = function_names.get(texts[pos]) or _other_spelling(reader, pos)
                        if pos >= 2 and codes[pos - 1] == ".":  # np.max(x, 1) reduces over axis 1
                            name = module_meaning(reader.columns, pos, name, reader.source)
                        frames.append(make_frame((0, call_kind, name, 0, starts[pos], ends[pos + 1], len(operands), None)))
                        pos += 2
                        continue
                    if following == "=" and frames and frames[-1].kind == call_kind and texts[pos - 1] in ("(", ","):
                        keyword_argument(reader, pos)
                        pos += 2  # past the '='
                        continue
                    if following == "." and texts[pos] in MODULE_PREFIXES and _module_prefix(reader, pos):
                        pos += 2  # np.exp(x) is exp(x)
                        continue
                    node = aliases.get(texts[pos])
                    if node is None:
                        node = resolve_name(graph, texts[pos], reader.span(pos))
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
                elif code == "(" and not (codes[pos + 1] != name_code and starts_tuple(codes, pos)):
                    frames.append(make_frame((0, paren_kind, "(", 0, starts[pos], ends[pos], 0, None)))
                    pos += 1
                    continue
                elif code == "(":
                    pos = tuple_literal(reader, pos)  # (2, 3): a shape or axes
                elif code == "[":
                    if open_list(reader, pos):  # [a, b] of computed parts, or stack([a, b])'s list
                        pos += 1
                        continue
                    pos = array_literal(reader, pos)
                elif code in PREFIX_OPERATORS:
                    frames.append(make_frame((prefix_precedence(code), PREFIX, PREFIX_OPERATORS[code].name, 0, starts[pos], 0, 0, None)))
                    pos += 1
                    continue
                elif code == "+":
                    pos += 1  # unary plus changes nothing
                    continue
                elif code == norm_bar:
                    frames.append(make_frame((0, BARS, norm_bar, 0, starts[pos], ends[pos], 0, None)))
                    pos += 1
                    continue
                else:
                    raise expected_operand(reader, pos)
                # An operand was read: what follows must be an operator, handled right here.
                expect_operand = False
                pos += 1
                code = codes[pos]

            binary = operators.get(code)
            if binary is not None:
                threshold = binary.threshold
            elif code == ")" or code == "," or code == end_code or code == eof_code or code == norm_bar or code == "]":  # noqa: SIM109
                threshold = 0  # every operator, down to the innermost bracket or call
            elif code == "[":
                pos = subscript(reader, pos) + 1
                continue
            elif code == ".":
                pos, expect_operand = after_dot(reader, pos)  # W.T, x.shape, X.dot(W)
                continue
            else:
                raise expected_operator(reader, pos)
            while frames and frames[-1].precedence > threshold:
                frame = frames.pop()
                if frame.kind == binary_kind:
                    right, left = pop(), pop()
                    start, end = left[1], right[2]
                    node = len(ops)
                    add_op(frame.text), add_args((left[0], right[0])), add_name(None), add_start(start), add_end(end)
                else:  # a prefix operator
                    start, end = frame.start, operands[-1][2]
                    node = len(ops)
                    add_op(frame.text), add_args((pop()[0],)), add_name(None), add_start(start), add_end(end)
                push((node, start, end))
            if binary is not None:
                frames.append(binary)
                expect_operand = True
            elif code == ")":
                frame = frames.pop() if frames else _unbalanced(reader, pos)
                start, end = frame.start, ends[pos]
                if frame.kind == paren_kind:
                    push((pop()[0], start, end))
                else:
                    count = len(operands) - frame.height
                    op_name = calls.get((frame.text, count)) if frame.kind == call_kind and frame.axis_at is None else None
                    if op_name is None:
                        op_name = _call_op(reader, frame, count, end)
                        count = len(operands) - frame.height  # keyword arguments may fill in defaults
                    if count == 1:
                        args: tuple[int, ...] = (pop()[0],)
                    else:
                        args = tuple([operand[0] for operand in operands[-count:]])
                        del operands[-count:]
                    node = len(ops)
                    add_op(op_name), add_args(args), add_name(None), add_start(start), add_end(end)
                    push((node, start, end))
            elif code == ",":
                _next_argument(reader, pos)
                expect_operand = True
            elif code == norm_bar:
                _close_norm(reader, pos)
            elif code == "]":
                close_list(reader, pos)
            else:
                break  # the end of the statement
            pos += 1
        if frames:
            raise never_closed(reader, frames[-1])
        root, start, end = pop()
        del operands[:]  # nothing else is left on a well-formed statement's stack; be sure
        roots.append((root, start, end) if target is None else end_statement(reader, target, target_pos, root, end))


def _other_spelling(reader: Reader, pos: int) -> str:
    """A call name in another case (ReLU), or the error for a function we do not have."""
    columns = reader.columns
    name = columns.texts[pos]
    found = function_for(name)
    if found is not None:
        return found
    module = columns.texts[pos - 2] if pos >= 2 and columns.codes[pos - 1] == "." else None
    span = Span(columns.starts[pos - 2] if module else columns.starts[pos], columns.ends[pos])
    raise unknown_function(name, reader.source, span, module)


def _module_prefix(reader: Reader, pos: int) -> bool:
    """True at `np.` in np.exp(x) or np.pi: a module prefix before a call or a constant."""
    codes, texts = reader.columns.codes, reader.columns.texts
    return codes[pos + 2] == NAME and (codes[pos + 3] == "(" or texts[pos + 2] in CONSTANTS
                                       or (codes[pos + 3] == "." and texts[pos + 2] in MODULE_PREFIXES))


def _unbalanced(reader: Reader, pos: int) -> NoReturn:
    raise ParseError(
        "unbalanced ')': there is no '(' to close",
        source=reader.source, span=reader.span(pos), hint="remove it or add the matching '('",
    )


def _call_op(reader: Reader, frame: Frame, count: int, end: int) -> str:
    """The op a ')' closes a call with (first seen, or with axis=); an error for an open '‖'."""
    if frame.kind != CALL:
        raise never_closed(reader, frame)
    return function_for_call(reader, frame, count, end)


def _close_norm(reader: Reader, pos: int) -> None:
    """The closing bar of ‖v‖ or ||v||: the norm of what it encloses."""
    frames, operands = reader.frames, reader.operands
    if not frames or frames[-1].kind != BARS:
        if frames and frames[-1].kind in (PAREN, CALL):
            raise never_closed(reader, frames[-1])
        raise expected_operator(reader, pos)
    frame = frames.pop()
    if _NORM is None:
        raise ParseError("‖v‖ needs vector support, which this build lacks", source=reader.source,
                         span=Span(frame.start, reader.columns.ends[pos]))
    span = Span(frame.start, reader.columns.ends[pos])
    operands.append((reader.graph.add(_NORM, (operands.pop()[0],), span), span.start, span.end))


def _next_argument(reader: Reader, pos: int) -> None:
    """',' between a call's arguments (the call counts them when it closes)."""
    frames = reader.frames
    if not frames or frames[-1].kind not in (CALL, LIST, ITEMS):
        raise ParseError(
            "a comma outside a function call",
            source=reader.source, span=reader.span(pos),
            hint="commas separate the arguments of a call such as max(a, b)",
        )
