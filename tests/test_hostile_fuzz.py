"""A short run of the hostile fuzz targets (fuzz/hostile_targets.py): value files and output
that fails part-way. The longer run is `python fuzz/run.py`."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.hostile_targets import COMMANDS, fuzz_failing_output, fuzz_value_file, value_files

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(value_files())
def test_any_value_file_is_a_finite_value_or_a_value_error(file: tuple[str, bytes]) -> None:
    fuzz_value_file(*file)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDS), st.integers(min_value=0, max_value=3000))
def test_output_failing_part_way_is_exit_3_never_a_traceback(args: list[str], room: int) -> None:
    fuzz_failing_output(args, room)
