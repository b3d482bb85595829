"""The hint for an optional extra names the command that works for how bpcalc was installed."""

from __future__ import annotations

import json
from importlib import metadata

import pytest

from bpcalc.base.install import extra_install_command


class _Recorded:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def read_text(self, name: str) -> str | None:
        return self.files.get(name)


def _installed(monkeypatch: pytest.MonkeyPatch, files: dict[str, str] | None) -> None:
    def distribution(name: str) -> _Recorded:
        if files is None:
            raise metadata.PackageNotFoundError(name)
        return _Recorded(files)

    monkeypatch.setattr(metadata, "distribution", distribution)


def test_a_clone_installed_with_pip_install_dot_is_told_its_own_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, {"direct_url.json": json.dumps({"url": "file:///home/ada/my%20bpcalc", "dir_info": {}}),
                             "INSTALLER": "pip"})
    assert extra_install_command("images") == "pip install '/home/ada/my bpcalc[images]'"


def test_a_checkout_that_is_not_installed_is_told_the_dot_form(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, None)
    assert extra_install_command("images").startswith('pip install ".[images]"')


def test_a_package_from_an_index_is_told_the_index_form(monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, {"INSTALLER": "pip"})
    assert extra_install_command("images") == 'pip install "bpcalc[images]"'


def test_the_png_hint_never_says_the_index_form_for_a_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    from bpcalc.render.png import install_hint

    _installed(monkeypatch, None)
    assert 'pip install ".[images]"' in install_hint()
