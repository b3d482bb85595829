"""Grading one problem's answers, and the scoring rule.

Scoring (set in the problem file's [scoring] table, per problem `points` overrides it):
an answer that is right earns its points; an error carried forward earns `carried_forward`
times them (the work after the first mistake was done right); a wrong, missing or unreadable
answer earns 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bpcalc.api import Result, evaluate
from bpcalc.errors import BpcalcError, UsageError
from bpcalc.homework.diagnose import CARRIED, RIGHT, Answer, Marking, Verdict, mark
from bpcalc.homework.keys import GRAD, VALUE, Target, canonical, resolve
from bpcalc.homework.notation import Tolerance, from_toml
from bpcalc.homework.problems import Problem, Scoring


@dataclass(frozen=True)
class Graded:
    """One problem, marked and scored."""

    problem: Problem
    marking: Marking
    score: float
    max_score: float
    points: list[float]  # per verdict, in the marking's order


def solve(problem: Problem) -> Result:
    """The problem's truth; a broken problem is the author's input error, named by its id."""
    try:
        return evaluate(problem.source, problem.values, check=False)
    except BpcalcError as error:
        error.message = f"problem '{problem.id}': {error.message}"
        raise


def asked_targets(problem: Problem, result: Result) -> list[tuple[str, Target]]:
    """What the problem asks for, in work order; by default every named node's value and gradient."""
    graph = result.trace.graph
    if problem.ask:
        found: list[tuple[str, Target]] = []
        for key in problem.ask:
            try:
                found.append((key, resolve(key, graph)))
            except BpcalcError as error:
                raise UsageError(f"problem '{problem.id}': ask: {error.message}", hint=error.hint) from None
        return found
    named = sorted(set(graph.aliases.values()))
    targets = [Target(i, VALUE) for i in named] + [Target(i, GRAD) for i in reversed(named)]
    return [(canonical(graph, t), t) for t in targets]


def read_answers(raw: dict[str, Any], result: Result, strict: bool) -> list[Answer]:
    """Parse each answer. strict: the first bad one raises (bpcalc check); else it is marked unreadable."""
    graph = result.trace.graph
    answers: list[Answer] = []
    seen: dict[Target, str] = {}
    for key, value in raw.items():
        target: Target | None = None
        try:
            target = resolve(key, graph)
            if target in seen:
                raise UsageError(f"'{key}' answers the same quantity as '{seen[target]}'",
                                 hint="give each answer once")
            seen[target] = key
            if isinstance(value, str) and not value.strip():
                answers.append(Answer(key, target, None))  # a blank in the template
                continue
            answers.append(Answer(key, target, from_toml(value, canonical(graph, target))))
        except BpcalcError as error:
            if strict:
                raise
            answers.append(Answer(key, target, None, error.message))
    return answers


def grade_problem(problem: Problem, result: Result, raw: dict[str, Any], scoring: Scoring,
                  tolerance: Tolerance, strict: bool = False, fill_missing: bool = True) -> Graded:
    """Mark a student's answers to one problem.

    fill_missing: every asked quantity appears, answered or not (grading); without it only the
    answers given are marked (a student checking their own work).
    """
    answers = read_answers(raw, result, strict)
    given = {a.target for a in answers if a.target is not None}
    asked = asked_targets(problem, result) if fill_missing else \
        [(a.key, a.target) for a in answers if a.target is not None]
    for key, target in asked:
        if target not in given:
            answers.append(Answer(key, target, None))
    marking = mark(result.trace, answers, tolerance)
    asked_set = {t for _k, t in asked}
    points = [_points(v, problem.points, scoring) if v.target in asked_set or v.target is None else 0.0
              for v in marking.verdicts]
    max_score = problem.points * len(asked)
    return Graded(problem, marking, sum(points), max_score, points)


def _points(verdict: Verdict, points: float, scoring: Scoring) -> float:
    if verdict.status == RIGHT:
        return points
    if verdict.status == CARRIED:
        return points * scoring.carried_forward
    return 0.0
