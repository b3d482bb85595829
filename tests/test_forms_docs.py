"""docs/array-forms.md: the page has examples (tests/test_readme.py runs them, as it runs every
page) and every form the page's table lists parses."""

from __future__ import annotations

import re

import pytest

from bpcalc.language.parser import parse
from tests.conftest import ROOT
from tests.test_readme import console_commands

PAGE = ROOT / "docs" / "array-forms.md"
COMMANDS = console_commands(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples() -> None:
    assert len(COMMANDS) >= 5


def _table_examples() -> list[str]:
    """The backquoted examples of the table's Example column."""
    examples = []
    for row in PAGE.read_text(encoding="utf-8").splitlines():
        cells = row.split(" | ")
        if row.startswith("| ") and len(cells) >= 4 and not set(cells[1]) <= set("-| "):
            examples.extend(re.findall(r"`([^`]+)`", cells[1]))
    return [e for e in examples if e not in ("≥ ≤ ≠",)]


@pytest.mark.parametrize("example", _table_examples())
def test_every_example_in_the_table_parses(example: str) -> None:
    parse(example)
