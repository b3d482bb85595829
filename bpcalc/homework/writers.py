"""Batch outputs: Gradescope's autograder results.json, a CSV of scores, per-student reports.

results.json follows Gradescope's autograder specification
(gradescope-autograders.readthedocs.io/en/latest/specs/): a top-level `score`, `output`,
`visibility`, `stdout_visibility` and a `tests` list whose entries carry `name`, `score`,
`max_score`, `status` (passed/failed), `output` and `visibility`. One answer is one test.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from bpcalc.base.numbers import format_number
from bpcalc.homework.batch import StudentResult
from bpcalc.homework.diagnose import RIGHT, SHORT
from bpcalc.homework.problems import ProblemSet
from bpcalc.homework.report import first_mistake_line, render_text


def gradescope_results(result: StudentResult, total: float, visibility: str = "visible") -> dict[str, Any]:
    """One student's results.json. A file that could not be read scores 0 with its error as output."""
    if result.error is not None:
        return {
            "score": 0.0,
            "output": f"Your submission could not be graded: {result.error}",
            "visibility": visibility,
            "stdout_visibility": "hidden",
            "tests": [],
            "extra_data": {"max_score": total},
        }
    tests: list[dict[str, Any]] = []
    for graded in result.graded:
        for number, (verdict, points) in enumerate(zip(graded.marking.verdicts, graded.points), start=1):
            shown = verdict.written.text if verdict.written is not None else "(no answer)"
            output = f"You wrote {verdict.label} = {shown}: {verdict.status}."
            if verdict.message and verdict.status != RIGHT:
                output += f" {verdict.message}"
            tests.append({
                "name": f"{graded.problem.id}: {verdict.label}",
                "number": f"{graded.problem.id}.{number}",
                "score": points,
                "max_score": graded.problem.points,
                "status": "passed" if verdict.status == RIGHT else "failed",
                "output": output,
                "visibility": visibility,
            })
    summary = [f"{format_number(result.score, 4)} of {format_number(total, 4)} points."]
    for graded in result.graded:
        first = first_mistake_line(graded)
        if first:
            summary.append(f"{graded.problem.id}: {first}")
    summary.extend(result.notes)
    return {
        "score": result.score,
        "output": "\n".join(summary),
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"max_score": total},
    }


def csv_text(results: list[StudentResult], problem_set: ProblemSet, total: float) -> str:
    """One row per submission: per-problem scores, total, and the error for unreadable files."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = [p.id for p in problem_set.problems]
    writer.writerow(["student", "file", "status", *ids, "total", "max_score", "first_mistakes", "error"])
    for result in results:
        scores = {g.problem.id: g.score for g in result.graded}
        firsts = first_mistakes(result)
        writer.writerow([
            result.student, result.path.name, status_of(result),
            *(_cell(scores.get(i)) for i in ids),
            _cell(result.score if result.error is None else None), _cell(total), firsts, result.error or "",
        ])
    return out.getvalue()


def first_mistakes(result: StudentResult) -> str:
    """e.g. 'circuit: df/dq (sign error); copy: df/dx (fan-out sum missing)'."""
    parts = []
    for graded in result.graded:
        first = graded.marking.first_mistake
        if first is not None:
            parts.append(f"{graded.problem.id}: {first.label} ({SHORT.get(first.diagnosis or '', 'wrong')})")
    return "; ".join(parts)


def status_of(result: StudentResult) -> str:
    if result.error is not None:
        return "error"
    return "all right" if result.all_right else "graded"


def report_stem(result: StudentResult) -> str:
    """Report file names: 'ada' for ada.toml; other files keep their whole name, so none collide."""
    return result.path.stem if result.path.suffix.lower() == ".toml" else result.path.name


def student_report(result: StudentResult, total: float) -> str:
    head = f"{result.student} ({result.path.name})"
    if result.error is not None:
        return f"{head}\nnot graded: {result.error}\n"
    parts = [head]
    for note in result.notes:
        parts.append(f"note: {note}")
    for graded in result.graded:
        parts.append("")
        parts.append(render_text(graded, with_score=True, title=f"[{graded.problem.id}] {graded.problem.title}"))
    parts.append("")
    parts.append(f"total: {format_number(result.score, 4)}/{format_number(total, 4)}")
    return "\n".join(parts) + "\n"


def _cell(value: float | None) -> str:
    return "" if value is None else format_number(value, 6)
