"""The parser's state: one stack-frame type, the token reader, and the parsed program.

The operator stack holds `Frame`s: a binary or prefix operator waiting for its right operand,
an open '(' or an open call (counting its arguments), an open norm bar. Binary operators'
frames are built once per parse and shared, so the per-token path allocates nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from bpcalc.errors import Span
from bpcalc.graph import Graph
from bpcalc.language import lexer
from bpcalc.language.lexer import SUPERSCRIPT, TokenColumns
from bpcalc.ops import BINARY_OPERATORS, PREFIX_OPERATORS

BINARY, PREFIX, PAREN, CALL, BARS = "binary", "prefix", "paren", "call", "bars"


class Frame(NamedTuple):
    """One entry of the operator stack.

    An arriving binary operator first reduces every frame whose precedence is above its own
    `threshold` (its precedence if right-associative, one less if left-associative). Brackets
    and calls have precedence 0, so that reduction stops at them. A call counts its arguments
    by how far the operand stack has grown since its '(' (`height`), so a frame never changes
    once made (axis= replaces the call's frame, rarely).
    """

    precedence: int
    kind: str  # BINARY, PREFIX, PAREN, CALL or BARS
    text: str  # the op name of an operator; the function name of a call; the bracket
    threshold: int = 0
    start: int = 0  # where the frame's text begins (an operator's, or 'name(' of a call)
    end: int = 0
    height: int = 0  # a call's operand-stack height at its '('
    axis_at: int | None = None  # a call's argument position where axis= was given


# Frame(...) builds through a Python-level __new__; the per-token path builds the tuple
# directly (a few times faster), always with every field in order.
make_frame = partial(tuple.__new__, Frame)


@dataclass
class Program:
    graph: Graph
    values: dict[str, Any] = field(default_factory=dict)  # from `let` lines and `x = -2`
    value_spans: dict[str, Span] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def binary_frames() -> dict[str, Frame]:
    """The frame of each infix operator token, from the rows' precedence and associativity.

    A superscript exponent (x²) is a power that binds tighter than any written operator, so
    x²^3 is (x²)^3 and 2^x² is 2^(x²).
    """
    frames = {
        token: Frame(op.precedence, BINARY, op.name, op.precedence if op.right_assoc else op.precedence - 1)
        for token, op in BINARY_OPERATORS.items()
        if op.precedence is not None
    }
    power = BINARY_OPERATORS.get("^")
    if power is not None:
        tightest = max(frame.precedence for frame in frames.values()) + 10
        frames[SUPERSCRIPT] = Frame(tightest, BINARY, power.name, tightest - 1)
    return frames


def prefix_precedence(token: str) -> int:
    """Unary minus sits between * and ^ in the rows, so -x^2 is -(x^2) and 2^-1 is 2^(-1)."""
    precedence = PREFIX_OPERATORS[token].precedence
    return precedence if precedence is not None else 0


class TokenView:
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


class Reader:
    """One parse: the token columns, the graph and program being built, and the two stacks."""

    __slots__ = ("appenders", "calls", "columns", "frames", "graph", "literal_inputs", "numbers", "operands", "program",
                 "source", "tokens")

    def __init__(self, source: str) -> None:
        self.columns = lexer.scan(source)
        self.tokens = TokenView(self.columns)
        self.graph = Graph(source=source)
        self.appenders = self.graph.appenders()
        self.program = Program(graph=self.graph)
        self.source = source
        # Each distinct literal text is converted once and its label and value shared by
        # every node that repeats it ("0.5" 10^4 times is one string and one float).
        self.numbers: dict[str, tuple[str, float]] = {}
        # (function, argument count) -> op name, for calls without axis=
        self.calls: dict[tuple[str, int], str] = {}
        self.operands: list[tuple[int, int, int]] = []  # (node, start, end)
        self.frames: list[Frame] = []
        self.literal_inputs: list[tuple[str, Span]] = []  # `x = -2` statements: (name, span)

    def span(self, pos: int) -> Span:
        return Span(self.columns.starts[pos], self.columns.ends[pos])
