"""`bpcalc explain`: the forward and backward pass narrated step by step, in the lecture's words."""

from __future__ import annotations

import click

from bpcalc.base.gcpause import without_collector
from bpcalc.cli.common import PASS_THROUGH, VALUES_HELP, ValuesCommand, fail, make_console, parse_values, read_program, source_options
from bpcalc.cli.upstream_option import jacobian_option, parse_upstream, upstream_option
from bpcalc.errors import BpcalcError, UsageError
from bpcalc.teach.catalogue import translate

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
@upstream_option
@jacobian_option
@click.option("--wide", is_flag=True,
              help="On a narrow terminal, leave long lines to the terminal instead of wrapping them under their indent.")
@click.pass_context
@without_collector
def explain_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], symbolic: bool, exact: bool,
                    fmt: str, lang: str | None, precision: int, upstream_text: str | None, jacobian: bool, wide: bool) -> None:
    """Explain EXPRESSION: every forward step with its arithmetic, and every backward step as
    upstream gradient x local gradient = downstream gradient, with the gate pattern named.

    \b
    Examples:
      bpcalc explain "(x + y) * z" --x=-2 --y=5 --z=-4
      bpcalc explain "1/(1+exp(-x))" --x=1 --exact
      bpcalc explain "q = x + y; f = q * z" --x=-2 --y=5 --z=-4 --lang ko
      bpcalc explain -f examples/circuit.bp --format markdown
      bpcalc explain "relu(x)" --x="[1, -2, 3, -1]" --upstream "[4, -1, 5, 9]" --jacobian

    Exit codes: 0 success, 2 a usage or input error (or exact arithmetic past its limits).
    """
    from bpcalc.teach.explanation import explain

    as_json = fmt == "json"
    if jacobian and fmt == "latex":
        fail(UsageError("--jacobian is shown with the table, markdown or json formats, not latex",
                        hint="drop --jacobian, or choose another format"), False)
    try:
        source, raw = read_program(list(ctx.args), file, var_pairs)
        explanation = explain(source, parse_values(raw), lang=lang, symbolic=symbolic, exact=exact,
                              exact_texts=raw, precision=precision, upstream=parse_upstream(upstream_text),
                              lazy=fmt == "table")  # the table streams: each step is made as it is printed
        views = None
        if jacobian:  # built only when asked: no Jacobian is formed otherwise
            from bpcalc.teach.jacobian import jacobian_views

            views = jacobian_views(explanation.result, explanation.lang, precision)
    except BpcalcError as error:
        fail(error, as_json)
    for warning in explanation.result.warnings:
        click.echo(translate(f"warning: {warning}"), err=True)  # the catalogue's language
    if as_json:
        import json

        from bpcalc.render.explain_text import explanation_dict

        doc = explanation_dict(explanation)
        if views is not None:
            from bpcalc.render.jacobian import jacobian_dicts

            doc["jacobians"] = jacobian_dicts(views)
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False))
    elif fmt == "markdown":
        from bpcalc.render.markdown import render_explanation_markdown

        click.echo(render_explanation_markdown(explanation))
        if views is not None:
            from bpcalc.render.jacobian import jacobian_markdown

            click.echo("\n" + jacobian_markdown(views, explanation.lang))
    elif fmt == "latex":
        from bpcalc.render.latex import render_explanation_latex

        click.echo(render_explanation_latex(explanation), nl=False)
    else:
        from bpcalc.render.explain_text import render_explanation

        try:
            render_explanation(explanation, make_console(), wide=wide)
        except BpcalcError as error:  # lazy steps are made here, as they are printed
            fail(error, False)
        if views is not None:
            from bpcalc.render.jacobian import jacobian_text

            click.echo("\n" + jacobian_text(views, explanation.lang))
