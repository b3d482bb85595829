"""docs/array-explanations.md: every console command prints what the page shows (until the docs
site's test reads every page)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.test_readme import EXIT_NOTE, console_commands, normalize, run_shell

PAGE = ROOT / "docs" / "array-explanations.md"
COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_page_has_commands() -> None:
    assert len(COMMANDS) >= 6


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_page_command_runs_as_shown(line: int, command: str, shown: list[str]) -> None:
    done = run_shell(command)
    note = EXIT_NOTE.search(command)
    assert done.returncode == (int(note.group(1)) if note else 0), f"line {line + 1}: {done.stderr}"
    assert normalize((done.stdout + done.stderr).splitlines()) == normalize(shown), f"line {line + 1}: output differs"
