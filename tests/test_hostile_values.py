"""Hostile @FILE values (issue 18): each is refused with one clear message, before any large
allocation, and never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from bpcalc.cli import cli
from bpcalc.errors import ValueInputError
from bpcalc.language import values
from bpcalc.language.values import MAX_JSON_DEPTH, MAX_VALUE_FILE_BYTES, parse_value


def refusal(path: Path) -> str:
    """The CLI's stderr for `eval sum(x) --x=@path`, asserted to be a clean refusal."""
    result = CliRunner().invoke(cli, ["eval", "sum(x)", f"--x=@{path}", "--no-check"])
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    return result.stderr


def _npy_with_header(path: Path, shape: tuple[int, ...], data: bytes = b"") -> Path:
    """An .npy file whose header claims `shape` of float64, followed by `data` (not that much)."""
    header = f"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"
    padding = 64 - (10 + len(header) + 1) % 64
    header += " " * padding + "\n"
    path.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + data)
    return path


def test_json_integer_of_401_digits_is_too_large_for_a_float(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"x": int("9" * 401)}), encoding="utf-8")
    assert "the number 999999999999...(401 digits) is too large for a float" in refusal(path)


def test_json_number_longer_than_the_limit_is_refused_before_conversion(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text("[0." + "1" * 5000 + "]", encoding="utf-8")
    assert "5002 characters long" in refusal(path)


def test_json_nested_1000_deep_is_refused_with_its_depth(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 1000 + "1" + "]" * 1000, encoding="utf-8")
    assert f"nests 1000 levels deep, more than the {MAX_JSON_DEPTH}" in refusal(path)


def test_json_brackets_inside_strings_do_not_count_as_depth(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"[" * 100: 0, "x": [[1.5, 2.0], [3.0, 4.0]]}), encoding="utf-8")
    assert parse_value(f"@{path}", "x").tolist() == [[1.5, 2.0], [3.0, 4.0]]


def test_npy_header_claiming_1e11_entries_is_refused_before_allocating(tmp_path: Path) -> None:
    path = _npy_with_header(tmp_path / "huge.npy", (100_000_000_000,), b"\0" * 64)
    message = refusal(path)
    assert "its header declares shape (100000000000,), 745 GiB of data" in message
    assert "64 MiB" in message


def test_npy_shorter_than_its_header_is_refused_as_cut_off(tmp_path: Path) -> None:
    path = _npy_with_header(tmp_path / "cut.npy", (100,), b"\0" * 80)
    assert "shorter than its header says" in refusal(path)


def test_npy_in_fortran_order_reads_the_same_matrix(tmp_path: Path) -> None:
    matrix = np.arange(6.0).reshape(2, 3)
    np.save(tmp_path / "f.npy", np.asfortranarray(matrix))
    assert parse_value(f"@{tmp_path / 'f.npy'}", "W").tolist() == matrix.tolist()


def test_npy_of_python_objects_is_refused_without_unpickling(tmp_path: Path) -> None:
    np.save(tmp_path / "objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    assert "holds Python objects, which bpcalc never loads" in refusal(tmp_path / "objects.npy")


def test_csv_larger_than_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "sparse.csv"
    with open(path, "wb") as file:
        file.truncate(2 * 2**30)  # 2 GB of holes: no disk used, and refused without reading it
    assert "the file holds 2 GiB, more than the 64 MiB" in refusal(path)
    assert MAX_VALUE_FILE_BYTES == 64 * 2**20


def test_device_as_value_file_is_refused_as_not_a_regular_file() -> None:
    assert "not a regular file" in refusal(Path("/dev/zero"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads a file whatever its mode; the simulated test covers it")
def test_unreadable_file_is_refused_with_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text("[1, 2]", encoding="utf-8")
    path.chmod(0)
    assert "cannot read the file (permission denied)" in refusal(path)


def test_unreadable_file_is_refused_with_permission_denied_simulated(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.json"
    path.write_text("[1, 2]", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(values, "open", denied, raising=False)
    with pytest.raises(ValueInputError, match=r"cannot read the file \(permission denied\)"):
        parse_value(f"@{path}", "x")


DATED_PROBLEM_SET = '''title = "dates"
[[problems]]
id = "d"
expression = "f = x * y"
values = { x = 1979-05-27, y = 2 }
ask = ["f", "df/dx"]
'''


@pytest.mark.parametrize("command", [["check", "--template"], ["check", "--key"], ["grade"]],
                         ids=["template", "key", "grade"])
def test_toml_date_as_a_value_in_a_problem_set_is_refused(tmp_path: Path, command: list[str]) -> None:
    problems = tmp_path / "dates.toml"
    problems.write_text(DATED_PROBLEM_SET, encoding="utf-8")
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "a.toml").write_text('problem_set = "dates.toml"\n[d]\nf = "2"\n', encoding="utf-8")
    args = [*command, str(problems), *([str(submissions)] if command == ["grade"] else [])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (result.output, result.exception)
    assert "the value of x is a date or time, not a number" in result.stderr
    assert "Traceback" not in result.output


def test_toml_date_as_an_answer_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    sheet = tmp_path / "worksheet.toml"
    sheet.write_text('expression = "f = x * y"\n[values]\nx = 1\ny = 2\n[answers]\nf = 1979-05-27\n',
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(sheet)])
    assert result.exit_code == 2
    assert "the answer for f is a date, not a number" in result.stderr
