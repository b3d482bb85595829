"""Forward and backward on Python floats: the hot path for scalar graphs (no numpy).

Both passes are single loops over the flat graph, tuned because scripts call them on graphs of
10^5 nodes and more (see benchmarks/run.py). Each pass runs a quick loop first and keeps its
result when every number it produced is finite; only otherwise does the careful loop run, the
one with a check at every node, so errors and their messages are exactly the careful loop's:
- the quick loops (engine.quick) do the work of the most common gates in place, in branches
  chosen per graph from the registry rows (engine.dispatch: `a + b` for operator.add, the
  partials (b, a) of mul applied without a call), call the rules of every other operation,
  check only where an operation has a domain or a kink rule, and look for overflow once, at
  the end;
- the quick backward loop does not store local gradients: they are pure functions of the
  forward values, so `LocalGradients` recomputes one when a renderer asks for it (at most once
  per node per render) instead of keeping 10^5 tuples alive;
- Python's cyclic garbage collector is paused while a pass runs: the passes only allocate
  floats and small tuples that hold no cycles, but with it on, the collector keeps rescanning
  every live object of the graph as the pass allocates.
tests/test_deep.py compares the quick loops with the careful ones on thousands of random
programs, errors included.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, cast

from bpcalc.base.gcpause import collector_paused
from bpcalc.engine import dispatch, quick
from bpcalc.engine.failures import node_error
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE

_OVERFLOW = "the result overflows (it is too large for a float)"
_ARITHMETIC_ERRORS = (ZeroDivisionError, OverflowError, ValueError)


def forward(graph: Graph, values: dict[str, Any], slots: dispatch.Slots | None = None) -> tuple[list[Any], list[bool]]:
    """Every node's value in creation order; kinks marks non-differentiable points. `slots`:
    dispatch.slots for the graph's op names, when the caller has them (run looks them up once
    for both passes)."""
    with collector_paused():
        found = _forward_quick(graph, values, slots)
        if found is not None:
            return found
        return _forward_careful(graph, values)


def backward(graph: Graph, values: list[Any], seed: float = 1.0,
             slots: dispatch.Slots | None = None) -> tuple[list[Any], LocalGradients, DownstreamGradients]:
    """dL/dnode for every node, from dL/dL = 1 at the output (or a given upstream `seed`,
    which scales every gradient), downstream = local x upstream.

    An infinite partial derivative (sqrt at 0) is an error when it feeds a node that depends on
    an input; a partial with no real value (nan: a^b by b at a < 0, where a^b is no real
    function of b) gives that input, and every node it is computed from, no gradient (None),
    as does any non-finite partial into a constant.
    """
    with collector_paused():
        grads = _backward_quick(graph, values, seed, slots)
        if grads is None:
            grads = _backward_careful(graph, values, seed)
    local = LocalGradients(graph, values)
    return grads, local, DownstreamGradients(local, grads)


class LocalGradients(Sequence[tuple[Any, ...] | None]):
    """d node / d input for each input of each node, computed when asked for.

    The same numbers the backward pass multiplied by: the rule of the node's operation at its
    forward values, with inf standing for a partial that does not exist there (a rule that
    raised). None for leaves.
    """

    def __init__(self, graph: Graph, values: list[Any]) -> None:
        self._graph = graph
        self._values = values

    def __len__(self) -> int:
        return len(self._graph.ops)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        inputs = self._graph.args[index]
        if not inputs or index > self._graph.output:  # backprop never reaches past the output
            return None
        return _local_parts(REGISTRY[self._graph.ops[index]].local, self._values, index, inputs)

    def __repr__(self) -> str:
        return f"LocalGradients({list(self)!r})"


class DownstreamGradients(Sequence[tuple[Any, ...] | None]):
    """What each node sends back along each of its input edges, computed when asked for.

    Entry k of node i is upstream x local, dL/d(node i) x d(node i)/d(input k): the very
    product the backward pass added into that input's gradient (so a fan-out input, `x * x`,
    has one entry per edge). None where no gradient flows: a leaf, a node past the output, and
    an edge whose local partial does not exist (it goes to a constant, which gets no gradient).
    Lazy for the reason `LocalGradients` is: 10^5 tuples are not kept alive for nothing.
    """

    def __init__(self, local: LocalGradients, grads: list[Any]) -> None:
        self._local = local
        self._grads = grads

    def __len__(self) -> int:
        return len(self._grads)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.from_local(index, self._local[index])

    def from_local(self, index: int, parts: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        """Node `index`'s entry from its local gradients, when the caller has read them already."""
        g = self._grads[index]
        if parts is None or g is None:
            return None
        isfinite = math.isfinite
        return tuple([g * p if isfinite(p) else None for p in parts])

    def __repr__(self) -> str:
        return f"DownstreamGradients({list(self)!r})"


def _local_parts(rule: Callable[..., Any], values: list[Any], index: int, inputs: tuple[int, ...]) -> tuple[Any, ...]:
    try:
        return tuple(rule(values[index], *[values[a] for a in inputs]))
    except _ARITHMETIC_ERRORS:
        return tuple(math.inf for _ in inputs)


def _leaf_values(graph: Graph, values: dict[str, Any]) -> list[Any]:
    """A value list with the leaves filled in, ready for the operations to fill the rest."""
    out: list[Any] = [None] * len(graph.ops)
    for index, value in graph.constants.items():
        out[index] = value
    variables = graph.variables
    if len(values) == len(variables) and list(values) == list(variables):
        # The values come in the inputs' order, as the CLI and most callers give them: each is
        # read in place, with no look-up by name (which misses the cache at 10^6 inputs).
        for index, value in zip(variables.values(), values.values()):
            out[index] = value
    else:
        for name, index in variables.items():
            out[index] = values[name]
    return out


def _forward_quick(graph: Graph, values: dict[str, Any], slots: dispatch.Slots | None = None) -> tuple[list[Any], list[bool]] | None:
    """The forward pass with checks only where an operation has a domain or a kink rule;
    None when anything fails or is not finite (the careful loop then names the node)."""
    if slots is None:
        slots = dispatch.slots(set(graph.ops))
    out = _leaf_values(graph, values)
    kinks = [False] * len(out)
    try:
        if not quick.forward(out, graph.ops, graph.args, kinks, slots.forward):
            return None  # a domain rule refused a node's inputs
    except Exception:  # whatever went wrong, the careful loop names it properly
        return None
    if not _all_finite(out):
        return None
    return out, kinks


def _forward_careful(graph: Graph, values: dict[str, Any]) -> tuple[list[Any], list[bool]]:
    """The forward pass with every check at every node: the errors and their messages live here."""
    # Every variable node has a name (base.names.variable_name): the loop indexes by it unchecked.
    ops, args, constants, names = graph.ops, graph.args, graph.constants, cast("list[str]", graph.names)
    n = len(ops)
    out: list[Any] = [None] * n
    kinks = [False] * n
    isfinite = math.isfinite
    i = 0
    # One try around the loop costs nothing per node; only the forward rules can raise these
    # (domain and kink rules are plain comparisons on finite floats), so `i` names the node.
    try:
        for i in range(n):
            if not args[i]:
                out[i] = values[names[i]] if ops[i] == VARIABLE else constants[i]
                continue
            op = REGISTRY[ops[i]]
            xs = [out[a] for a in args[i]]
            if op.domain is not None and (problem := op.domain(*xs)):
                raise node_error(graph, i, problem)
            result = op.forward(*xs)
            if not isfinite(result):
                raise node_error(graph, i, _OVERFLOW)
            if op.kink is not None and op.kink(result, *xs):
                kinks[i] = True
            out[i] = result
    except OverflowError:
        raise node_error(graph, i, _OVERFLOW) from None
    except ZeroDivisionError:
        raise node_error(graph, i, "division by zero") from None
    except ValueError as error:
        raise node_error(graph, i, f"undefined here ({error})") from None
    return out, kinks


def _local_rules(ops: list[str]) -> dict[str, Callable[..., Any]]:
    """The local-gradient rule of each operation the graph uses, looked up once."""
    return {name: REGISTRY[name].local for name in set(ops) if name != VARIABLE and name != CONSTANT}


def _backward_quick(graph: Graph, values: list[Any], seed: float = 1.0, slots: dispatch.Slots | None = None) -> list[Any] | None:
    """Backprop with no per-node checks; None when anything is not finite.

    A local gradient that is inf or nan (or a rule that raises) cannot hide: inf * g and
    nan * g are never finite, and neither is a sum that contains them, so if every gradient
    ends finite, every local gradient was finite and the careful loop would give the same.
    """
    if slots is None:
        slots = dispatch.slots(set(graph.ops))
    grads: list[Any] = [0.0] * len(values)
    grads[graph.output] = seed
    try:
        quick.backward(values, grads, graph.ops, graph.args, graph.output, slots.backward)
    except _ARITHMETIC_ERRORS:
        return None
    if not _all_finite(grads):
        return None
    return grads


def _backward_careful(graph: Graph, values: list[Any], seed: float = 1.0) -> list[Any]:
    """Backprop that checks every local gradient: the rules for inf and nan live here."""
    ops, args = graph.ops, graph.args
    output = graph.output
    n = len(ops)
    grads: list[Any] = [0.0] * n
    grads[output] = seed
    undefined: set[int] = set()
    varying = graph.depends_on_variable()
    live = reaches_output(graph)
    rules = _local_rules(ops)
    isfinite, isnan = math.isfinite, math.isnan
    for i in range(output, -1, -1):
        inputs = args[i]
        if not inputs:
            continue
        if i in undefined:  # no real gradient reaches this node, so none passes through it
            undefined.update(inputs)
            continue
        g = grads[i]
        for a, p in zip(inputs, _local_parts(rules[ops[i]], values, i, inputs)):
            if not isfinite(p) and not live[i]:
                continue  # a dead statement: the output does not depend on it, its inputs get 0 from it
            if not isfinite(p):
                if varying[a] and not isnan(p):  # infinite (a pole): an error; nan: no real value
                    raise node_error(graph, i, "its local gradient is infinite or undefined at these inputs", grad=True)
                undefined.add(a)
                continue
            grads[a] += g * p
    for i in range(n):
        if i in undefined:
            grads[i] = None
        elif not isfinite(grads[i]):
            raise node_error(graph, i, "its gradient overflows (it is too large for a float)", grad=True)
    return grads


def reaches_output(graph: Graph) -> list[bool]:
    """Which nodes the output is computed from (a dead statement's nodes are not): one reverse loop."""
    live = [False] * len(graph.ops)
    live[graph.output] = True
    for i in range(graph.output, -1, -1):
        if live[i]:
            for a in graph.args[i]:
                live[a] = True
    return live


def _all_finite(numbers: list[float]) -> bool:
    """True when every number is finite: a sum in C is quick, and only a sum that overflows
    (or meets an inf or nan) needs the element-by-element look."""
    try:
        if math.isfinite(sum(numbers)):
            return True
    except TypeError:  # a None left where a node was never computed
        return False
    return all(math.isfinite(x) for x in numbers)
