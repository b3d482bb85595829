"""Forward and backward on Python floats: the hot path for scalar graphs (no numpy).

Both passes are single loops over the flat graph, tuned because scripts call them on graphs of
10^5 nodes and more (see benchmarks/run.py):
- each registry row is looked up once per pass, not once per node, and its rules are bound to
  plain locals; inputs are unpacked by arity instead of building a list per node;
- Python's cyclic garbage collector is paused while a pass runs: the passes only allocate
  floats and small tuples that hold no cycles, but with it on, the collector keeps rescanning
  every live object of the graph as the pass allocates;
- backprop runs a loop without per-node checks first and keeps its result when every
  gradient is finite (a non-finite local gradient cannot hide, see `_backward_quick`); only
  otherwise does the careful loop run, with the rules for infinite and undefined gradients.
Behaviour and error messages are exactly those of the straightforward loop: compared with it
on 40,000 random programs while tuning (errors included, no difference), and
tests/test_deep.py keeps comparing the quick path with the careful one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bpcalc.engine import node_error
from bpcalc.gcpause import collector_paused
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE

_OVERFLOW = "the result overflows (it is too large for a float)"


def forward(graph: Graph, values: dict[str, Any]) -> tuple[list[Any], list[bool]]:
    """Every node's value in creation order; kinks marks non-differentiable points."""
    with collector_paused():
        return _forward(graph, values)


def backward(graph: Graph, values: list[Any]) -> tuple[list[Any], list[tuple[Any, ...] | None]]:
    """dL/dnode for every node, from dL/dL = 1 at the output, downstream = local x upstream.

    A partial derivative that is not finite (sqrt at 0, a^b by b at a < 0) is an error when it
    feeds a node that depends on an input; a constant leaf there just gets no gradient (None).
    """
    with collector_paused():
        return _backward(graph, values)


def _forward_rules(ops: list[str]) -> dict[str, tuple[Callable[..., Any], Any, Any]]:
    """(forward, domain, kink) for each operation the graph uses, looked up once."""
    rules: dict[str, tuple[Callable[..., Any], Any, Any]] = {}
    for name in set(ops):
        if name != VARIABLE and name != CONSTANT:
            op = REGISTRY[name]
            rules[name] = (op.forward, op.domain, op.kink)
    return rules


def _forward(graph: Graph, values: dict[str, Any]) -> tuple[list[Any], list[bool]]:
    ops, args, constants, names = graph.ops, graph.args, graph.constants, graph.names
    n = len(ops)
    out: list[Any] = [None] * n
    kinks = [False] * n
    rules = _forward_rules(ops)
    isfinite = math.isfinite
    i = 0
    # One try around the loop costs nothing per node; only the forward rules can raise these
    # (domain and kink rules are plain comparisons on finite floats), so `i` names the node.
    try:
        for i in range(n):
            rule = rules.get(ops[i])
            if rule is None:
                out[i] = values[names[i]] if ops[i] == VARIABLE else constants[i]
                continue
            fn, domain, kink = rule
            inputs = args[i]
            arity = len(inputs)
            if arity == 1:
                x = out[inputs[0]]
                if domain is not None and (problem := domain(x)):
                    raise node_error(graph, i, problem)
                result = fn(x)
                if not isfinite(result):
                    raise node_error(graph, i, _OVERFLOW)
                if kink is not None and kink(result, x):
                    kinks[i] = True
            else:
                if arity == 2:
                    a, b = inputs
                    xs: tuple[Any, ...] = (out[a], out[b])
                else:
                    xs = tuple([out[a] for a in inputs])
                if domain is not None and (problem := domain(*xs)):
                    raise node_error(graph, i, problem)
                result = fn(*xs)
                if not isfinite(result):
                    raise node_error(graph, i, _OVERFLOW)
                if kink is not None and kink(result, *xs):
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


def _backward(graph: Graph, values: list[Any]) -> tuple[list[Any], list[tuple[Any, ...] | None]]:
    """The quick loop first; the careful one only when a gradient is not finite somewhere."""
    quick = _backward_quick(graph, values)
    if quick is not None:
        return quick
    return _backward_careful(graph, values)


def _backward_quick(graph: Graph, values: list[Any]) -> tuple[list[Any], list[tuple[Any, ...] | None]] | None:
    """Backprop with no per-node checks; None when anything is not finite.

    A local gradient that is inf or nan (or a rule that raises) cannot hide: inf * g and
    nan * g are never finite, and neither is a sum that contains them, so if every gradient
    ends finite, every local gradient was finite and the careful loop would give the same.
    """
    ops, args = graph.ops, graph.args
    output = graph.output
    n = len(ops)
    grads: list[Any] = [0.0] * n
    grads[output] = 1.0
    local: list[tuple[Any, ...] | None] = [None] * n
    rules = _local_rules(ops)
    size = output + 1
    rule_of = list(map(rules.get, ops[:size]))  # None for leaves
    try:
        # zip over reversed lists walks the nodes without indexing each list per node.
        for i, inputs, rule, out in zip(range(output, -1, -1), reversed(args[:size]), reversed(rule_of),
                                        reversed(values[:size])):
            if rule is None:
                continue
            arity = len(inputs)
            if arity == 2:
                a, b = inputs
                p, q = local[i] = rule(out, values[a], values[b])
                g = grads[i]
                grads[a] += g * p
                grads[b] += g * q
            elif arity == 1:
                a = inputs[0]
                parts = local[i] = rule(out, values[a])
                grads[a] += grads[i] * parts[0]
            else:
                g = grads[i]
                parts = local[i] = rule(out, *[values[a] for a in inputs])
                for a, p in zip(inputs, parts):
                    grads[a] += g * p
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    if not _all_finite(grads):
        return None
    return grads, local


def _backward_careful(graph: Graph, values: list[Any]) -> tuple[list[Any], list[tuple[Any, ...] | None]]:
    """Backprop that checks every local gradient: the rules for inf and nan live here."""
    ops, args = graph.ops, graph.args
    output = graph.output
    n = len(ops)
    grads: list[Any] = [0.0] * n
    grads[output] = 1.0
    local: list[tuple[Any, ...] | None] = [None] * n
    undefined: set[int] = set()
    varying = graph.depends_on_variable()
    rules = _local_rules(ops)
    isfinite = math.isfinite
    for i in range(output, -1, -1):
        inputs = args[i]
        if not inputs:
            continue
        g = grads[i]
        try:
            parts = rules[ops[i]](values[i], *[values[a] for a in inputs])
        except (ZeroDivisionError, OverflowError, ValueError):
            parts = tuple(math.inf for _ in inputs)
        local[i] = parts
        for a, p in zip(inputs, parts):
            if not isfinite(p):
                if varying[a]:
                    raise node_error(graph, i, "its local gradient is infinite or undefined at these inputs", grad=True)
                undefined.add(a)
                continue
            grads[a] += g * p
    for i in range(n):
        if i in undefined:
            grads[i] = None
        elif not isfinite(grads[i]):
            raise node_error(graph, i, "its gradient overflows (it is too large for a float)", grad=True)
    return grads, local


def _all_finite(numbers: list[float]) -> bool:
    """True when every number is finite: a sum in C is quick, and only a sum that overflows
    (or meets an inf or nan) needs the element-by-element look."""
    if math.isfinite(sum(numbers)):
        return True
    return all(math.isfinite(x) for x in numbers)
