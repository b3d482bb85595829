"""The Jupyter display of a result, as a notebook shows it: a small notebook is executed by a real
kernel (nbclient + ipykernel), and the cell's output carries the result's Markdown table."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

nbformat = pytest.importorskip("nbformat", reason='the notebook test needs nbformat, nbclient and ipykernel (the test extra)')
nbclient = pytest.importorskip("nbclient", reason="the notebook test needs nbclient (the test extra)")
pytest.importorskip("ipykernel", reason="the notebook test needs ipykernel (the test extra)")


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *sources: str) -> list[dict]:
    """Execute cells in a fresh kernel that imports this checkout; the outputs of each cell."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel is a child process: it imports the checkout
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return [cell.outputs for cell in notebook.cells]


def test_a_result_as_the_last_line_of_a_cell_shows_its_markdown_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (outputs,) = _run(tmp_path, monkeypatch, 'import bpcalc\nbpcalc.evaluate("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4})')
    (shown,) = [output for output in outputs if output["output_type"] == "execute_result"]
    table = shown["data"]["text/markdown"]
    assert table.splitlines()[0].startswith("| node | operation | value |")
    row = next(line for line in table.splitlines() if line.replace("`", "").startswith("| q |"))
    cells = [cell.strip().replace("`", "") for cell in row.strip("|").split("|")]
    assert cells[2:4] == ["3", "-4"]  # q = x + y = 3, dL/dq = z = -4: the lecture's numbers
    assert shown["data"]["text/plain"].startswith("Result(output f = -12")


def test_a_cell_that_imports_bpcalc_after_ipython_started_still_gets_the_table(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = _run(tmp_path, monkeypatch, "x = 1", 'import bpcalc\nr = bpcalc.evaluate("x * y", {"x": 3, "y": -4})\nr')
    (shown,) = [output for output in outputs[1] if output["output_type"] == "execute_result"]
    assert "text/markdown" in shown["data"]
