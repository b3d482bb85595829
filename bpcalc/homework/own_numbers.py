"""The student's own numbers: what each quantity becomes when recomputed from the numbers written.

A careful grader recomputes each step from the student's accepted (rounded) numbers, not from
the true ones. This is that bookkeeping (the numbers, the precision each carries, the first-hand
mistakes behind each), apart from the marking and diagnosis that read it (diagnose.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bpcalc.engine import Trace, gate_downstream
from bpcalc.graph import Graph
from bpcalc.homework.keys import GRAD, VALUE, Target
from bpcalc.homework.notation import Tolerance
from bpcalc.homework.precision import EXACT_TERMS, same, spread, total
from bpcalc.ops import REGISTRY


def true_value(trace: Trace, target: Target) -> Any:
    return trace.values[target.index] if target.kind == VALUE else trace.grads[target.index]


@dataclass
class Own:
    """A quantity recomputed from the student's numbers: value, the precision it carries, its mistakes."""

    value: Any
    width: Any
    origins: tuple[str, ...]


@dataclass
class OwnNumbers:
    """The student's numbers so far, and each step recomputed from them (see the module's docstring)."""

    trace: Trace
    tolerance: Tolerance
    numbers: dict[Target, Any] = field(default_factory=dict)  # the student's numbers, written or recomputed
    widths: dict[Target, Any] = field(default_factory=dict)  # half the width each number carries
    origins: dict[Target, tuple[str, ...]] = field(default_factory=dict)  # first-hand mistakes behind each
    uses: list[list[tuple[int, int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        graph = self.trace.graph
        live = graph.reaches_output()
        self.uses = [[] for _ in range(len(graph))]
        for c, args in enumerate(graph.args):
            if c > graph.output or not live[c]:
                continue
            for k, a in enumerate(args):
                self.uses[a].append((c, k))

    @property
    def graph(self) -> Graph:
        return self.trace.graph

    def number(self, target: Target) -> Any:
        return self.numbers.get(target, true_value(self.trace, target))

    def inputs(self, target: Target) -> list[Target]:
        """Every number this quantity is computed from in one step of the work."""
        graph = self.graph
        if target.kind == VALUE:
            return [Target(a, VALUE) for a in graph.args[target.index]]
        found: list[Target] = []
        for c, _k in self.uses[target.index]:
            found += [Target(c, GRAD), Target(c, VALUE), *(Target(a, VALUE) for a in graph.args[c])]
        return list(dict.fromkeys(found))

    def step(self, target: Target, numbers: dict[Target, Any]) -> Any:
        """This quantity from the given numbers: a forward rule, or the sum of what each use sends back."""
        graph = self.graph
        i = target.index
        if target.kind == VALUE:
            return self.forward_with(i, [numbers[Target(a, VALUE)] for a in graph.args[i]])
        terms = [self.term(c, k, numbers) for c, k in self.uses[i]]
        return None if any(t is None for t in terms) else total(terms)

    def recompute(self, target: Target) -> Own | None:
        """The quantity from the student's own numbers, when any of its inputs is theirs."""
        graph = self.graph
        i = target.index
        if (target.kind == VALUE and not graph.args[i]) or (target.kind == GRAD and (i == graph.output or not self.uses[i])):
            return None
        inputs = self.inputs(target)
        if not any(t in self.numbers for t in inputs):
            return None
        numbers = {t: self.number(t) for t in inputs}
        value = self.step(target, numbers)
        if value is None:
            return None
        moved = self.moved(target, numbers, value)
        width = spread(moved, numbers, {t: self.widths[t] for t in inputs if t in self.widths}, value)
        found: list[str] = []
        for t in inputs:
            if not self.origins.get(t):
                continue
            without = moved(t, true_value(self.trace, t))
            if without is None or not same(value, without):
                found.extend(self.origins[t])
        return Own(value, width, tuple(dict.fromkeys(found)))

    def moved(self, target: Target, numbers: dict[Target, Any], value: Any) -> Callable[[Target, Any], Any]:
        """This step's value with one input replaced: step() again, except for a gradient of more
        than EXACT_TERMS uses, where only the terms that input feeds are recomputed and their
        change is added to `value` (recomputing all n terms for each of its ~3n inputs is n^2)."""
        uses = self.uses[target.index]
        if target.kind == VALUE or len(uses) <= EXACT_TERMS:
            return lambda key, number: self.step(target, {**numbers, key: number})
        graph = self.graph
        feeds = [(Target(c, GRAD), Target(c, VALUE), *(Target(a, VALUE) for a in graph.args[c])) for c, _k in uses]
        fed: dict[Target, list[int]] = {}
        for j, keys in enumerate(feeds):
            for key in dict.fromkeys(keys):
                fed.setdefault(key, []).append(j)
        terms = [self.term(c, k, numbers) for c, k in uses]

        def replaced(key: Target, number: Any) -> Any:
            change: Any = 0.0
            for j in fed.get(key, ()):
                c, k = uses[j]
                new = self.term(c, k, {**{t: numbers[t] for t in feeds[j]}, key: number})
                if new is None:
                    return None
                change = change + (new - terms[j])
            return value + change

        return replaced

    def carried_inputs(self, target: Target) -> list[Any]:
        """The student's wrong numbers this step was computed from (for the trivial-value safeguard)."""
        return [self.numbers[t] for t in self.inputs(target) if self.origins.get(t) and t in self.numbers]

    def forward_with(self, i: int, xs: list[Any]) -> Any:
        op = REGISTRY[self.graph.ops[i]]
        fn = op.forward_array if self.trace.arrays and op.forward_array is not None else op.forward
        try:
            return fn(*xs)
        except Exception:  # the student's numbers may be outside the op's domain
            return None

    def fit(self, value: Any, i: int) -> Any:
        """A gradient term summed back to the shape of node i (broadcast inputs)."""
        if not self.trace.arrays:
            return value
        from bpcalc.engine.array_pass import unbroadcast

        return unbroadcast(value, self.trace.values[i])

    def true_term(self, c: int, k: int) -> Any:
        """What gate c really sends back to its k-th input: the engine kept it in the trace."""
        sent = self.trace.downstream[c]
        return sent[k] if sent is not None else None

    def term(self, c: int, k: int, numbers: dict[Target, Any]) -> Any:
        """What gate c sends back to its k-th input, local x upstream, from the given numbers."""
        graph = self.graph
        g = numbers[Target(c, GRAD)]
        xs = [numbers[Target(a, VALUE)] for a in graph.args[c]]
        out = numbers[Target(c, VALUE)]
        try:
            return gate_downstream(graph.ops[c], g, out, xs, self.trace.arrays)[k]
        except Exception:  # own numbers outside the op's domain or of the wrong shape
            return None
