"""The interactive session's banner and :help follow --lang and LANG like every other text."""

from __future__ import annotations

from bpcalc.cli.repl import BANNER
from bpcalc.cli.repl_session import HELP
from bpcalc.teach.catalogue import translate
from tests.korean_english import english_runs


def test_the_help_text_has_its_korean_and_keeps_every_command() -> None:
    korean = translate(HELP, "ko")
    assert korean != HELP
    assert english_runs(korean) == [], korean
    commands = [line.split()[0] for line in HELP.splitlines() if line.startswith("  :")]
    assert [line.split()[0] for line in korean.splitlines() if line.startswith("  :")] == commands


def test_the_banner_has_its_korean_with_the_version_filled_in() -> None:
    korean = translate(BANNER.format(version="9.9"), "ko")
    assert korean.startswith("bpcalc 9.9: ") and english_runs(korean) == []


def test_help_in_a_korean_session_is_korean(tmp_path) -> None:
    import io

    from bpcalc.cli.repl_session import Session
    from bpcalc.teach.catalogue import set_lang

    out = io.StringIO()
    set_lang("ko")
    try:
        session = Session(out=out, err=out)
        session.command(":help")
    finally:
        set_lang(None)
    assert out.getvalue().startswith("프로그램을 한 줄씩 입력합니다.")
