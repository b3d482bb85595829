"""Reading a user's text file, with every way it can fail turned into one clear UsageError."""

from __future__ import annotations

from pathlib import Path

from bpcalc.errors import UsageError


def read_text(path: Path, kind: str, hint: str | None = None) -> str:
    """The file's UTF-8 text; `kind` names what was expected ("program file", "TOML file")."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}", hint=hint) from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a {kind}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
