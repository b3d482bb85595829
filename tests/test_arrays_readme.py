"""docs/readme/arrays.md is executable: every `$ ` command in a ```console block runs from the
repo root and prints exactly what the page shows (as tests/test_readme.py does for README.md).

Refresh the shown output after an intended change: `python -m tests.test_arrays_readme --update`.
"""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT
from tests.test_readme import EXIT_NOTE, console_commands, normalize, run_shell

PAGE = ROOT / "docs" / "readme" / "arrays.md"
COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_commands() -> None:
    assert len(COMMANDS) >= 3


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_arrays_page_command_runs_as_shown(line: int, command: str, shown: list[str]) -> None:
    done = run_shell(command)
    note = EXIT_NOTE.search(command)
    assert done.returncode == (int(note.group(1)) if note else 0), f"{PAGE.name} line {line + 1}: {done.stderr}"
    assert normalize((done.stdout + done.stderr).splitlines()) == normalize(shown), f"{PAGE.name} line {line + 1}"


def refresh() -> None:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    inside = False
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if inside and line.startswith("$ "):
            done = run_shell(line[2:])
            out.extend(normalize((done.stdout + done.stderr).splitlines()))
            while i < len(lines) and not lines[i].startswith("$ ") and not lines[i].startswith("```"):
                i += 1
    PAGE.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if "--update" in sys.argv:
        refresh()
