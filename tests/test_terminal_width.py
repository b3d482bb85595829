"""What a person sees on a terminal of 80, 100 or 160 columns, through a pseudo-terminal: the eval
table keeps one line per node (the long local-gradient text moves under the table), explain wraps
under its indent, and no text is eaten as rich markup (`x[i]`, `1[i = j]`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
    pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning"),
]

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
RELU_VECTOR = ("eval", "-f", "examples/relu_vector.bp")


def on_terminal(columns: int, *args: str) -> list[str]:
    """The lines `bpcalc ARGS` shows on a terminal `columns` wide, control sequences removed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": str(columns),
           "LINES": "200"}
    env.pop("FORCE_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "bpcalc", *args], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(200, columns), timeout=120)
    child.expect(pexpect.EOF)
    child.close()
    text = ANSI.sub("", child.before).replace("\r", "")
    return text.rstrip("\n").split("\n")


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_no_line_of_the_relu_vector_table_is_wider_than_the_terminal(columns: int) -> None:
    from rich.cells import cell_len

    lines = on_terminal(columns, *RELU_VECTOR)
    assert max(cell_len(line.rstrip()) for line in lines) <= columns


@pytest.mark.parametrize("columns", [80, 100])
def test_the_relu_vector_example_fits_in_twenty_lines_with_one_line_per_node(columns: int) -> None:
    lines = on_terminal(columns, *RELU_VECTOR)
    assert len(lines) <= 20, "\n".join(lines)
    rows = [line for line in lines if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == ["x", "h", "w", "n3", "L"]  # no row wraps


def test_the_brief_relu_example_fits_in_twenty_lines_at_80_columns() -> None:
    lines = on_terminal(80, "eval", "sum(relu(x))", "--x=[1, -2, 3, -1]")
    assert len(lines) <= 20, "\n".join(lines)


def test_on_80_columns_each_input_edge_gets_a_line_under_the_table() -> None:
    lines = on_terminal(80, *RELU_VECTOR)
    assert any(line.startswith("local gradient → downstream") for line in lines)
    edges = [line for line in lines if "diagonal Jacobian, diag =" in line]
    assert len(edges) == 3  # h from x, n3 from w and from h
    assert any("∂n3/∂h: diagonal Jacobian, diag = [0.5, -1, 2, 4]  → h: [0.5, -1, 2, 4]" in line for line in edges)


def test_at_160_columns_a_table_that_fits_keeps_its_full_headers() -> None:
    lines = on_terminal(160, "eval", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4")
    header = next(line for line in lines if line.startswith("┃"))
    assert "local gradient" in header and "downstream = upstream × local" in header
    assert not any(line.startswith("local gradient → downstream") for line in lines)


def test_wide_keeps_the_local_gradients_in_the_table_at_80_columns() -> None:
    lines = on_terminal(80, *RELU_VECTOR, "--wide")
    assert not any(line.startswith("local gradient → downstream") for line in lines)
    assert any(line.startswith("│") and "Jacobian" in line for line in lines)  # in the table's cells, wrapped there


def test_a_scalar_table_at_80_columns_keeps_its_columns_under_short_headers() -> None:
    lines = on_terminal(80, "eval", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4")
    header = next(line for line in lines if line.startswith("┃"))
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == [
        "node", "operation", "value", "dL/dnode", "local", "downstream", "check"]
    assert any("│ ∂f/∂q = -4 │ → q: -4" in line for line in lines)


def test_a_long_title_is_cut_at_the_terminal_edge_not_wrapped() -> None:
    lines = on_terminal(80, *RELU_VECTOR)
    assert lines[0].startswith("bpcalc: # An elementwise relu") and lines[0].rstrip().endswith("…")
    assert lines[1].startswith("┏")


def test_explain_wraps_a_long_line_under_its_own_indent_at_80_columns() -> None:
    lines = on_terminal(80, "explain", "-f", "examples/relu_vector.bp", "--lang", "en")
    start = next(k for k, line in enumerate(lines) if line.startswith("    sum gate: an add gate over entries"))
    assert lines[start + 1].startswith("      receives the upstream gradient")


def test_ops_on_a_terminal_shows_index_syntax_and_indicator_rules_as_written() -> None:
    text = "\n".join(on_terminal(200, "ops"))
    for written in ("x[i]", "W[i, :]", "x[a:b]", "s[y]"):  # each piece of index's syntax, wrapped or not
        assert written in text
    assert "p_i (1[i = j] - p_j)" in text


def test_an_index_in_the_eval_table_on_a_terminal_is_shown_as_written() -> None:
    lines = on_terminal(100, "eval", "y = x[0] * 2; z = y + x[1]", "--x=[1, 2]")
    assert any("│ x[0] " in line for line in lines)
    assert lines[0] == "bpcalc: y = x[0] * 2; z = y + x[1]"


def test_the_piped_title_line_has_no_trailing_spaces() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bpcalc", "eval", "(x + y) * z", "--x=-2", "--y=5", "--z=-4"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    first = done.stdout.splitlines()[0]
    assert first == "bpcalc: (x + y) * z"
