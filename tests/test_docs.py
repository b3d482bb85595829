"""The documentation site: it builds with `mkdocs build --strict`, its nav lists every page,
and its generated pages (the operations and JSON schema references) are current.

The console examples of every page run in tests/test_readme.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests import docs_generated
from tests.conftest import ROOT

NAV_ENTRY = re.compile(r"^\s*-\s+[^:#]+:\s+(\S+\.md)\s*$", re.MULTILINE)


def _nav() -> list[str]:
    return NAV_ENTRY.findall((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def test_every_docs_page_is_in_the_site_nav() -> None:
    pages = {str(page.relative_to(ROOT / "docs")) for page in (ROOT / "docs").rglob("*.md")}
    assert pages - set(_nav()) == set(), "add a line for each page under nav: in mkdocs.yml"


def test_every_nav_entry_names_a_page_that_exists() -> None:
    missing = [entry for entry in _nav() if not (ROOT / "docs" / entry).is_file()]
    assert missing == []


@pytest.mark.parametrize("page", sorted(docs_generated.PAGES), ids=lambda page: page.name)
def test_generated_page_matches_what_the_code_says_now(page: Path) -> None:
    assert page.read_text(encoding="utf-8") == docs_generated.PAGES[page](), (
        f"{page.relative_to(ROOT)} is stale: python -m tests.docs_generated --update")


def test_the_operations_reference_has_every_registry_row() -> None:
    from bpcalc.ops import REGISTRY

    text = docs_generated.OPERATIONS_PAGE.read_text(encoding="utf-8")
    assert set(re.findall(r"^### `(\w+)`$", text, re.MULTILINE)) == set(REGISTRY)


def test_the_schema_reference_lists_every_top_level_field() -> None:
    import json

    schema = json.loads(docs_generated.SCHEMA_FILE.read_text(encoding="utf-8"))
    text = docs_generated.SCHEMA_PAGE.read_text(encoding="utf-8")
    for field in schema["properties"]:
        assert f"| `{field}` |" in text


@pytest.mark.skipif(find_spec("mkdocs") is None or find_spec("material") is None,
                    reason='MkDocs is not installed: pip install ".[docs]" (CI installs it and builds the site)')
def test_the_site_builds_strictly_into_a_temporary_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "index.html").is_file()
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "bpcalc.api.evaluate" in api or "evaluate" in api  # mkdocstrings rendered the API page
