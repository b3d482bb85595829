"""Korean for the messages of homework checking and grading: problem sets, worksheets and
submissions, answer keys and written answers, report folders and rosters, and the diagnoses
that `check` and `grade` print (sign error, fan-out sum, the registry rows' slips).

The slips are said in the lecture's words: the mul gate's input "receives the other input's
value times the Upstream Gradient" (반대편의 값을 Upstream Gradient에 곱해서 받음), the Max gate
"routes the Upstream Gradient to the largest input only". A slip's English sentence quotes its
row's gate pattern, so the Korean entries are built from the registry (ko_homework()): one per
row and slip, and one per row pattern (bpcalc/teach/korean_rows.py) for any other sentence
that quotes a pattern. Keyed by the English template, as bpcalc/teach/messages_ko.py.
"""

from __future__ import annotations

# Each registry slip (row name, slip code) in Korean: what went wrong, then why the gate does otherwise.
SLIPS_KO: dict[tuple[str, str], str] = {
    ("mul", "mul_not_swapped"):
        "{gate}에서 반대편의 값이 아니라 자기 자신의 값을 곱했습니다: 곱하기 연산(Gradient Swapper)에서는 각 입력이 "
        "반대편의 값을 Upstream Gradient에 곱해서 받으므로, {seen}〈은〉 {how}〈을〉 받습니다",
    ("max", "max_routed_wrong"):
        "{gate}에서 Max 연산이 Gradient를 다른 입력으로 보냈습니다: Max 연산(Gradient Router)에서는 가장 큰 입력만 "
        "Upstream Gradient를 그대로 받고 나머지 입력은 0을 받으므로, {seen}〈은〉 {how}〈을〉 받습니다",
    ("min", "max_routed_wrong"):
        "{gate}에서 Min 연산이 Gradient를 다른 입력으로 보냈습니다: Min 연산(Gradient Router)에서는 가장 작은 입력만 "
        "Upstream Gradient를 그대로 받고 나머지 입력은 0을 받으므로, {seen}〈은〉 {how}〈을〉 받습니다",
}
SLIP_TEMPLATE = "{slip} at {gate}: {pattern}, so {seen} receives {how}"  # homework/diagnose.py

KO_HOMEWORK: dict[str, str] = {
    # homework/diagnose.py: the verdicts of check and grade
    SLIP_TEMPLATE: "{gate}에서 {slip}: {pattern}. 따라서 {seen}〈은〉 {how}〈을〉 받습니다",
    "max gate routed to the wrong input": "Max 연산이 Gradient를 다른 입력으로 보냄",
    "min gate routed to the wrong input": "Min 연산이 Gradient를 다른 입력으로 보냄",
    "upstream × local = {g} × {local}": "Upstream × Local = {g} × {local}",
    "{message}; it is also the right value with its sign flipped": "{message}. 부호를 바꾸면 정답이기도 합니다",
    "error carried forward from {roots}: with your own numbers, {how} gives {value}, as you wrote; no "
    "carried-forward credit: the carried value (0 or ±1) makes this step trivial":
        "{roots}에서 전파된 오류입니다. 직접 구한 값으로 계산하면 {how}〈은〉 쓴 대로 {value}〈이〉 됩니다. 전파된 값(0 또는 "
        "±1) 때문에 이 단계가 자명해지므로 오류 전파 점수는 없습니다",
    "right from your own rounded numbers: with them, {how} gives {value}":
        "직접 반올림한 값으로는 맞습니다: 그 값으로 계산하면 {how}〈은〉 {value}〈이〉 됩니다",
    " (from your own numbers, {value})": " (직접 구한 값으로는 {value})",
    "{gate} should be {expected} (from your own numbers, {value})":
        "{gate}의 정답은 {expected}입니다 (직접 구한 값으로는 {value})",
    "{n} significant figure": "유효숫자 {n}자리", "{n} significant figures": "유효숫자 {n}자리",
    "a column of {n} entries, read as the vector {label} of shape ({n},)":
        "원소 {n}개의 열을 shape ({n},)인 벡터 {label}〈으로〉 읽었습니다",
    "a row of {n} entries, read as the vector {label} of shape ({n},)":
        "원소 {n}개의 행을 shape ({n},)인 벡터 {label}〈으로〉 읽었습니다",
    "{note}; right from your own rounded numbers: with them, {how} gives {value}":
        "{note}. 직접 반올림한 값으로는 맞습니다: 그 값으로 계산하면 {how}〈은〉 {value}〈이〉 됩니다",
    "duplicate student name: also in {others}": "학생 이름이 중복됩니다: {others}에도 있습니다",
    "not asked, not graded": "묻지 않은 답이라 채점하지 않습니다",
    "written to {precision}; give at least {least} significant figures":
        "{precision}까지 썼습니다. 유효숫자를 {least}자리 이상 쓰세요",
    "this is the transpose of {label}: a gradient has the shape of what it is taken with respect to, {dims}; "
    "for D = W X, dL/dW = (dL/dD) X^T and dL/dX = W^T (dL/dD)":
        "{label}의 전치입니다. Gradient는 미분하는 대상과 shape가 같습니다: {dims}. D = W X이면 dL/dW = (dL/dD) X^T, "
        "dL/dX = W^T (dL/dD)입니다",
    "shape {got}, but {label} has shape {want} (a gradient always has the shape of what it is taken with respect to)":
        "shape가 {got}인데, {label}의 shape는 {want}입니다 (Gradient는 언제나 미분하는 대상과 shape가 같습니다)",
    "shape scalar, but {label} has shape {want} (a gradient always has the shape of what it is taken with respect to)":
        "shape가 스칼라인데, {label}의 shape는 {want}입니다 (Gradient는 언제나 미분하는 대상과 shape가 같습니다)",
    "shape {got}, but {label} has shape scalar (a gradient always has the shape of what it is taken with respect to)":
        "shape가 {got}인데, {label}〈은〉 스칼라입니다 (Gradient는 언제나 미분하는 대상과 shape가 같습니다)",
    "{label} is an input, given as {value}": "{label}〈은〉 입력이며, {value}〈으로〉 주어졌습니다",
    "{label} is a constant, {value}": "{label}〈은〉 상수 {value}입니다",
    "sign error: {gate} is {value}": "부호 오류: {gate}의 값은 {value}입니다",
    "{label} does not reach the output, so its gradient is 0": "{label}〈은〉 출력에 닿지 않으므로 Gradient가 0입니다",
    "fan-out sum missing: {label} is used {count} times, so a copy gate adds the gradients of every use "
    "({parts} = {total}); your answer is only the branch through {gate}":
        "fan-out 합 누락: {label}〈은〉 {count}번 쓰이므로, 복사 연산에서 Upstream들의 값을 더해서 받습니다 "
        "({parts} = {total}). 쓴 답은 {gate}〈을〉 지나는 가지 하나의 값뿐입니다",
    # homework/grading.py, keys.py: what a problem asks
    "problem '{id}': {message}": "문제 '{id}': {message}",
    "problem '{id}': ask: {message}": "문제 '{id}': ask: {message}",
    "'{key}' answers the same quantity as '{other}'": "'{key}'〈은〉 '{other}'〈과〉 같은 값에 대한 답입니다",
    "give each answer once": "답마다 한 번만 주세요",
    "no node '{key}' to answer for (the named nodes are {shown})": "답할 노드 '{key}'〈이〉 없습니다 (이름 있는 노드: {shown})",
    "did you mean '{suggestion}'? {rest}": "혹시 '{suggestion}'인가요? {rest}",
    "answer a node's value by its name or id (q, n3) and its gradient as dq, df/dq or dL/dq":
        "노드의 값은 이름이나 id(q, n3)로, Gradient는 dq, df/dq 또는 dL/dq로 답하세요",
    "'{key}': {changed}": "'{key}': {changed}",
    "answer inputs and gates only; a constant is part of the gate that reads it (the 1 of a +1 gate) and has no "
    "value or gradient to ask for":
        "입력과 게이트에만 답하세요. 상수는 그 상수를 읽는 게이트의 일부(+1 게이트의 1)이므로 물을 값이나 Gradient가 없습니다",
    "constants are no longer nodes: '{name}' is a parameter of the gate that reads it (e.g. the +1 gate), with no row, "
    "value or gradient of its own":
        "상수는 이제 노드가 아닙니다: '{name}'〈은〉 그 상수를 읽는 게이트(예: +1 게이트)의 매개변수라서, 따로 행이나 값, "
        "Gradient가 없습니다",
    "constants are no longer nodes, so ids count only inputs and gates (n0 to n{last} here) and {name} does not "
    "exist; ids from older worksheets may now point elsewhere: answer by name where you can":
        "상수는 이제 노드가 아니므로 id는 입력과 게이트만 셉니다 (여기서는 n0부터 n{last}까지). {name}〈은〉 없습니다. 예전 "
        "워크시트의 id는 이제 다른 노드를 가리킬 수 있으니, 되도록 이름으로 답하세요",
    "'{key}': gradients are of the output, so the top must be d{out} or dL":
        "'{key}': Gradient는 출력의 Gradient이므로 분자는 d{out}〈이나〉 dL이어야 합니다",
    "write d{out}/d<node> or dL/d<node>, e.g. dL/d{label}": "d{out}/d<node> 또는 dL/d<node>로 쓰세요 (예: dL/d{label})",
    # homework/notation.py: a written answer
    "write a number (-4, 0.1966, 1.97e-1), a fraction (-1/3), a constant expression (e^-1) or a list ([0.44, 0.52])":
        "수(-4, 0.1966, 1.97e-1), 분수(-1/3), 상수식(e^-1) 또는 리스트([0.44, 0.52])를 쓰세요",
    "the answer for {name} is a {kind}, not a number": "{name}의 답이 수가 아니라 {kind}입니다",
    "the answer for {name} is empty": "{name}의 답이 비어 있습니다",
    "the answer for {name} is a boolean, not a number": "{name}의 답이 수가 아니라 불리언입니다",
    "the answer for {name} holds {item}, which is not a number": "{name}의 답에 수가 아닌 {item}〈이〉 들어 있습니다",
    "the answer for {name} is ragged: its rows differ in length": "{name}의 답의 행들의 길이가 서로 다릅니다",
    "cannot read the answer for {name}: {message}": "{name}의 답을 읽을 수 없습니다: {message}",
    "the list is missing a ']'": "리스트에 ']'가 빠졌습니다",
    "an entry is empty": "빈 원소가 있습니다",
    "an answer is a number, but this uses the name(s) {names}": "답은 수여야 하는데, 여기에는 이름 {names}〈이〉 쓰였습니다",
    "the expression is not a finite number": "식의 값이 유한한 수가 아닙니다",
    "unexpected {token} after the list": "리스트 뒤에 예상하지 못한 {token}〈이〉 있습니다",
    "unexpected {token}": "예상하지 못한 {token}",
    "an answer is one value, not several statements": "답은 값 하나입니다. 여러 문장을 쓸 수 없습니다",
    "the number is too large for a float": "수가 float에 담기에는 너무 큽니다",
    "the expression is undefined: {message}": "식이 정의되지 않습니다: {message}",
    "a ']' without its '['": "짝이 되는 '['가 없는 ']'",
    "an empty list": "빈 리스트",
    # homework/problems.py: problem sets, worksheets, submissions
    ", line {line}": ", {line}행",
    "{name}, line {line}: unknown key '{key}'{where}": "{name}, {line}행: 알 수 없는 키 '{key}'{where}",
    "{name}: unknown key '{key}'{where}": "{name}: 알 수 없는 키 '{key}'{where}",
    " in the problem set": " (문제 집합)", " in [scoring]": " ([scoring])", " in [tolerance]": " ([tolerance])",
    " in problem {n}": " (문제 {n})",
    " (a worksheet has expression, [values] and [answers])": " (워크시트에는 expression, [values], [answers]가 있습니다)",
    "{file}, problem {n}": "{file}, 문제 {n}",
    "did you mean {suggestion}? the keys here are {keys}": "혹시 {suggestion}인가요? 여기서 쓸 수 있는 키: {keys}",
    "the keys here are {keys}": "여기서 쓸 수 있는 키: {keys}",
    "{where}: '{key}' must be a table": "{where}: '{key}'〈은〉 테이블이어야 합니다",
    "write [{key}] on its own line, then its entries": "[{key}]〈을〉 한 줄에 따로 쓰고, 그 아래에 항목을 쓰세요",
    "a date or time": "날짜나 시각",
    "{where} must be a number, got {kind}": "{where}〈은〉 수여야 하는데, {kind}〈이〉 들어왔습니다",
    "between 0 and {most}": "0 이상 {most} 이하", "a finite number, 0 or more": "0 이상의 유한한 수",
    "{where} must be {bound}, got {value}": "{where}〈은〉 {bound}여야 하는데, {value}〈이〉 들어왔습니다",
    "{name}: tolerance.min_sigfigs must be a whole number, 1 or more, got {least}":
        "{name}: tolerance.min_sigfigs는 1 이상의 자연수여야 하는데, {least}〈이〉 들어왔습니다",
    "{where}: 'expression' is missing": "{where}: 'expression'〈이〉 없습니다",
    'write expression = "q = x + y; f = q * z"': 'expression = "q = x + y; f = q * z"처럼 쓰세요',
    "{where}: 'ask' must be a list of answer keys": "{where}: 'ask'는 답 키의 리스트여야 합니다",
    'write ask = ["q", "f", "df/dq"]': 'ask = ["q", "f", "df/dq"]처럼 쓰세요',
    "{where}: the id {id} must be a simple name": "{where}: id {id}〈은〉 간단한 이름이어야 합니다",
    'write id = "circuit"': 'id = "circuit"처럼 쓰세요',
    "{where}: 'title' must be text in quotes": "{where}: 'title'은 따옴표로 감싼 텍스트여야 합니다",
    "{where}: no problems found": "{where}: 문제가 없습니다",
    "write each problem as a [[problems]] table": "문제마다 [[problems]] 테이블로 쓰세요",
    "{where}: two problems have the id {id}": "{where}: 두 문제의 id가 {id}〈으로〉 같습니다",
    "give each problem its own id": "문제마다 다른 id를 주세요",
    "{file}: 'student' must be a name in quotes": "{file}: 'student'는 따옴표로 감싼 이름이어야 합니다",
    'write student = "Ada Lovelace"': 'student = "Ada Lovelace"처럼 쓰세요',
    "{file} holds no answers": "{file}에 답이 없습니다",
    "start from the blank template: bpcalc check --template PROBLEMS.toml":
        "빈 템플릿에서 시작하세요: bpcalc check --template PROBLEMS.toml",
    "{name} is nested too deeply to read": "{name}〈은〉 너무 깊이 중첩되어 읽을 수 없습니다",
    "an answer is a number or a list of lists of numbers": "답은 수이거나 수의 리스트의 리스트입니다",
    "strings need quotes (q = \"3\"); keys with '/' need quotes too (\"df/dq\" = \"-4\")":
        "문자열은 따옴표로 감쌉니다 (q = \"3\"). '/'가 들어간 키도 따옴표로 감쌉니다 (\"df/dq\" = \"-4\")",
    "{file}: '{key}' should be a table of answers, [{key}]": "{file}: '{key}'에는 답의 테이블 [{key}]〈이〉 와야 합니다",
    "write each problem's answers under its id: [circuit] then q = \"3\"":
        "문제의 답은 그 id 아래에 쓰세요: [circuit] 다음 줄에 q = \"3\"",
    "{where}: the value of {name} is {kind}, not a number": "{where}: {name}의 값이 수가 아니라 {kind}입니다",
    "write {name} = -2, {name} = 0.5 or {name} = [0.2, 0.4]": "{name} = -2, {name} = 0.5, {name} = [0.2, 0.4]처럼 쓰세요",
    # homework/outputs.py: where reports and outputs go
    "--reports {folder}: not a folder": "--reports {folder}: 폴더가 아닙니다",
    "give a folder for the reports": "보고서를 쓸 폴더를 주세요",
    "--reports {folder} holds files bpcalc did not write": "--reports {folder}에 bpcalc가 쓰지 않은 파일이 있습니다",
    "give a new or empty folder; bpcalc replaces only a reports folder it made":
        "새 폴더나 빈 폴더를 주세요. bpcalc는 자신이 만든 보고서 폴더만 바꿉니다",
    "{option} {path} is the problem set": "{option} {path}〈은〉 문제 집합 파일입니다",
    "write the output to a new file": "출력은 새 파일에 쓰세요",
    "{option} {path} is inside the submissions ({submissions})": "{option} {path}〈이〉 제출물({submissions}) 안에 있습니다",
    "write outputs outside the folder being graded": "출력은 채점하는 폴더 밖에 쓰세요",
    "--reports {reports} is, holds or is inside the submissions ({submissions})":
        "--reports {reports}〈이〉 제출물({submissions})이거나, 제출물을 담고 있거나, 제출물 안에 있습니다",
    "write the reports to a folder of their own, outside the submissions": "보고서는 제출물 밖의 따로 된 폴더에 쓰세요",
    "--reports {reports} holds the problem set": "--reports {reports}에 문제 집합 파일이 있습니다",
    "write the reports to a folder of their own": "보고서는 따로 된 폴더에 쓰세요",
    "{option} {path} is inside --reports {reports}, which is replaced whole":
        "{option} {path}〈이〉 통째로 바뀌는 --reports {reports} 안에 있습니다",
    "write it beside the reports folder": "보고서 폴더 옆에 쓰세요",
    # homework/platforms/gradebook.py: the roster
    "--roster {path} is empty": "--roster {path}〈이〉 비어 있습니다",
    "its first row names the columns: file,Student,ID,...": "첫 행에 열 이름을 씁니다: file,Student,ID,...",
    "--roster {path}: no 'file' column": "--roster {path}: 'file' 열이 없습니다",
    "the roster's header needs file (the submission's file name) and the students' ids":
        "명단의 머리 행에는 file(제출 파일 이름)과 학생 id가 있어야 합니다",
    "--roster {path}: {error}": "--roster {path}: {error}",
    # homework/batch.py: a submission that cannot be graded
    "not UTF-8 text": "UTF-8 텍스트가 아닙니다",
    "not a regular file: refused": "일반 파일이 아닙니다: 거부됨",
    "{size} bytes: too large for {what} (at most {limit})": "{size}바이트: {what}〈으로〉는 너무 큽니다 (최대 {limit})",
    "too large for {what} (at most {limit} bytes)": "{what}〈으로〉는 너무 큽니다 (최대 {limit}바이트)",
    "a submission": "제출 파일", "the metadata": "메타데이터", "a zip": "zip 파일",
    "cannot be read: {reason}": "읽을 수 없습니다: {reason}",
    "refused: a symbolic link (only regular files inside the folder are graded)":
        "거부됨: 심볼릭 링크입니다 (폴더 안의 일반 파일만 채점합니다)",
    "a folder, not a submission file": "제출 파일이 아니라 폴더입니다",
    "refused: {kind}, not a regular file": "거부됨: 일반 파일이 아니라 {kind}입니다",
    "a FIFO": "FIFO", "a device": "장치 파일", "a socket": "소켓", "a special file": "특수 파일",
    "not a TOML file ({name})": "TOML 파일이 아닙니다 ({name})",
    "{message} (line {line}, column {column})": "{message} ({line}행 {column}열)",
    "nested too deeply to read": "너무 깊이 중첩되어 읽을 수 없습니다",
    "could not be graded (please report this): {error}": "채점하지 못했습니다 (이 문제를 알려 주세요): {error}",
    "grade book: {note}": "성적부: {note}",
    # notes of a grading run (problems.py, platforms/gradebook.py, pick.py, zipped.py), shown in the grade table
    'warning: no student name given (student = ""); graded as {stem}':
        '경고: 학생 이름이 없습니다 (student = ""). {stem}〈으로〉 채점했습니다',
    " (did you mean [{near}]?)": " (혹시 [{near}]인가요?)",
    "lost work: answers for an unknown problem [{key}] were ignored{hint}":
        "잃은 풀이: 알 수 없는 문제 [{key}]의 답을 무시했습니다{hint}",
    "no submission for {name} (roster file {file}): left out": "{name}의 제출물이 없습니다 (명단의 파일 {file}): 빠졌습니다",
    "{file} was not graded ({error}): grade cell left empty": "{file}〈은〉 채점하지 못했습니다 ({error}): 점수 칸을 비워 둡니다",
    "{name} is not in the roster: left out": "{name}〈은〉 명단에 없습니다: 빠졌습니다",
    "{file}: no ID or SIS User ID in the roster, Canvas cannot match the row":
        "{file}: 명단에 ID나 SIS User ID가 없어 Canvas가 행을 맞출 수 없습니다",
    "{file}: no email or ID number in the roster, Moodle cannot match the row":
        "{file}: 명단에 이메일이나 ID 번호가 없어 Moodle이 행을 맞출 수 없습니다",
    "ignored {shown}: {why}": "{shown}〈을〉 무시했습니다: {why}",
    "refused {shown}: {why}": "{shown}〈을〉 거부했습니다: {why}",
    "refused {what}": "거부됨: {what}",
    "not an answer file": "답 파일이 아닙니다",
    "a PDF, not read (only the .toml answer file is graded)": "PDF라서 읽지 않았습니다 (.toml 답 파일만 채점합니다)",
    "a PDF, not read: only the .toml answer file is graded": "PDF라서 읽지 않았습니다: .toml 답 파일만 채점합니다",
    "graded {chosen} instead": "대신 {chosen}〈을〉 채점했습니다",
    "cannot list {folder}: {reason}": "{folder}의 목록을 읽을 수 없습니다: {reason}",
    "more than {most} files uploaded: the rest were not looked at": "올린 파일이 {most}개를 넘습니다: 나머지는 보지 않았습니다",
    "cannot be read ({reason})": "읽을 수 없습니다 ({reason})",
    "ignored {shown}/: nested too deep": "{shown}/〈을〉 무시했습니다: 너무 깊이 중첩되었습니다",
    "a symbolic link (only regular files are read)": "심볼릭 링크입니다 (일반 파일만 읽습니다)",
    "a symbolic link": "심볼릭 링크입니다", "not a regular file": "일반 파일이 아닙니다", "encrypted": "암호화되어 있습니다",
    "an absolute or Windows path": "절대 경로나 Windows 경로입니다",
    "a path that climbs out of the folder (..)": "폴더 밖으로 올라가는 경로입니다 (..)",
    "{size} bytes, too large (at most {most})": "{size}바이트로 너무 큽니다 (최대 {most})",
    "inflates {ratio} times (a zip bomb?)": "압축을 풀면 {ratio}배로 커집니다 (zip 폭탄?)",
    "too large (at most {most} bytes)": "너무 큽니다 (최대 {most}바이트)",
    "{job}: no carried-forward credit for {labels} (carried from a 0 or ±1, which makes the step trivial)":
        "{job}: {labels}에는 오류 전파 점수가 없습니다 (0 또는 ±1에서 전파되어 단계가 자명해집니다)",

    # what Python's TOML reader says after "... is not valid TOML: " (tomllib)
    "Cannot declare {key} twice": "{key}〈을〉 두 번 선언할 수 없습니다", "Cannot overwrite a value": "값을 덮어쓸 수 없습니다",
    "Cannot mutate immutable namespace {key}": "바꿀 수 없는 이름공간 {key}〈을〉 바꾸려 했습니다",
    "Cannot redefine namespace {key}": "이름공간 {key}〈을〉 다시 정의할 수 없습니다",
    "Duplicate inline table key {key}": "인라인 테이블의 키 {key}〈이〉 중복됩니다",
    "Escaped character is not a Unicode scalar value": "이스케이프한 문자가 유니코드 스칼라 값이 아닙니다",
    "Expected '=' after a key in a key/value pair": "키/값 쌍에서 키 뒤에 '='가 있어야 합니다",
    "Expected ']' at the end of a table declaration": "테이블 선언 끝에 ']'가 있어야 합니다",
    "Expected ']]' at the end of an array declaration": "배열 선언 끝에 ']]'가 있어야 합니다",
    "Expected newline or end of document after a statement": "문장 뒤에는 줄바꿈이나 문서의 끝이 와야 합니다",
    "Found invalid character {char}": "잘못된 문자 {char}〈이〉 있습니다", "Illegal character {char}": "쓸 수 없는 문자 {char}",
    "Invalid date or datetime": "잘못된 날짜 또는 시각", "Invalid hex value": "잘못된 16진수 값",
    "Invalid initial character for a key part": "키의 첫 글자로 쓸 수 없는 문자입니다", "Invalid statement": "잘못된 문장",
    "Invalid value": "잘못된 값", "Unclosed array": "배열이 닫히지 않았습니다",
    "Unclosed inline table": "인라인 테이블이 닫히지 않았습니다",
    "Unescaped '\\' in a string": "문자열에 이스케이프하지 않은 '\\'가 있습니다", "Unterminated string": "문자열이 끝나지 않았습니다",

}


def ko_homework() -> dict[str, str]:
    """KO_HOMEWORK with one entry per registry slip (its sentence quotes the row's pattern) and the
    rows' patterns in Korean (korean_rows), for a slip with no sentence of its own."""
    from bpcalc.ops import REGISTRY
    from bpcalc.teach.korean_rows import ROWS

    table = dict(KO_HOMEWORK)
    for name, op in REGISTRY.items():
        row = ROWS.get(name)
        if op.pattern and row is not None and "{" not in op.pattern:
            table.setdefault(op.pattern, row.pattern)
        for slip in op.slips:
            korean = SLIPS_KO.get((name, slip.code))
            if korean is not None and op.pattern:
                key = SLIP_TEMPLATE.replace("{slip}", slip.text).replace("{pattern}", op.pattern)
                table[key] = korean
    return table
