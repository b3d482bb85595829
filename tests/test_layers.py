"""The pipeline's layering, as import-linter contracts in pyproject.toml: run, and shown to bite.

`lint-imports` is in the `test` extra; where it is missing these tests skip with a reason.
`--no-cache` keeps import-linter from writing its cache into the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = shutil.which("lint-imports")
needs_lint_imports = pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is not installed (pip install '.[test]')")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the bpcalc package and pyproject.toml in `tree`, and nothing else."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=300)


@needs_lint_imports
def test_the_package_keeps_every_import_contract() -> None:
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


@needs_lint_imports
def test_a_back_edge_from_graph_to_cli_breaks_the_layer_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "bpcalc", tmp_path / "bpcalc", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "bpcalc" / "graph.py").open("a", encoding="utf-8") as graph:
        graph.write("\nimport bpcalc.cli  # a deliberate back-edge\n")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    assert "bpcalc.graph is not allowed to import bpcalc.cli" in done.stdout


@needs_lint_imports
def test_a_cycle_inside_a_layer_breaks_the_acyclic_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "bpcalc", tmp_path / "bpcalc", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # two sibling renderers that import each other: a cycle inside one layer, no layer crossed
    render = tmp_path / "bpcalc" / "render"
    (render / "cycle_a.py").write_text("import bpcalc.render.cycle_b\n", encoding="utf-8")
    (render / "cycle_b.py").write_text("import bpcalc.render.cycle_a\n", encoding="utf-8")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    assert "No cycles are allowed in bpcalc.render" in done.stdout
    assert ".cycle_a -> .cycle_b" in done.stdout or ".cycle_b -> .cycle_a" in done.stdout
