"""Exact arrays for exact mode: numpy object arrays of SymPy numbers, for small sizes.

`--W="[[1, 1/2], [0, 3]]" --exact` gives exact rational gradients. Values come from the rows'
`sympy` column applied to object arrays (elementwise rows entry by entry, with numpy's
broadcasting); gradients from SymPy's derivative of that column: an elementwise gate's local
derivative entry by entry, an array gate's vector-Jacobian product as the derivative of
sum(upstream * out) by one symbol per input entry. Every array is bounded (MAX_ENTRIES entries)
before any work, and the exact pass's time budget still holds, so nothing here can hang.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from bpcalc.checks import symbolic
from bpcalc.errors import BpcalcError, ValueInputError
from bpcalc.graph import Graph
from bpcalc.ops import CONSTANT, REGISTRY

if TYPE_CHECKING:
    from bpcalc.engine import Trace
    from bpcalc.language import lexer

MAX_ENTRIES = 64  # entries per array in exact mode (and in --symbolic's array formulas)


class ExactArrayLimitError(BpcalcError):
    """An array too large for exact arithmetic (exit code 2)."""

    kind = "exact limit"


def check_sizes(graph: Graph, trace: Trace, live: list[bool], what: str = "exact mode") -> None:
    """Refuse, before any SymPy work, a graph with an array of more than MAX_ENTRIES entries."""
    for i in range(graph.output + 1):
        size = int(getattr(trace.values[i], "size", 1))
        if live[i] and size > MAX_ENTRIES:
            shape = tuple(trace.values[i].shape)
            raise ExactArrayLimitError(
                f"{graph.label(i)} has {size} entries (shape {shape}); {what} handles arrays of at most {MAX_ENTRIES}",
                source=graph.source, span=graph.spans[i], node=graph.node_id(i),
                hint=f"drop --{what.split()[0].removeprefix('--')} to see the decimals, or try a smaller example")


def parse_array(tokens: list[lexer.Token], source: str, name: str, entry: Any) -> Any:
    """An array literal `[[1, 1/2], [0, -3]]` as an object array of exact numbers; `entry` reads
    one entry's tokens (exact.py's scalar reader). A loop with a stack, no recursion."""
    import numpy as np

    stack: list[list[Any]] = [[]]
    pos = 0
    while pos < len(tokens):
        text = tokens[pos].text
        if text == "[":
            stack.append([])
            pos += 1
        elif text == "]":
            if len(stack) < 2:
                raise ValueInputError(f"unbalanced ']' in the value of {name}", source=source, span=tokens[pos].span)
            done = stack.pop()
            stack[-1].append(done)
            pos += 1
        elif text == ",":
            pos += 1
        else:
            end = pos
            while end < len(tokens) and tokens[end].text not in (",", "[", "]"):
                end += 1
            stack[-1].append(entry(tokens[pos:end], source, name))
            pos = end
    if len(stack) != 1 or len(stack[0]) != 1:
        raise ValueInputError(f"the array value of {name} is not closed", source=source,
                              hint="write arrays as [1, 2] or [[1, 2], [3, 4]]")
    nested = stack[0][0]
    shape: list[int] = []
    level: Any = nested
    while isinstance(level, list):
        shape.append(len(level))
        level = level[0] if level else None
    rows: list[Any] = [nested]
    for length in shape:  # flatten one axis at a time; a ragged row shows as a length or type mismatch
        if any(not isinstance(row, list) or len(row) != length for row in rows):
            raise ValueInputError(f"the rows of {name} have different lengths", source=source)
        rows = [item for row in rows for item in row]
    if any(isinstance(v, list) for v in rows):
        raise ValueInputError(f"the rows of {name} have different lengths", source=source)
    out = np.empty(tuple(shape), dtype=object)
    flat = rows
    out.ravel()[:] = flat
    return out


def from_floats(values: Any, one: Any) -> Any:
    """A float array given from Python as exact rationals, entry by entry (`one` reads a float)."""
    import numpy as np

    out = np.empty(values.shape, dtype=object)
    for position in np.ndindex(*values.shape):
        out[position] = one(float(values[position]))
    return out


def array_text(expr: Any) -> str:
    """[[1/3, 2], [3, 4]]: each entry as exact.exact_text writes a number."""
    import numpy as np

    sp = symbolic.sympy_module()
    strings = np.vectorize(lambda v: sp.sstr(v, order="none").replace("**", "^"), otypes=[object])(expr)
    return str(strings.tolist()).replace("'", "")


def downstream(graph: Graph, trace: Trace, values: list[Any], index: int, upstream: Any) -> list[Any]:
    """What gate `index` sends each input, exactly: one array (or number) per input, None for a
    constant or a static input (an axis, an index, a class label)."""
    row = REGISTRY[graph.ops[index]]
    inputs = graph.args[index]
    xs = [values[a] for a in inputs]
    if row.vjp is None:
        return _elementwise(graph, trace, index, xs, upstream)
    if trace.kinks[index]:
        return _engine_jacobian(graph, trace, index, xs, upstream)
    sp = symbolic.sympy_module()
    symbols: list[Any] = []
    args: list[Any] = []
    for k, x in enumerate(xs):
        if row.is_static(k) or graph.ops[inputs[k]] == CONSTANT:
            symbols.append(None)
            args.append(x)
        else:
            s = symbolic.element_symbols(sp, f"a{k}", tuple(getattr(x, "shape", ())))
            symbols.append(s)
            args.append(s)
    out = row.sympy(sp, *args)
    weighted = _dot(sp, upstream, out)
    point: dict[Any, Any] = {}
    for s, x in zip(symbols, xs):
        if s is not None:
            point.update(zip(_entries(s), _entries(x)))
    sent: list[Any] = []
    for s in symbols:
        if s is None:
            sent.append(None)
            continue
        parts = [sp.diff(weighted, e).xreplace(point) for e in _entries(s)]
        sent.append(_shaped(parts, s))
    return sent


def _elementwise(graph: Graph, trace: Trace, index: int, xs: list[Any], upstream: Any) -> list[Any]:
    import numpy as np

    sp = symbolic.sympy_module()
    inputs = graph.args[index]
    symbols, derivatives = symbolic.local_derivatives(graph.ops[index], len(inputs))
    engine = trace.locals[index] if trace.kinks[index] else None
    sent: list[Any] = []
    for k, x in enumerate(xs):
        if graph.ops[inputs[k]] == CONSTANT:
            sent.append(None)
            continue
        if engine is not None:  # relu'(0) = 0 and shared ties are conventions: the engine's small rationals
            part = np.frompyfunc(lambda v: sp.Rational(Fraction(float(v)).limit_denominator(1000)), 1, 1)(
                np.asarray(engine[k], dtype=float))
        else:
            derivative = derivatives[k]
            part = np.frompyfunc(lambda *entries, d=derivative: d.xreplace(dict(zip(symbols, entries))),
                                 len(xs), 1)(*xs)
        sent.append(_unbroadcast(upstream * part, tuple(getattr(x, "shape", ()))))
    return sent


def _engine_jacobian(graph: Graph, trace: Trace, index: int, xs: list[Any], upstream: Any) -> list[Any]:
    """At a kink (a tie of max, a margin exactly 0) the derivative is a convention: read the
    engine's VJP of each unit upstream, as small rationals, and refuse one that is not."""
    import numpy as np

    row = REGISTRY[graph.ops[index]]
    assert row.vjp is not None  # only array gates come here
    floats = [trace.values[a] for a in graph.args[index]]
    out = trace.values[index]
    shape = tuple(np.shape(out))
    total: list[Any] = [None if row.is_static(k) else 0 for k in range(len(xs))]
    for position in np.ndindex(*shape) if shape else [()]:
        unit = np.zeros(shape)
        unit[position] = 1.0
        weight = upstream[position] if shape else upstream
        for k, column in enumerate(row.vjp(unit if shape else 1.0, out, *floats)):
            if column is None or total[k] is None:
                continue
            exact = np.frompyfunc(lambda v: _small_rational(graph, index, float(v)), 1, 1)(np.asarray(column))
            total[k] = total[k] + weight * exact
    return [t if t is None or np.ndim(t) else _number(t) for t in total]


def _small_rational(graph: Graph, index: int, value: float) -> Any:
    sp = symbolic.sympy_module()
    exact = Fraction(value).limit_denominator(1000)
    if abs(float(exact) - value) > 1e-12 * max(1.0, abs(value)):
        raise ExactArrayLimitError(f"node {graph.label(index)} sits at a kink of its gate, where exact mode has "
                                   "no exact local gradient", source=graph.source, span=graph.spans[index],
                                   node=graph.node_id(index), hint="drop --exact, or move the inputs off the kink")
    return sp.Rational(exact.numerator, exact.denominator)


def _unbroadcast(value: Any, shape: tuple[int, ...]) -> Any:
    """Sum a broadcast gradient back to an input's shape (leading axes, then axes of size 1)."""
    import numpy as np

    if np.ndim(value) == 0:
        return value
    lead = np.ndim(value) - len(shape)
    if lead:
        value = np.sum(value, axis=tuple(range(lead)))
    axes = tuple(k for k, n in enumerate(shape) if n == 1 and value.shape[k] != 1)
    if axes:
        value = np.sum(value, axis=axes, keepdims=True)
    return value if shape else _number(value)


def _number(value: Any) -> Any:
    """A sum over object entries is a SymPy number, or the int 0 when it had no terms."""
    return symbolic.sympy_module().Integer(value) if isinstance(value, int) else value


def _entries(value: Any) -> list[Any]:
    return list(value.ravel()) if getattr(value, "ndim", 0) else [value]


def _shaped(parts: list[Any], like: Any) -> Any:
    import numpy as np

    if not getattr(like, "ndim", 0):
        return parts[0]
    out = np.empty(like.shape, dtype=object)
    out.ravel()[:] = parts
    return out


def _dot(sp: Any, upstream: Any, out: Any) -> Any:
    """sum(upstream * out) over the entries: its derivative by an input is the VJP."""
    return sp.Add(*(g * o for g, o in zip(_entries(upstream), _entries(out))))
