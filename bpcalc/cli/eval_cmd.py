"""`bpcalc eval`: the per-node table (or JSON) of one expression, checked."""

from __future__ import annotations

import click

from bpcalc.cli.common import (
    EXIT_CHECK_FAILED,
    PASS_THROUGH,
    VALUES_HELP,
    ValuesCommand,
    fail,
    make_console,
    parse_values,
    read_program,
    source_options,
    wants_rich,
)
from bpcalc.errors import BpcalcError, UsageError


@click.command("eval", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=VALUES_HELP)
@source_options
@click.option("--json", "as_json", is_flag=True, help="Write the result as JSON on stdout (same as --format json).")
@click.option("--format", "fmt", type=click.Choice(("table", "json", "markdown", "latex", "code")), default=None,
              help="table (default), json, markdown (a table to paste into notebooks and issues), latex (a tabular) "
                   "or code (the backprop code as Python, as `bpcalc code` writes it).")
@click.option("--no-check", is_flag=True, help="Skip the cross-check (SymPy is then not even imported).")
@click.option("--precision", type=click.IntRange(1, 17), default=6, show_default=True,
              help="Significant digits shown in the table.")
@click.option("--full", is_flag=True, help="Show every row of a large table.")
@click.option("--tree", is_flag=True, help="Draw the graph as a tree with values and gradients instead of the table.")
@click.pass_context
def eval_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], as_json: bool, fmt: str | None,
                 no_check: bool, precision: int, full: bool, tree: bool) -> None:
    """Evaluate EXPRESSION: forward pass, backprop, and a check of every gradient.

    \b
    Examples:
      bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4
      bpcalc eval "q = x + y; f = q * z" --x=-2 --y=5 --z=-4 --json
      bpcalc eval -f examples/sigmoid_neuron.bp
      bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4 --format markdown
      echo "2*x*y + max(z, w)" | bpcalc eval - --x=3 --y=-4 --z=2 --w=-1

    Exit codes: 0 success, 1 a gradient failed its check, 2 a usage or input error.
    """
    from bpcalc.api import evaluate

    if as_json and fmt not in (None, "json"):
        fail(UsageError(f"--json and --format {fmt} ask for two different outputs", hint="give one of them"), False)
    as_json = as_json or fmt == "json"
    try:
        source, raw = read_program(list(ctx.args), file, var_pairs)
        given = parse_values(raw)
        if no_check:
            result = evaluate(source, given, check=False)
        else:
            # A long check draws a progress bar on stderr, and only when stderr is a terminal, so
            # `--json > out.json` still shows it while the JSON on stdout stays clean.
            from bpcalc.cli.progress import TerminalProgress

            with TerminalProgress(lambda: make_console(stderr=True)) as progress:
                result = evaluate(source, given, progress=progress)
    except BpcalcError as error:
        fail(error, as_json)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        from bpcalc.render.json_doc import document, dumps

        click.echo(dumps(document(result)))
    elif fmt == "markdown":
        from bpcalc.render.markdown import render_markdown

        click.echo(render_markdown(result, precision=precision))
    elif fmt == "code":
        from bpcalc.render.code import render_code

        try:
            click.echo(render_code(result), nl=False)
        except BpcalcError as error:
            fail(error, False)
    elif fmt == "latex":
        from bpcalc.render.latex import render_latex

        click.echo(render_latex(result, precision=precision), nl=False)
    elif tree:
        from bpcalc.render.tree import render_tree

        render_tree(result, make_console(), precision=precision)
    else:
        from bpcalc.render.table import render_table

        # Into a pipe or a file the table is plain text, written without rich: the same
        # characters (no colour there anyway), nothing wrapped, and a quicker start for scripts.
        render_table(result, make_console() if wants_rich() else None, precision=precision, full=full)
    if result.check is not None and not result.check.passed:
        ctx.exit(EXIT_CHECK_FAILED)
