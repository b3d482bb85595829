"""Grading a folder of submissions: each problem is solved once, then every file is marked.

Nothing is lost, nothing leaked: every entry in the folder becomes one `StudentResult`, graded
or carrying the reason it was not. Only regular files inside the folder are opened: a symbolic
link (it could point at the answer key), a FIFO or a device (they could hang the run) is listed
as refused without being opened. One broken file never stops the batch.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bpcalc.api import Result
from bpcalc.errors import BpcalcError
from bpcalc.homework.grading import Graded, asked_targets, grade_problem, solve
from bpcalc.homework.problems import ProblemSet, load_submission

MAX_BYTES = 1_000_000  # a hand-written submission is a few kilobytes; anything this big is refused


@dataclass(frozen=True)
class StudentResult:
    path: Path
    student: str
    graded: list[Graded] = field(default_factory=list)
    error: str | None = None  # why the file could not be graded at all
    notes: list[str] = field(default_factory=list)
    refused: bool = False  # not a regular file inside the folder: never opened

    @property
    def score(self) -> float:
        return sum((g.score for g in self.graded), 0.0)

    @property
    def all_right(self) -> bool:
        return self.error is None and not self.lost_work and all(g.marking.all_right for g in self.graded)

    @property
    def lost_work(self) -> list[str]:
        """Work handed in that earned nothing because it was not where it belonged, for the TA's summary."""
        lost = [n for n in self.notes if n.startswith("lost work")]
        for graded in self.graded:
            extra = [v.label for v in graded.marking.verdicts if v.status == "not asked"]
            unreadable = [v.key for v in graded.marking.verdicts if v.status == "unreadable"]
            if extra:
                lost.append(f"{graded.problem.id}: not asked, not graded: {', '.join(extra)}")
            if unreadable:
                lost.append(f"{graded.problem.id}: unreadable: {', '.join(unreadable)}")
        return lost


    @property
    def flags(self) -> list[str]:
        """What the TA should look at although nothing was lost: carried values that made a step trivial."""
        found = []
        for graded in self.graded:
            trivial = [v.label for v in graded.marking.verdicts if v.trivial]
            if trivial:
                found.append(f"{graded.problem.id}: no carried-forward credit for {', '.join(trivial)} "
                             "(carried from a 0 or ±1, which makes the step trivial)")
        return found


def display_name(path: Path) -> str:
    """A file name that can always be printed: undecodable bytes shown as \\xNN."""
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")


def submission_files(folder: Path) -> list[Path]:
    """Every visible entry of the folder, sorted by name (a single file grades just itself)."""
    if not folder.is_dir():
        return [folder]
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: os.fsencode(p.name))


def solve_all(problem_set: ProblemSet) -> dict[str, Result]:
    return {problem.id: solve(problem) for problem in problem_set.problems}


def max_score(problem_set: ProblemSet, solved: dict[str, Result]) -> float:
    return sum(p.points * len(asked_targets(p, solved[p.id])) for p in problem_set.problems)


def read_regular(path: Path) -> str:
    """A regular file's UTF-8 text, opened without following a link and without blocking on a FIFO."""
    raw = read_regular_bytes(path, MAX_BYTES, "a submission")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BpcalcError("not UTF-8 text") from None


def read_regular_bytes(path: Path, limit: int, what: str) -> bytes:
    """A regular file's bytes, at most `limit` of them; links are not followed, a FIFO never blocks."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BpcalcError("not a regular file: refused")
        if info.st_size > limit:
            raise BpcalcError(f"{info.st_size} bytes: too large for {what} (at most {limit})")
        data = os.read(fd, limit + 1)
        chunks = [data]
        while data and sum(len(c) for c in chunks) <= limit:
            data = os.read(fd, limit + 1)
            chunks.append(data)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise BpcalcError(f"too large for {what} (at most {limit} bytes)")
    return raw


def _refusal(path: Path) -> str | None:
    """Why an entry is not graded, judged from lstat alone (nothing is opened or followed)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    if stat.S_ISLNK(mode):
        return "refused: a symbolic link (only regular files inside the folder are graded)"
    if stat.S_ISDIR(mode):
        return "a folder, not a submission file"
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else \
            "a socket" if stat.S_ISSOCK(mode) else "a special file"
        return f"refused: {kind}, not a regular file"
    return None


def grade_file(path: Path, problem_set: ProblemSet, solved: dict[str, Result]) -> StudentResult:
    name = display_name(path)
    stem = name[: -len(path.suffix)] if path.suffix else name
    refusal = _refusal(path)
    if refusal is not None:
        return StudentResult(path, stem, error=refusal, refused=refusal.startswith("refused"))
    if path.suffix.lower() != ".toml":
        return StudentResult(path, stem, error=f"not a TOML file ({name})")
    try:
        text = read_regular(path)
    except BpcalcError as error:
        return StudentResult(path, stem, error=error.message.split("\n")[0])
    except OSError as error:
        return StudentResult(path, stem, error=f"cannot be read: {error.strerror}")
    return grade_text(path, text, problem_set, solved)


def grade_text(path: Path, text: str, problem_set: ProblemSet, solved: dict[str, Result]) -> StudentResult:
    """Grade a submission's text already read safely (from a file, or from inside a zip); `path` names it."""
    name = display_name(path)
    stem = name[: -len(path.suffix)] if path.suffix else name
    try:
        submission = load_submission(Path(name), problem_set, text)
        graded = [
            grade_problem(problem, solved[problem.id], submission.answers.get(problem.id, {}),
                          problem_set.scoring, problem_set.tolerance)
            for problem in problem_set.problems
        ]
    except BpcalcError as error:
        first_line = error.message.split("\n")[0]
        where = error.location()
        at = f" (line {where[0]}, column {where[1]})" if where and error.source and "\n" in error.source else ""
        return StudentResult(path, stem, error=f"{first_line}{at}")
    except OSError as error:
        return StudentResult(path, stem, error=f"cannot be read: {error.strerror}")
    except RecursionError:
        return StudentResult(path, stem, error="nested too deeply to read")
    except Exception as error:  # a file bpcalc could not make sense of is its own row, never the batch's end
        return StudentResult(path, stem, error=f"could not be graded (please report this): {type(error).__name__}: "
                                               f"{str(error)[:200]}")
    return StudentResult(path, submission.student, graded, None, submission.notes)


def grade_folder(problem_set: ProblemSet, folder: Path,
                 progress: Callable[[StudentResult], None] | None = None) -> list[StudentResult]:
    solved = solve_all(problem_set)
    results: list[StudentResult] = []
    for path in submission_files(folder):
        result = grade_file(path, problem_set, solved)
        results.append(result)
        if progress is not None:
            progress(result)
    return results


def flag_duplicates(results: list[StudentResult]) -> list[StudentResult]:
    """Two files under one student name (case and spacing aside) are flagged on both rows."""
    from dataclasses import replace

    by_name: dict[str, list[int]] = {}
    for n, result in enumerate(results):
        if result.error is None:
            by_name.setdefault(" ".join(result.student.casefold().split()), []).append(n)
    flagged = list(results)
    for rows in by_name.values():
        if len(rows) < 2:
            continue
        for n in rows:
            others = ", ".join(display_name(results[m].path) for m in rows if m != n)
            flagged[n] = replace(results[n], notes=[*results[n].notes, f"duplicate student name: also in {others}"])
    return flagged
