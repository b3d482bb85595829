"""`bpcalc grade --gradescope` against fake /autograder trees built here.

Ground truth by hand, for examples/gradescope/problems.toml (circuit: 6 answers x 1 point; neuron:
8 answers x 2 points; total 22; carried_forward 0.5, sign_error 0.25): the right sheet scores 22;
the sheet with df/dq = 4 (a sign error) carried into df/dx = df/dy = 4 scores 22 - 0.75 - 0.5 - 0.5
= 20.25, its df/dq test 0.25 of 1, each carried test 0.5 of 1, all three `failed`.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_platform_formats import GRADESCOPE_ANSWER_TEST, GRADESCOPE_SCHEMA, valid

EXAMPLE = ROOT / "examples" / "gradescope"
PROBLEMS = EXAMPLE / "problems.toml"
RIGHT = (EXAMPLE / "submissions" / "right" / "answers.toml").read_text(encoding="utf-8")
SIGN_FLIP = (EXAMPLE / "submissions" / "sign_flip" / "answers.toml").read_text(encoding="utf-8")
METADATA = {"users": [{"name": "Ada Lovelace", "email": "ada@example.edu", "id": 1001}],
            "assignment": {"title": "Backprop quiz 1"}}


def make_root(tmp_path: Path, files: dict[str, str | bytes], metadata: dict | None = METADATA) -> Path:
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    for name, content in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if metadata is not None:
        (root / "submission_metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return root


def grade(run_cli, root: Path, *extra: str) -> dict:
    done = run_cli("grade", "--gradescope", str(PROBLEMS), "--root", str(root), *extra)
    assert done.exit_code == 0, done.output
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert valid(doc, GRADESCOPE_SCHEMA)
    return doc


def answer_tests(doc: dict) -> list[dict]:
    return [t for t in doc["tests"] if t["max_score"] > 0]


def test_a_right_sheet_beside_a_pdf_scores_full_marks_and_notes_the_pdf(run_cli, tmp_path: Path) -> None:
    root = make_root(tmp_path, {"answers.toml": RIGHT, "working.pdf": b"%PDF-1.4\n"})
    doc = grade(run_cli, root)
    assert doc["score"] == 22.0
    assert all(t["status"] == "passed" for t in doc["tests"])
    assert "ignored working.pdf: a PDF" in doc["output"]


def test_every_answer_test_has_the_fields_the_issue_asks_and_markdown_output(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": SIGN_FLIP}))
    assert len(doc["tests"]) == 14
    assert all(valid(t, GRADESCOPE_ANSWER_TEST) for t in doc["tests"])
    assert doc["output_format"] == "md" and {t["output_format"] for t in doc["tests"]} == {"md"}
    assert [t["number"] for t in doc["tests"][:2]] == ["1.1", "1.2"]


def test_the_max_scores_add_up_to_the_assignment_total(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": SIGN_FLIP}))
    assert sum(t["max_score"] for t in doc["tests"]) == 22.0
    assert doc["extra_data"]["max_score"] == 22.0


def test_partial_credit_is_failed_with_its_score_and_the_diagnosis_as_a_tag(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": SIGN_FLIP}))
    by_name = {t["name"]: t for t in doc["tests"]}
    assert doc["score"] == 20.25
    assert (by_name["circuit: df/dq"]["score"], by_name["circuit: df/dq"]["status"]) == (0.25, "failed")
    assert by_name["circuit: df/dq"]["tags"] == ["sign"]
    for carried in ("circuit: df/dx", "circuit: df/dy"):
        assert (by_name[carried]["score"], by_name[carried]["status"]) == (0.5, "failed")
        assert by_name[carried]["tags"] == ["carried_forward"]
    assert by_name["circuit: q"]["tags"] == []


def test_the_expected_answer_is_shown_unless_hidden(run_cli, tmp_path: Path) -> None:
    shown = grade(run_cli, make_root(tmp_path / "a", {"answers.toml": SIGN_FLIP}))
    hidden = grade(run_cli, make_root(tmp_path / "b", {"answers.toml": SIGN_FLIP}), "--hide-expected", "always")
    def output(doc: dict) -> str:
        return next(t["output"] for t in doc["tests"] if t["name"] == "circuit: df/dq")
    assert "The answer is `-4`" in output(shown)
    assert "-4" not in output(hidden) and "sign error" in output(hidden)
    assert len(hidden["tests"]) == 14


def test_after_due_date_adds_the_answer_key_as_zero_point_tests_shown_later(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": SIGN_FLIP}), "--hide-expected", "after_due_date")
    keys = [t for t in doc["tests"] if t["name"].endswith("answer key")]
    assert [(t["name"], t["max_score"], t["visibility"]) for t in keys] == [
        ("circuit: answer key", 0.0, "after_due_date"), ("neuron: answer key", 0.0, "after_due_date")]
    assert "| `df/dq` | `-4` |" in keys[0]["output"]
    assert all("The answer is" not in t["output"] for t in answer_tests(doc))
    assert sum(t["max_score"] for t in doc["tests"]) == 22.0


def test_a_malformed_sheet_gets_a_well_formed_could_not_grade_result(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": 'student = "Cy"\n[circuit]\nq = 3 3\n'}))
    assert doc["score"] == 0.0
    assert doc["output"].startswith("**Your submission could not be graded:** answers.toml is not valid TOML")
    assert [(t["name"], t["max_score"], t["status"]) for t in doc["tests"]] == [
        ("circuit: could not grade", 6.0, "failed"), ("neuron: could not grade", 16.0, "failed")]


def test_an_empty_upload_gets_a_could_not_grade_result(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"working.pdf": b"%PDF"}))
    assert doc["score"] == 0.0
    assert "no answer file (.toml) was uploaded" in doc["output"]


def test_the_student_comes_from_the_metadata_not_the_sheet(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": SIGN_FLIP}))  # the sheet says "Ben"
    assert doc["extra_data"]["student"] == "Ada Lovelace"


def test_a_group_submission_names_every_member(run_cli, tmp_path: Path) -> None:
    group = {"users": [{"name": "Ada Lovelace", "email": "a@x", "id": 1}, {"name": "Ben Bit", "email": "b@x", "id": 2}]}
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": RIGHT}, group))
    assert doc["extra_data"]["student"] == "Ada Lovelace & Ben Bit"


def test_without_metadata_the_student_comes_from_the_sheet_with_a_note(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": SIGN_FLIP}, None))
    assert doc["extra_data"]["student"] == "Ben"
    assert "no submission\\_metadata.json" in doc["output"]


def _zip(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, target)
    return buffer.getvalue()


def test_a_zipped_folder_is_read_without_extracting(run_cli, tmp_path: Path) -> None:
    upload = _zip({"hw1/answers.toml": RIGHT.encode(), "hw1/working.pdf": b"%PDF", "__MACOSX/._answers.toml": b"x"})
    doc = grade(run_cli, make_root(tmp_path, {"hw1.zip": upload}))
    assert doc["score"] == 22.0
    assert doc["extra_data"]["file"] == "hw1.zip:hw1/answers.toml"
    assert "ignored hw1.zip:hw1/working.pdf" in doc["output"]
    assert sorted(p.name for p in (tmp_path / "autograder" / "submission").iterdir()) == ["hw1.zip"]


def test_a_zip_slip_member_is_refused_and_nothing_lands_outside(run_cli, tmp_path: Path) -> None:
    upload = _zip({"../../evil.toml": RIGHT.encode(), "answers.toml": SIGN_FLIP.encode()})
    doc = grade(run_cli, make_root(tmp_path, {"up.zip": upload}))
    assert doc["score"] == 20.25  # the safe member was graded
    assert "refused up.zip:../../evil.toml: a path that climbs out of the folder" in doc["output"].replace("\\", "")
    assert not list(tmp_path.rglob("evil.toml"))


def test_a_symlink_inside_a_zip_is_refused(run_cli, tmp_path: Path) -> None:
    upload = _zip({}, links={"answers.toml": "/autograder/source/key.toml"})
    doc = grade(run_cli, make_root(tmp_path, {"up.zip": upload}))
    assert doc["score"] == 0.0
    assert "refused up.zip:answers.toml: a symbolic link" in doc["output"]


def test_a_zip_bomb_is_refused_without_inflating_it(run_cli, tmp_path: Path) -> None:
    bomb = _zip({"answers.toml": b"\0" * 900_000})  # under the size limit, but inflates ~1000 times
    big = _zip({"answers.toml": b"#" * 3_000_000})  # over the 1 MB limit for a submission
    doc = grade(run_cli, make_root(tmp_path / "a", {"up.zip": bomb}))
    assert "refused up.zip:answers.toml: inflates" in doc["output"]
    doc = grade(run_cli, make_root(tmp_path / "b", {"up.zip": big}))
    assert "refused up.zip:answers.toml: 3000000 bytes, too large" in doc["output"]


def test_a_file_that_is_not_a_zip_is_noted(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"up.zip": b"not a zip", "answers.toml": RIGHT}))
    assert doc["score"] == 22.0
    assert "refused up.zip is not a readable zip" in doc["output"]


def test_of_several_toml_files_answers_toml_is_graded_and_the_rest_noted(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": RIGHT, "draft.toml": SIGN_FLIP}))
    assert doc["score"] == 22.0
    assert "ignored draft.toml: graded answers.toml instead" in doc["output"]


def test_several_toml_files_and_none_named_answers_is_a_could_not_grade(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"one.toml": RIGHT, "two.toml": SIGN_FLIP}))
    assert doc["score"] == 0.0
    assert "2 answer files were uploaded (one.toml, two.toml)" in doc["output"]


def test_a_symlink_to_the_key_is_refused_and_never_read(run_cli, tmp_path: Path) -> None:
    root = make_root(tmp_path, {})
    key = tmp_path / "key.toml"
    key.write_text(RIGHT.replace('"Ada"', '"SECRET KEY"'), encoding="utf-8")
    os.symlink(key, root / "submission" / "answers.toml")
    doc = grade(run_cli, root)
    assert doc["score"] == 0.0
    assert "refused answers.toml: a symbolic link" in doc["output"]
    assert "SECRET" not in json.dumps(doc)


def test_student_text_in_the_feedback_cannot_become_markup(run_cli, tmp_path: Path) -> None:
    sheet = RIGHT + '\n["<img src=x onerror=alert(1)>"]\nq = "3"\n'
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": sheet}))
    assert not re.search(r"(?<!\\)<", doc["output"])  # every < is escaped
    assert "\\<img src=x onerror=alert(1)\\>" in doc["output"]


def test_answers_not_asked_are_never_tests(run_cli, tmp_path: Path) -> None:
    sheet = RIGHT.replace('[neuron]', '"df/df" = "1"\n\n[neuron]')
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": sheet}))
    assert len(doc["tests"]) == 14 and doc["score"] == 22.0
    assert "not asked, not graded: df/df" in doc["output"]


def test_a_broken_problem_set_is_the_courses_error_and_writes_nothing(run_cli, tmp_path: Path) -> None:
    root = make_root(tmp_path, {"answers.toml": RIGHT})
    broken = tmp_path / "problems.toml"
    broken.write_text('[[problems]]\nexpression = "f = x *"\n[problems.values]\nx = 1\n', encoding="utf-8")
    done = run_cli("grade", "--gradescope", str(broken), "--root", str(root))
    assert done.exit_code == 2
    assert not (root / "results").exists()


@pytest.mark.parametrize("extra", [["subs/"], ["--prairielearn"]], ids=["folder", "both"])
def test_gradescope_takes_only_the_problem_set(run_cli, tmp_path: Path, extra: list[str]) -> None:
    done = run_cli("grade", "--gradescope", str(PROBLEMS), "--root", str(tmp_path), *extra)
    assert done.exit_code == 2
    assert "grades the one submission under --root" in done.output


def test_a_fifo_named_like_the_answer_file_is_refused_without_hanging(run_cli, tmp_path: Path) -> None:
    root = make_root(tmp_path, {})
    os.mkfifo(root / "submission" / "answers.toml")
    doc = grade(run_cli, root)
    assert doc["score"] == 0.0
    assert "refused answers.toml: not a regular file" in doc["output"]


def test_a_zip_over_the_size_limit_is_refused_unread(run_cli, tmp_path: Path) -> None:
    root = make_root(tmp_path, {"answers.toml": RIGHT})
    with open(root / "submission" / "huge.zip", "wb") as handle:
        handle.truncate(25_000_000)  # sparse: nothing is really written
    doc = grade(run_cli, root)
    assert doc["score"] == 22.0
    assert "refused huge.zip: 25000000 bytes: too large for a zip" in doc["output"]


def test_the_metadata_name_makes_the_sheets_empty_name_warning_moot(run_cli, tmp_path: Path) -> None:
    doc = grade(run_cli, make_root(tmp_path, {"answers.toml": RIGHT.replace('"Ada"', '""')}))
    assert doc["extra_data"]["student"] == "Ada Lovelace"
    assert "no student name" not in doc["output"]


@pytest.mark.parametrize("option", [["--csv", "x.csv"], ["--summary"], ["--reports", "r"]], ids=lambda o: o[0])
def test_batch_outputs_are_refused_in_an_autograder_run(run_cli, tmp_path: Path, option: list[str]) -> None:
    root = make_root(tmp_path, {"answers.toml": RIGHT})
    done = run_cli("grade", "--gradescope", str(PROBLEMS), "--root", str(root), *option)
    assert done.exit_code == 2 and f"{option[0]} is for a batch" in done.output
    assert not (root / "results").exists()
