"""base.alarm.time_limit: the limit holds even inside code that catches every Exception."""

from __future__ import annotations

import time

import pytest

from bpcalc.base.alarm import time_limit


class Expired(Exception):
    pass


def test_a_block_past_its_limit_raises_the_callers_error() -> None:
    with pytest.raises(Expired), time_limit(0.05, Expired):
        time.sleep(2)


def test_an_except_exception_inside_the_block_does_not_swallow_the_limit() -> None:
    started = time.monotonic()
    with pytest.raises(Expired), time_limit(0.05, Expired):
        for _ in range(200):  # a library fallback that retries on any Exception
            try:
                time.sleep(0.01)
            except Exception:
                continue
    assert time.monotonic() - started < 1.5


def test_a_block_within_its_limit_runs_to_the_end() -> None:
    with time_limit(5, Expired):
        done = sum(range(1000))
    assert done == 499500
