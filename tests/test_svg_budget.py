"""graph --format svg/html on a graph past the layout's budget stops at once, says what to use,
and writes nothing (a 90,000-node chain would otherwise lay out for minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bpcalc.render.svg import SVG_MAX_NODES
from tests.conftest import ROOT


def graph(tmp_path: Path, nodes: int, fmt: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    levels = nodes // 5  # tanh(0.5 * ... + 0.1): 5 nodes a level
    (tmp_path / "chain.bp").write_text("tanh(0.5 * " * levels + "x" + " + 0.1)" * levels, encoding="utf-8")
    target = tmp_path / f"chain.{fmt}"
    done = subprocess.run([sys.executable, "-m", "bpcalc", "graph", "-f", str(tmp_path / "chain.bp"), "--x=0.3",
                           "--format", fmt, "-o", str(target)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return done, target


@pytest.mark.parametrize(("fmt", "what"), [("svg", "an SVG"), ("html", "an HTML page")])
def test_a_90000_node_chain_is_refused_with_what_to_use_instead(tmp_path: Path, fmt: str, what: str) -> None:
    done, target = graph(tmp_path, 90_000, fmt)
    assert done.returncode == 2
    assert f"error: {what} of 90,001 nodes is past the 12,000 its layout handles" in done.stderr
    assert "--format dot" in done.stderr and "Traceback" not in done.stderr
    assert not target.exists()


def test_a_1000_node_graph_within_the_budget_is_drawn(tmp_path: Path) -> None:
    done, target = graph(tmp_path, 1_000, "svg")
    assert SVG_MAX_NODES >= 1_001
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").count('class="bp-symbol"') >= 200  # one per tanh gate at least
