"""The particle helper: 을/를, 이/가, 은/는, 으로/로, 과/와 from how the word is read aloud in Korean.

A review table, input word -> expected word with its particle, written from how a Korean student
reads each label (x 엑스, L 엘, 10 십, 0.5 영점오, x^2 엑스 제곱), not from the helper's output.
"""

from __future__ import annotations

import pytest

from bpcalc.base.korean import attach, fill, particle

REVIEW_TABLE = [
    # digits as Sino-Korean numerals: 영 일 이 삼 사 오 육 칠 팔 구
    ("0", "을", "0을"), ("1", "을", "1을"), ("2", "을", "2를"), ("3", "을", "3을"), ("4", "을", "4를"),
    ("5", "을", "5를"), ("6", "을", "6을"), ("7", "을", "7을"), ("8", "을", "8을"), ("9", "을", "9를"),
    ("1", "에서", "1에서"), ("4", "개의", "4개의"),
    # place values: 십 백 천 만 억 조
    ("10", "이", "10이"), ("100", "이", "100이"), ("1000", "이", "1000이"), ("10000", "이", "10000이"),
    ("100000000", "이", "100000000이"), ("1000000000000", "이", "1000000000000가"), ("12", "이", "12가"),
    ("20", "은", "20은"), ("25", "은", "25는"),
    # decimals digit by digit, signs, scientific notation's exponent
    ("0.5", "을", "0.5를"), ("0.25", "을", "0.25를"), ("1.0", "을", "1.0을"), ("0.731059", "을", "0.731059를"),
    ("-3", "을", "-3을"), ("-0.25", "을", "-0.25를"), ("1e-3", "을", "1e-3을"), ("-4", "은", "-4는"),
    # Latin letters by name: 엑스, 엘, 엔, 엠, 알, 와이
    ("x", "을", "x를"), ("L", "을", "L을"), ("n", "을", "n을"), ("m", "이", "m이"), ("r", "은", "r은"),
    ("y", "이", "y가"), ("q", "은", "q는"), ("z", "와", "z와"), ("L", "과", "L과"),
    # 으로/로: 로 after a vowel and after ㄹ
    ("L", "으로", "L로"), ("x", "으로", "x로"), ("n", "으로", "n으로"), ("1", "으로", "1로"), ("3", "으로", "3으로"),
    ("7", "으로", "7로"), ("0", "으로", "0으로"),
    # labels: the last letter or digit
    ("n4", "은", "n4는"), ("n3", "을", "n3을"), ("W1", "을", "W1을"), ("n10", "은", "n10은"), ("dL/dx", "을", "dL/dx를"),
    ("dL/dL", "이", "dL/dL이"), ("df", "이", "df가"), ("VJP", "을", "VJP를"),
    # words as they are said: 셰이프, 그레이디언트, 시그모이드, 렐루, 맥스, 민, 섬, 노름, 매트멀
    ("shape", "이", "shape가"), ("shape", "으로", "shape로"), ("shape", "을", "shape를"),
    ("Gradient", "을", "Gradient를"), ("Upstream Gradient", "을", "Upstream Gradient를"),
    ("sigmoid", "입니다", "sigmoid입니다"), ("relu", "은", "relu는"), ("max", "은", "max는"), ("min", "은", "min은"),
    ("sum", "이", "sum이"), ("norm", "이", "norm이"), ("matmul", "으로", "matmul로"), ("Chain Rule", "을", "Chain Rule을"),
    ("Backpropagation", "은", "Backpropagation은"), ("Jacobian", "은", "Jacobian은"), ("score", "은", "score는"),
    # powers and brackets: ^2 제곱, ^T 전치, a bracket read by what it encloses
    ("b^2", "을", "b^2을"), ("x^2", "이", "x^2이"), ("(1 - t^2)", "을", "(1 - t^2)을"), ("a^(b-1)", "을", "a^(b-1)을"),
    ("x²", "을", "x²을"), ("W^T", "을", "W^T를"), ("exp(a)", "을", "exp(a)를"), ("(2 sqrt(a))", "을", "(2 sqrt(a))를"),
    ("|a|", "이", "|a|가"), ("||x||", "을", "||x||를"), ("shape (2, 3)", "을", "shape (2, 3)을"),
    ("[4, 0, 5, 0]", "을", "[4, 0, 5, 0]을"), ("log(2)", "을", "log(2)를"),
    # Hangul: the final consonant (받침), ㄹ for 으로/로
    ("게이트", "을", "게이트를"), ("입력", "을", "입력을"), ("출력", "이", "출력이"), ("연산", "으로", "연산으로"),
    ("규칙", "과", "규칙과"), ("값", "은", "값은"), ("노드", "와", "노드와"), ("물", "으로", "물로"),
]


@pytest.mark.parametrize(("word", "name", "expected"), REVIEW_TABLE)
def test_the_particle_follows_the_word_as_read(word: str, name: str, expected: str) -> None:
    assert attach(word, name) == expected


@pytest.mark.parametrize("name", ["을", "를"])
def test_either_spelling_names_the_same_particle(name: str) -> None:
    assert particle("x", name) == "를" and particle("L", name) == "을"


def test_a_template_names_particles_in_its_format_spec() -> None:
    assert fill("{label:은} {count}곳에서 쓰입니다", label="x", count=2) == "x는 2곳에서 쓰입니다"


def test_a_marker_reads_the_whole_text_before_it() -> None:
    assert fill("Upstream Gradient * {f}〈을〉 받습니다", f="(1 - t^2)") == "Upstream Gradient * (1 - t^2)을 받습니다"
    assert fill("{c}〈을〉 곱합니다", c="0.5") == "0.5를 곱합니다"


def test_no_placeholder_particle_is_ever_written() -> None:
    for word, name, _ in REVIEW_TABLE:
        assert "(" not in attach(word, name)[len(word):]
