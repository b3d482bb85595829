"""Markdown for feedback that students see: their own text can never become markup or HTML."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")  # markup anywhere in a line
_LINE_START = re.compile(r"^([#+\-=!]|\d+[.)])")  # a heading, list or rule only where a line starts


def text(value: str) -> str:
    """Prose, with every Markdown and HTML character escaped (a name like `<script>` stays text)."""
    flat = " ".join(value.split())  # no line breaks: a student cannot start a heading or a list
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1] if m.group(0)[0].isdigit()
                           else "\\" + m.group(0), escaped, count=1)


def code(value: str) -> str:
    """An inline code span: nothing inside is markup; a backtick in the text widens the fence."""
    flat = " ".join(value.split())
    run = max((len(m) for m in re.findall(r"`+", flat)), default=0)
    fence = "`" * (run + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
