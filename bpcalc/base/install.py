"""How to install an optional extra, said for the way this bpcalc was installed.

bpcalc is installed from a clone (`pip install .`), so `pip install 'bpcalc[images]'` would ask
a package index for a bpcalc it never came from. pip records where a package came from
(PEP 610's direct_url.json); the hint follows it.
"""

from __future__ import annotations

import json
import shlex
from urllib.parse import unquote, urlparse


def extra_install_command(extra: str) -> str:
    """`pip install ".[images]"` for a clone (the folder when pip recorded it), else the index's spelling."""
    origin = _installed_from()
    if origin == "index":
        return f'pip install "bpcalc[{extra}]"'
    if origin:
        return f"pip install {shlex.quote(f'{origin}[{extra}]')}"
    return f'pip install ".[{extra}]"  (in the folder of your bpcalc clone)'


def _installed_from() -> str | None:
    """'index' for a package from an index, the local folder for `pip install PATH`, else None
    (not installed: run from a checkout, or pip recorded nothing)."""
    from importlib import metadata

    try:
        distribution = metadata.distribution("bpcalc")
    except metadata.PackageNotFoundError:
        return None
    recorded = distribution.read_text("direct_url.json")
    if recorded is None:
        return "index" if distribution.read_text("INSTALLER") else None
    try:
        url = urlparse(json.loads(recorded).get("url", ""))
    except (ValueError, AttributeError):
        return None
    if url.scheme == "file" and url.path:
        return unquote(url.path)
    return None
