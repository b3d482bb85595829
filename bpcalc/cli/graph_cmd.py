"""`bpcalc graph`: draw the computational graph (svg, png, dot, mermaid, html, tree)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bpcalc.base.gcpause import without_collector
from bpcalc.cli.common import PASS_THROUGH, VALUES_HELP, ValuesCommand, fail, make_console, parse_values, read_program, source_options
from bpcalc.cli.upstream_option import parse_upstream, upstream_option
from bpcalc.errors import BpcalcError, UsageError
from bpcalc.teach.catalogue import translate

FORMATS = ("svg", "png", "dot", "mermaid", "html", "tree")
EXTENSIONS = {
    ".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid",
    ".html": "html", ".htm": "html", ".txt": "tree",
}


@click.command("graph", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=VALUES_HELP)
@source_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="What to draw. Default: taken from -o's extension, else the tree.")
@click.option("-o", "--output", "output", type=str, default=None, metavar="FILE",
              help="Write to FILE (.svg .png .dot .gv .mmd .html .txt) instead of standard output.")
@click.option("--layout", "engine", type=click.Choice(("auto", "builtin", "dot")), default="auto", show_default=True,
              help="Node placement: bpcalc's own, Graphviz dot (must be on PATH), or dot when it is there.")
@click.option("--precision", type=click.IntRange(1, 17), default=4, show_default=True,
              help="Significant digits of the values and gradients drawn.")
@upstream_option
@click.pass_context
@without_collector
def graph_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], fmt: str | None,
                  output: str | None, engine: str, precision: int, upstream_text: str | None) -> None:
    """Draw EXPRESSION's computational graph: each wire with its value (green) above and its
    gradient (red) below, as lectures draw backprop.

    \b
    Examples:
      bpcalc graph "(x + y) * z" --x=-2 --y=5 --z=-4
      bpcalc graph -f examples/sigmoid_neuron.bp -o neuron.svg
      bpcalc graph -f examples/circuit.bp --format mermaid
      bpcalc graph -f examples/circuit.bp -o circuit.html

    Exit codes: 0 success, 2 a usage or input error.
    """
    from bpcalc.api import evaluate

    try:
        fmt = choose_format(fmt, output)
        source, raw = read_program(list(ctx.args), file, var_pairs)
        result = evaluate(source, parse_values(raw), check=False, upstream=parse_upstream(upstream_text))
        if engine == "dot":
            from bpcalc.render.layout import dot_available

            if not dot_available():
                raise UsageError("--layout dot needs Graphviz's dot program on PATH",
                                 hint="install Graphviz (apt-get install graphviz), or use --layout builtin")
        for warning in result.warnings:
            click.echo(translate(f"warning: {warning}"), err=True)  # the catalogue's language
        if fmt == "tree":
            _write_tree(result, output, precision)
            return
        data = render(result, fmt, precision, engine)
        if isinstance(data, bytes) and output is None and sys.stdout.isatty():
            raise UsageError("a PNG is binary: it will not be written to a terminal", hint="write it to a file: -o graph.png")
        _write(data, output)
    except BpcalcError as error:
        fail(error, False)


def choose_format(fmt: str | None, output: str | None) -> str:
    """--format wins; else -o's extension; else the terminal tree."""
    if fmt is not None:
        return fmt
    if output is None:
        return "tree"
    suffix = Path(output).suffix.lower()
    if suffix not in EXTENSIONS:
        known = " ".join(sorted(EXTENSIONS))
        raise UsageError(f"cannot tell the format from '{output}'",
                         hint=f"use one of these extensions: {known}, or give --format")
    return EXTENSIONS[suffix]


def render(result: object, fmt: str, precision: int, engine: str) -> str | bytes:
    """The drawing in one of the file formats (every import lazy)."""
    if fmt == "svg":
        from bpcalc.render.svg import render_svg

        return render_svg(result, precision, engine)  # type: ignore[arg-type]
    if fmt == "png":
        from bpcalc.render.png import render_png

        return render_png(result, precision, engine)  # type: ignore[arg-type]
    if fmt == "dot":
        from bpcalc.render.dot import render_dot

        return render_dot(result, precision)  # type: ignore[arg-type]
    if fmt == "mermaid":
        from bpcalc.render.mermaid import render_mermaid

        return render_mermaid(result, precision)  # type: ignore[arg-type]
    from bpcalc.render.html import render_html

    return render_html(result, precision, engine)  # type: ignore[arg-type]


def _write_tree(result: object, output: str | None, precision: int) -> None:
    from bpcalc.render.tree import render_tree

    if output is None:
        render_tree(result, make_console(), precision)  # type: ignore[arg-type]
        return
    from rich.console import Console

    try:
        with open(output, "w", encoding="utf-8") as handle:
            render_tree(result, Console(file=handle, width=200, no_color=True, highlight=False), precision)  # type: ignore[arg-type]
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror}") from None


def _write(data: str | bytes, output: str | None) -> None:
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            click.echo(data, nl=False)
        return
    try:
        if isinstance(data, bytes):
            Path(output).write_bytes(data)
        else:
            Path(output).write_text(data, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(translate(f"wrote {output}"), err=True)
