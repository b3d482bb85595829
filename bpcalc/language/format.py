"""One formatter: a node written back as valid bpcalc syntax, derived from its registry row.

Infix operators print with the row's token, parenthesized by binding power (unary minus sits
between * and ^, and ^ is right-associative, as the parser reads them); rows with a `display`
template print through it (`{0}.T`, `{0}[{1:}]`, `sum({0}, axis={1})`); everything else is call
syntax, `name(a, b)`. The table, explanations, source round-trip, homework notation and the
pictures all write nodes through here, so the text a student sees is text they can type back.

`pieces` returns the form as a list of literal strings and operand positions, so a caller that
nests whole sub-expressions (render/source.py) can splice them with an explicit stack instead of
concatenating ever longer strings; `format_operation` is the one-line case.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from bpcalc.graph import Graph
from bpcalc.language import lexer
from bpcalc.ops import CONSTANT, PREFIX_OPERATORS, REGISTRY, VARIABLE, Op

ATOM = 1_000  # names, numbers, calls, postfix forms: never parenthesized
_PLACEHOLDER = re.compile(r"\{(\d+)(:?)\}")


def _infix_precedence(row: Op) -> int:
    """The row's binding power (`Op.precedence`, the parser's table too)."""
    if row.precedence is None:
        raise ValueError(f"the operator row {row.name} has no precedence")
    return row.precedence


def _right_associative(row: Op) -> bool:
    return row.right_assoc


def _form(row: Op, count: int) -> str:
    """'binary', 'prefix', 'display' or 'call': how a node of this row with `count` inputs prints."""
    if row.infix and count == 2 and row.arity == 2:
        return "binary"
    if row.infix and count == 1 and row.arity == 1:
        return "prefix"
    if row.display is not None and _fits(row.display, count):
        return "display"
    return "call"


def _fits(template: str, count: int) -> bool:
    """A template applies when every input it names exists and it names every input: sum(x) has
    no axis for {1}, and sum(x, axis=0, keepdims=True) has an input that sum({0}, axis={1}) omits."""
    found = [(int(m.group(1)), bool(m.group(2))) for m in _PLACEHOLDER.finditer(template)]
    return all(k < count for k, _ in found) and (any(rest for _, rest in found) or len({k for k, _ in found}) == count)


def binding(row: Op, count: int) -> int:
    """How tightly the printed form holds together: its operator's precedence, ATOM otherwise."""
    return _infix_precedence(row) if _form(row, count) in ("binary", "prefix") else ATOM


def leaf_binding(text: str) -> int:
    """A leaf's text is an atom, unless it is written with a sign (an index such as -1)."""
    return _infix_precedence(PREFIX_OPERATORS["-"]) if text.startswith("-") else ATOM


def pieces(row: Op, operands: Sequence[int]) -> list[str | int]:
    """The form of a node whose inputs bind as `operands` (each input's `binding`): literal
    strings, and ints that stand for input k, with parentheses already placed."""
    count = len(operands)
    form = _form(row, count)
    if form == "binary":
        own = _infix_precedence(row)
        right = _right_associative(row)
        left_needs = operands[0] < own or ((right or not row.chains) and operands[0] == own)
        right_needs = operands[1] < own or (not right and operands[1] == own)
        return [*_wrapped(0, left_needs), f" {row.infix[0]} ", *_wrapped(1, right_needs)]
    if form == "prefix":
        # -(-x), not --x; and -(x + y): an operand that binds looser, or is itself prefixed.
        return [row.infix[0], *_wrapped(0, operands[0] <= _infix_precedence(row))]
    if form == "display":
        return _display(row.display or "", count, operands)
    out: list[str | int] = [f"{row.function or row.name}("]
    for k in range(count):
        if k:
            out.append(", ")
        if row.keywords and k >= (row.max_arity or row.arity or 0) - len(row.keywords):
            out.append(f"{row.keywords[k - (row.max_arity or row.arity or 0) + len(row.keywords)]}=")
        out.append(k)
    out.append(")")
    return out


def _wrapped(k: int, needed: bool) -> list[str | int]:
    return ["(", k, ")"] if needed else [k]


def _display(template: str, count: int, operands: Sequence[int]) -> list[str | int]:
    """Fill a row's template: {k} is input k, {k:} inputs k.. joined by ', '. An input that
    starts the template is the base of a postfix form (x.T, x[0]) and must be an atom."""
    out: list[str | int] = []
    at = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > at:
            out.append(template[at : match.start()])
        k = int(match.group(1))
        if match.group(2):
            for position in range(k, count):
                if position > k:
                    out.append(", ")
                out.append(position)
        else:
            out.extend(_wrapped(k, match.start() == 0 and operands[k] < ATOM))
        at = match.end()
    if at < len(template):
        out.append(template[at:])
    return out


def format_operation(row: Op, texts: Sequence[str], bindings: Sequence[int] | None = None) -> str:
    """`row` applied to inputs written as `texts` (atoms unless `bindings` says otherwise)."""
    if bindings is None:
        bindings = [ATOM if text[:1] != "-" else leaf_binding(text) for text in texts]
    if REGISTRY.get(row.name) is not row:  # a row made up by a caller: worked out each time
        return "".join([texts[p] if isinstance(p, int) else p for p in pieces(row, bindings)])
    template, order = _registry_template(row.name, tuple(bindings))
    return template % tuple([texts[k] for k in order])


@functools.lru_cache(maxsize=4096)
def _registry_template(name: str, bindings: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """A registry row's form as a %-template and the inputs it takes in order, worked out once
    per row and operand strengths: a table of 10^4 nodes needs a handful of them."""
    parts = pieces(REGISTRY[name], bindings)
    template = "".join("%s" if isinstance(p, int) else p.replace("%", "%%") for p in parts)
    return template, tuple(p for p in parts if isinstance(p, int))


def node_text(graph: Graph, index: int, labels: Sequence[str] | None = None) -> str:
    """What node `index` computes, written with its inputs' labels: 'q * z', 'W.T', 'n3[1]',
    'sum(n1, axis=0)'. A leaf is its own label. labels: every node's graph.label, when the
    caller has them all already (a whole document)."""
    op = graph.ops[index]
    if op in _LEAVES:
        return graph.label(index) if labels is None else labels[index]
    args = graph.args[index]
    texts = [graph.label(a) for a in args] if labels is None else [labels[a] for a in args]
    for text in texts:
        if text[:1] == "-":  # a signed index: the general path decides its parentheses
            return format_operation(REGISTRY[op], texts)
    # Every input is a name or a number (a table's case, 10^4 times over): one cached template.
    key = (op, len(texts))
    template = _ATOM_TEMPLATES.get(key)
    if template is None:
        form, order = _registry_template(op, (ATOM,) * len(texts))
        template = _ATOM_TEMPLATES[key] = form if order == tuple(range(len(texts))) else ""
    if not template:
        return format_operation(REGISTRY[op], texts)
    return template % tuple(texts)


_LEAVES = frozenset((VARIABLE, CONSTANT))
_ATOM_TEMPLATES: dict[tuple[str, int], str] = {}  # "" where a form takes its inputs out of order
_INPUT_PLACEHOLDERS = ("a", "b", "c")  # the registry's names for inputs 0, 1, 2 in `Op.formulas`
_OUTPUT_PLACEHOLDER = "out"  # and for the node's own value


@functools.lru_cache(maxsize=256)
def _formula_names(formula: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, name) of each name token of a row's formula, read once by the lexer."""
    return tuple((t.span.start, t.span.end, t.text) for t in lexer.tokenize(formula) if t.kind == lexer.NAME)


def fill_formula(formula: str, inputs: Sequence[str], output: str) -> str:
    """A row's local-gradient formula (bpcalc syntax over a, b, c and out) with the node's own
    labels put in: mul's "b" for `q * z` is "z"; sigmoid's "(1 - out) * out" for s1 is
    "(1 - s1) * s1". Name tokens only, so `sqrt(a)` keeps its `sqrt`."""
    names = dict(zip(_INPUT_PLACEHOLDERS, inputs))
    names[_OUTPUT_PLACEHOLDER] = output
    out: list[str] = []
    at = 0
    for start, end, name in _formula_names(formula):
        label = names.get(name)
        if label is None:
            continue
        out.append(formula[at:start])
        out.append(f"({label})" if leaf_binding(label) < ATOM else label)
        at = end
    out.append(formula[at:])
    return "".join(out)
