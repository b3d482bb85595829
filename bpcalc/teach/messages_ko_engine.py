"""Korean for the messages of the engine, the public API and the registry's rows: domain and
shape errors naming the node, the memory budget, a given upstream gradient, and the problems
the rows' forward rules and shape checks report (they become the end of a node's error).

Keyed by the English template, as bpcalc/teach/messages_ko.py (which describes the format);
merged into the Korean table by bpcalc.teach.catalogue. tests/test_messages_ko.py keeps it
complete for the modules it covers.
"""

from __future__ import annotations

KO_ENGINE: dict[str, str] = {
    # engine/__init__.py (bind): values and inputs
    "give it on the command line: --var {name}=VALUE (or 'let {name} = VALUE' in a program file)":
        "명령줄에서 --var {name}=VALUE로 주세요 (프로그램 파일에서는 'let {name} = VALUE')",
    "did you mean `{product}`? (values were given for {names})": "혹시 `{product}`인가요? ({names}의 값이 주어졌습니다)",
    "give values only for input variables": "입력 변수에만 값을 주세요",
    "did you mean --{suggestion}?": "혹시 --{suggestion}인가요?",
    "a value was given for '{typo}': did you mean '{name}'? {hint}":
        "'{typo}'에 값이 주어졌습니다. 혹시 '{name}'인가요? {hint}",
    "a value was given for '{name}', but the program computes '{name}'":
        "'{name}'에 값이 주어졌지만, '{name}'〈은〉 프로그램이 계산하는 값입니다",
    "the inputs are: none": "입력이 없습니다",
    # engine/failures.py, scalar_pass.py, array_pass.py: the node where a pass failed
    "node {label} ({op}), '{text}': {problem}": "노드 {label} ({op}), '{text}': {problem}",
    "node {label} ({op}): {problem}": "노드 {label} ({op}): {problem}",
    "change the input values so this node is defined": "이 노드가 정의되도록 입력 값을 바꾸세요",
    "the derivative does not exist at this point; try nearby input values":
        "이 점에서는 미분이 존재하지 않습니다. 가까운 다른 입력 값으로 해 보세요",
    "{text}: shapes {a} and {b} do not broadcast together": "{text}: shape {a}〈과〉 {b}〈은〉 서로 broadcast되지 않습니다",
    "elementwise operations need equal shapes, or shapes that broadcast (a scalar, a row, a column)":
        "원소별 연산에는 shape가 같거나 broadcast되는 shape(스칼라, 행, 열)가 필요합니다",
    "{text}: {problem}": "{text}: {problem}",
    "check the shapes of the inputs of {op} (write {syntax})": "{op}의 입력 shape를 확인하세요 ({syntax} 꼴로 씁니다)",
    "the result is not a finite number (overflow or undefined)":
        "결과가 유한한 수가 아닙니다 (오버플로이거나 정의되지 않습니다)",
    "the result overflows (it is too large for a float)": "결과가 오버플로됩니다 (float에 담기에는 너무 큽니다)",
    "its local gradient is infinite or undefined at these inputs":
        "이 입력에서 Local Gradient가 무한대이거나 정의되지 않습니다",
    "its gradient overflows (it is too large for a float)": "Gradient가 오버플로됩니다 (float에 담기에는 너무 큽니다)",
    "undefined here ({error})": "여기서 정의되지 않습니다 ({error})",
    "division by zero": "0으로 나눕니다",
    # what Python's math says inside "undefined here (...)"
    "math domain error": "정의역 밖의 값입니다", "math range error": "결과가 float의 범위를 벗어납니다",
    "float division by zero": "0으로 나눕니다", "integer division or modulo by zero": "0으로 나눕니다",
    "division by zero in power": "거듭제곱에서 0으로 나눕니다",
    "Numerical result out of range": "결과가 float의 범위를 벗어납니다",
    "int too large to convert to float": "정수가 너무 커서 float로 바꿀 수 없습니다",
    "cannot convert float NaN to integer": "NaN은 정수로 바꿀 수 없습니다",
    "cannot convert float infinity to integer": "무한대는 정수로 바꿀 수 없습니다",
    # engine/budget.py
    "node {id} ({op}), '{text}': would hold {entries} numbers ({size}); with the gradients the program needs about "
    "{used}, past the memory budget of {limit}":
        "노드 {id} ({op}), '{text}': 수 {entries}개({size})를 담게 됩니다. Gradient까지 합치면 프로그램에 약 {used}〈이〉 필요해 "
        "메모리 한도 {limit}〈을〉 넘습니다",
    "use smaller arrays, or raise the budget with --max-memory (e.g. --max-memory 8G)":
        "더 작은 배열을 쓰거나 --max-memory로 한도를 높이세요 (예: --max-memory 8G)",
    # engine/upstream.py: an array output and a given upstream gradient
    "the output is an array of shape {shape}; gradients need a scalar output or a given upstream gradient":
        "출력이 shape {shape}의 배열입니다. Gradient를 구하려면 출력이 스칼라이거나 Upstream Gradient가 주어져야 합니다",
    'give the upstream gradient dL/d(output) with --upstream "[...]" (an `upstream = [...]` line in a program file, '
    "upstream= in bpcalc.evaluate), or reduce the output to one number, e.g. wrap the expression in sum(...)":
        'Upstream Gradient dL/d(output)를 --upstream "[...]"로 주거나 (프로그램 파일에서는 `upstream = [...]` 줄, '
        "bpcalc.evaluate에서는 upstream=), 출력을 수 하나로 줄이세요 (예: 식을 sum(...)으로 감쌉니다)",
    "the upstream gradient has {given}, but the output {written} has {wanted}":
        "Upstream Gradient는 {given}인데, 출력 {written}〈은〉 {wanted}입니다",
    "a number, shape ()": "수 하나, shape ()",
    "dL/d(output) has the output's shape: give {wanted} with --upstream":
        "dL/d(output)는 출력과 shape가 같습니다: --upstream으로 {wanted}〈을〉 주세요",
    "the upstream gradient has an entry that is not a finite number": "Upstream Gradient에 유한하지 않은 원소가 있습니다",
    "give finite numbers: gradients from NaN or infinity mean nothing":
        "유한한 수를 주세요. NaN이나 무한대에서 시작한 Gradient는 의미가 없습니다",
    # api.py (bpcalc.evaluate)
    "a value for '{name}' was given twice (in the values dict and as a keyword)":
        "'{name}'의 값이 두 번 주어졌습니다 (values 딕셔너리와 키워드 인자)",
    "give each value once": "값마다 한 번만 주세요",
    "the expression has an input named '{name}', which is also an option of this function":
        "식에 '{name}'〈이라는〉 입력이 있는데, 이 이름은 이 함수의 옵션이기도 합니다",
    "give its value in the values dict, e.g. evaluate(text, {'{name}': 3}); {name}= is the option "
    "(on the command line: --var {name}=VALUE)":
        "값은 values 딕셔너리로 주세요 (예: evaluate(text, {{'{name}': 3}})). {name}=〈은〉 옵션입니다 "
        "(명령줄에서는 --var {name}=VALUE)",
    "the value of {name} is a boolean, not a number": "{name}의 값이 수가 아니라 불리언입니다",
    "the value of {name} is not finite": "{name}의 값이 유한하지 않습니다",
    # ops/scalar.py, activations.py: domains
    "0 raised to a negative power is a division by zero": "0의 음수 거듭제곱은 0으로 나누는 것입니다",
    "a negative base to a non-integer power is not a real number": "음수인 밑의 정수가 아닌 거듭제곱은 실수가 아닙니다",
    "a negative base ({a}) to a non-integer power ({b}) is not a real number":
        "음수인 밑({a})의 정수가 아닌 거듭제곱({b})은 실수가 아닙니다",
    "log is only defined for positive numbers, got {a}": "log는 양수에서만 정의되는데, {a}〈이〉 들어왔습니다",
    "sqrt of a negative number ({a})": "음수의 sqrt입니다 ({a})",
    "tan is undefined where cos is 0 (odd multiples of pi/2)": "tan은 cos가 0인 곳(pi/2의 홀수 배)에서 정의되지 않습니다",
    "an array with such entries": "그런 원소가 있는 배열",
    "log1p is only defined for numbers above -1, got {a}": "log1p는 -1보다 큰 수에서만 정의되는데, {a}〈이〉 들어왔습니다",
    # ops/array_helpers.py, reduction_forms.py: integers and axes
    "the {what} must be one integer, got an array of shape {shape}":
        "{what}〈은〉 정수 하나여야 하는데, shape {shape}의 배열이 들어왔습니다",
    "the {what} must be an integer, got {number}": "{what}〈은〉 정수여야 하는데, {number}〈이〉 들어왔습니다",
    "the {what} must be integers or a tuple of integers such as (2, 3)":
        "{what}〈은〉 정수이거나 (2, 3) 같은 정수 튜플이어야 합니다",
    "axis {axis} does not exist for an input of shape {shape}": "shape {shape}인 입력에는 axis {axis}〈이〉 없습니다",
    "a scalar has no axes to reduce": "스칼라에는 줄일 축이 없습니다",
    "{symbol} needs vectors or matrices, and its inputs here are scalars":
        "{symbol}에는 벡터나 행렬이 필요한데, 여기서는 입력이 스칼라입니다",
    "the axis must be an integer or a tuple of integers such as (0, 1)": "axis는 정수이거나 (0, 1) 같은 정수 튜플이어야 합니다",
    "the axes {axes} name an axis twice": "축 {axes}에 같은 축이 두 번 있습니다",
    "keepdims must be True or False": "keepdims는 True 또는 False여야 합니다",
    "index": "인덱스", "bound of arange": "arange의 경계값", "an array literal [a, b, ...]": "배열 리터럴 [a, b, ...]",
    # ops/indexing.py
    "the index array for axis {axis} must hold integers, got {values}":
        "axis {axis}의 인덱스 배열에는 정수가 있어야 하는데, {values}〈이〉 들어왔습니다",
    "index {index} is out of range for axis {axis} of size {size}":
        "인덱스 {index}〈은〉 크기가 {size}인 axis {axis}의 범위를 벗어납니다",
    "an index can have only one '...'": "인덱스에는 '...'를 하나만 쓸 수 있습니다",
    "{count} indices for an input of shape {shape}, which has {ndim} axes":
        "shape {shape}인 입력은 축이 {ndim}개인데, 인덱스가 {count}개입니다",
    "a scalar cannot be indexed": "스칼라는 인덱싱할 수 없습니다",
    # ops/losses.py
    "scores must be a vector (C,) or a matrix (N, C), got shape {shape}":
        "scores는 벡터 (C,) 또는 행렬 (N, C)여야 하는데, shape {shape}〈이〉 들어왔습니다",
    "scores of shape {shape} need one label, got shape {given}":
        "shape {shape}인 scores에는 레이블 하나가 필요한데, shape {given}〈이〉 들어왔습니다",
    "scores of shape {shape} need labels of shape {wanted}, got shape {given}":
        "shape {shape}인 scores에는 shape {wanted}의 레이블이 필요한데, shape {given}〈이〉 들어왔습니다",
    "class labels must be integers": "class 레이블은 정수여야 합니다",
    "class labels must be between 0 and {last} (scores have {count} classes)":
        "class 레이블은 0 이상 {last} 이하여야 합니다 (scores의 class는 {count}개입니다)",
    "soft labels of shape {shape} must be probabilities: each row at least 0 and summing to 1":
        "shape {shape}의 soft 레이블은 확률이어야 합니다: 각 행의 원소가 0 이상이고 합이 1이어야 합니다",
    "the margin delta must be one number, got an array of shape {shape}":
        "margin delta는 수 하나여야 하는데, shape {shape}의 배열이 들어왔습니다",
    # ops/compare.py, dot_rules.py, linear_algebra.py
    "where({c}, {a}, {b}): the condition and both choices must have one shape (or broadcast to one)":
        "where({c}, {a}, {b}): 조건과 두 선택지의 shape가 같거나 하나로 broadcast되어야 합니다",
    "dot({sa}, {sb}): dot takes vectors or matrices; use * to multiply by a scalar":
        "dot({sa}, {sb}): dot은 벡터나 행렬을 받습니다. 스칼라를 곱하려면 *를 쓰세요",
    "dot({sa}, {sb}): dot takes vectors or matrices (1 or 2 axes); use @ for a batch of matrices":
        "dot({sa}, {sb}): dot은 벡터나 행렬(축 1개 또는 2개)을 받습니다. 행렬의 배치에는 @를 쓰세요",
    "dot({sa}, {sb}): inner dimensions {a} and {b} differ": "dot({sa}, {sb}): 안쪽 차원 {a}〈과〉 {b}〈이〉 다릅니다",
    "dot({sa}, {sb}): the vectors' lengths {a} and {b} differ": "dot({sa}, {sb}): 두 벡터의 길이 {a}〈과〉 {b}〈이〉 다릅니다",
    "{sa} @ {sb}: @ needs vectors or matrices; use * to multiply by a scalar":
        "{sa} @ {sb}: @에는 벡터나 행렬이 필요합니다. 스칼라를 곱하려면 *를 쓰세요",
    "{sa} @ {sb}: inner dimensions {a} and {b} differ": "{sa} @ {sb}: 안쪽 차원 {a}〈과〉 {b}〈이〉 다릅니다",
    "{sa} @ {sb}: the last axis of the left ({a}) and the only axis of the right ({b}) differ":
        "{sa} @ {sb}: 왼쪽의 마지막 축({a})과 오른쪽의 하나뿐인 축({b})〈이〉 다릅니다",
    "{sa} @ {sb}: the last axis of the left ({a}) and the second-to-last axis of the right ({b}) differ":
        "{sa} @ {sb}: 왼쪽의 마지막 축({a})과 오른쪽의 끝에서 두 번째 축({b})〈이〉 다릅니다",
    "{sa} @ {sb}: the batch shapes {a} and {b} do not broadcast together":
        "{sa} @ {sb}: 배치 shape {a}〈과〉 {b}〈은〉 서로 broadcast되지 않습니다",
    "outer({sa}, {sb}): outer takes two vectors": "outer({sa}, {sb}): outer는 벡터 두 개를 받습니다",
    # ops/shaping.py, sizes.py, stacking.py
    "the shape {shape} has more than one -1 (only one size can be worked out)":
        "shape {shape}에 -1이 두 개 이상 있습니다 (알아낼 수 있는 크기는 하나뿐입니다)",
    "the shape {shape} has a negative size": "shape {shape}에 음수 크기가 있습니다",
    "the shape {shape} needs sizes of at least 1": "shape {shape}의 크기는 1 이상이어야 합니다",
    "the shape {shape} holds {count} numbers; a constant array holds at most {most}":
        "shape {shape}에는 수가 {count}개 들어갑니다. 상수 배열에는 최대 {most}개까지 들어갑니다",
    "cannot reshape {size} entries (shape {given}) into shape {shape}: {size} is not a multiple of {known}":
        "원소 {size}개(shape {given})를 shape {shape}〈으로〉 reshape할 수 없습니다: {size}〈은〉 {known}의 배수가 아닙니다",
    "cannot reshape {size} entries (shape {given}) into shape {shape}, which holds {known}":
        "원소 {size}개(shape {given})를 원소가 {known}개인 shape {shape}〈으로〉 reshape할 수 없습니다",
    "len() of a scalar: it has no axes (len(x) is the size of x's first axis)":
        "스칼라의 len()입니다. 스칼라에는 축이 없습니다 (len(x)는 x의 첫 번째 축의 크기입니다)",
    "arange({args}) would hold {count} entries; at most {most} here":
        "arange({args})의 원소가 {count}개가 됩니다. 여기서는 최대 {most}개입니다",
    "{what} needs parts of one shape, got {listed}": "{what}에는 shape가 같은 조각이 필요한데, {listed}〈이〉 들어왔습니다",
    "axis {axis} does not exist for the stacked array, which has {ndim} axes":
        "쌓은 배열은 축이 {ndim}개라서 axis {axis}〈이〉 없습니다",
    "concatenate needs arrays with the same number of axes (at least 1), got shapes {shapes}":
        "concatenate에는 축의 개수가 같은(1개 이상) 배열이 필요한데, shape {shapes}〈이〉 들어왔습니다",
    "axis {axis} does not exist for parts of shape {shape}": "shape {shape}인 조각에는 axis {axis}〈이〉 없습니다",
    "concatenate along axis {axis} needs the other axes to agree, got shapes {shapes}":
        "axis {axis}〈을〉 따라 concatenate하려면 나머지 축이 같아야 하는데, shape {shapes}〈이〉 들어왔습니다",
    "vstack needs parts whose rows have one shape, got {shapes}":
        "vstack에는 행의 shape가 같은 조각이 필요한데, {shapes}〈이〉 들어왔습니다",
    "hstack needs parts that agree except along the joined axis, got {shapes}":
        "hstack에는 잇는 축을 빼고 shape가 같은 조각이 필요한데, {shapes}〈이〉 들어왔습니다",
}
