"""The library entry point: text and values in, a checked result out.

Everything the CLI shows comes from here, so notebooks and autograders can call
`bpcalc.evaluate("(x + y) * z", x=-2, y=5, z=-4)` directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bpcalc.engine import Trace, run
from bpcalc.errors import BpcalcError
from bpcalc.language.parser import Program, parse
from bpcalc.language.values import parse_value

if TYPE_CHECKING:
    from bpcalc.checks.cross_check import CheckReport, Progress


@dataclass(frozen=True)
class Result:
    program: Program
    trace: Trace
    values: dict[str, Any]
    check: CheckReport | None

    @property
    def value(self) -> Any:
        return self.trace.output

    @property
    def gradients(self) -> dict[str, Any]:
        return self.trace.input_gradients()

    @property
    def warnings(self) -> list[str]:
        return self.program.warnings

    def to_json(self) -> dict[str, Any]:
        from bpcalc.render.json_doc import document

        return document(self)

    def _repr_markdown_(self) -> str:  # Jupyter shows results as a table
        from bpcalc.render.markdown import render_markdown

        return render_markdown(self)


def normalize_values(values: dict[str, Any]) -> dict[str, Any]:
    """Numbers stay numbers; strings and lists are parsed like command-line values."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            out[name] = parse_value(value, name)
        elif isinstance(value, bool):
            raise BpcalcError(f"the value of {name} is a boolean, not a number")
        elif isinstance(value, int | float):
            out[name] = float(value)
            if out[name] != out[name] or out[name] in (float("inf"), float("-inf")):
                raise BpcalcError(f"the value of {name} is not finite", hint="give a finite number")
        else:
            import numpy as np

            array = np.asarray(value, dtype=float)
            out[name] = float(array) if array.ndim == 0 else array
    return out


def evaluate(source: str, values: dict[str, Any] | None = None, *, check: bool = True, progress: Progress | None = None,
             **named: Any) -> Result:
    """Parse, run forward and backward, and (unless check=False) cross-check every gradient.

    `progress`, if given, is called as progress(what, done, total) while a long check runs
    (the CLI draws a bar with it); by default the library prints nothing.
    """
    try:
        program = parse(source)
        given = normalize_values({**program.values, **(values or {}), **named})
        trace = run(program.graph, given)
        if trace.arrays:
            from bpcalc.engine.product_warnings import elementwise_product_warnings

            program.warnings.extend(elementwise_product_warnings(program.graph, trace.values))
        report = None
        if check:
            from bpcalc.checks.cross_check import cross_check  # only a checked run pays for SymPy and friends

            report = cross_check(trace, given, progress=progress)
    except BpcalcError as error:
        raise error.with_source(source) from None
    return Result(program, trace, given, report)
