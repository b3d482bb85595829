"""Korean for messages of the language layer that bpcalc/teach/messages_ko.py does not hold yet
(found by the message scan of tests/test_messages_ko.py): hints built from a row's syntax,
file-value hints, and the parts messages are built from.

Keyed by the English template, as bpcalc/teach/messages_ko.py; merged by bpcalc.teach.catalogue.
"""

from __future__ import annotations

KO_LANGUAGE: dict[str, str] = {
    # language/syntax_errors.py; show(token), which messages quote
    "the number {text}": "수 {text}", "the name '{text}'": "이름 '{text}'", "the end of the statement": "문장의 끝",
    "write {syntax}": "{syntax}처럼 쓰세요",
    # language/values.py
    "give @FILE with FILE a .json (nested list), .npy or .csv file, e.g. --W=@weights.json":
        "@FILE로 주세요. FILE은 .json(중첩 리스트), .npy 또는 .csv 파일입니다 (예: --W=@weights.json)",
    "its rows differ in length": "행들의 길이가 서로 다릅니다",
    "dates and times": "날짜와 시각", "complex numbers": "복소수",
    # language/spellings.py: what to write instead of a function bpcalc does not have
    "write x^2 (or x**2) for the square of x": "x의 제곱은 x^2(또는 x**2)로 쓰세요",
    "write x^3 for the cube of x": "x의 세제곱은 x^3으로 쓰세요",
    "write a * b (elementwise) or A @ B (the matrix product)": "a * b(원소별 곱)나 A @ B(행렬 곱)로 쓰세요",
    "write A @ B for the matrix product": "행렬 곱은 A @ B로 쓰세요",
    "write log(x) / log(2)": "log(x) / log(2)처럼 쓰세요", "write log(x) / log(10)": "log(x) / log(10)처럼 쓰세요",
    "{start}...({count} digits)": "{start}...({count}자리)",
    # op.arity_text(), inside "{name}() takes {arity}, got {count}"
    "1 argument": "인자 1개", "{n} arguments": "인자 {n}개", "{low} or {high} arguments": "인자 {low}개 또는 {high}개",
    "{low} to {high} arguments": "인자 {low}~{high}개", "{n} or more arguments": "인자 {n}개 이상",
    # language/array_syntax.py, index_parts.py, literals.py, list_syntax.py, methods.py
    "'{name}' is a function and needs arguments": "'{name}'〈은〉 함수이므로 인자가 필요합니다",
    "'let' starts a value line": "'let'은 값을 주는 줄을 시작합니다",
    "{name}() takes {arity}, got {count}": "{name}()에는 {arity}〈이〉 필요한데, {count}개가 주어졌습니다",
    "'{text}' is not an index": "'{text}'〈은〉 인덱스가 아닙니다",
    "an index is an integer (x[0], x[-1]), a name (s[y]), a slice with integer bounds (W[1, :], x[::-1]), None "
    "(x[:, None]), ..., an integer array ([0, 2]) or arange(N) (S[arange(N), y])":
        "인덱스는 정수(x[0], x[-1]), 이름(s[y]), 정수 경계의 슬라이스(W[1, :], x[::-1]), None(x[:, None]), ..., "
        "정수 배열([0, 2]) 또는 arange(N)(S[arange(N), y])입니다",
    "a slice has at most two ':' but '{text}' has more": "슬라이스에는 ':'가 최대 두 개인데, '{text}'에는 더 있습니다",
    "a slice step cannot be 0": "슬라이스의 step은 0일 수 없습니다",
    "an empty index": "빈 인덱스",
    "'{text}' is not a bound of arange here": "'{text}'〈은〉 여기서 arange의 경계값이 될 수 없습니다",
    "in an index, arange's bounds are integers or names: name a longer expression first, as in n = len(y); "
    "S[arange(n), y]":
        "인덱스 안에서 arange의 경계값은 정수나 이름입니다. 더 긴 식은 먼저 이름을 붙이세요 (예: n = len(y); S[arange(n), y])",
    "{name}() in an index takes one or two bounds": "인덱스 안의 {name}()에는 경계값을 하나나 둘 줍니다",
    "write arange(N) or arange(a, b), each bound an integer or a name": "arange(N)이나 arange(a, b)로 쓰세요. 경계값은 정수나 이름입니다",
    "a tuple's integers are separated by commas and closed by ')'": "튜플의 정수는 쉼표로 구분하고 ')'로 닫습니다",
    "a tuple holds integers, as in (2, 3), (-1, 4) or (3,)": "튜플에는 (2, 3), (-1, 4), (3,)처럼 정수가 들어갑니다",
    "'{text}' cannot stand in a tuple": "'{text}'〈은〉 튜플에 들어갈 수 없습니다",
    "the end": "끝",
    "unbalanced ']': there is no '[' to close": "짝이 없는 ']': 닫을 '['가 없습니다",
    "remove it or add the matching '['": "지우거나 짝이 맞는 '['를 넣으세요",
    "a list holds one or more parts, as in [a, b]": "리스트에는 [a, b]처럼 조각이 하나 이상 들어갑니다",
    "{name}() takes a list of parts, as in {name}([a, b])": "{name}()에는 {name}([a, b])처럼 조각의 리스트를 줍니다",
    "{name}() takes a list and an axis, got {extra} more argument(s)":
        "{name}()에는 리스트와 axis를 주는데, 인자가 {extra}개 더 있습니다",
    "{name}() takes one list, got {extra} more argument(s)": "{name}()에는 리스트 하나를 주는데, 인자가 {extra}개 더 있습니다",
    "unexpected '.' before {token}": "{token} 앞에 예상하지 못한 '.'가 있습니다",
    "'{name}' is no function bpcalc has, so no method either": "'{name}'〈은〉 bpcalc의 함수가 아니므로 메서드도 아닙니다",
    "TOML file": "TOML 파일",
    "after an array, '.T' is its transpose, '.shape' its shape, and '.name(...)' a function with the array as its "
    "first argument: X.dot(W), x.sum(axis=0), X.max(), x.T.dot(y)":
        "배열 뒤의 '.T'는 전치, '.shape'는 shape, '.name(...)'은 그 배열을 첫 인자로 받는 함수입니다: X.dot(W), "
        "x.sum(axis=0), X.max(), x.T.dot(y)",
    # language/keywords.py
    "{name}() does not take the keywords {given} together": "{name}()에는 키워드 {given}〈을〉 함께 줄 수 없습니다",
    "{name}() takes no axis": "{name}()에는 axis를 줄 수 없습니다",
    "unknown keyword argument '{word}' in {name}()": "{name}()에 알 수 없는 키워드 인자 '{word}'〈이〉 있습니다",
    "{name}() takes the keywords: {takes}": "{name}()의 키워드: {takes}",
    "{name}() takes no keyword arguments (the keywords of the reductions are axis and keepdims)":
        "{name}()에는 키워드 인자가 없습니다 (reduction의 키워드는 axis와 keepdims입니다)",
    "{name}() needs {count} argument(s) before its keywords, got {positional}":
        "{name}()에는 키워드 앞에 인자가 {count}개 필요한데, {positional}개가 주어졌습니다",
    "'{keyword}' of {name}() is given twice, by position and by name": "{name}()의 '{keyword}'〈이〉 위치와 이름으로 두 번 주어졌습니다",
    "a positional argument after a keyword argument in {name}()": "{name}()에서 키워드 인자 뒤에 위치 인자가 있습니다",
    "put the keyword arguments last, as in sum(x, axis=0, keepdims=True)":
        "키워드 인자는 sum(x, axis=0, keepdims=True)처럼 맨 뒤에 쓰세요",
    "the keyword '{keyword}' is given twice in {name}()": "{name}()에 키워드 '{keyword}'〈이〉 두 번 주어졌습니다",
    "give each keyword once": "키워드마다 한 번만 주세요",
    # language/comparisons.py, fold.py
    "a chain of comparisons (a {first} b {second} c) is not supported": "연쇄 비교(a {first} b {second} c)는 지원하지 않습니다",
    "Python reads it as (a {first} b) and (b {second} c): write (a {first} b) * (b {second} c) for that, or add "
    "parentheses: (a {first} b) {second} c":
        "Python은 이것을 (a {first} b) and (b {second} c)로 읽습니다. 그런 뜻이면 (a {first} b) * (b {second} c)로 쓰고, "
        "아니면 괄호를 넣으세요: (a {first} b) {second} c",
    "the constant '{text}' ({op}) {verb}: {problem}": "상수 '{text}' ({op})〈이〉 {verb}: {problem}",
    "is undefined": "정의되지 않습니다", "overflows": "오버플로됩니다", "overflows or is undefined": "오버플로되거나 정의되지 않습니다",
    "the result is not a finite number": "결과가 유한한 수가 아닙니다",
    "the result is too large for a float": "결과가 float에 담기에는 너무 큽니다",
    "a constant subexpression is computed once, before any input is read; change it":
        "상수 부분식은 입력을 읽기 전에 한 번 계산됩니다. 식을 고치세요",
    "{text}: the shapes do not broadcast together": "{text}: shape가 서로 broadcast되지 않습니다",
    # language/careful.py: characters bpcalc does not read
    "a single '|' is not read": "'|' 하나는 읽지 않습니다",
    "write abs(x) for |x|; ||v|| (or ‖v‖) is the norm of v": "|x|는 abs(x)로 쓰세요. ||v||(또는 ‖v‖)는 v의 norm입니다",
    "a superscript '{plain}' ({name}) is ambiguous here": "위 첨자 '{plain}'(`{name}`)〈은〉 여기서 뜻이 모호합니다",
    "write the power with ^ and parentheses, e.g. e^({plain}) or exp({plain})":
        "거듭제곱은 ^와 괄호로 쓰세요 (예: e^({plain}), exp({plain}))",
    "unexpected character {char}": "예상하지 못한 문자 {char}",
    "unexpected character '{char}' ({name})": "예상하지 못한 문자 '{char}' (유니코드 `{name}`)",
    "an em dash is ambiguous; type '-' for minus": "em dash는 뜻이 모호합니다. 빼기는 '-'로 쓰세요",
    "it looks like {plain}; type that instead": "{plain}처럼 보입니다. 대신 그것을 쓰세요",
    "an invisible or control character; delete it and retype the text around it":
        "보이지 않는 문자나 제어 문자입니다. 지우고 그 주변 글자를 다시 쓰세요",
    "bpcalc understands numbers, names, + - * / ** ^ @, parentheses, brackets, commas, ';' and '#' comments":
        "bpcalc가 읽는 것: 수, 이름, + - * / ** ^ @, 괄호, 대괄호, 쉼표, ';', '#' 주석",
    "'{ch}' is the {name}, which only looks like the Latin letter '{latin}'":
        "'{ch}'〈은〉 유니코드 문자 `{name}`〈으로〉, 라틴 문자 '{latin}'〈과〉 모양만 비슷합니다",
    "retype it as '{latin}' (text pasted from a PDF or typed in another keyboard layout)":
        "'{latin}'〈으로〉 다시 쓰세요 (PDF에서 붙여 넣었거나 다른 자판 배열로 입력한 글자입니다)",
    "'{ch}' reads as {what}, which bpcalc does not have": "'{ch}'〈은〉 {what}〈으로〉 읽히는데, bpcalc에는 없습니다",
    "a summation sign": "합 기호", "a product sign": "곱 기호",
    "write the terms out with '+' or '*', or use sum(x) on an array": "항을 '+'나 '*'로 풀어 쓰거나, 배열에는 sum(x)를 쓰세요",
    "'√' is read only before a parenthesis, as in √(x)": "'√'는 √(x)처럼 괄호 앞에서만 읽습니다",
    "write sqrt(x) or √(x); how far a bare √ reaches is ambiguous": "sqrt(x)나 √(x)로 쓰세요. 괄호 없는 √가 어디까지인지 모호합니다",
    "a superscript sign without superscript digits after it": "위 첨자 부호 뒤에 위 첨자 숫자가 없습니다",
    "write the power with ^, e.g. x^-1 or x⁻¹": "거듭제곱은 ^로 쓰세요 (예: x^-1, x⁻¹)",
    "a number is directly followed by {what}": "수 바로 뒤에 {what}〈이〉 붙어 있습니다",
    "write the multiplication out: {left}*{right}": "곱하기를 분명히 쓰세요: {left}*{right}",
    "malformed number: more than one decimal point": "잘못된 수: 소수점이 두 개 이상입니다",
    "'{raw}' is not a usable name": "'{raw}'〈은〉 쓸 수 있는 이름이 아닙니다",
    "names are letters, digits and '_', starting with a letter, e.g. x, w1, alpha, θ":
        "이름은 글자, 숫자, '_'로 이루어지고 글자로 시작합니다 (예: x, w1, alpha, θ)",
    "malformed number: the exponent after 'e' has no digits": "잘못된 수: 'e' 뒤의 지수에 숫자가 없습니다",
    "write scientific notation as 1e-3 or 2.5E+4": "과학적 표기법은 1e-3이나 2.5E+4처럼 씁니다",
    # language/latex_input.py
    "the LaTeX command '\\{word}' is not something bpcalc reads": "LaTeX 명령 '\\{word}'〈은〉 bpcalc가 읽지 않습니다",
    "write the terms out, or sum(x) over an array": "항을 풀어 쓰거나, 배열에는 sum(x)를 쓰세요",
    "bpcalc reads \\frac{a}{b}, \\sqrt{x}, \\exp, \\log, \\ln, \\max, \\min, \\sigma, \\cdot, \\times, "
    "\\left( \\right), ^{...} and Greek letters":
        "bpcalc가 읽는 LaTeX: \\frac{a}{b}, \\sqrt{x}, \\exp, \\log, \\ln, \\max, \\min, \\sigma, \\cdot, "
        "\\times, \\left( \\right), ^{...}, 그리스 문자",
    "\\sqrt[n]{x} (an n-th root) is not read": "\\sqrt[n]{x}(n제곱근)는 읽지 않습니다",
    "unbalanced '}': there is no '{' to close": "짝이 없는 '}': 닫을 '{'가 없습니다",
    "remove it or add the matching '{'": "지우거나 짝이 맞는 '{'를 넣으세요",
    "\\frac needs its numerator and denominator in braces": "\\frac에는 중괄호로 감싼 분자와 분모가 필요합니다",
    "'\\{command}' needs a name in braces": "'\\{command}'에는 중괄호로 감싼 이름이 필요합니다",
    "write e.g. \\operatorname{relu}(x)": "예: \\operatorname{relu}(x)처럼 쓰세요",
    "\\frac needs a denominator in braces after its numerator": "\\frac에는 분자 뒤에 중괄호로 감싼 분모가 필요합니다",
}
