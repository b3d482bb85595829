"""The TOML files of the homework flow: a worksheet, a problem set, and a student's submission.

A worksheet is one problem and the student's answers in one file:

    expression = "q = x + y; f = q * z"
    [values]
    x = -2
    [answers]
    q = "3"
    "df/dq" = "-4"

A problem set holds `[scoring]`, an optional `[tolerance]` and `[[problems]]` (id, expression,
values, ask, points). A submission has one table per problem id, holding answers. Answers are
best written as strings ("0.50") so the precision written survives TOML's number parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bpcalc.base.textfile import read_text
from bpcalc.errors import BpcalcError, ParseError, Span, UsageError
from bpcalc.homework.notation import Tolerance

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Scoring:
    """Points per answer and the share of them kept by an error carried forward."""

    points: float = 1.0
    carried_forward: float = 0.5


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    source: str  # the program, as in `bpcalc eval`
    values: dict[str, Any]
    ask: list[str]  # answer keys asked for; empty means every named node, value and gradient
    points: float


@dataclass(frozen=True)
class ProblemSet:
    title: str
    problems: list[Problem]
    scoring: Scoring = field(default_factory=Scoring)
    tolerance: Tolerance = field(default_factory=Tolerance)

    def find(self, problem_id: str) -> Problem | None:
        return next((p for p in self.problems if p.id == problem_id), None)


@dataclass(frozen=True)
class Worksheet:
    problem: Problem
    answers: dict[str, Any]  # key -> raw TOML value
    tolerance: Tolerance = field(default_factory=Tolerance)


@dataclass(frozen=True)
class Submission:
    path: Path
    student: str
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # problem id -> key -> raw value
    notes: list[str] = field(default_factory=list)


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error becomes a ParseError with a caret at its line and column."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    text = read_text(path, "TOML file")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        span = None
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            lines = text.split("\n")
            start = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
            span = Span(min(start, len(text)), min(start + 1, len(text)))
            message = message[: found.start()].strip()
        raise ParseError(f"{path.name} is not valid TOML: {message}", source=text, span=span,
                         hint="strings need quotes (q = \"3\"); keys with '/' need quotes too (\"df/dq\" = \"-4\")") from None


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"{where}: '{key}' must be a table", hint=f"write [{key}] on its own line, then its entries")
    return value


def _number(value: Any, where: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise UsageError(f"{where} must be a number, 0 or more, got {value!r}")
    return float(value)


def _tolerance(data: dict[str, Any], where: str) -> Tolerance:
    table = _table(data, "tolerance", where)
    unknown = set(table) - {"rtol", "atol", "min_sigfigs"}
    if unknown:
        raise UsageError(f"{where}: unknown tolerance setting {sorted(unknown)[0]!r}", hint="use rtol, atol, min_sigfigs")
    rtol = table.get("rtol")
    atol = table.get("atol")
    least = table.get("min_sigfigs")
    if least is not None and (isinstance(least, bool) or not isinstance(least, int) or least < 1):
        raise UsageError(f"{where}: tolerance.min_sigfigs must be a whole number, 1 or more")
    return Tolerance(None if rtol is None else _number(rtol, f"{where}: tolerance.rtol", 0.0),
                     None if atol is None else _number(atol, f"{where}: tolerance.atol", 0.0), least)


def _problem(data: dict[str, Any], where: str, default_id: str, points: float) -> Problem:
    source = data.get("expression")
    if not isinstance(source, str) or not source.strip():
        raise UsageError(f"{where}: 'expression' is missing", hint='write expression = "q = x + y; f = q * z"')
    ask = data.get("ask", [])
    if not isinstance(ask, list) or not all(isinstance(a, str) for a in ask):
        raise UsageError(f"{where}: 'ask' must be a list of answer keys", hint='write ask = ["q", "f", "df/dq"]')
    problem_id = data.get("id", default_id)
    if not isinstance(problem_id, str) or not problem_id.replace("-", "_").isidentifier():
        raise UsageError(f"{where}: the id {problem_id!r} must be a simple name", hint='write id = "circuit"')
    return Problem(problem_id, str(data.get("title", problem_id)), source, _table(data, "values", where), ask,
                   _number(data.get("points"), f"{where}: points", points))


def load_worksheet(path: Path) -> Worksheet:
    data = read_toml(path)
    where = path.name
    unknown = set(data) - {"expression", "values", "answers", "ask", "title", "id", "points", "tolerance"}
    if unknown:
        raise UsageError(f"{where}: unknown key {sorted(unknown)[0]!r}",
                         hint="a worksheet has expression, [values] and [answers]; a problem set uses [[problems]]")
    problem = _problem(data, where, path.stem.replace(" ", "_"), 1.0)
    return Worksheet(problem, _table(data, "answers", where), _tolerance(data, where))


def load_problem_set(path: Path) -> ProblemSet:
    data = read_toml(path)
    where = path.name
    raw = data.get("problems")
    if not isinstance(raw, list) or not raw or not all(isinstance(p, dict) for p in raw):
        raise UsageError(f"{where}: no problems found", hint="write each problem as a [[problems]] table")
    scoring_table = _table(data, "scoring", where)
    scoring = Scoring(_number(scoring_table.get("points"), f"{where}: scoring.points", 1.0),
                      _number(scoring_table.get("carried_forward"), f"{where}: scoring.carried_forward", 0.5))
    if scoring.carried_forward > 1:
        raise UsageError(f"{where}: scoring.carried_forward is a share of the points, between 0 and 1")
    problems = [_problem(p, f"{where}, problem {n + 1}", f"p{n + 1}", scoring.points) for n, p in enumerate(raw)]
    ids = [p.id for p in problems]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise UsageError(f"{where}: two problems have the id {duplicate!r}", hint="give each problem its own id")
    return ProblemSet(str(data.get("title", path.stem)), problems, scoring, _tolerance(data, where))


def load_submission(path: Path, problem_set: ProblemSet) -> Submission:
    """A student's file; raises BpcalcError when it cannot be read at all (the batch goes on)."""
    data = read_toml(path)
    student = data.get("student", path.stem)
    if not isinstance(student, str) or not student.strip():
        raise UsageError(f"{path.name}: 'student' must be a name in quotes")
    answers: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for key, value in data.items():
        if key == "student":
            continue
        if not isinstance(value, dict):
            raise UsageError(f"{path.name}: '{key}' should be a table of answers, [{key}]",
                             hint="write each problem's answers under its id: [circuit] then q = \"3\"")
        if problem_set.find(key) is None:
            notes.append(f"answers for an unknown problem '{key}' were ignored")
            continue
        answers[key] = value
    if not answers and not notes:
        raise BpcalcError(f"{path.name} holds no answers",
                          hint="start from the blank template: bpcalc check --template PROBLEMS.toml")
    return Submission(path, student.strip(), answers, notes)
