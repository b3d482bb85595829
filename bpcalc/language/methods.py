"""What follows a '.' after an operand: W.T, x.shape, and method calls such as X.dot(W).

A method call is the function of that name with the operand as its first argument, as numpy
and PyTorch write it: `X.dot(W)` is `dot(X, W)`, `X.sum(axis=0)` is `sum(X, axis=0)`,
`X.max()` is `max(X)` and `X.max(1)` numpy's max over axis 1, `x.T.dot(y)` is `dot(x.T, y)`. Every call name the parser knows (the
registry's functions and their aliases) is a method, so the table is derived from the rows.
The call is pushed as an open call frame whose first argument is already on the operand stack,
and the parser's call machinery (argument counting, axis=, the closing ')') does the rest.
"""

from __future__ import annotations

from bpcalc.errors import ParseError, Span
from bpcalc.language.frames import CALL, Reader, make_frame
from bpcalc.language.lexer import NAME
from bpcalc.language.spellings import FUNCTION_NAMES, NUMPY_REDUCTIONS, function_for
from bpcalc.language.syntax_errors import show
from bpcalc.ops import NOTATIONS

_ATTRIBUTES = {notation[1:]: op.name for notation, op in NOTATIONS.items() if notation.startswith(".")}
_HINT = ("after an array, '.T' is its transpose, '.shape' its shape, and '.name(...)' a function with the array "
         "as its first argument: X.dot(W), x.sum(axis=0), X.max(), x.T.dot(y)")


def after_dot(reader: Reader, pos: int) -> tuple[int, bool]:
    """Read what follows the '.' at pos: (the next position, whether an operand comes next)."""
    columns = reader.columns
    codes, texts = columns.codes, columns.texts
    graph, operands = reader.graph, reader.operands
    name_pos = pos + 1
    if codes[name_pos] == NAME and codes[name_pos + 1] == "(":
        # X.max(1) is numpy's (and PyTorch's) reduction over axis 1, never the max gate of X and 1
        method = (NUMPY_REDUCTIONS.get(texts[name_pos]) or FUNCTION_NAMES.get(texts[name_pos])
                  or function_for(texts[name_pos]))
        if method is None:
            raise _unknown(reader, pos, f"'{texts[name_pos]}' is no function bpcalc has, so no method either")
        _, base_start, _ = operands[-1]
        reader.frames.append(make_frame((0, CALL, method, 0, base_start, columns.ends[name_pos + 1],
                                         len(operands) - 1, None)))
        if codes[name_pos + 2] == ")":
            return name_pos + 2, False  # X.mean(): the ')' closes a call of one argument
        return name_pos + 2, True
    attribute = _ATTRIBUTES.get(texts[name_pos]) if codes[name_pos] == NAME else None
    if attribute is None:
        raise _unknown(reader, pos, f"unexpected '.' before {show(reader.tokens[name_pos])}")
    base, base_start, _ = operands.pop()
    span = Span(base_start, columns.ends[name_pos])
    operands.append((graph.add(attribute, (base,), span), span.start, span.end))
    return name_pos + 1, False


def _unknown(reader: Reader, pos: int, message: str) -> ParseError:
    columns = reader.columns
    return ParseError(message, source=reader.source, span=Span(columns.starts[pos], columns.ends[pos + 1]), hint=_HINT)
