"""bpcalc: a backprop calculator. `bpcalc.evaluate(text, x=..., ...)` is the library entry."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "evaluate"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import bpcalc` (and the CLI's start-up) does not import the engine's deps.
    if name == "evaluate":
        from bpcalc.api import evaluate

        return evaluate
    if name == "explain":
        from bpcalc.teach.explanation import explain

        return explain
    if name == "homework":
        import importlib

        return importlib.import_module("bpcalc.homework")
    if name == "Result":
        from bpcalc.api import Result

        return Result
    raise AttributeError(name)
