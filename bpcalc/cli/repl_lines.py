"""The REPL's line syntax, apart from the session: which statement a line holds, whether more
lines are coming, which command a word names, and what Tab may complete."""

from __future__ import annotations

import re
from typing import Any

from bpcalc.errors import BpcalcError, UsageError

COMMANDS = (":check", ":code", ":explain", ":graph", ":help", ":json", ":program", ":quit", ":reset", ":set", ":step",
            ":values")
ASSIGNMENT = re.compile(r"\s*(?:(let)\s+)?([^\W\d]\w*)\s*(?:\(([^()]*)\))?\s*=(?!=)(.*)", re.S)
WORD = re.compile(r"[^\W\d]\w*")
CONTINUES = ("+", "-", "*", "/", "@", "^", ",", "=", "\\", "(", "[")


def completions(words: list[str], line: str) -> tuple[str, list[str]]:
    """(the word being typed, the words it may become): a `:command` at the start of the line,
    else a name."""
    stripped = line.lstrip()
    if stripped.startswith(":") and " " not in stripped:
        return stripped, [w for w in words if w.startswith(":") and w.startswith(stripped)]
    match = re.search(r"[^\W\d]\w*$", line)
    if match is None:
        return "", []
    word = match.group(0)
    return word, [w for w in words if not w.startswith(":") and w.startswith(word) and w != word]


def command_name(word: str) -> str:
    aliases = {":q": ":quit", ":exit": ":quit", ":h": ":help", ":?": ":help", ":e": ":explain", ":g": ":graph",
               ":v": ":values", ":p": ":program"}
    name = aliases.get(word, word)
    if name in COMMANDS:
        return name
    from bpcalc.errors import did_you_mean

    close = did_you_mean(word, list(COMMANDS))
    raise UsageError(f"no command {word}", hint=f"did you mean {close}?" if close else ":help lists the commands")


def literal_value(text: str, name: str) -> Any:
    """`x = 3`: the value when the right side is a plain number or array, else None."""
    from bpcalc.language.values import parse_value

    stripped = text.strip()
    if not stripped:
        return None
    try:
        return parse_value(stripped, name)
    except BpcalcError:
        return None


def typed_value(text: str, name: str, written: str) -> Any:
    """The value; an error's caret is placed in the statement as typed (`let z = 2x`)."""
    from bpcalc.language.values import parse_value

    stripped = text.strip()
    try:
        return parse_value(stripped, name)
    except BpcalcError as error:
        offset = written.rfind(stripped)
        if error.span is not None and error.source == stripped and offset >= 0:
            from bpcalc.errors import Span

            error.span = Span(error.span.start + offset, error.span.end + offset)
            error.source = written
        error.source = error.source or written
        raise


def program_text(steps: list[tuple[str, str]], output: str | None) -> str:
    return "; ".join([*(text for _, text in steps), *([output] if output else [])])


def split_statements(text: str) -> list[str]:
    """Statements at `;` and line ends outside brackets; comments dropped."""
    out: list[str] = []
    depth = 0
    current: list[str] = []
    for line in text.split("\n"):
        line = line.split("#", 1)[0]
        for ch in line:
            depth += ch in "([{"
            depth -= ch in ")]}"
            if ch == ";" and depth <= 0:
                out.append("".join(current))
                current = []
            else:
                current.append(ch)
        if depth <= 0:
            out.append("".join(current))
            current = []
        else:
            current.append(" ")
    out.append("".join(current))
    return [statement for statement in out if statement.strip()]


def unfinished(text: str) -> bool:
    """An open bracket, or a last line ending in an operator or comma: more is coming."""
    code = "\n".join(line.split("#", 1)[0] for line in text.split("\n"))
    depth = sum(code.count(ch) for ch in "([{") - sum(code.count(ch) for ch in ")]}")
    return depth > 0 or code.rstrip().endswith(CONTINUES)
