"""A wall-clock limit around one call that cannot check the time itself (a SymPy simplify)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def time_limit(seconds: float, on_timeout: Callable[[], BaseException]) -> Iterator[None]:
    """Raise on_timeout() inside the block once it runs past `seconds`. Only the main thread on
    Unix can take SIGALRM; elsewhere the block runs unbounded and the callers' own checks
    between steps bound the work."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise on_timeout() from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Expired(BaseException):
    """Raised by the alarm: a BaseException, so that library code's `except Exception` (SymPy
    has such fallbacks) cannot swallow it and carry on past the limit."""
