"""The shipped example graders (examples/gradescope/) run as the platforms run them, against fake
roots built in tmp_path: Gradescope's /autograder tree (source/, submission/, metadata) and
PrairieLearn's /grade tree (tests/, student/). Scores worked by hand in test_platform_gradescope.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_platform_formats import GRADESCOPE_SCHEMA, PRAIRIELEARN_SCHEMA, valid

EXAMPLE = ROOT / "examples" / "gradescope"
SUBMISSIONS = EXAMPLE / "submissions"
EXPECTED = {"right": 22.0, "sign_flip": 20.25, "malformed": 0.0}


def run(script: Path, env_name: str, root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, env_name: str(root), "PYTHONPATH": str(ROOT)}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=120)


def gradescope_root(tmp_path: Path, kind: str) -> Path:
    """The tree Gradescope builds: the autograder zip unpacked in source/, run_autograder copied up."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    for name in ("setup.sh", "run_autograder", "problems.toml"):
        shutil.copy(EXAMPLE / name, root / "source" / name)
    shutil.copy(EXAMPLE / "run_autograder", root / "run_autograder")
    shutil.copytree(SUBMISSIONS / kind, root / "submission")
    shutil.copy(EXAMPLE / "submission_metadata.json", root / "submission_metadata.json")
    return root


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_run_autograder_writes_a_valid_results_json_with_the_hand_worked_score(tmp_path: Path, kind: str) -> None:
    root = gradescope_root(tmp_path, kind)
    done = run(root / "run_autograder", "AUTOGRADER_ROOT", root)
    assert done.returncode == 0, done.stderr
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert valid(doc, GRADESCOPE_SCHEMA)
    assert doc["score"] == EXPECTED[kind]
    assert sum(t["max_score"] for t in doc["tests"]) == 22.0
    assert doc["extra_data"]["student"] == "Ada Lovelace"  # from the metadata


def test_the_malformed_submission_says_it_could_not_be_graded(tmp_path: Path) -> None:
    root = gradescope_root(tmp_path, "malformed")
    run(root / "run_autograder", "AUTOGRADER_ROOT", root)
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert doc["output"].startswith("**Your submission could not be graded:**")


def test_setup_sh_is_valid_bash_that_installs_bpcalc() -> None:
    text = (EXAMPLE / "setup.sh").read_text(encoding="utf-8")
    assert subprocess.run(["bash", "-n", str(EXAMPLE / "setup.sh")]).returncode == 0
    assert "pip install" in text and os.access(EXAMPLE / "setup.sh", os.X_OK)


def prairielearn_root(tmp_path: Path, kind: str) -> Path:
    root = tmp_path / "grade"
    (root / "tests").mkdir(parents=True)
    shutil.copy(EXAMPLE / "problems.toml", root / "tests" / "problems.toml")
    shutil.copytree(SUBMISSIONS / kind, root / "student")
    return root


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_the_prairielearn_grader_writes_a_valid_results_json(tmp_path: Path, kind: str) -> None:
    root = prairielearn_root(tmp_path, kind)
    done = run(EXAMPLE / "run_prairielearn", "GRADE_ROOT", root)
    assert done.returncode == 0, done.stderr
    raw = (root / "results" / "results.json").read_bytes()
    doc = json.loads(raw)
    assert valid(doc, PRAIRIELEARN_SCHEMA) and len(raw) <= 1_000_000
    assert doc["score"] == pytest.approx(EXPECTED[kind] / 22.0)
    if kind == "malformed":
        assert doc["gradable"] is False and doc["format_errors"][0].startswith("answers.toml is not valid TOML")
    else:
        assert doc["gradable"] is True
        assert sum(t["max_points"] for t in doc["tests"]) == 22.0
        assert sum(t["points"] for t in doc["tests"]) == EXPECTED[kind]
