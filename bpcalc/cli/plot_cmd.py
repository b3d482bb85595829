"""`bpcalc plot`: a function of one variable and its derivative, in the terminal or to a file."""

from __future__ import annotations

from pathlib import Path

import click

from bpcalc.cli.common import PASS_THROUGH, ValuesCommand, fail, parse_values, read_program, source_options
from bpcalc.errors import BpcalcError, UsageError

PLOT_HELP = (
    "Give the variable to plot over as a range, --NAME=LOW:HIGH (e.g. --x=-4:4 or --x=-pi:pi), "
    "and every other variable a fixed value, --NAME=VALUE."
)


@click.command("plot", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=PLOT_HELP)
@source_options
@click.option("-o", "--output", "output", type=str, default=None, metavar="FILE",
              help="Write a picture to FILE (.png or .svg; needs matplotlib: pip install \".[images]\" from a clone).")
@click.option("--points", type=click.IntRange(2, 100_000), default=None,
              help="How many points to sample (default: one per text column, or 401 for a file).")
@click.option("--width", type=click.IntRange(16, 400), default=65, show_default=True, help="Text plot width in columns.")
@click.option("--height", type=click.IntRange(4, 100), default=11, show_default=True, help="Rows of each text panel.")
@click.pass_context
def plot_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], output: str | None,
                 points: int | None, width: int, height: int) -> None:
    """Plot EXPRESSION and its derivative over a range of one variable.

    \b
    Examples:
      bpcalc plot "tanh(x)" --x=-4:4
      bpcalc plot "sigmoid(x)" --x=-8:8 -o sigmoid.png
      bpcalc plot "relu(w * x + b)" --x=-2:2 --w=1.5 --b=0.5

    Exit codes: 0 success, 2 a usage or input error.
    """
    from bpcalc.teach.plot import DEFAULT_POINTS, parse_range, sample

    try:
        fmt = _image_format(output) if output is not None else None
        source, raw = read_program(list(ctx.args), file, var_pairs)
        ranges = {name: text for name, text in raw.items() if ":" in text}
        if len(ranges) != 1:
            raise UsageError("give exactly one variable a range to plot over" if not ranges
                             else f"only one variable can have a range, got {', '.join(ranges)}",
                             hint="for example: bpcalc plot \"tanh(x)\" --x=-4:4")
        (variable, text), = ranges.items()
        low, high = parse_range(text, variable)
        fixed = parse_values({name: value for name, value in raw.items() if name != variable})
        count = points or (DEFAULT_POINTS if fmt else width)
        samples = sample(source, variable, low, high, fixed, count)
        if fmt is None:
            from bpcalc.render.plot_text import render_plot_text
            from bpcalc.teach.catalogue import translate_lines  # --lang, LANG

            click.echo(translate_lines(render_plot_text(samples, width, height)), nl=False)
            return
        from bpcalc.render.plot_image import render_plot_image

        data = render_plot_image(samples, fmt)
        try:
            Path(output).write_bytes(data)  # type: ignore[arg-type]
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
        from bpcalc.teach.catalogue import translate  # --lang, LANG

        click.echo(translate(f"wrote {output}"), err=True)
    except BpcalcError as error:
        fail(error, False)


def _image_format(output: str) -> str:
    suffix = Path(output).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise UsageError(f"cannot tell the picture format from '{output}'", hint="write to a .png or .svg file")
    return suffix[1:]
