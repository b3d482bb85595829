"""README.md and every page under docs/ are executable documentation: every `$ ` command in a
```console block must print exactly what the page shows (trailing spaces aside), and every
`>>> ` example in a page runs as a doctest.

Each command runs in a fresh temporary folder holding copies of the inputs the pages name
(examples/, docs/, benchmarks/), so a command that writes a file (`-o docs/images/...`) writes
into that copy, never into the checkout.

A command ending in `# exit N` must exit with N; others must exit 0. To refresh the shown
output of every page after an intended change: `python -m tests.test_readme --update`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
EXIT_NOTE = re.compile(r"#\s*exit\s+(\d+)\s*$")
INPUTS = ("examples", "docs", "benchmarks")  # what README commands read, copied for each run


def console_commands(text: str) -> list[tuple[int, str, list[str]]]:
    """(line number, command, shown output lines) for each `$ ` line in console blocks."""
    found: list[tuple[int, str, list[str]]] = []
    inside = False
    for number, line in enumerate(text.splitlines()):
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            found.append((number, line[2:], []))
        elif found:
            found[-1][2].append(line)
    return found


def sandbox(folder: Path) -> Path:
    """A working folder laid out like the checkout, with copies of INPUTS."""
    for name in INPUTS:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def run_shell(command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a documented command in `cwd`, or in a fresh sandbox() when none is given."""
    if cwd is None:
        with tempfile.TemporaryDirectory() as folder:
            return run_shell(command, sandbox(Path(folder)))
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # The checkout is what is documented: an older installed bpcalc must not answer instead.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def normalize(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def documents() -> list[Path]:
    """README.md and every Markdown page of the documentation site, in a fixed order."""
    return [README, *sorted((ROOT / "docs").rglob("*.md"))]


def _where(document: Path) -> str:
    return str(document.relative_to(ROOT))


COMMANDS = [(document, *found) for document in documents() for found in console_commands(document.read_text(encoding="utf-8"))]
README_COMMANDS = [c for c in COMMANDS if c[0] == README]


@pytest.mark.parametrize(("document", "line", "command", "shown"), COMMANDS,
                         ids=[f"{_where(c[0])}:{c[1] + 1}:{c[2][:50]}" for c in COMMANDS])
def test_documented_command_runs_as_shown(document: Path, line: int, command: str, shown: list[str], tmp_path: Path) -> None:
    done = run_shell(command, sandbox(tmp_path))
    note = EXIT_NOTE.search(command)
    expected_code = int(note.group(1)) if note else 0
    where = f"{_where(document)} line {line + 1}"
    assert done.returncode == expected_code, f"{where}: {command}\n{done.stdout}\n{done.stderr}"
    printed = normalize((done.stdout + done.stderr).splitlines())
    assert printed == normalize(shown), f"{where}: output differs (python -m tests.test_readme --update refreshes it)"
    # A command that draws a committed picture must draw exactly the committed file.
    for drawn in sorted((tmp_path / "docs").rglob("*")):
        committed = ROOT / drawn.relative_to(tmp_path)
        if drawn.is_file():
            assert drawn.read_bytes() == committed.read_bytes(), f"{where} draws {committed.name} differently"


DOCTESTED = [document for document in documents() if "\n>>> " in document.read_text(encoding="utf-8")]


@pytest.mark.parametrize("document", DOCTESTED, ids=[_where(d) for d in DOCTESTED])
def test_documented_python_examples_run_as_shown(document: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    monkeypatch.chdir(ROOT)  # the examples name files as paths from the repository root (read only)
    failures, tried = doctest.testfile(str(document), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0, f"{_where(document)}: {failures} of {tried} examples differ"


def test_readme_has_commands_to_run() -> None:
    assert len(README_COMMANDS) >= 4


def test_readme_and_the_site_have_python_examples() -> None:
    assert README in DOCTESTED
    assert ROOT / "docs" / "api.md" in DOCTESTED


def test_readme_is_a_front_page_under_250_lines() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) < 250


def test_readme_links_to_every_page_of_the_site() -> None:
    text = README.read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((docs/[^)#]+\.md)", text))
    pages = {_where(page) for page in sorted((ROOT / "docs").rglob("*.md"))}
    assert pages - linked == set(), "README.md links to every docs page"


def test_quickstart_is_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Quickstart.*?```sh\n(.*?)```", text, re.S)
    assert block, "README starts with a Quickstart section holding one ```sh block"
    commands = [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[0].startswith("pip install .") and "bpcalc eval" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_language_page_ops_table_matches_the_registry() -> None:
    from bpcalc.cli.ops_cmd import ops_markdown

    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- ops-table:start -->\n(.*?)\n<!-- ops-table:end -->", text, re.S)
    assert table, "docs/language.md holds the ops table between ops-table markers"
    assert table.group(1).strip() == ops_markdown().strip(), "python -m tests.test_readme --update refreshes it"


def refresh_outputs(document: Path) -> None:
    """Rewrite the output shown under every console command of `document` with what it prints now."""
    lines = document.read_text(encoding="utf-8").splitlines()
    inside = False
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if inside and line.startswith("$ "):
            done = run_shell(line[2:])  # in a fresh sandbox
            out.extend(normalize((done.stdout + done.stderr).splitlines()))
            while i < len(lines) and not lines[i].startswith("$ ") and not lines[i].startswith("```"):
                i += 1
    document.write_text("\n".join(out) + "\n", encoding="utf-8")


def refresh_readme() -> None:
    refresh_outputs(README)


def refresh_ops_table(page: Path) -> None:
    """The `bpcalc ops --markdown` table between the page's ops-table markers, as the registry says now."""
    from bpcalc.cli.ops_cmd import ops_markdown

    text = page.read_text(encoding="utf-8")
    start, end = "<!-- ops-table:start -->\n", "\n<!-- ops-table:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    page.write_text(head + start + ops_markdown().strip() + end + tail, encoding="utf-8")


def refresh_all() -> None:
    """Every document's shown outputs, and the generated reference pages."""
    from tests import docs_generated

    docs_generated.update()
    refresh_ops_table(ROOT / "docs" / "language.md")
    for document in documents():
        if console_commands(document.read_text(encoding="utf-8")):
            refresh_outputs(document)


if __name__ == "__main__":
    if "--update" in sys.argv:
        refresh_all()
