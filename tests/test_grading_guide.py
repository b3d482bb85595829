"""docs/ta-guide.md is executable documentation, like README.md: every `$ ` command in a console
block runs from the repo root and prints what the guide shows; its key tables list exactly the
keys the loaders accept. Refresh the shown output with `python -m tests.test_grading_guide --update`.
"""

from __future__ import annotations

import re
import sys

import pytest

from tests.conftest import ROOT
from tests.test_readme import EXIT_NOTE, console_commands, normalize, refresh_outputs, run_shell

GUIDE = ROOT / "docs" / "ta-guide.md"
COMMANDS = console_commands(GUIDE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_guide_command_runs_as_shown(line: int, command: str, shown: list[str]) -> None:
    done = run_shell(command)
    note = EXIT_NOTE.search(command)
    assert done.returncode == (int(note.group(1)) if note else 0), f"ta-guide.md line {line + 1}: {command}"
    assert normalize((done.stdout + done.stderr).splitlines()) == normalize(shown), f"line {line + 1} differs"


def test_the_guide_has_its_worked_examples() -> None:
    assert len(COMMANDS) >= 5


def _documented(where: str) -> set[str]:
    """Keys in the guide's tables whose 'where' column is `where`."""
    text = GUIDE.read_text(encoding="utf-8")
    keys: set[str] = set()
    for row in re.findall(r"^\| (.+?) \| (.+?) \|", text, re.MULTILINE):
        if row[1] == where:
            keys.update(re.findall(r"`([a-z_]+)`", row[0]))
    return keys


def test_the_guide_lists_every_key_the_problem_set_reader_accepts() -> None:
    from bpcalc.homework import problems

    assert _documented("`[scoring]`") == set(problems.SCORING_KEYS)
    assert _documented("`[tolerance]`") == set(problems.TOLERANCE_KEYS)
    assert _documented("`[[problems]]`") == set(problems.PROBLEM_KEYS)
    assert _documented("top level") | {"scoring", "tolerance", "problems"} == set(problems.PROBLEM_SET_KEYS)


def refresh_guide() -> None:
    refresh_outputs(GUIDE)


if __name__ == "__main__":
    if "--update" in sys.argv:
        refresh_guide()
