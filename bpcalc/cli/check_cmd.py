"""`bpcalc check`: grade hand-worked answers node by node and name where a mistake began."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from bpcalc.cli.common import EXIT_CHECK_FAILED, PASS_THROUGH, VALUES_HELP, ValuesCommand, fail, read_program, source_options
from bpcalc.errors import BpcalcError, UsageError

if TYPE_CHECKING:
    from bpcalc.homework.grading import Graded
    from bpcalc.homework.notation import Tolerance

ANSWER_HELP = (
    "Answers: a node's value by its name or id (q, n3); its gradient as dq, df/dq or dL/dq. "
    "Write numbers (-4, 0.1966), fractions (-1/3), constants (e^-1) or lists ([0.44, 0.52]). "
    "A decimal is right when it matches the true value to the significant figures written; "
    "whole numbers, fractions and expressions must be exact (relative 1e-9), unless --rtol/--atol are given. "
)


@click.command("check", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=ANSWER_HELP + VALUES_HELP)
@source_options
@click.option("-a", "--answer", "answers", multiple=True, metavar="KEY=ANSWER",
              help="One answer, e.g. --answer q=3 or --answer df/dx=-4 (repeat it).")
@click.option("--key", "key_file", type=str, default=None, metavar="PROBLEMS.toml",
              help="Print the answer key of a problem set (as a submission that earns full marks).")
@click.option("--template", "template_file", type=str, default=None, metavar="PROBLEMS.toml",
              help="Print a blank answer sheet for a problem set.")
@click.option("--rtol", type=click.FloatRange(min=0), default=None, help="Relative tolerance, instead of the written precision.")
@click.option("--atol", type=click.FloatRange(min=0), default=None, help="Absolute tolerance, instead of the written precision.")
@click.option("--json", "as_json", is_flag=True, help="Write the marking as JSON on stdout.")
@click.pass_context
def check_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], answers: tuple[str, ...],
                  key_file: str | None, template_file: str | None, rtol: float | None, atol: float | None,
                  as_json: bool) -> None:
    """Check answers to EXPRESSION (or a WORKSHEET.toml) node by node.

    \b
    Examples:
      bpcalc check "q = x + y; f = q * z" --x=-2 --y=5 --z=-4 -a q=3 -a df/dq=-4 -a dx=-4
      bpcalc check examples/homework/worksheet.toml
      bpcalc check --key examples/homework/problems.toml
      bpcalc check --template examples/homework/problems.toml

    Exit codes: 0 every answer right, 1 any answer wrong, 2 a usage or input error.
    """
    from bpcalc.homework.notation import Tolerance

    try:
        if key_file is not None or template_file is not None:
            _print_sheet(list(ctx.args), answers, key_file, template_file)
            return
        graded = _grade(list(ctx.args), file, var_pairs, answers, Tolerance(rtol, atol))
    except BpcalcError as error:
        fail(error, as_json)
    if as_json:
        from bpcalc.homework.report import to_json
        from bpcalc.render.json_doc import dumps

        click.echo(dumps(to_json(graded)))
    else:
        from bpcalc.homework.report import render_text

        click.echo(render_text(graded))
    if not graded.marking.all_right:
        ctx.exit(EXIT_CHECK_FAILED)


def _print_sheet(args: list[str], answers: tuple[str, ...], key_file: str | None, template_file: str | None) -> None:
    from bpcalc.homework.problems import load_problem_set
    from bpcalc.homework.sheets import render_sheet

    if key_file is not None and template_file is not None:
        raise UsageError("give either --key or --template, not both")
    if args or answers:
        raise UsageError("--key and --template take only the problem file",
                         hint="bpcalc check --key examples/homework/problems.toml")
    path = Path(key_file if key_file is not None else str(template_file))
    click.echo(render_sheet(load_problem_set(path), key=key_file is not None), nl=False)


def _grade(args: list[str], file: str | None, var_pairs: tuple[str, ...], answers: tuple[str, ...],
           tolerance: Tolerance) -> Graded:
    """A worksheet file, or an expression with --answer pairs; only the answers given are marked
    (plus any the worksheet's `ask` lists)."""
    from bpcalc.homework.grading import grade_problem, solve
    from bpcalc.homework.notation import Tolerance
    from bpcalc.homework.problems import Problem, Scoring, load_worksheet

    positional = [a for a in args if not a.startswith("--")]
    if positional and positional[0].lower().endswith(".toml") and file is None:
        if var_pairs or len(args) > 1:
            raise UsageError("a worksheet holds its own values and answers",
                             hint="put values under [values] in the file; add answers with -a KEY=ANSWER")
        sheet = load_worksheet(Path(args[0]))
        raw = dict(sheet.answers)
        raw.update(_answer_pairs(answers))
        if not raw:
            raise UsageError(f"{args[0]} holds no answers", hint="add an [answers] table, e.g. q = \"3\"")
        used = Tolerance(tolerance.rtol, tolerance.atol, sheet.tolerance.min_sigfigs) if tolerance.explicit \
            else sheet.tolerance
        return grade_problem(sheet.problem, solve(sheet.problem), raw, Scoring(), used, strict=True,
                             fill_missing=bool(sheet.problem.ask))
    source, raw_values = read_program(args, file, var_pairs)
    raw = _answer_pairs(answers)
    if not raw:
        raise UsageError("no answers to check", hint='give answers with --answer, e.g. --answer q=3 --answer "df/dq=-4"')
    problem = Problem("answers", "answers", source, dict(raw_values), [], 1.0)
    return grade_problem(problem, solve(problem), raw, Scoring(), tolerance, strict=True, fill_missing=False)


def _answer_pairs(answers: tuple[str, ...]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in answers:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise UsageError(f"--answer {item}: expected KEY=ANSWER", hint="write --answer q=3 or --answer df/dx=-4")
        if key.strip() in pairs:
            raise UsageError(f"two answers given for {key.strip()}", hint="give each answer once")
        pairs[key.strip()] = value
    return pairs

