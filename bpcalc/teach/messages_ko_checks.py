"""Korean for the messages of the checks: the limits of --exact and --symbolic (size, digits,
time), exact input values, and exact mode at a kink.

Keyed by the English template, as bpcalc/teach/messages_ko.py (which describes the format);
merged into the Korean table by bpcalc.teach.catalogue.
"""

from __future__ import annotations

KO_CHECKS: dict[str, str] = {
    # checks/exact.py: limits of exact mode
    "exact arithmetic took longer than {seconds} seconds": "정확한 계산이 {seconds}초보다 오래 걸렸습니다",
    "the closed forms grew too large; drop --exact to see the decimals":
        "닫힌 형식이 너무 커졌습니다. 소수 값을 보려면 --exact를 빼세요",
    "the graph has {size} nodes; exact mode stops at {most}": "그래프의 노드가 {size}개입니다. exact 모드는 {most}개까지만 계산합니다",
    "exact closed forms swell with depth; drop --exact for large graphs":
        "정확한 닫힌 형식은 그래프가 깊어질수록 커집니다. 큰 그래프에서는 --exact를 빼세요",
    "the exact power would have about {digits} digits (exact mode stops at {most})":
        "정확한 거듭제곱의 값이 약 {digits}자리가 됩니다 (exact 모드는 {most}자리까지만 계산합니다)",
    "the exponent {exponent} is past the {most} that exact mode expands":
        "지수 {exponent}〈이〉 exact 모드가 전개하는 한도 {most}〈을〉 넘습니다",
    "node {label}: {reason}": "노드 {label}: {reason}",
    "drop --exact to see the decimal value": "소수 값을 보려면 --exact를 빼세요",
    "drop --exact to see the decimals": "소수 값을 보려면 --exact를 빼세요",
    "node {label}: its exact {what} is undefined": "노드 {label}: 정확한 {what}〈이〉 정의되지 않습니다",
    "node {label}: its exact {what} is a closed form of {ops} operations (exact mode stops at {most})":
        "노드 {label}: 정확한 {what}〈이〉 연산 {ops}개짜리 닫힌 형식입니다 (exact 모드는 {most}개까지만 계산합니다)",
    "node {label}: its exact {what} has {digits} digits (exact mode stops at {most})":
        "노드 {label}: 정확한 {what}〈이〉 {digits}자리입니다 (exact 모드는 {most}자리까지만 계산합니다)",
    "closed forms swell with depth; drop --exact to see the decimals":
        "닫힌 형식은 그래프가 깊어질수록 커집니다. 소수 값을 보려면 --exact를 빼세요",
    "node {label}: its exact local gradient is undefined here": "노드 {label}: 여기서는 정확한 Local Gradient가 정의되지 않습니다",
    "node {label}: exact mode cannot follow the {op} gate on these arrays ({error})":
        "노드 {label}: 이 배열에서는 exact 모드가 {op} 게이트를 따라갈 수 없습니다 ({error})",
    "local gradient": "Local Gradient",
    # checks/exact.py and exact_arrays.py: exact input values
    "exact mode takes integers, decimals, fractions (1/3) and pi or e, and arrays of them":
        "exact 모드는 정수, 소수, 분수(1/3), pi와 e, 그리고 이들의 배열을 받습니다",
    "unexpected {token} in the value of {name}": "{name}의 값에 예상하지 못한 {token}〈이〉 있습니다",
    "the array value of {name} is not closed": "{name}의 배열 값이 닫히지 않았습니다",
    "write arrays as [1, 2] or [[1, 2], [3, 4]]": "배열은 [1, 2]나 [[1, 2], [3, 4]]처럼 씁니다",
    "the rows of {name} have different lengths": "{name}의 행들의 길이가 서로 다릅니다",
    "unbalanced ']' in the value of {name}": "{name}의 값에 짝이 없는 ']'가 있습니다",
    # checks/exact_arrays.py: array sizes and kinks
    "node {label} sits at a kink of its gate, where exact mode has no exact local gradient":
        "노드 {label}〈이〉 게이트의 Kink에 있어, exact 모드로는 정확한 Local Gradient를 구할 수 없습니다",
    "drop --exact, or move the inputs off the kink": "--exact를 빼거나, 입력을 Kink에서 옮기세요",
    "{label} has {size} entries (shape {shape}); {what} handles arrays of at most {most}":
        "{label}의 원소가 {size}개(shape {shape})입니다. {what}에서는 원소가 최대 {most}개인 배열까지 다룹니다",
    "exact mode": "exact 모드",
    "drop --{option} to see the decimals, or try a smaller example": "소수 값을 보려면 --{option} 옵션을 빼거나, 더 작은 예로 해 보세요",
    # checks/array_symbolic.py: --symbolic on arrays
    "the symbolic array gradients took longer than {seconds} seconds": "배열 Gradient의 기호 계산이 {seconds}초보다 오래 걸렸습니다",
    "drop --symbolic to see the numbers, or try a smaller example": "수를 보려면 --symbolic을 빼거나, 더 작은 예로 해 보세요",
    "--symbolic cannot write the gradient of {name} as formulas here ({error})":
        "--symbolic으로는 여기서 {name}의 Gradient를 식으로 쓸 수 없습니다 ({error})",
    "drop --symbolic to see the numbers": "수를 보려면 --symbolic을 빼세요",
    # check notes (checks/numeric.py, scalar_symbolic.py), printed under the eval table
    "step shrunk to stay in the domain or on one piece": "정의역 안이나 한 조각 위에 머물도록 간격을 줄였습니다",
    "one-sided where a centred step leaves the domain": "중앙 차분이 정의역을 벗어나는 곳에서는 한쪽 차분을 썼습니다",
    "its value may have no correct digit left": "값에 맞는 자릿수가 하나도 남지 않았을 수 있습니다",
    "its local gradient depends on digits that float64 does not hold": "Local Gradient가 float64에 담기지 않는 자릿수에 의존합니다",
    "; the digits are lost at node {label} ({op}): {what} (cancellation)":
        ". 자릿수는 노드 {label} ({op})에서 사라집니다: {what} (상쇄)",
    "dL/d{label}: backprop gives {got}, the exact value is {exact}; the difference {gap} is within {bound}, "
    "what float64 rounding can do to this computation{where}":
        "dL/d{label}: Backpropagation의 값은 {got}, 정확한 값은 {exact}입니다. 차이 {gap}〈은〉 float64 반올림이 이 계산에 "
        "낼 수 있는 오차 {bound} 안에 있습니다{where}",
}
