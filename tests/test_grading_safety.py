"""Nothing lost, nothing leaked (issue 14): hostile folders, outputs, CSV cells, interruptions.

Each folder is built here by hand; the expected rows (refused, error, graded) are decided by the
rules in the issue, not read off bpcalc's output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBLEMS = ROOT / "examples" / "homework" / "problems.toml"
RIGHT = ROOT / "examples" / "homework" / "submissions" / "ada.toml"  # 36/36 (tests/test_grade_batch.py)
CIRCUIT_ONLY = 'student = "{name}"\n[circuit]\nq = "3"\nf = "-12"\n'  # 2 points


def rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding=encoding))))


def grade(run_cli, folder: Path, *extra: str):
    return run_cli("grade", str(PROBLEMS), str(folder), *extra)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "ada.toml").write_text(RIGHT.read_text(encoding="utf-8"), encoding="utf-8")
    return subs


def test_a_symlinked_answer_key_is_refused_and_never_echoed(run_cli, tmp_path: Path, folder: Path) -> None:
    ta = tmp_path / "ta"
    ta.mkdir()
    key = run_cli("check", "--key", str(PROBLEMS)).output
    (ta / "key.toml").write_text('student = "Mallory"\n' + key, encoding="utf-8")
    (folder / "mallory.toml").symlink_to(ta / "key.toml")
    reports = tmp_path / "reports"
    result = grade(run_cli, folder, "--csv", str(tmp_path / "s.csv"), "--reports", str(reports))
    row = next(r for r in rows(tmp_path / "s.csv") if r["file"] == "mallory.toml")
    assert row["status"] == "refused" and "symbolic link" in row["error"] and row["total"] == ""
    assert "Mallory" not in result.output
    assert "0.196612" not in (reports / "mallory.txt").read_text(encoding="utf-8")


def test_a_fifo_and_dev_zero_are_refused_without_hanging(tmp_path: Path, folder: Path) -> None:
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    done = subprocess.run([sys.executable, "-m", "bpcalc", "grade", str(PROBLEMS), str(folder), "--csv", "-"],
                          capture_output=True, text=True, timeout=15, env={**os.environ, "PYTHONPATH": str(ROOT)})
    table = {r["file"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert table["pipe.toml"]["status"] == "refused" and "FIFO" in table["pipe.toml"]["error"]
    assert table["zero.toml"]["status"] == "refused"
    assert table["ada.toml"]["total"] == "36"


def test_a_500_deep_toml_array_is_that_submissions_error_row(run_cli, tmp_path: Path, folder: Path) -> None:
    (folder / "deep.toml").write_text('student = "D"\n[circuit]\nq = ' + "[" * 500 + "]" * 500 + "\n",
                                      encoding="utf-8")
    result = grade(run_cli, folder, "--csv", str(tmp_path / "s.csv"))
    table = {r["file"]: r for r in rows(tmp_path / "s.csv")}
    assert table["deep.toml"]["status"] == "error" and "nested too deeply" in table["deep.toml"]["error"]
    assert table["ada.toml"]["total"] == "36"
    assert result.exit_code == 1


def test_long_and_non_utf8_file_names_do_not_stop_the_output_stage(run_cli, tmp_path: Path, folder: Path) -> None:
    long_name = "a" * 250 + ".toml"
    (folder / long_name).write_text(CIRCUIT_ONLY.format(name="Long"), encoding="utf-8")
    with open(os.fsencode(folder) + b"/caf\xe9.toml", "w", encoding="utf-8") as handle:
        handle.write(CIRCUIT_ONLY.format(name="Cafe"))
    reports = tmp_path / "reports"
    result = grade(run_cli, folder, "--csv", str(tmp_path / "s.csv"), "--reports", str(reports))
    assert result.exit_code == 1
    table = {r["student"]: r for r in rows(tmp_path / "s.csv")}
    assert table["Long"]["total"] == "2" and table["Cafe"]["total"] == "2"
    assert table["Cafe"]["file"] == "caf\\xe9.toml"
    assert len(list(reports.glob("*.txt"))) == 3


def test_report_names_never_collide_ignoring_case(run_cli, tmp_path: Path, folder: Path) -> None:
    (folder / "ben.toml").write_text(CIRCUIT_ONLY.format(name="Ben"), encoding="utf-8")
    (folder / "ben.TOML").write_text(CIRCUIT_ONLY.format(name="Ben Two"), encoding="utf-8")
    reports = tmp_path / "reports"
    grade(run_cli, folder, "--reports", str(reports))
    heads = sorted(p.read_text(encoding="utf-8").split("\n")[0] for p in reports.glob("ben*.txt"))
    assert heads == ["Ben (ben.toml)", "Ben Two (ben.TOML)"]


def test_stale_reports_are_not_mixed_with_new_ones(run_cli, tmp_path: Path, folder: Path) -> None:
    reports = tmp_path / "reports"
    (folder / "old.toml").write_text(CIRCUIT_ONLY.format(name="Old"), encoding="utf-8")
    grade(run_cli, folder, "--reports", str(reports))
    (folder / "old.toml").unlink()
    grade(run_cli, folder, "--reports", str(reports))
    assert sorted(p.name for p in reports.iterdir() if not p.name.startswith(".")) == ["ada.results.json", "ada.txt"]


@pytest.mark.parametrize("option", ["--csv", "--results-json"])
def test_an_output_over_the_problem_set_is_refused(run_cli, tmp_path: Path, option: str) -> None:
    problems = tmp_path / "problems.toml"
    problems.write_text(PROBLEMS.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("grade", str(problems), str(RIGHT), option, str(problems))
    assert result.exit_code == 2 and "is the problem set" in result.output
    assert problems.read_text(encoding="utf-8") == PROBLEMS.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["subs", "subs/reports", "."])
def test_reports_in_or_around_the_submissions_are_refused(run_cli, tmp_path: Path, folder: Path, where: str) -> None:
    result = grade(run_cli, folder, "--reports", str(tmp_path / where))
    assert result.exit_code == 2 and "submissions" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["ada.toml"]


def test_a_reports_folder_bpcalc_did_not_make_is_never_replaced(run_cli, tmp_path: Path, folder: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep me", encoding="utf-8")
    result = grade(run_cli, folder, "--reports", str(mine))
    assert result.exit_code == 2
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "keep me"


def test_duplicate_student_names_are_flagged(run_cli, tmp_path: Path, folder: Path) -> None:
    (folder / "ada2.toml").write_text(CIRCUIT_ONLY.format(name="ada"), encoding="utf-8")  # ada.toml says "Ada"
    grade(run_cli, folder, "--csv", str(tmp_path / "s.csv"))
    notes = {r["file"]: r["notes"] for r in rows(tmp_path / "s.csv")}
    assert "duplicate student name: also in ada2.toml" in notes["ada.toml"]
    assert "duplicate student name: also in ada.toml" in notes["ada2.toml"]


def test_csv_cells_cannot_start_a_formula_and_controls_are_escaped(run_cli, tmp_path: Path, folder: Path) -> None:
    (folder / "eve.toml").write_text(CIRCUIT_ONLY.format(name='=HYPERLINK(\\"http://x\\")'), encoding="utf-8")
    (folder / "bell.toml").write_text(CIRCUIT_ONLY.format(name="Bell\\u0007\\nRow"), encoding="utf-8")
    (folder / "-neg.toml").write_text(CIRCUIT_ONLY.format(name="@Neg"), encoding="utf-8")
    grade(run_cli, folder, "--csv", str(tmp_path / "s.csv"))
    table = {r["file"].lstrip("'"): r for r in rows(tmp_path / "s.csv")}
    assert table["eve.toml"]["student"] == "'=HYPERLINK(\"http://x\")"
    assert table["bell.toml"]["student"] == "Bell\\x07\\nRow"
    assert table["-neg.toml"]["student"] == "'@Neg" and table["-neg.toml"]["file"] == "'-neg.toml"


def test_the_csv_file_has_a_byte_order_mark_for_excel_and_an_option_without(run_cli, tmp_path: Path,
                                                                            folder: Path) -> None:
    (folder / "kim.toml").write_text(CIRCUIT_ONLY.format(name="김민준"), encoding="utf-8")
    grade(run_cli, folder, "--csv", str(tmp_path / "s.csv"))
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbfstudent,")
    assert "김민준" in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    grade(run_cli, folder, "--csv", str(tmp_path / "plain.csv"), "--csv-no-bom")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"student,")


def test_outputs_are_written_through_a_temporary_file_and_a_rename(tmp_path: Path, monkeypatch) -> None:
    from bpcalc.homework import outputs

    target = tmp_path / "scores.csv"
    target.write_text("old, complete\n", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", fail)
    with pytest.raises(OSError):
        outputs.write_atomic(target, "new" * 1000)
    assert target.read_text(encoding="utf-8") == "old, complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]  # the temporary file is gone too


def _many(tmp_path: Path, count: int) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_submissions", ROOT / "examples/homework/make_submissions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path / "many"
    module.write_submissions(folder, count)
    return folder


def _start(tmp_path: Path, folder: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "bpcalc", "grade", str(PROBLEMS), str(folder),
               "--csv", str(tmp_path / "scores.csv"), "--reports", str(tmp_path / "reports")]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _interrupt(process: subprocess.Popen, sig: int, after: float) -> tuple[str, str]:
    time.sleep(after)
    assert process.poll() is None, "the run ended before it could be interrupted; give it more files"
    process.send_signal(sig)
    return process.communicate(timeout=20)


def test_ctrl_c_mid_run_exits_130_says_how_many_and_writes_nothing(tmp_path: Path) -> None:
    folder = _many(tmp_path, 1500)
    process = _start(tmp_path, folder)
    _out, err = _interrupt(process, signal.SIGINT, 1.5)
    assert process.returncode == 130
    found = re.search(r"interrupted: (\d+) of 1500 submissions graded; nothing was written", err)
    assert found and 0 < int(found.group(1)) < 1500, err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many"]


def test_kill_9_mid_run_leaves_no_truncated_output(tmp_path: Path) -> None:
    folder = _many(tmp_path, 1500)
    process = _start(tmp_path, folder)
    _interrupt(process, signal.SIGKILL, 1.5)
    assert process.returncode == -signal.SIGKILL
    scores = tmp_path / "scores.csv"
    if scores.exists():  # only ever whole: every submission has its row
        assert len(rows(scores)) == 1500
    reports = tmp_path / "reports"
    if reports.exists():
        assert len(list(reports.glob("*.results.json"))) == 1500
        for path in reports.glob("*.results.json"):
            json.loads(path.read_text(encoding="utf-8"))
