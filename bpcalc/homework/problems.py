"""The TOML files of the homework flow: a worksheet, a problem set, and a student's submission.

A worksheet is one problem and the student's answers in one file:

    expression = "q = x + y; f = q * z"
    [values]
    x = -2
    [answers]
    q = "3"
    "df/dq" = "-4"

A problem set holds `[scoring]`, an optional `[tolerance]` and `[[problems]]` (id, expression,
values, ask, points). A submission has one table per problem id, holding answers. Every key is
checked: a key that is not one of these is an error naming the file, the line and the key it
was probably meant to be (a typo such as `poinst` or `[tolerence]` would otherwise change
scores silently). Answers keep the digits written, quoted or not: the TOML reader hands each
decimal over as its literal text (`-0.20` stays two significant figures).
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bpcalc.base.textfile import read_text
from bpcalc.errors import BpcalcError, ParseError, Span, UsageError, did_you_mean
from bpcalc.homework.notation import Tolerance, TomlDecimal

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


# [scoring] keys for partial credit, each the share of the points a wrong answer with that
# diagnosis keeps (default 0), and the diagnosis code it applies to.
PARTIAL_CREDIT = {
    "sign_error": "sign", "fan_out_missing": "fanout_sum_missing", "not_swapped": "mul_not_swapped",
    "routed_wrong": "max_routed_wrong", "transposed": "transposed", "wrong_shape": "wrong_shape",
    "forward_value": "forward_value", "too_few_figures": "too_few_significant_figures",
}
PROBLEM_SET_KEYS = ("title", "scoring", "tolerance", "problems")
SCORING_KEYS = ("points", "carried_forward", *PARTIAL_CREDIT)
TOLERANCE_KEYS = ("rtol", "atol", "min_sigfigs")
PROBLEM_KEYS = ("id", "title", "expression", "values", "ask", "points")
WORKSHEET_KEYS = ("expression", "values", "answers", "ask", "title", "id", "points", "tolerance")
SUBMISSION_KEYS = ("student", "problem_set")


@dataclass(frozen=True)
class Scoring:
    """Points per answer, the share kept by an error carried forward, and per-diagnosis partial credit."""

    points: float = 1.0
    carried_forward: float = 0.5
    partial: dict[str, float] = field(default_factory=dict)  # diagnosis code -> share of the points


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
    notes: list[str] = field(default_factory=list)  # work that was not graded, said to the TA and the student
    problem_set: str | None = None  # the template's pointer to its problem set (for `bpcalc check`)


def parse_toml(text: str, name: str, literal_decimals: bool = False) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes a ParseError with a caret at its line and column.

    literal_decimals: every float arrives as a `TomlDecimal`, its text as written (answers).
    Nesting too deep for the reader (a 500-deep array) is a ParseError too, never a crash.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same reader, from PyPI
        import tomli as tomllib

    try:
        if literal_decimals:
            return tomllib.loads(text, parse_float=TomlDecimal)
        return tomllib.loads(text)
    except RecursionError:
        raise ParseError(f"{name} is nested too deeply to read", hint="an answer is a number or a list of lists of "
                         "numbers") from None
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
        raise ParseError(f"{name} is not valid TOML: {message}", source=text, span=span,
                         hint="strings need quotes (q = \"3\"); keys with '/' need quotes too (\"df/dq\" = \"-4\")") from None


def read_toml(path: Path, literal_decimals: bool = False) -> dict[str, Any]:
    return parse_toml(read_text(path, "TOML file"), path.name, literal_decimals)


def _key_offset(text: str, key: str, start: int = 0) -> int | None:
    """Where `key` is written (a key = line or a [table] header), at or after `start`."""
    quoted = r"(?P<q>[\"']?)" + re.escape(key) + r"(?P=q)"
    line_key = re.compile(r"^[ \t]*(\[\[?[ \t]*)?" + quoted + r"[ \t]*(\]|=|\.)", re.MULTILINE)
    found = line_key.search(text, start) or re.compile(r"[{,][ \t]*" + quoted + r"[ \t]*=").search(text, start)
    if found is None:
        return None
    return found.start() + len(found.group(0)) - len(found.group(0).lstrip(" \t{,["))


def _check_keys(table: dict[str, Any], allowed: tuple[str, ...], text: str, name: str, where: str,
                start: int = 0) -> None:
    """Refuse any key not in `allowed`, pointing at its line, with the key it was probably meant to be."""
    for key in table:
        if key in allowed:
            continue
        offset = _key_offset(text, key, start)
        if offset is None:
            offset = _key_offset(text, key)
        line = text.count("\n", 0, offset) + 1 if offset is not None else None
        suggestion = did_you_mean(key, list(allowed))
        at = f", line {line}" if line else ""
        raise UsageError(f"{name}{at}: unknown key {key!r}{where}", source=text if offset is not None else None,
                         span=Span(offset, offset + len(key)) if offset is not None else None,
                         hint=(f"did you mean {suggestion!r}? " if suggestion else "")
                         + "the keys here are " + ", ".join(allowed))


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"{where}: '{key}' must be a table", hint=f"write [{key}] on its own line, then its entries")
    return value


def _number(value: Any, where: str, default: float, most: float | None = None) -> float:
    """A finite number, 0 or more (and at most `most`); dates, strings, nan and inf are refused."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "a date or time" if hasattr(value, "isoformat") else f"{type(value).__name__} {value!r}"
        raise UsageError(f"{where} must be a number, got {kind}")
    if not math.isfinite(value) or value < 0 or (most is not None and value > most):
        bound = f"between 0 and {most:g}" if most is not None else "a finite number, 0 or more"
        raise UsageError(f"{where} must be {bound}, got {value!r}")
    return float(value)


def _tolerance(data: dict[str, Any], text: str, name: str, start: int = 0) -> Tolerance:
    table = _table(data, "tolerance", name)
    _check_keys(table, TOLERANCE_KEYS, text, name, " in [tolerance]", start)
    least = table.get("min_sigfigs")
    if least is not None and (isinstance(least, bool) or not isinstance(least, int) or least < 1):
        raise UsageError(f"{name}: tolerance.min_sigfigs must be a whole number, 1 or more, got {least!r}")
    rtol, atol = _plain(table.get("rtol")), _plain(table.get("atol"))  # a worksheet reads literal decimals
    return Tolerance(None if rtol is None else _number(rtol, f"{name}: tolerance.rtol", 0.0),
                     None if atol is None else _number(atol, f"{name}: tolerance.atol", 0.0), least)


def _values(data: dict[str, Any], where: str) -> dict[str, Any]:
    """The inputs' values: numbers, text bpcalc reads as a value, or nested lists of them; never a date."""
    values = _table(data, "values", where)
    out: dict[str, Any] = {}
    for name, value in values.items():
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, bool) or not isinstance(item, int | float | str):
                kind = "a date or time" if hasattr(item, "isoformat") else type(item).__name__
                raise UsageError(f"{where}: the value of {name} is {kind}, not a number",
                                 hint=f"write {name} = -2, {name} = 0.5 or {name} = [0.2, 0.4]")
        out[name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    """Literal decimals back to floats (values are inputs, not answers)."""
    if isinstance(value, TomlDecimal):
        return float(value.replace("_", ""))
    if isinstance(value, list):
        return [_plain(v) for v in value]  # values nest only as deep as an array's axes
    return value


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
    title = data.get("title", problem_id)
    if not isinstance(title, str):
        raise UsageError(f"{where}: 'title' must be text in quotes")
    return Problem(problem_id, title, source, _values(data, where), ask,
                   _number(data.get("points"), f"{where}: points", points))


def load_worksheet(path: Path) -> Worksheet:
    text = read_text(path, "TOML file")
    data = parse_toml(text, path.name, literal_decimals=True)
    where = path.name
    _check_keys(data, WORKSHEET_KEYS, text, where, " (a worksheet has expression, [values] and [answers])")
    points = data.get("points")
    problem = _problem({**data, "points": _plain(points)}, where, path.stem.replace(" ", "_"), 1.0)
    return Worksheet(problem, _table(data, "answers", where), _tolerance(data, text, where))


def load_problem_set(path: Path) -> ProblemSet:
    text = read_text(path, "TOML file")
    data = parse_toml(text, path.name)
    where = path.name
    _check_keys(data, PROBLEM_SET_KEYS, text, where, " in the problem set")
    raw = data.get("problems")
    if not isinstance(raw, list) or not raw or not all(isinstance(p, dict) for p in raw):
        raise UsageError(f"{where}: no problems found", hint="write each problem as a [[problems]] table")
    scoring_table = _table(data, "scoring", where)
    _check_keys(scoring_table, SCORING_KEYS, text, where, " in [scoring]", _key_offset(text, "scoring") or 0)
    scoring = Scoring(_number(scoring_table.get("points"), f"{where}: scoring.points", 1.0),
                      _number(scoring_table.get("carried_forward"), f"{where}: scoring.carried_forward", 0.5, 1.0),
                      {code: _number(scoring_table[key], f"{where}: scoring.{key}", 0.0, 1.0)
                       for key, code in PARTIAL_CREDIT.items() if key in scoring_table})
    headers = [m.start() for m in re.finditer(r"^[ \t]*\[\[[ \t]*problems[ \t]*\]\]", text, re.MULTILINE)]
    problems = []
    for n, p in enumerate(raw):
        start = headers[n] if n < len(headers) else 0
        _check_keys(p, PROBLEM_KEYS, text, where, f" in problem {n + 1}", start)
        problems.append(_problem(p, f"{where}, problem {n + 1}", f"p{n + 1}", scoring.points))
    ids = [p.id for p in problems]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise UsageError(f"{where}: two problems have the id {duplicate!r}", hint="give each problem its own id")
    title = data.get("title", path.stem)
    if not isinstance(title, str):
        raise UsageError(f"{where}: 'title' must be text in quotes")
    return ProblemSet(title, problems, scoring, _tolerance(data, text, where, _key_offset(text, "tolerance") or 0))


def load_submission(path: Path, problem_set: ProblemSet, text: str | None = None) -> Submission:
    """A student's file (its text, if already read safely); raises BpcalcError when it cannot be read at all."""
    if text is None:
        text = read_text(path, "TOML file")
    data = parse_toml(text, path.name, literal_decimals=True)
    notes: list[str] = []
    student = data.get("student", path.stem)
    if not isinstance(student, str) or isinstance(student, TomlDecimal):
        raise UsageError(f"{path.name}: 'student' must be a name in quotes", hint='write student = "Ada Lovelace"')
    if not student.strip():
        notes.append(f"warning: no student name given (student = \"\"); graded as {path.stem!r}")
        student = path.stem
    pointer = data.get("problem_set")
    answers: dict[str, dict[str, Any]] = {}
    ids = [p.id for p in problem_set.problems]
    for key, value in data.items():
        if key in SUBMISSION_KEYS:
            continue
        if not isinstance(value, dict):
            raise UsageError(f"{path.name}: '{key}' should be a table of answers, [{key}]",
                             hint="write each problem's answers under its id: [circuit] then q = \"3\"")
        if problem_set.find(key) is None:
            near = next((i for i in ids if i.lower() == key.lower()), None) or did_you_mean(key, ids)
            hint = f" (did you mean [{near}]?)" if near else ""
            notes.append(f"lost work: answers for an unknown problem [{key}] were ignored{hint}")
            continue
        answers[key] = value
    if not answers and not any(n.startswith("lost work") for n in notes):
        raise BpcalcError(f"{path.name} holds no answers",
                          hint="start from the blank template: bpcalc check --template PROBLEMS.toml")
    return Submission(path, student.strip(), answers, notes, pointer if isinstance(pointer, str) else None)
