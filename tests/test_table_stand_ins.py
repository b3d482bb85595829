"""The rich table on a stream that lacks some of its characters (cp949 has no ✓ or …): its
columns are measured on the stand-ins that are written (`ok`), so every border lines up (#18)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _rich_table_lines(*args: str) -> list[str]:
    """The table's lines as rich draws them (FORCE_COLOR: rich even into a pipe) on cp949."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "cp949", "FORCE_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "bpcalc", *args], env=env, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("cp949", "replace")
    text = _ANSI.sub("", done.stdout.decode("cp949"))
    return [line for line in text.splitlines() if line[:1] in "+|┏┃┡│└"]


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_rich_table_rows_line_up_where_a_check_mark_becomes_ok() -> None:
    lines = _rich_table_lines("eval", "(x + y) * z", "--x=-2", "--y=5", "--z=-4", "--lang", "en")
    assert any(" ok " in line for line in lines)  # the stand-in is there, ✓ is not
    assert len(lines) >= 9
    assert len({_columns(line) for line in lines}) == 1, lines


def test_rich_table_rows_line_up_with_korean_headers_and_stand_ins() -> None:
    lines = _rich_table_lines("eval", "max(x, y) * z", "--x=2", "--y=2", "--z=-4", "--lang", "ko")
    assert any("노드" in line for line in lines)
    assert len({_columns(line) for line in lines}) == 1, lines
