"""What a cross-check reports: one verdict per node, the directional check, and the whole report.

The tolerances and method names live here because the report states them (JSON prints the
tolerances; tests and renderers compare method names).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bpcalc.checks.verdicts import ILL_CONDITIONED, MEANINGS, MISMATCH, UNDEFINED

DIRECTIONAL_SEED = 0  # the direction of the all-inputs check, and the sample of inputs

SYMPY_RTOL, SYMPY_ATOL = 1e-9, 1e-12
NUMERIC_RTOL, NUMERIC_ATOL = 1e-5, 1e-7


LOCAL_METHOD = "sympy-local"
LIMIT_METHOD = "sympy-local (limit by finite differences)"
DIRECTIONAL_METHOD = "finite-differences (directional)"

# (what is being done, done so far, total): called now and then during a long check.
Progress = Callable[[str, int, int], None]


STATIC, PARAMETER = "static", "parameter"  # methods of the entries that get no verdict

@dataclass(frozen=True)
class NodeCheck:
    verdict: str
    method: str | None = None  # which reference decided the verdict
    expected: Any = None  # the reference's number
    formula: str | None = None  # SymPy's d(output)/d(node), as text
    relative_error: float | None = None


@dataclass(frozen=True)
class DirectionalCheck:
    """The chain-rule check over all inputs at once, along one fixed-seed random direction v."""

    verdict: str  # ok, mismatch or inconclusive
    inputs: int  # inputs with a nonzero entry in v (inputs that feed a kink are left out)
    backprop: float  # sum_i grad_i v_i
    expected: float | None  # the centred difference along v, Richardson-extrapolated
    relative_error: float | None
    step: float | None  # the step along v that decided
    tolerance: float | None = None  # the largest |expected - backprop| that agrees, at that step
    seed: int = DIRECTIONAL_SEED
    reason: str | None = None  # why it is inconclusive


@dataclass(frozen=True)
class CheckReport:
    nodes: list[NodeCheck]
    methods: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # checks not run, and why
    directional: DirectionalCheck | None = None  # scalar graphs past FULL_SYMBOLIC_NODES
    notes: list[str] = field(default_factory=list)  # what an ill-conditioned verdict rests on

    @property
    def passed(self) -> bool:
        if self.directional is not None and self.directional.verdict == MISMATCH:
            return False
        return all(node.verdict != MISMATCH for node in self.nodes)

    @property
    def headline(self) -> str:
        """One honest line: what passed means here (no "all agree" over gradients that have no
        value, or that agree only within float64's rounding)."""
        if not self.passed:
            return "gradient mismatch"
        verdicts = {node.verdict for node in self.nodes if node.method not in (STATIC, PARAMETER)}
        if ILL_CONDITIONED in verdicts:
            return "gradients agree, some only within float64 rounding (ill-conditioned)"
        if UNDEFINED in verdicts:
            return "every gradient that exists agrees"
        return "all gradients agree"

    def meanings(self) -> list[str]:
        """What the less common verdicts in this report promise, one line each."""
        verdicts = {node.verdict for node in self.nodes if node.method not in (STATIC, PARAMETER)}
        return [text for verdict, text in MEANINGS.items() if verdict in verdicts]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for node in self.nodes:
            if node.method == PARAMETER:
                continue  # a constant inside a gate: nothing anyone asks to check
            counts[node.verdict] = counts.get(node.verdict, 0) + 1
        return counts
