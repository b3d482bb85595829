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
    rounds = []
    with pytest.raises(Expired), time_limit(0.05, Expired):
        for _ in range(200):  # a library fallback that retries on any Exception (2 s in all)
            try:
                time.sleep(0.01)
                rounds.append(1)
            except Exception:
                continue
    assert len(rounds) < 200  # stopped inside the loop, not at its end


def test_a_block_within_its_limit_runs_to_the_end() -> None:
    with time_limit(5, Expired):
        done = sum(range(1000))
    assert done == 499500


class _SlowFinaliser:
    """Python ignores an exception raised inside __del__ (it prints it and goes on), so an alarm
    that lands here is lost: the same happens inside a gc callback such as Hypothesis's."""

    def __del__(self) -> None:
        time.sleep(0.2)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_alarm_lost_inside_a_finaliser_is_followed_by_another() -> None:
    rounds = []
    with pytest.raises(Expired), time_limit(0.05, Expired):
        _SlowFinaliser().__init__()  # the temporary is finalised at once, with the alarm inside
        for _ in range(200):
            time.sleep(0.01)
            rounds.append(1)
    assert len(rounds) < 200  # a later alarm stopped the loop


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_block_that_finishes_after_its_alarm_was_lost_still_raises() -> None:
    with pytest.raises(Expired), time_limit(0.05, Expired):
        _SlowFinaliser().__init__()


def test_no_alarm_fires_after_the_block() -> None:
    with time_limit(0.05, Expired):
        pass
    time.sleep(0.15)  # an armed timer would raise _Expired here and fail the test
