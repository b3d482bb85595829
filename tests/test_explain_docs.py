"""docs/readme/explain.md (the README's explain section) is executable: every `$ ` command in a
```console block runs from the repo root and prints exactly what the page shows (trailing spaces
aside); `# exit N` at the end of a command means it must exit with N.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "readme" / "explain.md"
EXIT_NOTE = re.compile(r"#\s*exit\s+(\d+)\s*$")


def console_commands(text: str) -> list[tuple[int, str, list[str]]]:
    found: list[tuple[int, str, list[str]]] = []
    inside = False
    for number, line in enumerate(text.splitlines()):
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if inside and line.startswith("$ "):
            found.append((number, line[2:], []))
        elif inside and found:
            found[-1][2].append(line)
    return found


def normalize(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_commands_for_explain_exact_formats_and_languages() -> None:
    joined = "\n".join(command for _, command, _ in COMMANDS)
    for needle in ("bpcalc explain", "--exact", "--format markdown", "--lang ko"):
        assert needle in joined


@pytest.mark.parametrize(("line", "command", "shown"), COMMANDS, ids=[c[1][:60] for c in COMMANDS])
def test_page_command_runs_as_shown(line: int, command: str, shown: list[str]) -> None:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    note = EXIT_NOTE.search(command)
    assert done.returncode == (int(note.group(1)) if note else 0), f"line {line + 1}: {done.stdout}{done.stderr}"
    assert normalize((done.stdout + done.stderr).splitlines()) == normalize(shown), f"line {line + 1}: output differs"
