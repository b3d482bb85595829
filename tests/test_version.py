"""One version number, in one place: bpcalc/__init__.py's __version__, which the package metadata
reads (pyproject.toml), `bpcalc --version` prints and the changelog lists; the JSON schema's
version policy is written down."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def _pyproject() -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_package_metadata_reads_the_version_from_the_package() -> None:
    project = _pyproject()
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "bpcalc.__version__"}


def test_bpcalc_version_prints_the_one_version() -> None:
    import bpcalc

    done = subprocess.run([sys.executable, "-m", "bpcalc", "--version"], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=60)
    assert done.stdout.strip() == f"bpcalc, version {bpcalc.__version__}"


def test_the_version_is_written_nowhere_else_in_the_code() -> None:
    import bpcalc

    written = [path for path in (ROOT / "bpcalc").rglob("*.py")
               if re.search(rf"['\"]{re.escape(bpcalc.__version__)}['\"]", path.read_text(encoding="utf-8"))]
    assert written == [ROOT / "bpcalc" / "__init__.py"]


def test_the_changelog_has_the_version_and_the_schema_version_policy() -> None:
    import json

    import bpcalc

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {bpcalc.__version__}" in text
    assert "schema_version" in text
    schema = json.loads((ROOT / "bpcalc" / "schema" / "eval.schema.json").read_text(encoding="utf-8"))
    assert f"JSON `schema_version` {schema['properties']['schema_version']['const']}" in text
