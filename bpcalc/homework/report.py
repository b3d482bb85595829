"""Plain-text reports of a marked problem, in the primer's words; also the JSON form.

Plain text (no rich) so the same words go to a terminal, a per-student report file and a
Gradescope `output` field.
"""

from __future__ import annotations

from typing import Any

from bpcalc.base.numbers import format_number, json_number
from bpcalc.homework.grading import Graded
from bpcalc.homework.keys import VALUE, gate_name, seen
from bpcalc.homework.verdicts import CARRIED, MISSING, NOT_ASKED, RIGHT, UNREADABLE, WRONG, Verdict
from bpcalc.teach.catalogue import translate  # the report in the language of --lang or LANG

_MARK = {RIGHT: "right", WRONG: "WRONG", CARRIED: "carried", MISSING: "missing", UNREADABLE: "unreadable",
         NOT_ASKED: "not asked"}


def headline(graded: Graded) -> str:
    """The problem in one line: its source and the values given."""
    source = one_line(graded.problem.source)
    values = graded.marking.trace.graph.variables
    given = ", ".join(f"{name} = {format_number(graded.marking.trace.values[i])}" for name, i in values.items())
    return translate(f"{source}   at {given}") if given else source


def one_line(source: str) -> str:
    """A program on one line: statements joined by '; ', comments and blank lines dropped."""
    lines = [line.split("#")[0].strip() for line in source.replace(";", "\n").split("\n")]
    return "; ".join(line for line in lines if line and not line.startswith("let "))


def verdict_lines(verdict: Verdict) -> list[str]:
    written = verdict.written.text if verdict.written is not None else ""
    answer = f"{verdict.label} = {written}" if written else verdict.label
    mark = translate(_MARK[verdict.status])
    line = f"  {mark:<{10 - _wide(mark)}} {answer}"
    if verdict.status not in (RIGHT, NOT_ASKED) and verdict.expected is not None:
        line = f"{line:<{40 - _wide(line)}} {translate(f'should be {format_number(verdict.expected)}')}"
    lines = [line]
    if verdict.status != RIGHT and verdict.message:
        lines.append(f"{'':13}{translate(verdict.message)}")
    if verdict.note:
        lines.append(f"{'':13}{translate(f'note: {verdict.note}')}")
    return lines


def first_mistake_line(graded: Graded) -> str | None:
    first = graded.marking.first_mistake
    if first is None or first.target is None:
        return None
    graph = graded.marking.trace.graph
    node = first.target.index
    what = "forward value" if first.target.kind == VALUE else "gradient"
    where = gate_name(graph, node) if graph.args[node] else f"{seen(graph, node)} (an input)"
    return translate(f"first mistake: {first.label}, the {what} at node {where}")


def summary_line(graded: Graded, with_score: bool) -> str:
    marking = graded.marking
    counts = [f"{marking.count(status)} {translate(status)}" for status in (RIGHT, WRONG, CARRIED, MISSING, UNREADABLE)
              if marking.count(status) or status in (RIGHT, WRONG)]
    if marking.count(NOT_ASKED):
        counts.append(translate(f"{marking.count(NOT_ASKED)} not asked, not graded"))
    count = sum(1 for v in marking.verdicts if v.graded)
    line = translate(f"{count} answer{'' if count == 1 else 's'}: ") + ", ".join(counts)
    if with_score:
        line += translate(f"; score {_points(graded.score)}/{_points(graded.max_score)}")
    return line


def _wide(text: str) -> int:
    """How many more columns than characters `text` takes (Hangul is two columns wide)."""
    import unicodedata

    return 0 if text.isascii() else sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def render_text(graded: Graded, with_score: bool = False, title: str | None = None) -> str:
    lines = [title or headline(graded)]
    for verdict in graded.marking.verdicts:
        lines.extend(verdict_lines(verdict))
    first = first_mistake_line(graded)
    if first:
        lines.append(first)
    lines.append(summary_line(graded, with_score))
    return "\n".join(lines)


def to_json(graded: Graded) -> dict[str, Any]:
    first = graded.marking.first_mistake
    return {
        "problem": graded.problem.id,
        "score": graded.score,
        "max_score": graded.max_score,
        "all_right": graded.marking.all_right,
        "first_mistake": first.label if first else None,
        "answers": [
            {
                "key": v.key,
                "quantity": v.label,
                "node": graded.marking.trace.graph.node_id(v.target.index) if v.target else None,
                "kind": v.target.kind if v.target else None,
                "written": v.written.text if v.written else None,
                "expected": json_number(v.expected),
                "status": v.status,
                "diagnosis": v.diagnosis,
                "message": v.message,
                "carried_from": list(v.sources),
                "note": v.note,
                "trivial_carried_value": v.trivial,
                "points": p,
            }
            for v, p in zip(graded.marking.verdicts, graded.points)
        ],
    }


def _points(value: float) -> str:
    return format_number(value, 4)
