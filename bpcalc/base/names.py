"""The name of a variable node, typed as what it is.

A graph keeps one name slot per node (`Graph.names: list[str | None]`): only leaves the user
named have one, and every variable node does. Callers that index the input values by a
variable's name say so through this helper, which the type checker can follow.
"""

from __future__ import annotations

from collections.abc import Sequence


def variable_name(names: Sequence[str | None], index: int) -> str:
    """names[index] for a variable node; ValueError if that node has no name (not a variable)."""
    name = names[index]
    if name is None:
        raise ValueError(f"node {index} has no name: it is not a variable")
    return name
