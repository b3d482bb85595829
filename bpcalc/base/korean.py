"""Korean particles (조사) chosen from the last sound of the word they follow, as it is read.

Korean picks 을/를, 이/가, 은/는, 과/와 and 으로/로 by whether the preceding word ends in a
consonant (받침): `x를` (엑스), `L을` (엘), `1을` (일), `2를` (이), `shape가` (셰이프). Labels,
numbers and formulas are read the way Korean students read them aloud: digits as Sino-Korean
numerals (0 영, 10 십, 100 백), a lone Latin letter by its name (L 엘, n 엔), `^2` as 제곱,
a closing bracket by what it closes (`(1 - t^2)` ends in 제곱). The particle is attached with
no space (`1에서`, `0을`, `sigmoid입니다`), as Korean writes it, so nothing needs `은(는)`.

`attach("x", "을")` gives "x를"; `KoreanFormatter` lets a template say `{label:은}`.
"""

from __future__ import annotations

import string
from typing import Any

VOWEL, RIEUL, CONSONANT = "vowel", "rieul", "consonant"  # no 받침; ㄹ 받침; any other 받침

# Each particle's form after a consonant and after a vowel; 으로/로 also takes 로 after ㄹ.
_PAIRS: dict[str, tuple[str, str]] = {
    "을": ("을", "를"), "를": ("을", "를"),
    "이": ("이", "가"), "가": ("이", "가"),
    "은": ("은", "는"), "는": ("은", "는"),
    "과": ("과", "와"), "와": ("과", "와"),
    "으로": ("으로", "로"), "로": ("으로", "로"),
    "이며": ("이며", "며"), "며": ("이며", "며"),
    "이고": ("이고", "고"), "고": ("이고", "고"),
    "이면": ("이면", "면"), "면": ("이면", "면"),
    "이라는": ("이라는", "라는"), "라는": ("이라는", "라는"),
    "이나": ("이나", "나"), "나": ("이나", "나"),
    "이므로": ("이므로", "므로"), "므로": ("이므로", "므로"),
}
# Particles and endings whose form never changes; attached all the same.
INVARIANT = ("입니다", "의", "에", "에서", "도", "만", "까지", "부터", "에게", "개", "개의", "곳에서", "번", "인")

_DIGITS = {"0": CONSONANT, "1": RIEUL, "2": VOWEL, "3": CONSONANT, "4": VOWEL, "5": VOWEL,  # 영 일 이 삼 사 오
           "6": CONSONANT, "7": RIEUL, "8": RIEUL, "9": VOWEL}  # 육 칠 팔 구
# Latin letters by their Korean names: 엘 and 알 end in ㄹ, 엠 and 엔 in another consonant.
_LETTERS = {**dict.fromkeys("abcdefghijkopqstuvwxyz", VOWEL), "l": RIEUL, "r": RIEUL, "m": CONSONANT, "n": CONSONANT}
# Trailing zeros of an integer: 10 십, 100 백, 1000 천, 10^4..10^7 만, 10^8..10^11 억, 10^12.. 조.
_POWERS_OF_TEN = (CONSONANT, CONSONANT, CONSONANT, CONSONANT, CONSONANT, CONSONANT, CONSONANT, CONSONANT,
                  CONSONANT, CONSONANT, CONSONANT, VOWEL)
# Words as they are said in Korean classes (셰이프, 렐루, 시그모이드): their last sound.
WORDS: dict[str, str] = {
    **dict.fromkeys(("shape", "gate", "node", "relu", "sigmoid", "softmax", "max", "amax", "tanh", "exp", "log",
                     "add", "sub", "div", "pow", "abs", "sqrt", "tan", "kink", "bpcalc", "pytorch", "index",
                     "transpose", "outer", "reshape", "softplus", "elu", "gelu", "silu", "erf", "std", "var",
                     "variance", "logsumexp", "cross_entropy", "entropy", "svm_loss", "loss", "log_softmax",
                     "leaky_relu", "vjp", "gradient", "upstream gradient", "downstream gradient", "local gradient",
                     "pass", "forward pass", "backward pass", "score", "class", "margin", "slope", "scale",
                     "square", "jax", "numpy", "sympy", "json", "markdown", "latex", "table", "value", "true",
                     "false", "inf", "infinity", "pi", "log1p", "expm1", "swish", "router", "swapper",
                     "adder", "distributor", "matrix", "vector", "reduction", "entry", "output", "input", "neg",
                     "copy", "fan-out", "fanout", "sinh", "cosh", "rule", "formula"), VOWEL),
    **dict.fromkeys(("min", "amin", "sum", "mean", "norm", "dot", "sin", "cos", "sign", "nan", "jacobian",
                     "backpropagation", "upstream", "downstream", "chain", "step", "row", "column", "program",
                     "function", "expression", "graph", "kink point", "python", "mul gate"), CONSONANT),
    **dict.fromkeys(("mul", "matmul", "chain rule", "model", "label", "l2"), RIEUL),
}
# Symbols read as words: ^2 제곱 (곱: consonant), ᵀ 전치, ' 프라임, % 퍼센트, ∞ 무한대, π 파이.
_SYMBOLS = {"²": CONSONANT, "³": CONSONANT, "ᵀ": VOWEL, "'": VOWEL, "%": VOWEL, "∞": VOWEL, "π": VOWEL,
            "σ": VOWEL, "!": VOWEL}
_KNOWN_LONGEST_FIRST = sorted(WORDS, key=len, reverse=True)  # "chain rule" before "rule"
_CLOSERS = ")]}|‖\"'`’”»"  # look inside: a bracket is read as what it encloses
_OPENERS = "([{"


def last_sound(word: str) -> str:
    """VOWEL, RIEUL or CONSONANT: how `word` ends when read aloud in Korean."""
    text = word.rstrip()
    while text:
        lowered = text.lower()
        for known in _KNOWN_LONGEST_FIRST:
            if lowered.endswith(known) and (len(known) == len(lowered) or not lowered[-len(known) - 1].isalnum()):
                return WORDS[known]
        char = text[-1]
        if "가" <= char <= "힣":
            final = (ord(char) - 0xAC00) % 28
            return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT
        if _power_before(text):
            return CONSONANT  # x^2, a^(b-1), x^n: ... 제곱
        if char in _SYMBOLS and not (char == "'" and text.count("'") % 2 == 0):
            return _SYMBOLS[char]  # x' 프라임; but 'expression' is a quotation, read inside
        if char in _DIGITS:
            return _number_sound(text)
        if char.isascii() and char.isalpha():
            return _latin_sound(text)
        if char in _CLOSERS or char in ".,;:!? \t":
            text = text[:-1].rstrip()
            continue
        return VOWEL  # an operator or symbol with no reading: the common case, no 받침
    return VOWEL


def _power_before(text: str) -> bool:
    """True when `text` ends in an exponent: x^2, a^(b-1) (read "... 제곱"), but not W^T (전치)."""
    depth = 0
    for pos in range(len(text) - 1, -1, -1):
        char = text[pos]
        if char in ")]}":
            depth += 1
        elif char in _OPENERS:
            depth -= 1
            if depth < 0:
                return False
            if depth == 0:
                return pos > 0 and text[pos - 1] == "^"
        elif depth == 0:
            if char == "^":
                return text[pos + 1:].strip() not in ("T", "t")
            if not (char.isalnum() or char in "-+._"):
                return False
    return False


def _number_sound(text: str) -> str:
    """A number's last sound: 1 일, 10 십, 0.5 영점오, -3 마이너스 삼, 1e-3 일e마이너스삼."""
    end = len(text)
    start = end
    while start > 0 and (text[start - 1] in _DIGITS or text[start - 1] == "_"):
        start -= 1
    digits = text[start:end].replace("_", "")
    decimal = start > 1 and text[start - 1] == "." and text[start - 2] in _DIGITS
    if decimal or len(digits) == 1:
        return _DIGITS[digits[-1]]  # after a decimal point each digit is read alone: 0.50 영점오영
    stripped = digits.lstrip("0")
    if not stripped:
        return CONSONANT  # 0, 00: 영
    zeros = len(stripped) - len(stripped.rstrip("0"))
    if zeros == 0:
        return _DIGITS[stripped[-1]]
    return _POWERS_OF_TEN[min(zeros, len(_POWERS_OF_TEN)) - 1]


def _latin_sound(text: str) -> str:
    """A Latin word's last sound: a lone letter or an acronym by letter names (x 엑스, L 엘, VJP
    피), a word by a loanword's usual ending (m, n, ng end in a consonant, l in ㄹ, else a vowel)."""
    end = len(text)
    start = end
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    word = text[start:end]
    letter_by_letter = len(word) == 1 or word.isupper() or not any(c in "aeiouy" for c in word.lower())
    if start > 0 and text[start - 1] in _DIGITS and len(word) == 1:
        letter_by_letter = True  # 2x, 3a: the letter
    if letter_by_letter or (start > 0 and text[start - 1] == "/" and len(word) <= 2):
        return _LETTERS[word[-1].lower()]  # dL/dx: 엑스; df: 에프
    lowered = word.lower()
    if lowered.endswith(("m", "n")):
        return CONSONANT  # -m 엠/음, -n 은/언, -ng 응
    return RIEUL if lowered.endswith("l") else VOWEL  # -l 을; -t, -p, -k, -e: 트, 프, 크


def particle(word: str, name: str) -> str:
    """The form of particle `name` (either spelling: 을 or 를) that follows `word`."""
    pair = _PAIRS.get(name)
    if pair is None:
        return name  # 입니다, 에서, 의: one form only
    sound = last_sound(word)
    if pair[0] == "으로":
        return "으로" if sound == CONSONANT else "로"
    return pair[1] if sound == VOWEL else pair[0]


def attach(word: object, name: str) -> str:
    """`word` with particle `name` attached, no space between: attach("x", "을") == "x를"."""
    text = str(word)
    return text + particle(text, name)


def is_particle(name: str) -> bool:
    return name in _PAIRS or name in INVARIANT


class KoreanFormatter(string.Formatter):
    """str.format where a field's format spec may name a particle: "{label:은} {op:의}"."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec and is_particle(format_spec):
            return attach(value, format_spec)
        return super().format_field(value, format_spec)


KOREAN = KoreanFormatter()


_MARK_OPEN, _MARK_CLOSE = "〈", "〉"  # 〈을〉: a particle chosen from all the text before it


def resolve(text: str) -> str:
    """Replace each 〈을〉 marker by the form that fits the text before it: "(1 - t^2)〈을〉" -> "(1 - t^2)을"."""
    if _MARK_OPEN not in text:
        return text
    out: list[str] = []
    rest = text
    while True:
        start = rest.find(_MARK_OPEN)
        end = rest.find(_MARK_CLOSE, start + 1) if start >= 0 else -1
        name = rest[start + 1:end] if end > start >= 0 else ""
        if start < 0 or not is_particle(name):
            out.append(rest)
            return "".join(out)
        out.append(rest[:start])
        out.append(particle("".join(out), name))
        rest = rest[end + 1:]


def fill(template: str, **fields: object) -> str:
    """`template` with its fields filled in and its particles chosen: "{label:은}", "{c}〈을〉"."""
    return resolve(KOREAN.format(template, **fields))
