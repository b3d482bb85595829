"""The computational graph: flat parallel lists, one entry per node, in creation order.

Creation order is already a topological order, so every pass over the graph is a plain loop.
No math and no I/O live here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bpcalc.errors import Span
from bpcalc.ops import CONSTANT, VARIABLE


@dataclass
class Graph:
    ops: list[str] = field(default_factory=list)  # registry name, or "var" / "const"
    args: list[tuple[int, ...]] = field(default_factory=list)  # input node indices
    names: list[str | None] = field(default_factory=list)  # user's name, if any
    spans: list[Span | None] = field(default_factory=list)  # where the user wrote it
    constants: dict[int, Any] = field(default_factory=dict)  # value of each constant leaf
    variables: dict[str, int] = field(default_factory=dict)  # input variable -> node
    aliases: dict[str, int] = field(default_factory=dict)  # every user name -> node
    labels: dict[int, str] = field(default_factory=dict)  # how a constant was written
    output: int = -1
    source: str = ""

    def __len__(self) -> int:
        return len(self.ops)

    def add(self, op: str, args: tuple[int, ...], span: Span | None) -> int:
        self.ops.append(op)
        self.args.append(args)
        self.names.append(None)
        self.spans.append(span)
        return len(self.ops) - 1

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

    def node_id(self, index: int) -> str:
        return f"n{index}"

    def label(self, index: int) -> str:
        """The name a person reads: the user's name, a constant as written, else the id."""
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
            index = int(key[1:])
            if 0 <= index < len(self.ops):
                return index
        return None

    def has_array_constants(self) -> bool:
        """True when a literal such as [1, 2, 3] (or a slice) sits in the graph: numpy is needed."""
        return any(not isinstance(value, float | int) for value in self.constants.values())

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
        for index in range(len(self.ops) - 1, -1, -1):
            if live[index]:
                for arg in self.args[index]:
                    live[arg] = True
        return live

    def depends_on_variable(self) -> list[bool]:
        """Which nodes change when an input changes (constant subexpressions do not)."""
        flags = [False] * len(self.ops)
        for index, op in enumerate(self.ops):
            flags[index] = op == VARIABLE or any(flags[a] for a in self.args[index])
        return flags
