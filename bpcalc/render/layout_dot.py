"""Node centres from Graphviz (`dot -Tplain`), for `--layout dot` (or "auto" where dot is
installed). Its own module: only a layout that asks dot starts a process (and imports subprocess)."""

from __future__ import annotations

import subprocess

from bpcalc.render.labels import NodeLabel


def dot_centres(labels: list[NodeLabel], sizes: list[tuple[float, float]],
                margin: float) -> dict[int, tuple[float, float]] | None:
    """label index -> its centre, each node as large as `sizes` says (px), or None when dot fails
    or leaves a node out."""
    lines = ["digraph G {", "rankdir=LR; nodesep=0.4; ranksep=0.5;", "node [shape=box fixedsize=true label=\"\"];"]
    for node, (w, h) in zip(labels, sizes):
        lines.append(f"{node.id} [width={w / 72:.3f} height={h / 72:.3f}];")
    for node in labels:
        for a in node.inputs:
            lines.append(f"{labels[a].id} -> {node.id};")
    lines.append("}")
    try:
        done = subprocess.run(["dot", "-Tplain"], input="\n".join(lines), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return _read_plain(done.stdout, labels, margin)


def _read_plain(text: str, labels: list[NodeLabel], margin: float) -> dict[int, tuple[float, float]] | None:
    by_id = {node.id: node for node in labels}
    height = 0.0
    centres: dict[int, tuple[float, float]] = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] == "graph" and len(parts) >= 4:
            height = float(parts[3])
        elif parts and parts[0] == "node" and len(parts) >= 6 and parts[1] in by_id:
            node = by_id[parts[1]]
            centres[node.index] = (float(parts[2]) * 72 + margin, (height - float(parts[3])) * 72 + margin)
    return centres if len(centres) == len(labels) else None
