"""Canvas and Moodle grade-import CSV files from a roster (examples/gradescope/roster.csv).

Hand-worked scores of examples/homework/submissions against examples/homework/problems.toml
(36 points): ada.toml is all right (36); ben.toml has a sign error at df/dq (0) carried into
df/dx and df/dy (0.5 each) and a missing fan-out sum at copy's df/dx (0): 36 - 1 - 0.5 - 0.5 - 1 = 33;
cy.toml is not valid TOML (not graded). dee.toml is on the roster but was never handed in.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import ROOT

PROBLEMS = ROOT / "examples" / "homework" / "problems.toml"
SUBMISSIONS = ROOT / "examples" / "homework" / "submissions"
ROSTER = ROOT / "examples" / "gradescope" / "roster.csv"


def export(run_cli, tmp_path: Path, *extra: str):
    return run_cli("grade", str(PROBLEMS), str(SUBMISSIONS), "--roster", str(ROSTER), *extra)


def test_the_canvas_csv_has_the_import_header_and_points_possible(run_cli, tmp_path: Path) -> None:
    done = export(run_cli, tmp_path, "--canvas", str(tmp_path / "canvas.csv"))
    assert done.exit_code == 1  # ben is wrong, cy unreadable
    assert (tmp_path / "canvas.csv").read_text(encoding="utf-8") == (
        "Student,ID,SIS User ID,SIS Login ID,Section,Backprop homework 1\n"
        "Points Possible,,,,,36\n"
        "Ada Lovelace,101,S101,ada,Sec 1,36\n"
        "Ben Bitdiddle,102,S102,ben,Sec 1,33\n"
        "Cy Young,103,S103,cy,Sec 2,\n")


def test_what_was_left_out_of_the_grade_book_is_said(run_cli, tmp_path: Path) -> None:
    done = export(run_cli, tmp_path, "--canvas", str(tmp_path / "canvas.csv"))
    assert "grade book: cy.toml was not graded" in done.stderr
    assert "grade book: no submission for Dee Dee (roster file dee.toml): left out" in done.stderr


def test_the_moodle_csv_carries_grade_and_feedback_together(run_cli, tmp_path: Path) -> None:
    export(run_cli, tmp_path, "--moodle", str(tmp_path / "moodle.csv"), "--assignment", "HW1")
    lines = (tmp_path / "moodle.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Email address,ID number,Full name,HW1,Feedback"
    assert lines[1] == "ada@example.edu,A101,Ada Lovelace,36,all right"
    assert lines[2] == ("ben@example.edu,A102,Ben Bitdiddle,33,circuit: df/dq (sign error); "
                        "copy: df/dx (fan-out sum missing)")
    cy = next(csv.reader([lines[3]]))
    assert cy[:4] == ["cy@example.edu", "A103", "Cy Young", ""]
    assert cy[4].startswith("not graded: cy.toml is not valid TOML")


def test_grade_books_need_a_roster(run_cli, tmp_path: Path) -> None:
    done = run_cli("grade", str(PROBLEMS), str(SUBMISSIONS), "--canvas", str(tmp_path / "c.csv"))
    assert done.exit_code == 2 and "need --roster" in done.output
    assert not (tmp_path / "c.csv").exists()


def test_a_roster_without_a_file_column_is_refused(run_cli, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,ID\nAda,101\n", encoding="utf-8")
    done = run_cli("grade", str(PROBLEMS), str(SUBMISSIONS), "--roster", str(roster), "--canvas",
                   str(tmp_path / "c.csv"))
    assert done.exit_code == 2 and "no 'file' column" in done.output


def test_roster_cells_cannot_start_a_formula(run_cli, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text('file,Student,ID\nada.toml,"=HYPERLINK(""http://x"")",101\n', encoding="utf-8")
    run_cli("grade", str(PROBLEMS), str(SUBMISSIONS), "--roster", str(roster), "--canvas", str(tmp_path / "c.csv"))
    row = (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()[2]
    assert row.startswith("\"'=HYPERLINK(")


def test_a_grade_book_over_the_roster_is_refused(run_cli, tmp_path: Path) -> None:
    done = run_cli("grade", str(PROBLEMS), str(SUBMISSIONS), "--roster", str(ROSTER), "--canvas", str(PROBLEMS))
    assert done.exit_code == 2
