"""--lang and --ascii on every command, attached in one place (the command group) rather than
in each command's module: --lang chooses the language of every message the command shows (the
catalogue, bpcalc.teach.catalogue), --ascii writes ASCII stand-ins for box drawing and math
signs, for terminals that draw East-Asian "ambiguous" characters two columns wide.

Both are known options of the command, so `--lang ko` is never taken for a variable named
lang (`--var lang=2` gives such a variable a value).
"""

from __future__ import annotations

import sys
from typing import Any

import click

LANGUAGES = ("en", "ko")
_ATTACHED = "_bpcalc_language_options"


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from bpcalc.teach.catalogue import current_lang, set_lang

    set_lang(value)
    ctx.call_on_close(lambda: set_lang(None))
    if current_lang() != "en" and not _writes_hangul(sys.stdout):
        set_lang("en")  # an ASCII or Latin-1 terminal: English reads better than \uXXXX escapes
        return "en"
    return value


def _writes_hangul(stream: Any) -> bool:
    from bpcalc.base.ascii_text import ASCII_CODEC

    encoding = getattr(stream, "encoding", None) or "utf-8"
    if encoding == ASCII_CODEC:
        return False  # ASCII with stand-ins: Hangul would come out as \uXXXX
    try:
        "가".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _set_ascii(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        use_ascii()
    return value


def use_ascii() -> None:
    """From now on, standard output and error write ASCII stand-ins for what ASCII lacks."""
    from bpcalc.base.ascii_text import NARROW, NarrowStream

    if getattr(sys.stdout, "encoding", None) != NARROW:
        sys.stdout = NarrowStream(sys.stdout)
    if getattr(sys.stderr, "encoding", None) != NARROW:
        sys.stderr = NarrowStream(sys.stderr)


def add_language_options(command: Any) -> Any:
    """Give `command` --lang and --ascii (once); a command with its own --lang (explain) keeps
    it, and it sets the catalogue's language too."""
    if not isinstance(command, click.Command) or getattr(command, _ATTACHED, False):
        return command
    own = next((p for p in command.params if isinstance(p, click.Option) and "--lang" in p.opts), None)
    if own is None:
        command.params.append(click.Option(
            ["--lang"], type=click.Choice(LANGUAGES), default=None, expose_value=False, callback=_set_lang,
            is_eager=True, help="Language of the messages (default: from LANG; English otherwise)."))
    elif own.callback is None:
        own.callback = _set_lang
        own.is_eager = True
    if not any(isinstance(p, click.Option) and "--ascii" in p.opts for p in command.params):
        command.params.append(click.Option(
            ["--ascii"], is_flag=True, expose_value=False, callback=_set_ascii, is_eager=True,
            help="ASCII only: stand-ins for box drawing and math signs (for terminals that draw them wide)."))
    setattr(command, _ATTACHED, True)
    return command
