"""docs/array-operations.md: the page has examples (tests/test_readme.py runs them, as it runs
every page) and every form in the page's table parses."""

from __future__ import annotations

import re

import pytest

from bpcalc.language.parser import parse
from tests.conftest import ROOT
from tests.test_readme import console_commands

PAGE = ROOT / "docs" / "array-operations.md"
COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples() -> None:
    assert len(COMMANDS) >= 8


def _table_forms() -> list[str]:
    """The backquoted forms of the table's first column that are whole expressions."""
    forms = []
    for row in PAGE.read_text(encoding="utf-8").splitlines():
        cells = row.split(" | ")
        if row.startswith("| ") and len(cells) >= 3 and not set(cells[0]) <= set("-| "):
            forms.extend(f for f in re.findall(r"`([^`]+)`", cells[0]) if "(" in f or "[" in f)
    return [f.replace(" on 3-D and larger arrays", "") for f in forms if not f.startswith("axis=")]


@pytest.mark.parametrize("form", _table_forms())
def test_every_form_in_the_table_parses(form: str) -> None:
    parse(form)
