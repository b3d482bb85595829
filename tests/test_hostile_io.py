"""The process's edges (issue 18): stdout closed or full, a terminal without UTF-8, Ctrl-C.

These run bpcalc as a separate process, since each is about file descriptors, encodings or
signals, which click's CliRunner replaces with its own.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = "tanh(x) * y^2"
VALUES = ["--x=1", "--y=2"]

# Every command that prints to stdout, with arguments that make it print.
PRINTING = {
    "eval table": ["eval", PROGRAM, *VALUES],
    "eval json": ["eval", PROGRAM, *VALUES, "--json"],
    "eval tree": ["eval", PROGRAM, *VALUES, "--tree"],
    "eval markdown": ["eval", PROGRAM, *VALUES, "--format", "markdown"],
    "explain": ["explain", PROGRAM, *VALUES],
    "graph svg": ["graph", PROGRAM, *VALUES],
    "graph tree": ["graph", PROGRAM, *VALUES, "--format", "tree"],
    "plot": ["plot", "tanh(x)", "--x=-2:2"],
    "check": ["check", "f = x*y + x", "--x=3", "--y=-4", "-a", "df/dy=3", "-a", "df/dx=-3"],
    "ops": ["ops"],
}


def bpcalc(args: list[str], env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    if "stdout" not in kwargs:
        kwargs = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([sys.executable, "-m", "bpcalc", *args], env=environment, timeout=60,
                          **kwargs)  # type: ignore[call-overload]


@pytest.mark.parametrize("name", sorted(PRINTING))
def test_closed_stdout_is_an_error_with_exit_3(name: str) -> None:
    done = _closed(PRINTING[name])
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().strip() == "error: the output could not be written (standard output is closed)"


def _closed(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    script = 'exec "$0" -m bpcalc "$@" >&-'
    return subprocess.run(["/bin/sh", "-c", script, sys.executable, *args], stderr=subprocess.PIPE, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_closed_stdout_does_not_stop_a_command_that_writes_a_file(tmp_path: Path) -> None:
    picture = tmp_path / "g.svg"
    done = _closed(["graph", PROGRAM, *VALUES, "--output", str(picture)])
    assert done.returncode == 0, done.stderr
    assert picture.read_text(encoding="utf-8").lstrip().startswith("<")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("name", sorted(PRINTING))
def test_full_stdout_is_an_error_with_exit_3(name: str) -> None:
    with open("/dev/full", "wb") as full:
        done = bpcalc(PRINTING[name], stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().strip() == "error: the output could not be written (No space left on device)"


@pytest.mark.parametrize("name", sorted(PRINTING))
def test_ascii_stdout_gets_ascii_stand_ins(name: str) -> None:
    done = bpcalc(PRINTING[name], env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stdout.isascii() and done.stdout.strip()


def test_c_locale_without_utf8_gets_an_ascii_table() -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
    done = bpcalc(PRINTING["eval table"], env=env)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")
    assert re.search(r"\| n1   \| tanh\(x\) +\| 0\.761594 \|", text)  # the column's cells line up under the header
    assert "-> x:" in text and "dn1/dx = 0.419974" in text


def test_ascii_table_columns_stay_aligned() -> None:
    lines = bpcalc(PRINTING["eval table"], env={"PYTHONIOENCODING": "ascii"}).stdout.decode().splitlines()
    rows = [line for line in lines if line.startswith(("|", "+"))]
    assert len({len(row) for row in rows}) == 1, rows


def test_ascii_error_message_escapes_what_it_cannot_show() -> None:
    done = bpcalc(["eval", "x + 😀", "--x=1"], env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    assert b"unexpected character '\\U0001f600' (grinning face)" in done.stderr


# Commands that read the program from stdin: each is waiting there when Ctrl-C arrives.
WAITING = [["eval", "-"], ["explain", "-"], ["check", "-f", "-"], ["graph", "-"], ["plot", "-", "--x=0:1"]]


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("args", WAITING, ids=lambda args: args[0])
def test_ctrl_c_prints_one_line_and_exits_130(args: list[str]) -> None:
    process = subprocess.Popen([sys.executable, "-m", "bpcalc", *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    _wait_until_reading(process.pid)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert err.decode() == "interrupted\n"
    assert out == b""


def _wait_until_reading(pid: int) -> None:
    """Until the process blocks reading its stdin pipe (its SIGINT handler is in place by then)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            waiting_in = Path(f"/proc/{pid}/wchan").read_text()
        except OSError:
            time.sleep(3)  # no /proc: give the start-up ample time instead
            return
        if "pipe" in waiting_in:
            return
        time.sleep(0.05)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_program_file_is_refused_after_reading_the_limit(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    started = time.monotonic()
    done = bpcalc(["eval", "-f", device])
    assert done.returncode == 2
    assert done.stderr.startswith(b"error: ")
    assert time.monotonic() - started < 20  # before: 3.9 GB read in 10 s, and on


def test_endless_standard_input_is_refused_after_reading_the_limit() -> None:
    with open("/dev/zero", "rb") as zeros:
        done = bpcalc(["eval", "-"], stdin=zeros, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert b"standard input is more than 1,000,000 characters long" in done.stderr
