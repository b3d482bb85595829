"""Reading a submission's answer file out of a zip, safely and without extracting anything to disk.

A zip is hostile input: member names can climb out of a folder (`../../x`, zip-slip), a small
archive can inflate to gigabytes (a zip bomb), a member can be a symbolic link to the answer
key. So nothing is extracted: members are read into memory, each through a bounded read (the
sizes in the zip's header can lie), and a member is refused when its name is absolute or climbs
(`..`), when it is a link, encrypted, too large, or inflates more than `MAX_RATIO` times.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

MAX_ZIP_BYTES = 20_000_000  # the archive itself
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 1_000_000  # as for a submission file
MAX_TOTAL_BYTES = 50_000_000  # all members' declared sizes together
MAX_RATIO = 200  # uncompressed / compressed, above this a member is a bomb (text compresses ~5-20x)


@dataclass(frozen=True)
class ZipMember:
    name: str  # as stored in the zip
    text: str


@dataclass
class ZipContents:
    answers: list[ZipMember] = field(default_factory=list)  # the .toml members, read
    notes: list[str] = field(default_factory=list)  # what was refused or ignored, and why
    error: str | None = None  # the zip as a whole could not be read


def _unsafe_name(name: str) -> str | None:
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "an absolute or Windows path"
    if ".." in PurePosixPath(name).parts:
        return "a path that climbs out of the folder (..)"
    return None


def read_zip(data: bytes, zip_name: str) -> ZipContents:
    """The .toml members of a zip held in memory, each read under the limits; everything else noted."""
    out = ZipContents()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        out.error = f"{zip_name} is not a readable zip ({error})"
        return out
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            out.error = f"{zip_name} holds {len(members)} entries (at most {MAX_MEMBERS} are read)"
            return out
        declared = sum(m.file_size for m in members)
        if declared > MAX_TOTAL_BYTES:
            out.error = f"{zip_name} unpacks to {declared} bytes (at most {MAX_TOTAL_BYTES}): refused"
            return out
        for member in members:
            _read_member(archive, member, zip_name, out)
    return out


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, zip_name: str, out: ZipContents) -> None:
    name = member.filename
    shown = f"{zip_name}:{name}"
    parts = PurePosixPath(name).parts
    unsafe = _unsafe_name(name)
    if unsafe is not None:
        out.notes.append(f"refused {shown}: {unsafe}")
        return
    if member.is_dir() or not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return  # folders, dot files and macOS resource forks carry no answers
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        out.notes.append(f"refused {shown}: a symbolic link")
        return
    if not name.lower().endswith(".toml"):
        kind = "a PDF, not read: only the .toml answer file is graded" if name.lower().endswith(".pdf") \
            else "not an answer file"
        out.notes.append(f"ignored {shown}: {kind}")
        return
    if member.flag_bits & 0x1:
        out.notes.append(f"refused {shown}: encrypted")
        return
    if member.file_size > MAX_MEMBER_BYTES:
        out.notes.append(f"refused {shown}: {member.file_size} bytes, too large (at most {MAX_MEMBER_BYTES})")
        return
    if member.file_size > 10_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
        out.notes.append(f"refused {shown}: inflates {member.file_size // max(member.compress_size, 1)} times "
                         "(a zip bomb?)")
        return
    try:
        with archive.open(member) as handle:
            raw = handle.read(MAX_MEMBER_BYTES + 1)  # bounded whatever the header claims
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as error:
        out.notes.append(f"refused {shown}: cannot be read ({error})")
        return
    if len(raw) > MAX_MEMBER_BYTES:
        out.notes.append(f"refused {shown}: too large (at most {MAX_MEMBER_BYTES} bytes)")
        return
    try:
        out.answers.append(ZipMember(name, raw.decode("utf-8")))
    except UnicodeDecodeError:
        out.notes.append(f"refused {shown}: not UTF-8 text")
