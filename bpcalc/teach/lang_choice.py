"""Which language to speak: the running command's --lang, else the locale.

Its own small module so that choosing the language (every command does, for --lang) loads
neither the narrative tables (teach/i18n.py) nor the registry they translate.
"""

from __future__ import annotations

import os

LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT = "en"

_LANG_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None  # the running command's --lang (set by the CLI through catalogue.set_lang)


def choose(lang: str | None) -> None:
    """The language of this process (the CLI's --lang); None goes back to the locale."""
    global _chosen
    _chosen = lang


def resolve_lang(requested: str | None = None) -> str:
    """The language to speak: an explicit choice wins, then the command's --lang, then the locale
    (LC_ALL, LC_MESSAGES, LANG)."""
    requested = requested or _chosen
    if requested:
        code = requested.strip().lower().replace("-", "_").split("_")[0]
        return code if code in LANGUAGES else DEFAULT
    for var in _LANG_ENV:
        value = os.environ.get(var, "")
        if value:
            code = value.lower().split("_")[0].split(".")[0]
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT
