"""Student text in Markdown feedback stays text: properties over any string (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bpcalc.homework.platforms import markdown as md

UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[`*_<>\[\]|~&{}]")


def _strip_escapes(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@given(st.text())
def test_text_has_no_unescaped_markup_and_no_line_break(value: str) -> None:
    shown = md.text(value)
    assert "\n" not in shown and "\r" not in shown
    assert not UNESCAPED.search(re.sub(r"\\.", "", shown))


@given(st.text())
def test_text_unescapes_back_to_the_words_written(value: str) -> None:
    assert _strip_escapes(md.text(value)) == " ".join(value.split())


@given(st.text())
def test_a_code_span_is_never_closed_by_the_text_inside(value: str) -> None:
    span = md.code(value)
    fence = re.match(r"`+", span).group(0)
    inner = span[len(fence):-len(fence)]
    assert span.endswith(fence)
    assert all(len(run) != len(fence) for run in re.findall(r"`+", inner))


def test_a_line_cannot_start_a_heading_or_a_numbered_list() -> None:
    assert md.text("# title") == "\\# title"
    assert md.text("12. item") == "12\\. item"
    assert md.text("-0.4 is") == "\\-0.4 is"
