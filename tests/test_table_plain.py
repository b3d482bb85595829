"""The line-by-line writer used for long tables draws exactly what rich draws for short ones."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from bpcalc import evaluate
from bpcalc.render import table


def _rendered(result: object, monkeypatch: pytest.MonkeyPatch, plain_rows: int) -> str:
    monkeypatch.setattr(table, "PLAIN_ROWS", plain_rows)
    console = Console(file=io.StringIO(), width=1000, soft_wrap=False, highlight=False, emoji=False, color_system=None)
    table.render_table(result, console, full=True)  # type: ignore[arg-type]
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("source", "values"), [
    ("(x + y) * z", {"x": -2, "y": 5, "z": -4}),
    ("relu(x) + max(x, y) * 2", {"x": 0, "y": 0}),  # kinks, ties, a constant row
    ("sum((W @ x)^2)", {"W": [[0.1, 0.5], [-0.3, 0.8]], "x": [0.2, 0.4]}),  # arrays: cells of several lines
    ("가격 * 2 + x", {"가격": 3, "x": 1}),  # names of double-width characters
])
def test_the_plain_writer_draws_what_rich_draws(source: str, values: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    result = evaluate(source, values)
    assert _rendered(result, monkeypatch, plain_rows=0) == _rendered(result, monkeypatch, plain_rows=10_000)


@pytest.mark.parametrize(("source", "values"), [
    ("(x + y) * z", {"x": -2, "y": 5, "z": -4}),
    ("relu(x) + max(x, y) * 2", {"x": 0, "y": 0}),
    ("sum((W @ x)^2)", {"W": [[0.1, 0.5], [-0.3, 0.8]], "x": [0.2, 0.4]}),
    ("\n".join(f"h{k + 1} = tanh(w*h{k} + x)" for k in range(30)), {"w": 0.9, "x": 0.1, "h0": 0.2}),  # summarized
])
def test_plain_output_without_a_console_is_what_rich_prints(source: str, values: dict) -> None:
    result = evaluate(source, values)
    plain = io.StringIO()
    table.render_table(result, None, out=plain)
    console = Console(file=io.StringIO(), width=1000, soft_wrap=False, highlight=False, emoji=False, color_system=None)
    table.render_table(result, console)
    assert plain.getvalue() == console.file.getvalue()  # type: ignore[attr-defined]


def test_a_piped_table_does_not_import_rich() -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys; from bpcalc.cli import cli\n"
            "try:\n cli(['eval', 'x*y', '--x=2', '--y=3', '--no-check'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "│ n2   │ x * y" in done.stdout
    assert done.stdout.strip().endswith("[]"), done.stdout + done.stderr


def test_a_long_full_table_is_written_line_by_line_with_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "\n".join(["h1 = tanh(w*h + x)"] + [f"h{k + 1} = tanh(w*h{k} + x)" for k in range(1, 400)])
    result = evaluate(source, {"w": 0.9, "x": 0.1, "h": 0.2}, check=False)
    text = _rendered(result, monkeypatch, plain_rows=500)
    assert len(result.trace.graph.ops) > 1000
    assert "rows hidden" not in text
    assert "│ h400 " in text and "│ h1 " in text
    assert text.count("┏") == 1 and text.count("└") == 1
