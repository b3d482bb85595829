"""The library entry point: text and values in, a checked result out.

Everything the CLI shows comes from here, so notebooks and autograders can call
`bpcalc.evaluate("(x + y) * z", {"x": -2, "y": 5, "z": -4})` directly. This module shows
nothing itself: JSON, Markdown and tables are made by `bpcalc.render` from a `Result`
(`bpcalc.to_json(result)`), so the layers below the renderers never import them.

Values: a dict (the second, positional argument) takes any variable name. Keyword values
(`evaluate(text, x=-2)`) are a convenience for every name that is not an option of
`evaluate` (`check`, `progress`): a variable named like an option must come in the dict, and
saying otherwise is an error, never a silent guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bpcalc.base.numbers import format_number
from bpcalc.engine import Trace, run
from bpcalc.errors import BpcalcError, UsageError, did_you_mean
from bpcalc.language.parser import Program, parse
from bpcalc.language.values import parse_value

if TYPE_CHECKING:
    from bpcalc.checks.cross_check import CheckReport, Progress

OPTIONS = ("check", "progress", "upstream")  # evaluate()'s keyword options: never taken as variable values
_REPR_INPUTS = 5  # inputs named in repr(Result) before "… (N in all)"


class UnknownNodeError(KeyError):
    """A node name or id the graph does not have; a KeyError whose message is readable."""

    def __str__(self) -> str:
        return str(self.args[0])


class NodeGradients(Mapping[str, Any]):
    """dL/dnode by the node's name (`grad["q"]`) or id (`grad["n3"]`); iterates over the names."""

    __slots__ = ("_trace",)

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    def __getitem__(self, key: str) -> Any:
        graph = self._trace.graph
        index = graph.find(key) if isinstance(key, str) else None
        if index is None:
            names = list(graph.aliases)
            suggestion = did_you_mean(key, names) if isinstance(key, str) else None
            known = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
            where = f"did you mean '{suggestion}'?" if suggestion else f"the named nodes are: {known or 'none'}"
            raise UnknownNodeError(f"no node named {key!r}: {where} (ids n0 to n{len(graph) - 1} work too)")
        return self._trace.grads[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._trace.graph.aliases)

    def __len__(self) -> int:
        return len(self._trace.graph.aliases)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


@dataclass(frozen=True, repr=False)
class Result:
    program: Program
    trace: Trace
    values: dict[str, Any]  # the input values used, parsed
    check: CheckReport | None  # None when evaluate(..., check=False)

    @property
    def value(self) -> Any:
        """The output node's value."""
        return self.trace.output

    @property
    def gradients(self) -> dict[str, Any]:
        """dL/dinput for every input variable."""
        return self.trace.input_gradients()

    @property
    def grad(self) -> NodeGradients:
        """dL/dnode for any named node or id: `result.grad["q"]`, `result.grad["n3"]`."""
        return NodeGradients(self.trace)

    @property
    def upstream(self) -> Any:
        """The given upstream gradient dL/d(output) the backward pass started from; None when
        it started from dL/dL = 1."""
        return self.trace.upstream

    @property
    def warnings(self) -> list[str]:
        return self.program.warnings

    def __repr__(self) -> str:
        """One line whatever the graph's size (the dataclass default printed every node)."""
        graph = self.trace.graph
        inputs = list(graph.variables)
        shown = ", ".join(inputs[:_REPR_INPUTS])
        if len(inputs) > _REPR_INPUTS:
            shown += f", … ({len(inputs)} in all)"
        return (f"Result(output {graph.label(graph.output)} = {format_number(self.value)}, {len(graph)} nodes, "
                f"inputs {shown or 'none'}, check: {_check_status(self.check)})")


def _check_status(report: CheckReport | None) -> str:
    if report is None:
        return "not run"
    notes = ", ".join(f"{n} node{'s' if n > 1 else ''} {verdict}"
                      for verdict, n in sorted(report.counts().items()) if verdict != "ok")
    status = "ok" if report.passed else "failed"
    if report.directional is not None and report.directional.verdict != "ok":
        notes = ", ".join(filter(None, [notes, f"directional {report.directional.verdict}"]))
    return f"{status} ({notes})" if notes else status


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


def gather_values(values: Mapping[str, Any] | None, named: dict[str, Any]) -> dict[str, Any]:
    """The values dict and the keyword values as one dict; a name given both ways is an error."""
    given = dict(values or {})
    twice = [name for name in named if name in given]
    if twice:
        raise UsageError(f"a value for '{twice[0]}' was given twice (in the values dict and as a keyword)",
                         hint="give each value once")
    given.update(named)
    return given


def reject_option_names(program: Program, given: Mapping[str, Any], options: tuple[str, ...]) -> None:
    """An input named like a keyword option must get its value from the values dict."""
    for name in options:
        if name in program.graph.variables and name not in given and name not in program.values:
            raise UsageError(
                f"the expression has an input named '{name}', which is also an option of this function",
                source=program.graph.source, span=program.graph.spans[program.graph.variables[name]],
                hint=f"give its value in the values dict, e.g. evaluate(text, {{'{name}': 3}}); {name}= is the option "
                     f"(on the command line: --var {name}=VALUE)",
            )


def evaluate(source: str, values: Mapping[str, Any] | None = None, /, *, check: bool = True,
             progress: Progress | None = None, upstream: Any = None, **named: Any) -> Result:
    """Parse, run forward and backward, and (unless check=False) cross-check every gradient.

    `values` maps input names to numbers, arrays or strings in command-line syntax; other
    keyword arguments are values too, except the options `check`, `progress` and `upstream`
    (see the module docstring). `progress`, if given, is called as progress(what, done, total)
    while a long check runs (the CLI draws a bar with it); by default the library prints nothing.
    `upstream` is a given dL/d(output) of the output's shape (a number, list, array or text
    like "[4, -1, 5, 9]"), as a layer's backward(dout) takes it: backprop starts from it
    instead of dL/dL = 1, and the gradients are those of sum(output * upstream). Without it, a
    program's `upstream = ...` line gives it.
    """
    if not isinstance(check, bool):
        raise TypeError(f"check= is the option that turns the cross-check on or off (True or False), not {check!r}; "
                        "a variable named 'check' takes its value from the values dict: evaluate(text, {'check': 3})")
    try:
        given = gather_values(values, named)
        program = parse(source)
        reject_option_names(program, given, OPTIONS)
        seed = _upstream_of(program, upstream)
        given = normalize_values({**program.values, **given})
        trace = run(program.graph, given, seed)
        if trace.arrays:
            from bpcalc.engine.product_warnings import elementwise_product_warnings

            program.warnings.extend(elementwise_product_warnings(program.graph, trace.values))
        report = None
        if check:
            from bpcalc.checks.upstream_check import cross_check_upstream  # only a checked run pays for SymPy

            report = cross_check_upstream(trace, given, progress=progress)
    except BpcalcError as error:
        raise error.with_source(source) from None
    return Result(program, trace, given, report)


def _upstream_of(program: Program, given: Any) -> Any:
    """The upstream gradient: the keyword's, else the program's `upstream = ...` line (a value
    line for a name the expression does not read; one it reads is an input), parsed like a value."""
    from bpcalc.engine.upstream import UPSTREAM_NAME

    if UPSTREAM_NAME in program.values and UPSTREAM_NAME not in program.graph.variables:
        line = program.values.pop(UPSTREAM_NAME)
        program.value_spans.pop(UPSTREAM_NAME, None)
        if given is None:
            given = line
    if given is None:
        return None
    return normalize_values({UPSTREAM_NAME: given})[UPSTREAM_NAME]
