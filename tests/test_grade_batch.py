"""`bpcalc grade`: a folder of 60 generated submissions (right, wrong, malformed), its summary,
CSV, per-student reports, and Gradescope results.json validated against their documented format.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

from tests.conftest import ROOT

HOMEWORK = ROOT / "examples" / "homework"
PROBLEMS = str(HOMEWORK / "problems.toml")

# Written from Gradescope's autograder specification, "Output format"
# (gradescope-autograders.readthedocs.io/en/latest/specs/): score is required at the top level
# unless every test has one; tests carry score/max_score/status/name/number/output/tags/visibility.
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
GRADESCOPE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "test_output_format": FORMAT,
        "test_name_format": FORMAT,
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "score": {"type": "number", "minimum": 0},
                    "max_score": {"type": "number", "minimum": 0},
                    "status": {"enum": ["passed", "failed"]},
                    "name": {"type": "string"},
                    "name_format": FORMAT,
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "output_format": FORMAT,
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VISIBILITY,
                    "extra_data": {"type": "object"},
                },
                "required": ["score", "max_score", "name"],
                "additionalProperties": False,
            },
        },
        "leaderboard": {"type": "array"},
    },
    "required": ["score"],
    "additionalProperties": False,
}


def load_generator():
    spec = importlib.util.spec_from_file_location("make_submissions", HOMEWORK / "make_submissions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory):
    """60 submissions graded once with every output; shared by the tests below."""
    from click.testing import CliRunner

    from bpcalc.cli import cli

    root = tmp_path_factory.mktemp("batch")
    folder = root / "submissions"
    expected = load_generator().write_submissions(folder, 60)
    reports = root / "reports"
    scores = root / "scores.csv"
    # --jobs 1: a module fixture runs before conftest's one-core patch, and a fork of this process
    # (JAX's threads) can deadlock; the pool is tested in fresh processes (test_grade_jobs.py)
    result = CliRunner().invoke(cli, ["grade", PROBLEMS, str(folder), "--reports", str(reports), "--csv", str(scores),
                                      "--jobs", "1"], catch_exceptions=False)
    rows = list(csv.DictReader(io.StringIO(scores.read_text(encoding="utf-8"))))
    return {"expected": expected, "result": result, "rows": rows, "reports": reports, "folder": folder}


def test_the_batch_holds_at_least_50_mixed_files(batch) -> None:
    kinds = [kind for kind, _score in batch["expected"].values()]
    assert len(kinds) >= 50
    assert {"right", "sign_carried", "toml_syntax_error", "not_toml", "unreadable_answer"} <= set(kinds)


def test_every_submission_appears_in_the_summary_graded_or_with_its_error(batch) -> None:
    assert batch["result"].exit_code == 1  # some answers are wrong
    assert [row["file"] for row in batch["rows"]] == sorted(batch["expected"])
    for name in batch["expected"]:
        assert name in batch["result"].output


def test_each_generated_submission_gets_its_expected_score(batch) -> None:
    for row in batch["rows"]:
        kind, score = batch["expected"][row["file"]]
        if score is None:
            assert row["status"] == "error", (row["file"], kind)
            assert row["error"], (row["file"], kind)
            assert row["total"] == ""
        else:
            assert float(row["total"]) == score, (row["file"], kind)
            assert row["max_score"] == "36"


def test_the_first_mistake_is_named_per_kind(batch) -> None:
    wanted = {
        "sign_carried": "circuit: df/dq (sign error)",
        "mul_not_swapped": "gates: df/dx (mul inputs not swapped)",
        "fanout_missing": "copy: df/dx (fan-out sum missing)",
        "sigmoid_local_carried": "neuron: df/dz (wrong)",
        "max_misrouted": "gates: df/dw (max routed wrong)",
        "too_few_figures": "neuron: f (too few significant figures)",
    }
    for row in batch["rows"]:
        kind, _score = batch["expected"][row["file"]]
        if kind in wanted:
            assert row["first_mistakes"] == wanted[kind], row["file"]
        elif kind in ("right", "exact_forms"):
            assert row["status"] == "all right", row["file"]


def test_every_results_json_validates_against_the_gradescope_format(batch) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(GRADESCOPE_SCHEMA)
    files = sorted(batch["reports"].glob("*.results.json"))
    assert len(files) == len(batch["expected"])
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = list(validator.iter_errors(doc))
        assert not errors, (path.name, errors[0].message)


def test_results_json_scores_add_up_and_mark_each_answer(batch) -> None:
    name = next(n for n, (kind, _s) in batch["expected"].items() if kind == "sign_carried")
    doc = json.loads((batch["reports"] / (Path(name).stem + ".results.json")).read_text(encoding="utf-8"))
    assert doc["score"] == 34
    assert doc["score"] == sum(t["score"] for t in doc["tests"])
    assert sum(t["max_score"] for t in doc["tests"]) == 36
    dq = next(t for t in doc["tests"] if t["name"] == "circuit: df/dq")
    assert dq["status"] == "failed" and dq["score"] == 0 and "sign error" in dq["output"]
    dx = next(t for t in doc["tests"] if t["name"] == "circuit: df/dx")
    assert dx["score"] == 0.5 and "carried forward" in dx["output"]


def test_a_malformed_submission_scores_zero_in_results_json_with_its_error(batch) -> None:
    name = next(n for n, (kind, _s) in batch["expected"].items() if kind == "toml_syntax_error")
    doc = json.loads((batch["reports"] / (Path(name).stem + ".results.json")).read_text(encoding="utf-8"))
    assert doc["score"] == 0
    assert "not valid TOML" in doc["output"] and "line 3" in doc["output"]


def test_per_student_text_reports_show_each_answer_and_the_total(batch) -> None:
    name = next(n for n, (kind, _s) in batch["expected"].items() if kind == "sigmoid_local_carried")
    text = (batch["reports"] / (Path(name).stem + ".txt")).read_text(encoding="utf-8")
    assert "first mistake: df/dz, the gradient at node z" in text
    assert "total: 29/36" in text
    assert text.count("carried    df/d") == 5


def test_an_unreadable_answer_is_marked_and_the_rest_of_the_file_is_graded(batch) -> None:
    name = next(n for n, (kind, _s) in batch["expected"].items() if kind == "unreadable_answer")
    text = (batch["reports"] / (Path(name).stem + ".txt")).read_text(encoding="utf-8")
    assert "unreadable q = " not in text
    assert "unreadable q" in text and "cannot read the answer for q" in text
    assert "total: 35/36" in text


def test_no_progress_bar_when_stderr_is_not_a_terminal(batch) -> None:
    assert "grading" not in batch["result"].stderr


def test_results_json_for_a_single_submission(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "results" / "results.json"
    result = run_cli("grade", PROBLEMS, str(HOMEWORK / "submissions" / "ada.toml"), "--results-json", str(out))
    assert result.exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["score"] == 36 and len(doc["tests"]) == 28
    assert all(t["status"] == "passed" for t in doc["tests"])


def test_results_json_refuses_a_folder_of_several_submissions(run_cli, tmp_path: Path) -> None:
    result = run_cli("grade", PROBLEMS, str(HOMEWORK / "submissions"), "--results-json", str(tmp_path / "r.json"))
    assert result.exit_code == 2
    assert "--reports" in result.output


@pytest.mark.parametrize(
    ("problems", "message"),
    [
        ('title = "x"\n', "no problems found"),
        ('[[problems]]\nid = "a"\n', "'expression' is missing"),
        ('[[problems]]\nexpression = "log(x)"\nvalues = { x = -1 }\n', "problem 'p1'"),
        ('[[problems]]\nexpression = "x*y"\nvalues = { x = 1, y = 2 }\nask = ["dq"]\n', "no node 'dq'"),
        ('[scoring]\ncarried_forward = 2\n[[problems]]\nexpression = "x"\nvalues = { x = 1 }\n', "between 0 and 1"),
        ('[[problems]]\nid = "a"\nexpression = "x"\n[[problems]]\nid = "a"\nexpression = "y"\n', "two problems"),
    ],
)
def test_a_bad_problem_file_exits_2(run_cli, tmp_path: Path, problems: str, message: str) -> None:
    path = tmp_path / "problems.toml"
    path.write_text(problems, encoding="utf-8")
    result = run_cli("grade", str(path), str(HOMEWORK / "submissions"))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_submissions_folder_exits_2(run_cli) -> None:
    assert run_cli("grade", PROBLEMS, "no/such/folder").exit_code == 2


def test_partial_credit_follows_the_problem_files_scoring(run_cli, tmp_path: Path) -> None:
    text = (HOMEWORK / "problems.toml").read_text(encoding="utf-8").replace("carried_forward = 0.5", "carried_forward = 1")
    problems = tmp_path / "problems.toml"
    problems.write_text(text, encoding="utf-8")
    result = run_cli("grade", str(problems), str(HOMEWORK / "submissions" / "ben.toml"), "--csv", "-")
    # Ben: circuit df/dq wrong (0), df/dx and df/dy carried (full credit now), copy df/dx wrong.
    assert "Ben,ben.toml,graded,5,11,2,16,34,36" in result.output


def test_the_summary_table_lists_each_problem_and_the_mean(run_cli) -> None:
    result = run_cli("grade", PROBLEMS, str(HOMEWORK / "submissions"))
    assert result.exit_code == 1
    assert "circuit /6" in result.output and "neuron /16" in result.output
    assert "2 graded, 1 not graded; mean score 34.5/36" in result.output


def test_a_progress_bar_is_drawn_when_stderr_is_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    from bpcalc.cli import grade_cmd
    from bpcalc.homework.batch import solve_all, submission_files
    from bpcalc.homework.problems import load_problem_set

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    load_generator().write_submissions(tmp_path, 5)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    problem_set = load_problem_set(Path(PROBLEMS))
    results: list = []
    grade_cmd._grade_all(submission_files(tmp_path), problem_set, solve_all(problem_set), results)
    assert len(results) == 5
    assert "grading" in terminal.getvalue()


def test_answers_for_an_unknown_problem_are_noted_not_fatal(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "dee.toml"
    path.write_text('student = "Dee"\n[circuit]\nq = "3"\n[bonus]\nx = "1"\n', encoding="utf-8")
    reports = tmp_path / "reports"
    result = run_cli("grade", PROBLEMS, str(path), "--reports", str(reports))
    assert result.exit_code == 1  # most answers are missing
    text = (reports / "dee.txt").read_text(encoding="utf-8")
    assert "answers for an unknown problem [bonus] were ignored" in text
    assert "total: 1/36" in text
