from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bpcalc.cli import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_cli():
    """Run `bpcalc ARGS...` in-process; returns click's Result (stdout, stderr, exit_code)."""

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke
