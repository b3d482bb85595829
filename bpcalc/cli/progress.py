"""A progress bar for long checks, on standard error and only on a terminal.

The library reports progress to a plain callback, `(what, done, total)` (check.Progress), and
stays quiet unless given one; the CLI passes `TerminalProgress`, which draws a rich bar once a
task is long enough to be worth one. rich is imported only when a bar is actually drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

LONG_CHECK_NODES = 3_000  # smaller checks take a fraction of a second: no bar


class TerminalProgress:
    """A callback that draws a transient rich progress bar on stderr for long tasks.

    Use as a context manager, so the bar is removed when the work ends or fails. It draws
    nothing when stderr is not a terminal (pipes, files, CI logs) or the task is short.
    """

    def __init__(self, console: Callable[[], Any], min_total: int = LONG_CHECK_NODES) -> None:
        self._console = console  # made only when a bar is drawn
        self._min_total = min_total
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, what: str, done: int, total: int) -> None:
        if self._bar is None:
            if total < self._min_total or not sys.stderr.isatty():
                return
            from rich.progress import Progress

            self._bar = Progress(console=self._console(), transient=True)
            self._bar.start()
        task = self._tasks.get(what)
        if task is None:
            task = self._tasks[what] = self._bar.add_task(f"checking: {what}", total=total)
        self._bar.update(task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()
