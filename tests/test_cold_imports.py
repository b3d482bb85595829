"""What a command must not import: start-up time a command pays for modules it never uses
(issue 18's cold-start target). Each test runs one command in a fresh interpreter and reads
the modules it loaded; the timings themselves are the benchmark's (benchmarks/scaling.py).
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bpcalc.render.svg import escape
from tests.conftest import ROOT

# Runs the command as `bpcalc` does (bpcalc.cli.main), then writes its exit code and the loaded
# modules' names, a line each, to the file named by the first argument (importing nothing itself:
# json would hide a command's own json); stdout is the command's own output.
_RUN = """
import sys
target, sys.argv = sys.argv[1], ["bpcalc", *sys.argv[2:]]
from bpcalc.cli import main
code = 0
try:
    main()
except SystemExit as done:
    code = done.code or 0
with open(target, "w") as handle:
    handle.write("\\n".join([str(code), *sorted(sys.modules)]))
"""


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    """The modules `bpcalc ARGS...` loads, in English, its output to a pipe; it must succeed."""
    target = tmp_path / "modules.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "FORCE_COLOR")}
    env.update(LANG="C.UTF-8", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _RUN, str(target), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    code, *modules = target.read_text().split("\n")
    assert code == "0", done.stdout + done.stderr
    return set(modules)


def _packages(modules: set[str], *names: str) -> list[str]:
    return sorted(name for name in names if name in modules or any(m.startswith(name + ".") for m in modules))


def test_ops_imports_no_numpy_sympy_parser_or_engine(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "ops")
    assert _packages(modules, "numpy", "sympy", "bpcalc.language", "bpcalc.engine", "bpcalc.checks") == []


def test_a_scalar_svg_imports_no_rich_numpy_sympy_or_array_derivations(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "graph", "x * y", "--x=1", "--y=2", "--format", "svg", "--layout", "builtin")
    assert _packages(modules, "rich", "numpy", "sympy", "bpcalc.teach.array_steps") == []


def test_an_svg_escapes_without_the_html_module(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "graph", "a < b", "--a=1", "--b=2", "--format", "svg", "--layout", "builtin")
    assert _packages(modules, "html", "xml") == []


def test_the_builtin_layout_starts_no_process(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "graph", "x * y", "--x=1", "--y=2", "--format", "svg", "--layout", "builtin")
    assert _packages(modules, "subprocess", "bpcalc.render.layout_dot") == []


def test_dot_and_mermaid_load_no_layout_and_no_svg_writer(tmp_path: Path) -> None:
    for fmt in ("dot", "mermaid"):
        modules = _loaded(tmp_path, "graph", "x * y", "--x=1", "--y=2", "--format", fmt)
        assert _packages(modules, "bpcalc.render.layout", "bpcalc.render.svg", "rich") == [], fmt


def test_grade_dry_run_loads_no_marker_no_json_and_no_rich(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "grade", "--dry-run", "examples/homework/problems.toml")
    assert _packages(modules, "bpcalc.homework.diagnose", "bpcalc.homework.own_numbers", "bpcalc.homework.precision",
                     "json", "rich", "numpy", "sympy") == []


def test_an_english_command_loads_no_translation_tables(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "eval", "x * y", "--x=1", "--y=2", "--no-check")
    assert _packages(modules, "bpcalc.teach.i18n", "bpcalc.teach.korean_rows", "bpcalc.base.korean",
                     "bpcalc.teach.messages_ko") == []


@given(st.text())
def test_the_svg_escape_writes_what_html_escape_writes(text: str) -> None:
    assert escape(text) == html.escape(text, quote=False)
