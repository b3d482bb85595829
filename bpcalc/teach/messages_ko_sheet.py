"""Korean for the comments of a blank answer sheet and an answer key (homework/sheets.py,
`check --template` and `--key`); the TOML keys and answers stay as they are."""

from __future__ import annotations

KO_SHEET: dict[str, str] = {
    "{title}: answer key": "{title}: 정답",
    "{title}: answer sheet": "{title}: 답안지",
    """\
Write each answer in quotes: numbers (-4, 0.1966), fractions (-1/3), constants (e^-1),
or lists for arrays ([0.44, 0.52]; a matrix as rows [[1, 2], [3, 4]]; a column [[0.44], [0.52]]
is read as the vector it stands for). A gradient has the shape of what it is taken with respect to.
A decimal is right when it matches the true value to the digits you write (0.731 for 0.7311...),
or the value the step gives from your own earlier (rounded) answers: rounding intermediates is fine.
Whole numbers and fractions are exact claims; a zero (0, 0.0, 0e9) claims exactly zero.""": """\
답은 모두 따옴표 안에 쓰세요: 수 (-4, 0.1966), 분수 (-1/3), 상수 (e^-1),
배열은 리스트로 씁니다 ([0.44, 0.52], 행렬은 행들로 [[1, 2], [3, 4]], 열 [[0.44], [0.52]]는
그 열이 나타내는 벡터로 읽습니다). Gradient의 shape는 미분하는 대상의 shape와 같습니다.
소수는 쓴 자릿수까지 참값과 맞으면 정답입니다 (0.7311...에 0.731),
또는 앞에서 쓴 (반올림한) 답으로 그 단계를 계산한 값과 맞아도 정답입니다: 중간값을 반올림해도 됩니다.
정수와 분수는 정확한 값을 뜻합니다. 0 (0, 0.0, 0e9)은 정확히 0이라는 뜻입니다.""",
    "Give decimals to at least {least} significant figures.": "소수는 유효숫자 {least}자리 이상으로 쓰세요.",
    "Check your sheet before handing it in: bpcalc check THIS_FILE.toml":
        "내기 전에 답안지를 검사하세요: bpcalc check THIS_FILE.toml",
    "at {given}": "값: {given}",
}
