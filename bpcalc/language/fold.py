"""Constant folding: a subexpression that no input reaches becomes one constant leaf.

Lectures draw constants inside the gates that read them (`+1`, `*-1`, `1/x`): `pi/2`, `-1`
and `2*3` are parameters, not nodes with rows and gradients. After parsing, every gate whose
value does not depend on a variable is evaluated once with its row's forward rule and the
whole constant subexpression is replaced by one CONSTANT leaf labelled as it was written.
`e ** x` (and `e^x`) is the exp gate.

One forward loop marks and evaluates, one loop rebuilds the columns with remapped indices;
no recursion. What each folded subexpression was is kept (`Graph.folded`), so
the exact (SymPy) checks still see `pi/2` as pi/2, not as a float.
"""

from __future__ import annotations

from typing import Any

from bpcalc.errors import DomainError, ShapeError
from bpcalc.graph import Folded, Graph, Spans
from bpcalc.ops import CONSTANT, REGISTRY

_EXP: str | None = "exp" if "exp" in REGISTRY else None


def fold_constants(graph: Graph) -> None:
    """Fold every constant subexpression of `graph` in place (a no-op when there is none)."""
    ops, args = graph.ops, graph.args
    depends = graph.depends_on_variable()
    if _EXP is not None:
        _exp_of_e(graph, depends)
    folds = [not depends[i] and bool(args[i]) for i in range(len(ops))]
    if graph.output >= 0:
        folds[graph.output] = False  # a program of constants (2*3) keeps its output gate: there is something to show
    if not any(folds):
        return
    values: dict[int, Any] = {}
    for i, op in enumerate(ops):
        if op == CONSTANT:
            values[i] = graph.constants[i]
        elif folds[i]:
            values[i] = _evaluate(graph, i, [values[a] for a in args[i]])
    # A node stays when something that is not folded away reads it, or it is the output.
    keep = [not folds[i] and ops[i] != CONSTANT for i in range(len(ops))]
    if graph.output >= 0:
        keep[graph.output] = True
    for i in range(len(ops)):
        if not folds[i] and ops[i] != CONSTANT:
            for a in args[i]:
                keep[a] = True
    for index in graph.aliases.values():
        keep[index] = True  # a name the user gave (c = 2 * 3) stays readable
    _rebuild(graph, folds, keep, values)


def _exp_of_e(graph: Graph, depends: list[bool]) -> None:
    """`e ** x` is the exp gate: the pow node reads x alone (the constant e is left unread)."""
    ops, args, labels = graph.ops, graph.args, graph.labels
    for i, op in enumerate(ops):
        if op == "pow" and depends[i]:
            base, exponent = args[i]
            if ops[base] == CONSTANT and labels.get(base) == "e" and depends[exponent]:
                ops[i] = _EXP or op
                args[i] = (exponent,)


def _evaluate(graph: Graph, index: int, xs: list[Any]) -> Any:
    """One folded gate's value by its row's forward rule, or an error with a caret under it."""
    row = REGISTRY[graph.ops[index]]
    arrays = not all(isinstance(x, float | int | slice) for x in xs)
    if row.shape_check is not None:
        problem = row.shape_check(*xs)
        if problem:
            raise ShapeError(f"{_text(graph, index)}: {problem}", source=graph.source, span=graph.spans[index],
                             hint=f"check the shapes of the inputs of {row.name} (write {row.syntax})")
    if row.domain is not None:
        problem = row.domain(*xs)
        if problem:
            raise _undefined(graph, index, problem)
    rule = row.forward_array if arrays and row.forward_array is not None else row.forward
    if arrays:
        from bpcalc.ops import np

        with np.errstate(all="ignore"):
            result = _apply(graph, index, rule, xs)
        if not bool(np.all(np.isfinite(result))):
            raise _undefined(graph, index, "the result is not a finite number", verb="overflows or is undefined")
        return result
    result = _apply(graph, index, rule, xs)
    if isinstance(result, float) and result - result != 0.0:
        raise _undefined(graph, index, "the result is not a finite number", verb="overflows or is undefined")
    return result


def _apply(graph: Graph, index: int, rule: Any, xs: list[Any]) -> Any:
    try:
        return rule(*xs)
    except OverflowError:
        raise _undefined(graph, index, "the result is too large for a float", verb="overflows") from None
    except (ZeroDivisionError, ValueError, TypeError) as error:
        if isinstance(error, ValueError) and ("shape" in str(error) or "broadcast" in str(error)):
            raise ShapeError(f"{_text(graph, index)}: the shapes do not broadcast together", source=graph.source,
                             span=graph.spans[index]) from None
        raise _undefined(graph, index, f"undefined here ({error})") from None


def _text(graph: Graph, index: int) -> str:
    span = graph.spans[index]
    return graph.source[span.start : span.end] if span is not None and graph.source else graph.ops[index]


def _undefined(graph: Graph, index: int, problem: str, verb: str = "is undefined") -> DomainError:
    return DomainError(f"the constant '{_text(graph, index)}' ({graph.ops[index]}) {verb}: {problem}",
                       source=graph.source, span=graph.spans[index],
                       hint="a constant subexpression is computed once, before any input is read; change it")


def _rebuild(graph: Graph, folds: list[bool], keep: list[bool], values: dict[int, Any]) -> None:
    """The columns without the folded-away nodes; each kept folded node is a constant leaf.
    Column by column (list comprehensions, span offsets copied as integers): a 10^5-node
    program pays a fraction of its parse time here."""
    old_ops, old_args, old_spans = graph.ops, graph.args, graph.spans
    old_labels, old_constants = graph.labels, graph.constants
    kept = [i for i in range(len(old_ops)) if keep[i]]
    remap = [-1] * len(old_ops)
    for new, i in enumerate(kept):
        remap[i] = new
    # What the folded-away nodes were (op, inputs, constant value, label, span), shared by every
    # folded constant; the exact checks rebuild a subexpression from it only when they need one.
    under = [False] * len(old_ops)  # the nodes of some folded subexpression: one backward pass marks them
    for i in range(len(old_ops) - 1, -1, -1):
        if folds[i] and (keep[i] or under[i]):
            under[i] = True
            for a in old_args[i]:
                under[a] = True
    pieces = {i: (old_ops[i], old_args[i], old_constants.get(i), old_labels.get(i, ""), old_spans[i])
              for i in range(len(old_ops)) if under[i]}
    constants: dict[int, Any] = {}
    labels: dict[int, str] = {}
    folded: dict[int, Folded] = {}
    for new, i in enumerate(kept):
        if folds[i]:
            constants[new] = values[i]
            labels[new] = _label(graph, i)
            folded[new] = Folded(i, pieces, graph.source)
        elif i in old_constants:
            constants[new] = old_constants[i]
            if i in old_labels:
                labels[new] = old_labels[i]
    spans = Spans()
    starts, ends = old_spans.starts, old_spans.ends
    spans.starts = type(starts)(starts.typecode, [starts[i] for i in kept])
    spans.ends = type(ends)(ends.typecode, [ends[i] for i in kept])
    graph.ops[:] = [CONSTANT if folds[i] else old_ops[i] for i in kept]
    graph.args[:] = [() if folds[i] else tuple([remap[a] for a in old_args[i]]) for i in kept]
    graph.names[:] = [graph.names[i] for i in kept]
    graph.spans = spans
    graph.constants = constants
    graph.labels = labels
    graph.folded = folded
    graph.variables = {name: remap[index] for name, index in graph.variables.items()}
    graph.aliases = {name: remap[index] for name, index in graph.aliases.items() if remap[index] >= 0}
    graph.output = remap[graph.output] if graph.output >= 0 else -1


def _label(graph: Graph, index: int) -> str:
    """A folded constant as written, in parentheses unless it is one number or name, so that a
    formula that shows it reads right: x - (1 + 2), n2 * (1/3); -1 and pi stay as they are."""
    text = _text(graph, index).strip()
    if _is_atom(text) or (text.startswith("(") and text.endswith(")") and _is_atom(text[1:-1].strip())):
        return text
    return f"({text})"


def _is_atom(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text.isidentifier()
    return True
