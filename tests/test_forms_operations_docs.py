"""docs/array-operations.md: every console example runs and prints exactly what the page shows,
and every form in the page's table parses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bpcalc.language.parser import parse
from tests.conftest import ROOT
from tests.test_readme import EXIT_NOTE, console_commands, normalize, run_shell, sandbox

PAGE = ROOT / "docs" / "array-operations.md"
COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples() -> None:
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_array_operations_page_command_runs_as_shown(line: int, command: str, shown: list[str], tmp_path: Path) -> None:
    done = run_shell(command, sandbox(tmp_path))
    note = EXIT_NOTE.search(command)
    assert done.returncode == (int(note.group(1)) if note else 0), f"line {line + 1}: {done.stdout}{done.stderr}"
    assert normalize((done.stdout + done.stderr).splitlines()) == normalize(shown), f"line {line + 1}: output differs"


def _table_forms() -> list[str]:
    """The backquoted forms of the table's first column that are whole expressions."""
    forms = []
    for row in PAGE.read_text(encoding="utf-8").splitlines():
        cells = row.split(" | ")
        if row.startswith("| ") and len(cells) >= 3 and not set(cells[0]) <= set("-| "):
            forms.extend(f for f in re.findall(r"`([^`]+)`", cells[0]) if "(" in f or "[" in f)
    return [f.replace(" on 3-D and larger arrays", "") for f in forms if not f.startswith("axis=")]


@pytest.mark.parametrize("form", _table_forms())
def test_every_form_in_the_table_parses(form: str) -> None:
    parse(form)
