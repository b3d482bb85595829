"""A memory budget for array programs: each node's size is estimated from its inputs' shapes
before it is computed, and a program past the budget is refused, naming the node.

`sum(outer(x, x))` with 10^6 entries in x would ask numpy for 7.3 TiB and fail with its own
"Unable to allocate" traceback, or, when it fits in virtual memory, swap the machine to a halt.
The estimate needs no numpy call: an elementwise node broadcasts its inputs' shapes; `outer`
and `matmul` say in their rows (`entries`); every other row (reductions, indexing,
dot, softmax, losses) is no larger than its largest input. Each node holds its value, its
gradient and (elementwise rows) its local partials, so it counts three times.

The limit is DEFAULT_MAX_MEMORY unless a caller sets another for a block of work
(`with memory_limit(8 * 2**30): ...`; the CLI's --max-memory does so for one command).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from bpcalc.errors import BpcalcError
from bpcalc.graph import Graph
from bpcalc.ops import REGISTRY

DEFAULT_MAX_MEMORY = 2 * 2**30  # bytes
COPIES = 3  # value, gradient, local partials
BYTES_PER_ENTRY = 8  # float64

_limit: ContextVar[int] = ContextVar("bpcalc_max_memory", default=DEFAULT_MAX_MEMORY)

_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "KIB": 2**10, "M": 2**20, "MB": 2**20, "MIB": 2**20,
          "G": 2**30, "GB": 2**30, "GIB": 2**30, "T": 2**40, "TB": 2**40, "TIB": 2**40}


class MemoryBudgetError(BpcalcError):
    """An array program whose arrays would not fit the memory budget (exit code 2)."""

    kind = "memory limit"


@contextmanager
def memory_limit(max_bytes: int) -> Iterator[None]:
    """Run a block of work under another memory budget (in bytes)."""
    token = _limit.set(max_bytes)
    try:
        yield
    finally:
        _limit.reset(token)


def set_memory_limit(max_bytes: int) -> Any:
    """Set the budget until `reset_memory_limit(token)`; for callers that cannot use a `with`."""
    return _limit.set(max_bytes)


def reset_memory_limit(token: Any) -> None:
    _limit.reset(token)


def current_limit() -> int:
    return _limit.get()


def parse_size(text: str) -> int:
    """'2G', '512M', '1.5GiB', '100000000' -> bytes; ValueError for anything else."""
    stripped = text.strip().upper().replace(" ", "")
    number = stripped.rstrip("KMGTIB")
    unit = stripped[len(number) :]
    if unit not in _UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    try:
        value = float(number) * _UNITS[unit]
    except ValueError:
        raise ValueError("not a size") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError("the size must be a positive number")
    return int(value)


def format_size(size: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{int(size)} bytes"


class MemoryBudget:
    """The running total of one forward pass; `admit` each node before computing it."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.limit = _limit.get()
        self.used = 0

    def admit(self, index: int, inputs: list[Any]) -> None:
        entries = estimate_entries(self.graph.ops[index], inputs)
        need = entries * BYTES_PER_ENTRY * COPIES
        self.used += need
        if self.used > self.limit:
            raise self._refusal(index, entries)

    def _refusal(self, index: int, entries: int) -> MemoryBudgetError:
        graph = self.graph
        span = graph.spans[index]
        text = graph.source[span.start : span.end] if span else graph.label(index)
        where = f"node {graph.node_id(index)} ({graph.ops[index]}), '{text}'"
        return MemoryBudgetError(
            f"{where}: would hold {entries:,} numbers ({format_size(entries * BYTES_PER_ENTRY)}); with the "
            f"gradients the program needs about {format_size(self.used)}, past the memory budget of "
            f"{format_size(self.limit)}",
            source=graph.source, span=span, node=graph.node_id(index),
            hint="use smaller arrays, or raise the budget with --max-memory (e.g. --max-memory 8G)",
        )


def estimate_entries(name: str, inputs: list[Any]) -> int:
    """How many numbers the node's value holds, from its inputs' shapes alone (an upper bound)."""
    shapes = [tuple(getattr(x, "shape", ())) for x in inputs]
    largest = max((math.prod(shape) for shape in shapes), default=1)
    op = REGISTRY.get(name)
    if op is not None and op.entries is not None:
        return int(op.entries(*shapes))
    if op is not None and op.vjp is None:  # elementwise: the inputs' shapes broadcast
        return _broadcast_entries(shapes, largest)
    return largest


def _broadcast_entries(shapes: list[tuple[int, ...]], fallback: int) -> int:
    rank = max((len(shape) for shape in shapes), default=0)
    result = [1] * rank
    for shape in shapes:
        for axis, size in enumerate(shape, start=rank - len(shape)):
            if size != 1:
                if result[axis] not in (1, size):
                    return fallback  # shapes that do not broadcast: the pass names the shape error
                result[axis] = size
    return math.prod(result)
