"""Exact forward and backward passes with SymPy numbers: rationals and closed forms.

`--x=1/3` should give 1/3, not 0.333333, and sigmoid at 1 should read e^-1/(1 + e^-1)^2.
Values come from the registry's `sympy` column and local gradients from SymPy's derivative of
that column (so no derivative formula lives here); the passes are the same linear loops as the
float engine. Exact numbers can grow without bound (3**10**9), so every step is bounded: the
graph size, the digits of a rational, the operation count of a closed form, the size of an
integer power before it is computed, and a wall-clock budget; past a bound, a clear
`ExactLimitError` instead of a hang.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from bpcalc.base.alarm import time_limit
from bpcalc.base.names import variable_name
from bpcalc.checks import exact_arrays, symbolic
from bpcalc.engine import Trace
from bpcalc.errors import BpcalcError, Span, ValueInputError
from bpcalc.graph import Graph
from bpcalc.language import lexer
from bpcalc.ops import CONSTANT, CONSTANT_ROWS, REGISTRY, VARIABLE

MAX_NODES = 2_000
MAX_DIGITS = 2_000  # digits of a numerator or denominator
MAX_OPS = 400  # SymPy operations in one closed form
MAX_EXPONENT = 10_000  # |b| in a^b with a numeric base, before SymPy expands it
TIME_BUDGET = 10.0  # seconds for the whole exact pass


class ExactLimitError(BpcalcError):
    """Exact arithmetic went past one of its bounds (exit code 2, like any input error)."""

    kind = "exact limit"


@dataclass(frozen=True)
class ExactTrace:
    """Exact value and gradient of every node, in forward order (None where not computed)."""

    values: list[Any]
    grads: list[Any]

    def value_text(self, index: int) -> str:
        return exact_text(self.values[index])

    def grad_text(self, index: int) -> str:
        return exact_text(self.grads[index])


def exact_text(expr: Any) -> str:
    """A SymPy number as people write it: 1/3, exp(-1)/(1 + exp(-1))^2."""
    if expr is None:
        return "—"
    if getattr(expr, "ndim", 0):
        return exact_arrays.array_text(expr)
    sp = symbolic.sympy_module()
    return sp.sstr(expr, order="none").replace("**", "^")


def exact_latex(expr: Any) -> str:
    if expr is None:
        return "\\text{---}"
    sp = symbolic.sympy_module()
    if getattr(expr, "ndim", 0):
        return sp.latex(sp.Matrix(expr.tolist()) if expr.ndim == 2 else sp.Matrix([list(expr.ravel())]))
    return sp.latex(expr)


def decimal(expr: Any, digits: int = 15) -> float:
    return float(symbolic.sympy_module().N(expr, digits))


def parse_exact(text: str, name: str = "value") -> Any:
    """An input value as an exact SymPy number: '-2', '1/3', '0.1', '1e-3', 'pi', '-pi/2'; or an
    array of them, '[[1, 1/2], [0, -3]]' (a numpy object array)."""
    tokens = [t for t in lexer.tokenize(text) if t.kind not in (lexer.END, lexer.EOF)]
    if tokens and tokens[0].text == "[":
        return exact_arrays.parse_array(tokens, text, name, _exact_tokens)
    return _exact_tokens(tokens, text, name)


def _exact_tokens(tokens: list[lexer.Token], source: str, name: str) -> Any:
    sp = symbolic.sympy_module()
    hint = "exact mode takes integers, decimals, fractions (1/3) and pi or e, and arrays of them"
    if not tokens:
        raise ValueInputError(f"no value given for {name}", hint=hint)
    pos = 0
    sign = 1
    while pos < len(tokens) and tokens[pos].text in "+-" and tokens[pos].kind == lexer.OPERATOR:
        sign = -sign if tokens[pos].text == "-" else sign
        pos += 1
    value, pos = _exact_atom(tokens, pos, source, name, hint)
    if pos < len(tokens) and tokens[pos].text == "/":
        denominator, pos = _exact_atom(tokens, pos + 1, source, name, hint)
        if denominator == 0:
            raise ValueInputError(f"the value of {name} divides by zero", source=source, hint=hint)
        value = value / denominator
    if pos != len(tokens):
        raise ValueInputError(f"unexpected {tokens[pos].text!r} in the value of {name}", source=source,
                              span=tokens[pos].span, hint=hint)
    return sp.Integer(sign) * value


def _exact_atom(tokens: list[lexer.Token], pos: int, source: str, name: str, hint: str) -> tuple[Any, int]:
    sp = symbolic.sympy_module()
    if pos >= len(tokens):
        raise ValueInputError(f"the value of {name} ends early", source=source, span=Span(len(source), len(source)),
                              hint=hint)
    token = tokens[pos]
    if token.kind == lexer.NUMBER:
        exact = Fraction(token.text)
        return sp.Rational(exact.numerator, exact.denominator), pos + 1
    if token.kind == lexer.NAME and token.text in CONSTANT_ROWS:
        return CONSTANT_ROWS[token.text].sympy(sp), pos + 1
    raise ValueInputError(f"malformed number {token.text!r} in the value of {name}", source=source,
                          span=token.span, hint=hint)


def from_float(value: float) -> Any:
    """A float given from Python as the simplest rational that is exactly that float."""
    sp = symbolic.sympy_module()
    if isinstance(value, int):
        return sp.Integer(value)
    if getattr(value, "ndim", 0) > 0:
        return exact_arrays.from_floats(value, from_float)
    simple = Fraction(value).limit_denominator(10**9)
    exact = simple if float(simple) == value else Fraction(value)
    return sp.Rational(exact.numerator, exact.denominator)


def let_texts(source: str) -> dict[str, str]:
    """The text of each `let NAME = VALUE` line, so file values stay exact too."""
    tokens = lexer.tokenize(source)
    found: dict[str, str] = {}
    for k in range(len(tokens) - 2):
        if tokens[k].text == "let" and tokens[k + 1].kind == lexer.NAME and tokens[k + 2].text == "=":
            end = k + 3
            while tokens[end].kind not in (lexer.END, lexer.EOF):
                end += 1
            if end > k + 3:
                found[tokens[k + 1].text] = source[tokens[k + 3].span.start : tokens[end - 1].span.end]
    return found


def exact_inputs(source: str, texts: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    """Exact inputs: from the text given (command line or `let`), else recovered from the float."""
    written = {**let_texts(source), **texts}
    out: dict[str, Any] = {}
    for name, value in values.items():
        text = written.get(name)
        out[name] = parse_exact(text, name) if isinstance(text, str) else from_float(value)
    return out


def run_exact(trace: Trace, inputs: dict[str, Any], budget: float = TIME_BUDGET) -> ExactTrace:
    """Exact values and gradients of every node the output depends on, within the bounds."""
    graph = trace.graph
    if trace.arrays:
        exact_arrays.check_sizes(graph, trace, graph.reaches_output())
    size = graph.output + 1
    if size > MAX_NODES:
        raise ExactLimitError(f"the graph has {size} nodes; exact mode stops at {MAX_NODES}",
                              hint="exact closed forms swell with depth; drop --exact for large graphs")
    deadline = time.monotonic() + budget
    with time_limit(budget, lambda: _timeout(budget)):
        values = _forward(graph, trace, inputs, deadline, budget)
        grads = _backward(graph, trace, values, deadline, budget)
    return ExactTrace(values, grads)


def _forward(graph: Graph, trace: Trace, inputs: dict[str, Any], deadline: float, budget: float) -> list[Any]:
    sp = symbolic.sympy_module()
    live = graph.reaches_output()
    values: list[Any] = [None] * len(graph.ops)
    for i in range(graph.output + 1):
        if not live[i]:
            continue
        _check_time(deadline, budget)
        op = graph.ops[i]
        if op == VARIABLE:
            values[i] = inputs[variable_name(graph.names, i)]
        elif op == CONSTANT:
            values[i] = symbolic.constant_expr(graph, i)
        else:
            xs = [values[a] for a in graph.args[i]]
            row = REGISTRY[op]
            if row.power and not trace.arrays:
                _check_power(graph, i, *xs)
            if trace.arrays:
                values[i] = _guarded(graph, i, lambda op=op, xs=xs: symbolic.apply_row(sp, op, xs))
            else:
                values[i] = row.sympy(sp, *xs)
        _check_size(graph, i, values[i], "value")
    return values


def _backward(graph: Graph, trace: Trace, values: list[Any], deadline: float, budget: float) -> list[Any]:
    sp = symbolic.sympy_module()
    out = graph.output
    grads: list[Any] = [None] * len(graph.ops)
    live = graph.reaches_output()
    for i in range(out + 1):
        if live[i]:
            grads[i] = sp.Integer(0)
    grads[out] = sp.Integer(1) if trace.upstream is None else from_float(trace.upstream)  # a given dL/d(output)
    cache: dict[tuple[str, int], tuple[list[Any], list[Any]]] = {}
    received: set[int] = set()
    for i in range(out, -1, -1):
        inputs = graph.args[i]
        if not live[i] or not inputs:
            continue
        _check_time(deadline, budget)
        if trace.arrays:
            sent_all = _guarded(graph, i, lambda i=i: exact_arrays.downstream(graph, trace, values, i, grads[i]))
            for a, sent in zip(inputs, sent_all):
                if sent is None:
                    continue
                grads[a] = grads[a] + sent
                received.add(a)
                _check_size(graph, a, grads[a], "gradient")
            continue
        parts = _exact_locals(graph, trace, values, i, cache)
        for a, p in zip(inputs, parts):
            if graph.ops[a] == CONSTANT:
                continue
            grads[a] = grads[a] + grads[i] * p
            _check_size(graph, a, grads[a], "gradient")
    for i in range(out + 1):
        if live[i] and (graph.ops[i] == CONSTANT or (trace.arrays and i != out and i not in received)):
            grads[i] = None  # no one asks for the gradient of a constant (nor of a static label or axis)
    return grads


def _exact_locals(graph: Graph, trace: Trace, values: list[Any], index: int,
                  cache: dict[tuple[str, int], tuple[list[Any], list[Any]]]) -> list[Any]:
    """SymPy's derivative of the registry row at the exact inputs; at a kink, the engine's convention."""
    sp = symbolic.sympy_module()
    inputs = graph.args[index]
    engine_parts = trace.locals[index]
    if trace.kinks[index] and engine_parts is not None:
        # relu'(0) = 0 and shared ties are conventions, not derivatives: take the engine's small rationals.
        return [sp.Rational(Fraction(p).limit_denominator(1000)) for p in engine_parts]
    key = (graph.ops[index], len(inputs))
    if key not in cache:
        cache[key] = symbolic.local_derivatives(*key)
    symbols, derivatives = cache[key]
    subs = {s: values[a] for s, a in zip(symbols, inputs)}
    parts = []
    for derivative in derivatives:
        part = derivative.xreplace(subs)
        if part.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            raise ExactLimitError(f"node {graph.label(index)}: its exact local gradient is undefined here",
                                  source=graph.source, span=graph.spans[index], node=graph.node_id(index),
                                  hint="the derivative does not exist at this point; try nearby input values")
        parts.append(part)
    return parts


def _guarded(graph: Graph, index: int, step: Any) -> Any:
    """An array step of a row whose SymPy column does not take object arrays: a clear refusal."""
    try:
        return step()
    except (TypeError, ValueError, AttributeError, IndexError) as error:
        raise ExactLimitError(f"node {graph.label(index)}: exact mode cannot follow the {graph.ops[index]} gate on "
                              f"these arrays ({type(error).__name__})", source=graph.source, span=graph.spans[index],
                              node=graph.node_id(index), hint="drop --exact to see the decimals") from None


def _check_time(deadline: float, budget: float) -> None:
    if time.monotonic() > deadline:
        raise _timeout(budget)


def _timeout(budget: float) -> ExactLimitError:
    return ExactLimitError(f"exact arithmetic took longer than {budget:g} seconds",
                           hint="the closed forms grew too large; drop --exact to see the decimals")


def _check_power(graph: Graph, index: int, base: Any, exponent: Any) -> None:
    """Refuse a^b whose exact value would have too many digits, before SymPy computes it."""
    if not (exponent.is_Rational and base.is_number) or base in (0, 1, -1):
        return
    magnitude = abs(base)
    digits = 0.0
    if magnitude.is_Rational:
        digits = float(abs(exponent)) * max(math.log10(int(magnitude.p)), math.log10(int(magnitude.q)))
    if abs(exponent) > MAX_EXPONENT or digits > MAX_DIGITS:
        # Say the bound that was passed: a base like sin(1/3) has no digit count to quote.
        reason = (f"the exact power would have about {_about(digits)} digits (exact mode stops at {MAX_DIGITS})"
                  if digits > MAX_DIGITS else
                  f"the exponent {exponent} is past the {MAX_EXPONENT:,} that exact mode expands")
        raise ExactLimitError(
            f"node {graph.label(index)}: {reason}",
            source=graph.source, span=graph.spans[index], node=graph.node_id(index),
            hint="drop --exact to see the decimal value",
        )


def _about(digits: float) -> str:
    return "too many" if math.isinf(digits) else f"{int(digits):,}"


def _check_size(graph: Graph, index: int, expr: Any, what: str) -> None:
    if getattr(expr, "ndim", 0):
        for entry in expr.ravel():
            _check_size(graph, index, entry, what)
        return
    if not hasattr(expr, "is_Rational"):
        return  # a static slice or None axis of an index gate
    if expr.is_Rational:
        digits = max(len(str(abs(expr.p))), len(str(expr.q)))
        if digits > MAX_DIGITS:
            raise ExactLimitError(
                f"node {graph.label(index)}: its exact {what} has {digits:,} digits (exact mode stops at {MAX_DIGITS})",
                source=graph.source, span=graph.spans[index], node=graph.node_id(index),
                hint="drop --exact to see the decimal value",
            )
        return
    if expr.has(symbolic.sympy_module().zoo, symbolic.sympy_module().nan):
        raise ExactLimitError(f"node {graph.label(index)}: its exact {what} is undefined", source=graph.source,
                              span=graph.spans[index], node=graph.node_id(index))
    ops = expr.count_ops()
    if ops > MAX_OPS:
        raise ExactLimitError(
            f"node {graph.label(index)}: its exact {what} is a closed form of {ops} operations "
            f"(exact mode stops at {MAX_OPS})",
            source=graph.source, span=graph.spans[index], node=graph.node_id(index),
            hint="closed forms swell with depth; drop --exact to see the decimals",
        )

