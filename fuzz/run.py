"""The longer fuzz run: `python fuzz/run.py [--examples N]` from the repo root.

Runs each target in fuzz/targets.py under hypothesis with N examples (default 20,000) and
prints how many inputs ran and what failed. atheris does not install on this platform's
Python, so hypothesis drives the inputs; its shrinker reports the smallest failing input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.hostile_targets import COMMANDS, fuzz_failing_output, fuzz_value_file, value_files
from fuzz.targets import ALPHABET, fuzz_pipeline, programs_text


def _counted(strategy: st.SearchStrategy[Any], config: settings,
             check: Callable[..., None] = fuzz_pipeline) -> tuple[list[int], object]:
    """`check` gets each drawn input (a tuple is spread into its arguments)."""
    count = [0]

    @config
    @given(strategy)
    def target(drawn: Any) -> None:
        count[0] += 1
        check(*drawn) if isinstance(drawn, tuple) else check(drawn)

    return count, target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20_000, help="inputs per target")
    options = parser.parse_args()
    config = settings(max_examples=options.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
    targets: dict[str, tuple[st.SearchStrategy[Any], Callable[..., None]]] = {
        "language alphabet": (st.text(alphabet=ALPHABET, max_size=60), fuzz_pipeline),
        "random unicode": (st.text(max_size=60), fuzz_pipeline),
        "near-valid programs": (programs_text(), fuzz_pipeline),
        "@FILE values": (value_files(), fuzz_value_file),
        "output failing part-way": (st.tuples(st.sampled_from(COMMANDS), st.integers(0, 3000)), fuzz_failing_output),
    }
    failures = 0
    total = 0
    for label, (strategy, check) in targets.items():
        count, target = _counted(strategy, config, check)
        start = time.perf_counter()
        try:
            target()
            verdict = "no failures"
        except Exception as error:  # a finding: report it and go on with the next target
            failures += 1
            verdict = f"FAILED: {type(error).__name__}: {error}"
        total += count[0]
        print(f"{label}: {count[0]:,} inputs in {time.perf_counter() - start:.0f}s, {verdict}", flush=True)
    print(f"total: {total:,} inputs, {failures} failing target(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
