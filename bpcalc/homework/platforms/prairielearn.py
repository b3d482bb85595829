"""PrairieLearn's external grader: the student's files in, `results/results.json` out.

Per PrairieLearn's external-grading guide: the results file is at most 1 MB; only `score`
(0 to 1) is required; `gradable: false` with `format_errors` marks a submission that could
not be read, so the student's attempt is not used up; optional `message`, `output` and
`tests[]` with `name`, `description`, `points`, `max_points`, `message` and `output`.

Assumption (not in the format notes we follow): the grader finds the student's files in
`<root>/student/` (root `/grade` in PrairieLearn's grading container) and writes
`<root>/results/results.json`; both follow from `--root`, so a course can point elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from bpcalc.api import Result
from bpcalc.base.numbers import format_number
from bpcalc.homework.batch import StudentResult, grade_text
from bpcalc.homework.platforms.gradescope import problem_maxima
from bpcalc.homework.platforms.pick import pick_answer_file
from bpcalc.homework.problems import ProblemSet
from bpcalc.homework.report import first_mistake_line
from bpcalc.homework.verdicts import NOT_ASKED, RIGHT, SHORT, WRONG
from bpcalc.homework.writers import student_report

MAX_RESULTS_BYTES = 1_000_000
STUDENT_FOLDER = "student"


def grade_submission(root: Path, problem_set: ProblemSet, solved: dict[str, Result]) -> StudentResult:
    picked = pick_answer_file(root / STUDENT_FOLDER)
    if picked.error is not None or picked.text is None:
        return StudentResult(Path(picked.name or "submission"), "submission", error=picked.error or "nothing to grade",
                             notes=picked.notes)
    result = grade_text(Path(picked.name), picked.text, problem_set, solved)
    return replace(result, notes=[*picked.notes, *result.notes])


def results_doc(result: StudentResult, problem_set: ProblemSet, solved: dict[str, Result],
                hide_expected: bool = False) -> dict[str, Any]:
    """results.json for one submission; an unreadable sheet is `gradable: false` (no attempt used)."""
    total = sum(problem_maxima(problem_set, solved).values())
    if result.error is not None:
        return {"gradable": False, "score": 0.0, "format_errors": [result.error],
                "message": f"Your submission could not be graded: {result.error}. No attempt was used.",
                **({"output": "\n".join(result.notes)} if result.notes else {})}
    tests = []
    for graded in result.graded:
        for verdict, points in zip(graded.marking.verdicts, graded.points):
            if verdict.status == NOT_ASKED or verdict.target is None:
                continue
            tests.append({
                "name": f"{graded.problem.id}: {verdict.label}",
                "description": f"{'the value' if verdict.target.kind == 'value' else 'the gradient'} {verdict.label}",
                "points": points,
                "max_points": graded.problem.points,
                "message": _message(verdict, hide_expected),
                "output": verdict.note if verdict.status == RIGHT or not hide_expected else "",
            })
    firsts = [f"{g.problem.id}: {line}" for g in result.graded if (line := first_mistake_line(g))]
    doc: dict[str, Any] = {
        "gradable": True,
        "score": min(1.0, max(0.0, result.score / total)) if total > 0 else 0.0,
        "message": "; ".join([f"{format_number(result.score, 4)} of {format_number(total, 4)} points", *firsts]),
        "output": student_report(result, total) if not hide_expected else "\n".join(result.notes),
        "tests": tests,
    }
    return fit(doc)


def _message(verdict: Any, hide: bool) -> str:
    written = verdict.written.text if verdict.written is not None else None
    head = f"{verdict.label} = {written}: {verdict.status}" if written else f"{verdict.label}: no answer"
    if verdict.diagnosis and verdict.status == WRONG:
        head += f" ({SHORT.get(verdict.diagnosis, verdict.diagnosis)})"
    if verdict.status == RIGHT or hide:
        return head
    should = f"; should be {format_number(verdict.expected)}" if verdict.expected is not None else ""
    return head + should + (f". {verdict.message}" if verdict.message else "")


def encoded(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def fit(doc: dict[str, Any]) -> dict[str, Any]:
    """The document shrunk until it is under PrairieLearn's 1 MB: long outputs go first, then the tests'."""
    if len(encoded(doc)) <= MAX_RESULTS_BYTES:
        return doc
    doc = {**doc, "output": "(the full report was too long for PrairieLearn's 1 MB limit)"}
    if len(encoded(doc)) <= MAX_RESULTS_BYTES:
        return doc
    doc["tests"] = [{**t, "output": "", "message": t["message"][:200]} for t in doc["tests"]]
    if len(encoded(doc)) <= MAX_RESULTS_BYTES:
        return doc
    doc["tests"] = []
    doc["message"] = doc["message"][:2000]
    return doc
