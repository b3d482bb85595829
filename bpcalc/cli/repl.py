"""`bpcalc repl` (and bare `bpcalc` on a terminal): the interactive session.

On a terminal, lines are read with prompt_toolkit (history kept across sessions in the XDG
state directory, Tab completing functions, names and commands); it is imported here only, so
the other commands start as fast as before. With standard input not a terminal, the lines
run as a script and everything is plain text. The interpreter itself is repl_session.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from bpcalc.cli.repl_lines import completions
from bpcalc.cli.repl_session import Session, run_script

EXIT_INTERRUPTED = 130
BANNER = "bpcalc {version}: type an expression, let x = 3 for a value, :help for the commands, Ctrl-D to leave."


def history_path() -> Path:
    """$XDG_STATE_HOME/bpcalc/history, by default ~/.local/state/bpcalc/history."""
    state = os.environ.get("XDG_STATE_HOME") or ""
    base = Path(state) if os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "bpcalc" / "history"


@click.command("repl", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Run FILE's lines first (a program, or REPL lines with :commands).")
@click.option("--no-check", is_flag=True, help="Skip the cross-check of each evaluation (quicker; no check column).")
@click.option("--precision", type=click.IntRange(1, 17), default=6, show_default=True,
              help="Significant digits shown in the table.")
def repl_command(file: str | None, no_check: bool, precision: int) -> None:
    """An interactive session: type the circuit once, change a value, see every node again.

    \b
    Examples:
      bpcalc repl
      printf 'let x = 3\\nx * 2\\n:explain\\n' | bpcalc repl

    On a terminal: history (in $XDG_STATE_HOME/bpcalc/history), Tab completion, :help lists
    the commands. Piped: each line runs as typed, output in plain text.

    Exit codes: 0 success; piped, 2 if any line was an error, 1 if a check failed; 130 interrupted.
    """
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if terminal:
        from bpcalc.cli.common import make_console

        session = Session(sys.stdout, sys.stdout, console=make_console(), check=not no_check, precision=precision)
    else:
        session = Session(sys.stdout, sys.stderr, check=not no_check, precision=precision)
    if file is not None:
        _run_file(session, file)
    try:
        if terminal:
            interact(session)
            status = 0
        else:
            status = run_script(_stdin_lines, session)
    except KeyboardInterrupt:
        click.echo("\ninterrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(status)


def _run_file(session: Session, file: str) -> None:
    from bpcalc.base.textfile import read_text
    from bpcalc.errors import BpcalcError

    try:
        text = read_text(Path(file), "program file", hint="check the path")
    except BpcalcError as error:
        from bpcalc.teach.catalogue import translate_lines  # in the language of --lang or LANG

        click.echo(translate_lines(error.render()), err=True)
        sys.exit(2)
    if any(line.lstrip().startswith(":") for line in text.splitlines()):
        lines = iter(text.splitlines())  # REPL lines with commands: each as if typed
        run_script(lambda: next(lines, None), session)
    else:
        session.execute(text)  # a program: one table, not one per line


def _stdin_lines() -> str | None:
    line = sys.stdin.readline()
    return line if line else None


def interact(session: Session) -> None:
    """Prompt, run, repeat until Ctrl-D or :quit; Ctrl-C drops the line being typed, or stops
    the evaluation running (the session keeps its state from before that line)."""
    from bpcalc import __version__

    prompt = make_prompt(session)
    from bpcalc.teach.catalogue import translate

    print(translate(BANNER.format(version=__version__)))
    while not session.done:
        try:
            line = prompt.prompt("... " if session.pending else "bp> ")
        except KeyboardInterrupt:
            session.pending = []
            continue
        except EOFError:
            break
        try:
            session.feed(line)
        except KeyboardInterrupt:  # a long evaluation stopped: the session goes on as it was
            session.pending = []
            print("interrupted")
        sys.stdout.flush()


def make_prompt(session: Session) -> Any:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    class SessionCompleter(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            word, found = completions(session.words(), document.text_before_cursor)
            for candidate in found:
                yield Completion(candidate, start_position=-len(word))

    path = history_path()
    history: Any
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
        history = FileHistory(str(path))
    except OSError as error:
        click.echo(f"note: history is not kept ({path}: {error.strerror or error})", err=True)
        history = InMemoryHistory()
    return PromptSession(history=history, completer=SessionCompleter(), complete_while_typing=False)
