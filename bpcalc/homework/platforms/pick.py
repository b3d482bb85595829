"""Finding the answer file in an autograder's submission folder, whatever the student uploaded.

Gradescope hands over the uploaded files as they are: an `answers.toml` beside a PDF of the
working, a zip of a folder, a repository's tree. The answer file is the one `.toml` file found
(in the folder, its subfolders, or a zip), or, when there are several, the one named like the
template (`answers.toml`, `sheet.toml`, `submission.toml`). A PDF is noted and ignored. Only
regular files are opened (through the batch's safe reader); links and special files are noted
as refused; a zip's members are read in memory under limits (see zipped.py).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from bpcalc.errors import BpcalcError
from bpcalc.homework.batch import read_regular, read_regular_bytes
from bpcalc.homework.platforms.zipped import MAX_ZIP_BYTES, read_zip

ANSWER_NAMES = ("answers.toml", "sheet.toml", "submission.toml")  # preferred when several .toml files came
MAX_DEPTH = 4  # a zipped or cloned folder nests a level or two
MAX_ENTRIES = 2000


@dataclass
class Picked:
    """The answer file's name as shown (`work.zip:hw/answers.toml`) and text, or why none was found."""

    name: str = ""
    text: str | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class _Candidate:
    shown: str
    path: Path | None = None  # a file in the folder, read when picked
    text: str | None = None  # a zip member, already read


def pick_answer_file(folder: Path) -> Picked:
    """The one answer file of an uploaded submission, with notes on everything else found."""
    picked = Picked()
    if folder.is_symlink() or not folder.is_dir():
        picked.error = f"no submission folder at {folder}"
        return picked
    candidates = _collect(folder, picked.notes)
    if not candidates:
        picked.error = "no answer file (.toml) was uploaded" + (
            "; found: " + "; ".join(picked.notes) if picked.notes else "")
        return picked
    chosen = candidates[0] if len(candidates) == 1 else _by_name(candidates)
    if chosen is None:
        names = ", ".join(c.shown for c in candidates)
        picked.error = (f"{len(candidates)} answer files were uploaded ({names}); upload one, "
                        f"or name the one to grade {ANSWER_NAMES[0]}")
        return picked
    for other in candidates:
        if other is not chosen:
            picked.notes.append(f"ignored {other.shown}: graded {chosen.shown} instead")
    picked.name = chosen.shown
    if chosen.text is not None:
        picked.text = chosen.text
        return picked
    try:
        picked.text = read_regular(chosen.path) if chosen.path is not None else None
    except BpcalcError as error:
        picked.error = f"{chosen.shown}: {error.message}"
    except OSError as error:
        picked.error = f"{chosen.shown} cannot be read: {error.strerror}"
    return picked


def _by_name(candidates: list[_Candidate]) -> _Candidate | None:
    for wanted in ANSWER_NAMES:
        named = [c for c in candidates if c.shown.replace(":", "/").rsplit("/", 1)[-1].lower() == wanted]
        if len(named) == 1:
            return named[0]
        if named:
            return None
    return None


def _collect(folder: Path, notes: list[str]) -> list[_Candidate]:
    """Every .toml file in the folder tree and its zips, in name order; everything else noted."""
    found: list[_Candidate] = []
    stack: list[tuple[Path, str, int]] = [(folder, "", 0)]
    seen = 0
    while stack:
        here, prefix, depth = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name, reverse=True)
        except OSError as error:
            notes.append(f"cannot list {prefix or '.'}: {error.strerror}")
            continue
        files: list[tuple[str, Path, int]] = []
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                notes.append(f"more than {MAX_ENTRIES} files uploaded: the rest were not looked at")
                stack.clear()
                break
            if entry.name.startswith(".") or entry.name == "__MACOSX":
                continue
            shown = prefix + os.fsencode(entry.name).decode("utf-8", "backslashreplace")
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                if depth < MAX_DEPTH:
                    stack.append((Path(entry.path), shown + "/", depth + 1))
                else:
                    notes.append(f"ignored {shown}/: nested too deep")
            elif stat.S_ISLNK(mode):
                notes.append(f"refused {shown}: a symbolic link (only regular files are read)")
            elif not stat.S_ISREG(mode):
                notes.append(f"refused {shown}: not a regular file")
            else:
                files.append((shown, Path(entry.path), mode))
        for shown, path, _mode in reversed(files):
            found.extend(_file_candidates(shown, path, notes))
    return sorted(found, key=lambda c: c.shown)


def _file_candidates(shown: str, path: Path, notes: list[str]) -> list[_Candidate]:
    lower = shown.lower()
    if lower.endswith(".toml"):
        return [_Candidate(shown, path=path)]
    if lower.endswith(".pdf"):
        notes.append(f"ignored {shown}: a PDF, not read (only the .toml answer file is graded)")
        return []
    if lower.endswith(".zip"):
        try:
            data = read_regular_bytes(path, MAX_ZIP_BYTES, "a zip")
        except BpcalcError as error:
            notes.append(f"refused {shown}: {error.message}")
            return []
        except OSError as error:
            notes.append(f"refused {shown}: cannot be read ({error.strerror})")
            return []
        contents = read_zip(data, shown)
        if contents.error is not None:
            notes.append(f"refused {contents.error}")
        notes.extend(contents.notes)
        return [_Candidate(f"{shown}:{m.name}", text=m.text) for m in contents.answers]
    notes.append(f"ignored {shown}: not an answer file")
    return []
