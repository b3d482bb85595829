"""Vector and matrix rows: not elementwise, so each gives a vector-Jacobian product.

The rows live by kind (linear_algebra, reductions, indexing, losses; the statistics rows
in statistics.py); this is their registry order. The conventions they share are described
in array_helpers.py."""

from __future__ import annotations

from bpcalc.ops.indexing import index_rows
from bpcalc.ops.linear_algebra import linear_algebra_rows
from bpcalc.ops.losses import loss_rows
from bpcalc.ops.op import Op
from bpcalc.ops.reductions import reduction_rows
from bpcalc.ops.shaping import shaping_rows
from bpcalc.ops.stacking import stacking_rows


def array_rows() -> list[Op]:
    return linear_algebra_rows() + reduction_rows() + index_rows() + loss_rows() + shaping_rows() + stacking_rows()
