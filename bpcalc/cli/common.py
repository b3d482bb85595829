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

from bpcalc.errors import BpcalcError, UsageError, did_you_mean

EXIT_OK, EXIT_CHECK_FAILED, EXIT_INPUT_ERROR = 0, 1, 2

VALUES_HELP = (
    "Values: --NAME=VALUE or --NAME VALUE for each variable (negative numbers work: --x=-2); "
    "--var NAME=VALUE for a name that clashes with an option. VALUE is a number (-2, 0.5, "
    "1e-3, 1/3, pi), an array ([0.2, 0.4], [[1, 2], [3, 4]]), or @FILE: a .json file (a nested "
    "list, or an object keyed by variable name), .npy or .csv."
)

PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": ["-h", "--help"]}


# Options of other commands, for "explain has --exact" when one is given to the wrong command.
OPTIONS_ELSEWHERE = {
    "--exact": "explain", "--symbolic": "explain", "--lang": "explain", "--layout": "graph", "--output": "graph",
    "--tree": "eval", "--no-check": "eval", "--full": "eval", "--json": "eval",
    "--jacobian": "eval",  # and explain
}
# Options of one command that each choose the output: at most one of them may be given.
ONE_OUTPUT = {"eval": ("--json", "--format", "--tree")}


class ValuesCommand(click.Command):
    """A command that takes input values as options of the user's own names (--x=-2).

    The arguments are sorted here before click sees them, for two reasons. The expression is
    every argument that is no known option of this command (nor an option's value, nor a
    --NAME VALUE pair), even when it starts with '-' ("-tanh(x) * h" is no -t -a -n -h), so
    click never sees it; `--` says so explicitly for the one argument after it ("-f", "-h").
    And the --NAME=VALUE pairs are set aside, since click treats each one as an unknown option
    and looks for a close match among the known ones first (difflib and gettext, about 0.2 ms
    a pair), which made 33,000 input values take seconds. Both reach the command in ctx.args.
    A known option given twice, or two options that each choose the output, are refused.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = [param for param in self.get_params(ctx) if isinstance(param, click.Option)]
        known = {name: param for param in options for name in (*param.opts, *param.secondary_opts)}
        kept: list[str] = []
        pairs: list[str] = []
        expression: list[str] = []
        bare: list[str] = []
        given: dict[str, str] = {}
        position = 0
        while position < len(args):
            arg = args[position]
            head = arg.partition("=")[0]
            if arg == "--" and position + 1 < len(args) and not expression:
                expression.append(args[position + 1])
                position += 2
                continue
            if head in known and (arg.startswith("--") or arg == head):
                param = known[head]
                _refuse_repeat(self.name, param, head, given)
                kept.append(arg)
                if "=" not in arg and not param.is_flag and not param.count and position + 1 < len(args):
                    kept.append(args[position + 1])
                    position += 1
            elif arg.startswith("--") and len(arg) > 2:
                if "=" in arg:
                    pairs.append(arg)
                elif position + 1 < len(args) and not _option_like(args[position + 1], known):
                    pairs.append(f"{arg}={args[position + 1]}")  # --x -2: one pair, whatever follows
                    position += 1
                else:
                    bare.append(arg)  # --jsno: no value; read_program says which mistake it is
            else:
                expression.append(arg)
            position += 1
        _refuse_conflicts(self.name, given)
        rest = super().parse_args(ctx, kept)
        # read_program takes '--x' for a value, so only an expression like that needs '--' before it.
        if any(part.startswith("--") for part in expression):
            ctx.args = [*pairs, *bare, "--", *expression]
        else:
            ctx.args = [*pairs, *expression, *bare]
        return rest


def _option_like(arg: str, known: dict[str, Any]) -> bool:
    return (arg.startswith("--") and len(arg) > 2) or arg.partition("=")[0] in known


def _refuse_repeat(command: str | None, param: Any, written: str, given: dict[str, str]) -> None:
    """--format markdown --format json: refused, not resolved silently by taking the last."""
    key = param.name or written
    if key in given and not param.multiple:
        raise click.UsageError(f"{given[key]} is given twice; give it once", click.get_current_context())
    given[key] = written


def _refuse_conflicts(command: str | None, given: dict[str, str]) -> None:
    chosen = [written for written in given.values() if written in ONE_OUTPUT.get(command or "", ())]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} ask for two different outputs; give one of them",
                               click.get_current_context())


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every graph command takes: an expression or a file, values, a memory budget,
    a source limit."""
    command = click.option("--max-source", metavar="N", expose_value=False, callback=_set_source_limit,
                           envvar="BPCALC_MAX_SOURCE", show_envvar=True,
                           help="Longest program read, in characters (default 1,000,000); a longer one is "
                                "refused before any work. N like 5000000, 10M, 2.5M (K, M, G: powers of "
                                "1000).")(command)
    command = click.option("--max-memory", metavar="SIZE", expose_value=False, callback=_set_memory_limit,
                           help="Memory budget of an array program (default 2G): a node whose arrays would "
                                "pass it is refused before it is computed. SIZE like 512M, 8G.")(command)
    command = click.option("--var", "var_pairs", multiple=True, metavar="NAME=VALUE",
                           help="A value for a variable whose name clashes with an option.")(command)
    command = click.option("-f", "--file", "file", type=str, default=None, metavar="FILE",
                           help="Read the program from FILE ('-' for standard input).")(command)
    return command


def _set_memory_limit(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--max-memory: the engine's budget for this one command (reset when the command ends)."""
    if value is not None:
        from bpcalc.engine.budget import parse_size, reset_memory_limit, set_memory_limit

        _limit_for_command(ctx, value, parse_size, set_memory_limit, reset_memory_limit, "a size like 512M or 8G")


def _limit_for_command(ctx: click.Context, value: str, parse: Any, set_limit: Any, reset: Any, example: str) -> None:
    """Parse an option's limit, set it for this one command and reset it when the command ends."""
    try:
        limit = parse(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r}: {error}; write {example}") from None
    token = set_limit(limit)
    ctx.call_on_close(lambda: reset(token))


_COUNT_SUFFIXES = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}


def parse_count(text: str) -> int:
    """'5000000', '5_000_000', '10M', '2.5m', '300k' -> a positive whole number; ValueError otherwise.
    The suffixes are decimal (a character count, not bytes): 10M is 10,000,000."""
    stripped = text.strip().replace("_", "").replace(",", "").upper()
    unit = stripped[-1:] if stripped[-1:] in _COUNT_SUFFIXES else ""
    number = stripped[: len(stripped) - len(unit)]
    try:
        value = float(number) * _COUNT_SUFFIXES[unit]
    except ValueError:
        raise ValueError("not a number of characters") from None
    if not 1 <= value < 2**63 or value != int(value):
        raise ValueError("the limit must be a whole number of characters, at least 1")
    return int(value)


def _set_source_limit(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--max-source (or BPCALC_MAX_SOURCE): the source limit for this one command, which the
    readers of -f FILE and '-' keep to as well (they read at most the limit plus one character)."""
    if value is not None:
        from bpcalc.language.lexer import reset_source_limit, set_source_limit

        _limit_for_command(ctx, value, parse_count, set_source_limit, reset_source_limit, "a count like 5000000 or 10M")


# A program file or standard input past the source limit.
_TOO_LONG_HINT = ("raise the limit with --max-source, e.g. --max-source 10M (or BPCALC_MAX_SOURCE=10M); "
                  "or check that the path is the file you meant")


def read_program(args: list[str], file: str | None, var_pairs: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """Split extra arguments into the expression and --NAME=VALUE pairs."""
    expression_parts: list[str] = []
    values: dict[str, str] = {}
    without_value: list[str] = []  # --NAME with nothing after it
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            if not eq:
                if i + 1 >= len(args) or args[i + 1] == "--":
                    without_value.append(name)
                    i += 1
                    continue
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
    if file is None and len(expression_parts) != 1:
        refuse_option_typos([*without_value, *values], " ".join(expression_parts))
    if file is not None:
        if expression_parts:
            raise UsageError("give either an expression or --file, not both")
        source = _read_file(file)
    elif len(expression_parts) > 1:
        raise UsageError(
            f"expected one expression but got {len(expression_parts)} arguments: {' '.join(expression_parts)}",
            hint='quote the expression: bpcalc eval "(x + y) * z" --x=-2 ...',
        )
    elif not expression_parts:
        raise UsageError("no expression given", hint='write bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4')
    else:
        source = _read_stdin() if expression_parts[0] == "-" else expression_parts[0]
    refuse_option_typos([*without_value, *values], source)
    if without_value:
        name = without_value[0]
        raise UsageError(f"--{name} needs a value", hint=f"write --{name}=VALUE")
    return source, values


def refuse_option_typos(names: list[str], source: str) -> None:
    """--presicion 3, --jsno, --exact on eval: an unknown option, not a value for a variable,
    when the expression has no such name."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not names:
        return
    command = ctx.command.name or ""
    known = sorted(opt for param in ctx.command.params for opt in (*param.opts, *param.secondary_opts)
                   if opt.startswith("--"))
    prefixes = {opt[2:4] for opt in (*known, *OPTIONS_ELSEWHERE)}
    identifiers: set[str] | None = None
    for name in names:
        if len(name) < 3 or name[:2] not in prefixes:
            continue  # cheap: most variable names start unlike any option
        option = f"--{name}"
        elsewhere = OPTIONS_ELSEWHERE.get(option)
        close = did_you_mean(option, known) if elsewhere is None or elsewhere == command else None
        if close is None and (elsewhere is None or elsewhere == command):
            continue
        if identifiers is None:
            import re

            identifiers = set(re.findall(r"[^\W\d]\w*", source))
        if name in identifiers:
            continue
        hint = f"did you mean {close}?" if close else f"{elsewhere} has {option}: bpcalc {elsewhere} ... {option}"
        raise UsageError(f"unknown option {option}", hint=hint)


def _store(values: dict[str, str], name: str, value: str) -> None:
    if not name.isidentifier():
        raise UsageError(f"--{name}: not an option and not a variable name",
                         hint="variables are names like x, w0 or alpha; see --help for options")
    if name in values:
        raise UsageError(f"two values given for {name}", hint=f"give --{name} once")
    values[name] = value


def _read_file(file: str) -> str:
    if file == "-":
        return _read_stdin()
    from pathlib import Path

    from bpcalc.base.textfile import read_text
    from bpcalc.language.lexer import current_source_limit

    return read_text(Path(file), "program file", hint="check the path; '-' reads standard input",
                     limit=current_source_limit(), too_long_hint=_TOO_LONG_HINT)


def _read_stdin() -> str:
    """Standard input, read up to the source limit and no further (`yes | bpcalc eval -`)."""
    from bpcalc.base.textfile import read_limited
    from bpcalc.language.lexer import current_source_limit

    try:
        return read_limited(sys.stdin, "standard input", current_source_limit(), _TOO_LONG_HINT)
    except UnicodeDecodeError:
        raise UsageError("standard input is not UTF-8 text") from None


def parse_values(raw: dict[str, str]) -> dict[str, Any]:
    from bpcalc.language.values import parse_value

    return {name: parse_value(text, name) for name, text in raw.items()}


def fail(error: BpcalcError, as_json: bool) -> NoReturn:
    if as_json:
        import json

        click.echo(json.dumps(error.to_dict(), ensure_ascii=False), err=True)
    else:
        from bpcalc.teach.catalogue import translate_lines  # in the language of --lang or LANG

        click.echo(translate_lines(error.render()), err=True)
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
