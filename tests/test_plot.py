"""`bpcalc plot`: the sampled function and derivative against SymPy and centred differences,
the text plot's shape (saturation, the relu kink), image files, and input errors."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sympy

from bpcalc.errors import UsageError
from bpcalc.render.plot_text import render_plot_text
from bpcalc.teach.plot import parse_range, sample

X = sympy.Symbol("x")


@pytest.mark.parametrize(("source", "reference"), [
    ("tanh(x)", sympy.tanh(X)),
    ("sigmoid(x)", 1 / (1 + sympy.exp(-X))),
    ("x * exp(-x * x / 2) + sin(3 * x)", X * sympy.exp(-X * X / 2) + sympy.sin(3 * X)),
], ids=["tanh", "sigmoid", "mixed"])
def test_the_derivative_matches_sympy_at_every_sample(source: str, reference: sympy.Expr) -> None:
    samples = sample(source, "x", -4.0, 4.0, points=41)
    f = sympy.lambdify(X, reference, "math")
    df = sympy.lambdify(X, sympy.diff(reference, X), "math")
    for x, y, slope in zip(samples.xs, samples.ys, samples.slopes):
        assert y == pytest.approx(f(x), rel=1e-12, abs=1e-12)
        assert slope == pytest.approx(df(x), rel=1e-9, abs=1e-12)


def test_the_derivative_matches_centred_differences_with_other_variables_fixed() -> None:
    source = "w * x * x + b * sin(x)"
    samples = sample(source, "x", -2.0, 2.0, {"w": 1.5, "b": -0.5}, points=21)
    h = 1e-5

    def f(x: float) -> float:
        return 1.5 * x * x - 0.5 * math.sin(x)

    for x, slope in zip(samples.xs, samples.slopes):
        assert slope == pytest.approx((f(x + h) - f(x - h)) / (2 * h), rel=1e-6, abs=1e-8)


def test_sigmoid_saturates_its_gradient_vanishes_far_from_zero() -> None:
    samples = sample("sigmoid(x)", "x", -10.0, 10.0, points=21)
    assert samples.slopes[10] == pytest.approx(0.25)  # at x = 0
    assert samples.slopes[0] < 5e-5 and samples.slopes[-1] < 5e-5


def test_relu_has_a_kink_at_zero_with_pytorchs_derivative() -> None:
    samples = sample("relu(x)", "x", -1.0, 1.0, points=5)
    assert samples.xs == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert samples.slopes == [0.0, 0.0, 0.0, 1.0, 1.0]  # relu'(0) = 0
    assert samples.kinks == [0.0]


def test_undefined_points_become_gaps() -> None:
    samples = sample("log(x)", "x", -1.0, 1.0, points=5)
    assert samples.ys[:3] == [None, None, None]
    assert samples.ys[4] == 0.0 and samples.slopes[4] == 1.0


def test_a_range_is_low_colon_high_and_accepts_constants() -> None:
    assert parse_range("-4:4", "x") == (-4.0, 4.0)
    assert parse_range("-pi:pi", "x") == (-math.pi, math.pi)


@pytest.mark.parametrize(("text", "message"), [("4:-4", "the range is empty"), ("1:2:3", "LOW:HIGH"), ("3", "LOW:HIGH")])
def test_a_bad_range_is_a_usage_error(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_range(text, "x")


def test_the_text_plot_has_two_panels_over_a_shared_axis() -> None:
    text = render_plot_text(sample("tanh(x)", "x", -4.0, 4.0, points=65))
    lines = text.splitlines()
    assert lines[0] == "f = tanh(x) for x in [-4, 4]"
    assert lines[1] == "  f"
    assert lines[13].startswith("  ∂f/∂x")
    assert lines[-2].strip().startswith("└")
    assert lines[-1].split() == ["-4", "0", "4"]
    # The derivative peaks at x = 0 (the middle column) and is 1 there.
    peak = lines[14]
    assert peak.lstrip().startswith("1 ┤")
    assert peak.index("•") <= 9 + 1 + 32 <= peak.rindex("•")


def test_the_text_plot_notes_the_relu_kink() -> None:
    text = render_plot_text(sample("relu(x)", "x", -2.0, 2.0, points=65))
    assert "kink at x = 0" in text


def test_the_plot_command_prints_the_text_plot(run_cli) -> None:
    done = run_cli("plot", "tanh(x)", "--x=-4:4")
    assert done.exit_code == 0
    assert done.stdout.startswith("f = tanh(x) for x in [-4, 4]")


def test_the_plot_command_holds_the_other_variables_fixed(run_cli) -> None:
    done = run_cli("plot", "relu(w * x + b)", "--x=-2:2", "--w=1.5", "--b=0.5")
    assert done.exit_code == 0
    assert "fixed: w = 1.5, b = 0.5" in done.stdout.splitlines()[0]


@pytest.mark.parametrize(("args", "message"), [
    (["tanh(x)", "--x=1"], "give exactly one variable a range"),
    (["x * y", "--x=0:1", "--y=0:1"], "only one variable can have a range"),
    (["x * y", "--x=0:1"], "no value for y"),
    (["tanh(x)", "--y=0:1"], "does not use 'y'"),
    (["log(x)", "--x=-2:-1"], "undefined everywhere"),
    (["tanh(x)", "--x=-4:4", "-o", "plot.jpeg"], "write to a .png or .svg file"),
])
def test_plot_input_errors_exit_2_with_a_message(run_cli, args: list[str], message: str) -> None:
    done = run_cli("plot", *args)
    assert done.exit_code == 2
    assert message in done.stderr
    assert "Traceback" not in done.output


def test_plot_to_png_and_svg_files(run_cli, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png, svg = tmp_path / "p.png", tmp_path / "p.svg"
    assert run_cli("plot", "sigmoid(x)", "--x=-8:8", "-o", str(png)).exit_code == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert run_cli("plot", "sigmoid(x)", "--x=-8:8", "-o", str(svg)).exit_code == 0
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert any("∂f/∂x" in (t.text or "") for t in root.iter("{http://www.w3.org/2000/svg}text"))
