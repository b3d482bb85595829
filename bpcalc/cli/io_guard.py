"""The process's edges, handled once for every command: standard streams that are closed, full
or not UTF-8, and Ctrl-C.

Each command only writes; this module makes sure a write that fails is an error (one line on
stderr, exit 2) instead of a traceback or, worse, silence with exit 0; that a terminal which
cannot show Unicode gets ASCII stand-ins (`-` for `─`, `*` for `×`) instead of a
UnicodeEncodeError; and that Ctrl-C ends any command with one line and exit 130, the shell's
code for an interrupt (click's own "Aborted!" exits 1, which here means a check failed).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from typing import Any, NoReturn

from bpcalc.base.ascii_text import ASCII_CODEC, ASCII_ERRORS, needs_stand_ins

EXIT_OUTPUT_FAILED = 2  # the project has four exit codes: 0, 1 (a check failed), 2 (usage, input or output), 130
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C

# Errors of a write that cannot succeed however often it is retried: no space, a closed or
# invalid descriptor, an I/O error, a file too large for its filesystem or quota.
_OUTPUT_ERRNOS = frozenset(getattr(errno, name) for name in ("ENOSPC", "EBADF", "EIO", "EFBIG", "EDQUOT", "EROFS")
                           if hasattr(errno, name))

class Interrupted(BaseException):
    """Ctrl-C that no command handled: the KeyboardInterrupt, re-raised by the command group as
    this, since click turns a KeyboardInterrupt into "Aborted!" and exit 1 (a failed check here)."""


def run_guarded(command: Any, prog_name: str) -> NoReturn:
    """Run a click command (in standalone mode) with the process's edges handled."""
    _install_interrupt_handler()
    _guard_streams()
    try:
        try:
            command.main(prog_name=prog_name)
            code: Any = 0
        except SystemExit as done:
            code = done.code
        _flush_stdout()
    except (Interrupted, KeyboardInterrupt):
        _say("interrupted")
        code = EXIT_INTERRUPTED
    except OSError as error:
        if error.errno not in _OUTPUT_ERRNOS:
            raise
        code = _output_failed(error)
    sys.exit(code)


def _flush_stdout() -> None:
    stream = sys.stdout
    if stream is not None:
        stream.flush()


def _output_failed(error: OSError) -> int:
    reason = "standard output is closed" if error.errno == errno.EBADF else (error.strerror or str(error))
    _say(f"error: the output could not be written ({reason})")
    _silence_stdout()
    return EXIT_OUTPUT_FAILED


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # stderr is gone too: the exit code is all that is left


def _silence_stdout() -> None:
    """After a failed write, point stdout at /dev/null, so the interpreter's last flush of what
    is still buffered does not fail again ("Exception ignored ... BrokenPipe" and exit 120)."""
    try:
        if sys.stdout.fileno() == 1:  # only the process's own stdout (not a stand-in of a caller's)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.close(null)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both OSError and ValueError
        pass
    if isinstance(sys.stdout, ClosedStream):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def _install_interrupt_handler() -> None:
    if hasattr(signal, "SIGPIPE"):
        # `bpcalc eval ... | head -1`: end the way cat and grep do when the reader stops reading
        # (killed by SIGPIPE, status 141), not with exit code 1, which here means a check failed.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    if signal.getsignal(signal.SIGINT) is signal.SIG_DFL:  # Python's own handler, not `bpcalc ... &`'s SIG_IGN
        signal.signal(signal.SIGINT, signal.default_int_handler)


class ClosedStream(io.TextIOBase):
    """Stands in for a standard stream whose descriptor was closed (`bpcalc ... >&-`), which
    Python represents as None: any write fails with EBADF, so a command that prints reports the
    failure and one that prints nothing (graph --output) still succeeds."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise OSError(errno.EBADF, f"{self.name} is closed")

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False


def _guard_streams() -> None:
    if sys.stdout is None:
        _occupy(1)
        sys.stdout = ClosedStream("standard output")
    if sys.stderr is None:
        _occupy(2)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - nothing can be reported anyway
    for stream in (sys.stdout, sys.stderr):
        fall_back_to_ascii(stream)


def _occupy(fd: int) -> None:
    """Put /dev/null on a closed standard descriptor, so the next file bpcalc opens (an SVG it
    writes) does not become fd 1 and receive what was meant for stdout."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    except OSError:
        pass


def fall_back_to_ascii(stream: Any) -> None:
    """On a stream whose encoding cannot show our box-drawing and math characters (ascii, a C
    locale without UTF-8, latin-1), write ASCII stand-ins for the characters it lacks.

    An ASCII stream gets our own codec, ASCII with stand-ins, rather than just an error handler:
    click takes an "ascii" stream for a misconfigured one and writes UTF-8 to it regardless.
    """
    if not hasattr(stream, "reconfigure") or not needs_stand_ins(stream):
        return
    import codecs

    if codecs.lookup(stream.encoding).name == "ascii":
        stream.reconfigure(encoding=ASCII_CODEC)
    else:
        stream.reconfigure(errors=ASCII_ERRORS)
