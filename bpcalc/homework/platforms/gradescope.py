"""Gradescope's autograder: the submission folder in, `results/results.json` out.

Follows the published specification (gradescope autograder_samples, docs/specs.md): the
submission is whatever the student uploaded, in `<root>/submission/`; the student is in
`<root>/submission_metadata.json` (`users[]` with `name`, `email`, `id`); the results go to
`<root>/results/results.json`, with a top-level `score`, `output` and `output_format`, and one
test per asked answer carrying `name`, `number`, `score`, `max_score`, `status`, `tags`,
`output` (Markdown, `output_format: "md"`) and `visibility`. `status` is `passed` only for
full points: an error carried forward with half the points is `failed`. `tags` hold the
diagnosis id (`sign`, `carried_forward`, ...), so Gradescope's statistics can group them.

Expected answers (`hide_expected`): None shows them in each test's feedback; "always" keeps them
(and every message that could reveal them) out; "after_due_date" keeps them out of the tests
and adds one 0-point test per problem listing the answer key, visible after the due date.

A submission that cannot be graded still gets a well-formed result: score 0, the reason, and
one failed test per problem whose max_scores add up to the assignment's total, so Gradescope
shows "could not grade" instead of an autograder failure.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from bpcalc.api import Result
from bpcalc.base.numbers import format_number
from bpcalc.errors import BpcalcError
from bpcalc.homework.batch import StudentResult, grade_text, read_regular_bytes
from bpcalc.homework.grading import asked_targets
from bpcalc.homework.keys import VALUE
from bpcalc.homework.platforms import markdown as md
from bpcalc.homework.platforms.pick import pick_answer_file
from bpcalc.homework.problems import ProblemSet
from bpcalc.homework.report import first_mistake_line
from bpcalc.homework.verdicts import NOT_ASKED, RIGHT, SHORT, WRONG

HIDE_EXPECTED = ("always", "after_due_date")
NOT_GRADED_TAG = "not_graded"
MAX_METADATA_BYTES = 50_000_000
NO_NAME_WARNING = "warning: no student name given"  # the sheet's; moot when the metadata names the student


def problem_maxima(problem_set: ProblemSet, solved: dict[str, Result]) -> dict[str, float]:
    return {p.id: p.points * len(asked_targets(p, solved[p.id])) for p in problem_set.problems}


def read_metadata(root: Path) -> tuple[dict[str, Any], list[str]]:
    """submission_metadata.json as a dict ({} when absent or unreadable, with a note saying so)."""
    path = root / "submission_metadata.json"
    try:  # it lists earlier submissions with their results, so it may be larger than an answer file
        doc = json.loads(read_regular_bytes(path, MAX_METADATA_BYTES, "the metadata").decode("utf-8"))
    except FileNotFoundError:
        return {}, ["no submission_metadata.json: the student is taken from the answer file"]
    except (BpcalcError, OSError, ValueError) as error:  # ValueError: not UTF-8 or not JSON
        return {}, [f"submission_metadata.json could not be read ({error}): the student is taken from the answer file"]
    return (doc, []) if isinstance(doc, dict) else ({}, ["submission_metadata.json is not an object"])


def student_from_metadata(metadata: dict[str, Any]) -> str | None:
    """The submitters' names (a group submission joins them with ' & '); None when there are none."""
    users = metadata.get("users")
    if not isinstance(users, list):
        return None
    names = [str(u.get("name") or u.get("email") or u.get("id") or "").strip() for u in users if isinstance(u, dict)]
    names = [n for n in names if n]
    return " & ".join(names) if names else None


def grade_submission(root: Path, problem_set: ProblemSet, solved: dict[str, Result]) -> StudentResult:
    """Grade what was uploaded to `root/submission`; the student named by the metadata."""
    metadata, meta_notes = read_metadata(root)
    picked = pick_answer_file(root / "submission")
    who = student_from_metadata(metadata)
    if picked.error is not None or picked.text is None:
        result = StudentResult(Path(picked.name or "submission"), who or "submission",
                               error=picked.error or "nothing to grade", notes=[*meta_notes, *picked.notes])
        return result
    result = grade_text(Path(picked.name), picked.text, problem_set, solved)
    own = [n for n in result.notes if not (who and n.startswith(NO_NAME_WARNING))]
    return replace(result, student=who or result.student, notes=[*meta_notes, *picked.notes, *own])


def results_doc(result: StudentResult, problem_set: ProblemSet, solved: dict[str, Result], visibility: str = "visible",
                hide_expected: str | None = None, file_shown: str | None = None) -> dict[str, Any]:
    """results.json for one submission, per the Gradescope specification."""
    maxima = problem_maxima(problem_set, solved)
    total = sum(maxima.values())
    tests = _error_tests(result, problem_set, maxima, visibility) if result.error is not None \
        else _answer_tests(result, visibility, hide_expected is not None)
    if hide_expected == "after_due_date":
        tests.extend(_key_tests(problem_set, solved))
    score = 0.0 if result.error is not None else result.score
    return {
        "score": score,
        "output": _overview(result, total, file_shown),
        "output_format": "md",
        "test_output_format": "md",
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"max_score": total, "student": result.student, "file": file_shown or result.path.name,
                       "graded": result.error is None},
    }


def _overview(result: StudentResult, total: float, file_shown: str | None) -> str:
    lines: list[str] = []
    if result.error is not None:
        lines.append(f"**Your submission could not be graded:** {md.text(result.error)}")
        lines.append("")
        lines.append("Upload your filled-in answer sheet (a `.toml` file, e.g. `answers.toml`); "
                     "check it first with `bpcalc check answers.toml`.")
    else:
        lines.append(f"**{_num(result.score)} of {_num(total)} points** for {md.code(file_shown or result.path.name)}")
        firsts = [(g.problem.id, first_mistake_line(g)) for g in result.graded]
        if any(line for _id, line in firsts):
            lines.append("")
            lines.extend(f"- {md.code(pid)}: {md.text(line)}" for pid, line in firsts if line)
    said = [*result.notes, *(result.lost_work if result.error is None else [])]
    said = list(dict.fromkeys(said))  # lost work is also among the notes
    if said:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"- {md.text(note)}" for note in said)
    return "\n".join(lines)


def _answer_tests(result: StudentResult, visibility: str, hide: bool) -> list[dict[str, Any]]:
    tests: list[dict[str, Any]] = []
    for p_number, graded in enumerate(result.graded, start=1):
        number = 0
        for verdict, points in zip(graded.marking.verdicts, graded.points):
            if verdict.status == NOT_ASKED or verdict.target is None:
                continue  # never a test: listed in the overview as lost work
            number += 1
            tests.append({
                "name": f"{graded.problem.id}: {verdict.label}",
                "number": f"{p_number}.{number}",
                "score": points,
                "max_score": graded.problem.points,
                "status": "passed" if verdict.status == RIGHT and points >= graded.problem.points else "failed",
                "tags": [verdict.diagnosis] if verdict.diagnosis else [],
                "output": _answer_output(verdict, points, graded.problem.points, hide),
                "output_format": "md",
                "visibility": visibility,
            })
    return tests


def _answer_output(verdict: Any, points: float, most: float, hide: bool) -> str:
    written = verdict.written.text if verdict.written is not None else None
    said = f"You wrote {md.code(f'{verdict.label} = {written}')}" if written else f"No answer for {md.code(verdict.label)}"
    status = f"{verdict.status}, {SHORT.get(verdict.diagnosis, verdict.diagnosis)}" \
        if verdict.status == WRONG and verdict.diagnosis else verdict.status
    lines = [f"{said}: **{md.text(status)}** ({_num(points)}/{_num(most)})."]
    if verdict.status != RIGHT and not hide:
        if verdict.expected is not None:
            lines.append(f"The answer is {md.code(format_number(verdict.expected))}.")
        if verdict.message:
            lines.append(md.text(verdict.message))
    if verdict.note and (verdict.status == RIGHT or not hide):
        lines.append(f"Note: {md.text(verdict.note)}.")
    return "\n\n".join(lines)


def _error_tests(result: StudentResult, problem_set: ProblemSet, maxima: dict[str, float],
                 visibility: str) -> list[dict[str, Any]]:
    return [{
        "name": f"{p.id}: could not grade",
        "number": str(n),
        "score": 0.0,
        "max_score": maxima[p.id],
        "status": "failed",
        "tags": [NOT_GRADED_TAG],
        "output": f"Not graded: {md.text(result.error or '')}",
        "output_format": "md",
        "visibility": visibility,
    } for n, p in enumerate(problem_set.problems, start=1)]


def _key_tests(problem_set: ProblemSet, solved: dict[str, Result]) -> list[dict[str, Any]]:
    """One 0-point test per problem holding its answer key, shown only after the due date."""
    tests = []
    for n, problem in enumerate(problem_set.problems, start=1):
        trace = solved[problem.id].trace
        rows = ["| quantity | answer |", "|---|---|"]
        for key, target in asked_targets(problem, solved[problem.id]):
            value = trace.values[target.index] if target.kind == VALUE else trace.grads[target.index]
            rows.append(f"| {md.code(key)} | {md.code(format_number(value))} |")
        tests.append({
            "name": f"{problem.id}: answer key",
            "number": f"{n}.0",
            "score": 0.0,
            "max_score": 0.0,
            "output": "\n".join(rows),
            "output_format": "md",
            "visibility": "after_due_date",
        })
    return tests


def _num(value: float) -> str:
    return format_number(value, 4)
