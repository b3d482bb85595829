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
    "A decimal is right when it matches the true value to the significant figures written, or the value "
    "the gate gives from your own rounded numbers within the precision they carry; a zero claims exactly 0; "
    "whole numbers, fractions and expressions must be exact (relative 1e-9); --rtol/--atol add leniency. "
    "A filled-in answer sheet (from --template) checks as it is: bpcalc check mine.toml. "
)


@click.command("check", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=ANSWER_HELP + VALUES_HELP)
@source_options
@click.option("-a", "--answer", "answers", multiple=True, metavar="KEY=ANSWER",
              help="One answer, e.g. --answer q=3 or --answer df/dx=-4 (repeat it).")
@click.option("--key", "key_file", type=str, default=None, metavar="PROBLEMS.toml",
              help="Print the answer key of a problem set (as a submission that earns full marks).")
@click.option("--template", "template_file", type=str, default=None, metavar="PROBLEMS.toml",
              help="Print a blank answer sheet for a problem set.")
@click.option("--rtol", type=click.FloatRange(min=0), default=None,
              help="Relative tolerance, added to the written precision (it only loosens).")
@click.option("--atol", type=click.FloatRange(min=0), default=None,
              help="Absolute tolerance, added to the written precision (it only loosens).")
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
        sheet = _answer_sheet(list(ctx.args), file, var_pairs)
        if sheet is not None:
            if answers:
                raise UsageError("an answer sheet holds its own answers", hint="write them in the file")
            all_graded, notes = _grade_sheet(sheet, Tolerance(rtol, atol))
        else:
            all_graded, notes = [_grade(list(ctx.args), file, var_pairs, answers, Tolerance(rtol, atol))], []
    except BpcalcError as error:
        fail(error, as_json)
    if as_json:
        from bpcalc.homework.report import to_json
        from bpcalc.render.json_doc import dumps

        docs = [to_json(g) for g in all_graded]
        click.echo(dumps(docs[0] if sheet is None else {"notes": notes, "problems": docs}))
    else:
        from bpcalc.homework.report import render_text
        from bpcalc.teach.catalogue import translate  # --lang, LANG

        for note in notes:
            click.echo(translate(f"note: {note}"))
        titled = sheet is not None
        click.echo("\n\n".join(render_text(g, title=f"[{g.problem.id}] {g.problem.title}" if titled else None)
                                for g in all_graded))
    if not all(g.marking.all_right for g in all_graded) or any(n.startswith("lost work") for n in notes):
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
    click.echo(render_sheet(load_problem_set(path), key=key_file is not None, source=str(path)), nl=False)


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
        used = Tolerance(tolerance.rtol if tolerance.rtol is not None else sheet.tolerance.rtol,
                         tolerance.atol if tolerance.atol is not None else sheet.tolerance.atol,
                         sheet.tolerance.min_sigfigs)
        return grade_problem(sheet.problem, solve(sheet.problem), raw, Scoring(), used, strict=True,
                             fill_missing=bool(sheet.problem.ask))
    source, raw_values = read_program(args, file, var_pairs)
    raw = _answer_pairs(answers)
    if not raw:
        raise UsageError("no answers to check", hint='give answers with --answer, e.g. --answer q=3 --answer "df/dq=-4"')
    problem = Problem("answers", "answers", source, dict(raw_values), [], 1.0)
    return grade_problem(problem, solve(problem), raw, Scoring(), tolerance, strict=True, fill_missing=False)


def _answer_sheet(args: list[str], file: str | None, var_pairs: tuple[str, ...]) -> Path | None:
    """A filled-in answer sheet (it has no `expression`, and names its problem set), else None."""
    from bpcalc.homework.problems import read_toml

    positional = [a for a in args if not a.startswith("--")]
    if file is not None or var_pairs or len(args) != 1 or len(positional) != 1 \
            or not positional[0].lower().endswith(".toml"):
        return None
    path = Path(positional[0])
    data = read_toml(path, literal_decimals=True)
    return None if "expression" in data else path


def _grade_sheet(path: Path, tolerance: Tolerance) -> tuple[list[Graded], list[str]]:
    """Every problem of the sheet's problem set, marked as `bpcalc grade` would mark it."""
    from bpcalc.homework.grading import grade_problem, solve
    from bpcalc.homework.notation import Tolerance
    from bpcalc.homework.problems import load_problem_set, load_submission, read_toml

    pointer = read_toml(path, literal_decimals=True).get("problem_set")
    if not isinstance(pointer, str) or not pointer.strip():
        raise UsageError(f"{path.name} has no expression and names no problem set",
                         hint='an answer sheet from --template starts with problem_set = "problems.toml"; '
                              "a worksheet has expression, [values] and [answers]")
    candidates = [Path(pointer), path.parent / pointer, path.parent / Path(pointer).name]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise UsageError(f"{path.name} is an answer sheet for {pointer}, which cannot be found",
                         hint="put the problem set next to the sheet, or fix the problem_set = line")
    problem_set = load_problem_set(found)
    submission = load_submission(path, problem_set)
    own = problem_set.tolerance
    used = Tolerance(tolerance.rtol if tolerance.rtol is not None else own.rtol,
                     tolerance.atol if tolerance.atol is not None else own.atol, own.min_sigfigs)
    graded = [grade_problem(p, solve(p), submission.answers.get(p.id, {}), problem_set.scoring, used)
              for p in problem_set.problems]
    return graded, submission.notes


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

