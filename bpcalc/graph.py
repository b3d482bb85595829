"""The computational graph: flat parallel lists, one entry per node, in creation order.

Creation order is already a topological order, so every pass over the graph is a plain loop.
No math and no I/O live here.

Where each node was written is kept as two integer arrays (`Spans`), not as a Span object per
node: a 10^5-node graph would otherwise spend about a third of its memory on spans that only
an error message ever reads. `graph.spans[i]` still gives a Span (or None), made on demand.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, overload

from bpcalc.errors import Span
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE

_ARRAY_BUILDERS = frozenset(op.name for op in REGISTRY.values() if op.builds_array)
_NO_SPAN = -1  # the start stored for a node without a span (a character offset is never negative)


class Spans:
    """A list-like column of Span | None stored as two arrays of offsets, 8 bytes per node.

    Offsets are 32-bit: a parsed source has at most lexer.MAX_SOURCE_CHARS (10^6) characters.
    A larger offset, from a graph built by hand, widens both arrays to 64 bits.
    """

    __slots__ = ("ends", "starts")

    def __init__(self, spans: Iterable[Span | None] = ()) -> None:
        self.starts = array("i")
        self.ends = array("i")
        for span in spans:
            self.append(span)

    def append(self, span: Span | None) -> None:
        start, end = (_NO_SPAN, _NO_SPAN) if span is None else (span.start, span.end)
        try:
            self.starts.append(start)
            self.ends.append(end)
        except OverflowError:
            del self.starts[len(self.ends) :]  # undo a start appended before its end overflowed
            self._widen()
            self.starts.append(start)
            self.ends.append(end)

    def _widen(self) -> None:
        self.starts = array("q", self.starts)
        self.ends = array("q", self.ends)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Span | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[Span | None]: ...

    def __getitem__(self, index: int | slice) -> Span | list[Span | None] | None:
        if isinstance(index, slice):
            return [self[k] for k in range(len(self.starts))[index]]
        start = self.starts[index]
        return None if start == _NO_SPAN else Span(start, self.ends[index])

    def __setitem__(self, index: int, span: Span | None) -> None:
        start, end = (_NO_SPAN, _NO_SPAN) if span is None else (span.start, span.end)
        if not (-(2**31) <= start < 2**31 and -(2**31) <= end < 2**31):
            self._widen()
        self.starts[index] = start
        self.ends[index] = end

    def __iter__(self) -> Iterator[Span | None]:
        for start, end in zip(self.starts, self.ends):
            yield None if start == _NO_SPAN else Span(start, end)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spans):
            return self.starts == other.starts and self.ends == other.ends
        if isinstance(other, list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like the list it stands for

    def __repr__(self) -> str:
        return f"Spans({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _spans_from_arrays, (self.starts, self.ends)


def _spans_from_arrays(starts: array[int], ends: array[int]) -> Spans:
    """Unpickling: the arrays as they were, not one Span at a time."""
    spans = Spans()
    spans.starts, spans.ends = starts, ends
    return spans


@dataclass(frozen=True)
class Folded:
    """A constant subexpression folded into one leaf: its root among the nodes folded away
    (`pieces`: old index -> op, inputs, constant value, label, span), rebuilt on demand."""

    root: int
    pieces: dict[int, tuple[str, tuple[int, ...], Any, str, Span | None]] = field(repr=False)
    source: str = field(default="", repr=False)

    def subgraph(self) -> Graph:
        """The subexpression as a graph of its own: an explicit stack gathers the nodes under the
        root (so the cost is the subexpression's size), copied in forward order."""
        seen = {self.root}
        stack = [self.root]
        while stack:
            for a in self.pieces[stack.pop()][1]:
                if a not in seen:
                    seen.add(a)
                    stack.append(a)
        sub = Graph(source=self.source)
        remap: dict[int, int] = {}
        for i in sorted(seen):
            op, args, value, label, span = self.pieces[i]
            if op == CONSTANT:
                remap[i] = sub.add_constant(value, label, span)
            else:
                remap[i] = sub.add(op, tuple(remap[a] for a in args), span)
        sub.output = remap[self.root]
        return sub


@dataclass
class Graph:
    ops: list[str] = field(default_factory=list)  # registry name, or "var" / "const"
    args: list[tuple[int, ...]] = field(default_factory=list)  # input node indices
    names: list[str | None] = field(default_factory=list)  # user's name, if any
    spans: Spans = field(default_factory=Spans)  # where the user wrote it: graph.spans[i] is a Span or None
    constants: dict[int, Any] = field(default_factory=dict)  # value of each constant leaf
    variables: dict[str, int] = field(default_factory=dict)  # input variable -> node
    aliases: dict[str, int] = field(default_factory=dict)  # every user name -> node
    labels: dict[int, str] = field(default_factory=dict)  # how a constant was written
    output: int = -1
    source: str = ""
    # A constant that stands for a folded subexpression (pi/2, 2*3): what that subexpression
    # was, for the exact checks (language/fold.py).
    folded: dict[int, Folded] = field(default_factory=dict)
    # Ids count inputs and gates only (constants are parameters of the gates that read them):
    # per node its rank among those, and the inverse, computed once per graph length.
    _ranks: list[int] = field(default_factory=list, init=False, repr=False, compare=False)
    _ranked: list[int] = field(default_factory=list, init=False, repr=False, compare=False)
    _ranked_output: int = field(default=-1, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.spans, Spans):
            self.spans = Spans(self.spans)  # a plain list of Span | None, as older callers pass

    def __len__(self) -> int:
        return len(self.ops)

    def add(self, op: str, args: tuple[int, ...], span: Span | None) -> int:
        self.ops.append(op)
        self.args.append(args)
        self.names.append(None)
        self.spans.append(span)
        return len(self.ops) - 1

    def appenders(self) -> tuple[Callable[[str], None], Callable[[tuple[int, ...]], None], Callable[[None], None],
                                 Callable[[int], None], Callable[[int], None]]:
        """The append methods of the node columns (op, args, name, span start, span end), for the
        parser, which adds 10^5 nodes in one loop: appending to each column in place, with the
        span as two offsets, is several times faster than a call to `add` per node. The caller
        appends to all five, in this order, for every node."""
        return self.ops.append, self.args.append, self.names.append, self.spans.starts.append, self.spans.ends.append

    def add_variable(self, name: str, span: Span | None) -> int:
        found = self.variables.get(name)
        if found is not None:
            return found
        index = self.add(VARIABLE, (), span)
        self.names[index] = name
        self.variables[name] = index
        self.aliases[name] = index
        return index

    def add_constant(self, value: Any, label: str, span: Span | None) -> int:
        index = self.add(CONSTANT, (), span)
        self.constants[index] = value
        self.labels[index] = label
        return index

    def name_node(self, index: int, name: str) -> None:
        if self.names[index] is None:
            self.names[index] = name
        self.aliases[name] = index

    def _dense_ids(self) -> tuple[list[int], list[int]]:
        """(rank of each node among non-constant nodes, -1 for a constant; the node of each rank)."""
        if len(self._ranks) != len(self.ops) or self._ranked_output != self.output:
            ranks = [-1] * len(self.ops)
            ranked: list[int] = []
            for index, op in enumerate(self.ops):
                if op != CONSTANT or index == self.output:  # a program that is one literal still shows it
                    ranks[index] = len(ranked)
                    ranked.append(index)
            self._ranks[:], self._ranked[:] = ranks, ranked
            self._ranked_output = self.output
        return self._ranks, self._ranked

    def node_id(self, index: int) -> str:
        """The id a person reads: n0, n1, ... over inputs and gates in forward order. A constant
        is no node to the user; it is named as written."""
        rank = self._dense_ids()[0][index]
        if rank < 0:
            return self.labels.get(index) or repr(self.constants.get(index))
        return f"n{rank}"

    def gate(self, index: int) -> tuple[str, str, str]:
        """(gate name, its English pattern sentence, the key its translations use) of a gate
        node, with its constant inputs as parameters, as lectures draw them: `+1`, `*-1`, `1/x`."""
        row = REGISTRY[self.ops[index]]
        constants = tuple(self.label(a) if self.ops[a] == CONSTANT else None
                          for a in self.args[index])
        found = row.parametrized(constants) if any(c is not None for c in constants) else None
        if found is None:
            return row.gate, row.pattern, row.name
        return found.name, found.pattern, found.key

    def is_constant(self, index: int) -> bool:
        return self.ops[index] == CONSTANT

    def user_nodes(self) -> list[int]:
        """The nodes outputs show (inputs and gates, not constants), in forward order."""
        return list(self._dense_ids()[1])

    def label(self, index: int) -> str:
        """The name a person reads: the user's name, a constant as written, else the id (n-ids
        count inputs and gates only, so they are dense in gate order)."""
        name = self.names[index]
        if name is not None:
            return name
        if index in self.labels:
            return self.labels[index]
        return self.node_id(index)

    def find(self, key: str) -> int | None:
        """A node by user name or by id ("n3")."""
        if key in self.aliases:
            return self.aliases[key]
        if key.startswith("n") and key[1:].isdigit():
            rank = int(key[1:])
            ranked = self._dense_ids()[1]
            if 0 <= rank < len(ranked):
                return ranked[rank]
        return None

    def has_array_constants(self) -> bool:
        """True when a literal such as [1, 2, 3] (or a slice) sits in the graph, or a gate that builds
        an array from numbers ([a, b]): numpy is needed."""
        return any(not isinstance(value, float | int) for value in self.constants.values()) \
            or not _ARRAY_BUILDERS.isdisjoint(self.ops)

    def is_leaf(self, index: int) -> bool:
        return not self.args[index]

    def consumers(self) -> list[list[int]]:
        """For each node, the nodes that use it (with repeats, in forward order)."""
        users: list[list[int]] = [[] for _ in self.ops]
        for index, args in enumerate(self.args):
            for arg in args:
                users[arg].append(index)
        return users

    def reaches_output(self) -> list[bool]:
        """Which nodes the output depends on; the others are dead statements."""
        live = [False] * len(self.ops)
        if self.output >= 0:
            live[self.output] = True
        args = self.args
        for index in range(len(self.ops) - 1, -1, -1):
            if live[index]:
                for arg in args[index]:
                    live[arg] = True
        return live

    def depends_on_variable(self) -> list[bool]:
        """Which nodes change when an input changes (constant subexpressions do not)."""
        flags = [False] * len(self.ops)
        for index, (op, args) in enumerate(zip(self.ops, self.args)):
            if op == VARIABLE:
                flags[index] = True
                continue
            for a in args:
                if flags[a]:
                    flags[index] = True
                    break
        return flags
