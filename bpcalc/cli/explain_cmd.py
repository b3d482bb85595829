"""`bpcalc explain`: the forward and backward pass narrated step by step, in the lecture's words."""

from __future__ import annotations

import click

from bpcalc.base.gcpause import without_collector
from bpcalc.cli.common import PASS_THROUGH, VALUES_HELP, ValuesCommand, fail, make_console, parse_values, read_program, source_options
from bpcalc.errors import BpcalcError

FORMATS = ("table", "json", "markdown", "latex")


@click.command("explain", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=VALUES_HELP)
@source_options
@click.option("--symbolic", is_flag=True, help="Add each node's gradient as a simplified SymPy formula of the inputs.")
@click.option("--exact", is_flag=True, help="Add exact values and gradients (rationals, closed forms such as exp(-1)).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: the narrative in the terminal; json; markdown; latex (tabular + align*, needs amsmath).")
@click.option("--lang", type=click.Choice(("en", "ko")), default=None,
              help="Language of the narrative (default: from LANG; English otherwise).")
@click.option("--precision", type=click.IntRange(1, 17), default=6, show_default=True,
              help="Significant digits of the decimals.")
@click.pass_context
@without_collector
def explain_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], symbolic: bool, exact: bool,
                    fmt: str, lang: str | None, precision: int) -> None:
    """Explain EXPRESSION: every forward step with its arithmetic, and every backward step as
    upstream gradient x local gradient = downstream gradient, with the gate pattern named.

    \b
    Examples:
      bpcalc explain "(x + y) * z" --x=-2 --y=5 --z=-4
      bpcalc explain "1/(1+exp(-x))" --x=1 --exact
      bpcalc explain "q = x + y; f = q * z" --x=-2 --y=5 --z=-4 --lang ko
      bpcalc explain -f examples/circuit.bp --format markdown

    Exit codes: 0 success, 2 a usage or input error (or exact arithmetic past its limits).
    """
    from bpcalc.teach.explanation import explain

    as_json = fmt == "json"
    try:
        source, raw = read_program(list(ctx.args), file, var_pairs)
        explanation = explain(source, parse_values(raw), lang=lang, symbolic=symbolic, exact=exact,
                              exact_texts=raw, precision=precision)
    except BpcalcError as error:
        fail(error, as_json)
    for warning in explanation.result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        import json

        from bpcalc.render.explain_text import explanation_dict

        click.echo(json.dumps(explanation_dict(explanation), indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt == "markdown":
        from bpcalc.render.markdown import render_explanation_markdown

        click.echo(render_explanation_markdown(explanation))
    elif fmt == "latex":
        from bpcalc.render.latex import render_explanation_latex

        click.echo(render_explanation_latex(explanation), nl=False)
    else:
        from bpcalc.render.explain_text import render_explanation

        render_explanation(explanation, make_console())
