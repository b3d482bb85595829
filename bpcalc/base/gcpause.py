"""Pause Python's cyclic garbage collector around passes that allocate many small objects.

Building or walking a 10^5-node graph creates no reference cycles, yet the collector keeps
rescanning every new object; pausing it makes such passes several times faster.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic GC, restoring whatever state the caller had (also after an error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
