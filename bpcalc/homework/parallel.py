"""Grading a class on every core (`grade --jobs N`), with results identical to grading in turn.

Each worker is a forked copy of this process that already holds the problem set and its solved
answer keys; it grades whole files and sends each student's result back (a few KB pickled).
Results come back in the files' order, so every output is byte-identical to the serial run.
Ctrl-C reaches only the parent (the workers ignore it), which stops the pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from bpcalc.api import Result
from bpcalc.homework.batch import StudentResult
from bpcalc.homework.platforms.subfolders import grade_entry
from bpcalc.homework.problems import ProblemSet

# Below this many files a pool costs more than it saves (forking and pickling, ~20 ms).
MIN_FILES_PER_JOB = 8

_shared: tuple[ProblemSet, dict[str, Result]] | None = None  # set in the parent just before forking


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def grade_files(files: list[Path], problem_set: ProblemSet, solved: dict[str, Result], jobs: int,
                done: Callable[[StudentResult], None]) -> None:
    """Grade every file, calling done(result) for each in the files' order."""
    jobs = min(jobs, len(files) // MIN_FILES_PER_JOB)
    if jobs < 2 or not _can_fork():
        for path in files:
            done(grade_entry(path, problem_set, solved))
        return
    for result in _pooled(files, problem_set, solved, jobs):
        done(result)


def _pooled(files: list[Path], problem_set: ProblemSet, solved: dict[str, Result], jobs: int) -> Iterator[StudentResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _shared
    _shared = (problem_set, solved)
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(4, len(files) // (jobs * 4)))  # small: results (and Ctrl-C's count) arrive steadily
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start)
    try:
        yield from pool.map(_grade_one, files, chunksize=chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _shared = None


def _grade_one(path: Path) -> StudentResult:
    assert _shared is not None, "a worker forked without the problem set"
    return grade_entry(path, *_shared)


def _worker_start() -> None:
    """Ctrl-C is the parent's to handle; a worker dies with its parent (kill -9 leaves no
    orphan grading on) and never holds the parent's stdout or stderr open."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
