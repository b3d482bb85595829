"""A given upstream gradient stays array-native; --jacobian past its limit stays quick (issue 15).

    python benchmarks/upstream.py          # medians of 20 runs, in milliseconds

Figures, each the median of repeated in-process runs after one warm-up:
1. `bpcalc.evaluate("max(0, x)", upstream=g, check=False)` with x and g of 4096 entries: the
   lecture's 4096-vector, whose 4096 x 4096 Jacobian is never built.
2. The same with the cross-check on (SymPy skipped at this size; finite differences sampled).
3. The --jacobian view of that run (teach.jacobian.jacobian_views): past the limit it states
   the size and counts the nonzero entries from the local partials, forming nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

import bpcalc
from bpcalc.teach.jacobian import jacobian_views

SIZE = 4096
REPEATS = 20


def median_ms(work: Callable[[], object], repeats: int = REPEATS) -> float:
    work()  # warm-up: imports, numpy's first calls
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=SIZE), rng.normal(size=SIZE)
    unchecked = median_ms(lambda: bpcalc.evaluate("max(0, x)", {"x": x}, upstream=g, check=False))
    checked = median_ms(lambda: bpcalc.evaluate("max(0, x)", {"x": x}, upstream=g), repeats=5)
    result = bpcalc.evaluate("max(0, x)", {"x": x}, upstream=g, check=False)
    view = median_ms(lambda: jacobian_views(result))
    print(f"max(0, x), {SIZE} entries, --upstream, no check: {unchecked:.2f} ms")
    print(f"max(0, x), {SIZE} entries, --upstream, checked:  {checked:.2f} ms")
    print(f"--jacobian view past the limit ({SIZE} x {SIZE}, never formed): {view:.2f} ms")


if __name__ == "__main__":
    main()
