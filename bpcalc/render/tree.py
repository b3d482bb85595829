"""The graph as a Rich tree in the terminal: the output at the root, each node's inputs below it.

A node used in several places (a copy gate) is drawn in full once, where it first appears, and
then only referenced ("↑ see q"), so the tree stays the size of the graph. Built with an
explicit stack (no recursion); very deep graphs are cut at `max_depth` with a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bpcalc.render.labels import NodeLabel, label_at

if TYPE_CHECKING:
    from rich.console import Console

    from bpcalc.api import Result

MAX_DEPTH = 64


def build_tree(result: Result, precision: int = 6, max_depth: int = MAX_DEPTH) -> Any:
    """A rich.tree.Tree of the result (rich is imported here, only when a tree is wanted)."""
    from rich.text import Text
    from rich.tree import Tree

    labels: dict[int, NodeLabel] = {}  # only the nodes the tree reaches get a label (it stops at max_depth)

    def label(index: int) -> NodeLabel:
        node = labels.get(index)
        if node is None:
            node = labels[index] = label_at(result, index, precision)
        return node

    out = label(result.trace.graph.output)
    root = Tree(_line(out, Text), guide_style="dim")
    seen = {out.index}
    cut = 0
    stack: list[tuple[int, Any, int]] = [(a, root, 1) for a in reversed(out.inputs)]
    while stack:
        index, parent, depth = stack.pop()
        node = label(index)
        if index in seen:
            ref = Text(f"↑ see {node.name}", style="dim")
            ref.append(f"  (value {node.value}, grad {node.grad}; its gradients add up: copy gate)", style="dim")
            parent.add(ref)
            continue
        seen.add(index)
        branch = parent.add(_line(node, Text))
        if node.inputs and depth >= max_depth:
            cut += 1
            branch.add(Text(f"… {len(node.inputs)} input(s) deeper than {max_depth} levels not drawn", style="dim"))
            continue
        stack.extend((a, branch, depth + 1) for a in reversed(node.inputs))
    if cut:
        root.add(Text(f"({cut} branch(es) cut at depth {max_depth}; bpcalc eval shows every node)", style="dim"))
    return root


def render_tree(result: Result, console: Console, precision: int = 6) -> None:
    """Print the tree, then a one-line key to its colours."""
    console.print(build_tree(result, precision))
    from bpcalc.teach.catalogue import translate  # --lang, LANG

    console.print(translate("[green]value[/] is the forward value, [red]grad[/] is dL/dnode from the backward pass"))
    graph = result.trace.graph
    if result.trace.upstream is not None:  # a given dL/d(output) (--upstream)
        console.print(translate(f"the backward pass started from the given upstream gradient dL/d{graph.label(graph.output)}"),
                      markup=False)


def _line(node: NodeLabel, text_type: Any) -> Any:
    line = text_type()
    line.append(node.name, style="bold")
    if node.leaf:
        line.append(f"  {node.gate}", style="dim")
    else:
        line.append(f" = {node.expression}", style="")
        line.append(f"  {node.gate}", style="dim")
    if node.shape:
        line.append(f"  [{node.shape}]", style="cyan")
    line.append("  value ", style="")
    line.append(node.value, style="green")
    line.append("  grad ", style="")
    line.append(node.grad, style="red")
    if node.kink:
        line.append("  kink", style="yellow")
    return line
