"""Where every node of a picture goes: a left-to-right layered layout of the nodes' labels
(render/labels.py).

Every picture (SVG, PNG, HTML) draws the same `Scene`, so they cannot disagree. The layout is a
small Sugiyama-style one of our own, all plain loops:
  1. layers: each gate one column right of its latest input; inputs in column 0 as lectures
     draw them, unless first used far to the right (a deep net's weights), then, like constants,
     just left of their first user;
  2. long wires get invisible waypoints in the columns they cross, so they can be routed;
  3. a few barycenter sweeps order each column to cut crossings;
  4. each item is placed near the mean height of its neighbours, never overlapping.
When Graphviz `dot` is on PATH, `engine="dot"` (or "auto") asks it for the node positions instead
(render/layout_dot.py).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from bpcalc.ops import VARIABLE
from bpcalc.render.labels import PRECISION, NodeLabel, node_labels, program_title

if TYPE_CHECKING:
    from bpcalc.api import Result

CHAR_WIDTH = 7.2  # estimated px per character at the 12px label font
RADIUS = 20.0  # a gate's circle
LEAF_HEIGHT = 28.0
ROW_GAP = 34.0  # vertical space between neighbours in a column
COLUMN_GAP = 46.0
MARGIN = 24.0
WAYPOINT_BUDGET = 4  # at most this many waypoints per node in all (keeps huge graphs linear)
LONGEST_ROUTED = 12  # wires crossing more columns than this are drawn as one curve
SWEEPS = 4
NEAR_LEFT = 2  # an input first used within this many columns is drawn at the far left, else just before its use


@dataclass
class Item:
    """A node or a waypoint in the layout; x, y is its centre, w, h its full extent."""

    node: int  # node index, or -1 for a waypoint
    layer: int
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0


@dataclass
class Wire:
    """An edge from `source`'s outgoing wire to `target`, through waypoints."""

    source: int
    target: int
    slot: int  # which input of target it is (0-based)
    points: list[tuple[float, float]] = field(default_factory=list)
    downstream: str = ""  # the gradient this wire carries back, e.g. "-4"


@dataclass
class Scene:
    nodes: list[NodeLabel]
    boxes: dict[int, Item]  # node index -> its placed item
    wires: list[Wire]
    width: float
    height: float
    title: str
    engine: str  # "builtin" or "dot"

    def shape_width(self, index: int) -> float:
        return shape_size(self.nodes[index])[0]


def text_width(text: str, size: float = 12.0) -> float:
    return len(text) * CHAR_WIDTH * size / 12.0


def shape_size(node: NodeLabel) -> tuple[float, float]:
    """The drawn shape: a circle for a gate, a rounded box for an input or constant."""
    if node.leaf:
        return max(36.0, text_width(node.symbol, 13) + 16.0), LEAF_HEIGHT
    radius = max(RADIUS, text_width(node.symbol, 14) / 2 + 6.0)
    return 2 * radius, 2 * radius


def wire_length(node: NodeLabel) -> float:
    """The outgoing wire stub, long enough for the value above it and the gradient below it."""
    return max(40.0, text_width(node.value), text_width(node.grad)) + 14.0


def item_size(node: NodeLabel) -> tuple[float, float]:
    w, h = shape_size(node)
    top = 16.0 if node.named or not node.leaf else 0.0  # the name above the shape
    bottom = 14.0 if node.shape or node.kink else 0.0
    return w + wire_length(node), max(h + top + bottom, 44.0)


def layout(result: Result, precision: int = PRECISION, engine: str = "auto") -> Scene:
    """The scene of a result. engine: "builtin", "dot" (needs Graphviz) or "auto"."""
    labels = node_labels(result, precision)
    title = program_title(result.trace.graph.source)
    use_dot = engine == "dot" or (engine == "auto" and dot_available())
    if use_dot:
        placed = _dot_positions(labels)
        if placed is not None:
            return _finish(labels, placed, {}, title, "dot")
        if engine == "dot":
            raise RuntimeError("Graphviz 'dot' is not on PATH")
    items, waypoints = _builtin_positions(labels)
    return _finish(labels, items, waypoints, title, "builtin")


def dot_available() -> bool:
    return shutil.which("dot") is not None


def _dot_positions(labels: list[NodeLabel]) -> dict[int, Item] | None:
    """Graphviz's node centres as placed items (render/layout_dot.py), or None when dot fails."""
    from bpcalc.render.layout_dot import dot_centres

    sizes = [item_size(node) for node in labels]
    centres = dot_centres(labels, sizes, MARGIN)
    if centres is None:
        return None
    return {index: Item(index, 0, *sizes[index], x, y) for index, (x, y) in centres.items()}


def _layers(labels: list[NodeLabel]) -> list[int]:
    n = len(labels)
    layer = [0] * n
    for node in labels:
        if node.inputs:
            layer[node.index] = 1 + max(layer[a] for a in node.inputs)
    first_use = [n + 1] * n
    for node in labels:
        for a in node.inputs:
            first_use[a] = min(first_use[a], layer[node.index])
    for node in labels:
        use = first_use[node.index]
        if use > n:
            continue
        if node.op == VARIABLE and use > NEAR_LEFT:
            layer[node.index] = max(0, use - 1)
    return layer


def _builtin_positions(labels: list[NodeLabel]) -> tuple[dict[int, Item], dict[tuple[int, int, int], list[Item]]]:
    layer = _layers(labels)
    depth = max(layer, default=0) + 1
    columns: list[list[Item]] = [[] for _ in range(depth)]
    items: dict[int, Item] = {}
    for node in labels:
        w, h = item_size(node)
        item = Item(node.index, layer[node.index], w, h)
        items[node.index] = item
        columns[item.layer].append(item)
    # Waypoints for wires that cross columns, within a budget so huge fan-outs stay linear.
    waypoints: dict[tuple[int, int, int], list[Item]] = {}
    budget = WAYPOINT_BUDGET * max(1, len(labels))
    left: dict[int, list[Item]] = {}  # item id -> the items feeding it from the previous column
    for node in labels:
        for slot, a in enumerate(node.inputs):
            span = layer[node.index] - layer[a]
            chain = [items[a]]
            if 1 < span <= min(budget, LONGEST_ROUTED):
                budget -= span - 1
                hops = [Item(-1, layer[a] + k, 0.0, 14.0) for k in range(1, span)]
                for hop in hops:
                    columns[hop.layer].append(hop)
                waypoints[(a, node.index, slot)] = hops
                chain.extend(hops)
            chain.append(items[node.index])
            for before, after in pairwise(chain):
                left.setdefault(id(after), []).append(before)
    right: dict[int, list[Item]] = {}
    for column in columns:
        for item in column:
            for before in left.get(id(item), []):
                right.setdefault(id(before), []).append(item)
    _order(columns, left, right)
    _place(columns, left, right)
    return items, waypoints


def _order(columns: list[list[Item]], left: dict[int, list[Item]], right: dict[int, list[Item]]) -> None:
    """Barycenter sweeps: sort each column by the mean rank of its neighbours."""
    rank: dict[int, float] = {}
    for column in columns:
        for k, item in enumerate(column):
            rank[id(item)] = float(k)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        order = range(1, len(columns)) if forward else range(len(columns) - 2, -1, -1)
        side = left if forward else right
        for c in order:
            column = columns[c]
            keys: list[tuple[float, float]] = []
            for item in column:
                near = side.get(id(item), [])
                mean = sum(rank[id(o)] for o in near) / len(near) if near else rank[id(item)]
                keys.append((mean, rank[id(item)]))
            ranked = sorted(range(len(column)), key=lambda k: keys[k])
            columns[c] = [column[k] for k in ranked]
            for k, item in enumerate(columns[c]):
                rank[id(item)] = float(k)


def _place(columns: list[list[Item]], left: dict[int, list[Item]], right: dict[int, list[Item]]) -> None:
    """Columns left to right; in each, items near their neighbours' mean height, not overlapping."""
    x = MARGIN
    for column in columns:
        width = max((item.w for item in column), default=0.0)
        for item in column:
            item.x = x + item.w / 2 if item.node >= 0 else x + width / 2
        x += width + COLUMN_GAP
    for column in columns:  # first pass: stacked
        y = MARGIN
        for item in column:
            item.y = y + item.h / 2
            y += item.h + ROW_GAP
    for sweep in range(SWEEPS):
        side = left if sweep % 2 == 0 else right
        order = columns if sweep % 2 == 0 else columns[::-1]
        for column in order:
            wanted = []
            for item in column:
                near = side.get(id(item), [])
                wanted.append(sum(o.y for o in near) / len(near) if near else item.y)
            _pack(column, wanted)
    top = min((item.y - item.h / 2 for column in columns for item in column), default=MARGIN)
    for column in columns:
        for item in column:
            item.y += MARGIN - top


def _pack(column: list[Item], wanted: list[float]) -> None:
    """Put items at their wanted heights, in order, pushed apart just enough, centred as a group."""
    if not column:
        return
    ys: list[float] = []
    for k, item in enumerate(column):
        y = wanted[k]
        if k:
            y = max(y, ys[-1] + column[k - 1].h / 2 + ROW_GAP + item.h / 2)
        ys.append(y)
    shift = (sum(wanted) - sum(ys)) / len(ys)
    for item, y in zip(column, ys):
        item.y = y + shift


def _finish(labels: list[NodeLabel], items: dict[int, Item], waypoints: dict[tuple[int, int, int], list[Item]],
            title: str, engine: str) -> Scene:
    wires: list[Wire] = []
    for node in labels:
        target = items[node.index]
        radius = shape_size(node)[0] / 2
        count = len(node.inputs)
        # Entry points top to bottom in the order the wires arrive, so they do not cross at the gate.
        arrival = [_arrival_y(items[a], waypoints.get((a, node.index, slot), [])) for slot, a in enumerate(node.inputs)]
        ranked = sorted(range(count), key=lambda k: (arrival[k], k))
        entry = {slot: rank for rank, slot in enumerate(ranked)}
        for slot, a in enumerate(node.inputs):
            source = items[a]
            start = (source.x + source.w / 2 - 4.0, source.y)
            dy = _entry_dy(radius, entry[slot], count)
            end = (target.x - target.w / 2 + radius - (max(radius * radius - dy * dy, 0.0)) ** 0.5, target.y + dy)
            middle = [(hop.x, hop.y) for hop in waypoints.get((a, node.index, slot), [])]
            wires.append(Wire(a, node.index, slot, [start, *middle, end], node.wires[slot]))
    right = max((it.x + it.w / 2 for it in items.values()), default=0.0) + MARGIN
    bottom = max((it.y + it.h / 2 for it in items.values()), default=0.0) + MARGIN
    return Scene(labels, items, wires, right, bottom, title, engine)


def _arrival_y(source: Item, hops: list[Item]) -> float:
    return hops[-1].y if hops else source.y


def _entry_dy(radius: float, slot: int, count: int) -> float:
    """Inputs meet a circle spread over its left side, top to bottom."""
    if count <= 1:
        return 0.0
    spread = radius * 0.8
    return -spread + 2 * spread * slot / (count - 1)


def wire_middle(wire: Wire) -> tuple[float, float]:
    """The middle of a wire as it is drawn (each piece a cubic leaving and entering
    horizontally, whose midpoint is the midpoint of its ends): where its label goes."""
    points = wire.points
    k = (len(points) - 1) // 2
    (x0, y0), (x1, y1) = points[k], points[k + 1]
    return (x0 + x1) / 2, (y0 + y1) / 2


def shape_centre(scene: Scene, index: int) -> tuple[float, float]:
    """The centre of a node's drawn shape (the item also holds its outgoing wire)."""
    item = scene.boxes[index]
    w = scene.shape_width(index)
    return item.x - item.w / 2 + w / 2, item.y
