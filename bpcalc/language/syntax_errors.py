"""The parser's error messages: what went wrong at a token, and what to write instead.

Kept apart from the parse loop so that the loop reads as the grammar; each builder returns
the error (the caller raises it), pointing at the token's column.
"""

from __future__ import annotations

from bpcalc.errors import ParseError, Span
from bpcalc.language import lexer
from bpcalc.language.frames import PAREN, Frame, Reader
from bpcalc.language.lexer import END, EOF, NAME, NUMBER, SUPERSCRIPT, Token
from bpcalc.ops import CONSTANTS, FUNCTIONS

KEYWORD_LET = "let"


def reserved_function(name: str) -> bool:
    """Scalar function names (exp, max) are reserved. The array functions (sum, dot, norm, ...)
    came later, so a program that already names a node `dot` or `sum` keeps working: they are
    calls only when '(' follows."""
    return name in FUNCTIONS and FUNCTIONS[name].vjp is None


def check_assignable(reader: Reader, pos: int) -> None:
    """Raise unless the name at pos may be the target of an assignment."""
    name = reader.columns.texts[pos]
    source = reader.source
    # Every user name is an alias; the inputs are the variables, so the others were assigned.
    assigned = (name in reader.graph.aliases and name not in reader.graph.variables) or name in reader.program.values
    if reserved_function(name):
        raise ParseError(
            f"'{name}' is a function and cannot be assigned",
            source=source, span=reader.span(pos), hint="choose another name for this intermediate",
        )
    if name in CONSTANTS:
        raise ParseError(
            f"'{name}' is the constant {name} and cannot be assigned",
            source=source, span=reader.span(pos), hint="choose another name for this intermediate",
        )
    if name == KEYWORD_LET:
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


def expected_operator(reader: Reader, pos: int) -> ParseError:
    """The error for a token where an operator (or the end of the statement) should follow."""
    code = reader.columns.codes[pos]
    if code == "@":
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
        f"missing operator before {show(reader.tokens[pos])}",
        source=reader.source, span=reader.span(pos),
        hint="write multiplication explicitly with '*', e.g. 2*x or (a+b)*(c+d)",
    )


def expected_operand(reader: Reader, pos: int) -> ParseError:
    tokens, source = reader.tokens, reader.source
    token = tokens[pos]
    if token.kind in (END, EOF):
        previous = tokens[pos - 1] if pos > 0 else None
        if previous is not None and previous.kind == lexer.OPERATOR and previous.text == "(":
            return ParseError("empty parentheses", source=source, span=previous.span,
                              hint="put an expression inside, or remove them")
        if previous is not None and previous.kind in (lexer.OPERATOR, SUPERSCRIPT):
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
        f"expected a number, a name or '(' but found {show(token)}",
        source=source, span=token.span,
        hint="an operator needs an operand on each side, e.g. x * -y or (a + b)",
    )


def never_closed(reader: Reader, opener: Frame) -> ParseError:
    shown = {PAREN: f"'{opener.text}'", "bars": "'‖'", "list": "'['", "items": "'['"}.get(opener.kind, f"'{opener.text}('")
    closer = {"bars": "'‖' (or '||')", "list": "']'", "items": "']'"}.get(opener.kind, "')'")
    return ParseError(f"{shown} is never closed", source=reader.source, span=Span(opener.start, opener.end),
                      hint=f"add the missing {closer}")


def show(token: Token) -> str:
    if token.kind == NUMBER:
        return f"the number {token.text}"
    if token.kind == NAME:
        return f"the name '{token.text}'"
    if token.kind in (END, EOF):
        return "the end of the statement"
    return f"'{token.text}'"
