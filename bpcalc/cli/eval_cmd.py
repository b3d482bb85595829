"""`bpcalc eval`: the per-node table (or JSON) of one expression, checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from bpcalc.cli.upstream_option import jacobian_option, parse_upstream, upstream_option
from bpcalc.errors import BpcalcError, UsageError
from bpcalc.teach.catalogue import translate

if TYPE_CHECKING:
    from bpcalc.api import Result
    from bpcalc.teach.jacobian import JacobianView


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
@click.option("--wide", is_flag=True, help="Keep the local and downstream gradients in the table on a narrow terminal.")
@click.option("--tree", is_flag=True, help="Draw the graph as a tree with values and gradients instead of the table.")
@upstream_option
@jacobian_option
@click.pass_context
def eval_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], as_json: bool, fmt: str | None,
                 no_check: bool, precision: int, full: bool, tree: bool, upstream_text: str | None,
                 jacobian: bool, wide: bool) -> None:
    """Evaluate EXPRESSION: forward pass, backprop, and a check of every gradient.

    \b
    Examples:
      bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4
      bpcalc eval "q = x + y; f = q * z" --x=-2 --y=5 --z=-4 --json
      bpcalc eval -f examples/sigmoid_neuron.bp
      bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4 --format markdown
      echo "2*x*y + max(z, w)" | bpcalc eval - --x=3 --y=-4 --z=2 --w=-1
      bpcalc eval "relu(x)" --x="[1, -2, 3, -1]" --upstream "[4, -1, 5, 9]" --jacobian

    Exit codes: 0 success, 1 a gradient failed its check, 2 a usage or input error.
    """
    from bpcalc.api import evaluate

    if as_json and fmt not in (None, "json"):
        fail(UsageError(f"--json and --format {fmt} ask for two different outputs", hint="give one of them"), False)
    as_json = as_json or fmt == "json"
    if jacobian and fmt in ("latex", "code"):
        fail(UsageError(f"--jacobian is shown with the table, --tree, markdown or json, not with --format {fmt}",
                        hint="drop --jacobian, or choose another format"), False)
    try:
        source, raw = read_program(list(ctx.args), file, var_pairs)
        given = parse_values(raw)
        upstream = parse_upstream(upstream_text)
        if no_check:
            result = evaluate(source, given, check=False, upstream=upstream)
        else:
            # A long check draws a progress bar on stderr, and only when stderr is a terminal, so
            # `--json > out.json` still shows it while the JSON on stdout stays clean.
            from bpcalc.cli.progress import TerminalProgress

            with TerminalProgress(lambda: make_console(stderr=True)) as progress:
                result = evaluate(source, given, progress=progress, upstream=upstream)
        views = _jacobian_views(result, precision) if jacobian else None
    except BpcalcError as error:
        fail(error, as_json)
    for warning in result.warnings:
        click.echo(translate(f"warning: {warning}"), err=True)  # the catalogue's language
    if as_json:
        from bpcalc.render.json_doc import write_document

        extra: dict[str, object] = {}
        if views is not None:
            from bpcalc.render.jacobian import jacobian_dicts

            extra["jacobians"] = jacobian_dicts(views)
        write_document(result, lambda text: click.echo(text, nl=False), extra)
        click.echo()
    elif fmt == "markdown":
        from bpcalc.render.markdown import render_markdown

        click.echo(render_markdown(result, precision=precision))
        if views is not None:
            from bpcalc.render.jacobian import jacobian_markdown

            click.echo("\n" + jacobian_markdown(views))
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
        render_table(result, make_console() if wants_rich() else None, precision=precision, full=full, wide=wide)
    if views is not None and not as_json and fmt != "markdown":
        from bpcalc.render.jacobian import jacobian_text

        click.echo("\n" + jacobian_text(views))
    if result.check is not None and not result.check.passed:
        ctx.exit(EXIT_CHECK_FAILED)


def _jacobian_views(result: Result, precision: int) -> list[JacobianView]:
    """--jacobian: built only when asked (no Jacobian is formed otherwise)."""
    from bpcalc.teach.jacobian import jacobian_views

    return jacobian_views(result, precision=precision)
