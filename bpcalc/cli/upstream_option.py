"""--upstream and --jacobian: the options of eval, explain and graph for the lecture's array view.

`--upstream VALUE` is a given dL/d(output), as a layer's backward(dout) takes it (VALUE as any
variable's: a number, an array, @FILE). `--jacobian` adds each array gate's local Jacobian.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

UPSTREAM_HELP = ("A given upstream gradient dL/d(output), of the output's shape (e.g. \"[4, -1, 5, 9]\", or @FILE): "
                 "backprop starts from it instead of dL/dL = 1, as a layer's backward(dout) does. A program file "
                 "can give it as a line `upstream = [...]`.")
JACOBIAN_HELP = ("Show each array gate's local Jacobian in full (up to 64 x 64 = 4096 entries; past that its size "
                 "and sparsity) and the downstream gradient as upstream times Jacobian.")


def upstream_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--upstream", "upstream_text", metavar="VALUE", default=None, help=UPSTREAM_HELP)(command)


def jacobian_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--jacobian", is_flag=True, help=JACOBIAN_HELP)(command)


def parse_upstream(text: str | None) -> Any:
    """The option's value parsed like a variable's (None when not given)."""
    if text is None:
        return None
    from bpcalc.language.values import parse_value

    return parse_value(text, "upstream")
