"""Lists of computed parts: the literal [a, b] and the list argument of stack([a, b], axis=0).

A literal of numbers only ([1, 2], [[1, 2], [3, 4]]) stays one constant, read by the value
parser. A literal with anything else opens a LIST frame: its items are read as expressions and
the ']' builds an `array` node from them. Right after the '(' of a call that takes a list
(the rows with `parts_from`: array, stack, concatenate, vstack, hstack) the '[' opens an ITEMS
frame instead: its items become the call's own inputs, and the call puts its axis in front.
"""

from __future__ import annotations

from bisect import bisect_left

from bpcalc.errors import ParseError, Span
from bpcalc.language.frames import CALL, Frame, Reader, make_frame
from bpcalc.language.lexer import END, EOF, NAME, NUMBER
from bpcalc.ops import CONSTANTS, FUNCTIONS, REGISTRY, Op

LIST, ITEMS = "list", "items"
_ARRAY = "array"
_NUMERIC = frozenset((NUMBER, ",", "[", "]", "-", "+", "/"))


def _list_taker(reader: Reader, pos: int) -> Op | None:
    """The row of the call whose '(' is just before `pos`, when it takes a list argument."""
    frames = reader.frames
    if not frames or frames[-1].kind != CALL or reader.columns.codes[pos - 1] != "(":
        return None
    row = FUNCTIONS.get(frames[-1].text)
    return row if row is not None and row.parts_from is not None else None


def open_list(reader: Reader, pos: int) -> bool:
    """At a '[' in operand position: push a frame and return True, unless the literal holds
    numbers only (then the caller reads it as one constant)."""
    codes, texts, starts, ends = reader.columns
    taker = _list_taker(reader, pos)
    if taker is None:
        depth = 0
        for at in range(pos, len(codes)):
            code = codes[at]
            if code == "[":
                depth += 1
            elif code == "]":
                depth -= 1
                if depth == 0:
                    return False  # numbers only: one constant
            elif code in (END, EOF):
                return False  # never closed: the value parser says so
            elif code not in _NUMERIC and not (code == NAME and texts[at] in CONSTANTS):
                break
    kind = ITEMS if taker is not None else LIST
    reader.frames.append(make_frame((0, kind, "[", 0, starts[pos], ends[pos], len(reader.operands), None)))
    return True


def close_list(reader: Reader, pos: int) -> None:
    """The ']' of a list frame: a literal's array node, or the end of a call's list argument."""
    frames, operands = reader.frames, reader.operands
    if not frames or frames[-1].kind not in (LIST, ITEMS):
        raise ParseError("unbalanced ']': there is no '[' to close", source=reader.source, span=reader.span(pos),
                         hint="remove it or add the matching '['")
    frame = frames.pop()
    count = len(operands) - frame.height
    if count == 0:
        raise ParseError("an empty list", source=reader.source, span=Span(frame.start, reader.columns.ends[pos]),
                         hint="a list holds one or more parts, as in [a, b]")
    if frame.kind == ITEMS:
        return
    span = Span(frame.start, reader.columns.ends[pos])
    parts = tuple(operand[0] for operand in operands[-count:])
    del operands[-count:]
    operands.append((reader.graph.add(_ARRAY, parts, span), span.start, span.end))


def arrange_parts(reader: Reader, frame: Frame, count: int, end: int) -> Op:
    """stack([a, b], axis=1): the parts of the list and the axis in the row's order, (axis, *parts)."""
    row = FUNCTIONS[frame.text]
    codes, starts = reader.columns.codes, reader.columns.starts
    at = bisect_left(starts, frame.end - 1) + 1
    span = Span(frame.start, end)
    if codes[at] != "[":
        raise ParseError(f"{frame.text}() takes a list of parts, as in {frame.text}([a, b])",
                         source=reader.source, span=span, hint=f"write {row.syntax}")
    items, depth = 0, 0
    while True:
        code = codes[at]
        if code in ("[", "("):
            depth += 1
        elif code in ("]", ")"):
            depth -= 1
            if depth == 0:
                break
        elif code == "," and depth == 1:
            items += 1
        at += 1
    items += 1
    extra = count - items
    axis_given = extra == 1
    if extra > 1 or (extra == 1 and row.parts_from == 0):
        raise ParseError(f"{frame.text}() takes {'a list and an axis' if row.parts_from else 'one list'}, "
                         f"got {extra} more argument(s)", source=reader.source, span=span, hint=f"write {row.syntax}")
    operands = reader.operands
    parts = operands[frame.height : frame.height + items]
    if row.parts_from:
        axis = operands[-1] if axis_given else _zero_axis(reader, end)
        parts = [axis, *parts]
    del operands[frame.height :]
    operands.extend(parts)
    return row


def _zero_axis(reader: Reader, end: int) -> tuple[int, int, int]:
    return reader.graph.add_constant(0.0, "0", None), end, end


def takes_list(name: str) -> bool:
    row = REGISTRY.get(name)
    return row is not None and row.parts_from is not None
