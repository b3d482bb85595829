"""docs/readme/homework.md (the README's homework section) is executable: every `$ ` command
runs from the repo root and prints exactly what is shown; its Python example runs as shown.

To refresh the shown output after an intended change: `python -m tests.test_homework_docs --update`.
"""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT
from tests.test_readme import EXIT_NOTE, console_commands, normalize, run_shell

DOC = ROOT / "docs" / "readme" / "homework.md"
COMMANDS = console_commands(DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_homework_doc_command_runs_as_shown(line: int, command: str, shown: list[str]) -> None:
    done = run_shell(command)
    note = EXIT_NOTE.search(command)
    expected_code = int(note.group(1)) if note else 0
    assert done.returncode == expected_code, f"line {line + 1}: {command}\n{done.stdout}\n{done.stderr}"
    printed = normalize((done.stdout + done.stderr).splitlines())
    assert printed == normalize(shown), f"line {line + 1}: output differs"
    assert "Traceback" not in done.stderr


def test_homework_doc_documents_both_flows() -> None:
    commands = " ".join(c[1] for c in COMMANDS)
    assert "bpcalc check examples/homework/worksheet.toml" in commands
    assert "bpcalc grade" in commands
    assert "--key" in commands and "--template" in commands
    assert len(COMMANDS) >= 8


def test_homework_doc_python_example_runs_as_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0


def refresh() -> None:
    """Rewrite the output shown under every console command with what it prints now."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
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
    DOC.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if "--update" in sys.argv:
        refresh()
