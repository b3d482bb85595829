"""The two quick scalar loops: a node's work in place for the operations that hold a slot
(engine.dispatch), a rule called through the table for every other.

Each loop walks the graph's own columns (ops, args) in one zip and passes over leaves (a leaf
has no inputs; its value is in place before the forward loop). A slot is an `if` on the op
name; the ones most graphs use come first. Nothing here checks for overflow or for inf and nan:
scalar_pass looks once at the end, and runs its careful loop when anything is not finite.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from bpcalc.engine.dispatch import BINARY, UNARY, Backward, Forward


def forward(out: list[Any], ops: list[str], args: list[tuple[int, ...]], kinks: list[bool], slots: Forward) -> bool:
    """Fill `out` node by node; False where a domain rule refuses a node's inputs (the careful
    loop then says why)."""
    table, plus, times, minus, unary1, rule1, unary2, rule2, binary, rule3 = slots
    for i, c, xs in zip(range(len(ops)), ops, args):
        if not xs:
            continue
        if c == plus:
            a, b = xs
            out[i] = out[a] + out[b]
        elif c == times:
            a, b = xs
            out[i] = out[a] * out[b]
        elif c == unary1:
            out[i] = rule1(out[xs[0]])
        elif c == minus:
            a, b = xs
            out[i] = out[a] - out[b]
        elif c == unary2:
            out[i] = rule2(out[xs[0]])
        elif c == binary:
            a, b = xs
            out[i] = rule3(out[a], out[b])
        else:
            branch, rule = table[c]
            if branch == BINARY:
                a, b = xs
                out[i] = rule(out[a], out[b])
            elif branch == UNARY:
                out[i] = rule(out[xs[0]])
            else:  # a row with a domain or a kink rule, or any number of inputs
                values = [out[a] for a in xs]
                if rule.domain is not None and rule.domain(*values):
                    return False
                result = out[i] = rule.forward(*values)
                if rule.kink is not None and rule.kink(result, *values):
                    kinks[i] = True
    return True


def backward(values: list[Any], grads: list[Any], ops: list[str], args: list[tuple[int, ...]], output: int,
             slots: Backward) -> None:
    """Add each node's upstream x local partial into its inputs' gradients, from the output
    down: the order and the arithmetic of the rules' own loop (partials of a node in input
    order). A constant partial 1.0 adds the upstream itself: x * 1.0 is x for every float, and
    a gradient starts at 0.0, so an int upstream sums to the same float too."""
    (table, ones, constants, first, second, swap, out_only, unary1, rule1, unary2, rule2, binary, rule3) = slots
    skip = len(ops) - 1 - output  # backprop starts at the output: the nodes after it are skipped
    walk = zip(range(len(ops) - 1, -1, -1), reversed(ops), reversed(args))
    for i, c, xs in islice(walk, skip, None) if skip else walk:
        if not xs:
            continue
        if c == ones:
            a, b = xs
            g = grads[i]
            grads[a] += g
            grads[b] += g
        elif c == swap:
            a, b = xs
            g = grads[i]
            grads[a] += g * values[b]
            grads[b] += g * values[a]
        elif c == unary1:
            a = xs[0]
            grads[a] += grads[i] * rule1(values[i], values[a])[0]
        elif c == constants:
            a, b = xs
            g = grads[i]
            grads[a] += g * first
            grads[b] += g * second
        elif c == out_only:
            a = xs[0]
            grads[a] += grads[i] * values[i]
        elif c == unary2:
            a = xs[0]
            grads[a] += grads[i] * rule2(values[i], values[a])[0]
        elif c == binary:
            a, b = xs
            p, q = rule3(values[i], values[a], values[b])
            g = grads[i]
            grads[a] += g * p
            grads[b] += g * q
        else:
            branch, rule = table[c]
            if branch == BINARY:
                a, b = xs
                p, q = rule(values[i], values[a], values[b])
                g = grads[i]
                grads[a] += g * p
                grads[b] += g * q
            elif branch == UNARY:
                a = xs[0]
                grads[a] += grads[i] * rule(values[i], values[a])[0]
            else:
                g = grads[i]
                for a, p in zip(xs, rule(values[i], *[values[a] for a in xs])):
                    grads[a] += g * p
