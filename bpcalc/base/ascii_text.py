"""ASCII stand-ins for the characters bpcalc prints (box drawing, arrows, math signs), for a
terminal or pipe whose encoding lacks them (ascii, a C locale without UTF-8, latin-1).

Registered once as an error handler and a codec, both named "bpcalc-ascii", so any text
written to such a stream comes out readable (`-` for `─`, `*` for `×`, `->` for `→`) instead
of raising UnicodeEncodeError. A table measures its cells after the swap (`ascii_text`), so
its columns stay aligned when a stand-in is wider than what it replaces.
"""

from __future__ import annotations

import codecs
from typing import Any

ASCII_ERRORS = "bpcalc-ascii"  # an error handler: a stand-in for each character the encoding lacks
ASCII_CODEC = "bpcalc-ascii"  # a codec: ASCII with those stand-ins
# What the tables, trees and narratives print, in ASCII (× is the chain rule's product, base/notation:
# `1 * x`, where `1 x x` would read as a name). Anything else falls back to its
# accents stripped (é -> e) or, failing that, a \uXXXX escape (valid inside JSON strings too).
_ASCII = {
    "─": "-", "━": "-", "│": "|", "┃": "|", "┼": "+", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+",
    "┤": "+", "┬": "+", "┴": "+", "╭": "+", "╮": "+", "╰": "+", "╯": "+", "═": "=", "║": "|",
    "×": "*", "·": "*", "⋅": "*", "−": "-", "–": "-", "—": "--", "→": "->", "←": "<-", "↑": "^", "↓": "v",
    "⇒": "=>", "≈": "~", "≠": "!=", "≤": "<=", "≥": ">=", "±": "+/-", "∂": "d", "∑": "sum", "Σ": "sum",
    "√": "sqrt", "∞": "inf", "…": "...", "‖": "||", "⊗": "(x)", "ᵀ": "^T", "²": "^2", "³": "^3", "¹": "^1",
    "⁰": "^0", "⁻": "^-", "✓": "ok", "✔": "ok", "✗": "X", "✘": "X", "•": "*", "‘": "'", "’": "'",
    "“": '"', "”": '"', "«": "<<", "»": ">>", "\u00a0": " ", "σ": "sigma", "∇": "grad", "▲": "^", "▼": "v",
    "█": "#", "▏": "|", "▕": "|", "▔": "-", "▁": "_", "⚠": "!",
}




def needs_stand_ins(stream: Any) -> bool:
    """True when the stream's encoding cannot hold our box-drawing and math characters."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return False
    if encoding == ASCII_CODEC or getattr(stream, "errors", None) == ASCII_ERRORS:
        return True  # already set up for stand-ins (by the CLI at start-up)
    if encoding == NARROW:
        return True
    try:
        _PRINTED.encode(encoding)
    except UnicodeEncodeError:
        return True  # cp949 has ─ × ∂ → but not ✓ or —: every character we print is tried
    except LookupError:
        return False
    return False


NARROW = "bpcalc-narrow"  # what a NarrowStream reports as its encoding (--ascii)
# Every character of our own that tables, reports and narratives print.
_PRINTED = "─━│┃┏┓┗┛┡┩╇┳┻╭╮╰╯×·−–—→←∂…✓✗≈≠≤≥²ᵀ⚠•σ"


def fit_text(text: str, stream: Any) -> str:
    """`text` as `stream` will show it: the stand-ins its encoding needs (Hangul kept where the
    encoding has it, as cp949 does), so a table measures what is written."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if encoding == NARROW:
        return narrow_text(text)
    try:
        return text.encode(encoding, errors=ASCII_ERRORS).decode(encoding)
    except LookupError:
        return text


def narrow_text(text: str) -> str:
    """Box drawing and math signs as ASCII, everything else (Hangul, names) as written: for
    terminals that draw East-Asian "ambiguous" characters two columns wide (--ascii)."""
    if text.isascii():
        return text
    return "".join(_stand_in(ch, "ascii") if ch in _ASCII or "\u2500" <= ch <= "\u257f" else ch for ch in text)


class NarrowStream:
    """Wraps a standard stream for --ascii: writes `narrow_text`, and reports the encoding
    NARROW, so rich draws ASCII borders and the plain table measures the stand-ins."""

    encoding = NARROW
    errors = "strict"

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(narrow_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            raise AttributeError(name)  # click would write bytes past the stand-ins
        return getattr(self._stream, name)


def ascii_text(text: str) -> str:
    """`text` with every non-ASCII character replaced by its stand-in."""
    return text.encode("ascii", errors=ASCII_ERRORS).decode("ascii")


def _ascii_stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    encoding = error.encoding
    parts: list[str] = []
    for char in error.object[error.start : error.end]:
        parts.append(_stand_in(char, encoding))
    return "".join(parts), error.end


def _stand_in(char: str, encoding: str) -> str:
    known = _ASCII.get(char)
    if known is not None:
        return known
    import unicodedata

    if "\u2500" <= char <= "\u257f":  # box drawing: by the strokes its name lists
        words = set(unicodedata.name(char, "").split())
        across, down = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"}), bool(words & {"VERTICAL", "UP", "DOWN"})
        return "-" if across and not down else "|" if down and not across else "+"
    stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    try:
        if stripped and stripped != char:
            stripped.encode(encoding)
            return stripped
    except UnicodeEncodeError:
        pass
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class _AsciiEncoder(codecs.IncrementalEncoder):
    def encode(self, text: str, final: bool = False) -> bytes:
        return codecs.ascii_encode(text, ASCII_ERRORS)[0]


class _NarrowEncoder(codecs.IncrementalEncoder):
    def encode(self, text: str, final: bool = False) -> bytes:
        return codecs.utf_8_encode(narrow_text(text), self.errors)[0]


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") == NARROW:  # UTF-8 after narrow_text: what a NarrowStream reports (sympy asks)
        return codecs.CodecInfo(
            name=NARROW,
            encode=lambda text, errors="strict": (codecs.utf_8_encode(narrow_text(text), errors)[0], len(text)),
            decode=codecs.utf_8_decode,
            incrementalencoder=_NarrowEncoder,
            incrementaldecoder=codecs.lookup("utf-8").incrementaldecoder,
        )
    if name.replace("_", "-") != ASCII_CODEC:
        return None
    return codecs.CodecInfo(
        name=ASCII_CODEC,
        encode=lambda text, errors="strict": codecs.ascii_encode(text, ASCII_ERRORS),
        decode=codecs.ascii_decode,
        incrementalencoder=_AsciiEncoder,
        incrementaldecoder=codecs.lookup("ascii").incrementaldecoder,
    )


codecs.register_error(ASCII_ERRORS, _ascii_stand_in)
codecs.register(_find_codec)
