"""The spellings students bring from numpy, PyTorch, math and their notes, read as ours.

`np.exp(x)`, `torch.relu(x)` and `math.log(x)` are the functions we have with the module
dropped; `ln`, `maximum` and the other aliases are a row field (`Op.aliases`); `ReLU` and
`Sigmoid` are our names in another case. Only the call position reads them, so a variable
named `ln` or `Sigmoid` stays a variable. Words we do not have but can name the plain form of
(`square(x)`: write x^2) get a hint instead of a guess.
"""

from __future__ import annotations

from bpcalc.errors import ParseError, Span, UnknownNameError, did_you_mean
from bpcalc.language.lexer import TokenColumns
from bpcalc.ops import FUNCTIONS, REDUCTIONS

# Module prefixes dropped before a function we have: np.exp(x) is exp(x).
# A chain of them is dropped too: np.linalg.norm(x), torch.nn.functional.relu(x), scipy.special.expit(x).
MODULE_PREFIXES = frozenset(("np", "numpy", "math", "torch", "F", "nn", "jnp", "scipy", "special", "linalg",
                             "functional", "jax"))

# Modules whose max/min are numpy's: np.max(x, 1) reduces over axis 1 (np.maximum is the gate).
NUMPY_MODULES = frozenset(("np", "numpy", "jnp"))
# The call name of a reduction -> the row's own name, which reads every argument count as the
# reduction (max -> amax).
NUMPY_REDUCTIONS = {op.reduces: op.name for op in REDUCTIONS.values() if op.reduces}

# Functions a module defines otherwise than numpy, whose numbers bpcalc's row would not match.
_MODULE_DIFFERS = {
    ("torch", "var"): ("torch.var(x) divides by n - 1 by default (Bessel's correction), bpcalc's var by n as numpy's",
                       "write var(x) for numpy's variance, or var(x) * n / (n - 1) with n the number of entries for "
                       "PyTorch's"),
    ("torch", "std"): ("torch.std(x) divides by n - 1 by default (Bessel's correction), bpcalc's std by n as numpy's",
                       "write std(x) for numpy's standard deviation, or std(x) * sqrt(n / (n - 1)) with n the number "
                       "of entries for PyTorch's"),
    ("special", "softmax"): ("scipy.special.softmax(x) normalises over every entry of x unless axis= is given, bpcalc's "
                             "softmax along the last axis",
                             "write softmax(x) for the last axis (as PyTorch's dim=-1 and JAX's), or softmax(x, axis=k)"),
    ("special", "log_softmax"): ("scipy.special.log_softmax(x) normalises over every entry of x unless axis= is given, "
                                 "bpcalc's log_softmax along the last axis",
                                 "write log_softmax(x) for the last axis, or log_softmax(x, axis=k)"),
}

# Words for which the plain form is not a function: what to write instead.
_WRITE_INSTEAD = {
    "square": "write x^2 (or x**2) for the square of x",
    "sqr": "write x^2 (or x**2) for the square of x",
    "cube": "write x^3 for the cube of x",
    "reciprocal": "write 1/x",
    "negative": "write -x",
    "add": "write a + b",
    "subtract": "write a - b",
    "multiply": "write a * b (elementwise) or A @ B (the matrix product)",
    "divide": "write a / b",
    "mm": "write A @ B for the matrix product",
    "exp2": "write 2^x",
    "log2": "write log(x) / log(2)",
    "log10": "write log(x) / log(10)",
}


def _function_names() -> dict[str, str]:
    """Every name a call may use -> the registry's call name (its own name or an alias)."""
    names = {name: name for name in (*FUNCTIONS, *REDUCTIONS)}
    for op in (*FUNCTIONS.values(), *REDUCTIONS.values()):
        for alias in op.aliases:
            names.setdefault(alias, op.function or op.name)
    for op in REDUCTIONS.values():
        names.setdefault(op.name, op.reduces or op.name)  # numpy's amax, amin: the max and min reductions
    return names


FUNCTION_NAMES = _function_names()
_LOWERCASE = {name.lower(): target for name, target in FUNCTION_NAMES.items()}


def function_for(name: str) -> str | None:
    """The call name for a name in call position in another case (ReLU, Sigmoid), or None."""
    return FUNCTION_NAMES.get(name) or _LOWERCASE.get(name.lower())


def module_meaning(columns: TokenColumns, pos: int, name: str, source: str) -> str:
    """The call name of `module.word(` at pos as that module means it: numpy's max(x, 1) is the
    reduction over axis 1; a function whose numbers differ from ours there (torch.var) is refused."""
    texts = columns.texts
    module, word = texts[pos - 2], texts[pos]
    if module in NUMPY_MODULES and word in NUMPY_REDUCTIONS:
        return NUMPY_REDUCTIONS[word]
    differs = _MODULE_DIFFERS.get((module, word))
    if differs is not None:
        message, hint = differs
        raise ParseError(message, source=source, span=Span(columns.starts[pos - 2], columns.ends[pos]), hint=hint)
    return name


def unknown_function(name: str, source: str, span: Span, module: str | None = None) -> UnknownNameError:
    """The error for a call of a name we do not have, pointing the right way."""
    shown = f"{module}.{name}" if module else name
    instead = _WRITE_INSTEAD.get(name.lower())
    if instead is not None:
        hint = f"bpcalc has no {name}(); {instead}"
    else:
        suggestion = did_you_mean(name.lower(), sorted(FUNCTION_NAMES))
        hint = (f"did you mean '{suggestion}'? " if suggestion else "") + "run 'bpcalc ops' for every function"
    return UnknownNameError(f"unknown function '{shown}'", source=source, span=span, hint=hint)
