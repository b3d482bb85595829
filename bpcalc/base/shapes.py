"""What every layer asks of a value: is it an array (numpy) or a plain number."""

from __future__ import annotations

from typing import Any


def is_array(value: Any) -> bool:
    return not isinstance(value, float | int)
