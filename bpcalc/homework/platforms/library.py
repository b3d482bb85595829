"""The grading API for autograder authors: plain data in, plain data out.

    import bpcalc
    marking = bpcalc.check_answers("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4},
                                   {"q": "3", "df/dq": "4"})
    marking["answers"][1]["status"], marking["answers"][1]["diagnosis"]   # 'wrong', 'sign'

`check_answers` and `check_worksheet` mark exactly as `bpcalc check` does (same rules, same
verdicts; the dicts are `bpcalc check --json`'s), except that an answer that cannot be read is
marked `unreadable` instead of stopping the check. `grade_rows` grades a folder against a
problem set and returns the rows `bpcalc grade --csv` writes, with numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bpcalc.homework.notation import Tolerance


def _tolerance(tolerance: Tolerance | Mapping[str, Any] | None) -> Tolerance:
    if tolerance is None:
        return Tolerance()
    if isinstance(tolerance, Tolerance):
        return tolerance
    unknown = set(tolerance) - {"rtol", "atol", "min_sigfigs"}
    if unknown:
        raise TypeError(f"unknown tolerance keys: {', '.join(sorted(unknown))} (rtol, atol, min_sigfigs)")
    return Tolerance(tolerance.get("rtol"), tolerance.get("atol"), tolerance.get("min_sigfigs"))


def check_answers(program: str, values: Mapping[str, Any], answers: Mapping[str, Any],
                  tolerance: Tolerance | Mapping[str, Any] | None = None, points: float = 1.0) -> dict[str, Any]:
    """Mark `answers` (key -> answer text or number) to `program` at `values`: each answer's verdict,
    diagnosis and points, and the first mistake."""
    from bpcalc.homework.grading import grade_problem, solve
    from bpcalc.homework.problems import Problem, Scoring
    from bpcalc.homework.report import to_json

    problem = Problem("answers", "answers", program, dict(values), [], points)
    graded = grade_problem(problem, solve(problem), dict(answers), Scoring(points=points), _tolerance(tolerance),
                           fill_missing=False)
    return to_json(graded)


def check_worksheet(path: str | Path) -> dict[str, Any]:
    """Mark a worksheet file (expression, [values], [answers]) as `bpcalc check WORKSHEET.toml` does."""
    from bpcalc.homework.grading import grade_problem, solve
    from bpcalc.homework.problems import Scoring, load_worksheet
    from bpcalc.homework.report import to_json

    sheet = load_worksheet(Path(path))
    graded = grade_problem(sheet.problem, solve(sheet.problem), dict(sheet.answers), Scoring(), sheet.tolerance,
                           fill_missing=bool(sheet.problem.ask))
    return to_json(graded)


def grade_rows(problems: str | Path, folder: str | Path) -> list[dict[str, Any]]:
    """Grade every submission in `folder`: one dict per file, the columns of `bpcalc grade --csv`."""
    from bpcalc.homework import batch
    from bpcalc.homework.platforms.subfolders import grade_entry
    from bpcalc.homework.problems import load_problem_set
    from bpcalc.homework.writers import first_mistakes, status_of

    problem_set = load_problem_set(Path(problems))
    solved = batch.solve_all(problem_set)
    total = batch.max_score(problem_set, solved)
    results = batch.flag_duplicates([grade_entry(p, problem_set, solved)
                                     for p in batch.submission_files(Path(folder))])
    rows = []
    for result in results:
        scores = {g.problem.id: g.score for g in result.graded}
        row: dict[str, Any] = {"student": result.student, "file": batch.display_name(result.path),
                               "status": status_of(result)}
        row.update({p.id: scores.get(p.id) for p in problem_set.problems})
        row.update({
            "total": result.score if result.error is None else None, "max_score": total,
            "first_mistakes": first_mistakes(result), "lost_work": "; ".join(result.lost_work),
            "notes": "; ".join([n for n in result.notes if not n.startswith("lost work")] + result.flags),
            "error": result.error or "",
        })
        rows.append(row)
    return rows
