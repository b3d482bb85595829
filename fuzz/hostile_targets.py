"""Fuzz targets for the process's edges (issue 18): @FILE values and output that fails.

- `fuzz_value_file`: random bytes, or a random JSON document, as a .json, .npy, .csv or .txt
  value file: a finite float value or array, or a ValueInputError; nothing else.
- `fuzz_failing_output`: a command whose stdout fails after a random number of characters,
  run through the CLI's guard: exit 3 with one line on stderr, or (when the output fit) the
  command's own exit code; never a traceback.
"""

from __future__ import annotations

import errno
import io
import json
import math
import sys
from typing import Any

from hypothesis import strategies as st

from bpcalc.errors import ValueInputError

SUFFIXES = (".json", ".npy", ".csv", ".txt")
NPY_MAGIC = b"\x93NUMPY\x01\x00"


def json_documents() -> st.SearchStrategy[str]:
    """Nested lists and objects of numbers (huge, tiny, integral), strings and constants."""
    leaves = st.one_of(st.integers(min_value=-(10**500), max_value=10**500), st.floats(allow_nan=False),
                       st.booleans(), st.none(), st.text(max_size=5))
    tree = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["x", "W", "[", "{"]), inner, max_size=3), max_leaves=20)
    return tree.map(lambda value: json.dumps(value, allow_nan=True))


def value_files() -> st.SearchStrategy[tuple[str, bytes]]:
    raw = st.tuples(st.sampled_from(SUFFIXES), st.binary(max_size=200))
    npy = st.tuples(st.just(".npy"), st.binary(max_size=120).map(lambda tail: NPY_MAGIC + tail))
    documents = st.tuples(st.just(".json"), json_documents().map(str.encode))
    return st.one_of(raw, npy, documents)


def fuzz_value_file(suffix: str, data: bytes) -> None:
    import tempfile
    from pathlib import Path

    import numpy as np

    from bpcalc.language.values import parse_value

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"v{suffix}"
        path.write_bytes(data)
        try:
            value = parse_value(f"@{path}", "x")
        except ValueInputError as error:
            error.render()
            return
    if isinstance(value, float):
        assert math.isfinite(value)
    else:
        assert isinstance(value, np.ndarray) and value.dtype == float and value.size > 0
        assert bool(np.isfinite(value).all())


class FailingStdout(io.TextIOBase):
    """A stdout with room for `room` characters, then ENOSPC, as /dev/full gives."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, text: str) -> int:
        if len(text) > self.room:
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(text)
        return len(text)

    def isatty(self) -> bool:
        return False


COMMANDS = [
    ["eval", "tanh(x) * y", "--x=1", "--y=2"],
    ["eval", "tanh(x) * y", "--x=1", "--y=2", "--json"],
    ["explain", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4"],
    ["graph", "x * y", "--x=1", "--y=2", "--format", "tree"],
    ["ops"],
]


def fuzz_failing_output(args: list[str], room: int) -> None:
    import signal

    from bpcalc.cli import cli
    from bpcalc.cli.io_guard import EXIT_OUTPUT_FAILED, run_guarded

    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, getattr(signal, "SIGPIPE", None))
                if number is not None}  # run_guarded sets both for the process; this one is pytest's
    saved = sys.stdout, sys.stderr, sys.argv
    errors = io.StringIO()
    sys.stdout, sys.stderr, sys.argv = FailingStdout(room), errors, ["bpcalc", *args]  # type: ignore[assignment]
    code: Any = None
    try:
        run_guarded(cli, prog_name="bpcalc")
    except SystemExit as done:
        code = done.code
    finally:
        sys.stdout, sys.stderr, sys.argv = saved
        for number, handler in handlers.items():
            signal.signal(number, handler)
    message = errors.getvalue()
    assert "Traceback" not in message
    if code == EXIT_OUTPUT_FAILED:
        assert message.endswith("error: the output could not be written (No space left on device)\n"), message
    else:
        assert code in (0, None), (code, message)
