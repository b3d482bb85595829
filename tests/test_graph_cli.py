"""`bpcalc graph` on the command line: formats chosen by flag or by -o's extension, and bad
input answered with a one-screen message and exit code 2."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bpcalc.cli import graph_cmd

CIRCUIT = ["q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4"]


def test_the_default_is_the_terminal_tree(run_cli) -> None:
    done = run_cli("graph", *CIRCUIT)
    assert done.exit_code == 0
    assert done.stdout.splitlines()[0] == "f = q * z  mul gate  value -12  grad 1"


@pytest.mark.parametrize(("fmt", "start"), [
    ("svg", '<svg xmlns="http://www.w3.org/2000/svg"'),
    ("dot", "digraph bpcalc {"),
    ("mermaid", "flowchart LR"),
    ("html", "<!DOCTYPE html>"),
    ("tree", "f = q * z"),
])
def test_each_text_format_goes_to_stdout(run_cli, fmt: str, start: str) -> None:
    done = run_cli("graph", *CIRCUIT, "--format", fmt, "--layout", "builtin")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(start)


@pytest.mark.parametrize(("name", "check"), [
    ("g.svg", lambda text: ET.fromstring(text).tag.endswith("svg")),
    ("g.gv", lambda text: text.startswith("digraph")),
    ("g.mmd", lambda text: text.startswith("flowchart LR")),
    ("g.html", lambda text: "<svg" in text and "bp-step" in text),
    ("g.txt", lambda text: text.startswith("f = q * z")),
])
def test_the_output_file_extension_picks_the_format(run_cli, tmp_path: Path, name: str, check) -> None:
    target = tmp_path / name
    done = run_cli("graph", *CIRCUIT, "-o", str(target), "--layout", "builtin")
    assert done.exit_code == 0, done.output
    assert check(target.read_text(encoding="utf-8"))
    assert f"wrote {target}" in done.stderr or name.endswith(".txt")


def test_png_file(run_cli, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "g.png"
    done = run_cli("graph", *CIRCUIT, "-o", str(target), "--layout", "builtin")
    assert done.exit_code == 0, done.output
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_an_unknown_extension_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    done = run_cli("graph", *CIRCUIT, "-o", str(tmp_path / "g.jpeg"))
    assert done.exit_code == 2
    assert "cannot tell the format from" in done.stderr
    assert "Traceback" not in done.output


def test_the_format_flag_wins_over_the_extension(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "g.txt"
    done = run_cli("graph", *CIRCUIT, "-o", str(target), "--format", "dot")
    assert done.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("digraph")


def test_asking_for_graphviz_layout_without_graphviz_says_what_to_install(run_cli, monkeypatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    done = run_cli("graph", *CIRCUIT, "--format", "svg", "--layout", "dot")
    assert done.exit_code == 2
    assert "needs Graphviz's dot program" in done.stderr
    assert "apt-get install graphviz" in done.stderr


def test_auto_layout_without_graphviz_still_draws(run_cli, monkeypatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    done = run_cli("graph", *CIRCUIT, "--format", "svg")
    assert done.exit_code == 0
    assert ET.fromstring(done.stdout).tag.endswith("svg")


def test_a_syntax_error_is_shown_with_a_caret_and_exit_code_2(run_cli) -> None:
    done = run_cli("graph", "(x + ", "--x=1")
    assert done.exit_code == 2
    assert "^" in done.stderr
    assert "Traceback" not in done.output


def test_a_missing_value_is_an_input_error(run_cli) -> None:
    done = run_cli("graph", "x * y", "--x=1")
    assert done.exit_code == 2
    assert "no value for the variable 'y'" in done.stderr


def test_an_unwritable_output_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    done = run_cli("graph", *CIRCUIT, "-o", str(tmp_path / "missing" / "g.svg"))
    assert done.exit_code == 2
    assert "cannot write" in done.stderr


def test_the_graph_command_does_not_import_sympy() -> None:
    code = ("import sys; from bpcalc.cli import cli; "
            "cli(['graph', 'x * y', '--x=1', '--y=2', '--format', 'dot'], standalone_mode=False); "
            "print('sympy' in sys.modules, 'matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "False False"


def test_every_extension_maps_to_a_known_format() -> None:
    assert set(graph_cmd.EXTENSIONS.values()) <= set(graph_cmd.FORMATS)
