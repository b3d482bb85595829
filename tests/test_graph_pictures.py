"""The committed pictures in docs/images are exactly what the tool draws today.

Each is produced by the command in PICTURES (also shown in README.md); when the
drawing changes on purpose, regenerate them with: python -m tests.test_graph_pictures --update
"""

from __future__ import annotations

import shlex
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from bpcalc.cli import cli
from tests.conftest import ROOT

PAGE = ROOT / "README.md"

PICTURES = {
    "docs/images/sigmoid_neuron.svg": 'graph "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))" '
                                      "--w0=2 --x0=-1 --w1=-3 --x1=-2 --w2=-3 --layout builtin",
    "docs/images/circuit.svg": 'graph "q = x + y; f = q * z" --x=-2 --y=5 --z=-4 --layout builtin',
    "docs/images/matrix.svg": 'graph "q = W @ x; f = sum(q ** 2)" --W="[[0.1, 0.5], [-0.3, 0.8]]" --x="[0.2, 0.4]" '
                              "--layout builtin",
}


def draw(command: str, target: Path) -> str:
    done = CliRunner().invoke(cli, [*shlex.split(command), "-o", str(target)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(PICTURES))
def test_the_committed_picture_is_what_the_tool_draws(path: str, tmp_path: Path) -> None:
    fresh = draw(PICTURES[path], tmp_path / "picture.svg")
    committed = (ROOT / path).read_text(encoding="utf-8")
    assert committed == fresh, f"{path} is stale: python -m tests.test_graph_pictures --update"


def test_the_readme_picture_is_valid_svg_with_the_published_output() -> None:
    root = ET.fromstring((ROOT / "docs/images/sigmoid_neuron.svg").read_text(encoding="utf-8"))
    values = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "bp-value"]
    assert "0.7311" in values


def test_the_pictures_page_shows_the_commands_that_make_them() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for path, command in PICTURES.items():
        if path in page:
            assert f"$ bpcalc {command} -o {path}" in page


if __name__ == "__main__":
    if "--update" in sys.argv:
        for name, line in PICTURES.items():
            draw(line, ROOT / name)
            print(f"wrote {name}")
