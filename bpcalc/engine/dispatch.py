"""Which branch of the quick scalar loops each operation of a graph takes, read from its row.

The quick loops (scalar_pass) have a few branches that do a node's work in place, with no call
of the row's rule: an op whose forward rule is `operator.add`, `operator.mul` or
`operator.sub` is computed with that operator, and a local rule that only returns constants
(`(1.0, 1.0)`, add) or its own parameters (`(b, a)`, mul; `(out,)`, exp) is applied as those
numbers. Each such branch is a slot: it compares the node's op name with the name this
module puts there, so one graph's add or mul costs a string comparison, not a dictionary
look-up and a Python call. Operations the slots do not take go through `table` and call their
rules, as every operation did before.

The shapes are read from the rules themselves (`partials_shape` looks at a local rule's
bytecode), so the registry stays the one place an operation's math is written, and each
branch computes exactly what the rule computes: the same operations on the same numbers.
"""

from __future__ import annotations

import dis
import operator
import types
from collections.abc import Callable
from typing import Any, NamedTuple

from bpcalc.ops import CONSTANT, REGISTRY, VARIABLE
from bpcalc.ops.op import Op

UNARY, BINARY, GENERAL = 1, 2, 3  # the table's branches: a rule called with 1 or 2 inputs, or any row
EMPTY = ""  # the name of an unused slot: no operation is called that

_MAX_CACHED = 64


def partials_shape(rule: Callable[..., Any], arity: int) -> tuple[Any, ...] | None:
    """What a local rule `(out, *inputs) -> partials` returns, when every partial is a
    constant number or one of its parameters: per input, ("const", value) or ("param", k),
    k = 0 for out and 1.. for the inputs. None for anything else (arithmetic, calls, branches),
    and for a rule that is not plain Python code."""
    code = getattr(rule, "__code__", None)
    if (not isinstance(rule, types.FunctionType) or code is None or code.co_argcount != arity + 1
            or code.co_flags & (0x04 | 0x08) or code.co_kwonlyargcount or code.co_freevars or code.co_cellvars):
        return None
    parameters = {name: k for k, name in enumerate(code.co_varnames[: arity + 1])}
    stack: list[Any] = []
    for instruction in dis.get_instructions(code):
        op, value = instruction.opname, instruction.argval
        if op in ("RESUME", "NOP", "CACHE"):
            continue
        if op in ("LOAD_FAST", "LOAD_FAST_BORROW", "LOAD_FAST_CHECK") and value in parameters:
            stack.append(("param", parameters[value]))
        elif op in ("LOAD_FAST_LOAD_FAST", "LOAD_FAST_BORROW_LOAD_FAST_BORROW") and set(value) <= parameters.keys():
            stack.extend(("param", parameters[name]) for name in value)
        elif op == "LOAD_CONST" and isinstance(value, tuple) and all(type(v) in (float, int) for v in value):
            stack.append(tuple(("const", v) for v in value))
        elif op == "LOAD_CONST" and type(value) in (float, int):
            stack.append(("const", value))
        elif op == "BUILD_TUPLE" and instruction.arg is not None and len(stack) >= instruction.arg:
            count = instruction.arg
            items = tuple(stack[len(stack) - count:]) if count else ()
            del stack[len(stack) - count:]
            stack.append(items)
        elif op == "RETURN_CONST" and isinstance(value, tuple) and all(type(v) in (float, int) for v in value):
            return _fits(tuple(("const", v) for v in value), arity)
        elif op == "RETURN_VALUE" and len(stack) == 1:
            return _fits(stack[0], arity)
        else:
            return None
    return None


def _fits(result: Any, arity: int) -> tuple[Any, ...] | None:
    if isinstance(result, tuple) and len(result) == arity and all(
            isinstance(item, tuple) and len(item) == 2 and item[0] in ("const", "param") for item in result):
        return result
    return None


class Forward(NamedTuple):
    """The forward loop's slots: an op name for each (EMPTY when unused) and what it needs."""

    table: dict[str, tuple[int, Any]]  # every op of the graph: (UNARY or BINARY, its forward rule) or (GENERAL, row)
    plus: str  # forward is operator.add
    times: str  # operator.mul
    minus: str  # operator.sub
    unary1: str
    rule1: Any
    unary2: str
    rule2: Any
    binary: str
    rule3: Any


class Backward(NamedTuple):
    """The backward loop's slots, as Forward's."""

    table: dict[str, tuple[int, Any]]  # every op: (UNARY or BINARY, its local rule) or (GENERAL, local rule)
    ones: str  # partials (1.0, 1.0)
    constants: str  # two other constant partials
    first: Any
    second: Any
    swap: str  # partials (b, a)
    output: str  # one input, partial (out,)
    unary1: str
    rule1: Any
    unary2: str
    rule2: Any
    binary: str
    rule3: Any


class Slots(NamedTuple):
    forward: Forward
    backward: Backward


_CACHE: dict[tuple[tuple[str, int], ...], tuple[tuple[Op, ...], Slots]] = {}


def slots(names: set[str]) -> Slots:
    """The slots for a graph's distinct op names (its leaves' var and const may be among them),
    kept per set of rows: a graph of 10^5 nodes uses a handful of operations."""
    gate_names = sorted(names - {VARIABLE, CONSTANT})
    rows = tuple(REGISTRY[name] for name in gate_names)
    key = tuple((name, id(row)) for name, row in zip(gate_names, rows))
    found = _CACHE.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], rows)):
        return found[1]
    made = Slots(_forward(gate_names, rows), _backward(gate_names, rows))
    if len(_CACHE) >= _MAX_CACHED:
        _CACHE.clear()
    _CACHE[key] = (rows, made)  # the rows are kept alive, so their ids in the key stay theirs
    return made


def _forward(names: list[str], rows: tuple[Op, ...]) -> Forward:
    table: dict[str, tuple[int, Any]] = {}
    infix: dict[Any, str] = {}
    unary: list[tuple[str, Any]] = []
    binary: list[tuple[str, Any]] = []
    for name, row in zip(names, rows):
        plain = row.domain is None and row.kink is None
        if plain and row.arity == 1:
            table[name] = (UNARY, row.forward)
            unary.append((name, row.forward))
        elif plain and row.arity == 2:
            table[name] = (BINARY, row.forward)
            if row.forward in (operator.add, operator.mul, operator.sub) and row.forward not in infix:
                infix[row.forward] = name
            else:
                binary.append((name, row.forward))
        else:
            table[name] = (GENERAL, row)
    unary += [(EMPTY, None)] * 2
    binary.append((EMPTY, None))
    return Forward(table, infix.get(operator.add, EMPTY), infix.get(operator.mul, EMPTY), infix.get(operator.sub, EMPTY),
                   *unary[0], *unary[1], *binary[0])


def _backward(names: list[str], rows: tuple[Op, ...]) -> Backward:
    table: dict[str, tuple[int, Any]] = {}
    taken: dict[str, Any] = {}  # slot -> op name (and its numbers)
    unary: list[tuple[str, Any]] = []
    binary: list[tuple[str, Any]] = []
    for name, row in zip(names, rows):
        arity = row.arity
        table[name] = (BINARY if arity == 2 else UNARY if arity == 1 else GENERAL, row.local)
        shape = partials_shape(row.local, arity) if arity in (1, 2) else None
        if shape is not None and arity == 2 and shape == (("const", 1.0), ("const", 1.0)) \
                and all(type(v) is float for _, v in shape) and "ones" not in taken:
            taken["ones"] = name
        elif shape is not None and arity == 2 and all(kind == "const" for kind, _ in shape) and "constants" not in taken:
            taken["constants"] = (name, shape[0][1], shape[1][1])
        elif shape == (("param", 2), ("param", 1)) and "swap" not in taken:
            taken["swap"] = name
        elif shape == (("param", 0),) and "output" not in taken:
            taken["output"] = name
        elif arity == 1:
            unary.append((name, row.local))
        elif arity == 2:
            binary.append((name, row.local))
    unary += [(EMPTY, None)] * 2
    binary.append((EMPTY, None))
    constants, first, second = taken.get("constants", (EMPTY, None, None))
    return Backward(table, taken.get("ones", EMPTY), constants, first, second, taken.get("swap", EMPTY),
                    taken.get("output", EMPTY), *unary[0], *unary[1], *binary[0])
