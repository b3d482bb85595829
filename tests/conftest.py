from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from bpcalc.cli import cli

ROOT = Path(__file__).resolve().parent.parent

# Property tests: no per-example deadline (a loaded 2-core CI machine is slow, not wrong), no
# example database, and Hypothesis's own caches in a fresh temporary folder, not the checkout.
settings.register_profile("bpcalc", deadline=None, database=None)
settings.load_profile("bpcalc")
_hypothesis_home = tempfile.mkdtemp(prefix="bpcalc-hypothesis-")
set_hypothesis_home_dir(_hypothesis_home)
atexit.register(shutil.rmtree, _hypothesis_home, True)

# Caches that tools keep in the checkout on purpose (all listed in .gitignore): not test output.
_CACHES = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".venv", "build", "dist",
           ".mypy_cache", ".import_linter_cache"}


def repository_state(root: Path = ROOT) -> dict[str, tuple[int, int]]:
    """(size, modification time) of every file of the checkout outside tool caches, so that a
    rewrite is seen even when it writes the same bytes back; `git status` is not needed."""
    state: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _CACHES and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder, name)
            try:
                stat = path.lstat()
            except OSError:
                continue
            state[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return state


def git_status(root: Path = ROOT) -> str | None:
    """`git status --porcelain` of the checkout, or None outside git (or without git)."""
    if shutil.which("git") is None or not (root / ".git").exists():
        return None
    done = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


@pytest.fixture(scope="session", autouse=True)
def the_suite_leaves_the_repository_unchanged():
    """Tests write into tmp_path only: a file of the checkout created, removed or rewritten by the
    suite fails the session (seen at teardown of the last test)."""
    before, status = repository_state(), git_status()
    yield
    changed = changed_files(before, repository_state())
    if changed:  # a commit or `git add` during the run changes git status but no file: not counted
        pytest.fail("the test suite wrote into the repository: " + ", ".join(changed)
                    + f"\ngit status before:\n{status}\nafter:\n{git_status()}", pytrace=False)


@pytest.fixture
def run_cli():
    """Run `bpcalc ARGS...` in-process; returns click's Result (stdout, stderr, exit_code)."""

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(autouse=True)
def grading_in_this_process_does_not_fork(monkeypatch):
    """In-process tests grade on one core: forking this process, which holds JAX's threads once
    the reference tests have run, can deadlock the child. The pool itself is tested in fresh
    processes (tests/test_grade_jobs.py)."""
    from bpcalc.homework import parallel

    monkeypatch.setattr(parallel, "default_jobs", lambda: 1)
