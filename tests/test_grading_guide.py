"""docs/ta-guide.md is executable documentation, like every page: its `$ ` commands run in
tests/test_readme.py with every other page's; here, its key tables list exactly the keys the
loaders accept. Refresh every page's shown output with `python -m tests.test_readme --update`.
"""

from __future__ import annotations

import re
import sys

from tests.conftest import ROOT
from tests.test_readme import console_commands, refresh_outputs

GUIDE = ROOT / "docs" / "ta-guide.md"
COMMANDS = console_commands(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_its_worked_examples() -> None:
    assert len(COMMANDS) >= 5


def _documented(where: str) -> set[str]:
    """Keys in the guide's tables whose 'where' column is `where`."""
    text = GUIDE.read_text(encoding="utf-8")
    keys: set[str] = set()
    for row in re.findall(r"^\| (.+?) \| (.+?) \|", text, re.MULTILINE):
        if row[1] == where:
            keys.update(re.findall(r"`([a-z_]+)`", row[0]))
    return keys


def test_the_guide_lists_every_key_the_problem_set_reader_accepts() -> None:
    from bpcalc.homework import problems

    assert _documented("`[scoring]`") == set(problems.SCORING_KEYS)
    assert _documented("`[tolerance]`") == set(problems.TOLERANCE_KEYS)
    assert _documented("`[[problems]]`") == set(problems.PROBLEM_KEYS)
    assert _documented("top level") | {"scoring", "tolerance", "problems"} == set(problems.PROBLEM_SET_KEYS)


def test_the_guide_lists_every_key_of_a_worksheet_and_of_a_submission() -> None:
    from bpcalc.homework import problems

    assert _documented("worksheet") == set(problems.WORKSHEET_KEYS)
    assert _documented("submission") == set(problems.SUBMISSION_KEYS)


def refresh_guide() -> None:
    refresh_outputs(GUIDE)


if __name__ == "__main__":
    if "--update" in sys.argv:  # one refresher for every page: python -m tests.test_readme --update
        from tests.test_readme import refresh_all

        refresh_all()
