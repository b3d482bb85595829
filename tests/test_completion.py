"""Shell completion (click's): the one line each shell's rc file gets (docs/getting-started.md)
prints a script, and bash, given that script, completes bpcalc's subcommands and options."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SUBCOMMANDS = {"eval", "explain", "graph", "plot", "check", "grade", "code", "repl", "train", "ops"}


def _bin(tmp_path: Path) -> dict[str, str]:
    """An environment whose `bpcalc` on PATH is this checkout's."""
    folder = tmp_path / "bin"
    folder.mkdir()
    wrapper = folder / "bpcalc"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m bpcalc "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}


def _complete(env: dict[str, str], words: str, cword: int) -> list[str]:
    done = subprocess.run(["bpcalc"], env={**env, "_BPCALC_COMPLETE": "bash_complete", "COMP_WORDS": words,
                                           "COMP_CWORD": str(cword)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line]


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o nosort -F _bpcalc_completion bpcalc"),
                                                ("zsh", "compdef _bpcalc_completion bpcalc"),
                                                ("fish", "complete --no-files --command bpcalc")])
def test_each_shell_gets_its_completion_script(shell: str, marker: str, tmp_path: Path) -> None:
    done = subprocess.run(["bpcalc"], env={**_bin(tmp_path), "_BPCALC_COMPLETE": f"{shell}_source"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert marker in done.stdout


def test_completion_lists_every_subcommand(tmp_path: Path) -> None:
    assert set(_complete(_bin(tmp_path), "bpcalc ", 1)) >= SUBCOMMANDS


def test_completion_finishes_an_option_of_eval(tmp_path: Path) -> None:
    assert _complete(_bin(tmp_path), "bpcalc eval --prec", 2) == ["--precision"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_with_the_documented_rc_line_completes_ev_to_eval(tmp_path: Path) -> None:
    script = ('eval "$(_BPCALC_COMPLETE=bash_source bpcalc)"\n'
              'COMP_WORDS=(bpcalc ev); COMP_CWORD=1; _bpcalc_completion bpcalc ev bpcalc\n'
              'printf "%s\\n" "${COMPREPLY[@]}"\n')
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=_bin(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["eval"]


def test_the_getting_started_page_gives_the_rc_line_for_each_shell() -> None:
    text = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    for line in ('eval "$(_BPCALC_COMPLETE=bash_source bpcalc)"', 'eval "$(_BPCALC_COMPLETE=zsh_source bpcalc)"',
                 "_BPCALC_COMPLETE=fish_source bpcalc \\| source"):
        assert line in text
