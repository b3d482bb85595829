"""The class report (`bpcalc grade ... --summary`): mistakes counted per node across the class.

examples/gradescope/class holds 32 files from examples/homework/make_submissions.py: its kinds
cycle through 14, so the first four kinds appear 3 times and the rest twice. By hand, from the
kinds' definitions: circuit's df/dq sign error (sign_carried) 3 students; gates' df/dx with mul
inputs not swapped 3; copy's df/dx fan-out sum missing 2; neuron's df/dz wrong (0.2689, no
known slip) 2 and f = 0.7 too few figures 2 (a tie, broken by node name). 8 files are not
graded (3 broken TOML kinds and a PDF, twice each); 24 are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBLEMS = ROOT / "examples" / "homework" / "problems.toml"
CLASS = ROOT / "examples" / "gradescope" / "class"


def summary(run_cli, tmp_path: Path) -> dict:
    done = run_cli("grade", str(PROBLEMS), str(CLASS), "--summary", str(tmp_path / "s.json"))
    assert done.exit_code == 1
    return json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))


def test_the_most_common_mistake_of_each_problem_is_named(run_cli, tmp_path: Path) -> None:
    doc = summary(run_cli, tmp_path)
    top = {p["id"]: (p["most_common"]["node"], p["most_common"]["diagnosis"], p["most_common"]["students"])
           for p in doc["problems"]}
    assert top == {"circuit": ("df/dq", "sign", 3), "gates": ("df/dx", "mul_not_swapped", 3),
                   "copy": ("df/dx", "fanout_sum_missing", 2), "neuron": ("df/dz", "wrong_value", 2)}


def test_each_node_and_diagnosis_is_counted_once_per_student(run_cli, tmp_path: Path) -> None:
    doc = summary(run_cli, tmp_path)
    gates = next(p for p in doc["problems"] if p["id"] == "gates")
    rows = [(m["node"], m["diagnosis"], m["students"], m["first_mistake"]) for m in gates["mistakes"]]
    assert rows == [("df/dx", "mul_not_swapped", 3, 3), ("df/dw", "max_routed_wrong", 2, 2),
                    ("df/dz", "max_routed_wrong", 2, 0)]


def test_carried_forward_answers_are_not_counted_as_mistakes(run_cli, tmp_path: Path) -> None:
    doc = summary(run_cli, tmp_path)
    circuit = next(p for p in doc["problems"] if p["id"] == "circuit")
    assert all(m["diagnosis"] != "carried_forward" for m in circuit["mistakes"])
    assert [m["node"] for m in circuit["mistakes"] if m["diagnosis"] == "sign"] == ["df/dq"]


def test_the_report_says_how_many_were_graded_and_gives_an_example(run_cli, tmp_path: Path) -> None:
    doc = summary(run_cli, tmp_path)
    assert (doc["submissions"], doc["graded"], len(doc["not_graded"]), len(doc["scores"])) == (32, 24, 8, 24)
    circuit = next(p for p in doc["problems"] if p["id"] == "circuit")
    assert circuit["most_common"]["example"] == {"file": "student003.toml", "written": "4"}


def test_summary_alone_prints_the_table_instead_of_the_scores(run_cli) -> None:
    done = run_cli("grade", str(PROBLEMS), str(CLASS), "--summary")
    assert "  most common mistake: df/dq (sign error), 3 students" in done.stdout
    assert "  df/dz  wrong                               2     2  df/dz = 0.2689 (student006.toml)" in done.stdout
    assert "student001" not in done.stdout.split("not graded")[0]


def test_the_picture_in_the_docs_is_what_the_report_draws(run_cli, tmp_path: Path) -> None:
    run_cli("grade", str(PROBLEMS), str(CLASS), "--summary", str(tmp_path / "class.svg"))
    drawn = (tmp_path / "class.svg").read_text(encoding="utf-8")
    shipped = (ROOT / "docs" / "images" / "class-report.svg").read_text(encoding="utf-8")
    assert drawn == shipped, ("regenerate: bpcalc grade examples/homework/problems.toml examples/gradescope/class "
                              "--summary docs/images/class-report.svg")
    assert "circuit: df/dq (sign error)" in drawn and drawn.startswith("<svg ")


def test_the_png_picture_is_a_png(run_cli, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    run_cli("grade", str(PROBLEMS), str(CLASS), "--summary", str(tmp_path / "class.png"))
    assert (tmp_path / "class.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_summary_over_an_input_is_refused(run_cli, tmp_path: Path) -> None:
    done = run_cli("grade", str(PROBLEMS), str(CLASS), "--summary", str(CLASS / "report.json"))
    assert done.exit_code == 2
    assert not (CLASS / "report.json").exists()
