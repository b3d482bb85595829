"""`bpcalc code`: the backprop code of a program as a Python file (flat or modular style)."""

from __future__ import annotations

import click

from bpcalc.cli.common import PASS_THROUGH, VALUES_HELP, ValuesCommand, fail, parse_values, read_program, source_options
from bpcalc.errors import BpcalcError, UsageError
from bpcalc.teach.catalogue import translate


@click.command("code", cls=ValuesCommand, context_settings=PASS_THROUGH, epilog=VALUES_HELP)
@source_options
@click.option("--style", type=click.Choice(("flat", "modular")), default="flat", show_default=True,
              help="flat: one line per gate forward, then the gradients in reverse; modular: one class per gate kind "
                   "with forward() and backward().")
@click.option("--harness", is_flag=True,
              help="Add gradient checks: compare(name, mine) for your own gradients, and a check against centred "
                   "differences that runs with the file (exit 1 when a gradient is wrong).")
@click.option("-o", "--output", "output", type=str, default=None, metavar="FILE",
              help="Write the code to FILE (atomically; never over the program or a value file) instead of stdout.")
@click.pass_context
def code_command(ctx: click.Context, file: str | None, var_pairs: tuple[str, ...], style: str, harness: bool,
                 output: str | None) -> None:
    """Write the backprop code of EXPRESSION as a self-contained Python file.

    forward_backward(**inputs) returns the output's value and every node's gradient; running the
    file prints them for the values given here. Scalars use math only, arrays NumPy.

    \b
    Examples:
      bpcalc code "q = x + y; f = q * z" --x=-2 --y=5 --z=-4
      bpcalc code -f examples/sigmoid_neuron.bp --style modular
      bpcalc code -f examples/matrix_norm.bp --harness -o grad_wx.py

    Exit codes: 0 success, 2 a usage or input error (also for a gate with no code form yet).
    """
    from bpcalc.api import evaluate
    from bpcalc.render.code import render_code

    try:
        source, raw = read_program(list(ctx.args), file, var_pairs)
        if output is not None:
            _refuse_overwriting_inputs(output, file, raw)
        result = evaluate(source, parse_values(raw), check=False)
        for warning in result.warnings:
            click.echo(translate(f"warning: {warning}"), err=True)  # the catalogue's language
        text = render_code(result, style=style, harness=harness)
        if output is None:
            click.echo(text, nl=False)
        else:
            _write_atomically(output, text)
    except BpcalcError as error:
        fail(error, False)


def _refuse_overwriting_inputs(output: str, file: str | None, raw: dict[str, str]) -> None:
    """-o never replaces the program file or a value file (@FILE) this run reads."""
    from pathlib import Path

    target = Path(output)
    inputs = [("the program file", file)] if file not in (None, "-") else []
    inputs += [(f"the value file of {name}", text[1:]) for name, text in raw.items() if text.startswith("@")]
    for what, path in inputs:
        assert path is not None
        if _same_file(target, Path(path)):
            raise UsageError(f"-o {output} would overwrite {what}", hint="write the code to another file")
    if target.is_dir():
        raise UsageError(f"-o {output} is a directory", hint="give a file name, e.g. -o grad.py")


def _same_file(a: object, b: object) -> bool:
    import os
    from pathlib import Path

    first, second = Path(str(a)), Path(str(b))
    try:
        if first.exists() and second.exists():
            return os.path.samefile(first, second)
    except OSError:
        return False
    return first.resolve() == second.resolve()


def _write_atomically(output: str, text: str) -> None:
    """Write to a temporary file beside the target, then rename: a reader never sees half a file."""
    import os
    import tempfile
    from pathlib import Path

    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}", hint="check the folder exists and is writable") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"cannot write {output}: {error.strerror or error}", hint="check the path") from None
