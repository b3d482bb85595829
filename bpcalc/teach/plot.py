"""A function of one variable and its derivative, sampled over a range, for plots.

The derivative at each point is the gradient the engine's backward pass gives for that
variable (the same numbers `bpcalc eval` shows), with the other variables held fixed. Points
where the function is undefined (log of a negative) become gaps; kinks (relu at 0) are kept
so the pictures can mark them. This is how students see saturation and the relu kink.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bpcalc.errors import BpcalcError, UsageError

DEFAULT_POINTS = 401
PLOT_NODE_EVALUATIONS = 10_000_000  # points x nodes: about 20 s of forward and backward passes


@dataclass(frozen=True)
class Samples:
    """f and df/dvar at evenly spaced points; None where undefined there."""

    source: str
    variable: str
    low: float
    high: float
    fixed: dict[str, Any]
    xs: list[float]
    ys: list[float | None]
    slopes: list[float | None]
    kinks: list[float]  # x positions where a node sits at a non-differentiable point

    @property
    def defined(self) -> int:
        return sum(1 for y in self.ys if y is not None)


def parse_range(text: str, name: str) -> tuple[float, float]:
    """'-4:4' (or '-pi:pi', '0:1/2') -> (low, high), low < high."""
    from bpcalc.language.values import parse_value

    low_text, sep, high_text = text.partition(":")
    if not sep or ":" in high_text:
        raise UsageError(f"--{name}={text}: a range is written LOW:HIGH", hint=f"for example --{name}=-4:4")
    low, high = parse_value(low_text, name), parse_value(high_text, name)
    if not isinstance(low, float) or not isinstance(high, float):
        raise UsageError(f"--{name}={text}: the ends of a range must be numbers, not arrays")
    if not low < high:
        raise UsageError(f"--{name}={text}: the range is empty", hint="write the smaller end first, e.g. -4:4")
    return low, high


def sample(source: str, variable: str, low: float, high: float, fixed: dict[str, Any] | None = None,
           points: int = DEFAULT_POINTS) -> Samples:
    """Run the forward and backward pass at `points` evenly spaced values of `variable`."""
    from bpcalc.engine import run
    from bpcalc.language.parser import parse

    if points < 2:
        raise UsageError("a plot needs at least 2 points")
    try:
        program = parse(source)
    except BpcalcError as error:
        raise error.with_source(source) from None
    graph = program.graph
    if variable not in graph.variables:
        inputs = ", ".join(graph.variables) or "none"
        raise UsageError(f"the expression does not use '{variable}', so it cannot be plotted over it",
                         hint=f"its inputs are: {inputs}")
    base = {**program.values, **(fixed or {})}
    base.pop(variable, None)
    missing = [name for name in graph.variables if name != variable and name not in base]
    if missing:
        raise UsageError(f"no value for {', '.join(missing)}",
                         hint="a plot varies one variable; give the others fixed values, e.g. " +
                         " ".join(f"--{name}=1" for name in missing))
    nodes = len(graph.ops)
    if points * nodes > PLOT_NODE_EVALUATIONS:
        fits = max(2, PLOT_NODE_EVALUATIONS // nodes)
        raise UsageError(f"{points:,} points of a {nodes:,}-node program is {points * nodes:,} node evaluations; "
                         f"a plot does at most {PLOT_NODE_EVALUATIONS:,}", hint=f"give --points {fits} or fewer")
    # Each end weighted, never high - low: that overflows for -1e308:1e308 (every point infinite).
    xs = [low * (1 - k / (points - 1)) + high * (k / (points - 1)) for k in range(points)]
    ys: list[float | None] = []
    slopes: list[float | None] = []
    kinks: list[float] = []
    for x in xs:
        try:
            trace = run(graph, {**base, variable: x})
        except BpcalcError:
            ys.append(None)
            slopes.append(None)
            continue
        value = trace.output
        if getattr(value, "ndim", 0) > 0:
            raise UsageError("the expression's value is an array; a plot needs one number per point")
        ys.append(float(value))
        grad = trace.grads[graph.variables[variable]]
        slopes.append(None if grad is None else float(grad))
        if any(trace.kinks):
            kinks.append(x)
    if not any(y is not None for y in ys):
        raise UsageError(f"the expression is undefined everywhere on [{low:g}, {high:g}]",
                         hint="choose a range where it is defined")
    return Samples(source, variable, low, high, dict(fixed or {}), xs, ys, slopes, kinks)
