"""Steps made as they are read: a narrative of 10^6 nodes need not be held whole to be printed.

`explain --format table` reads the forward and the backward steps once each, in order, and
prints them as it goes (render/explain_text); with LazySteps each step is garbage as soon as
its lines are written, so the peak memory is the trace's, not the narrative's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class LazySteps(Generic[T]):
    """A re-iterable run of steps: each pass calls `make` again, nothing is kept between passes."""

    __slots__ = ("_count", "_make")

    def __init__(self, make: Callable[[], Iterator[T]]) -> None:
        self._make = make
        self._count: int | None = None

    def __iter__(self) -> Iterator[T]:
        return self._make()

    def __len__(self) -> int:
        """How many steps there are: one pass that makes and drops them all (counted once)."""
        if self._count is None:
            self._count = sum(1 for _ in self._make())
        return self._count

    def __repr__(self) -> str:
        return "LazySteps(...)"
