"""The message catalogue: English text as it is written in the code is the key, one table per
language holds the translation (teach/messages_ko.py), applied where messages are shown (the
CLI's error printer, the table renderer, the report writers), never at the raise sites.

A key is a template with named placeholders ("unknown function '{shown}'"); a shown message
is matched against the templates, and what filled each placeholder is itself translated when
it is a message of its own (a hint built from two sentences). Text with no template is shown
as written, in English, rather than guessed at.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bpcalc.teach import lang_choice


def set_lang(lang: str | None) -> None:
    """The language of this process's messages (the CLI's --lang); None goes back to the locale.
    The explanations (teach.i18n) follow it too, when no language is asked for by name."""
    lang_choice.choose(lang)


def current_lang() -> str:
    return lang_choice.resolve_lang()


@lru_cache(maxsize=4)
def _table(lang: str) -> dict[str, str]:
    if lang == "ko":
        from bpcalc.teach.messages_ko import KO
        from bpcalc.teach.messages_ko_checks import KO_CHECKS
        from bpcalc.teach.messages_ko_cli import KO_CLI
        from bpcalc.teach.messages_ko_engine import KO_ENGINE
        from bpcalc.teach.messages_ko_homework import ko_homework
        from bpcalc.teach.messages_ko_language import KO_LANGUAGE
        from bpcalc.teach.messages_ko_repl import KO_REPL
        from bpcalc.teach.messages_ko_rows import ko_rows
        from bpcalc.teach.messages_ko_sheet import KO_SHEET

        # on a tie, messages_ko.py wins
        return {**ko_rows(), **KO_REPL, **KO_SHEET, **KO_CLI, **KO_LANGUAGE, **KO_ENGINE, **KO_CHECKS, **ko_homework(), **KO}
    return {}


_FIELD = re.compile(r"\{(\w+)\}")
# Fields a one-word English text fills that is itself a message ("the {what}" = gradient); any
# other one-word field is a name the user chose (a variable named input or value) and is kept.
_WORD_FIELDS = frozenset(("what", "verb", "kind"))


@lru_cache(maxsize=4)
def _patterns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """Each template as an anchored regex, the longest literal text first (most specific)."""
    compiled: list[tuple[int, re.Pattern[str], str]] = []
    for english, translated in _table(lang).items():
        if "{" not in english:
            continue
        pieces: list[str] = []
        seen: set[str] = set()
        position = 0
        for match in _FIELD.finditer(english):
            pieces.append(re.escape(english[position:match.start()]))
            name = match.group(1)
            pieces.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
            seen.add(name)
            position = match.end()
        pieces.append(re.escape(english[position:]))
        literal = len(_FIELD.sub("", english))
        compiled.append((literal, re.compile("".join(pieces) + r"\Z", re.DOTALL), translated))
    compiled.sort(key=lambda item: -item[0])
    return [(pattern, translated) for _, pattern, translated in compiled]


def translate(text: str, lang: str | None = None, _depth: int = 0) -> str:
    """`text` in `lang` (default: the current language) when the catalogue has its template.

    Templates are tried most specific first. A shown line may match a template it is not an
    instance of ("hint: write the reports ... submissions" ends like "{title}: {count}
    submissions"), so for a whole line the first few matches are all filled and the one that
    leaves the fewest English words wins (the first on a tie)."""
    language = lang or current_lang()
    table = _table(language)
    if not table or not text:
        return text
    exact = table.get(text)
    if exact is not None:
        return exact
    filled: list[str] = []
    for pattern, translated in _patterns(language):
        match = pattern.match(text)
        if match is None:
            continue
        result = _fill(translated, match.groupdict(), text, table, language, _depth)
        if _depth > 0:
            return result
        filled.append(result)
        if len(filled) == _CANDIDATES:
            break
    return min(filled, key=_english_words) if filled else text


_CANDIDATES = 4  # matches weighed for a whole line
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def _english_words(text: str) -> int:
    return len(_ENGLISH_WORD.findall(text))


def _fill(translated: str, fields: dict[str, str], text: str, table: dict[str, str], language: str, depth: int) -> str:
    if depth < 5:  # a hint inside an error inside a node error inside the frame
        fields = {k: translate(v, language, depth + 1) if " " in v or (k in _WORD_FIELDS and v in table) else v
                  for k, v in fields.items()}
    from bpcalc.base.korean import fill  # only when there is a translation to fill

    try:
        return fill(translated, **fields)
    except (ValueError, KeyError, IndexError):  # a template that cannot be filled: the English, never a traceback
        return text


def translate_lines(text: str, lang: str | None = None) -> str:
    """Each line translated on its own: an error's head, its source line and caret, its hint."""
    language = lang or current_lang()
    if not _table(language):
        return text
    return "\n".join(translate(line, language) for line in text.split("\n"))
