"""Keyword arguments of calls: sum(x, axis=(0, 1), keepdims=True), softmax(s, axis=0),
svm_loss(s, y, delta=0.5).

While a call is read, `axis=` only marks the call's frame (`axis_at`); the values are read as
ordinary operands. When the call closes, one flat scan of its tokens finds which argument was
given by which name, and the operands are put in the positions the row's `keywords` give,
with a keyword's default filled in where a later one is given alone. Rows without keywords
(and names no row takes) are refused with the names they do take.
"""

from __future__ import annotations

from bisect import bisect_left

from bpcalc.errors import ParseError, Span
from bpcalc.language.frames import Frame, Reader
from bpcalc.language.lexer import NAME
from bpcalc.ops import FUNCTIONS, REDUCTIONS, Op

_OPENERS = frozenset(("(", "["))
_CLOSERS = frozenset((")", "]"))


def keywords_of(name: str) -> tuple[str, ...]:
    """Every keyword a call of this name takes, in the rows' order (sum: axis, keepdims)."""
    found: list[str] = []
    for row in (REDUCTIONS.get(name), FUNCTIONS.get(name)):
        if row is not None:
            found.extend(k for k in row.keywords if k not in found)
    return tuple(found)


def check_keyword(reader: Reader, pos: int, frame: Frame) -> None:
    """`name=` inside the call `frame`: a keyword some row of that name takes, or the error."""
    word = reader.columns.texts[pos]
    known = keywords_of(frame.text)
    if word not in known:
        takes = ", ".join(known)
        no_axis = word == "axis" and not known
        raise ParseError(
            f"{frame.text}() takes no axis" if no_axis else f"unknown keyword argument '{word}' in {frame.text}()",
            source=reader.source, span=reader.span(pos),
            hint=f"{frame.text}() takes the keywords: {takes}" if known
            else f"{frame.text}() takes no keyword arguments (the keywords of the reductions are axis and keepdims)",
        )


def _argument_names(reader: Reader, frame: Frame, count: int) -> list[tuple[str | None, Span]]:
    """For each of the call's `count` arguments, its keyword (None when positional) and where
    the keyword (or the argument) starts. One scan of the call's tokens, brackets counted."""
    codes, texts, starts, ends = reader.columns
    pos = bisect_left(starts, frame.end - 1) + 1  # the first token after the call's '('
    names: list[tuple[str | None, Span]] = []
    if pos >= 3 and codes[pos - 3] == "." and frame.start < starts[pos - 3]:  # X.sum(axis=0): X is the first argument
        names.append((None, Span(frame.start, starts[pos - 3])))
    depth = 0
    fresh = True
    while len(names) < count and pos < len(codes):
        code = codes[pos]
        if fresh and depth == 0:
            keyword = texts[pos] if code == NAME and codes[pos + 1] == "=" else None
            names.append((keyword, Span(starts[pos], ends[pos])))
            fresh = False
        if code in _OPENERS:
            depth += 1
        elif code in _CLOSERS:
            if depth == 0:
                break
            depth -= 1
        elif code == "," and depth == 0:
            fresh = True
        pos += 1
    return names


def refuse_keywords_by_position(reader: Reader, frame: Frame, row: Op, count: int, end: int) -> None:
    """norm(x, 1): a row whose keywords come by name only, given one by position (numpy would read
    it as the norm's order: a silently different number), is refused."""
    first = row.keyword_position(row.keywords[0]) if row.keywords_by_name_only and row.keywords else None
    if first is None or count <= first:
        return
    names = _argument_names(reader, frame, count)
    if len(names) > first and names[first][0] is None:
        raise ParseError(f"{frame.text}() takes its {row.keywords[0]} by name only: {row.keywords_by_name_only}",
                         source=reader.source, span=names[first][1], hint=f"write {row.syntax}")


def arrange(reader: Reader, frame: Frame, count: int, end: int) -> Op:
    """The row a call with keyword arguments stands for; its operands put in the row's order."""
    names = _argument_names(reader, frame, count)
    source = reader.source
    positional = 0
    given: dict[str, int] = {}
    for k, (keyword, span) in enumerate(names):
        if keyword is None:
            if given:
                raise ParseError(f"a positional argument after a keyword argument in {frame.text}()", source=source,
                                 span=span, hint="put the keyword arguments last, as in sum(x, axis=0, keepdims=True)")
            positional += 1
        elif keyword in given:
            raise ParseError(f"the keyword '{keyword}' is given twice in {frame.text}()", source=source, span=span,
                             hint="give each keyword once")
        else:
            given[keyword] = k
    row = _row_for(frame, given, Span(frame.start, end), source)
    first = min(_position(row, k) for k in given)
    if positional < _position(row, row.keywords[0]):
        raise ParseError(f"{frame.text}() needs {_position(row, row.keywords[0])} argument(s) before its keywords, "
                         f"got {positional}", source=source, span=Span(frame.start, end), hint=f"write {row.syntax}")
    if positional > first:
        keyword = min(given, key=lambda k: _position(row, k))
        raise ParseError(f"'{keyword}' of {frame.text}() is given twice, by position and by name", source=source,
                         span=names[given[keyword]][1], hint=f"write {row.syntax}")
    operands = reader.operands[frame.height :]
    placed = operands[:positional]
    for position in range(positional, max(_position(row, k) for k in given) + 1):
        keyword = _name_at(row, position)
        placed.append(operands[given[keyword]] if keyword in given else _default(reader, row, keyword, end))
    del reader.operands[frame.height :]
    reader.operands.extend(placed)
    return row


def _position(row: Op, keyword: str) -> int:
    position = row.keyword_position(keyword)
    assert position is not None  # _row_for chose a row that takes every given keyword
    return position


def _name_at(row: Op, position: int) -> str:
    return row.keywords[position - _position(row, row.keywords[0])]


def _row_for(frame: Frame, given: dict[str, int], span: Span, source: str) -> Op:
    """max(x, axis=0) is the reduction, max(a, b) the gate: the first row taking these keywords."""
    for row in (REDUCTIONS.get(frame.text), FUNCTIONS.get(frame.text)):
        if row is not None and row.keywords and all(k in row.keywords for k in given):
            return row
    raise ParseError(f"{frame.text}() does not take the keywords {', '.join(given)} together", source=source,
                     span=span, hint=f"write {(REDUCTIONS.get(frame.text) or FUNCTIONS[frame.text]).syntax}")


def _default(reader: Reader, row: Op, keyword: str, end: int) -> tuple[int, int, int]:
    """A keyword's default as an operand (axis=None when only keepdims= is given)."""
    from bpcalc.language.literals import constant_for

    text = row.keyword_defaults[row.keywords.index(keyword)] if row.keyword_defaults else "None"
    node = constant_for(reader.graph, text, None)
    return node, end, end
