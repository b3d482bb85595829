"""The `bpcalc` command group. Subcommands live in their own modules and load on demand, so
`bpcalc ops` does not import what `bpcalc eval` needs (click's lazy-group pattern)."""

from __future__ import annotations

import importlib
from typing import Any

import click

from bpcalc import __version__

# command name -> "module:function"; a module is imported only when its command runs.
COMMANDS: dict[str, str] = {
    "eval": "bpcalc.cli.eval_cmd:eval_command",
    "explain": "bpcalc.cli.explain_cmd:explain_command",
    "check": "bpcalc.cli.check_cmd:check_command",
    "grade": "bpcalc.cli.grade_cmd:grade_command",
    "graph": "bpcalc.cli.graph_cmd:graph_command",
    "plot": "bpcalc.cli.plot_cmd:plot_command",
    "ops": "bpcalc.cli.ops_cmd:ops_command",
    "train": "bpcalc.cli.train_cmd:train_command",
    "repl": "bpcalc.cli.repl:repl_command",
    "code": "bpcalc.cli.code_cmd:code_command",
}

SHORT_HELP: dict[str, str] = {
    "eval": "Evaluate an expression: every node's value and gradient, checked.",
    "explain": "Narrate the forward and backward pass step by step, in the lecture's words.",
    "check": "Check hand-worked answers node by node and find where a mistake began.",
    "grade": "Grade a folder of submissions against a problem set.",
    "graph": "Draw the computational graph (svg, png, dot, mermaid, html, tree).",
    "plot": "Plot a function of one variable and its derivative.",
    "ops": "List every operation: syntax, local gradient, gate pattern.",
    "repl": "An interactive session: change a value, see the table again (bare bpcalc on a terminal).",
    "train": "Gradient descent on named inputs: the loss at every step, the trained values.",
    "code": "Write the backprop code of an expression as Python (flat or modular), with gradient checks.",
}


EXIT_NO_COMMAND = 2  # bare `bpcalc` off a terminal: the help, and the usage-error status click gives it


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            return None  # a command whose module is not in this build
        command: click.Command = getattr(module, attribute)
        from bpcalc.cli.language_options import add_language_options  # --lang, --ascii on every command

        return add_language_options(command)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """`bpcalc "(x+y)*z"`: an expression where a command belongs gets the command to put first."""
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.isidentifier() and not name.startswith("-"):
            ctx.fail(f'"{name}" is no command; did you mean `bpcalc eval "{name}"`?')
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C that no command handled (grade reports its progress itself) leaves as
        io_guard.Interrupted, past click's "Aborted!" exit 1, to end with one line and exit 130."""
        raw = [*getattr(ctx, "_protected_args", ()), *ctx.args]  # the command's words, --lang among them
        try:
            return super().invoke(ctx)
        except click.ClickException as error:  # a usage error click prints: in the language of --lang or LANG
            _translate_usage_error(error, raw)
            raise
        except KeyboardInterrupt:
            from bpcalc.cli.io_guard import Interrupted

            raise Interrupted from None

    def format_commands(self, ctx: click.Context, formatter: Any) -> None:
        rows = [(name, SHORT_HELP.get(name, "")) for name in self.list_commands(ctx) if _available(name)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _translate_usage_error(error: click.ClickException, raw: list[str]) -> None:
    """The error's whole text ("Invalid value for '--rtol': ...") through the catalogue, in the
    language the command line asked for: the command's context, which set it, is closed by now."""
    from bpcalc.cli.language_options import LANGUAGES
    from bpcalc.teach.catalogue import set_lang, translate_lines

    asked = next((raw[k + 1] for k, word in enumerate(raw[:-1]) if word == "--lang"), None)
    asked = next((word[len("--lang="):] for word in raw if word.startswith("--lang=")), asked)
    if asked is not None and asked not in LANGUAGES:
        return
    set_lang(asked)
    try:
        translated = translate_lines(error.format_message())
        frame = _usage_frame(error, translated)
    finally:
        set_lang(None)
    error.format_message = lambda: translated  # type: ignore[method-assign]
    if frame is not None:
        error.show = lambda file=None: click.echo(frame, file=file, err=file is None)  # type: ignore[method-assign]


def _usage_frame(error: click.ClickException, message: str) -> str | None:
    """click's frame around a usage error ("Usage: ...", "Try ... for help.", "Error: ...") in the
    catalogue's language; None in English, where click prints its own."""
    from bpcalc.teach.catalogue import current_lang, translate

    if current_lang() == "en" or not isinstance(error, click.UsageError):
        return None
    lines = []
    ctx = error.ctx
    if ctx is not None:
        usage = ctx.get_usage()
        lines.append(translate(usage) if usage.startswith("Usage: ") else usage)
        lines.append(translate(f"Try '{ctx.command_path} --help' for help.") + "\n")  # a blank line, as click's
    lines.append(translate(f"Error: {message}"))
    return "\n".join(lines)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, "--version", prog_name="bpcalc")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """bpcalc: a backprop calculator.

    Type an expression and values for its variables; see every node of the computational
    graph with its value and gradient, each gradient checked against SymPy.

    \b
    Example:
      bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4
    """
    if ctx.invoked_subcommand is None:
        _session_or_help(ctx)


def main() -> None:
    from bpcalc.cli.io_guard import run_guarded  # closed or full stdout, ASCII terminals, Ctrl-C

    run_guarded(cli, prog_name="bpcalc")


def _session_or_help(ctx: click.Context) -> None:
    """Bare `bpcalc`: on a terminal the interactive session (as qalc and bc open one), else the
    help, as before."""
    import sys

    if sys.stdin.isatty() and sys.stdout.isatty():
        command = ctx.command.get_command(ctx, "repl")  # type: ignore[attr-defined]
        if command is not None:
            ctx.invoke(command)
            return
    click.echo(ctx.get_help(), err=True)
    ctx.exit(EXIT_NO_COMMAND)


def _available(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(COMMANDS[name].split(":")[0]) is not None
