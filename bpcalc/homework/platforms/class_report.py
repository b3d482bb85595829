"""The class report: which step of the graph the class got wrong, and how.

Like the answer-note reports of STACK, but per node: for every problem, each (node, diagnosis)
pair is counted once per student who made that mistake, with how many made it their first
mistake and one example of what was written. Errors carried forward are consequences, not
mistakes, and are not counted; missing and unreadable answers are (diagnosis `missing` and
`unreadable`). The result is plain data, so the table, the JSON and the picture all read it.
"""

from __future__ import annotations

from typing import Any

from bpcalc.base.numbers import format_number
from bpcalc.homework.batch import StudentResult, display_name
from bpcalc.homework.problems import ProblemSet
from bpcalc.homework.verdicts import MISSING, SHORT, UNREADABLE, WRONG, WRONG_VALUE

SHORT_EXTRA = {MISSING: "missing", UNREADABLE: "unreadable"}


def class_summary(results: list[StudentResult], problem_set: ProblemSet, total: float) -> dict[str, Any]:
    """Per problem, the mistakes by node and diagnosis, most common first; and every graded score."""
    graded = [r for r in results if r.error is None]
    problems = []
    for n, problem in enumerate(problem_set.problems):
        counts: dict[tuple[str, str], dict[str, Any]] = {}
        scores = []
        most: float | None = None  # known from a graded submission
        for result in graded:
            marked = result.graded[n]
            most = marked.max_score
            scores.append(marked.score)
            first = marked.marking.first_mistake
            for verdict in marked.marking.verdicts:
                if verdict.status == WRONG:
                    code = verdict.diagnosis or WRONG_VALUE
                elif verdict.status in (MISSING, UNREADABLE):
                    code = verdict.status
                else:
                    continue
                row = counts.setdefault((verdict.label, code), {
                    "node": verdict.label, "diagnosis": code, "what": SHORT.get(code) or SHORT_EXTRA.get(code, code),
                    "students": 0, "first_mistake": 0,
                    "example": {"file": display_name(result.path),
                                "written": verdict.written.text if verdict.written is not None else None},
                })
                row["students"] += 1
                row["first_mistake"] += int(verdict is first)
        mistakes = sorted(counts.values(), key=lambda r: (-r["students"], -r["first_mistake"], r["node"]))
        problems.append({
            "id": problem.id, "title": problem.title, "max_score": most,
            "mean_score": sum(scores) / len(scores) if scores else None,
            "mistakes": mistakes, "most_common": mistakes[0] if mistakes else None,
        })
    return {
        "title": problem_set.title, "submissions": len(results), "graded": len(graded), "max_score": total,
        "scores": [r.score for r in graded],
        "mean_score": sum(r.score for r in graded) / len(graded) if graded else None,
        "not_graded": [{"file": display_name(r.path), "error": r.error} for r in results if r.error is not None],
        "problems": problems,
    }


def summary_text(summary: dict[str, Any]) -> str:
    """The report as a plain-text table, one block per problem."""
    mean = summary["mean_score"]
    lines = [f"{summary['title']}: {summary['graded']} of {summary['submissions']} submissions graded; "
             f"mean {_num(mean)}/{_num(summary['max_score'])}" if mean is not None else
             f"{summary['title']}: none of {summary['submissions']} submissions could be graded"]
    for problem in summary["problems"]:
        lines.append("")
        mean_p = problem["mean_score"]
        lines.append(f"[{problem['id']}] {problem['title']}: mean {_num(mean_p)}/{_num(problem['max_score'])}"
                     if mean_p is not None else f"[{problem['id']}] {problem['title']}")
        if not problem["mistakes"]:
            lines.append("  no mistakes")
            continue
        top = problem["most_common"]
        lines.append(f"  most common mistake: {top['node']} ({top['what']}), {_students(top['students'])}")
        width = max(len(m["node"]) for m in problem["mistakes"])
        lines.append(f"  {'node':<{width}}  {'mistake':<28} {'students':>8} {'first':>5}  example")
        for row in problem["mistakes"]:
            example = row["example"]
            shown = f"{row['node']} = {example['written']}" if example["written"] is not None else \
                "(could not be read)" if row["diagnosis"] == UNREADABLE else "(no answer)"
            lines.append(f"  {row['node']:<{width}}  {row['what']:<28} {row['students']:>8} {row['first_mistake']:>5}  "
                         f"{shown} ({example['file']})")
    for item in summary["not_graded"]:
        lines.append(f"not graded: {item['file']}: {item['error']}")
    return "\n".join(lines) + "\n"


def _students(n: int) -> str:
    return f"{n} student{'' if n == 1 else 's'}"


def _num(value: float | None) -> str:
    return "—" if value is None else format_number(value, 4)
