"""What every command shares: reading the program and values, and reporting errors.

Start-up matters (scripts call bpcalc thousands of times), so modules that only some paths
need (json for errors as JSON, pathlib for files) are imported where they are used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from bpcalc.errors import BpcalcError, UsageError

EXIT_OK, EXIT_CHECK_FAILED, EXIT_INPUT_ERROR = 0, 1, 2

VALUES_HELP = (
    "Values: --NAME=VALUE or --NAME VALUE for each variable (negative numbers work: --x=-2); "
    "--var NAME=VALUE for a name that clashes with an option. VALUE is a number (-2, 0.5, "
    "1e-3, 1/3, pi), an array ([0.2, 0.4], [[1, 2], [3, 4]]), or @FILE: a .json file (a nested "
    "list, or an object keyed by variable name), .npy or .csv."
)

PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": ["-h", "--help"]}


class ValuesCommand(click.Command):
    """A command that takes input values as options of the user's own names (--x=-2).

    Those pairs are set aside before click parses the rest: click treats each one as an unknown
    option and looks for a close match among the known ones first (difflib and gettext, about
    0.2 ms a pair), which made 33,000 input values take seconds. They reach the command in
    ctx.args, ahead of the other extra arguments, as click would have left them.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = {name for param in self.get_params(ctx) for name in (*param.opts, *param.secondary_opts)}
        kept: list[str] = []
        pairs: list[str] = []
        for position, arg in enumerate(args):
            if arg == "--":  # what follows is the expression, whatever it looks like
                kept.extend(args[position:])
                break
            if arg.startswith("--") and "=" in arg and arg.partition("=")[0] not in known:
                pairs.append(arg)
            else:
                kept.append(arg)
        rest = super().parse_args(ctx, kept)
        ctx.args = [*pairs, *ctx.args]
        return rest


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every graph command takes: an expression or a file, and values."""
    command = click.option("--var", "var_pairs", multiple=True, metavar="NAME=VALUE",
                           help="A value for a variable whose name clashes with an option.")(command)
    command = click.option("-f", "--file", "file", type=str, default=None, metavar="FILE",
                           help="Read the program from FILE ('-' for standard input).")(command)
    return command


def read_program(args: list[str], file: str | None, var_pairs: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """Split extra arguments into the expression and --NAME=VALUE pairs."""
    expression_parts: list[str] = []
    values: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            if not eq:
                if i + 1 >= len(args):
                    raise UsageError(f"--{name} needs a value", hint=f"write --{name}=VALUE")
                value = args[i + 1]
                i += 1
            _store(values, name, value)
        elif arg == "--":
            expression_parts.extend(args[i + 1 :])
            break
        else:
            expression_parts.append(arg)
        i += 1
    for pair in var_pairs:
        name, eq, value = pair.partition("=")
        if not eq:
            raise UsageError(f"--var {pair}: expected NAME=VALUE", hint="write --var x=2")
        _store(values, name.strip(), value)
    if file is not None:
        if expression_parts:
            raise UsageError("give either an expression or --file, not both")
        return _read_file(file), values
    if len(expression_parts) > 1:
        raise UsageError(
            f"expected one expression but got {len(expression_parts)} arguments: {' '.join(expression_parts)}",
            hint='quote the expression: bpcalc eval "(x + y) * z" --x=-2 ...',
        )
    if not expression_parts:
        raise UsageError("no expression given", hint='write bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4')
    text = expression_parts[0]
    if text == "-":
        return sys.stdin.read(), values
    return text, values


def _store(values: dict[str, str], name: str, value: str) -> None:
    if not name.isidentifier():
        raise UsageError(f"--{name}: not an option and not a variable name",
                         hint="variables are names like x, w0 or alpha; see --help for options")
    if name in values:
        raise UsageError(f"two values given for {name}", hint=f"give --{name} once")
    values[name] = value


def _read_file(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    from pathlib import Path

    from bpcalc.base.textfile import read_text

    return read_text(Path(file), "program file", hint="check the path; '-' reads standard input")


def parse_values(raw: dict[str, str]) -> dict[str, Any]:
    from bpcalc.language.values import parse_value

    return {name: parse_value(text, name) for name, text in raw.items()}


def fail(error: BpcalcError, as_json: bool) -> NoReturn:
    if as_json:
        import json

        click.echo(json.dumps(error.to_dict(), ensure_ascii=False), err=True)
    else:
        click.echo(error.render(), err=True)
    sys.exit(EXIT_INPUT_ERROR)


def wants_rich() -> bool:
    """True when stdout is a terminal (or colour is forced): only then is rich worth its start-up."""
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def make_console(stderr: bool = False) -> Any:
    """A rich console: colour only on a terminal, NO_COLOR respected, wide enough in pipes.

    emoji=False: the user's own text (a ':name:' in a comment) is printed as written, and rich
    does not import its table of emoji codes at start-up.
    """
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(file=stream, width=None if terminal else 200, soft_wrap=False, highlight=False, emoji=False)
