"""Grading a folder of submissions: each problem is solved once, then every file is marked.

Nothing is lost: every entry in the folder (a TOML file or not) becomes one `StudentResult`,
graded or carrying the error that stopped it. One broken file never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bpcalc.api import Result
from bpcalc.errors import BpcalcError
from bpcalc.homework.grading import Graded, grade_problem, solve
from bpcalc.homework.problems import ProblemSet, load_submission


@dataclass(frozen=True)
class StudentResult:
    path: Path
    student: str
    graded: list[Graded] = field(default_factory=list)
    error: str | None = None  # why the file could not be graded at all
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum((g.score for g in self.graded), 0.0)

    @property
    def all_right(self) -> bool:
        return self.error is None and all(g.marking.all_right for g in self.graded)


def submission_files(folder: Path) -> list[Path]:
    """Every visible entry of the folder, sorted by name (a single file grades just itself)."""
    if folder.is_file():
        return [folder]
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)


def solve_all(problem_set: ProblemSet) -> dict[str, Result]:
    return {problem.id: solve(problem) for problem in problem_set.problems}


def max_score(problem_set: ProblemSet, solved: dict[str, Result]) -> float:
    from bpcalc.homework.grading import asked_targets

    return sum(p.points * len(asked_targets(p, solved[p.id])) for p in problem_set.problems)


def grade_file(path: Path, problem_set: ProblemSet, solved: dict[str, Result]) -> StudentResult:
    if path.is_dir():
        return StudentResult(path, path.name, error="a folder, not a submission file")
    if path.suffix.lower() != ".toml":
        return StudentResult(path, path.stem, error=f"not a TOML file ({path.name})")
    try:
        submission = load_submission(path, problem_set)
        graded = [
            grade_problem(problem, solved[problem.id], submission.answers.get(problem.id, {}),
                          problem_set.scoring, problem_set.tolerance)
            for problem in problem_set.problems
        ]
    except BpcalcError as error:
        first_line = error.message.split("\n")[0]
        where = error.location()
        at = f" (line {where[0]}, column {where[1]})" if where and error.source and "\n" in error.source else ""
        return StudentResult(path, path.stem, error=f"{first_line}{at}")
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
