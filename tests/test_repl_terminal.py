"""`bpcalc` on a terminal, driven through a pseudo-terminal as a person types: the prompt,
statements, a changed input, Tab completion, :explain, :step, Ctrl-D, history across runs."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
    # forkpty after JAX started its threads (other tests import it) warns; the child execs bpcalc at once.
    pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning"),
]

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")
# A fresh prompt starts a line; prompt_toolkit's redraws of the line being typed do not.
PROMPT = re.compile(r"\n(?:\x1b\[[0-9;?]*[A-Za-z])*bp>")


def start(state: Path, *args: str):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_STATE_HOME": str(state), "TERM": "xterm",
           "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "bpcalc", *args], env=env, cwd=str(state), encoding="utf-8",
                          dimensions=(50, 200), timeout=60)
    until_prompt(child)
    return child


def until_prompt(child) -> str:
    """Everything printed up to the next prompt, without the terminal's control sequences."""
    child.expect(PROMPT)
    return ANSI.sub("", child.before).replace("\r", "")


def type_line(child, line: str) -> str:
    child.send(line + "\r")
    return until_prompt(child)


def leave(child) -> int:
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


@pytest.fixture
def circuit(tmp_path: Path):
    child = start(tmp_path)
    type_line(child, "q = x + y")
    type_line(child, "f = q * z")
    type_line(child, "let x = -2")
    yield child
    if child.isalive():
        child.terminate(force=True)


def test_bare_bpcalc_on_a_terminal_opens_the_session_with_a_prompt(tmp_path: Path) -> None:
    child = start(tmp_path)
    assert "bpcalc" in ANSI.sub("", child.before) and ":help" in ANSI.sub("", child.before)
    assert leave(child) == 0


def test_typing_the_circuit_shows_its_table(circuit) -> None:
    shown = type_line(circuit, ":set y=5 z=-4")
    assert "output L = f = -12" in shown
    assert "dL/dx = -4" in shown and "dL/dz = 3" in shown


def test_changing_z_shows_the_new_value_and_gradients(circuit) -> None:
    type_line(circuit, ":set y=5 z=-4")
    shown = type_line(circuit, "let z = 3")
    assert "output L = f = 9" in shown
    assert "dL/dx = 3" in shown and "dL/dz = 3" in shown


def test_tab_completes_sigm_to_sigmoid(circuit) -> None:
    type_line(circuit, ":set y=5 z=-4")
    circuit.send("sigm")
    circuit.send("\t")
    shown = type_line(circuit, "(x)")
    assert "sigmoid(x)" in shown
    assert "output L = n" in shown and "= 0.119203" in shown  # sigmoid(-2)


def test_explain_and_step_run_inside_the_session(circuit) -> None:
    type_line(circuit, ":set y=5 z=-4")
    explained = type_line(circuit, ":explain")
    assert "Backward pass" in explained and "dL/dq" in explained
    stepped = type_line(circuit, ":step 0.1 x,z")
    assert "x: -2 → -1.6" in stepped  # -2 - 0.1 × (-4)
    assert "z: -4 → -4.3" in stepped  # -4 - 0.1 × 3
    assert "output f: -12 → -14.62" in stepped  # (-1.6 + 5) × -4.3


def test_an_error_shows_a_caret_and_the_session_goes_on(circuit) -> None:
    shown = type_line(circuit, "(x + ) * 2")
    assert "error" in shown and "^" in shown
    assert circuit.isalive()
    assert "output L = f = -12" in type_line(circuit, ":set y=5 z=-4")


def test_ctrl_d_leaves_with_status_zero(circuit) -> None:
    assert leave(circuit) == 0


def test_history_survives_a_restart(tmp_path: Path) -> None:
    first = start(tmp_path)
    type_line(first, "let x = 4")
    type_line(first, "x * 3")
    assert leave(first) == 0
    assert (tmp_path / "bpcalc" / "history").is_file()
    second = start(tmp_path)
    second.send("\x1b[A")  # the up arrow: the last line typed, from the previous session
    recalled = type_line(second, "")
    assert "x * 3" in recalled and "needs a value for x" in recalled
    assert "= 12" in type_line(second, "let x = 4")
    assert leave(second) == 0


def test_ctrl_c_drops_an_unfinished_statement_and_the_session_goes_on(tmp_path: Path) -> None:
    child = start(tmp_path)
    child.send("(x +\r")
    child.expect(r"\n(?:\x1b\[[0-9;?]*[A-Za-z])*\.\.\.")  # the continuation prompt
    child.send("\x03")
    until_prompt(child)
    type_line(child, "let x = 4")
    shown = type_line(child, "x * 3")
    assert "error" not in shown and "= 12" in shown
    assert leave(child) == 0
