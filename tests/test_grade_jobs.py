"""`grade --jobs N` grades in parallel and writes exactly what the serial run writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bpcalc.homework.parallel import MIN_FILES_PER_JOB
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


def grade(problems: Path, folder: Path, out: Path, jobs: int) -> dict[str, bytes]:
    """Every output of one run: stdout, the CSV, the JSON, the class report and each per-student report."""
    out.mkdir()
    runs = [
        ["--csv", str(out / "scores.csv"), "--reports", str(out / "reports"), "--summary", str(out / "summary.json")],
        ["--json"],
    ]
    found: dict[str, bytes] = {}
    for n, extra in enumerate(runs):
        done = subprocess.run([sys.executable, "-m", "bpcalc", "grade", str(problems), str(folder), "--jobs", str(jobs),
                               *extra], cwd=ROOT, capture_output=True, timeout=300)
        assert done.returncode in (0, 1), done.stderr
        found[f"stdout {n}"], found[f"exit {n}"] = done.stdout, bytes([done.returncode])
    for path in sorted(out.rglob("*")):
        if path.is_file():
            found[str(path.relative_to(out))] = path.read_bytes()
    return found


def generated_class(folder: Path, copies: int) -> Path:
    """The shipped submissions, each handed in `copies` times under other names (right, wrong, broken)."""
    folder.mkdir()
    sources = sorted((EXAMPLES / "homework" / "submissions").iterdir())
    for k in range(copies):
        for source in sources:
            text = source.read_text(encoding="utf-8").replace('student = "', f'student = "{k:02d} ', 1)
            (folder / f"{k:02d}-{source.name}").write_text(text, encoding="utf-8")
    (folder / "broken.toml").write_text("this is = not [toml\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("problems", "folder"), [
    (EXAMPLES / "homework" / "problems.toml", EXAMPLES / "homework" / "submissions"),
    (EXAMPLES / "gradescope" / "problems.toml", EXAMPLES / "gradescope" / "class"),
], ids=["homework", "gradescope-class"])
def test_two_jobs_write_byte_identical_outputs_on_the_shipped_examples(tmp_path: Path, problems: Path,
                                                                        folder: Path) -> None:
    assert grade(problems, folder, tmp_path / "one", 1) == grade(problems, folder, tmp_path / "two", 2)


def test_two_jobs_write_byte_identical_outputs_on_a_generated_class(tmp_path: Path) -> None:
    folder = generated_class(tmp_path / "class", copies=12)
    assert len(list(folder.iterdir())) > 2 * MIN_FILES_PER_JOB  # large enough for a pool of two
    problems = tmp_path / "problems.toml"
    shutil.copy(EXAMPLES / "homework" / "problems.toml", problems)
    serial, parallel = grade(problems, folder, tmp_path / "one", 1), grade(problems, folder, tmp_path / "two", 2)
    assert serial == parallel
    assert serial["scores.csv"].count(b"\n") > 2 * MIN_FILES_PER_JOB


POOL_PROBE = """
import sys
from pathlib import Path
from bpcalc.homework import batch, parallel
from bpcalc.homework.problems import load_problem_set
problem_set = load_problem_set(Path(sys.argv[1]))
solved = batch.solve_all(problem_set)
files = batch.submission_files(Path(sys.argv[2]))
pooled = []
real = parallel._pooled
parallel._pooled = lambda *a: pooled.append(a[3]) or real(*a)
results = []
parallel.grade_files(files, problem_set, solved, 2, results.append)
assert pooled == [2], pooled
assert [r.path for r in results] == files
assert [r.score for r in results] == [batch.grade_file(f, problem_set, solved).score for f in files]
print("pooled", len(results))
"""


def test_the_pool_is_used_for_a_large_class(tmp_path: Path) -> None:
    # in a fresh process: forking this one (which may hold JAX's threads) could deadlock
    folder = generated_class(tmp_path / "class", copies=8)
    done = subprocess.run([sys.executable, "-c", POOL_PROBE, str(EXAMPLES / "homework" / "problems.toml"), str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"pooled {8 * 3 + 1}"
