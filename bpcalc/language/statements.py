"""A statement's start and end: assignments, let lines, literal inputs, function headers.

`x = -2` assigns a plain number, which students mean as an input with that value (as
`let x = -2` says), not as a constant: the name becomes an input, the value a default the
command line overrides. `f(x, y, z) = (x + y) * z` is a function header, as notes write one:
it names the output f.
"""

from __future__ import annotations

from bpcalc.errors import ParseError, Span
from bpcalc.language.fold import fold_constants
from bpcalc.language.frames import Program, Reader
from bpcalc.language.lexer import END, EOF, NAME, NUMBER
from bpcalc.language.syntax_errors import KEYWORD_LET, check_assignable, reserved_function
from bpcalc.ops import CONSTANTS, FUNCTIONS

# Names an assignment must be checked for (check_assignable), besides names already used.
RESERVED_TARGETS = frozenset((*FUNCTIONS, *CONSTANTS, KEYWORD_LET))
# `upstream = [...]` gives the upstream gradient dL/d(output) (bpcalc/engine/upstream.py).
UPSTREAM_LINE = "upstream"


def start_statement(reader: Reader, pos: int) -> tuple[int, str | None]:
    """At a statement that starts with a name: (where its expression starts, the name it
    assigns or None). A let line or a literal assignment is read whole: (its end, None)."""
    codes, texts = reader.columns.codes, reader.columns.texts
    following = codes[pos + 1]
    if following == "=":
        target = texts[pos]
        if target in reader.graph.aliases or target in RESERVED_TARGETS or target in reader.program.values:
            check_assignable(reader, pos)  # raises, unless the name is an array function such as sum
        if target == UPSTREAM_LINE and codes[pos + 2] == "[" and target not in reader.graph.aliases:
            return parse_let(reader, pos), None  # `upstream = [...]`: a given dL/d(output), read as a value line
        if codes[pos + 2] in (NUMBER, "-", "+"):
            end = _literal_end(codes, pos + 2)
            if end is not None:
                return _read_literal_input(reader, pos, end), None
        return pos + 2, target
    if following == NAME and texts[pos] == KEYWORD_LET:
        return parse_let(reader, pos + 1), None
    if following == "(":
        body = _function_header_end(reader, pos)
        if body is not None:
            check_assignable(reader, pos)
            return body, texts[pos]
    return pos, None


def _literal_end(codes: list[str], pos: int) -> int | None:
    """The END after `-2` or `5` when a statement is only a signed number and another
    statement follows it (a last statement is the output, which stays what it was)."""
    while codes[pos] in ("-", "+"):
        pos += 1
    if codes[pos] != NUMBER or codes[pos + 1] != END:
        return None
    end = pos + 1
    rest = end
    while codes[rest] == END:
        rest += 1
    return end if codes[rest] != EOF else None


def _read_literal_input(reader: Reader, pos: int, end: int) -> int:
    from bpcalc.language.values import parse_value_tokens

    name = reader.tokens[pos]
    program = reader.program
    program.values[name.text] = parse_value_tokens(reader.tokens[pos + 2 : end], reader.source, name.span, name=name.text)
    program.value_spans[name.text] = name.span
    reader.literal_inputs.append((name.text, Span(name.span.start, reader.columns.ends[end - 1])))
    return end


def _function_header_end(reader: Reader, pos: int) -> int | None:
    """After `f(x, y, z) =`: where the body starts; None when this is not a header."""
    codes = reader.columns.codes
    k = pos + 2
    while codes[k] == NAME:
        if codes[k + 1] == ")":
            return k + 3 if codes[k + 2] == "=" else None
        if codes[k + 1] != ",":
            return None
        k += 2
    return None


def parse_let(reader: Reader, pos: int) -> int:
    """`let x = -2`: a value for the input x. Returns the end of the line."""
    from bpcalc.language.values import parse_value_tokens

    tokens, program, source = reader.tokens, reader.program, reader.source
    name = tokens[pos]
    if tokens[pos + 1].text != "=":
        raise ParseError("expected '=' after the name in a let line", source=source, span=tokens[pos + 1].span,
                         hint="write values as: let x = -2")
    if reserved_function(name.text) or name.text in CONSTANTS:
        raise ParseError(f"'{name.text}' is a function or constant and cannot be an input", source=source,
                         span=name.span, hint="choose another name")
    end = pos + 2
    while tokens[end].kind not in (END, EOF):
        end += 1
    value_tokens = tokens[pos + 2 : end]
    program.values[name.text] = parse_value_tokens(value_tokens, source, name.span)
    program.value_spans[name.text] = name.span
    return end


def end_statement(reader: Reader, target: str, target_pos: int, root: int, end: int) -> tuple[int, int, int]:
    """Name the statement's node after its target; (root, start, end) of the whole statement."""
    graph = reader.graph
    if target in graph.variables:
        raise ParseError(
            f"'{target}' is used on the right of its own assignment (a cycle)",
            source=reader.source, span=reader.span(target_pos),
            hint=f"an input cannot be reassigned; name the result differently, e.g. {target}1 = ...",
        )
    if graph.names[root] is None:  # graph.name_node, inline
        graph.names[root] = target
    graph.aliases[target] = root
    return root, reader.columns.starts[target_pos], end


def finish(reader: Reader, roots: list[tuple[int, int, int]]) -> Program:
    """The last statement is the output; the others that do not reach it get a warning."""
    program, graph, source = reader.program, reader.graph, reader.source
    if not roots:
        raise ParseError(
            "the expression is empty",
            source=source,
            span=Span(len(source), len(source)),
            hint='give an expression such as "(x + y) * z"',
        )
    graph.output = roots[-1][0]
    if len(roots) > 1:
        live = graph.reaches_output()
        for root, start, end in roots[:-1]:
            if not live[root]:
                program.warnings.append(f"statement '{source[start:end]}' does not contribute to the output")
    _drop_unused_literal_inputs(reader)
    fold_constants(graph)
    return program


def _drop_unused_literal_inputs(reader: Reader) -> None:
    """`x = 2` that the output never reads is a statement that does not contribute, not a
    value for an input that does not exist."""
    program, variables = reader.program, reader.graph.variables
    for name, span in reader.literal_inputs:
        if name not in variables:
            del program.values[name]
            del program.value_spans[name]
            program.warnings.append(f"statement '{reader.source[span.start : span.end]}' does not contribute to the output")
