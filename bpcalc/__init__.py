"""bpcalc: a backprop calculator, as a library. `bpcalc.evaluate(text, {"x": 2})` is the entry.

Every name below is imported on first use (PEP 562 `__getattr__`), so `import bpcalc` and the
CLI's start-up cost no more than this file: the engine, numpy and SymPy load only when asked.

This package's `__init__` sits outside the layers (see pyproject.toml's import-linter
contracts): it is the one place that may point at any layer, which it does lazily, and the
place that wires a `Result` into Jupyter's display (`_register_notebook_display`), so that
`bpcalc.api` itself never imports a renderer.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute) it is loaded from, on first use
_LAZY: dict[str, tuple[str, str]] = {
    "evaluate": ("bpcalc.api", "evaluate"),
    "Result": ("bpcalc.api", "Result"),
    "explain": ("bpcalc.teach.explanation", "explain"),
    "Explanation": ("bpcalc.teach.explanation", "Explanation"),
    "to_json": ("bpcalc.render.json_doc", "document"),
    "to_markdown": ("bpcalc.render.markdown", "render_markdown"),
    "code": ("bpcalc.render.code", "code"),
    "BpcalcError": ("bpcalc.errors", "BpcalcError"),
    # homework: grade submissions (a folder, or one file) against a problem set
    "load_problem_set": ("bpcalc.homework.problems", "load_problem_set"),
    "grade_folder": ("bpcalc.homework.batch", "grade_folder"),
    "StudentResult": ("bpcalc.homework.batch", "StudentResult"),
    "load_worksheet": ("bpcalc.homework.problems", "load_worksheet"),
    "check_answers": ("bpcalc.homework.platforms.library", "check_answers"),
    "check_worksheet": ("bpcalc.homework.platforms.library", "check_worksheet"),
    "grade_rows": ("bpcalc.homework.platforms.library", "grade_rows"),
}

__all__ = [  # written out for linters and `from bpcalc import *`; tests/test_api.py keeps it equal to _LAZY
    "BpcalcError",
    "Explanation",
    "Result",
    "StudentResult",
    "__version__",
    "check_answers",
    "check_worksheet",
    "code",
    "evaluate",
    "explain",
    "grade_folder",
    "grade_rows",
    "load_problem_set",
    "load_worksheet",
    "to_json",
    "to_markdown",
]

if TYPE_CHECKING:  # what the names are, for type checkers and editors; nothing runs here
    from bpcalc.api import Result, evaluate
    from bpcalc.errors import BpcalcError
    from bpcalc.homework.batch import StudentResult, grade_folder
    from bpcalc.homework.platforms.library import check_answers, check_worksheet, grade_rows
    from bpcalc.homework.problems import load_problem_set, load_worksheet
    from bpcalc.render.code import code
    from bpcalc.render.json_doc import document as to_json
    from bpcalc.render.markdown import render_markdown as to_markdown
    from bpcalc.teach.explanation import Explanation, explain


def __getattr__(name: str) -> Any:
    if name == "homework":
        import importlib

        return importlib.import_module("bpcalc.homework")
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'bpcalc' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _markdown(result: Any) -> str:
    from bpcalc.render.markdown import render_markdown

    return render_markdown(result)


def _register_notebook_display(formatter: Any) -> None:
    """Show a Result as its Markdown table in Jupyter.

    Registered by the type's module and name, so neither bpcalc.api nor the renderer is
    imported until a Result is actually displayed (IPython's `for_type_by_name`).
    """
    formatter.formatters["text/markdown"].for_type_by_name("bpcalc.api", "Result", _markdown)


def _notebook_shell() -> Any:
    """The running IPython shell, if any; IPython is never imported by us."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


if (_shell := _notebook_shell()) is not None:
    _register_notebook_display(_shell.display_formatter)
