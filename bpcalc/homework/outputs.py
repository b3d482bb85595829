"""Writing grading outputs so that nothing is half-written, overwritten by mistake, or stale.

Every file is written to a temporary file in the same folder and renamed over the target
(`os.replace`), so a run killed at any moment leaves either the old file or the whole new one.
A reports folder is built whole beside its target and swapped in, so reports from an earlier
run are never mixed with new ones; a folder bpcalc did not make is never replaced. No output
may land on an input: the problem set, the submissions, or a folder holding either.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bpcalc.errors import UsageError

MARKER = ".bpcalc-reports"  # says a folder holds reports bpcalc wrote (so it may be replaced)


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` through a temporary file in the same folder, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """`write_atomic` for bytes (a picture)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_folder(folder: Path, files: dict[str, str]) -> None:
    """Replace `folder` with exactly these files (name -> text), all at once."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError(f"--reports {folder}: not a folder", hint="give a folder for the reports")
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise UsageError(f"--reports {folder} holds files bpcalc did not write",
                         hint="give a new or empty folder; bpcalc replaces only a reports folder it made")
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name[:40]}.", suffix=".new", dir=folder.parent))
    try:
        for name, text in files.items():
            (building / name).write_text(text, encoding="utf-8")
        (building / MARKER).write_text("reports written by bpcalc grade; this folder is replaced on each run\n",
                                       encoding="utf-8")
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name[:40]}.", suffix=".old", dir=folder.parent))
            os.rmdir(old)
            os.rename(folder, old)
            os.rename(building, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_outputs(problems: Path, submissions: Path, files: list[tuple[str, Path]], reports: Path | None) -> None:
    """Refuse any output that would land on an input (or make the next run grade its own reports)."""
    inputs = [problems.resolve(), submissions.resolve()]
    for option, path in files:
        target = path.resolve()
        if target == inputs[0]:
            raise UsageError(f"{option} {path} is the problem set", hint="write the output to a new file")
        if _inside(target, inputs[1]):
            raise UsageError(f"{option} {path} is inside the submissions ({submissions})",
                             hint="write outputs outside the folder being graded")
    if reports is not None:
        folder = reports.resolve()
        if _inside(folder, inputs[1]) or _inside(inputs[1], folder):
            raise UsageError(f"--reports {reports} is, holds or is inside the submissions ({submissions})",
                             hint="write the reports to a folder of their own, outside the submissions")
        if _inside(inputs[0], folder):
            raise UsageError(f"--reports {reports} holds the problem set", hint="write the reports to a folder of their own")
        for option, path in files:
            if _inside(path.resolve(), folder):
                raise UsageError(f"{option} {path} is inside --reports {reports}, which is replaced whole",
                                 hint="write it beside the reports folder")
