"""The longer fuzz run: `python fuzz/run.py [--examples N]` from the repo root.

Runs each target in fuzz/targets.py under hypothesis with N examples (default 20,000) and
prints how many inputs ran and what failed. atheris does not install on this platform's
Python, so hypothesis drives the inputs; its shrinker reports the smallest failing input.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import ALPHABET, fuzz_pipeline, programs_text


def _counted(strategy: st.SearchStrategy[str], config: settings) -> tuple[list[int], object]:
    count = [0]

    @config
    @given(strategy)
    def target(text: str) -> None:
        count[0] += 1
        fuzz_pipeline(text)

    return count, target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20_000, help="inputs per target")
    options = parser.parse_args()
    config = settings(max_examples=options.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
    targets = {
        "language alphabet": st.text(alphabet=ALPHABET, max_size=60),
        "random unicode": st.text(max_size=60),
        "near-valid programs": programs_text(),
    }
    failures = 0
    total = 0
    for label, strategy in targets.items():
        count, target = _counted(strategy, config)
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
