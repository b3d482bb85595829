"""graph --format tree labels only the nodes it draws: a 3,000-node chain cut at depth 64 makes
about 64 labels, not 3,000 (labelling every node made the tree the slowest command per node)."""

from __future__ import annotations

from bpcalc.api import evaluate
from bpcalc.render import tree


def _chain(n: int) -> str:
    return "; ".join(["h0 = tanh(0.5 * x + 0.1)"] + [f"h{i} = tanh(0.5 * h{i - 1} + 0.1)" for i in range(1, n)])


def test_a_deep_chain_labels_only_the_nodes_above_the_cut(monkeypatch) -> None:
    made: list[int] = []
    real = tree.label_at

    def counting(result, index, precision=4):
        made.append(index)
        return real(result, index, precision)

    monkeypatch.setattr(tree, "label_at", counting)
    result = evaluate(_chain(1000), {"x": 0.3}, check=False)
    tree.build_tree(result, max_depth=64)
    assert len(made) == len(set(made)) <= 2 * 64 + 2


def test_a_node_used_twice_is_labelled_once_and_referenced() -> None:
    from io import StringIO

    from rich.console import Console

    result = evaluate("q = x + y; f = q * z + q", {"x": -2, "y": 5, "z": -4}, check=False)
    console = Console(file=StringIO(), width=100)
    console.print(tree.build_tree(result))
    text = console.file.getvalue()
    assert text.count("q = x + y") == 1 and "↑ see q  (value 3, grad -3" in text
