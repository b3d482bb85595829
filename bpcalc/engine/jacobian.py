"""The local Jacobian of each array gate, for `--jacobian` only: the lecture's picture.

Backprop never builds a Jacobian: each gate's rule gives the vector-Jacobian product directly
(engine.array_pass). To *show* one, the gate's own rule is asked for it, one output entry at a
time: pushing the basis vector e_j back through the VJP (array_pass.gate_downstream, the rule
the backward pass used) gives row j of d(output)/d(input). No per-operation table lives here.
Only small Jacobians are formed (at most JACOBIAN_ENTRIES entries, 64 x 64); past that the
size is stated and, where it is cheap, the number of nonzero entries, counted row by row
without keeping the matrix (an elementwise gate's from its local partials alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bpcalc.engine import Trace
from bpcalc.ops import CONSTANT, REGISTRY, np

JACOBIAN_ENTRIES = 64 * 64  # the largest Jacobian formed: output entries x input entries
COUNT_BUDGET = 4_000_000  # past the limit, nonzeros are counted by basis pushes only within this much work

DIAGONAL, ELEMENTWISE, GENERAL = "diagonal", "elementwise", "general"


@dataclass(frozen=True)
class GateJacobian:
    """d(gate output)/d(one input) at the trace's values, as an (output size) x (input size)
    matrix over the entries in row-major order; `matrix` None past the limit."""

    gate: int  # the gate's node index
    input: int  # the input's node index
    position: int  # which argument of the gate
    output_shape: tuple[int, ...]
    input_shape: tuple[int, ...]
    structure: str  # DIAGONAL (elementwise, same shape), ELEMENTWISE (broadcast input), GENERAL
    matrix: Any  # numpy (rows x columns) or None when not formed
    nonzero: int | None  # nonzero entries; None when not counted
    upstream: Any  # dL/d(gate output), flattened
    downstream: Any  # upstream · J reshaped to the input's shape; None when not formed

    @property
    def rows(self) -> int:
        return int(np.prod(self.output_shape, dtype=np.int64))

    @property
    def columns(self) -> int:
        return int(np.prod(self.input_shape, dtype=np.int64))

    @property
    def entries(self) -> int:
        return self.rows * self.columns

    @property
    def formed(self) -> bool:
        return self.matrix is not None


def gate_jacobians(trace: Trace, limit: int = JACOBIAN_ENTRIES) -> list[GateJacobian]:
    """One GateJacobian per (array gate, input that is no constant and no static argument),
    from the output back to the inputs (the order of the backward pass)."""
    if not trace.arrays:
        return []
    from bpcalc.engine.array_pass import static_only

    graph = trace.graph
    static = set(static_only(graph))
    live = graph.reaches_output()
    found: list[GateJacobian] = []
    with np.errstate(all="ignore"):
        for i in range(graph.output, -1, -1):
            inputs = graph.args[i]
            if not inputs or not live[i] or graph.ops[i] == CONSTANT:
                continue
            op = REGISTRY[graph.ops[i]]
            positions = [k for k, a in enumerate(inputs)
                         if graph.ops[a] != CONSTANT and a not in static and not op.is_static(k)]
            shapes = [_shape(trace.values[a]) for a in inputs]
            out_shape = _shape(trace.values[i])
            if not positions or (not out_shape and not any(shapes[k] for k in positions)):
                continue  # a gate of numbers only: its Jacobian is its local gradient
            found.extend(_gate(trace, i, positions, limit))
    return found


def _shape(value: Any) -> tuple[int, ...]:
    return tuple(getattr(value, "shape", ()))


def _gate(trace: Trace, i: int, positions: list[int], limit: int) -> list[GateJacobian]:
    graph = trace.graph
    op = REGISTRY[graph.ops[i]]
    inputs = graph.args[i]
    out = trace.values[i]
    xs = [trace.values[a] for a in inputs]
    out_shape = _shape(out)
    rows = int(np.prod(out_shape, dtype=np.int64))
    sizes = {k: int(np.prod(_shape(xs[k]), dtype=np.int64)) for k in positions}
    small = [k for k in positions if rows * sizes[k] <= limit]
    upstream = np.asarray(trace.grads[i], dtype=float).reshape(-1)
    matrices: dict[int, Any] = {}
    if small:
        matrices = _by_basis(op, out, xs, small, sizes, rows, out_shape, keep=True)
    nonzero: dict[int, int | None] = {k: int(np.count_nonzero(m)) for k, m in matrices.items()}
    large = [k for k in positions if k not in matrices]
    if large and op.vjp is None:
        nonzero.update(_elementwise_nonzero(op, out, xs, large, out_shape))
    elif large and rows * (rows + sum(sizes[k] for k in large)) <= COUNT_BUDGET:
        nonzero.update(_by_basis(op, out, xs, large, sizes, rows, out_shape, keep=False))
    result = []
    for k in positions:
        shape = _shape(xs[k])
        structure = GENERAL if op.vjp is not None else (DIAGONAL if shape == out_shape else ELEMENTWISE)
        matrix = matrices.get(k)
        downstream = None if matrix is None else (upstream @ matrix).reshape(shape)
        if downstream is not None and not shape:
            downstream = float(downstream)
        result.append(GateJacobian(i, inputs[k], k, out_shape, shape, structure, matrix, nonzero.get(k), upstream,
                                   downstream))
    return result


def _by_basis(op: Any, out: Any, xs: list[Any], positions: list[int], sizes: dict[int, int], rows: int,
              out_shape: tuple[int, ...], keep: bool) -> dict[int, Any]:
    """Row j of each Jacobian is the gate's VJP of the basis vector e_j (keep=True: the
    matrices; keep=False: only their nonzero counts, one row at a time)."""
    from bpcalc.engine.array_pass import gate_downstream

    matrices = {k: np.zeros((rows, sizes[k])) for k in positions} if keep else {}
    counts = dict.fromkeys(positions, 0)
    basis = np.zeros(rows)
    for j in range(rows):
        basis[j] = 1.0
        g: Any = basis.reshape(out_shape).copy() if out_shape else 1.0  # a copy: a rule may keep its upstream
        sent = gate_downstream(op, g, out, xs)
        basis[j] = 0.0
        for k in positions:
            row = np.zeros(sizes[k]) if sent[k] is None else np.asarray(sent[k], dtype=float).reshape(-1)
            if keep:
                matrices[k][j] = row
            else:
                counts[k] += int(np.count_nonzero(row))
    return matrices if keep else counts


def _elementwise_nonzero(op: Any, out: Any, xs: list[Any], positions: list[int],
                         out_shape: tuple[int, ...]) -> dict[int, int | None]:
    """An elementwise gate's Jacobian has one entry per output entry (on the diagonal, or in
    the column of the broadcast input entry it read): its local partial there."""
    rule = op.local_array if op.local_array is not None else op.local
    parts = rule(out, *xs)
    return {k: int(np.count_nonzero(np.broadcast_to(np.asarray(parts[k], dtype=float), out_shape)))
            for k in positions}
