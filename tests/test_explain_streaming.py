"""`explain` streams its narrative (issue 18): the steps are made as they are printed
(teach/lazy_steps, `explain(..., lazy=True)`) and the text goes out FLUSH_LINES lines at a time
(render/explain_text). The bytes must be exactly those of building every step and printing the
narrative as one Text, on the pipe's plain console and on a colour terminal that wraps lines.
"""

from __future__ import annotations

import io
import random

import pytest
from click.testing import CliRunner
from rich.console import Console

from bpcalc.cli import cli
from bpcalc.render import explain_text
from bpcalc.teach.explanation import explain
from bpcalc.teach.lazy_steps import LazySteps


def recurrence(steps: int) -> str:
    return "\n".join(["h1 = tanh(w*h0 + x)"] + [f"h{k + 1} = tanh(w*h{k} + x)" for k in range(1, steps)])


def random_program(seed: int, statements: int) -> tuple[str, dict[str, object]]:
    """Statements over a few inputs with every kind of scalar gate, fan-out, kinks and poles."""
    rng = random.Random(seed)
    names = ["a", "b", "c"]
    lines = []
    for k in range(statements):
        x, y = rng.choice(names), rng.choice(names)
        form = rng.choice(["{x} * {y}", "{x} + {y}", "tanh({x})", "relu({x} - {y})", "max({x}, {y})",
                           "{x} / (1 + {y}^2)", "exp(-{x}^2)", "abs({x})", "1/(1 + exp(-{x}))"])
        lines.append(f"t{k} = " + form.format(x=x, y=y))
        names.append(f"t{k}")
    lines.append("f = " + " + ".join(names[-5:]))
    return "\n".join(lines), {"a": 0.5, "b": -0.25, "c": 0.0}


CASES: list[tuple[str, str, dict[str, object], dict[str, object]]] = [
    ("the lecture circuit", "(x + y) * z", {"x": -2, "y": 5, "z": -4}, {}),
    ("a sigmoid written out", "1/(1 + exp(-(w0*x0 + w1*x1 + w2)))",
     {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}, {}),
    ("in Korean", "q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}, {"lang": "ko"}),
    ("a given upstream", "x * y", {"x": 2, "y": 3}, {"upstream": 0.5}),
    ("an array program", "sum(relu(W @ x))", {"W": [[1.0, -2.0], [0.5, 1.5]], "x": [1.0, 2.0]}, {}),
    ("with exact views", "x * y + x", {"x": "1/3", "y": 2}, {"exact": True}),
    ("with symbolic formulas", "tanh(x * y) + x", {"x": 0.5, "y": 2}, {"symbolic": True}),
    ("a recurrence past the flush", recurrence(250), {"w": 0.9, "x": 0.1, "h0": 0.2}, {}),
    *((f"random {seed}", *random_program(seed, 300), {}) for seed in range(3)),
]


def render(source: str, values: dict[str, object], options: dict[str, object], *, lazy: bool, terminal: bool,
           flush: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(explain_text, "FLUSH_LINES", flush)
    buffer = io.StringIO()
    if terminal:  # colour codes and wrapping under the indent at 60 columns
        console = Console(file=buffer, width=60, force_terminal=True, color_system="truecolor", soft_wrap=False,
                          highlight=False, emoji=False)
    else:  # what make_console gives in a pipe
        console = Console(file=buffer, width=200, soft_wrap=False, highlight=False, emoji=False)
    explain_text.render_explanation(explain(source, values, lazy=lazy, **options), console)  # type: ignore[arg-type]
    return buffer.getvalue()


@pytest.mark.parametrize(("label", "source", "values", "options"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
def test_the_streamed_narrative_is_byte_identical_to_the_built_one(
        label: str, source: str, values: dict[str, object], options: dict[str, object], terminal: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    whole = render(source, values, options, lazy=False, terminal=terminal, flush=10**9, monkeypatch=monkeypatch)
    assert whole.count("\n") > 5
    for flush in (1, 7, explain_text.FLUSH_LINES):
        streamed = render(source, values, options, lazy=True, terminal=terminal, flush=flush, monkeypatch=monkeypatch)
        assert streamed == whole, f"differs with FLUSH_LINES={flush}"


def test_lazy_steps_are_the_built_steps() -> None:
    source, values = random_program(7, 200)
    built = explain(source, values)
    lazy = explain(source, values, lazy=True)
    assert isinstance(lazy.forward, LazySteps) and isinstance(lazy.backward, LazySteps)
    assert list(lazy.forward) == list(built.forward)
    assert list(lazy.backward) == list(built.backward)
    assert list(lazy.backward) == list(built.backward)  # a second pass makes them again
    assert len(lazy.forward) == len(built.forward) and len(lazy.backward) == len(built.backward)


def test_the_command_prints_what_the_built_narrative_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    source = recurrence(800)  # about 8,000 lines: four flushes
    values = {"w": 0.9, "x": 0.1, "h0": 0.2}
    expected = render(source, values, {}, lazy=False, terminal=False, flush=10**9, monkeypatch=monkeypatch)
    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["explain", source, "--w=0.9", "--x=0.1", "--h0=0.2"])
    assert result.exit_code == 0, result.output
    assert expected.count("\n") > 3 * explain_text.FLUSH_LINES
    assert result.stdout == expected
