"""Named constants (pi, e): their float value, their exact SymPy counterpart, their LaTeX.

The parser and the value reader read the floats; the SymPy bridge and exact mode read the
exact counterparts, so no other module spells out what `pi` is.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple


class Constant(NamedTuple):  # an immutable record, at a tuple's start-up cost (no dataclass methods to compile)
    name: str
    value: float
    sympy: Callable[[Any], Any]  # (sympy_module) -> the exact SymPy number
    latex: str


CONSTANT_ROWS: dict[str, Constant] = {
    row.name: row
    for row in (
        Constant("pi", math.pi, lambda sp: sp.pi, r"\pi"),
        Constant("e", math.e, lambda sp: sp.E, "e"),
    )
}

# name -> float value, for the parser and value readers.
CONSTANTS: dict[str, float] = {name: row.value for name, row in CONSTANT_ROWS.items()}
