"""`bpcalc train`: gradient descent on named inputs of a program, the loss at every step."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from bpcalc.cli.common import PASS_THROUGH, VALUES_HELP, ValuesCommand, fail, parse_values, read_program, source_options
from bpcalc.errors import BpcalcError, UsageError

if TYPE_CHECKING:
    from bpcalc.teach.train import Step, Training

EXIT_INTERRUPTED = 130
SHOWN_STEPS = 10  # a long run shows its first and last this many steps (--full: all)

UPDATE_HELP = (
    "Update rules (g = dL/dp, t = step number from 1): sgd p -= lr*g; momentum v = mu*v + g, "
    "p -= lr*v; adam m = b1*m + (1-b1)*g, v = b2*v + (1-b2)*g^2, p -= lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + eps). "
)


@click.command("train", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=UPDATE_HELP + VALUES_HELP)
@source_options
@click.option("--params", "params_text", required=True, metavar="NAMES",
              help="The inputs to train, comma-separated (W1,b1,W2,b2); the others stay fixed.")
@click.option("--lr", type=click.FloatRange(min=0, min_open=True), required=True, help="The learning rate.")
@click.option("--steps", type=click.IntRange(min=0), default=1, show_default=True, help="How many updates.")
@click.option("--optimizer", type=click.Choice(("sgd", "momentum", "adam")), default="sgd", show_default=True,
              help="The update rule (formulas below).")
@click.option("--momentum", "mu", type=click.FloatRange(0, 1), default=0.9, show_default=True,
              help="mu of --optimizer momentum.")
@click.option("--beta1", type=click.FloatRange(0, 1, max_open=True), default=0.9, show_default=True,
              help="b1 of --optimizer adam.")
@click.option("--beta2", type=click.FloatRange(0, 1, max_open=True), default=0.999, show_default=True,
              help="b2 of --optimizer adam.")
@click.option("--json", "as_json", is_flag=True,
              help='Write {"steps": [{"step", "loss", "params"}, ...], "params": {...}} on stdout.')
@click.option("--plot", "plot_file", default=None, metavar="FILE.svg", help="Draw the loss curve into FILE.svg.")
@click.option("--save", "save_file", default=None, metavar="FILE.json",
              help="Write the trained parameters as JSON, which --NAME=@FILE.json reads back.")
@click.option("--precision", type=click.IntRange(1, 17), default=6, show_default=True,
              help="Significant digits shown in the table.")
@click.option("--full", is_flag=True, help="Show every step of a long run.")
@click.pass_context
def train_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], params_text: str, lr: float,
                  steps: int, optimizer: str, mu: float, beta1: float, beta2: float, as_json: bool,
                  plot_file: str | None, save_file: str | None, precision: int, full: bool) -> None:
    """Train the inputs named by --params: forward, backward, one descent step, repeated.

    The program's output is the loss (one number). Step 0 is the loss before any update.

    \b
    Examples:
      bpcalc train -f examples/mazur_2_2_2.bp --params w1,w2,w3,w4,w5,w6,w7,w8 --lr 0.5 --steps 1
      bpcalc train -f net.bp --params W1,b1,W2,b2 --lr 0.5 --steps 20 --plot loss.svg
      bpcalc train "(w*x - y)^2" --w=0 --x=2 --y=4 --params w --lr 0.05 --steps 5 --json

    Exit codes: 0 success, 2 a usage or input error, 130 interrupted (Ctrl-C).
    """
    from bpcalc.teach.train import Settings, train

    if plot_file is not None and not plot_file.lower().endswith(".svg"):
        fail(UsageError(f"--plot {plot_file}: the loss curve is drawn as SVG", hint="name it loss.svg"), as_json)
    done: list[Step] = []
    try:
        source, raw = read_program(list(ctx.args), file, var_pairs)
        names = [name.strip() for name in params_text.split(",") if name.strip()]
        settings = Settings(lr, optimizer, momentum=mu, beta1=beta1, beta2=beta2)
        training = train(source, parse_values(raw), names, settings, steps, written=f"--params {params_text}",
                         on_step=done.append)
    except BpcalcError as error:
        if done:
            error.hint = (error.hint + "; " if error.hint else "") + \
                f"it happened after step {done[-1].step} (loss {done[-1].loss:.6g}): a smaller --lr may help"
        fail(error, as_json)
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted after {max(len(done) - 1, 0)} of {steps} steps; nothing written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    for path, text in _files(training, plot_file, save_file):
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            fail(UsageError(f"cannot write {path}: {error.strerror or error}"), as_json)
        from bpcalc.teach.catalogue import translate  # --lang, LANG

        click.echo(translate(f"wrote {path}"), err=True)
    if as_json:
        import json

        click.echo(json.dumps(training.to_dict(), indent=2, allow_nan=False))
    else:
        _write_table(training, settings.lr, optimizer, precision, full)


def _files(training: Training, plot_file: str | None, save_file: str | None) -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    if plot_file is not None:
        from bpcalc.render.loss_curve import render_loss_svg

        files.append((plot_file, render_loss_svg([s.loss for s in training.steps])))
    if save_file is not None:
        import json

        from bpcalc.teach.train import plain_params

        files.append((save_file, json.dumps(plain_params(training.params), indent=2) + "\n"))
    return files


def _write_table(training: Training, lr: float, optimizer: str, precision: int, full: bool) -> None:
    from bpcalc.base.numbers import format_number
    from bpcalc.render.plain_table import write_plain_table

    steps = training.steps
    shown: list[Step | None] = list(steps)
    if len(steps) > 2 * SHOWN_STEPS + 1 and not full:
        shown = [*steps[:SHOWN_STEPS], None, *steps[-SHOWN_STEPS:]]
    names = list(training.params)
    rows: list[list[str]] = []
    for step in shown:
        if step is None:
            hidden = len(steps) - 2 * SHOWN_STEPS
            rows.append(["…", f"{hidden} steps hidden (--full shows all)", *[""] * len(names)])
        else:
            rows.append([str(step.step), format_number(step.loss, precision),
                         *(_short(step.params[n], precision) for n in names)])
    out = sys.stdout
    count = len(steps) - 1
    title = f"bpcalc train: {optimizer}, lr {format_number(lr, precision)}, {count} step{'' if count == 1 else 's'}"
    write_plain_table(out, title, ["step", "loss", *names], ["right"] * (2 + len(names)), rows)
    first, last = steps[0].loss, steps[-1].loss
    out.write(f"loss {format_number(first, precision)} → {format_number(last, precision)}\n")
    arrays = {name: value for name, value in training.params.items() if getattr(value, "shape", ())}
    if arrays:  # the table shows an array's shape only; its trained values follow
        out.write("trained arrays:\n")
        for name, value in arrays.items():
            out.write(f"  {name} = {format_number(value, precision)}\n")


def _short(value: Any, precision: int) -> str:
    """A parameter in one cell: a number, or an array's shape (the full values are listed below)."""
    from bpcalc.base.numbers import format_number

    shape = getattr(value, "shape", ())
    if shape:
        return "array " + "×".join(str(n) for n in shape)
    return format_number(value, precision)
