"""`bpcalc grade --prairielearn`: results.json per PrairieLearn's external-grading guide.

Hand-worked: the sign-flip sheet scores 20.25 of 22 (see test_platform_gradescope.py), so
score = 20.25 / 22; its df/dq test has 0.25 of 1 point and says it should be -4.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bpcalc.homework.platforms.prairielearn import MAX_RESULTS_BYTES, encoded, fit
from tests.conftest import ROOT
from tests.test_platform_formats import PRAIRIELEARN_SCHEMA, valid

EXAMPLE = ROOT / "examples" / "gradescope"
PROBLEMS = EXAMPLE / "problems.toml"
SIGN_FLIP = (EXAMPLE / "submissions" / "sign_flip" / "answers.toml").read_text(encoding="utf-8")


def grade(run_cli, tmp_path: Path, files: dict[str, str], *extra: str) -> dict:
    root = tmp_path / "grade"
    (root / "student").mkdir(parents=True)
    for name, text in files.items():
        (root / "student" / name).write_text(text, encoding="utf-8")
    done = run_cli("grade", "--prairielearn", str(PROBLEMS), "--root", str(root), *extra)
    assert done.exit_code == 0, done.output
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert valid(doc, PRAIRIELEARN_SCHEMA)
    return doc


def test_the_score_is_the_share_of_the_total(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, tmp_path, {"answers.toml": SIGN_FLIP})
    assert doc["score"] == pytest.approx(20.25 / 22)
    assert doc["message"].startswith("20.25 of 22 points; circuit: first mistake: df/dq")


def test_each_answer_is_a_test_with_points_and_a_message(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, tmp_path, {"answers.toml": SIGN_FLIP})
    test = next(t for t in doc["tests"] if t["name"] == "circuit: df/dq")
    assert (test["points"], test["max_points"]) == (0.25, 1.0)
    assert test["message"].startswith("df/dq = 4: wrong (sign error); should be -4")
    assert test["description"] == "the gradient df/dq"


def test_hidden_expected_answers_stay_out_of_messages_and_output(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, tmp_path, {"answers.toml": SIGN_FLIP}, "--hide-expected", "always")
    test = next(t for t in doc["tests"] if t["name"] == "circuit: df/dq")
    assert test["message"] == "df/dq = 4: wrong (sign error)"
    assert "should be" not in json.dumps(doc)


def test_after_due_date_is_gradescopes_and_refused_here(run_cli, tmp_path: Path) -> None:
    (tmp_path / "student").mkdir()
    done = run_cli("grade", "--prairielearn", str(PROBLEMS), "--root", str(tmp_path), "--hide-expected",
                   "after_due_date")
    assert done.exit_code == 2


def test_an_unreadable_sheet_is_not_gradable_so_no_attempt_is_used(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, tmp_path, {"answers.toml": "[circuit\n"})
    assert doc["gradable"] is False and doc["score"] == 0.0
    assert doc["format_errors"][0].startswith("answers.toml is not valid TOML")
    assert "No attempt was used" in doc["message"]


def test_no_answer_file_is_not_gradable(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, tmp_path, {"notes.txt": "hello"})
    assert doc["gradable"] is False
    assert doc["format_errors"] == ["no answer file (.toml) was uploaded; found: ignored notes.txt: not an answer file"]


def test_a_results_file_over_one_megabyte_is_shrunk_to_fit() -> None:
    tests = [{"name": f"t{n}", "description": "", "points": 1.0, "max_points": 1.0, "message": "m" * 500,
              "output": "o" * 500} for n in range(3000)]  # about 3 MB
    doc = fit({"gradable": True, "score": 1.0, "message": "ok", "output": "x" * 2_000_000, "tests": tests})
    assert len(encoded(doc)) <= MAX_RESULTS_BYTES
    assert valid(doc, PRAIRIELEARN_SCHEMA) and doc["score"] == 1.0
