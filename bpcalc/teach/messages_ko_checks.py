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
    # how the cross-check ran and what it skipped (checks/cross_check.py, scalar_differences.py, array_checks.py),
    # shown in eval's footer; the method names (sympy, finite-differences) are kept as JSON has them
    "sympy": "sympy", "sympy-elements": "sympy-elements", "finite-differences": "finite-differences", ", which failed": ", 실패",
    "the one input": "입력 1개", "all {n} inputs": "입력 {n}개 전부", "{part} of {whole} inputs": "입력 {whole}개 가운데 {part}개",
    "all inputs": "모든 입력", "{count}, the others feed a kink": "{count}, 나머지는 Kink로 들어감",
    "finite-differences ({each})": "finite-differences ({each})",
    "finite-differences ({each}, plus a directional check over {over})":
        "finite-differences ({each}, 그리고 {over}에 대한 방향 검사)",
    "finite-differences ({each}, plus a directional check over {over}, which failed)":
        "finite-differences ({each}, 그리고 {over}에 대한 방향 검사: 실패)",
    "{before}, finite-differences ({each})": "{before}, finite-differences ({each})",
    "{before}, finite-differences ({each}, plus a directional check over {over})":
        "{before}, finite-differences ({each}, 그리고 {over}에 대한 방향 검사)",
    "{before}, finite-differences ({each}, plus a directional check over {over}, which failed)":
        "{before}, finite-differences ({each}, 그리고 {over}에 대한 방향 검사: 실패)",
    "directional check: not run, every input feeds a kink": "방향 검사: 모든 입력이 Kink로 들어가서 하지 않았습니다",
    "directional check over {over}: inconclusive, {reason}": "{over}에 대한 방향 검사: 결론 없음, {reason}",
    "every nudged forward pass was undefined or crossed a kink":
        "값을 조금 옮긴 Forward pass가 모두 정의되지 않았거나 Kink를 넘었습니다",
    "the differences at h and h/2 would not settle (a pole or a jump within the step?)":
        "h와 h/2에서의 차분이 서로 맞지 않았습니다 (간격 안에 극이나 불연속이 있을 수 있습니다)",
    "finite-differences: the expression has no inputs to nudge": "finite-differences: 식에 값을 옮겨 볼 입력이 없습니다",
    "sympy (whole-expression derivatives): skipped for {size} nodes > {most}":
        "sympy (식 전체의 도함수): 노드 {size}개 > {most}개라서 건너뛰었습니다",
    "sympy (whole-expression derivatives): SymPy could not build the expression ({error})":
        "sympy (식 전체의 도함수): SymPy가 식을 만들지 못했습니다 ({error})",
    "sympy-elements (one symbol per entry): skipped for {why}": "sympy-elements (원소마다 기호 하나): {why}라서 건너뛰었습니다",
    "{entries} entries > {most}": "원소 {entries}개 > {most}개",
    "finite-differences: inputs only, too many entries to nudge every node":
        "finite-differences: 원소가 너무 많아 모든 노드를 옮겨 볼 수 없으므로 입력만 검사했습니다",
    "finite-differences: {n} entries of each input sampled at random, too many entries ({count}) to nudge them all":
        "finite-differences: 원소가 너무 많아({count}개) 모두 옮겨 볼 수 없으므로, 입력마다 원소 {n}개를 무작위로 골랐습니다",
}
