"""Forward pass and backpropagation over a graph, returned as an immutable `Trace`.

The passes themselves are plain loops (no recursion) in two modules: `scalar_pass` keeps
scalars as Python floats (fast, no numpy import) and `array_pass` runs on numpy arrays when
any input is one. `run` returns a fresh `Trace` every time, so running it twice gives the same
gradients (no accumulation into shared state).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from bpcalc.base.shapes import is_array
from bpcalc.errors import UnknownNameError, did_you_mean
from bpcalc.graph import Graph
from bpcalc.ops import REGISTRY
from bpcalc.ops.sizes import MAKES_ARRAYS

_SCALAR_TYPES = {float, int}


@dataclass(frozen=True)
class Trace:
    """Everything one forward and backward pass found, node by node in forward order."""

    graph: Graph
    values: list[Any]
    grads: list[Any]  # dL/dnode; None where it is not defined (see `backward`)
    # d node / d input, per input; None for leaves and VJP-only ops. A list for arrays; for
    # scalars a read-only sequence that recomputes each entry from `values` when asked.
    locals: Sequence[tuple[Any, ...] | None]
    kinks: list[bool]
    arrays: bool  # True when the run used numpy arrays
    # What each node sends back along each input edge (entry k goes to graph.args[i][k]; a
    # fan-out input has one entry per edge): upstream x local, or the VJP's output, in the
    # input's shape. None for leaves, static arguments and partials that do not exist. Lazy
    # for scalars, like `locals`; the arrays the backward pass summed, for arrays.
    downstream: Sequence[tuple[Any, ...] | None]
    # The given upstream gradient dL/d(output) the backward pass started from (engine.upstream);
    # None when it started from dL/dL = 1.
    upstream: Any = None

    @property
    def output(self) -> Any:
        return self.values[self.graph.output]

    def gradient(self, name: str) -> Any:
        index = self.graph.find(name)
        if index is None:
            raise KeyError(name)
        return self.grads[index]

    def edges(self, index: int) -> tuple[tuple[Any, ...] | None, tuple[Any, ...] | None]:
        """(locals[index], downstream[index]) in one read: for scalars each read of `locals`
        recomputes the rule, so a renderer that shows both asks here."""
        local = self.locals[index]
        from_local = getattr(self.downstream, "from_local", None)
        return local, from_local(index, local) if from_local is not None else self.downstream[index]

    def input_gradients(self) -> dict[str, Any]:
        return {name: self.grads[index] for name, index in self.graph.variables.items()}


def gate_downstream(op_name: str, upstream: Any, out: Any, inputs: list[Any], arrays: bool) -> list[Any]:
    """What gate `op_name` sends back to each input at the given numbers, by the engine's own
    rules: for counterfactuals (homework checks a student's own numbers), where no trace exists.
    A trace's real values are in `Trace.downstream`. Raises what the rules raise."""
    from bpcalc.ops import REGISTRY

    op = REGISTRY[op_name]
    if arrays:
        from bpcalc.engine import array_pass

        return array_pass.gate_downstream(op, upstream, out, inputs)
    return [upstream * p for p in op.local(out, *inputs)]


def bind(graph: Graph, values: dict[str, Any]) -> None:
    """Check that every input has a value and every value has an input, before any work."""
    if values.keys() == graph.variables.keys():  # the usual case, compared in C
        return
    missing = [name for name in graph.variables if name not in values]
    if missing:
        name = missing[0]
        others = f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else ""
        spare = [given for given in values if given not in graph.variables]
        typo = did_you_mean(name, spare)
        hint = f"give it on the command line: --{name}=VALUE (or 'let {name} = VALUE' in a program file)"
        if name == "upstream":  # --upstream is the option for a given dL/d(output) (engine.upstream)
            hint = f"give it on the command line: --var {name}=VALUE (or 'let {name} = VALUE' in a program file)"
        glued = _glued_names(name, list(values))
        if glued:
            hint = f"did you mean `{'*'.join(glued)}`? (values were given for {', '.join(glued)})"
        elif typo:
            hint = f"a value was given for '{typo}': did you mean '{name}'? " + hint
        raise UnknownNameError(
            f"no value for the variable '{name}'{others}",
            source=graph.source, span=graph.spans[graph.variables[name]], hint=hint,
        )
    unused = [name for name in values if name not in graph.variables]
    if unused:
        name = unused[0]
        if name in graph.aliases:
            message = f"a value was given for '{name}', but the program computes '{name}'"
            hint = "give values only for input variables"
        else:
            suggestion = did_you_mean(name, list(graph.variables))
            message = f"a value was given for '{name}', which the expression does not use"
            hint = f"did you mean --{suggestion}?" if suggestion else f"the inputs are: {', '.join(graph.variables) or 'none'}"
        raise UnknownNameError(message, hint=hint)


def _glued_names(name: str, given: list[str]) -> list[str] | None:
    """w0x0 with values for w0 and x0: the names written without the '*' between them
    (read greedily, longest given name first)."""
    longest_first = sorted((g for g in given if g), key=len, reverse=True)
    parts: list[str] = []
    rest = name
    while rest:
        first = next((g for g in longest_first if rest.startswith(g)), None)
        if first is None:
            return None
        parts.append(first)
        rest = rest[len(first) :]
    return parts if len(parts) > 1 else None


def run(graph: Graph, values: dict[str, Any], upstream: Any = None) -> Trace:
    """Forward, then backward from dL/dL = 1, or from `upstream` (dL/d(output), of the
    output's shape) when one is given."""
    if len(values) != len(graph.variables):
        bind(graph, values)  # a value too many or one missing: bind says which
    # With as many values as inputs, the forward pass reading each input's value by name is
    # bind's check (a graph with 10^5 inputs does not look each name up twice): a KeyError
    # there is a value missing, and bind names it.
    names = set(graph.ops)  # one walk over the graph serves the array test and the scalar loops' slots
    arrays = _needs_arrays(graph, values, names)
    forward: Callable[..., Any]
    backward: Callable[..., Any]
    if arrays:
        from bpcalc.engine import array_pass

        forward, backward = array_pass.forward, array_pass.backward
    else:
        from bpcalc.engine import scalar_pass
        from bpcalc.engine.dispatch import slots

        found = slots(names)
        forward, backward = partial(scalar_pass.forward, slots=found), partial(scalar_pass.backward, slots=found)
    try:
        computed, kinks = forward(graph, values)
    except KeyError:
        bind(graph, values)
        raise
    grads, local, downstream, upstream = _backward(backward, graph, computed, upstream)
    output = grads[graph.output]
    for index in graph.constants:  # a constant is a parameter of its gate: it has no gradient anyone asks for
        grads[index] = None
    grads[graph.output] = output  # unless it is the output (a program that is one literal)
    return Trace(graph, computed, grads, local, kinks, arrays, downstream, upstream)


def _backward(backward: Callable[..., Any], graph: Graph, computed: list[Any], upstream: Any) -> tuple[Any, Any, Any, Any]:
    """The backward pass from dL/dL = 1, or from the given `upstream` shaped as the output:
    (grads, locals, downstream, the upstream used)."""
    if upstream is None:
        return (*backward(graph, computed), None)
    from bpcalc.engine.upstream import seed_for

    upstream = seed_for(graph, computed[graph.output], upstream)
    return (*backward(graph, computed, upstream), upstream)


def _needs_arrays(graph: Graph, values: dict[str, Any], names: set[str]) -> bool:
    """True when the numpy pass must run: an input or a constant is an array, or a gate makes
    one from numbers (arange(3), x.shape, [a, b]). `names`: the graph's distinct op names."""
    # map/set run in C: a graph with 10^5 inputs or constants pays no Python call per leaf here.
    if not set(map(type, values.values())) <= _SCALAR_TYPES and any(map(is_array, values.values())):
        return True
    if not MAKES_ARRAYS.isdisjoint(names) or any(REGISTRY[name].builds_array for name in names if name in REGISTRY):
        return True
    # Only a constant of another type than float and int can be an array: ask the graph then.
    return not set(map(type, graph.constants.values())) <= _SCALAR_TYPES and graph.has_array_constants()
