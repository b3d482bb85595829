"""Node-by-node marking of hand-worked answers, with a diagnosis for each wrong one.

The trace from `bpcalc.evaluate` is the truth. Answers are visited in the order the work is
done (forward values from the inputs, then gradients from the output back), so when an answer
is judged, everything it was computed from has been judged already. A wrong answer is then
recomputed from the student's *own* numbers: if it matches, the error was carried forward
from an earlier one; if not, the mistake is made at this node, and we try the classic slips
(sign, missing fan-out sum, mul inputs not swapped, max routed to the wrong input, a transposed
matrix) before falling back to "the local gradient is wrong". The first answer, in work order,
that is wrong through no earlier mistake is where the student's work went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bpcalc.base.numbers import format_number
from bpcalc.engine import Trace
from bpcalc.graph import Graph
from bpcalc.homework.keys import GRAD, VALUE, Target, canonical, output_name
from bpcalc.homework.notation import NO_OVERRIDE, Tolerance, Written, matches
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE
from bpcalc.render.describe import operation_text

RIGHT, WRONG, CARRIED, MISSING, UNREADABLE = "right", "wrong", "carried forward", "missing", "unreadable"

# Diagnosis codes (stable: JSON output and tests use them).
SIGN = "sign"
CARRIED_FORWARD = "carried_forward"
LOCAL = "local_gradient"
FANOUT = "fanout_sum_missing"
MUL_SWAP = "mul_not_swapped"
MAX_ROUTE = "max_routed_wrong"
TRANSPOSED = "transposed"
SHAPE = "wrong_shape"
FORWARD = "forward_value"
SEED = "output_seed"
SUM = "fanout_sum_wrong"
INPUT = "input_value"
FIGURES = "too_few_significant_figures"

# The diagnosis in a few words, for summary tables.
SHORT = {
    SIGN: "sign error", CARRIED_FORWARD: "carried forward", LOCAL: "wrong local gradient",
    FANOUT: "fan-out sum missing", MUL_SWAP: "mul inputs not swapped", MAX_ROUTE: "max routed wrong",
    TRANSPOSED: "transposed", SHAPE: "wrong shape", FORWARD: "wrong forward value", SEED: "output seed not 1",
    SUM: "fan-out sum wrong", INPUT: "input value", FIGURES: "too few significant figures",
}

# Recomputing from a student's rounded numbers loses a little precision; allow this much more.
DIAGNOSIS_SLACK = 5e-3


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

    @property
    def right(self) -> bool:
        return self.status == RIGHT


@dataclass(frozen=True)
class Marking:
    trace: Trace
    verdicts: list[Verdict]
    first_mistake: Verdict | None

    @property
    def all_right(self) -> bool:
        return all(v.right for v in self.verdicts)

    def count(self, status: str) -> int:
        return sum(1 for v in self.verdicts if v.status == status)


def mark(trace: Trace, answers: list[Answer], tolerance: Tolerance = NO_OVERRIDE) -> Marking:
    """Judge every answer; the verdicts come back in work order (forward, then backward)."""
    graph = trace.graph
    work = _Work(trace, tolerance)
    readable = {a.target: a for a in answers if a.target is not None and a.written is not None}
    verdicts: list[Verdict] = []
    for i in range(len(graph)):
        work.visit(Target(i, VALUE), readable.get(Target(i, VALUE)), verdicts)
    for i in range(len(graph) - 1, -1, -1):
        work.visit(Target(i, GRAD), readable.get(Target(i, GRAD)), verdicts)
    for answer in answers:
        if answer.target is None or answer.written is None:
            label = canonical(graph, answer.target) if answer.target is not None else answer.key
            expected = _truth(trace, answer.target) if answer.target is not None else None
            status = MISSING if answer.error is None else UNREADABLE
            message = "no answer given" if answer.error is None else answer.error
            verdicts.append(Verdict(answer.key, label, answer.target, None, expected, status, None, message))
    first = next((v for v in verdicts if v.status == WRONG), None)
    return Marking(trace, verdicts, first)


def _truth(trace: Trace, target: Target) -> Any:
    return trace.values[target.index] if target.kind == VALUE else trace.grads[target.index]


def _shape(value: Any) -> tuple[int, ...]:
    return tuple(getattr(value, "shape", ()))


def _fmt(value: Any) -> str:
    return format_number(value, 4)


@dataclass
class _Work:
    trace: Trace
    tolerance: Tolerance
    values: dict[int, Any] = field(default_factory=dict)  # the student's wrong forward values
    grads: dict[int, Any] = field(default_factory=dict)  # the student's wrong gradients
    uses: list[list[tuple[int, int]]] = field(default_factory=list)
    # For each own number above: the student's first-hand mistakes it derives from.
    origins: dict[Target, tuple[str, ...]] = field(default_factory=dict)
    written_text: dict[str, str] = field(default_factory=dict)  # first-hand mistakes, as written

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

    def close(self, written: Written, value: Any, slack: bool = True) -> bool:
        return value is not None and matches(written, value, self.tolerance, DIAGNOSIS_SLACK if slack else 0.0)

    def visit(self, target: Target, answer: Answer | None, verdicts: list[Verdict]) -> None:
        """Judge the answer for this quantity, if any, and keep the student's own number for later."""
        own: dict[int, Any] = self.values if target.kind == VALUE else self.grads
        i = target.index
        if answer is None:
            derived, origins = self.derive(target)
            if origins:
                own[i] = derived
                self.origins[target] = origins
            return
        verdict = self.judge(answer)
        verdicts.append(verdict)
        if verdict.status == RIGHT or answer.written is None:
            return
        if verdict.status == WRONG:
            self.written_text[verdict.label] = answer.written.text
        if _shape(answer.written.value) == _shape(verdict.expected):
            own[i] = answer.written.value
            self.origins[target] = verdict.sources if verdict.status == CARRIED else (verdict.label,)

    def derive(self, target: Target) -> tuple[Any, tuple[str, ...]]:
        """An unanswered quantity recomputed from the student's own numbers (errors flow through it)."""
        graph = self.graph
        i = target.index
        if target.kind == VALUE:
            args = graph.args[i]
            origins = self.value_origins(args)
            if not origins:
                return None, ()
            derived = self.forward_with(i, [self.values.get(a, self.trace.values[a]) for a in args])
            return (derived, origins) if derived is not None else (None, ())
        uses = self.uses[i]
        origins = self.sources(uses)
        if not origins or i == graph.output:
            return None, ()
        terms = [self.term(c, k, own=True) for c, k in uses]
        if any(t is None for t in terms):
            return None, ()
        return _sum(terms), origins

    def value_origins(self, args: tuple[int, ...]) -> tuple[str, ...]:
        found: list[str] = []
        for a in args:
            found.extend(self.origins.get(Target(a, VALUE), ()))
        return tuple(dict.fromkeys(found))

    def judge(self, answer: Answer) -> Verdict:
        assert answer.target is not None and answer.written is not None
        target, written = answer.target, answer.written
        truth = _truth(self.trace, target)
        label = canonical(self.graph, target)
        least = self.tolerance.min_sigfigs
        if least is not None and written.sigfigs is not None and written.sigfigs < least:
            return Verdict(answer.key, label, target, written, truth, WRONG, FIGURES,
                           f"written to {written.precision_text()}; give at least {least} significant figures")
        if matches(written, truth, self.tolerance):
            return Verdict(answer.key, label, target, written, truth, RIGHT)
        found = self.shape_problem(written, truth, label)
        if found is None:
            found = self.value_problem(target.index, written, truth) if target.kind == VALUE else \
                self.grad_problem(target.index, written, truth)
        status, code, message, sources = found
        return Verdict(answer.key, label, target, written, truth, status, code, message, sources)

    # -- shapes -------------------------------------------------------------------------------
    def shape_problem(self, written: Written, truth: Any, label: str) -> tuple[str, str, str, tuple[str, ...]] | None:
        got, want = _shape(written.value), _shape(truth)
        transposed = len(want) == 2 and got == want[::-1]
        if transposed and matches(Written(written.text, written.value.T, _transpose(written.halfunit), written.sigfigs),
                                  truth, self.tolerance, DIAGNOSIS_SLACK):
            return (WRONG, TRANSPOSED, f"this is the transpose of {label}: a gradient has the shape of what it is "
                    f"taken with respect to, {_dims(want)}; for D = W X, dL/dW = (dL/dD) X^T and dL/dX = W^T (dL/dD)", ())
        if got != want:
            return (WRONG, SHAPE, f"shape {_dims(got)}, but {label} has shape {_dims(want)} (a gradient always has the "
                    "shape of what it is taken with respect to)", ())
        return None

    # -- forward values -----------------------------------------------------------------------
    def value_problem(self, i: int, written: Written, truth: Any) -> tuple[str, str, str, tuple[str, ...]]:
        graph = self.graph
        op = graph.ops[i]
        if op == VARIABLE:
            return (WRONG, INPUT, f"{graph.label(i)} is an input, given as {_fmt(truth)}", ())
        if op == CONSTANT:
            return (WRONG, INPUT, f"{graph.label(i)} is a constant, {_fmt(truth)}", ())
        args = graph.args[i]
        sources = self.value_origins(args)
        if sources:
            own = self.forward_with(i, [self.values.get(a, self.trace.values[a]) for a in args])
            if self.close(written, own):
                return (CARRIED, CARRIED_FORWARD, f"error carried forward from {self.roots_text(sources)}: with your own "
                        f"numbers, {operation_text(graph, i)} is {_fmt(own)}, as you wrote", sources)
        inputs = ", ".join(f"{graph.label(a)} = {_fmt(self.trace.values[a])}" for a in args if graph.ops[a] != CONSTANT)
        if _nonzero(truth) and self.close(written, -truth, slack=False):
            return (WRONG, SIGN, f"sign error: {graph.label(i)} = {operation_text(graph, i)} should be {_fmt(truth)}", ())
        where = f" with {inputs}" if inputs else ""
        return (WRONG, FORWARD, f"wrong forward value: {graph.label(i)} = {operation_text(graph, i)} should be {_fmt(truth)}{where}", ())

    def forward_with(self, i: int, xs: list[Any]) -> Any:
        op = REGISTRY[self.graph.ops[i]]
        fn = op.forward_array if self.trace.arrays and op.forward_array is not None else op.forward
        try:
            return fn(*xs)
        except Exception:  # the student's numbers may be outside the op's domain
            return None

    # -- gradients ----------------------------------------------------------------------------
    def grad_problem(self, i: int, written: Written, truth: Any) -> tuple[str, str, str, tuple[str, ...]]:
        graph = self.graph
        label = graph.label(i)
        if i == graph.output:
            return (WRONG, SEED, f"the backward pass starts at the output with d{label}/d{label} = 1", ())
        uses = self.uses[i]
        if not uses:
            return (WRONG, SUM, f"{label} does not reach the output, so its gradient is 0", ())
        own_terms = [self.term(c, k, own=True) for c, k in uses]
        sources = self.sources(uses)
        if sources and all(t is not None for t in own_terms):
            own = _sum(own_terms)
            if self.close(written, own):
                return (CARRIED, CARRIED_FORWARD, self.carried_text(uses, own, sources), sources)
        terms = own_terms if all(t is not None for t in own_terms) else [self.term(c, k, own=False) for c, k in uses]
        total = _sum(terms)
        if len(uses) > 1:
            for (c, _k), term in zip(uses, terms):
                if self.close(written, term):
                    parts = " + ".join(_fmt(t) for t in terms)
                    return (WRONG, FANOUT, f"fan-out sum missing: {label} is used {len(uses)} times, so a copy gate adds "
                            f"the gradients of every use ({parts} = {_fmt(total)}); your answer is only the branch "
                            f"through {gate_name(graph, c)}", ())
        for j, (c, k) in enumerate(uses):
            found = self.slip(i, j, c, k, terms, written)
            if found is not None:
                if _nonzero(total) and self.close(written, -total):
                    found = (*found[:2], found[2] + "; it is also the right value with its sign flipped", found[3])
                return found
        if _nonzero(total) and self.close(written, -total):
            return (WRONG, SIGN, f"sign error: d{self.out}/d{label} should be {_fmt(truth)}" + self.chain_text(uses), ())
        if len(uses) == 1:
            return (WRONG, LOCAL, self.local_text(i, uses[0], written), ())
        parts = " + ".join(f"{_fmt(t)} (from {graph.label(c)})" for (c, _k), t in zip(uses, terms))
        return (WRONG, SUM, f"{label} is used {len(uses)} times; its gradient is the sum over the uses: "
                f"{parts} = {_fmt(total)}", ())

    @property
    def out(self) -> str:
        return output_name(self.graph)

    def slip(self, i: int, j: int, c: int, k: int, terms: list[Any], written: Written) -> tuple[str, str, str, tuple[str, ...]] | None:
        """The classic one-gate slips: mul inputs not swapped, max routed to the wrong input."""
        graph = self.graph
        op = graph.ops[c]
        g = self.grads.get(c, self.trace.grads[c])
        xs = [self.values.get(a, self.trace.values[a]) for a in graph.args[c]]
        if op == "mul":
            alternative = self.fit(g * xs[k], i)
            other = graph.args[c][1 - k]
            if alternative is not None and self.close(written, _replace(terms, j, alternative)):
                return (WRONG, MUL_SWAP, f"mul inputs not swapped at {gate_name(graph, c)}: {REGISTRY['mul'].pattern}, so "
                        f"{graph.label(i)} receives upstream × {graph.label(other)} = {_fmt(g)} × {_fmt(xs[1 - k])}, "
                        f"not upstream × {graph.label(i)} itself", ())
        if op in ("max", "min") and self.trace.locals[c] is not None:
            local = self.trace.locals[c][k]
            alternative = self.fit(g * (1 - local), i)
            if alternative is not None and self.close(written, _replace(terms, j, alternative)):
                pattern = REGISTRY[op].pattern
                routed = "receives it" if _nonzero(local) else "receives 0"
                return (WRONG, MAX_ROUTE, f"{op} gate routed to the wrong input at {gate_name(graph, c)}: {pattern}; here "
                        f"{graph.label(i)} {routed}", ())
        return None

    def fit(self, value: Any, i: int) -> Any:
        """A gradient term summed back to the shape of node i (broadcast inputs)."""
        if not self.trace.arrays:
            return value
        from bpcalc.engine.array_pass import unbroadcast

        return unbroadcast(value, self.trace.values[i])

    def term(self, c: int, k: int, own: bool) -> Any:
        """What gate c sends back to its k-th input: local x upstream, from true or own numbers."""
        graph = self.graph
        pick_v = (lambda a: self.values.get(a, self.trace.values[a])) if own else (lambda a: self.trace.values[a])
        g = self.grads.get(c, self.trace.grads[c]) if own else self.trace.grads[c]
        op = REGISTRY[graph.ops[c]]
        xs = [pick_v(a) for a in graph.args[c]]
        out = pick_v(c)
        try:
            if self.trace.arrays:
                if op.vjp is not None:
                    piece = op.vjp(g, out, *xs)[k]
                else:
                    rule = op.local_array if op.local_array is not None else op.local
                    piece = g * rule(out, *xs)[k]
                return self.fit(piece, graph.args[c][k])
            return g * op.local(out, *xs)[k]
        except Exception:  # own numbers outside the op's domain or of the wrong shape
            return None

    def sources(self, uses: list[tuple[int, int]]) -> tuple[str, ...]:
        """The student's first-hand mistakes that change what reaches this node through its uses."""
        graph = self.graph
        found: list[str] = []
        for c, k in uses:
            found.extend(self.origins.get(Target(c, GRAD), ()))
            touched = [a for a in dict.fromkeys((c, *graph.args[c])) if a in self.values]
            if not touched:
                continue
            own = self.term(c, k, own=True)
            for a in touched:
                saved = self.values.pop(a)
                without = self.term(c, k, own=True)
                self.values[a] = saved
                if own is None or without is None or not _same(own, without):
                    found.extend(self.origins.get(Target(a, VALUE), ()))
        return tuple(dict.fromkeys(found))

    def roots_text(self, sources: tuple[str, ...]) -> str:
        return ", ".join(f"your {s} = {self.written_text.get(s, '?')}" for s in sources)

    def carried_text(self, uses: list[tuple[int, int]], own: Any, sources: tuple[str, ...]) -> str:
        if len(uses) == 1:
            c, _k = uses[0]
            gate = REGISTRY[self.graph.ops[c]].gate
            how = f"the {gate} gate {gate_name(self.graph, c)} sends back {_fmt(own)}"
        else:
            how = f"the sum over its {len(uses)} uses is {_fmt(own)}"
        return f"error carried forward from {self.roots_text(sources)}: with your own numbers {how}, as you wrote"

    def chain_text(self, uses: list[tuple[int, int]]) -> str:
        if len(uses) != 1:
            return ""
        c, k = uses[0]
        local = self.trace.locals[c]
        if local is None:
            return ""
        return f" (local {_fmt(local[k])} × upstream {_fmt(self.trace.grads[c])})"

    def local_text(self, i: int, use: tuple[int, int], written: Written | None = None) -> str:
        graph = self.graph
        c, k = use
        op = REGISTRY[graph.ops[c]]
        g = self.trace.grads[c]
        local = self.trace.locals[c]
        me, gate = graph.label(i), graph.label(c)
        if local is None:
            rule = op.vjp_rule or op.rule
            return f"wrong local gradient at the {op.gate} gate {gate}: {rule}; {op.pattern}"
        text = (f"wrong local gradient: ∂{gate}/∂{me} is {_fmt(local[k])} ({op.rule}); {op.pattern}; "
                f"downstream = local × upstream = {_fmt(local[k])} × {_fmt(g)} = {_fmt(self.trace.grads[i])}")
        if written is not None and not written.is_array and isinstance(g, float | int) and g != 0:
            text += f" (your answer implies a local gradient of {_fmt(written.value / g)})"
        return text


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return a == b
    import numpy as np

    return bool(np.shape(a) == np.shape(b) and np.all(np.asarray(a) == np.asarray(b)))


def gate_name(graph: Graph, c: int) -> str:
    """A gate as a person finds it on the worksheet: 'f' if named, else 'n6 = max(z, w)'."""
    if graph.names[c] is not None:
        return f"{graph.names[c]} = {operation_text(graph, c)}"
    return f"{graph.node_id(c)} = {operation_text(graph, c)}"


def _sum(terms: list[Any]) -> Any:
    total: Any = 0.0
    for t in terms:
        total = total + t
    return total


def _replace(terms: list[Any], j: int, value: Any) -> Any:
    return _sum([value if n == j else t for n, t in enumerate(terms)])


def _nonzero(value: Any) -> bool:
    if isinstance(value, float | int):
        return value != 0
    import numpy as np

    return bool(np.any(np.asarray(value) != 0))


def _transpose(halfunit: Any) -> Any:
    return halfunit.T if hasattr(halfunit, "T") else halfunit


def _dims(shape: tuple[int, ...]) -> str:
    return "scalar" if not shape else "(" + " × ".join(str(s) for s in shape) + ")"
