"""Batch outputs: a CSV of scores and per-student reports (results.json for Gradescope is
homework/platforms/gradescope.py's, for --gradescope, --reports and --results-json alike).

CSV cells never start a spreadsheet formula: text beginning with `=`, `+`, `-`, `@`, a tab or
a carriage return gets a leading `'` (OWASP's advice for CSV injection), and control
characters are written as escapes (`\x07`).
"""

from __future__ import annotations

import csv
import io
import re

from bpcalc.base.numbers import format_number
from bpcalc.homework.batch import StudentResult, display_name
from bpcalc.homework.diagnose import SHORT
from bpcalc.homework.problems import ProblemSet
from bpcalc.homework.report import render_text


def csv_text(results: list[StudentResult], problem_set: ProblemSet, total: float) -> str:
    """One row per submission: per-problem scores, total, and what was lost or why it was not graded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = [p.id for p in problem_set.problems]
    writer.writerow(["student", "file", "status", *ids, "total", "max_score", "first_mistakes", "lost_work", "notes",
                     "error"])
    for result in results:
        scores = {g.problem.id: g.score for g in result.graded}
        notes = [n for n in result.notes if not n.startswith("lost work")] + result.flags
        writer.writerow([
            safe_cell(result.student), safe_cell(display_name(result.path)), status_of(result),
            *(_cell(scores.get(i)) for i in ids),
            _cell(result.score if result.error is None else None), _cell(total), safe_cell(first_mistakes(result)),
            safe_cell("; ".join(result.lost_work)), safe_cell("; ".join(notes)), safe_cell(result.error or ""),
        ])
    return out.getvalue()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    """Control characters as visible escapes (a name cannot hide a line break or a bell)."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: controls escaped, no formula at the start."""
    cleaned = escape_controls(text)
    return "'" + cleaned if text[:1] in ("=", "+", "-", "@", "\t", "\r") else cleaned


def first_mistakes(result: StudentResult) -> str:
    """e.g. 'circuit: df/dq (sign error); copy: df/dx (fan-out sum missing)'."""
    parts = []
    for graded in result.graded:
        first = graded.marking.first_mistake
        if first is not None:
            from bpcalc.teach.catalogue import translate  # --lang, LANG

            parts.append(f"{graded.problem.id}: {first.label} ({translate(SHORT.get(first.diagnosis or '', 'wrong'))})")
    return "; ".join(parts)


def status_of(result: StudentResult) -> str:
    if result.refused:
        return "refused"
    if result.error is not None:
        return "error"
    if result.lost_work:
        return "graded, work lost"
    return "all right" if result.all_right else "graded"


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_MAX_STEM_BYTES = 120


def report_stems(results: list[StudentResult]) -> list[str]:
    """Report file names, one per result: safe characters, short enough, and never equal ignoring case.

    'ada' for ada.toml; other files keep their whole name; 'ben' and 'ben-2' for ben.toml and ben.TOML.
    """
    stems: list[str] = []
    taken: set[str] = set()
    for result in results:
        name = display_name(result.path)
        base = name[: -len(".toml")] if name.lower().endswith(".toml") else name
        base = _UNSAFE.sub("_", base).lstrip(".") or "submission"
        while len(base.encode("utf-8")) > _MAX_STEM_BYTES:
            base = base[:-1]
        stem, n = base, 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.casefold())
        stems.append(stem)
    return stems


def student_report(result: StudentResult, total: float) -> str:
    head = escape_controls(f"{result.student} ({display_name(result.path)})")
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
