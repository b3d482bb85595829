"""The zip reader (bpcalc.homework.platforms.zipped): nothing read has an unsafe name, whatever the names."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from bpcalc.homework.platforms.zipped import read_zip

PART = st.sampled_from(["..", ".", "a", "hw", "answers.toml", "x.toml", "", "C:", "__MACOSX", ".hidden.toml"])


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name), b'[circuit]\nq = "3"\n')
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(PART, min_size=1, max_size=4).map("/".join).filter(bool), max_size=6, unique=True))
def test_no_member_read_can_climb_out_or_be_hidden(names: list[str]) -> None:
    contents = read_zip(_zip(names), "up.zip")
    for member in contents.answers:
        parts = PurePosixPath(member.name).parts
        assert ".." not in parts and not member.name.startswith("/") and member.name[1:2] != ":"
        assert member.name.lower().endswith(".toml")
        assert not any(p.startswith(".") or p == "__MACOSX" for p in parts)


def test_a_safe_answer_file_in_a_folder_is_read() -> None:
    contents = read_zip(_zip(["hw/answers.toml"]), "up.zip")
    assert [(m.name, m.text) for m in contents.answers] == [("hw/answers.toml", '[circuit]\nq = "3"\n')]


def test_an_encrypted_member_is_refused() -> None:
    data = bytearray(_zip(["answers.toml"]))
    # set the "encrypted" flag bit in the local header and the central directory entry
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    contents = read_zip(bytes(data), "up.zip")
    assert contents.answers == [] and contents.notes == ["refused up.zip:answers.toml: encrypted"]


def test_too_many_members_refuse_the_whole_zip() -> None:
    contents = read_zip(_zip([f"f{n}.txt" for n in range(501)]), "up.zip")
    assert contents.error == "up.zip holds 501 entries (at most 500 are read)"
