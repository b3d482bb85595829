"""The forward and backward pass of a result as structured steps, in the lecture's words.

A student learns the chain rule from the steps, not from the numbers: every forward node with
its arithmetic (`q = x + y = -2 + 5 = 3`) and, in reverse topological order, every gradient a
gate hands back (`dL/dq = dL/df × ∂f/∂q = 1 × z = 1 × (-4) = -4`) with the gate pattern named.
Steps are plain data with no renderer of their own (`bpcalc.render` turns them into text,
Markdown, LaTeX, HTML and JSON: this layer does not import it), built
by loops over the graph, and every formula comes from the registry (`Op.rule`, `Op.pattern`,
`Op.vjp_rule`), never from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bpcalc.base.notation import LOSS, chain, gradient, product
from bpcalc.base.notation import factor as notation_factor
from bpcalc.base.numbers import format_number
from bpcalc.engine.upstream import loss_text
from bpcalc.errors import BpcalcError
from bpcalc.graph import Graph
from bpcalc.language.format import ATOM, binding, fill_formula, format_operation, node_text
from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE
from bpcalc.teach import array_steps, i18n
from bpcalc.teach.array_steps import Derivation
from bpcalc.teach.array_steps import grouped as _grouped
from bpcalc.teach.lazy_steps import LazySteps
from bpcalc.teach.sigmoid_notes import sigmoid_notes
from bpcalc.teach.symbolic_view import SYMBOLIC_SECONDS as SYMBOLIC_SECONDS  # re-exported: the --symbolic budget
from bpcalc.teach.symbolic_view import gradient_formulas

if TYPE_CHECKING:
    from bpcalc.api import Result
    from bpcalc.checks.exact import ExactTrace

OUTPUT, GATE, SUM = "output", "gate", "sum"


@dataclass(frozen=True)
class ForwardStep:
    """One node of the forward pass: `label = formula = arithmetic = value`."""

    index: int
    node: str  # id, "n3"
    label: str
    kind: str  # "input", "constant" or a registry op name
    formula: str  # "x + y"; the label itself for leaves
    arithmetic: str  # "-2 + 5"; "" for leaves
    value: Any
    shape: tuple[int, ...]
    text: str  # the whole line


@dataclass(frozen=True)
class Edge:
    """The downstream gradient one gate hands to one of its inputs: upstream × local."""

    source: int  # the gate's node index
    target: int  # the input's node index
    target_label: str
    source_label: str
    upstream: Any
    local_formula: str | None  # "z", from the registry's rule; None when it has no short form
    local: Any  # None for VJP rules (arrays), which give the downstream gradient directly
    downstream: Any
    partial: bool  # the input fans out, so this is one term of its sum
    text: str
    via: str  # how the fan-out sum names this branch: the gate's label, "n1 #2" for x * x
    rule: str | None = None  # the VJP rule that gave `downstream`, when there is no local gradient
    # An array gate's derivation with names and numbers (teach/array_steps), `text` being its line.
    derivation: Derivation | None = None


@dataclass(frozen=True)
class BackwardStep:
    """One step of the backward pass: the output's seed, a gate's edges, or a fan-out sum."""

    kind: str  # OUTPUT, GATE or SUM
    index: int
    node: str
    label: str
    op: str
    gate: str | None  # gate name, e.g. "mul"; "copy" for a fan-out sum
    pattern: str  # the gate-pattern sentence in the chosen language
    upstream: Any  # dL/d(this node) (for SUM: the total)
    edges: tuple[Edge, ...] = ()
    terms: tuple[tuple[str, Any], ...] = ()  # SUM: (which gate it came through, amount)
    kink: str | None = None
    vjp_rule: str | None = None
    shapes: str | None = None
    lines: tuple[str, ...] = ()  # equations, language-neutral
    head: str = ""  # what this step is, in the chosen language
    details: tuple[str, ...] = ()  # the gate pattern, VJP rule, shapes, kink, in the chosen language

    @property
    def note(self) -> str:
        return ". ".join((self.head, *self.details)) if self.head else ". ".join(self.details)


@dataclass(frozen=True)
class Explanation:
    """All the steps for one result, plus the optional exact and symbolic views."""

    result: Result
    lang: str
    forward: tuple[ForwardStep, ...] | LazySteps[ForwardStep]  # LazySteps: made anew on each pass (lazy=True)
    backward: tuple[BackwardStep, ...] | LazySteps[BackwardStep]
    notes: tuple[str, ...]  # sigmoid recognition and similar whole-graph remarks
    precision: int = 6
    exact: ExactTrace | None = None
    formulas: tuple[str | None, ...] | None = None  # --symbolic: simplified dL/dnode per node
    skipped: tuple[str, ...] = field(default_factory=tuple)

    @property
    def graph(self) -> Graph:
        return self.result.trace.graph

    def __repr__(self) -> str:
        """Short: the steps are data; their text comes from the renderers in bpcalc.render
        (explain_text.explanation_text, markdown.render_explanation_markdown, latex, html)."""
        return (f"Explanation({self.graph.source!r}, lang={self.lang!r}, {len(self.forward)} forward steps, "
                f"{len(self.backward)} backward steps)")


def build_explanation(result: Result, lang: str | None = None, *, exact: ExactTrace | None = None,
            formulas: list[str | None] | None = None, precision: int = 6,
            skipped: tuple[str, ...] = (), lazy: bool = False) -> Explanation:
    """Build the steps of `result` in `lang` (None: from the locale). With `lazy`, the steps are
    made as a renderer reads them and dropped after (a 10^6-node narrative is never held whole)."""
    language = i18n.resolve_lang(lang)
    trace = result.trace
    live = trace.graph.reaches_output()
    forward: tuple[ForwardStep, ...] | LazySteps[ForwardStep]
    backward: tuple[BackwardStep, ...] | LazySteps[BackwardStep]
    if lazy:
        forward = LazySteps(lambda: iter_forward_steps(result, live, language, precision))
        backward = LazySteps(lambda: iter_backward_steps(result, live, language, precision))
    else:
        forward = tuple(iter_forward_steps(result, live, language, precision))
        backward = tuple(iter_backward_steps(result, live, language, precision))
    notes = tuple(sigmoid_notes(result, live, language, precision))
    return Explanation(result, language, forward, backward, notes, precision, exact,
                       tuple(formulas) if formulas is not None else None, skipped)


def explain(source: str, values: dict[str, Any] | None = None, *, lang: str | None = None, symbolic: bool = False,
            exact: bool = False, exact_texts: dict[str, str] | None = None, precision: int = 6,
            upstream: Any = None, lazy: bool = False, **named: Any) -> Explanation:
    """The library entry: `bpcalc.explain("(x + y) * z", x=-2, y=5, z=-4, lang="ko")`.

    Values as in `bpcalc.evaluate`; with `exact`, strings ("1/3") and `let` lines stay exact,
    and floats become the simplest fraction equal to them. `lazy`: see build_explanation.
    """
    from bpcalc.api import evaluate

    given = {**(values or {}), **named}
    result = evaluate(source, given, check=False, upstream=upstream)  # upstream: a given dL/d(output)
    if result.upstream is not None and symbolic and not result.trace.arrays:  # exact and array formulas take it
        from bpcalc.errors import UsageError

        raise UsageError("--symbolic does not take a given upstream gradient for a scalar program yet",
                         hint="drop --upstream (or write the loss out: sum(output * upstream))")
    exact_trace = None
    formulas = None
    skipped: list[str] = []
    language = i18n.resolve_lang(lang)
    try:
        if exact:
            from bpcalc.checks.exact import exact_inputs, run_exact

            texts = {k: v for k, v in given.items() if isinstance(v, str)}
            texts.update(exact_texts or {})
            exact_trace = run_exact(result.trace, exact_inputs(source, texts, result.values))
        if symbolic:
            formulas, why = gradient_formulas(result)
            if why:
                from bpcalc.teach.catalogue import translate

                skipped.append(i18n.message("symbolic_skipped", language, why=translate(why, language)))
    except BpcalcError as error:
        raise error.with_source(source) from None
    return build_explanation(result, language, exact=exact_trace, formulas=formulas, precision=precision,
                             skipped=tuple(skipped), lazy=lazy)


def number(value: Any, precision: int) -> str:
    return format_number(value, precision)


def factor(value: Any, precision: int) -> str:
    """A number as a later factor of a product: negatives in parentheses, `1 × (-4)`."""
    return notation_factor(number(value, precision))


def formula_text(graph: Graph, index: int) -> str:
    """What a node computes, in bpcalc syntax from the one formatter: `x + y`, `exp(n3)`, `-dot`."""
    return node_text(graph, index)


def forward_steps(result: Result, live: list[bool], lang: str, precision: int) -> list[ForwardStep]:
    return list(iter_forward_steps(result, live, lang, precision))


def iter_forward_steps(result: Result, live: list[bool], lang: str, precision: int) -> Iterator[ForwardStep]:
    trace = result.trace
    graph = trace.graph
    for i in range(graph.output + 1):
        if not live[i]:
            continue
        op = graph.ops[i]
        value = trace.values[i]
        label = graph.label(i)
        shape = tuple(getattr(value, "shape", ()))
        if op == VARIABLE:
            text = f"{label} = {number(value, precision)}  ({i18n.message('input', lang)})"
            yield ForwardStep(i, graph.node_id(i), label, "input", label, "", value, shape, text)
            continue
        if op == CONSTANT:
            continue  # a constant is shown where it is used
        formula = formula_text(graph, i)
        row = REGISTRY[op]
        factors = [_operand(graph, trace.values[a], a, precision) for a in graph.args[i]]
        operands = [o.removeprefix("(").removesuffix(")") for o in factors]  # exp(-1); the formatter adds (-2) ** 2
        if binding(row, len(operands)) < ATOM:  # an operator: a right operand reads as a factor, 1 * (-4), -(1)
            if len(operands) == 2:
                operands[1] = factors[1]
            else:
                operands[0] = f"({operands[0]})"
        arithmetic = format_operation(row, operands)
        parts = [label, formula]
        if arithmetic != formula:
            parts.append(arithmetic)
        parts.append(number(value, precision))
        text = " = ".join(parts)
        if shape:
            text += f"  (shape {shape})"
        yield ForwardStep(i, graph.node_id(i), label, op, formula, arithmetic, value, shape, text)


def _operand(graph: Graph, value: Any, index: int, precision: int) -> str:
    if getattr(value, "ndim", 0) > 0:
        return graph.label(index)  # an array is named, not spelled out, inside arithmetic
    return factor(value, precision)


def backward_steps(result: Result, live: list[bool], lang: str, precision: int) -> list[BackwardStep]:
    return list(iter_backward_steps(result, live, lang, precision))


def iter_backward_steps(result: Result, live: list[bool], lang: str, precision: int) -> Iterator[BackwardStep]:
    """Steps from the output back to the inputs: each node's gradient is final when reached."""
    trace = result.trace
    graph = trace.graph
    out = graph.output
    uses = [0] * len(graph.ops)
    for i in range(out + 1):
        if live[i]:
            for a in graph.args[i]:
                uses[a] += 1
    received: dict[int, list[tuple[str, Any]]] = {}  # each entry dropped when its node is reached
    out_label = graph.label(out)
    seed = "1" if trace.upstream is None else number(trace.upstream, precision)  # a given upstream gradient
    start = "output_upstream" if trace.upstream is not None else "output_start_loss" if out_label == LOSS else "output_start"
    yield BackwardStep(OUTPUT, out, graph.node_id(out), out_label, graph.ops[out], None, "", trace.grads[out],
                       lines=(f"{gradient(out_label)} = {seed}",),
                       head=i18n.message(start, lang, label=out_label, loss=loss_text(out_label, trace.upstream)))
    for i in range(out, -1, -1):
        if not live[i] or graph.ops[i] == CONSTANT:
            continue
        terms = received.pop(i, [])
        if uses[i] > 1:
            yield _sum_step(graph, i, terms, trace.grads[i], lang, precision)
        if graph.args[i]:
            step = _gate_step(result, i, uses, lang, precision)
            for edge in step.edges:
                if uses[edge.target] > 1:  # only a fan-out sum reads them
                    received.setdefault(edge.target, []).append((edge.via, edge.downstream))
            yield step


def _sum_step(graph: Graph, index: int, terms: list[tuple[str, Any]], total: Any, lang: str,
              precision: int) -> BackwardStep:
    label = graph.label(index)
    names = " + ".join(f"{gradient(label)} ({i18n.message('via', lang, label=via)})" for via, _ in terms)
    amounts = " + ".join(factor(amount, precision) if k else number(amount, precision)
                         for k, (_, amount) in enumerate(terms))
    line = f"{gradient(label)} = {names} = {amounts} = {number(total, precision)}"
    return BackwardStep(SUM, index, graph.node_id(index), label, graph.ops[index], "copy", i18n.copy_pattern(lang),
                        total, terms=tuple(terms), lines=(line,),
                        head=i18n.message("fanout", lang, label=label, count=len(terms)),
                        details=(i18n.copy_pattern(lang),))


def _gate_step(result: Result, index: int, uses: list[int], lang: str, precision: int) -> BackwardStep:
    trace = result.trace
    graph = trace.graph
    row = REGISTRY[graph.ops[index]]
    label = graph.label(index)
    g = trace.grads[index]
    inputs = graph.args[index]
    local, sent = trace.edges(index)
    formulas = local_formulas(row.name, len(inputs), [graph.label(a) for a in inputs], label)
    downstream = sent or (None,) * len(inputs)  # what the engine sent along each edge
    edges: list[Edge] = []
    for k, a in enumerate(inputs):
        if graph.ops[a] == CONSTANT:
            continue  # no one asks for the gradient of a constant
        part = local[k] if local is not None else None
        via = label if inputs.count(a) == 1 else f"{label} #{k + 1}"  # x * x: say which argument
        edge = _edge(graph, index, a, via, g, formulas[k], part, downstream[k], uses[a] > 1,
                     row.vjp_rule if lang == i18n.DEFAULT else None,  # other languages state it once, above
                     lang, precision)
        edges.append(array_steps.named_edge(edge, trace, k, precision) if trace.arrays else edge)
    kink = None
    if trace.kinks[index]:
        kink = i18n.message("kink", lang, label=label, op=row.name, rule=i18n.kink_rule(row.name, lang))
    shapes = None
    if trace.arrays:
        shapes = ", ".join(f"{graph.label(a)} {tuple(getattr(trace.values[a], 'shape', ()))}"
                           for a in (*inputs, index))
    gate, pattern = i18n.gate_pattern(graph, index, lang)  # +1, *-1, 1/x: constants inside the gate
    head = i18n.message("gate_head", lang, label=label, formula=formula_text(graph, index), gate=gate,
                        upstream=number(g, precision))
    note_parts = [pattern]
    flowing = [e for e in edges if e.downstream is not None]  # a static input (a label, an axis) gets none
    if local is None and flowing and all(e.derivation is not None for e in flowing):
        note_parts.append(i18n.message("vjp_named", lang))  # the lines below name the rule's operands
    elif local is None and row.vjp_rule:
        note_parts.append(i18n.message("vjp", lang, rule=i18n.vjp_rule(row.name, lang)))
    if shapes:
        note_parts.append(i18n.message("shapes", lang, shapes=shapes))
    if kink:
        note_parts.append(kink)
    return BackwardStep(GATE, index, graph.node_id(index), label, row.name, gate, pattern, g, tuple(edges),
                        kink=kink, vjp_rule=row.vjp_rule if local is None else None, shapes=shapes,
                        lines=tuple(e.text for e in edges), head=head, details=tuple(note_parts))


def _edge(graph: Graph, gate: int, target: int, via: str, g: Any, formula: str | None, local: Any, downstream: Any,
          partial: bool, vjp_rule: str | None, lang: str, precision: int) -> Edge:
    me = graph.label(gate)
    name = graph.label(target)
    left = gradient(name)
    if partial:
        left += f" ({i18n.message('via', lang, label=via)})"
    if local is None:
        rule = f"   ({vjp_rule})" if vjp_rule else ""
        text = f"{left} = {number(downstream, precision)}{rule}"
    else:  # dL/dx = dL/dq × ∂q/∂x = ... (base/notation: the notation of every renderer)
        pieces = [left, chain(me, name, formula_text(graph, gate))]
        if formula is not None and formula != number(local, precision):
            pieces.append(product(number(g, precision), _grouped(formula)))
        pieces.append(product(number(g, precision), factor(local, precision)))
        pieces.append(number(downstream, precision))
        text = " = ".join(pieces)
    return Edge(gate, target, name, me, g, formula, local, downstream, partial, text, via,
                vjp_rule if local is None else None)


def local_formulas(op_name: str, arity: int, inputs: list[str], output: str) -> list[str | None]:
    """Each input's local gradient as a short formula of the labels, from the row's `formulas`.

    mul's ("b", "a") for `q * z` gives ["z", "q"]; a row without formulas (a rule in words, a
    piecewise rule) gives None, and the step then shows the number alone.
    """
    templates = REGISTRY[op_name].formulas or ()
    return [fill_formula(templates[k], inputs, output) if k < len(templates) else None for k in range(arity)]
