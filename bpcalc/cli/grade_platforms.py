"""`bpcalc grade`'s platform side: run as an autograder (Gradescope, PrairieLearn), and the
class-level outputs of a batch (Canvas and Moodle CSV files, the class report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bpcalc.errors import UsageError

GRADESCOPE_ROOT, PRAIRIELEARN_ROOT = "/autograder", "/grade"


def run_autograder(platform: str, root: str | None, problems: str, problem_set: Any, solved: dict[str, Any],
                   visibility: str, hide_expected: str | None) -> None:
    """Grade the one submission under ROOT and write ROOT/results/results.json.

    Any submission, however broken, gets a well-formed result (never an autograder failure);
    only a broken problem set (the course's mistake) stops with exit 2 and no file.
    """
    import json  # here and below, not at the top: `grade --dry-run` writes no JSON

    from bpcalc.homework.outputs import check_outputs, write_atomic

    if platform == "gradescope":
        from bpcalc.homework.platforms import gradescope

        base = Path(root or GRADESCOPE_ROOT)
        result = gradescope.grade_submission(base, problem_set, solved)
        doc = gradescope.results_doc(result, problem_set, solved, visibility, hide_expected,
                                     file_shown=result.path.as_posix())
        submitted = base / "submission"
    else:
        from bpcalc.homework.platforms import prairielearn

        if hide_expected == "after_due_date":
            raise UsageError("--hide-expected after_due_date is Gradescope's; PrairieLearn shows answers itself",
                             hint="use --hide-expected always")
        base = Path(root or PRAIRIELEARN_ROOT)
        result = prairielearn.grade_submission(base, problem_set, solved)
        doc = prairielearn.results_doc(result, problem_set, solved, hide_expected is not None)
        submitted = base / prairielearn.STUDENT_FOLDER
    target = base / "results" / "results.json"
    check_outputs(Path(problems), submitted, [("results.json", target)], None)
    write_atomic(target, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    graded = "could not be graded: " + str(result.error) if result.error is not None else \
        f"{result.score:g} points"
    click.echo(f"{result.student}: {graded}; wrote {target}", err=True)


def refuse_batch_outputs(platform: str, reports: str | None, results_json: str | None, csv_file: str | None,
                         options: dict[str, Any]) -> None:
    """An autograder run writes its one results file; a batch output option there is a mistake, not ignored."""
    given = [name for name, value in (("--reports", reports), ("--results-json", results_json), ("--csv", csv_file),
                                      ("--canvas", options["canvas"]), ("--moodle", options["moodle"]),
                                      ("--roster", options["roster"]), ("--summary", options["summary"] or None))
             if value is not None]
    if given:
        raise UsageError(f"--{platform} writes only ROOT/results/results.json; {', '.join(given)} is for a batch",
                         hint="grade the folder of all submissions with bpcalc grade PROBLEMS.toml FOLDER")


def class_outputs(options: dict[str, Any]) -> list[tuple[str, Path]]:
    """The files these options will write, for the check that no output lands on an input."""
    named = [(opt, options[key]) for opt, key in (("--canvas", "canvas"), ("--moodle", "moodle"))]
    named += [("--summary", s) for s in options["summary"]]
    return [(opt, Path(path)) for opt, path in named if path is not None and path != "-"]


def uses_stdout(csv_file: str | None, options: dict[str, Any]) -> bool:
    """Whether an output goes to stdout (then the summary table stays off it)."""
    return "-" in (csv_file, options["canvas"], options["moodle"], *options["summary"])


def _write(path: str, text: str) -> None:
    from bpcalc.homework.outputs import write_atomic

    if path == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(Path(path), text)


def check_class_options(options: dict[str, Any]) -> None:
    if (options["canvas"] or options["moodle"]) and not options["roster"]:
        raise UsageError("--canvas and --moodle need --roster FILE (which student handed in which file)",
                         hint="a CSV with a file column and the students' ids: file,Student,ID,SIS User ID,Email")


def write_class_outputs(results: list[Any], problem_set: Any, total: float, options: dict[str, Any]) -> None:
    """Canvas and Moodle CSV files and the class report (table, JSON, SVG or PNG by the file's extension)."""
    import json

    from bpcalc.homework.outputs import write_atomic

    if options["canvas"] or options["moodle"]:
        from bpcalc.homework.platforms import gradebook

        roster = gradebook.read_roster(Path(options["roster"]))
        assignment = options["assignment"] or problem_set.title
        notes: list[str] = []
        if options["canvas"]:
            text, notes = gradebook.canvas_csv(results, roster, assignment, total)
            _write(options["canvas"], text)
        if options["moodle"]:
            text, more = gradebook.moodle_csv(results, roster, assignment)
            notes += [n for n in more if n not in notes]
            _write(options["moodle"], text)
        from bpcalc.teach.catalogue import translate  # --lang, LANG

        for note in notes:
            click.echo(translate(f"grade book: {note}"), err=True)
    if options["summary"]:
        from bpcalc.homework.outputs import write_atomic_bytes
        from bpcalc.homework.platforms.class_picture import summary_png, summary_svg
        from bpcalc.homework.platforms.class_report import class_summary, summary_text

        summary = class_summary(results, problem_set, total)
        for path in options["summary"]:
            suffix = Path(path).suffix.lower()
            if suffix == ".json":
                write_atomic(Path(path), json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n")
            elif suffix == ".svg":
                write_atomic(Path(path), summary_svg(summary))
            elif suffix == ".png":
                write_atomic_bytes(Path(path), summary_png(summary))
            else:
                _write(path, summary_text(summary))
