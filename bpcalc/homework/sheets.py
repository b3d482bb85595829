"""The answer key and the blank answer template of a problem set, both as submission TOML.

The key is itself a submission that earns full marks (a test grades it), and the template is
the same file with every answer blank, ready for a student to fill in.
"""

from __future__ import annotations

from typing import Any

from bpcalc.base.numbers import format_number
from bpcalc.homework.grading import asked_targets, solve
from bpcalc.homework.keys import VALUE
from bpcalc.homework.problems import ProblemSet
from bpcalc.homework.report import one_line


def render_sheet(problem_set: ProblemSet, key: bool, source: str | None = None) -> str:
    """TOML text: one table per problem; with key=True the true answers, else blanks.

    source: the problem set's path as given; the blank sheet names it, so that a filled-in
    sheet checks as it is (`bpcalc check mine.toml`).
    """
    from bpcalc.teach.catalogue import translate  # the comments in --lang / LANG; the TOML keys stay

    lines = [_comment(translate(f"{problem_set.title}: {'answer key' if key else 'answer sheet'}"))]
    if not key:
        least = problem_set.tolerance.min_sigfigs
        lines += [_comment(line) for line in translate(INSTRUCTIONS).split("\n")]
        if least is not None:
            lines.append(_comment(translate(f"Give decimals to at least {least} significant figures.")))
        lines += [
            _comment(translate("Check your sheet before handing it in: bpcalc check THIS_FILE.toml")),
            'student = ""',
        ]
        if source is not None:
            lines.append(f"problem_set = {_toml_string(source)}")
    for problem in problem_set.problems:
        result = solve(problem)
        trace = result.trace
        lines.append("")
        lines.append(f"# {problem.title}: {one_line(problem.source)}")
        if trace.graph.variables:
            given = ", ".join(f"{n} = {format_number(trace.values[i])}" for n, i in trace.graph.variables.items())
            lines.append(_comment(translate(f"at {given}")))
        lines.append(f"[{problem.id}]")
        for name, target in asked_targets(problem, result):
            value: Any = trace.values[target.index] if target.kind == VALUE else trace.grads[target.index]
            shown = _key_text(value) if key else ""
            shape = getattr(value, "shape", ())
            comment = f"  # {translate('shape')} ({', '.join(str(n) for n in shape)}{',' if len(shape) == 1 else ''})" \
                if shape and not key else ""
            lines.append(f"{_toml_key(name)} = \"{shown}\"{comment}")
    return "\n".join(lines) + "\n"


# What a blank sheet tells the student, one paragraph (translated whole: its lines break mid-sentence).
INSTRUCTIONS = """\
Write each answer in quotes: numbers (-4, 0.1966), fractions (-1/3), constants (e^-1),
or lists for arrays ([0.44, 0.52]; a matrix as rows [[1, 2], [3, 4]]; a column [[0.44], [0.52]]
is read as the vector it stands for). A gradient has the shape of what it is taken with respect to.
A decimal is right when it matches the true value to the digits you write (0.731 for 0.7311...),
or the value the step gives from your own earlier (rounded) answers: rounding intermediates is fine.
Whole numbers and fractions are exact claims; a zero (0, 0.0, 0e9) claims exactly zero."""


def _comment(text: str) -> str:
    return f"# {text}"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum()
    return key if bare else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key_text(value: Any) -> str:
    """Whole numbers as they are; others to six significant figures, trailing zeros kept, every entry."""
    if hasattr(value, "shape") and value.ndim > 0:
        return "[" + ", ".join(_key_text(row) for row in value) + "]"
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return format_number(number)
    return f"{number:#.6g}"
