"""Output to a stream that is not UTF-8 (Korean Windows' cp949, ASCII): stand-ins for what the
encoding lacks (✓ ok, — --), Hangul kept where the encoding has it, never a traceback; and
--ascii for terminals that draw box drawing and math signs two columns wide."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = str(ROOT / "examples" / "homework" / "problems.toml")
SUBMISSIONS = str(ROOT / "examples" / "homework" / "submissions")

COMMANDS = {  # name -> (arguments, expected exit code)
    "eval": (["eval", "(x + y) * z", "--x=-2", "--y=5", "--z=-4"], 0),
    "eval kink": (["eval", "max(x, y) * z", "--x=2", "--y=2", "--z=-4"], 0),
    "explain": (["explain", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "--exact"], 0),
    "explain markdown": (["explain", "x*y + x", "--x=3", "--y=-4", "--format", "markdown"], 0),
    "check": (["check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "q=3", "-a", "df/dq=-3"], 1),
    "grade": (["grade", PROBLEMS, SUBMISSIONS], 1),
    "error": (["eval", "sigmod(x)", "--x=1"], 2),
}


def _run(args: list[str], encoding: str, *extra: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "bpcalc", *args, *extra], env=env, capture_output=True, timeout=120,
                          check=False)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_cp949_output_is_readable_without_a_traceback(name: str, lang: str) -> None:
    args, code = COMMANDS[name]
    done = _run(args, "cp949", "--lang", lang)
    assert done.returncode == code, done.stderr.decode("cp949", "replace")
    text = (done.stdout + done.stderr).decode("cp949")  # decodes: every byte is cp949
    assert "Traceback" not in text
    if lang == "ko" and name != "grade":
        assert any("가" <= ch <= "힣" for ch in text), "Hangul is written as Hangul in cp949"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_ascii_output_is_ascii_without_a_traceback(name: str) -> None:
    args, code = COMMANDS[name]
    done = _run(args, "ascii", "--lang", "en")
    assert done.returncode == code, done.stderr
    assert (done.stdout + done.stderr).isascii()
    assert b"Traceback" not in done.stderr


def test_cp949_writes_stand_ins_for_check_marks() -> None:
    done = _run(COMMANDS["eval"][0], "cp949", "--lang", "en")
    text = done.stdout.decode("cp949")
    assert "✓" not in text and " ok " in text


def test_cp949_tables_stay_aligned_with_stand_ins() -> None:
    done = _run(COMMANDS["eval"][0], "cp949", "--lang", "ko")
    lines = [line for line in done.stdout.decode("cp949").splitlines() if line[:1] in "┏┃┡│└"]
    assert len(lines) >= 7
    widths = {sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in lines}
    assert len(widths) == 1


@pytest.mark.parametrize("name", ["eval", "explain", "check", "error"])
def test_ascii_option_replaces_ambiguous_width_characters_and_keeps_hangul(name: str) -> None:
    args, code = COMMANDS[name]
    done = _run(args, "utf-8", "--lang", "ko", "--ascii")
    assert done.returncode == code
    text = (done.stdout + done.stderr).decode("utf-8")
    ambiguous = [ch for ch in set(text) if unicodedata.east_asian_width(ch) == "A"]
    assert ambiguous == []
    assert any("가" <= ch <= "힣" for ch in text)


def test_ascii_option_keeps_the_table_aligned() -> None:
    done = _run(COMMANDS["eval"][0], "utf-8", "--lang", "ko", "--ascii")
    lines = [line for line in done.stdout.decode().splitlines() if line[:1] in "+|"]
    assert len(lines) >= 7
    assert len({sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in lines}) == 1


@pytest.mark.parametrize("name", ["eval", "explain", "check", "error"])
def test_korean_on_an_ascii_stream_falls_back_to_english(name: str) -> None:
    args, code = COMMANDS[name]
    done = _run(args, "ascii", "--lang", "ko")
    assert done.returncode == code
    text = (done.stdout + done.stderr).decode("ascii")
    assert "\\u" not in text
    assert any(word in text for word in ("node", "gate", "error", "right", "WRONG"))
