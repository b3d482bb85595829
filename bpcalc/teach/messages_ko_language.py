"""Korean for messages of the language layer that bpcalc/teach/messages_ko.py does not hold yet
(found by the message scan of tests/test_messages_ko.py): hints built from a row's syntax,
file-value hints, and the parts messages are built from.

Keyed by the English template, as bpcalc/teach/messages_ko.py; merged by bpcalc.teach.catalogue.
"""

from __future__ import annotations

KO_LANGUAGE: dict[str, str] = {
    # language/syntax_errors.py
    "write {syntax}": "{syntax}처럼 쓰세요",
    # language/values.py
    "give @FILE with FILE a .json (nested list), .npy or .csv file, e.g. --W=@weights.json":
        "@FILE로 주세요. FILE은 .json(중첩 리스트), .npy 또는 .csv 파일입니다 (예: --W=@weights.json)",
    "its rows differ in length": "행들의 길이가 서로 다릅니다",
    "{start}...({count} digits)": "{start}...({count}자리)",
}
