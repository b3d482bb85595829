"""What marking produces: answers as handed in, one verdict per answer, and the marking of a problem.

The status and diagnosis codes are stable: JSON output, tests and problem sets' partial credit
(`[scoring] sign_error = 0.25`) use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the vocabulary loads without the engine or the notation parser
    from bpcalc.engine import Trace
    from bpcalc.homework.keys import Target
    from bpcalc.homework.notation import Written

RIGHT, WRONG, CARRIED, MISSING, UNREADABLE = "right", "wrong", "carried forward", "missing", "unreadable"
NOT_ASKED = "not asked"

# Diagnosis codes (stable: JSON output, tests and problem sets' partial credit use them).
SIGN = "sign"
CARRIED_FORWARD = "carried_forward"
WRONG_VALUE = "wrong_value"  # wrong, and no known slip reproduces it: no cause is claimed
FANOUT = "fanout_sum_missing"
MUL_SWAP = "mul_not_swapped"  # the mul row's slip
MAX_ROUTE = "max_routed_wrong"  # the max and min rows' slip
TRANSPOSED = "transposed"
SHAPE = "wrong_shape"
FORWARD = "forward_value"
SEED = "output_seed"
UNREACHED = "does_not_reach_output"
INPUT = "input_value"
FIGURES = "too_few_significant_figures"

# The diagnosis in a few words, for summary tables.
SHORT = {
    SIGN: "sign error", CARRIED_FORWARD: "carried forward", WRONG_VALUE: "wrong",
    FANOUT: "fan-out sum missing", MUL_SWAP: "mul inputs not swapped", MAX_ROUTE: "max routed wrong",
    TRANSPOSED: "transposed", SHAPE: "wrong shape", FORWARD: "wrong forward value", SEED: "output seed not 1",
    UNREACHED: "does not reach the output", INPUT: "input value", FIGURES: "too few significant figures",
}

@dataclass(frozen=True)
class Answer:
    """One answer as handed in: the key written, and either what it parsed to or why it did not."""

    key: str
    target: Target | None
    written: Written | None
    error: str | None = None


@dataclass(frozen=True)
class Verdict:
    key: str  # as the student wrote it
    label: str  # canonical: q, df/dq
    target: Target | None
    written: Written | None
    expected: Any
    status: str
    diagnosis: str | None = None
    message: str = ""
    sources: tuple[str, ...] = ()  # for a carried-forward error: the earlier answers it came from
    note: str = ""  # said even when right (rounding from own numbers, a column vector read as a vector)
    trivial: bool = False  # carried from a 0 or ±1, which makes the step trivial: no carried credit

    @property
    def right(self) -> bool:
        return self.status == RIGHT

    @property
    def graded(self) -> bool:
        return self.status != NOT_ASKED


@dataclass(frozen=True)
class Marking:
    trace: Trace
    verdicts: list[Verdict]
    first_mistake: Verdict | None

    @property
    def all_right(self) -> bool:
        return all(v.right for v in self.verdicts if v.graded)

    def count(self, status: str) -> int:
        return sum(1 for v in self.verdicts if v.status == status)
