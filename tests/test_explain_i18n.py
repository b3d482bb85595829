"""Languages: every narrative string and gate pattern in English and Korean, LANG and --lang."""

from __future__ import annotations

import unicodedata

import pytest

from bpcalc.ops import REGISTRY
from bpcalc.teach import i18n
from bpcalc.teach.explanation import explain


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("op_name", sorted(REGISTRY))
def test_every_registry_row_has_a_pattern_sentence_in_every_language(op_name: str, lang: str) -> None:
    sentence = i18n.pattern(op_name, lang)
    assert sentence.strip()
    if lang != i18n.DEFAULT:
        assert op_name in i18n.PATTERNS[lang], f"add a {lang} pattern sentence for '{op_name}' to bpcalc/i18n.py"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_key_exists_in_every_language(lang: str) -> None:
    assert set(i18n.MESSAGES[lang]) == set(i18n.MESSAGES["en"])


def test_korean_keeps_the_english_gradient_terms() -> None:
    backward = i18n.message("backward_title", "ko")
    assert "Upstream Gradient" in backward and "Local Gradient" in backward and "Downstream Gradient" in backward
    assert "Gradient Swapper" in i18n.pattern("mul", "ko")


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "ko_KR.UTF-8"}, "ko"), ({}, "en"),
])
def test_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch, env: dict, expected: str) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.resolve_lang(None) == expected


def test_lang_option_overrides_the_locale(monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert "게이트" in run_cli("explain", "x * y", "--x=1", "--y=2").output
    assert "게이트" not in run_cli("explain", "x * y", "--x=1", "--y=2", "--lang", "en").output


def test_korean_narrative_has_the_same_equations_as_english() -> None:
    en = explain("x*y + x", x=3, y=-4, lang="en")
    ko = explain("x*y + x", x=3, y=-4, lang="ko")
    assert [s.kind for s in en.backward] == [s.kind for s in ko.backward]
    assert ko.backward[-1].lines == ("dL/dx = dL/dx (n3 경유) + dL/dx (n2 경유) = 1 + (-4) = -3",)
    assert "복사 연산" in ko.backward[-1].head and "copy 게이트" in ko.backward[-1].pattern


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_wide_korean_characters_keep_the_table_aligned(run_cli) -> None:
    done = run_cli("explain", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "--lang", "ko", "--exact")
    table = [line for line in done.output.splitlines() if line and line[0] in "┏┃┡│└"]
    assert len(table) >= 7
    assert len({_width(line) for line in table}) == 1, "every table line has the same display width"
    assert any("노드" in line for line in table)
