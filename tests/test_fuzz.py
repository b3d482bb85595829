"""A short fuzz run of the parser and the whole eval pipeline, as part of the suite (issue 8).

Whatever text arrives, bpcalc answers or raises a BpcalcError (which the CLI turns into exit
code 2): never another exception, never a hang. The longer run is `python fuzz/run.py`
(see fuzz/README.md); the same targets live in fuzz/targets.py.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import ALPHABET, fuzz_cli, fuzz_pipeline, programs_text

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_text_from_the_language_alphabet_is_answered_or_refused(text: str) -> None:
    fuzz_pipeline(text)


@FAST
@given(st.text(max_size=30))
def test_random_unicode_is_answered_or_refused(text: str) -> None:
    fuzz_pipeline(text)


@FAST
@given(programs_text())
def test_near_valid_programs_are_answered_or_refused(text: str) -> None:
    fuzz_pipeline(text)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=40))
def test_random_bytes_through_the_cli_exit_0_1_or_2(data: bytes) -> None:
    fuzz_cli(data)
