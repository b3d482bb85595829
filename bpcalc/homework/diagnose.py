"""Node-by-node marking of hand-worked answers, with a diagnosis only where the evidence supports one.

The trace from `bpcalc.evaluate` is the truth. Answers are visited in the order the work is
done (forward values from the inputs, then gradients from the output back), so when an answer
is judged, everything it was computed from has been judged already. Every number the student
wrote is kept, at the precision it was written (see `precision.py`), and each later step is
recomputed from those numbers the way a careful human grader would:

* right: the answer matches the true value at its written precision, or the value the gate
  gives from the student's own accepted (rounded) numbers within the precision they carry;
* carried forward: it matches the student's own numbers, and one of those was wrong;
* otherwise wrong at this node: a classic slip of the gate is named when it reproduces the
  answer (sign, missing fan-out sum, the `slips` of the gate's registry row, a transposed
  matrix); when none does, the verdict says what the answer should be and invents no cause.

The first answer, in work order, that is wrong through no earlier mistake is where the
student's work went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bpcalc.base.gcpause import collector_paused
from bpcalc.base.notation import factor, product
from bpcalc.base.numbers import format_number
from bpcalc.engine import Trace
from bpcalc.homework.keys import GRAD, VALUE, Target, canonical, gate_name, output_name, seen
from bpcalc.homework.notation import NO_OVERRIDE, Tolerance, Written, matches
from bpcalc.homework.own_numbers import Own, OwnNumbers, true_value
from bpcalc.homework.precision import column_as_vector, is_trivial, replaced_total, same, total
from bpcalc.homework.verdicts import (  # noqa: F401 (the marking's vocabulary, re-exported)
    CARRIED,
    CARRIED_FORWARD,
    FANOUT,
    FIGURES,
    FORWARD,
    INPUT,
    MAX_ROUTE,
    MISSING,
    MUL_SWAP,
    NOT_ASKED,
    RIGHT,
    SEED,
    SHAPE,
    SHORT,
    SIGN,
    TRANSPOSED,
    UNREACHED,
    UNREADABLE,
    WRONG,
    WRONG_VALUE,
    Answer,
    Marking,
    Verdict,
)
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE

# Recomputing a slip from a student's rounded numbers loses a little more; diagnoses allow this.
DIAGNOSIS_SLACK = 5e-3

_Found = tuple[str, str | None, str, tuple[str, ...]]  # status, diagnosis, message, sources


def mark(trace: Trace, answers: list[Answer], tolerance: Tolerance = NO_OVERRIDE,
         not_asked: list[Answer] | None = None) -> Marking:
    """Judge every answer; the verdicts come back in work order (forward, then backward).

    not_asked: answers to quantities the problem does not ask; listed, never judged or used.
    """
    with collector_paused():  # many small dicts and no cycles: a GC pass per 700 would grow with the sheet
        return _mark(trace, answers, tolerance, not_asked)


def _mark(trace: Trace, answers: list[Answer], tolerance: Tolerance, not_asked: list[Answer] | None) -> Marking:
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
            expected = true_value(trace, answer.target) if answer.target is not None else None
            status = MISSING if answer.error is None else UNREADABLE
            message = "no answer given" if answer.error is None else answer.error
            verdicts.append(Verdict(answer.key, label, answer.target, None, expected, status, None, message))
    for answer in not_asked or []:
        label = canonical(graph, answer.target) if answer.target is not None else answer.key
        verdicts.append(Verdict(answer.key, label, answer.target, answer.written, None, NOT_ASKED, None,
                                "not asked, not graded"))
    first = next((v for v in verdicts if v.status == WRONG), None)
    return Marking(trace, verdicts, first)


def _shape(value: Any) -> tuple[int, ...]:
    return tuple(getattr(value, "shape", ()))


def _fmt(value: Any) -> str:
    return format_number(value, 4)


@dataclass
class _Work(OwnNumbers):
    """Judges each answer against the truth and the student's own numbers, and names a slip when one fits."""

    written_text: dict[str, str] = field(default_factory=dict)  # first-hand mistakes, as written

    def close(self, written: Written, value: Any, width: Any = 0.0, slack: bool = True) -> bool:
        return value is not None and matches(written, value, self.tolerance, DIAGNOSIS_SLACK if slack else 0.0, width)

    def visit(self, target: Target, answer: Answer | None, verdicts: list[Verdict]) -> None:
        """Judge the answer for this quantity, if any, and keep the student's own number for later."""
        if answer is None:
            own = self.recompute(target)
            if own is not None:
                self.numbers[target], self.widths[target] = own.value, own.width
                if own.origins:
                    self.origins[target] = own.origins
            return
        verdict, written = self.judge(answer)
        verdicts.append(verdict)
        if verdict.status == WRONG:
            self.written_text[verdict.label] = written.text
        if _shape(written.value) != _shape(verdict.expected):
            return
        self.numbers[target], self.widths[target] = written.value, written.halfunit
        if verdict.status == CARRIED:
            self.origins[target] = verdict.sources
        elif verdict.status == WRONG and not (verdict.diagnosis == FIGURES and matches(written, verdict.expected)):
            self.origins[target] = (verdict.label,)

    def judge(self, answer: Answer) -> tuple[Verdict, Written]:
        assert answer.target is not None and answer.written is not None
        target = answer.target
        truth = true_value(self.trace, target)
        label = canonical(self.graph, target)
        written, note = column_as_vector(answer.written, truth, label)

        def verdict(status: str, code: str | None = None, message: str = "", sources: tuple[str, ...] = (),
                    extra: str = "", trivial: bool = False) -> tuple[Verdict, Written]:
            return Verdict(answer.key, label, target, written, truth, status, code, message, sources,
                           "; ".join(n for n in (note, extra) if n), trivial), written

        least = self.tolerance.min_sigfigs
        if least is not None and written.sigfigs is not None and written.sigfigs < least:
            return verdict(WRONG, FIGURES, f"written to {written.precision_text()}; give at least {least} "
                           "significant figures")
        if matches(written, truth, self.tolerance):
            return verdict(RIGHT)
        own = self.recompute(target)
        if own is not None and not own.origins and matches(written, own.value, self.tolerance, width=own.width):
            return verdict(RIGHT, extra=f"right from your own rounded numbers: with them, {self.how(target)} "
                           f"gives {_fmt(own.value)}")
        if own is not None and own.origins and self.close(written, own.value, own.width):
            trivial = any(is_trivial(v) for v in self.carried_inputs(target))
            message = f"error carried forward from {self.roots_text(own.origins)}: with your own numbers, " \
                      f"{self.how(target)} gives {_fmt(own.value)}, as you wrote"
            if trivial:
                message += "; no carried-forward credit: the carried value (0 or ±1) makes this step trivial"
            return verdict(CARRIED, CARRIED_FORWARD, message, own.origins, trivial=trivial)
        found = self.shape_problem(written, truth, label)
        if found is None:
            found = self.value_problem(target.index, written, truth, own) if target.kind == VALUE else \
                self.grad_problem(target.index, written, truth, own)
        status, code, message, sources = found
        return verdict(status, code, message, sources)

    def how(self, target: Target) -> str:
        graph = self.graph
        if target.kind == VALUE:
            return gate_name(graph, target.index)
        uses = self.uses[target.index]
        if len(uses) == 1:
            c = uses[0][0]
            return f"the {REGISTRY[graph.ops[c]].gate} gate {gate_name(graph, c)}"
        return f"the sum over the {len(uses)} uses of {seen(graph, target.index)}"

    # -- shapes -------------------------------------------------------------------------------
    def shape_problem(self, written: Written, truth: Any, label: str) -> _Found | None:
        got, want = _shape(written.value), _shape(truth)
        transposed = len(want) == 2 and got == want[::-1] and want[0] != want[1]
        square = len(want) == 2 and got == want and want[0] == want[1]
        if (transposed or square) and matches(Written(written.text, written.value.T, _transpose(written.halfunit),
                                                      written.sigfigs), truth, self.tolerance, DIAGNOSIS_SLACK):
            return (WRONG, TRANSPOSED, f"this is the transpose of {label}: a gradient has the shape of what it is "
                    f"taken with respect to, {_dims(want)}; for D = W X, dL/dW = (dL/dD) X^T and dL/dX = W^T (dL/dD)", ())
        if got != want:
            return (WRONG, SHAPE, f"shape {_dims(got)}, but {label} has shape {_dims(want)} (a gradient always has the "
                    "shape of what it is taken with respect to)", ())
        return None

    # -- forward values -----------------------------------------------------------------------
    def value_problem(self, i: int, written: Written, truth: Any, own: Own | None) -> _Found:
        graph = self.graph
        op = graph.ops[i]
        if op == VARIABLE:
            return (WRONG, INPUT, f"{seen(graph, i)} is an input, given as {_fmt(truth)}", ())
        if op == CONSTANT:
            return (WRONG, INPUT, f"{seen(graph, i)} is a constant, {_fmt(truth)}", ())
        reference, width = (own.value, own.width) if own is not None else (truth, 0.0)
        if _nonzero(reference) and self.close(written, -reference, width, slack=False):
            return (WRONG, SIGN, f"sign error: {gate_name(graph, i)} is {_fmt(reference)}", ())
        mine = f" (from your own numbers, {_fmt(own.value)})" if own is not None and not same(own.value, truth) else ""
        return (WRONG, FORWARD, f"{gate_name(graph, i)} should be {_fmt(truth)}{mine}", ())

    # -- gradients ----------------------------------------------------------------------------
    def grad_problem(self, i: int, written: Written, truth: Any, own: Own | None) -> _Found:
        graph = self.graph
        label = seen(graph, i)
        if i == graph.output:
            return (WRONG, SEED, f"the backward pass starts at the output with d{label}/d{label} = 1", ())
        uses = self.uses[i]
        if not uses:
            return (WRONG, UNREACHED, f"{label} does not reach the output, so its gradient is 0", ())
        numbers = {t: self.number(t) for t in self.inputs(Target(i, GRAD))}
        terms = [self.term(c, k, numbers) for c, k in uses]
        if any(t is None for t in terms):
            numbers = {t: true_value(self.trace, t) for t in numbers}
            terms = [self.true_term(c, k) for c, k in uses]
        width = own.width if own is not None else 0.0
        whole = total(terms)
        if len(uses) > 1:
            for (c, _k), term in zip(uses, terms):
                if self.close(written, term, width):
                    parts = " + ".join(_fmt(t) for t in terms)
                    return (WRONG, FANOUT, f"fan-out sum missing: {label} is used {len(uses)} times, so a copy gate adds "
                            f"the gradients of every use ({parts} = {_fmt(whole)}); your answer is only the branch "
                            f"through {gate_name(graph, c)}", ())
        for j, (c, k) in enumerate(uses):
            found = self.slip(i, j, c, k, terms, whole, numbers, written, width)
            if found is not None:
                if _nonzero(whole) and self.close(written, -whole, width):
                    found = (*found[:2], found[2] + "; it is also the right value with its sign flipped", found[3])
                return found
        if _nonzero(whole) and self.close(written, -whole, width):
            return (WRONG, SIGN, f"sign error: d{self.out}/d{label} should be {_fmt(whole)}"
                    + self.chain_text(uses, numbers), ())
        return (WRONG, WRONG_VALUE, f"no known slip explains it; d{self.out}/d{label} should be {_fmt(whole)}"
                + self.chain_text(uses, numbers), ())

    @property
    def out(self) -> str:
        return output_name(self.graph)

    def slip(self, i: int, j: int, c: int, k: int, terms: list[Any], whole: Any, numbers: dict[Target, Any],
             written: Written, width: Any) -> _Found | None:
        """The classic slips of gate c, from its registry row, that reproduce the answer exactly."""
        graph = self.graph
        op = REGISTRY[graph.ops[c]]
        g = numbers[Target(c, GRAD)]
        out = numbers[Target(c, VALUE)]
        xs = [numbers[Target(a, VALUE)] for a in graph.args[c]]
        for slip in op.slips:
            try:
                alternative = self.fit(g * slip.local(out, *xs)[k], i)
            except Exception:  # the student's numbers outside the rule's reach
                continue
            if same(alternative, terms[j]) or not self.close(written, replaced_total(terms, whole, j, alternative), width):
                continue
            try:
                local = op.local(out, *xs)[k] if not self.trace.arrays else None
            except Exception:  # outside the rule's domain: say the term alone
                local = None
            how = (f"{product('upstream', 'local')} = {product(_fmt(g), factor(_fmt(local)))}" if local is not None
                   else _fmt(terms[j]))  # base/notation: the chain rule as eval and explain write it
            return (WRONG, slip.code, f"{slip.text} at {gate_name(graph, c)}: {op.pattern}, so {seen(graph, i)} "
                    f"receives {how}", ())
        return None

    def roots_text(self, sources: tuple[str, ...]) -> str:
        return ", ".join(f"your {s} = {self.written_text.get(s, '?')}" for s in sources)

    def chain_text(self, uses: list[tuple[int, int]], numbers: dict[Target, Any]) -> str:
        """The chain rule with the numbers used, as a fact (no claim about which factor was wrong)."""
        if len(uses) != 1 or self.trace.arrays:
            return ""
        c, k = uses[0]
        local = self.trace.locals[c]
        if local is None:
            return ""
        g = numbers[Target(c, GRAD)]
        return f" ({product(f'upstream {_fmt(g)}', f'local {_fmt(local[k])}')})"  # the lecture's order (base/notation)


def _nonzero(value: Any) -> bool:
    if isinstance(value, float | int):
        return value != 0
    import numpy as np

    return bool(np.any(np.asarray(value) != 0))


def _transpose(halfunit: Any) -> Any:
    return halfunit.T if hasattr(halfunit, "T") else halfunit


def _dims(shape: tuple[int, ...]) -> str:
    return "scalar" if not shape else "(" + " × ".join(str(s) for s in shape) + ")"
