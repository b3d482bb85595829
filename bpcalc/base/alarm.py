"""A wall-clock limit around one call that cannot check the time itself (a SymPy simplify)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Once past the limit the alarm keeps firing this often until the block ends: Python drops an
# exception raised where it cannot propagate (a gc callback, a __del__), so one alarm can be lost.
_REPEAT_SECONDS = 0.05


@contextmanager
def time_limit(seconds: float, on_timeout: Callable[[], BaseException]) -> Iterator[None]:
    """Raise on_timeout() once the block runs past `seconds`, even if the block then finishes.
    Only the main thread on Unix can take SIGALRM; elsewhere the block runs unbounded and the
    callers' own checks between steps bound the work."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    state = _State()

    def on_alarm(signum: int, frame: Any) -> None:
        state.expired = True
        if state.armed:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT_SECONDS)
    try:
        try:
            yield
        finally:
            _disarm(state, previous)
    except _Expired:
        # An alarm can land between the block's end and the disarming; disarm again (the next
        # alarm is _REPEAT_SECONDS away, so this one runs to the end).
        _disarm(state, previous)
        raise on_timeout() from None
    if state.expired:
        raise on_timeout()


class _State:
    def __init__(self) -> None:
        self.armed = True
        self.expired = False


def _disarm(state: _State, previous: Any) -> None:
    state.armed = False
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


class _Expired(BaseException):
    """Raised by the alarm: a BaseException, so that library code's `except Exception` (SymPy
    has such fallbacks) cannot swallow it and carry on past the limit."""
