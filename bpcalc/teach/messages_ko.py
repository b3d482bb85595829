"""Korean for the messages bpcalc shows outside the explanations: errors and hints, table
headers and titles, check reports. Keyed by the English template as the code writes it, with
named placeholders ({name}); a Korean template may name a particle after a placeholder,
`{name:을}`, or after any text, `〈을〉` (bpcalc.base.korean). Which modules are covered, and
the test that keeps this table complete for them: tests/test_messages_ko.py.
"""

from __future__ import annotations

KO: dict[str, str] = {
    # the frame of every error (errors.BpcalcError.render)
    "error: {message}": "오류: {message}",
    "error (column {column}): {message}": "오류 ({column}열): {message}",
    "error (line {line}, column {column}): {message}": "오류 ({line}행 {column}열): {message}",
    "hint: {hint}": "도움말: {hint}",
    "warning: {warning}": "경고: {warning}",
    # language/syntax_errors.py, parser.py, statements.py, spellings.py, lexer.py
    "'=' can only follow a name at the start of a statement": "'='는 문장 맨 앞의 이름 바로 뒤에만 올 수 있습니다",
    "'let' is a keyword": "'let'은 예약어입니다",
    "'{name_text}' is a function or constant and cannot be an input":
        "'{name_text}'〈은〉 함수나 상수이므로 입력이 될 수 없습니다",
    "'{name}' is a function and cannot be assigned": "'{name}'〈은〉 함수이므로 값을 대입할 수 없습니다",
    "'{name}' is assigned twice": "'{name}'에 두 번 대입했습니다",
    "'{name}' is the constant {name} and cannot be assigned": "'{name}'〈은〉 상수 {name}〈이므로〉 값을 대입할 수 없습니다",
    "'{name}' is used as an input before this line assigns it": "'{name}'〈이〉 이 줄에서 대입되기 전에 입력으로 쓰였습니다",
    "'{target}' is used on the right of its own assignment (a cycle)":
        "'{target}'〈이〉 자기 자신을 대입하는 식의 오른쪽에 쓰였습니다 (순환)",
    "a comma outside a function call": "함수 호출 밖에 쉼표가 있습니다",
    "add the missing {closer}": "빠진 {closer}〈을〉 넣으세요",
    "an input cannot be reassigned; name the result differently, e.g. {target}1 = ...":
        "입력에는 다시 대입할 수 없습니다. 결과에 다른 이름을 붙이세요 (예: {target}1 = ...)",
    "an operator needs an operand on each side, e.g. x * -y or (a + b)":
        "연산자는 양쪽에 피연산자가 필요합니다 (예: x * -y, (a + b))",
    "assign a name before using it, and do not make a name depend on itself":
        "이름은 쓰기 전에 대입하고, 이름이 자기 자신에 의존하지 않게 하세요",
    "choose another name": "다른 이름을 고르세요",
    "choose another name for this intermediate": "이 중간값에 다른 이름을 고르세요",
    "commas separate the arguments of a call such as max(a, b)": "쉼표는 max(a, b) 같은 호출의 인자를 구분합니다",
    "each name is assigned once (the graph has one node per name); use a new name":
        "이름마다 한 번만 대입합니다 (그래프에는 이름마다 노드가 하나입니다). 새 이름을 쓰세요",
    "empty parentheses": "괄호 안이 비어 있습니다",
    "expected '=' after the name in a let line": "let 줄의 이름 뒤에 '='가 있어야 합니다",
    "expected a number, a name or '(' but found {show_token}": "숫자, 이름 또는 '('가 와야 하는데 {show_token}〈이〉 있습니다",
    "expected an operand before ')', after '{previous_text}'":
        "')' 앞, '{previous_text}' 뒤에 피연산자가 있어야 합니다",
    "give the operand that '{previous_text}' needs": "'{previous_text}'에 필요한 피연산자를 쓰세요",
    "missing operator before {show_reader_tokens_pos}": "{show_reader_tokens_pos} 앞에 연산자가 없습니다",
    "put an expression inside, or remove them": "괄호 안에 식을 쓰거나 괄호를 지우세요",
    "remove it or add the matching '('": "지우거나 짝이 맞는 '('를 넣으세요",
    "the expression ends after '{previous_text}'": "식이 '{previous_text}' 뒤에서 끝났습니다",
    "the expression is empty": "식이 비어 있습니다",
    'give an expression such as "(x + y) * z"': '"(x + y) * z" 같은 식을 쓰세요',
    "the operator '{code}' needs vector support, which this build lacks":
        "연산자 '{code}'에는 벡터 지원이 필요한데, 이 빌드에는 없습니다",
    "‖v‖ needs vector support, which this build lacks": "‖v‖에는 벡터 지원이 필요한데, 이 빌드에는 없습니다",
    "unbalanced ')': there is no '(' to close": "짝이 없는 ')': 닫을 '('가 없습니다",
    "unknown function '{shown}'": "알 수 없는 함수 '{shown}'",
    "did you mean '{suggestion}'? {rest}": "혹시 '{suggestion}'인가요? {rest}",
    "run 'bpcalc ops' for every function": "모든 함수는 'bpcalc ops'로 볼 수 있습니다",
    "bpcalc has no {name}(); {instead}": "bpcalc에는 {name}()가 없습니다. {instead}",
    "write multiplication explicitly with '*', e.g. 2*x or (a+b)*(c+d)":
        "곱하기는 '*'로 분명히 쓰세요 (예: 2*x, (a+b)*(c+d))",
    "write assignments as their own statement: q = x + y; f = q * z":
        "대입은 따로 한 문장으로 쓰세요: q = x + y; f = q * z",
    "write values as: let x = -2": "값은 이렇게 씁니다: let x = -2",
    "expected one expression but got {len_expression_parts} arguments: {join_expression_parts}":
        "식 하나가 와야 하는데 인자가 {len_expression_parts}개입니다: {join_expression_parts}",
    "{name}() needs arguments": "{name}()에는 인자가 필요합니다",
    "{shown} is never closed": "{shown}〈이〉 닫히지 않았습니다",
    "split the program into smaller ones; a homework circuit is a few hundred characters":
        "프로그램을 작게 나누세요. 숙제의 회로는 보통 수백 자입니다",
    # cli/common.py
    "--var {pair}: expected NAME=VALUE": "--var {pair}: NAME=VALUE 꼴이어야 합니다",
    "--{name} needs a value": "--{name}에는 값이 필요합니다",
    "--{name}: not an option and not a variable name": "--{name}: 옵션도 아니고 변수 이름도 아닙니다",
    "give --{name} once": "--{name}〈은〉 한 번만 주세요",
    "give either an expression or --file, not both": "식과 --file 가운데 하나만 주세요",
    "no expression given": "식이 주어지지 않았습니다",
    'quote the expression: bpcalc eval "(x + y) * z" --x=-2 ...': '식을 따옴표로 감싸세요: bpcalc eval "(x + y) * z" --x=-2 ...',
    "standard input is not UTF-8 text": "표준 입력이 UTF-8 텍스트가 아닙니다",
    "two values given for {name}": "{name}에 값이 두 개 주어졌습니다",
    "unknown option {option}": "알 수 없는 옵션 {option}",
    "did you mean {close}?": "혹시 {close}인가요?",
    "{elsewhere} has {option}: bpcalc {elsewhere} ... {option}":
        "{option}〈은〉 {elsewhere}의 옵션입니다: bpcalc {elsewhere} ... {option}",
    "variables are names like x, w0 or alpha; see --help for options":
        "변수는 x, w0, alpha 같은 이름입니다. 옵션은 --help에서 볼 수 있습니다",
    "write --var x=2": "--var x=2처럼 쓰세요",
    "write --{name}=VALUE": "--{name}=VALUE처럼 쓰세요",
    'write bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4': 'bpcalc eval "(x + y) * z" --x=-2 --y=5 --z=-4처럼 쓰세요',
    "{and_join_chosen} ask for two different outputs; give one of them":
        "{and_join_chosen}〈은〉 서로 다른 출력을 요청합니다. 하나만 주세요",
    "{given_key} is given twice; give it once": "{given_key}〈이〉 두 번 주어졌습니다. 한 번만 주세요",
    # base/textfile.py
    "cannot read {path}: {error_strerror}": "{path}〈을〉 읽을 수 없습니다: {error_strerror}",
    "give a shorter program (or check that the path is the file you meant)":
        "더 짧은 프로그램을 주세요 (또는 경로가 의도한 파일인지 확인하세요)",
    "no such file: {path}": "파일이 없습니다: {path}",
    "{name} is more than {limit} characters long; bpcalc reads at most {limit}":
        "{name}〈이〉 {limit}자보다 깁니다. bpcalc는 최대 {limit}자까지 읽습니다",
    "{path} is a folder, not a {kind}": "{path}〈은〉 {kind}〈이〉 아니라 폴더입니다",
    "{path} is not UTF-8 text": "{path}〈은〉 UTF-8 텍스트가 아닙니다",
    "program file": "프로그램 파일",
    "check the path; '-' reads standard input": "경로를 확인하세요. '-'는 표준 입력을 읽습니다",
    # engine.bind
    "no value for the variable '{name}'{others}": "변수 '{name}'의 값이 없습니다{others}",
    " (also missing: {missing})": " (이것도 없습니다: {missing})",
    "give it on the command line: --{name}=VALUE (or 'let {name} = VALUE' in a program file)":
        "명령줄에서 --{name}=VALUE로 주세요 (프로그램 파일에서는 'let {name} = VALUE')",
    "a value was given for '{name}', which the expression does not use": "'{name}'에 값이 주어졌지만 식에서 쓰지 않습니다",
    "the inputs are: {inputs}": "입력은 다음과 같습니다: {inputs}",
    "malformed number {token_text} in the value of {name}": "{name}의 값에 잘못된 숫자 {token_text}〈이〉 있습니다",
    # language/values.py: values given on the command line or in files
    "--{name}={text}: NaN and infinity are not accepted as values": "--{name}={text}: NaN과 무한대는 값으로 받지 않습니다",
    "NaN and infinity are not accepted (in the value of {name})": "NaN과 무한대는 받지 않습니다 ({name}의 값)",
    "a matrix nests 2 levels: [[1, 2], [3, 4]]": "행렬은 두 단계로 중첩됩니다: [[1, 2], [3, 4]]",
    "an empty array in the value of {name}": "{name}의 값에 빈 배열이 있습니다",
    "check the file's permissions": "파일의 권한을 확인하세요",
    "every row of a matrix needs the same length": "행렬의 모든 행은 길이가 같아야 합니다",
    "give a finite number": "유한한 수를 주세요",
    "give a finite number; gradients at NaN or infinity mean nothing":
        "유한한 수를 주세요. NaN이나 무한대에서의 Gradient는 의미가 없습니다",
    "give a number below 1e308": "1e308보다 작은 수를 주세요",
    "give a smaller array": "더 작은 배열을 주세요",
    "give a smaller array (bpcalc is for checking gradients by hand, not for training)":
        "더 작은 배열을 주세요 (bpcalc는 손으로 구한 Gradient를 검사하는 도구이지 학습용이 아닙니다)",
    "give finite numbers": "유한한 수를 주세요",
    "give finite numbers; gradients at NaN or infinity mean nothing":
        "유한한 수를 주세요. NaN이나 무한대에서의 Gradient는 의미가 없습니다",
    "give numbers below 1e308": "1e308보다 작은 수를 주세요",
    "its keys are: {join_map_str_data_or_none}": "키는 다음과 같습니다: {join_map_str_data_or_none}",
    "malformed value for {name}: {getattr_error_message_error}": "{name}의 값이 잘못되었습니다: {getattr_error_message_error}",
    "no value given for {name}": "{name}의 값이 주어지지 않았습니다",
    "save a numeric array: np.save(path, np.asarray(W, dtype=float))":
        "숫자 배열로 저장하세요: np.save(path, np.asarray(W, dtype=float))",
    "save a real-valued array: np.save(path, W.astype(float))": "실수 배열로 저장하세요: np.save(path, W.astype(float))",
    "save it with np.save, which writes version 1.0": "버전 1.0을 쓰는 np.save로 저장하세요",
    "save the array again with np.save": "np.save로 배열을 다시 저장하세요",
    "the array given for {name} is missing a ']'": "{name}에 준 배열에 ']'가 빠졌습니다",
    "the array given for {name} is ragged: its rows differ in length": "{name}에 준 배열의 행들의 길이가 서로 다릅니다",
    "the value of {name} divides by zero": "{name}의 값이 0으로 나눕니다",
    "the value of {name} ends early": "{name}의 값이 중간에 끝났습니다",
    "the value of {name} is too large for a float": "{name}의 값이 float에 담기에는 너무 큽니다",
    "unexpected {token_text} in the array given for {name}": "{name}에 준 배열에 예상하지 못한 {token_text}〈이〉 있습니다",
    "unexpected {tokens_end_text} in the value of {name}": "{name}의 값에 예상하지 못한 {tokens_end_text}〈이〉 있습니다",
    "unexpected {tokens_pos_text} after the array given for {name}":
        "{name}에 준 배열 뒤에 예상하지 못한 {tokens_pos_text}〈이〉 있습니다",
    "{where}: .npy format version {version_0}.{version_1} is not supported":
        "{where}: .npy 형식 버전 {version_0}.{version_1}〈은〉 지원하지 않습니다",
    "{where}: NaN and infinity are not accepted as values": "{where}: NaN과 무한대는 값으로 받지 않습니다",
    "{where}: a number {len_literal} characters long ({literal_12}...) is more than a float holds":
        "{where}: {len_literal}자짜리 수({literal_12}...)는 float에 담을 수 없습니다",
    "{where}: cannot read the file ({error_strerror_or_str_error_lower})":
        "{where}: 파일을 읽을 수 없습니다 ({error_strerror_or_str_error_lower})",
    "{where}: cannot read the file ({error_strerror})": "{where}: 파일을 읽을 수 없습니다 ({error_strerror})",
    "{where}: expected a number or a nested list of numbers": "{where}: 수 또는 수들의 중첩 리스트여야 합니다",
    "{where}: its header declares shape {tuple_shape}, {bytes_declared} of data, more than the "
    "{bytes_MAX_VALUE_FILE_BYTES} a value file may hold":
        "{where}: 헤더가 shape {tuple_shape}, 데이터 {bytes_declared}〈을〉 선언하는데, 값 파일에 담을 수 있는 "
        "{bytes_MAX_VALUE_FILE_BYTES}보다 큽니다",
    "{where}: no such file": "{where}: 파일이 없습니다",
    "{where}: not a numeric array ({problem})": "{where}: 숫자 배열이 아닙니다 ({problem})",
    "{where}: not a regular file": "{where}: 일반 파일이 아닙니다",
    "{where}: not a valid .npy file ({error})": "{where}: 올바른 .npy 파일이 아닙니다 ({error})",
    "{where}: not valid JSON ({error_msg}, line {error_lineno})": "{where}: 올바른 JSON이 아닙니다 ({error_msg}, {error_lineno}행)",
    "{where}: the JSON nests {depth} levels deep, more than the {MAX_JSON_DEPTH} a value may have":
        "{where}: JSON이 {depth}단계로 중첩되어, 값에 허용되는 {MAX_JSON_DEPTH}단계보다 깊습니다",
    "{where}: the JSON object has no key '{name}'": "{where}: JSON 객체에 '{name}' 키가 없습니다",
    "{where}: the array holds {KIND_NAMES_get_dtype_kind_non_numbers} (dtype {dtype}), not real numbers":
        "{where}: 배열에 실수가 아닌 {KIND_NAMES_get_dtype_kind_non_numbers}〈이〉 들어 있습니다 (dtype {dtype})",
    "{where}: the array is empty": "{where}: 배열이 비어 있습니다",
    "{where}: the file holds Python objects, which bpcalc never loads":
        "{where}: 파일에 Python 객체가 들어 있습니다. bpcalc는 이런 파일을 읽지 않습니다",
    "{where}: the file holds {bytes_size}, more than the {bytes_MAX_VALUE_FILE_BYTES} a value file may hold":
        "{where}: 파일 크기가 {bytes_size}〈으로〉 값 파일에 담을 수 있는 {bytes_MAX_VALUE_FILE_BYTES}보다 큽니다",
    "{where}: the file is not UTF-8 text": "{where}: 파일이 UTF-8 텍스트가 아닙니다",
    "{where}: the file is shorter than its header says (shape {tuple_shape}): it was cut off":
        "{where}: 파일이 헤더가 말하는 것(shape {tuple_shape})보다 짧습니다. 중간에 잘렸습니다",
    "{where}: the file is shorter than its header says: it was cut off":
        "{where}: 파일이 헤더가 말하는 것보다 짧습니다. 중간에 잘렸습니다",
    "{where}: the number {shown} is too large for a float": "{where}: 수 {shown}〈은〉 float에 담기에는 너무 큽니다",
    "{where}: unknown file type '{suffix_or_path_name}'": "{where}: 알 수 없는 파일 형식 '{suffix_or_path_name}'",
    "{where}: {constant} is not accepted as a value": "{where}: {constant}〈은〉 값으로 받지 않습니다",
    "give a number (-2, 0.5, 1e-3, 1/3, pi) or an array such as [0.2, 0.4] or [[1, 2], [3, 4]]":
        "수(-2, 0.5, 1e-3, 1/3, pi)나 [0.2, 0.4], [[1, 2], [3, 4]] 같은 배열을 주세요",
    "the number {shown} is too large for a float (the largest is about 1.8e308)":
        "수 {shown}〈은〉 float에 담기에는 너무 큽니다 (가장 큰 값은 약 1.8e308)",
    "rescale the problem so its numbers stay below 1e308": "수가 1e308보다 작아지도록 문제의 크기를 조정하세요",
    "the number {shown} is too small for a float: it would be read as 0":
        "수 {shown}〈은〉 float에 담기에는 너무 작아서 0으로 읽힙니다",
    "the smallest positive float is about 5e-324; write 0 if you mean 0":
        "가장 작은 양의 float는 약 5e-324입니다. 0을 뜻한다면 0이라고 쓰세요",
    # warnings (engine/product_warnings.py, language/statements.py)
    "{node} multiplies shapes {left} and {right} elementwise (with broadcasting); for the matrix product write {a} @ {b}":
        "{node}〈은〉 shape {left}와 {right}〈을〉 원소별로 곱합니다 (broadcasting). 행렬 곱을 뜻한다면 {a} @ {b}로 쓰세요",
    "statement '{statement}' does not contribute to the output": "문장 '{statement}'〈은〉 출력에 쓰이지 않습니다",
    # explain --symbolic: why the formulas were skipped (teach/explanation.py)
    "array values": "배열 값이라서",
    "{size} nodes > {limit}": "노드 {size}개 > {limit}개",
    "they took longer than {seconds} s": "{seconds}초보다 오래 걸려서",
    # the eval table (render/table.py) and the explanation's views
    "node": "노드",
    "operation": "연산",
    "shape": "shape",
    "value": "값",
    "local gradient": "Local Gradient",
    "downstream = upstream × local": "Downstream = Upstream × Local",
    "check": "검사",
    "{hidden} rows hidden (--full shows all)": "{hidden}행 생략 (--full로 모두 봅니다)",
    "output {name} = ": "출력 {name} = ",
    " (given)": " (주어짐)",
    "the references differentiate L = {loss}: the function a given upstream gradient stands for":
        "검사의 기준값은 L = {loss}〈을〉 미분합니다. 주어진 Upstream Gradient가 나타내는 함수입니다",
    "check: ": "검사: ",
    " ({summary}; checked by {ran})": " ({summary}, 검사 방법: {ran})",
    "gradient mismatch": "Gradient 불일치",
    "gradients agree, some only within float64 rounding (ill-conditioned)":
        "Gradient가 일치합니다. 일부는 float64 반올림 오차 안에서만 일치합니다 (ill-conditioned)",
    "every gradient that exists agrees": "존재하는 모든 Gradient가 일치합니다",
    "all gradients agree": "모든 Gradient가 일치합니다",
    "kink:": "Kink:",
    " a node sits at a non-differentiable point; bpcalc uses PyTorch's convention there (relu'(0) = 0, abs'(0) = 0, "
    "ties share max/min gradients evenly)":
        " 미분할 수 없는 점에 있는 노드가 있습니다. bpcalc는 그 점에서 PyTorch의 규칙을 따릅니다 (relu'(0) = 0, "
        "abs'(0) = 0, max/min의 동점은 Gradient를 똑같이 나눔)",
    "undefined: this gradient has no real value here (near this point the function is not real in that variable, "
    "e.g. x^y in y at x < 0); it is not compared, and it is null in JSON":
        "undefined: 이 Gradient는 여기서 실수 값이 없습니다 (이 점 근처에서 함수가 그 변수에 대해 실수가 아닙니다. 예: "
        "x < 0에서 y에 대한 x^y). 비교하지 않으며 JSON에서는 null입니다",
    "ill-conditioned: backprop differs from the exact value (SymPy, 30 digits) only by what float64 rounding can do "
    "to this computation (cancellation): see the check notes":
        "ill-conditioned: Backpropagation의 값이 정확한 값(SymPy, 30자리)과 float64 반올림이 이 계산에 낼 수 있는 만큼만 "
        "다릅니다 (상쇄). 검사 노트를 보세요",
    "input": "입력",
    "bpcalc operations": "bpcalc 연산 목록", "op": "연산", "syntax": "쓰는 법", "gate pattern": "게이트 패턴",
    "{text} ({name} gate)": "{text} ({name} 게이트)",
    # check and grade reports (homework/report.py), and the diagnoses they print most
    "right": "맞음", "WRONG": "틀림", "carried": "전파됨", "missing": "없음", "unreadable": "읽을 수 없음",
    "not asked": "묻지 않음", "wrong": "틀림", "carried forward": "오류 전파",
    "should be {expected}": "정답 {expected}",
    "{source}   at {given}": "{source}   ({given}에서)",
    "note: {note}": "참고: {note}",
    "first mistake: {label}, the {what} at node {where}": "첫 실수: {label}, 노드 {where}의 {what}",
    "forward value": "Forward 값", "gradient": "Gradient",
    "{where} (an input)": "{where} (입력)",
    "{count} answer: ": "답 {count}개: ", "{count} answers: ": "답 {count}개: ",
    "{count} not asked, not graded": "{count}개는 묻지 않아 채점하지 않음",
    "; score {score}/{total}": ", 점수 {score}/{total}",
    "no answer given": "답이 없습니다",
    # plot and graph --format tree
    "{f} = {source} for {var} in [{low}, {high}]": "{f} = {source}, {var} ∈ [{low}, {high}]",
    "  ∂{f}/∂{var}  (the gradient backprop gives at each {var})":
        "  ∂{f}/∂{var}  (각 {var}에서 Backpropagation이 주는 Gradient)",
    "kink at {var} = {where}: the derivative jumps there (bpcalc takes PyTorch's value)":
        "{var} = {where}에서 Kink: 미분이 그 점에서 뜁니다 (bpcalc는 PyTorch의 값을 씁니다)",
    "undefined at {gaps} of {count} points (left blank)": "점 {count}개 가운데 {gaps}개에서 정의되지 않습니다 (빈칸)",
    "wrote {output}": "{output}〈을〉 썼습니다",
    # the short names of the diagnoses (homework/verdicts.SHORT)
    "sign error": "부호 오류", "fan-out sum missing": "fan-out 합 누락", "mul inputs not swapped": "mul 입력을 바꾸지 않음",
    "max routed wrong": "max의 Gradient를 잘못 보냄", "transposed": "전치됨", "wrong shape": "shape가 틀림",
    "wrong forward value": "Forward 값이 틀림", "output seed not 1": "출력의 시작 Gradient가 1이 아님",
    "does not reach the output": "출력에 닿지 않음", "input value": "입력 값", "too few significant figures": "유효숫자 부족",
    "refused": "거부됨", "error": "오류", "graded, work lost": "채점됨, 풀이를 잃음", "graded": "채점됨",
    # the grade summary (cli/grade_cmd.py)
    "{title}: {count} submissions": "{title}: 제출 {count}개",
    "student": "학생", "file": "파일", "total /{points}": "합계 /{points}",
    "first mistake, lost work or error": "첫 실수, 잃은 풀이 또는 오류",
    "all right": "모두 맞음",
    "not graded: {error}": "채점 못 함: {error}",
    "{path} is not valid TOML: {error}": "{path}〈은〉 올바른 TOML이 아닙니다: {error}",
    "{graded} graded, {ungraded} not graded": "{graded}개 채점, {ungraded}개 채점 못 함",
    ", {lost} with work lost": ", {lost}개는 풀이를 잃음",
    "; mean score {mean}/{total}": ", 평균 점수 {mean}/{total}",
    "no known slip explains it; {rest}": "알려진 실수로는 설명되지 않습니다. {rest}",
    "d{out}/d{label} should be {expected} (upstream {upstream} × local {local})":
        "d{out}/d{label}의 정답은 {expected}입니다 (Upstream {upstream} × Local {local})",
    "d{out}/d{label} should be {expected}": "d{out}/d{label}의 정답은 {expected}입니다",
    "error carried forward from {roots}: with your own numbers, {how} gives {value}, as you wrote":
        "{roots}에서 전파된 오류입니다. 직접 구한 값으로 계산하면 {how}〈은〉 쓴 대로 {value}〈이〉 됩니다",
    "your {name} = {value}": "직접 쓴 {name} = {value}",
    "the {gate} gate {where}": "{gate} 게이트 {where}",
    "the sum over the {count} uses of {label}": "{label}〈이〉 쓰인 {count}곳의 합",
    "the backward pass starts at the output with d{a}/d{b} = 1": "Backward pass는 출력에서 d{a}/d{b} = 1로 시작합니다",
    "sign error: {rest}": "부호 오류: {rest}",
    "{gate} should be {expected}": "{gate}의 정답은 {expected}입니다",
    # language/keywords.py: a keyword numpy reads differently by position (norm's order)
    "{frame_text}() takes its {row_keywords_0} by name only: {row_keywords_by_name_only}":
        "{frame_text}()의 {row_keywords_0}〈은〉 이름으로만 줄 수 있습니다: {row_keywords_by_name_only}",
    "in numpy and PyTorch norm(x, k) is the norm of order k, not the 2-norm over axis k (the 1-norm is sum(abs(x)))":
        "numpy와 PyTorch에서 norm(x, k)는 축 k에 대한 2-노름이 아니라 k차 노름입니다 (1-노름은 sum(abs(x)))",
    # language/spellings.py: a module's function whose numbers differ from bpcalc's row
    "torch.var(x) divides by n - 1 by default (Bessel's correction), bpcalc's var by n as numpy's":
        "torch.var(x)는 기본으로 n - 1로 나누지만 (Bessel 보정), bpcalc의 var는 numpy처럼 n으로 나눕니다",
    "write var(x) for numpy's variance, or var(x) * n / (n - 1) with n the number of entries for PyTorch's":
        "numpy의 분산은 var(x)로, PyTorch의 분산은 원소 수 n으로 var(x) * n / (n - 1)처럼 쓰세요",
    "torch.std(x) divides by n - 1 by default (Bessel's correction), bpcalc's std by n as numpy's":
        "torch.std(x)는 기본으로 n - 1로 나누지만 (Bessel 보정), bpcalc의 std는 numpy처럼 n으로 나눕니다",
    "write std(x) for numpy's standard deviation, or std(x) * sqrt(n / (n - 1)) with n the number of entries for "
    "PyTorch's": "numpy의 표준편차는 std(x)로, PyTorch의 표준편차는 원소 수 n으로 std(x) * sqrt(n / (n - 1))처럼 쓰세요",
    "scipy.special.softmax(x) normalises over every entry of x unless axis= is given, bpcalc's softmax along the last "
    "axis": "scipy.special.softmax(x)는 axis=가 없으면 x의 모든 원소에 걸쳐 정규화하지만, bpcalc의 softmax는 마지막 축을 따라 "
            "정규화합니다",
    "write softmax(x) for the last axis (as PyTorch's dim=-1 and JAX's), or softmax(x, axis=k)":
        "마지막 축은 softmax(x)로 (PyTorch의 dim=-1, JAX와 같습니다), 다른 축은 softmax(x, axis=k)로 쓰세요",
    "scipy.special.log_softmax(x) normalises over every entry of x unless axis= is given, bpcalc's log_softmax along "
    "the last axis": "scipy.special.log_softmax(x)는 axis=가 없으면 x의 모든 원소에 걸쳐 정규화하지만, bpcalc의 "
                     "log_softmax는 마지막 축을 따라 정규화합니다",
    "write log_softmax(x) for the last axis, or log_softmax(x, axis=k)":
        "마지막 축은 log_softmax(x)로, 다른 축은 log_softmax(x, axis=k)로 쓰세요",
    # notation (issue 21, base/notation.py): dL/dx for the gradients of the loss, in every table
    "grad dL/dnode": "Gradient dL/dnode",
    "  upstream dL/d{name} = ": "  Upstream dL/d{name} = ",
    "the backward pass started from the given upstream gradient dL/d{label}":
        "Backward pass는 주어진 Upstream Gradient dL/d{label}에서 시작했습니다",
    "[green]value[/] is the forward value, [red]grad[/] is dL/dnode from the backward pass":
        "[green]value[/]는 Forward pass의 값, [red]grad[/]는 Backward pass의 dL/dnode입니다",
    # the source limit and --max-source (language/lexer.py, cli/common.py)
    "the input is {len_source} characters long; bpcalc reads at most {limit}":
        "입력이 {len_source}자입니다. bpcalc는 최대 {limit}자까지 읽습니다",
    "raise the limit with --max-source, e.g. --max-source 10M (or BPCALC_MAX_SOURCE=10M); "
    "in Python, with bpcalc.language.lexer.source_limit(n)":
        "--max-source로 한도를 올리세요 (예: --max-source 10M, 또는 BPCALC_MAX_SOURCE=10M). "
        "Python에서는 bpcalc.language.lexer.source_limit(n)을 쓰세요",
    "raise the limit with --max-source, e.g. --max-source 10M (or BPCALC_MAX_SOURCE=10M); "
    "or check that the path is the file you meant":
        "--max-source로 한도를 올리세요 (예: --max-source 10M, 또는 BPCALC_MAX_SOURCE=10M). "
        "또는 경로가 의도한 파일인지 확인하세요",
}
