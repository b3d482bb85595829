"""Finds English sentences inside Korean output, with the English terms Korean notes keep allowed.

The allowed terms are the documented list: the lecture's English terms (Local / Upstream /
Downstream Gradient, Chain Rule, Forward pass, Backpropagation, gate nicknames), tool and
function names (PyTorch, SymPy, relu, softmax), and words of formulas. A run of three or more
other English words in a row is an English sentence (a bug), whatever surrounds it.
Text in `backticks` is code (a shell command such as `pip install matplotlib`) and is skipped.
"""

from __future__ import annotations

import re

from bpcalc.ops import REGISTRY

ALLOWED_TERMS = frozenset((  # case as written: "Gradient" is the notes' term, "gradient" English prose
    "Local", "Upstream", "Downstream", "Gradient", "Gradients", "Chain", "Rule", "Forward", "Backward", "pass",
    "Backpropagation", "Backprop", "Vector", "Jacobian", "Product", "VJP", "Distributor", "Swapper", "Adder", "Router",
    "Max", "Min", "Kink", "kinks", "PyTorch", "SymPy", "JAX", "bpcalc", "shape", "fan", "out", "broadcast", "score",
    "class", "margin", "softmax", "loss", "multiclass", "hinge", "subgradient", "scale", "norm", "swish", "onehot",
    "Phi", "phi", "pi", "mean", "std", "var", "maximum", "minimum", "node", "dnode",
    "sign", "cosh", "sinh", "exp", "log", "sqrt", "inf", "nan", "ok", "step", "JSON", "Markdown", "LaTeX", "SVG",
    "PNG", "DOT", "HTML", "Mermaid", "kotex", "xelatex", "lualatex", "axis", "keepdims", "let", "Gradescope",
    "PrairieLearn", "CSV", "id", "ids", "args", "eval", "explain", "graph", "plot", "ops", "grade", "code", "repl",
    "train", "table", "json", "markdown", "latex", "ascii", "lang", "precision", "help", "file", "var",
    "ko", "en", "format", "exact", "symbolic", "full", "float", "amax", "amin", "tanh", "ill-conditioned",
    "undefined", "null", "float64", "kink", "VALUE", "NAME", "Local", "Downstream", "Upstream", "ok",
    "Stanford", "CS231n", "numpy", "NumPy", "Python", "python", "bp", "txt", "worksheet", "key", "answers",
    # the keys of a problem set or worksheet (TOML), quoted in errors as written
    "title", "scoring", "tolerance", "problems", "expression", "values", "points", "ask", "student", "rtol", "atol",
))


def _allowed(word: str) -> bool:
    lowered = word.lower()
    return (word in ALLOWED_TERMS or lowered in REGISTRY or len(word) <= 2 or any(c.isdigit() for c in word)
            or "_" in word)


_CODE = re.compile(r"`[^`\n]+`")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*")


def english_runs(text: str, length: int = 3) -> list[str]:
    """Runs of `length` or more English words in a row (spaces between, nothing else) that are
    not allowed terms: what a reader would see as an untranslated English sentence."""
    found: list[str] = []
    text = _CODE.sub(" ", text)  # `pip install matplotlib`: code, kept verbatim
    for line in text.splitlines():
        run: list[str] = []
        position = 0
        for match in _WORD.finditer(line):
            gap = line[position:match.start()]
            if run and gap.strip(" ,") != "":
                if len(run) >= length:
                    found.append(" ".join(run))
                run = []
            word = match.group()
            if _allowed(word):
                if len(run) >= length:
                    found.append(" ".join(run))
                run = []
            else:
                run.append(word)
            position = match.end()
        if len(run) >= length:
            found.append(" ".join(run))
    return found
