"""check --template / --key under --lang ko: the sheet's comments are Korean, its TOML (keys and
answers) is the same as the English sheet's."""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from tests.korean_english import english_runs

PROBLEMS = Path(__file__).resolve().parents[1] / "examples" / "homework" / "problems.toml"


@pytest.mark.parametrize(("flag", "ours"), [("--template", 10), ("--key", 4)])
def test_the_sheet_under_lang_ko_has_korean_comments_and_the_same_toml(run_cli, flag: str, ours: int) -> None:
    """`ours`: the comment lines bpcalc writes (the rest echo the problem set's own titles)."""
    english = run_cli("check", flag, str(PROBLEMS)).output
    korean = run_cli("check", flag, str(PROBLEMS), "--lang", "ko").output
    assert tomllib.loads(korean) == tomllib.loads(english)
    pairs = [(e, k) for e, k in zip(english.splitlines(), korean.splitlines()) if e.startswith("#")]
    translated = [k for e, k in pairs if e != k]
    assert len(translated) >= ours
    assert english_runs("\n".join(line.split(": ", 1)[-1] for line in translated)) == []
    assert translated[0].endswith(": 답안지" if flag == "--template" else ": 정답")


def test_the_english_sheet_keeps_its_english_comments(run_cli) -> None:
    english = run_cli("check", "--template", str(PROBLEMS)).output
    assert "# Write each answer in quotes: numbers (-4, 0.1966), fractions (-1/3), constants (e^-1)," in english
