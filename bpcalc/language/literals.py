"""Literal arguments of array calls: tuples of integers `(2, 3)` (a shape, or axes), and the
names True, False and None (keepdims=True, axis=None).

Each is one constant leaf, labelled as written so the formatter writes it back as it came:
a tuple is a vector of its integers, True and False are 1 and 0, None (no axis) is an empty
vector. They are read by flat scans of their tokens.
"""

from __future__ import annotations

from bpcalc.errors import ParseError, Span
from bpcalc.graph import Graph
from bpcalc.language.frames import Reader
from bpcalc.language.lexer import NUMBER
from bpcalc.ops import np
from bpcalc.ops.reduction_forms import none_axis

NAMED_LITERALS = frozenset(("True", "False", "None"))
_TUPLE_HINT = "a tuple holds integers, as in (2, 3), (-1, 4) or (3,)"


def constant_for(graph: Graph, text: str, span: Span | None) -> int:
    """True, False or None as a constant leaf."""
    if text == "None":
        return graph.add_constant(none_axis(), "None", span)
    return graph.add_constant(1.0 if text == "True" else 0.0, text, span)


def starts_tuple(codes: list[str], pos: int) -> bool:
    """True at the '(' of (2, 3), (-1, 3) or (3,): integers and a comma before any operator."""
    at = pos + 1
    if codes[at] == "-":
        at += 1
    return codes[at] == NUMBER and codes[at + 1] == ","


def tuple_literal(reader: Reader, pos: int) -> int:
    """Read the tuple opened at `pos` as one constant operand; returns the position of its ')'."""
    codes, texts, starts, ends = reader.columns
    numbers: list[int] = []
    at = pos + 1
    while True:
        sign = 1
        if codes[at] == "-":
            sign, at = -1, at + 1
        if codes[at] == ")" and numbers:
            break
        if codes[at] != NUMBER or not texts[at].isdigit():
            where = Span(starts[at], ends[at])
            raise ParseError(f"'{texts[at] or 'the end'}' cannot stand in a tuple", source=reader.source, span=where,
                             hint=_TUPLE_HINT)
        numbers.append(sign * int(texts[at]))
        at += 1
        if codes[at] == ",":
            at += 1
            continue
        if codes[at] == ")":
            break
        raise ParseError("a tuple's integers are separated by commas and closed by ')'", source=reader.source,
                         span=Span(starts[at], ends[at]), hint=_TUPLE_HINT)
    span = Span(starts[pos], ends[at])
    label = f"({numbers[0]},)" if len(numbers) == 1 else f"({', '.join(map(str, numbers))})"
    node = reader.graph.add_constant(np.array(numbers, dtype=float), label, span)
    reader.operands.append((node, span.start, span.end))
    return at

