"""The grading API (`bpcalc.check_answers`, `check_worksheet`, `grade_rows`): plain data, and the
same marking as the CLI. Hand-worked: q = x + y; f = q * z at x=-2, y=5, z=-4 gives q = 3, and
df/dq = z = -4, so an answer of 4 is a sign error, and df/dx = 4 carried from it (the add gate
passes df/dq on unchanged)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import bpcalc
from tests.conftest import ROOT

CIRCUIT = "q = x + y; f = q * z"
AT = {"x": -2, "y": 5, "z": -4}


def test_check_answers_returns_each_verdict_diagnosis_and_points() -> None:
    marking = bpcalc.check_answers(CIRCUIT, AT, {"q": "3", "df/dq": "4", "df/dx": "4"})
    got = [(a["quantity"], a["status"], a["diagnosis"], a["points"]) for a in marking["answers"]]
    assert got == [("q", "right", None, 1.0), ("df/dq", "wrong", "sign", 0.0),
                   ("df/dx", "carried forward", "carried_forward", 0.5)]
    assert marking["first_mistake"] == "df/dq"
    json.dumps(marking)  # plain data


def test_check_answers_tolerance_only_loosens() -> None:
    strict = bpcalc.check_answers(CIRCUIT, AT, {"q": "3.1"})
    loose = bpcalc.check_answers(CIRCUIT, AT, {"q": "3.1"}, tolerance={"rtol": 0.05})
    assert (strict["answers"][0]["status"], loose["answers"][0]["status"]) == ("wrong", "right")


def test_check_answers_refuses_an_unknown_tolerance_key() -> None:
    with pytest.raises(TypeError, match="rtl"):
        bpcalc.check_answers(CIRCUIT, AT, {"q": "3"}, tolerance={"rtl": 0.1})


def test_an_unreadable_answer_is_marked_not_raised() -> None:
    marking = bpcalc.check_answers(CIRCUIT, AT, {"q": "3x"})
    assert marking["answers"][0]["status"] == "unreadable"


def _worksheets() -> list[Path]:
    return sorted(p for p in (ROOT / "examples").rglob("*.toml") if "expression" in p.read_text(encoding="utf-8")
                  and "[[problems]]" not in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sheet", _worksheets(), ids=lambda p: p.name)
def test_check_worksheet_reproduces_bpcalc_check_on_every_example_worksheet(run_cli, sheet: Path) -> None:
    done = run_cli("check", str(sheet), "--json")
    assert bpcalc.check_worksheet(sheet) == json.loads(done.stdout)


@pytest.mark.parametrize("sheet", _worksheets(), ids=lambda p: p.name)
def test_check_answers_reproduces_bpcalc_check_on_every_example_worksheet(run_cli, sheet: Path) -> None:
    data = tomllib.loads(sheet.read_text(encoding="utf-8"), parse_float=str)  # decimals as written
    assert "ask" not in data and "tolerance" not in data  # else check_answers would need them too
    values = {k: float(v) if isinstance(v, str) else v for k, v in data["values"].items()}
    marking = bpcalc.check_answers(data["expression"], values, data["answers"])
    expected = json.loads(run_cli("check", str(sheet), "--json").stdout)
    assert marking["answers"] == expected["answers"] and marking["first_mistake"] == expected["first_mistake"]


def test_there_are_example_worksheets() -> None:
    assert {p.name for p in _worksheets()} >= {"worksheet.toml", "rounded.toml", "sign_flip.toml"}


def test_check_answers_reproduces_bpcalc_check_with_answer_pairs(run_cli) -> None:
    done = run_cli("check", CIRCUIT, "--x=-2", "--y=5", "--z=-4", "-a", "q=3", "-a", "df/dq=4", "-a", "df/dx=4",
                   "--json")
    assert bpcalc.check_answers(CIRCUIT, AT, {"q": "3", "df/dq": "4", "df/dx": "4"}) == json.loads(done.stdout)


def test_grade_rows_are_the_rows_of_the_csv(run_cli) -> None:
    problems, folder = ROOT / "examples" / "homework" / "problems.toml", ROOT / "examples" / "homework" / "submissions"
    rows = bpcalc.grade_rows(problems, folder)
    done = run_cli("grade", str(problems), str(folder), "--csv", "-")
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [list(r) for r in rows] == [list(t) for t in table]
    assert [(r["file"], r["total"], r["status"]) for r in rows] == [
        ("ada.toml", 36.0, "all right"), ("ben.toml", 33.0, "graded"), ("cy.toml", None, "error")]
    assert [r["first_mistakes"] for r in rows] == [t["first_mistakes"] for t in table]
