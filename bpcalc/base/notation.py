"""The one notation every renderer writes for gradients (docs/notation.md), decided here once.

The lecture's words, in the lecture's order:
* the gradient of the loss with respect to a node, the number backprop computes, is `dL/dx`
  (L is the output, or the loss a given upstream gradient stands for);
* a gate's local gradient is a partial derivative, `∂q/∂x`, so it never reads as a total;
* the chain rule multiplies upstream by local with one sign, `×`:
  `dL/dx = dL/dq × ∂q/∂x = -4 × 1 = -4` (expression text such as `n2 * z` stays bpcalc syntax,
  and a matrix product, a vector-Jacobian product, is written `·`);
* a gate whose own name is L (an output named L) would have local gradients `∂L/∂x`, a letter
  away from the total `dL/dx` and the same in ASCII, so its local gradient names the operation
  instead: `∂(n2 * z)/∂n2`.

Only Unicode is written here: on a stream that lacks ∂ or × (ASCII, --ascii) the stand-ins of
base/ascii_text apply (`∂` -> `d`, `×` -> `*`), and the rule above keeps the ASCII forms apart.
"""

from __future__ import annotations

LOSS = "L"  # what the gradients are gradients of
PARTIAL = "∂"  # a local (partial) derivative
TIMES = "×"  # the chain rule's product: upstream × local
MATRIX_TIMES = "·"  # a matrix product in an array gate's derivation (dL/dW = dL/dq · x^T)
CHAIN_RULE = f"downstream = upstream {TIMES} local"  # the lecture's order
GRADIENT_HEADER = f"d{LOSS}/dnode"  # a table column of gradients


def gradient(name: str) -> str:
    """The gradient of the loss with respect to `name`: `dL/dx`."""
    return f"d{LOSS}/d{name}"


def local_gradient(output: str, input_name: str, operation: str) -> str:
    """The local gradient of the gate `output` (computing `operation`, e.g. `n2 * z`) with
    respect to its input: `∂q/∂x`; for a gate named L, `∂(n2 * z)/∂n2` (see the module's note)."""
    if output != LOSS:
        return f"{PARTIAL}{output}/{PARTIAL}{input_name}"
    return f"{PARTIAL}{_grouped(operation)}/{PARTIAL}{input_name}"


def product(*factors: str) -> str:
    """Factors of the chain rule joined by its one sign: `1 × (-4)`."""
    return f" {TIMES} ".join(factors)


def factor(number: str) -> str:
    """A number as a later factor of a product: a negative in parentheses, `1 × (-4)`."""
    return f"({number})" if number.startswith("-") else number


def chain(output: str, input_name: str, operation: str) -> str:
    """The chain rule for one edge, in symbols: `dL/dq × ∂q/∂x`."""
    return product(gradient(output), local_gradient(output, input_name, operation))


def _grouped(operation: str) -> str:
    """`operation` as the numerator of ∂(...)/∂x: a call such as `sum(q)` as it is, anything else
    in parentheses."""
    head, paren, _ = operation.partition("(")
    if paren and head.isidentifier() and operation.endswith(")") and _closes_at_end(operation, len(head)):
        return operation
    return f"({operation})"


def _closes_at_end(text: str, start: int) -> bool:
    """True when the parenthesis at `start` closes at the last character (`f(a) + g(b)` does not)."""
    depth = 0
    for pos in range(start, len(text)):
        if text[pos] == "(":
            depth += 1
        elif text[pos] == ")":
            depth -= 1
            if depth == 0:
                return pos == len(text) - 1
    return False
