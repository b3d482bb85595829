"""click's frame around a usage error (Usage:, Try ... for help., Error:) follows --lang and LANG,
as the message inside it already does; English keeps click's own frame."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.korean_english import english_runs

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": lang, "LC_ALL": "", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "bpcalc", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_an_unknown_command_under_lang_ko_is_framed_in_korean() -> None:
    done = _run("evl", "--lang", "ko")
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["사용법: bpcalc [OPTIONS] COMMAND [ARGS]...",
                                        "도움말은 'bpcalc --help'로 볼 수 있습니다.", "",
                                        "오류: 그런 명령은 없습니다: 'evl'"]


def test_a_bad_option_value_under_a_korean_locale_has_no_english_sentence() -> None:
    done = _run("eval", "x", "--x=1", "--precision=abc", lang="ko_KR.UTF-8")
    assert done.returncode == 2
    assert done.stderr.startswith("사용법: bpcalc eval [OPTIONS]\n")
    assert english_runs(done.stderr) == [], done.stderr


def test_english_keeps_clicks_own_frame() -> None:
    done = _run("eval", "x", "--x=1", "--precision=abc")
    assert done.returncode == 2
    assert done.stderr.splitlines()[:3] == ["Usage: bpcalc eval [OPTIONS]", "Try 'bpcalc eval --help' for help.", ""]
    assert done.stderr.splitlines()[3].startswith("Error: Invalid value for '--precision'")


def test_a_bad_limit_option_under_lang_ko_has_no_english_sentence() -> None:
    for option in ("--max-source=abc", "--max-source=0", "--max-memory=abc"):
        done = _run("eval", "x", "--x=1", option, "--lang", "ko")
        assert done.returncode == 2
        last = done.stderr.splitlines()[-1]
        assert last.startswith("오류: ") and english_runs(last) == [], last
