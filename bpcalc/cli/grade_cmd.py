"""`bpcalc grade`: grade a folder of submissions against a problem set."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from bpcalc.cli.common import EXIT_CHECK_FAILED, fail, make_console
from bpcalc.errors import BpcalcError, UsageError

VISIBILITY = ("visible", "hidden", "after_due_date", "after_published")


@click.command("grade", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("problems", type=str)
@click.argument("submissions", type=str)
@click.option("--reports", type=str, default=None, metavar="DIR",
              help="Write one report per student: DIR/<file>.txt and DIR/<file>.results.json (Gradescope).")
@click.option("--results-json", "results_json", type=str, default=None, metavar="FILE",
              help="Write Gradescope's results.json for a single submission (the autograder's case).")
@click.option("--csv", "csv_file", type=str, default=None, metavar="FILE", help="Write every score as CSV ('-' for stdout).")
@click.option("--visibility", type=click.Choice(VISIBILITY), default="visible", show_default=True,
              help="Gradescope visibility of each test.")
@click.option("--json", "as_json", is_flag=True, help="Write every student's marking as JSON on stdout.")
@click.pass_context
def grade_command(ctx: click.Context, problems: str, submissions: str, reports: str | None, results_json: str | None,
                  csv_file: str | None, visibility: str, as_json: bool) -> None:
    """Grade every submission in SUBMISSIONS (a folder, or one file) against PROBLEMS.toml.

    \b
    Examples:
      bpcalc grade examples/homework/problems.toml examples/homework/submissions
      bpcalc grade problems.toml submissions/ --reports reports/ --csv scores.csv
      bpcalc grade problems.toml /autograder/submission --results-json /autograder/results/results.json

    A submission that cannot be read is listed with its error; the batch goes on.
    Exit codes: 0 every answer of every submission right, 1 anything wrong or unreadable,
    2 a usage or input error (the problem file, the folder, an option).
    """
    from bpcalc.homework import batch
    from bpcalc.homework.problems import load_problem_set

    try:
        problem_set = load_problem_set(Path(problems))
        folder = Path(submissions)
        if not folder.exists():
            raise UsageError(f"no such folder or file: {submissions}")
        solved = batch.solve_all(problem_set)
        total = batch.max_score(problem_set, solved)
        files = batch.submission_files(folder)
        if results_json is not None and len(files) != 1:
            raise UsageError(f"--results-json writes one student's results, but {submissions} holds {len(files)} files",
                             hint="for a batch, use --reports DIR: it writes one results.json per student")
        results = _grade_all(files, problem_set, solved)
    except BpcalcError as error:
        fail(error, as_json)
    try:
        _write_outputs(results, problem_set, total, reports, results_json, csv_file, visibility)
    except OSError as error:
        fail(UsageError(f"cannot write: {error.strerror} ({error.filename})"), as_json)
    if as_json:
        from bpcalc.homework.report import to_json

        doc = [{"student": r.student, "file": r.path.name, "score": r.score if r.error is None else None,
                "max_score": total, "error": r.error, "problems": [to_json(g) for g in r.graded]} for r in results]
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False, default=str))
    elif csv_file != "-":
        _print_summary(results, problem_set, solved, total)
    if not all(r.all_right for r in results):
        ctx.exit(EXIT_CHECK_FAILED)


def _grade_all(files: list[Path], problem_set: Any, solved: dict[str, Any]) -> list[Any]:
    """Grade each file; a rich progress bar on stderr only when stderr is a terminal."""
    from bpcalc.homework.batch import grade_file

    if not sys.stderr.isatty() or len(files) < 2:
        return [grade_file(path, problem_set, solved) for path in files]
    from rich.progress import Progress

    results = []
    with Progress(console=make_console(stderr=True), transient=True) as progress:
        task = progress.add_task("grading", total=len(files))
        for path in files:
            results.append(grade_file(path, problem_set, solved))
            progress.advance(task)
    return results


def _write_outputs(results: list[Any], problem_set: Any, total: float, reports: str | None, results_json: str | None,
                   csv_file: str | None, visibility: str) -> None:
    from bpcalc.homework import writers

    if reports is not None:
        folder = Path(reports)
        folder.mkdir(parents=True, exist_ok=True)
        for result in results:
            stem = writers.report_stem(result)
            (folder / f"{stem}.txt").write_text(writers.student_report(result, total), encoding="utf-8")
            doc = writers.gradescope_results(result, total, visibility)
            (folder / f"{stem}.results.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
                                                         encoding="utf-8")
    if results_json is not None:
        doc = writers.gradescope_results(results[0], total, visibility)
        path = Path(results_json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if csv_file is not None:
        text = writers.csv_text(results, problem_set, total)
        if csv_file == "-":
            click.echo(text, nl=False)
        else:
            Path(csv_file).write_text(text, encoding="utf-8")


def _print_summary(results: list[Any], problem_set: Any, solved: dict[str, Any], total: float) -> None:
    from rich.table import Table

    from bpcalc.base.numbers import format_number
    from bpcalc.homework.grading import asked_targets
    from bpcalc.homework.writers import first_mistakes, status_of

    table = Table(title=f"{problem_set.title}: {len(results)} submissions")
    table.add_column("student")
    table.add_column("file")
    for problem in problem_set.problems:
        most = problem.points * len(asked_targets(problem, solved[problem.id]))
        table.add_column(f"{problem.id} /{format_number(most, 4)}", justify="right")
    table.add_column(f"total /{format_number(total, 4)}", justify="right")
    table.add_column("first mistake or error", max_width=60, overflow="fold")
    for result in results:
        if result.error is not None:
            cells = ["—"] * len(problem_set.problems) + ["—", f"not graded: {result.error}"]
        else:
            scores = [format_number(g.score, 4) for g in result.graded]
            firsts = first_mistakes(result)
            cells = [*scores, format_number(result.score, 4), firsts or status_of(result)]
        table.add_row(result.student, result.path.name, *cells)
    console = make_console()
    console.print(table)
    graded = [r for r in results if r.error is None]
    mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
    console.print(f"{len(graded)} graded, {len(results) - len(graded)} not graded; "
                  f"mean score {format_number(mean, 4)}/{format_number(total, 4)}")
