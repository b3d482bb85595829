"""`bpcalc grade`: grade a folder of submissions against a problem set."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from bpcalc.cli.common import EXIT_CHECK_FAILED, fail, make_console
from bpcalc.errors import BpcalcError, UsageError

VISIBILITY = ("visible", "hidden", "after_due_date", "after_published")
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


@click.command("grade", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("problems", type=str)
@click.argument("submissions", type=str, required=False)
@click.option("--reports", type=str, default=None, metavar="DIR",
              help="Write one report per student: DIR/<stem>.txt and DIR/<stem>.results.json (Gradescope), "
                   "<stem> the file's name without .toml. "
                   "DIR is replaced whole on each run.")
@click.option("--results-json", "results_json", type=str, default=None, metavar="FILE",
              help="Write Gradescope's results.json for a single submission (the autograder's case).")
@click.option("--csv", "csv_file", type=str, default=None, metavar="FILE",
              help="Write every score as CSV, UTF-8 with a byte-order mark so Excel reads any name ('-' for stdout, "
                   "no mark).")
@click.option("--csv-no-bom", "csv_no_bom", is_flag=True, help="Write the CSV file as plain UTF-8, without the mark.")
@click.option("--visibility", type=click.Choice(VISIBILITY), default="visible", show_default=True,
              help="Gradescope visibility of each test.")
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Check PROBLEMS.toml and print its problems, points, tolerances and what is asked; grade nothing.")
@click.option("--json", "as_json", is_flag=True, help="Write every student's marking as JSON on stdout.")
@click.option("--gradescope", is_flag=True,
              help="Run as Gradescope's autograder: grade ROOT/submission/ (any files: the .toml answer file is picked, "
                   "a PDF ignored, a zip read), the student from ROOT/submission_metadata.json, and write "
                   "ROOT/results/results.json.")
@click.option("--prairielearn", is_flag=True,
              help="Run as PrairieLearn's external grader: grade ROOT/student/, write ROOT/results/results.json.")
@click.option("--root", type=str, default=None, metavar="DIR",
              help="The autograder's root folder (default /autograder for Gradescope, /grade for PrairieLearn).")
@click.option("--hide-expected", "hide_expected", type=click.Choice(("always", "after_due_date")), default=None,
              help="Keep expected answers out of the autograder's feedback; after_due_date (Gradescope) adds them "
                   "as 0-point tests shown after the due date.")
@click.option("--canvas", type=str, default=None, metavar="FILE",
              help="Write a Canvas grade-import CSV (needs --roster; '-' for stdout).")
@click.option("--moodle", type=str, default=None, metavar="FILE",
              help="Write a Moodle grade-import CSV (needs --roster; '-' for stdout).")
@click.option("--roster", type=str, default=None, metavar="FILE",
              help="CSV mapping submission files to students: a file column, and Student, ID, SIS User ID, "
                   "SIS Login ID, Section, Email, ID number.")
@click.option("--assignment", type=str, default=None, metavar="NAME",
              help="The grade-book column (default: the problem set's title).")
@click.option("--summary", type=str, multiple=True, is_flag=False, flag_value="-", metavar="[FILE]",
              help="The class report: each mistake counted per node across the class. Alone, a table on stdout; "
                   "FILE.json, FILE.svg or FILE.png (a picture) or any other file (the table). Repeatable; "
                   "put a bare --summary after the folder (else it takes the next word as FILE).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Grade on N processes (default: every core); the output is the same as one at a time.")
@click.pass_context
def grade_command(ctx: click.Context, /, problems: str, submissions: str | None, reports: str | None,
                  results_json: str | None, csv_file: str | None, csv_no_bom: bool, visibility: str, dry_run: bool,
                  as_json: bool, **platform: Any) -> None:
    """Grade every submission in SUBMISSIONS (a folder, or one file) against PROBLEMS.toml.

    \b
    Examples:
      bpcalc grade --dry-run examples/homework/problems.toml
      bpcalc check --template problems.toml > sheet.toml    (the blank answer sheet for students)
      bpcalc grade examples/homework/problems.toml examples/homework/submissions
      bpcalc grade problems.toml submissions/ --reports reports/ --csv scores.csv
      bpcalc grade --gradescope problems.toml          (inside Gradescope's autograder; --root DIR to test it)
      bpcalc grade --prairielearn problems.toml        (PrairieLearn's external grader)
      bpcalc grade problems.toml submissions/ --roster roster.csv --canvas canvas.csv --summary report.svg

    Only regular files inside SUBMISSIONS are graded (links, FIFOs and devices are listed as
    refused, never opened); a subfolder is one student's submission, named by the folder, its
    answer file picked as --gradescope picks it. A submission that cannot be read is listed with its error; the
    batch goes on. Outputs are written whole or not at all, never over an input.
    Exit codes: 0 every answer of every submission right, 1 anything wrong, unreadable or lost,
    2 a usage or input error (the problem file, the folder, an option), 130 interrupted (Ctrl-C:
    nothing is written). With --gradescope or --prairielearn: 0 once the results file is written,
    whatever the score (a broken submission is a "could not grade" result); 2 a broken problem set.
    """
    from bpcalc.cli import grade_platforms
    from bpcalc.homework import batch
    from bpcalc.homework.outputs import check_outputs
    from bpcalc.homework.problems import load_problem_set

    graded_so_far: list[Any] = []
    files: list[Path] = []
    try:
        problem_set = load_problem_set(Path(problems))
        solved = batch.solve_all(problem_set)
        total = batch.max_score(problem_set, solved)
        if dry_run:
            click.echo(_dry_run_text(problem_set, solved, total), nl=False)
            return
        chosen = [name for name in ("gradescope", "prairielearn") if platform[name]]
        if chosen:
            if len(chosen) > 1 or submissions is not None:
                raise UsageError(f"--{chosen[0]} grades the one submission under --root; give only PROBLEMS.toml",
                                 hint="bpcalc grade --gradescope problems.toml [--root DIR]")
            grade_platforms.refuse_batch_outputs(chosen[0], reports, results_json, csv_file, platform)
            grade_platforms.run_autograder(chosen[0], platform["root"], problems, problem_set, solved, visibility,
                                           platform["hide_expected"])
            return
        grade_platforms.check_class_options(platform)
        if submissions is None:
            raise UsageError("give the SUBMISSIONS folder (or --dry-run to check the problem set only)",
                             hint="bpcalc grade problems.toml submissions/")
        folder = Path(submissions)
        if not folder.exists() and not folder.is_symlink():
            raise UsageError(f"no such folder or file: {submissions}")
        outputs = [(option, Path(path)) for option, path in (("--csv", csv_file), ("--results-json", results_json))
                   if path is not None and path != "-"] + grade_platforms.class_outputs(platform)
        check_outputs(Path(problems), folder, outputs, Path(reports) if reports else None)
        files = batch.submission_files(folder)
        if results_json is not None and len(files) != 1:
            raise UsageError(f"--results-json writes one student's results, but {submissions} holds {len(files)} files",
                             hint="for a batch, use --reports DIR: it writes one results.json per student")
        _grade_all(files, problem_set, solved, graded_so_far, platform["jobs"])
        results = batch.flag_duplicates(graded_so_far)
        with _deferred_interrupt() as interrupted:  # outputs are finished once begun, so none is left half-replaced
            _write_outputs(results, problem_set, solved, total, reports, results_json, csv_file, visibility, not csv_no_bom)
            grade_platforms.write_class_outputs(results, problem_set, total, platform)
        if interrupted:
            click.echo(f"interrupted while writing: all {len(results)} submissions graded and every output written",
                       err=True)
            ctx.exit(EXIT_INTERRUPTED)
    except BpcalcError as error:
        fail(error, as_json)
    except KeyboardInterrupt:
        click.echo(f"interrupted: {len(graded_so_far)} of {len(files)} submissions graded; nothing was written",
                   err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except OSError as error:
        fail(UsageError(f"cannot write: {error.strerror} ({error.filename})"), as_json)
    if as_json:
        import json

        from bpcalc.homework.batch import display_name
        from bpcalc.homework.report import to_json

        doc = [{"student": r.student, "file": display_name(r.path), "score": r.score if r.error is None else None,
                "max_score": total, "error": r.error, "notes": r.notes, "lost_work": r.lost_work,
                "problems": [to_json(g) for g in r.graded]} for r in results]
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False, default=str))
    elif not grade_platforms.uses_stdout(csv_file, platform):
        _print_summary(results, problem_set, solved, total)
    if not all(r.all_right for r in results):
        ctx.exit(EXIT_CHECK_FAILED)


@contextmanager
def _deferred_interrupt() -> Iterator[list[bool]]:
    """Hold a Ctrl-C until the block ends; the yielded list is non-empty if one came."""
    import signal

    came: list[bool] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *_: came.append(True))
    except ValueError:  # not the main thread (an embedding caller): nothing to defer
        yield came
        return
    try:
        yield came
    finally:
        signal.signal(signal.SIGINT, previous)


def _grade_all(files: list[Path], problem_set: Any, solved: dict[str, Any], results: list[Any], jobs: int | None = None) -> None:
    """Grade each file into `results` (so an interruption knows how far it got); a progress bar on a terminal."""
    from bpcalc.homework.parallel import default_jobs, grade_files

    jobs = jobs or default_jobs()
    if not sys.stderr.isatty() or len(files) < 2:
        grade_files(files, problem_set, solved, jobs, results.append)
        return
    from rich.progress import Progress

    with Progress(console=make_console(stderr=True), transient=True) as progress:
        task = progress.add_task("grading", total=len(files))

        def done(result: Any) -> None:
            results.append(result)
            progress.advance(task)

        grade_files(files, problem_set, solved, jobs, done)


def _write_outputs(results: list[Any], problem_set: Any, solved: dict[str, Any], total: float, reports: str | None,
                   results_json: str | None, csv_file: str | None, visibility: str, bom: bool) -> None:
    import json

    from bpcalc.homework import writers
    from bpcalc.homework.batch import display_name as shown_name
    from bpcalc.homework.outputs import write_atomic, write_folder
    from bpcalc.homework.platforms import gradescope

    if reports is not None:
        files: dict[str, str] = {}
        for result, stem in zip(results, writers.report_stems(results)):
            files[f"{stem}.txt"] = writers.student_report(result, total)
            doc = gradescope.results_doc(result, problem_set, solved, visibility,  # as --gradescope writes it
                                         file_shown=shown_name(result.path))
            files[f"{stem}.results.json"] = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        write_folder(Path(reports), files)
    if results_json is not None:
        doc = gradescope.results_doc(results[0], problem_set, solved, visibility, file_shown=shown_name(results[0].path))
        write_atomic(Path(results_json), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    if csv_file is not None:
        text = writers.csv_text(results, problem_set, total)
        if csv_file == "-":
            click.echo(text, nl=False)
        else:
            write_atomic(Path(csv_file), text, encoding="utf-8-sig" if bom else "utf-8")


def _dry_run_text(problem_set: Any, solved: dict[str, Any], total: float) -> str:
    from bpcalc.base.numbers import format_number
    from bpcalc.homework.grading import asked_targets
    from bpcalc.homework.problems import PARTIAL_CREDIT
    from bpcalc.homework.report import one_line

    scoring, tolerance = problem_set.scoring, problem_set.tolerance
    lines = [f"{problem_set.title}: {len(problem_set.problems)} problems, {format_number(total, 4)} points"]
    credit = [f"carried forward {format_number(scoring.carried_forward, 4)}"]
    credit += [f"{key} {format_number(scoring.partial[code], 4)}" for key, code in PARTIAL_CREDIT.items()
               if code in scoring.partial]
    lines.append(f"partial credit (share of an answer's points): {', '.join(credit)}")
    rule = "decimals to the digits written, or from the student's own rounded numbers"
    extra = [f"rtol {tolerance.rtol:g}" for _ in [0] if tolerance.rtol is not None]
    extra += [f"atol {tolerance.atol:g}" for _ in [0] if tolerance.atol is not None]
    if extra:
        rule += ", plus " + " and ".join(extra)
    if tolerance.min_sigfigs is not None:
        rule += f"; at least {tolerance.min_sigfigs} significant figures"
    lines.append(f"tolerance: {rule}")
    for problem in problem_set.problems:
        asked = asked_targets(problem, solved[problem.id])
        lines.append("")
        lines.append(f"[{problem.id}] {problem.title}: {one_line(problem.source)}")
        lines.append(f"  {len(asked)} answers x {format_number(problem.points, 4)} points = "
                     f"{format_number(problem.points * len(asked), 4)}" + ("" if problem.ask else
                                                                           " (no ask: every node's value and gradient)"))
        lines.append("  asks: " + ", ".join(name for name, _t in asked))
    return "\n".join(lines) + "\n"


def _print_summary(results: list[Any], problem_set: Any, solved: dict[str, Any], total: float) -> None:
    from rich.markup import escape
    from rich.table import Table

    from bpcalc.base.numbers import format_number
    from bpcalc.homework.batch import display_name
    from bpcalc.homework.grading import asked_targets
    from bpcalc.homework.writers import escape_controls, first_mistakes, status_of
    from bpcalc.teach.catalogue import translate  # --lang, LANG

    table = Table(title=translate(f"{escape(problem_set.title)}: {len(results)} submissions"))
    table.add_column(translate("student"))
    table.add_column(translate("file"))
    for problem in problem_set.problems:
        most = problem.points * len(asked_targets(problem, solved[problem.id]))
        table.add_column(f"{problem.id} /{format_number(most, 4)}", justify="right")
    table.add_column(translate(f"total /{format_number(total, 4)}"), justify="right")
    table.add_column(translate("first mistake, lost work or error"), max_width=60, overflow="fold")
    for result in results:
        if result.error is not None:
            shown = result.error if result.refused else f"not graded: {result.error}"
            cells = ["—"] * len(problem_set.problems) + ["—", translate(shown)]
        else:
            scores = [format_number(g.score, 4) for g in result.graded]
            said = [first_mistakes(result), *map(translate, result.lost_work),  # notes in the catalogue's language
                    *(translate(n) for n in result.notes if not n.startswith("lost work")), *map(translate, result.flags)]
            cells = [*scores, format_number(result.score, 4), "; ".join(s for s in said if s) or translate(status_of(result))]
        name, file = escape_controls(result.student), escape_controls(display_name(result.path))
        table.add_row(escape(name), escape(file), *(escape(c) for c in cells))
    console = make_console()
    console.print(table)
    graded = [r for r in results if r.error is None]
    mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
    lost = sum(1 for r in graded if r.lost_work)
    console.print(translate(f"{len(graded)} graded, {len(results) - len(graded)} not graded")
                  + (translate(f", {lost} with work lost") if lost else "")
                  + translate(f"; mean score {format_number(mean, 4)}/{format_number(total, 4)}"))
