"""The committed pictures in docs/images (snapshots of what `bpcalc graph` draws), and the one
command that redraws them after an intended change of the drawing:

    python -m tests.snapshots            # list the stale pictures (exit 1 if any)
    python -m tests.snapshots --update   # redraw them into docs/images; review the diff

The test suite only compares (tests/test_graph_pictures.py): a difference fails it, and nothing
in the suite ever writes a snapshot.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from bpcalc.cli import cli

ROOT = Path(__file__).resolve().parent.parent

# Each picture and the `bpcalc` arguments that draw it (README shows the ones it embeds).
PICTURES = {
    "docs/images/sigmoid_neuron.svg": 'graph "f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))" '
                                      "--w0=2 --x0=-1 --w1=-3 --x1=-2 --w2=-3 --layout builtin",
    "docs/images/circuit.svg": 'graph "q = x + y; f = q * z" --x=-2 --y=5 --z=-4 --layout builtin',
    "docs/images/matrix.svg": 'graph "q = W @ x; f = sum(q ** 2)" --W="[[0.1, 0.5], [-0.3, 0.8]]" --x="[0.2, 0.4]" '
                              "--layout builtin",
}


def draw(command: str, target: Path) -> str:
    """Run `bpcalc COMMAND -o TARGET` in-process and return what it wrote."""
    done = CliRunner().invoke(cli, [*shlex.split(command), "-o", str(target)], catch_exceptions=False)
    if done.exit_code != 0:
        raise RuntimeError(f"bpcalc {command} exited {done.exit_code}:\n{done.output}")
    return target.read_text(encoding="utf-8")


def stale(root: Path = ROOT) -> list[str]:
    """The pictures whose committed file differs from a fresh drawing (made in a temporary folder)."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for path, command in PICTURES.items():
            committed = root / path
            fresh = draw(command, Path(folder) / Path(path).name)
            if not committed.exists() or committed.read_text(encoding="utf-8") != fresh:
                found.append(path)
    return found


def main(argv: list[str]) -> int:
    if "--update" in argv:
        for path, command in PICTURES.items():
            draw(command, ROOT / path)
            print(f"wrote {path}")
        return 0
    outdated = stale()
    for path in outdated:
        print(f"stale: {path}")
    if outdated:
        print("redraw with: python -m tests.snapshots --update")
    return 1 if outdated else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
