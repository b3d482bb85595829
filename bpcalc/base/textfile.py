"""Reading a user's text file, with every way it can fail turned into one clear UsageError.

At most `limit` characters are read (plus one, to know there were more), so /dev/zero, a FIFO
that never ends or a 2 GB file is refused after reading the limit, not after reading it all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bpcalc.errors import UsageError

MAX_TEXT_FILE_CHARS = 64 * 2**20  # any text file bpcalc reads (a problem set, a worksheet)


def read_text(path: Path, kind: str, hint: str | None = None, limit: int = MAX_TEXT_FILE_CHARS,
              too_long_hint: str | None = None) -> str:
    """The file's UTF-8 text; `kind` names what was expected ("program file", "TOML file")."""
    try:
        with open(path, encoding="utf-8") as file:
            return read_limited(file, f"{path}", limit, too_long_hint)
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}", hint=hint) from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a {kind}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None


def read_limited(stream: TextIO, name: str, limit: int, too_long_hint: str | None = None) -> str:
    """At most `limit` characters of a stream; more is a UsageError that says the limit (and, in
    `too_long_hint`, how to raise it, where it can be raised)."""
    text = stream.read(limit + 1)
    if len(text) > limit:
        raise UsageError(f"{name} is more than {limit:,} characters long; bpcalc reads at most {limit:,}",
                         hint=too_long_hint or "give a shorter program (or check that the path is the file you meant)")
    return text
