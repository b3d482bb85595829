"""A class exported as one folder per student: each subfolder is one submission, its answer file
picked as the Gradescope autograder picks it, the student named by the folder."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HOMEWORK = ROOT / "examples" / "homework"
PROBLEMS = str(HOMEWORK / "problems.toml")


def rows(folder: Path) -> dict[str, dict[str, str]]:
    done = subprocess.run([sys.executable, "-m", "bpcalc", "grade", PROBLEMS, str(folder), "--csv", "-"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return {row["student"]: row for row in csv.DictReader(io.StringIO(done.stdout))}


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    for student in ("ada", "ben", "empty", "two"):
        (folder / student).mkdir(parents=True)
    shutil.copy(HOMEWORK / "submissions" / "ada.toml", folder / "ada" / "answers.toml")
    (folder / "ada" / "working.pdf").write_bytes(b"%PDF-1.4\n")
    shutil.copy(HOMEWORK / "submissions" / "ben.toml", folder / "ben" / "hw3.toml")
    shutil.copy(HOMEWORK / "submissions" / "ben.toml", folder / "two" / "first.toml")
    shutil.copy(HOMEWORK / "submissions" / "ben.toml", folder / "two" / "second.toml")
    return folder


def test_each_subfolder_is_graded_under_the_folders_name(klass: Path) -> None:
    found = rows(klass)
    assert sorted(found) == ["ada", "ben", "empty", "two"]  # "Ben" in ben's sheet: the folder's name wins
    assert found["ada"]["total"] == "36" and found["ada"]["status"] == "all right"
    # ben's sheet by hand, a point an answer: circuit q, f, df/dz right, df/dq a sign slip (0) carried
    # into df/dx and df/dy (half each) = 4 of 6; gates 11 of 11; copy 2 of 3 (fan-out sum missing);
    # neuron 16 of 16: 33 of 36
    assert found["ben"]["total"] == "33"
    assert "circuit: df/dq (sign error)" in found["ben"]["first_mistakes"]


def test_a_pdf_beside_the_answer_file_is_noted_and_ignored(klass: Path) -> None:
    assert "ignored working.pdf" in rows(klass)["ada"]["notes"]


def test_a_subfolder_without_an_answer_file_is_its_own_error_row(klass: Path) -> None:
    assert rows(klass)["empty"]["error"] == "no answer file (.toml) was uploaded"


def test_a_subfolder_with_two_answer_files_says_which_name_to_use(klass: Path) -> None:
    error = rows(klass)["two"]["error"]
    assert "2 answer files were uploaded" in error and "answers.toml" in error


def test_a_link_to_a_folder_is_refused_not_followed(klass: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(HOMEWORK / "submissions" / "ada.toml", outside / "answers.toml")
    os.symlink(outside, klass / "linked")
    row = rows(klass)["linked"]
    assert row["error"].startswith("refused: a symbolic link") and row["total"] == ""


def test_files_and_subfolders_mix_in_one_class(klass: Path) -> None:
    shutil.copy(HOMEWORK / "submissions" / "ada.toml", klass / "dee.toml")
    found = rows(klass)
    assert found["Ada"]["file"] == "dee.toml"  # a plain file keeps its sheet's student line
    assert found["ada"]["total"] == "36"
