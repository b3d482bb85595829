"""docs/array-forms.md: every console example runs and prints exactly what the page shows, and
every form the page's table lists parses (the docs helper also wires the page into the
README-style checks; this keeps it true on its own)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bpcalc.language.parser import parse
from tests.conftest import ROOT
from tests.test_readme import EXIT_NOTE, console_commands, normalize, run_shell, sandbox

PAGE = ROOT / "docs" / "array-forms.md"
COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples() -> None:
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_array_forms_page_command_runs_as_shown(line: int, command: str, shown: list[str], tmp_path: Path) -> None:
    done = run_shell(command, sandbox(tmp_path))
    note = EXIT_NOTE.search(command)
    assert done.returncode == (int(note.group(1)) if note else 0), f"line {line + 1}: {done.stdout}{done.stderr}"
    assert normalize((done.stdout + done.stderr).splitlines()) == normalize(shown), f"line {line + 1}: output differs"


def _table_examples() -> list[str]:
    """The backquoted examples of the table's Example column."""
    examples = []
    for row in PAGE.read_text(encoding="utf-8").splitlines():
        cells = row.split(" | ")
        if row.startswith("| ") and len(cells) >= 4 and not set(cells[1]) <= set("-| "):
            examples.extend(re.findall(r"`([^`]+)`", cells[1]))
    return [e for e in examples if e not in ("≥ ≤ ≠",)]


@pytest.mark.parametrize("example", _table_examples())
def test_every_example_in_the_table_parses(example: str) -> None:
    parse(example)
