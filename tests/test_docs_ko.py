"""The Korean getting-started page shows what bpcalc prints: every console example runs as shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_readme import EXIT_NOTE, console_commands, normalize, run_shell, sandbox

PAGE = Path(__file__).resolve().parents[1] / "docs" / "ko" / "getting-started.md"
COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples() -> None:
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_korean_page_command_runs_as_shown(line: int, command: str, shown: list[str], tmp_path: Path) -> None:
    done = run_shell(command, sandbox(tmp_path))
    note = EXIT_NOTE.search(command)
    assert done.returncode == (int(note.group(1)) if note else 0), f"line {line + 1}: {command}\n{done.stderr}"
    assert normalize((done.stdout + done.stderr).splitlines()) == normalize(shown), f"line {line + 1}: output differs"
