"""The `Op` row type, and numpy bound lazily for the rows that need it.

Conventions in the rules: `out` is the node's value, `a, b, ...` its inputs. Local rules are
written with plain arithmetic where possible so the same rule serves floats and arrays.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple


class _LazyNumpy:
    """Stands in for numpy until an array rule first runs.

    On first use it puts the real module in its place in every module that bound it
    (`from bpcalc.ops.op import np`), so later `np.x` lookups there cost nothing extra.
    """

    def __getattr__(self, name: str) -> Any:
        import numpy

        for module in list(sys.modules.values()):
            if getattr(module, "np", None) is self:
                vars(module)["np"] = numpy  # a ModuleType declares no attribute np for mypy
        return getattr(numpy, name)


np: Any = _LazyNumpy()

Rule = Callable[..., Any]

# Leaves are not registry operations; they have these names in graphs and outputs.
VARIABLE = "var"
CONSTANT = "const"


# The rows' parts (Slip, Code, ArrayFormula, and ParamGate below) are NamedTuples: immutable
# records like the frozen dataclasses they were, at about a sixth of the start-up cost each (a
# frozen dataclass compiles six methods when its module is imported; every command imports the
# registry).
class Slip(NamedTuple):
    """A classic wrong local gradient at a gate, for homework diagnosis: the rule a student used instead."""

    code: str  # stable diagnosis code (JSON output and problem sets' partial credit use it)
    text: str  # the slip in a few words, e.g. "mul inputs not swapped"
    local: Rule  # (out, *inputs) -> the partials the slip uses, one per input


class Code(NamedTuple):
    """One way generated Python (`bpcalc code`) writes a gate: its forward expression and, per
    input, the gradient that input receives, as templates over placeholders: {0}, {1}, ... the
    inputs; {*} every input and {1:} inputs 1.. joined by ", "; {i} the input a gradient is for
    (a variadic gate's one template serves every input), {k} its position; {out} the node's value; {g} the
    upstream gradient; {m} the math module (math for scalars, np for arrays). A gradient "" is
    none (a static input). Elementwise rows' gradients have the output's shape and are summed
    back to each input's shape by the generator; VJP rows give each input's shape directly.
    `when` holds conditions that must all hold: "scalar" or "array" (the run), "arity=N" (N
    inputs), "ndim=2,1" (the inputs' numbers of axes). `helpers` names functions in
    ops/code_helpers.py the templates call."""

    forward: str
    grads: tuple[str, ...]
    when: str = ""
    helpers: tuple[str, ...] = ()


class ArrayFormula(NamedTuple):
    """How explanations write the gradient an array gate sends to each input, with the graph's
    names and then its numbers: per input a template over {0}, {1}, ... (the inputs; a static
    input is its value, an axis or an index), {1:} (inputs 1.. joined by ", "), {g} (the upstream
    gradient, dL/d<node>) and {out} (the node's value). A placeholder may carry one modifier:
    .T (transposed: W^T, numbers transposed), .col (a vector standing as a column: its numbers
    are written [..]^T), .shape (the value's shape), .count (the entries a reduction averages:
    the size, or the length along the axis input 1). " · " is a matrix product, written as a
    juxtaposition in the numbers. "" is no gradient (a static input). `when` holds conditions as
    Code's: "arity=N", "ndim=2,1"."""

    grads: tuple[str, ...]
    when: str = ""


class ParamGate(NamedTuple):  # an immutable record, as the rows' parts above
    """A gate with constant parameters, as a lecture names it: `+1`, `*-1`, `1/x`, `x²`."""

    key: str  # "add:1": the row and the constant positions (translations are keyed by it)
    name: str  # "+1"
    pattern: str  # "+1 gate: passes the upstream gradient unchanged"
    constants: str  # the constants as written, "1"


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _superscript(name: str) -> str:
    """x^2 reads better as x², as lectures write it (a short integer exponent only)."""
    head, caret, exponent = name.rpartition("^")
    if caret and head.endswith("x") and exponent.lstrip("-").isdigit() and len(exponent) <= 3:
        return head + exponent.translate(_SUPERSCRIPTS)
    return name


# eq=False: each row is built once, at import, so identity is equality, and start-up does not
# generate (compile) a 50-field __eq__ and __hash__; the docstring spares dataclass building one
# from the signature.
@dataclass(frozen=True, eq=False)
class Op:
    """One operation of the registry: how it computes, differentiates, reads and is taught."""

    name: str
    arity: int | None  # None: variadic, at least `min_arity` inputs
    syntax: str  # how a user writes it, e.g. "a * b" or "exp(a)"
    symbol: str  # how the table shows it, e.g. "×"
    forward: Rule  # on Python floats
    local: Rule  # (out, *inputs) -> tuple of partials d out / d input
    sympy: Rule  # (sympy_module, *args) -> SymPy expression
    gate: str  # short gate name used in explanations
    pattern: str  # the gate-pattern sentence
    rule: str  # the local gradient, written for people
    forward_array: Rule | None = None  # numpy version when `forward` is float-only
    local_array: Rule | None = None  # numpy version when `local` is float-only
    domain: Rule | None = None  # (*inputs) -> message when undefined there, else None
    kink: Rule | None = None  # (out, *inputs) -> True at a non-differentiable point
    infix: tuple[str, ...] = ()  # operator tokens, for binary/unary operators
    function: str | None = None  # name in call syntax, e.g. "exp"
    min_arity: int = 1
    kink_rule: str | None = None  # which derivative we pick at the kink, for the docs
    # Non-elementwise array ops give a vector-Jacobian product instead of local partials:
    # (g, out, *inputs) -> one gradient per input, each of that input's shape.
    vjp: Rule | None = None
    vjp_rule: str | None = None  # e.g. "dL/dW = g x^T", for the table and explanations
    max_arity: int | None = None  # with arity None: at most this many inputs (None: no limit)
    # Inputs from this position on are static integers (an axis, an index, a class label): the
    # op reads their values, and no gradient flows to them.
    static_from: int | None = None
    # (*inputs) -> a message when the inputs' shapes (or static arguments) do not fit, else None.
    shape_check: Rule | None = None
    reduces: str | None = None  # for reductions: the call name it shares ("max" for amax)
    # Infix binding power of the row's operator tokens (higher binds tighter) and whether
    # a chain of them groups from the right (2^3^2 is 2^(3^2)); the parser's and the
    # formatter's operator tables are read from these.
    precedence: int | None = None
    right_assoc: bool = False
    # Other spellings of the function name that students bring from numpy, PyTorch and
    # their notes (ln for log, maximum for max); read only in call position.
    aliases: tuple[str, ...] = ()
    # `a * b` where an operand is a matrix and the other a vector (or matrices of matching
    # inner size) is elementwise; a student usually meant `@`, so the run warns.
    warns_matmul: bool = False
    # (out, *inputs) -> a hashable id of the linear piece that is active there, for every row
    # with a `kink`: a centred difference whose nudged passes land on another piece measures a
    # blend of two slopes, not the derivative, so the checker compares these ids.
    piece: Rule | None = None
    # The LaTeX form: a function's name as written before its parenthesised arguments
    # (r"\sinh", r"\operatorname{relu}"), an operator's symbol for infix rows (r"\times").
    latex: str | None = None
    # Per input, the local gradient in bpcalc syntax over the placeholders a, b, c (the inputs,
    # in order) and out (the node's value): mul ("b", "a"), exp ("out",). None where there is
    # no short form (a rule in words, a piecewise rule, a VJP).
    formulas: tuple[str, ...] | None = None
    # A template in bpcalc syntax for forms that are not plain infix or call syntax: {0}, {1}
    # are inputs, {1:} inputs 1.. joined by ", ". It applies when the node has every input the
    # template names; otherwise the node is shown in call syntax (sum(x), not sum(x, axis=)).
    display: str | None = None
    slips: tuple[Slip, ...] = ()  # the classic mistakes at this gate, which diagnoses look for
    # A notation of its own that the parser builds this row from, besides call syntax: "[]"
    # (x[i], W[i, :]), ".T" (W.T), "‖‖" (‖v‖, also typed ||v||). Parsers look rows up by it.
    notation: str | None = None
    # a^b, inputs (base, exponent): an exact result can have millions of digits, so exact mode
    # bounds a numeric power before SymPy computes it, and the check keeps a large constant
    # power to 30 significant digits.
    power: bool = False
    # (*input shapes) -> how many numbers the value holds, for rows whose output can be larger
    # than their largest input (outer, matmul): the memory budget reads it before computing.
    # None: elementwise rows broadcast their inputs' shapes, the others are no larger.
    entries: Rule | None = None
    # How `bpcalc code` writes this gate in Python: the first form whose conditions hold is used;
    # a row with no form that fits is refused by name (the generator never guesses).
    code: tuple[Code, ...] = ()
    # The gate as lectures draw it when some inputs are constants (`+1`, `*-1`, `1/x`, `x²`):
    # per pattern of constant input positions, a gate-name template and a pattern sentence,
    # both over {c}, the constant as written. Korean sentences: teach/i18n.PARAM_PATTERNS.
    param_gates: tuple[tuple[tuple[int, ...], str, str], ...] = ()
    # False for operators that do not chain (comparisons: Python reads a < b < c as a < b and
    # b < c, so the parser refuses the chain and the formatter parenthesizes a nested one).
    chains: bool = True
    # Names of the trailing static inputs, written `name=value` (sum(x, axis=0, keepdims=True)):
    # keyword k is input max_arity - len(keywords) + k. The parser places keyword arguments by
    # them and the formatter writes them back with their names.
    keywords: tuple[str, ...] = ()
    # The text of each keyword's default, put in when a later keyword is given alone
    # (sum(x, keepdims=True) is sum(x, axis=None, keepdims=True)).
    keyword_defaults: tuple[str, ...] = ()
    # Inputs from this position on are the items of one list argument, stack([a, b], axis=0):
    # the parser reads them from the list, the formatter writes them back into one (`display`).
    parts_from: int | None = None
    # The first `leading_static` inputs are static (stack's and concatenate's axis, before the parts).
    leading_static: int = 0
    # The output is an array even when every input is a number ([a, b] of two scalars): the
    # numpy pass runs.
    builds_array: bool = False
    # How explanations derive each input's gradient of an array gate with names and numbers
    # (`dL/dW = dL/dq · x^T = ...`): the first form whose conditions hold is used (teach/array_steps).
    array_formulas: tuple[ArrayFormula, ...] = ()
    # Why the keywords are taken by name only, where numpy and PyTorch read the same position as
    # something else (norm(x, 1) is their norm of order 1); None: they may come by position too.
    keywords_by_name_only: str | None = None

    def accepts(self, count: int) -> bool:
        if self.arity is None:
            return count >= self.min_arity and (self.max_arity is None or count <= self.max_arity)
        return count == self.arity

    def arity_text(self) -> str:
        if self.arity is None and self.max_arity is not None:
            low, high = self.min_arity, self.max_arity
            return f"{low} or {high} arguments" if high == low + 1 else f"{low} to {high} arguments"
        if self.arity is None:
            return f"{self.min_arity} or more arguments"
        return "1 argument" if self.arity == 1 else f"{self.arity} arguments"

    def parametrized(self, constants: tuple[str | None, ...]) -> ParamGate | None:
        """The gate with its constant inputs as parameters: `constants` holds, per input, the
        constant as written, or None for an input that varies. None when no input is constant
        (or every one is: such a node is folded away before it gets here)."""
        positions = tuple(k for k, c in enumerate(constants) if c is not None)
        if not positions or len(positions) == len(constants):
            return None
        written = ", ".join(c for c in constants if c is not None)
        for key, name, sentence in self.param_gates:
            if key == positions:
                return ParamGate(f"{self.name}:{','.join(map(str, key))}", _superscript(name.format(c=written)),
                                 sentence.format(c=written), written)
        if self.function is None or positions[0] == 0:
            return None
        return ParamGate(f"{self.name}:params", f"{self.gate}(x, {written})",
                         f"{self.pattern}; {written} is a parameter of the gate and receives no gradient", written)

    def keyword_position(self, name: str) -> int | None:
        """The input position of keyword argument `name`, None when the row has no such keyword."""
        if name not in self.keywords:
            return None
        last = self.max_arity if self.arity is None else self.arity
        return (last or 0) - len(self.keywords) + self.keywords.index(name)

    def is_static(self, position: int) -> bool:
        return position < self.leading_static or (self.static_from is not None and position >= self.static_from)
