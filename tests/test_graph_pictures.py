"""The committed pictures in docs/images are exactly what the tool draws today, and each shows
the published numbers of its circuit (read back from the SVG, not from our own output).

The pictures and their commands live in tests/snapshots.py; when the drawing changes on
purpose, redraw them with `python -m tests.snapshots --update`. This file only compares.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.snapshots import PICTURES, draw

PAGE = ROOT / "README.md"
SVG = "{http://www.w3.org/2000/svg}"

# Node label -> (value, gradient) as the picture prints them, from the published worked examples:
# CS231n's sigmoid neuron (f = 0.73; dw0 = -0.20, dx0 = 0.39, dw1 = -0.39, dx1 = -0.59, dw2 = 0.20),
# the primer's (x + y) z circuit and its matrix example (f = 0.116).
PUBLISHED = {
    "docs/images/sigmoid_neuron.svg": {"w0": ("2", "-0.1966"), "x0": ("-1", "0.3932"), "w1": ("-3", "-0.3932"),
                                       "x1": ("-2", "-0.5898"), "w2": ("-3", "0.1966"), "f": ("0.7311", "1")},
    "docs/images/circuit.svg": {"x": ("-2", "-4"), "y": ("5", "-4"), "z": ("-4", "3"), "q": ("3", "-4"),
                                "f": ("-12", "1")},
    "docs/images/matrix.svg": {"W": ("[[0.1, 0.5], [-0.3, 0.8]]", "[[0.088, 0.176], [0.104, 0.208]]"),
                               "x": ("[0.2, 0.4]", "[-0.112, 0.636]"), "q": ("[0.22, 0.26]", "[0.44, 0.52]"),
                               "f": ("0.116", "1")},
}


def labelled_numbers(svg: str) -> dict[str, tuple[str | None, str | None]]:
    """label -> (value, gradient) of every named node: a bp-leafname or bp-name text followed by
    that node's bp-value and bp-grad texts."""
    found: dict[str, tuple[str | None, str | None]] = {}
    label = None
    value = None
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        kind = text.get("class")
        if kind in ("bp-leafname", "bp-name"):
            label, value = text.text, None
        elif kind == "bp-value":
            value = text.text
        elif kind == "bp-grad" and label is not None:
            found[label] = (value, text.text)
            label = None
    return found


def test_every_picture_has_published_numbers_to_check() -> None:
    assert set(PUBLISHED) == set(PICTURES)


@pytest.mark.parametrize("path", sorted(PICTURES))
def test_the_committed_picture_is_what_the_tool_draws(path: str, tmp_path: Path) -> None:
    fresh = draw(PICTURES[path], tmp_path / "picture.svg")
    committed = (ROOT / path).read_text(encoding="utf-8")
    assert committed == fresh, f"{path} is stale: python -m tests.snapshots --update"


@pytest.mark.parametrize("path", sorted(PICTURES))
def test_the_committed_picture_shows_the_published_numbers(path: str) -> None:
    shown = labelled_numbers((ROOT / path).read_text(encoding="utf-8"))
    for label, numbers in PUBLISHED[path].items():
        assert shown.get(label) == numbers, f"{path}: node {label}"


def test_the_readme_shows_the_command_that_draws_its_picture() -> None:
    page = PAGE.read_text(encoding="utf-8")
    embedded = [path for path in PICTURES if f"]({path})" in page]
    assert embedded == ["docs/images/sigmoid_neuron.svg"]
    for path in embedded:
        assert f"$ bpcalc {PICTURES[path]} -o {path}" in page
