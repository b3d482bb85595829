"""Grading one problem's answers, and the scoring rule.

Scoring (set in the problem file's [scoring] table, per problem `points` overrides it):
an answer that is right earns its points; an error carried forward earns `carried_forward`
times them (the work after the first mistake was done right), except when the carried value
is 0 or ±1, which makes the step trivial (no credit, and the report says so); a wrong answer
earns the share its diagnosis is given in [scoring] (`sign_error = 0.5`, ...), by default 0;
a missing or unreadable answer earns 0. Answers to quantities not asked are listed as "not
asked, not graded" and earn nothing either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bpcalc.api import Result, evaluate
from bpcalc.errors import BpcalcError, UsageError
from bpcalc.homework.keys import GRAD, VALUE, Target, canonical, resolve
from bpcalc.homework.notation import Tolerance, from_toml
from bpcalc.homework.problems import Problem, Scoring
from bpcalc.homework.verdicts import CARRIED, RIGHT, WRONG, Answer, Marking, Verdict
from bpcalc.ops import CONSTANT, VARIABLE


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
    """What the problem asks for, in work order.

    With no `ask`: every node's value and gradient, except what is given (the inputs' values,
    constants, and the seed dL/dL = 1) and nodes that do not reach the output.
    """
    graph = result.trace.graph
    if problem.ask:
        found: list[tuple[str, Target]] = []
        for key in problem.ask:
            try:
                found.append((key, resolve(key, graph)))
            except BpcalcError as error:
                raise UsageError(f"problem '{problem.id}': ask: {error.message}", hint=error.hint) from None
        return found
    live = graph.reaches_output()
    nodes = [i for i in range(graph.output + 1) if live[i] and graph.ops[i] != CONSTANT]
    targets = [Target(i, VALUE) for i in nodes if graph.ops[i] != VARIABLE]
    targets += [Target(i, GRAD) for i in reversed(nodes) if i != graph.output]
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
                duplicate, target = target, None  # a second answer is never graded in place of the first
                raise UsageError(f"'{key}' answers the same quantity as '{seen[duplicate]}'",
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

    fill_missing: every asked quantity appears, answered or not, and answers to anything else
    are "not asked, not graded" (grading); without it only the answers given are marked, all
    of them (a student checking their own work).
    """
    answers = read_answers(raw, result, strict)
    asked = asked_targets(problem, result) if fill_missing else \
        [(a.key, a.target) for a in answers if a.target is not None]
    asked_set = {t for _k, t in asked}
    extra = [a for a in answers if a.target is not None and a.target not in asked_set]
    answers = [a for a in answers if a.target is None or a.target in asked_set]
    given = {a.target for a in answers if a.target is not None}
    for key, target in asked:
        if target not in given:
            answers.append(Answer(key, target, None))
    from bpcalc.homework.diagnose import mark  # the marker itself: `grade --dry-run` solves, and marks nothing

    marking = mark(result.trace, answers, tolerance, extra)
    points = [_points(v, problem.points, scoring) if v.graded else 0.0 for v in marking.verdicts]
    max_score = problem.points * len(asked)
    return Graded(problem, marking, sum(points), max_score, points)


def _points(verdict: Verdict, points: float, scoring: Scoring) -> float:
    if verdict.status == RIGHT:
        return points
    if verdict.status == CARRIED:
        return 0.0 if verdict.trivial else points * scoring.carried_forward
    if verdict.status == WRONG and verdict.diagnosis is not None:
        return points * scoring.partial.get(verdict.diagnosis, 0.0)
    return 0.0
