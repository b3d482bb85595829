"""Running generated code (`bpcalc code`) the way a student does: as a program, in a fresh
Python process. The file is our own output, never user text; it is loaded with runpy there and
its forward_backward(**INPUTS) results come back as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

_DRIVER = r"""
import json, runpy, sys
import numpy as np

def plain(v):
    if v is None:
        return None
    a = np.asarray(v, dtype=float)
    return a.tolist()

out = []
for path in sys.argv[1:]:
    module = runpy.run_path(path)
    value, grads = module["forward_backward"](**module["INPUTS"])
    out.append({"value": plain(value), "grads": {k: plain(g) for k, g in grads.items()}})
print(json.dumps(out))
"""


def write(text: str, folder: Path, name: str = "generated.py") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_files(paths: list[Path]) -> list[dict[str, Any]]:
    """forward_backward(**INPUTS) of each file, run in one fresh process: value and grads as arrays."""
    done = subprocess.run([sys.executable, "-c", _DRIVER, *map(str, paths)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    return [{"value": np.asarray(r["value"]), "grads": {k: np.asarray(g) for k, g in r["grads"].items()}} for r in results]


def run_text(text: str, folder: Path) -> dict[str, Any]:
    return run_files([write(text, folder)])[0]


def run_script(path: Path) -> subprocess.CompletedProcess[str]:
    """The file run as a script (python FILE), as a student runs it."""
    return subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
