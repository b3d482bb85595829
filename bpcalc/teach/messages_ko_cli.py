"""Korean for the usage errors of the commands (check, code, eval, explain, grade, graph, plot,
train and the REPL) that bpcalc/teach/messages_ko.py does not hold, and for the operating
system's reasons a file cannot be read or written (os.strerror).

Keyed by the English template, as bpcalc/teach/messages_ko.py; merged by bpcalc.teach.catalogue.
"""

from __future__ import annotations

KO_CLI: dict[str, str] = {
    # cli/check_cmd.py
    "give either --key or --template, not both": "--key와 --template 가운데 하나만 주세요",
    "--key and --template take only the problem file": "--key와 --template에는 문제 파일만 줍니다",
    "bpcalc check --key examples/homework/problems.toml": "예: bpcalc check --key examples/homework/problems.toml",
    "no answers to check": "검사할 답이 없습니다",
    'give answers with --answer, e.g. --answer q=3 --answer "df/dq=-4"':
        '답은 --answer로 주세요 (예: --answer q=3 --answer "df/dq=-4")',
    "{file} has no expression and names no problem set": "{file}에 expression도 없고 문제 집합도 적혀 있지 않습니다",
    'an answer sheet from --template starts with problem_set = "problems.toml"; a worksheet has expression, '
    "[values] and [answers]":
        '--template로 만든 답안지는 problem_set = "problems.toml"로 시작하고, 워크시트에는 expression, [values], '
        "[answers]가 있습니다",
    "{file} is an answer sheet for {pointer}, which cannot be found": "{file}〈은〉 {pointer}의 답안지인데, 그 파일을 찾을 수 없습니다",
    "put the problem set next to the sheet, or fix the problem_set = line":
        "문제 집합을 답안지 옆에 두거나 problem_set = 줄을 고치세요",
    "a worksheet holds its own values and answers": "워크시트에는 값과 답이 들어 있습니다",
    "put values under [values] in the file; add answers with -a KEY=ANSWER":
        "값은 파일의 [values] 아래에 쓰고, 답은 -a KEY=ANSWER로 더하세요",
    'add an [answers] table, e.g. q = "3"': '[answers] 테이블을 더하세요 (예: q = "3")',
    "--answer {item}: expected KEY=ANSWER": "--answer {item}: KEY=ANSWER 꼴이어야 합니다",
    "write --answer q=3 or --answer df/dx=-4": "--answer q=3 또는 --answer df/dx=-4처럼 쓰세요",
    "two answers given for {key}": "{key}에 답이 두 개 주어졌습니다",
    "an answer sheet holds its own answers": "답안지에는 답이 들어 있습니다",
    "write them in the file": "답은 파일에 쓰세요",
    # cli/code_cmd.py, graph_cmd.py, plot_cmd.py, train_cmd.py: output files
    "-o {output} is a directory": "-o {output}〈은〉 폴더입니다",
    "give a file name, e.g. -o grad.py": "파일 이름을 주세요 (예: -o grad.py)",
    "-o {output} would overwrite {what}": "-o {output}〈은〉 {what}〈을〉 덮어씁니다",
    "the program file": "프로그램 파일", "the value file of {name}": "{name}의 값 파일",
    "write the code to another file": "코드는 다른 파일에 쓰세요",
    "cannot write {output}: {reason}": "{output}〈을〉 쓸 수 없습니다: {reason}",
    "cannot write: {reason} ({file})": "쓸 수 없습니다: {reason} ({file})",
    "check the folder exists and is writable": "폴더가 있고 쓸 수 있는지 확인하세요",
    "check the path": "경로를 확인하세요",
    "cannot tell the format from '{output}'": "'{output}'에서 형식을 알 수 없습니다",
    "use one of these extensions: {known}, or give --format": "확장자 {known} 가운데 하나를 쓰거나 --format을 주세요",
    "a PNG is binary: it will not be written to a terminal": "PNG는 바이너리라서 터미널에 쓰지 않습니다",
    "write it to a file: -o graph.png": "파일에 쓰세요: -o graph.png",
    "--layout dot needs Graphviz's dot program on PATH": "--layout dot에는 PATH에 있는 Graphviz의 dot 프로그램이 필요합니다",
    "install Graphviz (apt-get install graphviz), or use --layout builtin":
        "Graphviz를 설치하거나 (`apt-get install graphviz`) --layout builtin을 쓰세요",
    "cannot tell the picture format from '{output}'": "'{output}'에서 그림 형식을 알 수 없습니다",
    "write to a .png or .svg file": ".png나 .svg 파일에 쓰세요",
    "give exactly one variable a range to plot over": "그래프를 그릴 범위는 변수 하나에만 주세요",
    "only one variable can have a range, got {ranges}": "범위는 변수 하나에만 줄 수 있는데, {ranges}에 주어졌습니다",
    'for example: bpcalc plot "tanh(x)" --x=-4:4': '예: bpcalc plot "tanh(x)" --x=-4:4',
    "--plot {file}: the loss curve is drawn as SVG": "--plot {file}: 손실 곡선은 SVG로 그립니다",
    "name it loss.svg": "이름을 loss.svg로 하세요",
    # cli/eval_cmd.py, explain_cmd.py
    "--json and --format {fmt} ask for two different outputs": "--json과 --format {fmt}〈은〉 서로 다른 출력을 요청합니다",
    "give one of them": "하나만 주세요",
    "--jacobian is shown with the table, --tree, markdown or json, not with --format {fmt}":
        "--jacobian은 표, --tree, markdown, json과 함께 보여 주며, --format {fmt}〈과〉는 함께 쓸 수 없습니다",
    "--jacobian is shown with the table, markdown or json formats, not latex":
        "--jacobian은 표, markdown, json 형식과 함께 보여 주며, latex와는 함께 쓸 수 없습니다",
    "drop --jacobian, or choose another format": "--jacobian을 빼거나 다른 형식을 고르세요",
    # cli/grade_cmd.py, grade_platforms.py
    "give the SUBMISSIONS folder (or --dry-run to check the problem set only)":
        "SUBMISSIONS 폴더를 주세요 (문제 집합만 검사하려면 --dry-run)",
    "bpcalc grade problems.toml submissions/": "예: bpcalc grade problems.toml submissions/",
    "no such folder or file: {path}": "폴더나 파일이 없습니다: {path}",
    "--results-json writes one student's results, but {path} holds {count} files":
        "--results-json은 학생 한 명의 결과를 쓰는데, {path}에는 파일이 {count}개 있습니다",
    "for a batch, use --reports DIR: it writes one results.json per student":
        "여러 명을 채점할 때는 --reports DIR을 쓰세요. 학생마다 results.json을 하나씩 씁니다",
    "--{platform} grades the one submission under --root; give only PROBLEMS.toml":
        "--{platform}〈은〉 --root 아래의 제출물 하나를 채점합니다. PROBLEMS.toml만 주세요",
    "bpcalc grade --gradescope problems.toml [--root DIR]": "예: bpcalc grade --gradescope problems.toml [--root DIR]",
    "--{platform} writes only ROOT/results/results.json; {given} is for a batch":
        "--{platform}〈은〉 ROOT/results/results.json만 씁니다. {given}〈은〉 여러 명을 채점할 때 씁니다",
    "grade the folder of all submissions with bpcalc grade PROBLEMS.toml FOLDER":
        "제출물 전체의 폴더는 bpcalc grade PROBLEMS.toml FOLDER로 채점하세요",
    "--canvas and --moodle need --roster FILE (which student handed in which file)":
        "--canvas와 --moodle에는 --roster FILE(어느 학생이 어느 파일을 냈는지)이 필요합니다",
    "a CSV with a file column and the students' ids: file,Student,ID,SIS User ID,Email":
        "file 열과 학생 id가 있는 CSV입니다: file,Student,ID,SIS User ID,Email",
    "--hide-expected after_due_date is Gradescope's; PrairieLearn shows answers itself":
        "--hide-expected after_due_date는 Gradescope용입니다. PrairieLearn은 답을 스스로 보여 줍니다",
    "use --hide-expected always": "--hide-expected always를 쓰세요",
    # cli/repl_lines.py, repl_session.py
    "no command {word}": "{word}〈이라는〉 명령은 없습니다",
    ":help lists the commands": ":help로 명령 목록을 봅니다",
    "no code style {style}": "{style}〈이라는〉 코드 스타일은 없습니다",
    "the styles are {styles}": "스타일은 다음과 같습니다: {styles}",
    "there is nothing to show yet": "아직 보여 줄 것이 없습니다",
    "type an expression, e.g. (x + y) * z, and its values": "식과 값을 입력하세요 (예: (x + y) * z)",
    ":set needs NAME=VALUE": ":set에는 NAME=VALUE가 필요합니다",
    ":set x=3 y=-4": "예: :set x=3 y=-4",
    ":check needs answers": ":check에는 답이 필요합니다",
    ":check q=3 df/dq=-4 dx=-4": "예: :check q=3 df/dq=-4 dx=-4",
    ":step needs a learning rate": ":step에는 학습률이 필요합니다",
    ":step 0.1, or :step 0.1 w0,w1 for some inputs only": ":step 0.1, 일부 입력만이라면 :step 0.1 w0,w1",
    "ans is the last output value, and there is none yet": "ans는 마지막 출력 값인데, 아직 없습니다",
    "type an expression first, e.g. (x + y) * z": "먼저 식을 입력하세요 (예: (x + y) * z)",
    ":set {pair}: expected NAME=VALUE": ":set {pair}: NAME=VALUE 꼴이어야 합니다",
    ":graph {rest}: expected nothing or -o FILE": ":graph {rest}: 아무것도 주지 않거나 -o FILE을 주세요",
    ":graph -o graph.svg": "예: :graph -o graph.svg",
    ":check {item}: expected KEY=ANSWER": ":check {item}: KEY=ANSWER 꼴이어야 합니다",
    ":step {word}: the learning rate is a number": ":step {word}: 학습률은 수입니다",
    ":step 0.1": "예: :step 0.1",
    "needs a value for {names}: let {first} = ...": "{names}의 값이 필요합니다: let {first} = ...",
    "the program and the values are forgotten": "프로그램과 값을 지웠습니다",
    "no values yet: let x = 3": "아직 값이 없습니다: let x = 3",
    # the operating system's reasons (os.strerror), inside "cannot read/write ...: {reason}"
    "No such file or directory": "파일이나 폴더가 없습니다", "Permission denied": "권한이 없습니다",
    "File exists": "파일이 이미 있습니다", "Not a directory": "폴더가 아닙니다", "Is a directory": "폴더입니다",
    "No space left on device": "장치에 남은 공간이 없습니다", "Read-only file system": "읽기 전용 파일 시스템입니다",
    "Too many levels of symbolic links": "심볼릭 링크가 너무 많이 이어집니다", "File name too long": "파일 이름이 너무 깁니다",
    # render/code.py, code_plan.py: bpcalc code
    "the generated code starts backprop from dL/dL = 1; a given upstream gradient is not written into it yet":
        "생성되는 코드는 Backpropagation을 dL/dL = 1에서 시작합니다. 주어진 Upstream Gradient는 아직 코드에 쓰지 않습니다",
    "drop the upstream gradient, or write the loss out: sum(output * upstream)":
        "Upstream Gradient를 빼거나, 손실을 직접 쓰세요: sum(output * upstream)",
    "the registry has no code form for the {op} gate": "레지스트리에 {op} 게이트의 코드 형태가 없습니다",
    "the registry's code forms for the {op} gate do not cover it with {count} input(s) on arrays":
        "레지스트리에 있는 {op} 게이트의 코드 형태는 배열 입력 {count}개인 경우를 다루지 않습니다",
    "the registry's code forms for the {op} gate do not cover it with {count} input(s) on scalars":
        "레지스트리에 있는 {op} 게이트의 코드 형태는 스칼라 입력 {count}개인 경우를 다루지 않습니다",
    "bpcalc code cannot write this program: {reason}": "bpcalc code로는 이 프로그램을 쓸 수 없습니다: {reason}",
    "eval and explain still work; a code form for {op} is one line in its registry row":
        "eval과 explain은 그대로 쓸 수 있습니다. {op}의 코드 형태는 레지스트리 행에 한 줄을 더하면 됩니다",
    # render/png.py, svg.py: pictures
    "a PNG of {nodes} nodes is past the {most} a picture can show": "노드 {nodes}개의 PNG는 그림에 담을 수 있는 {most}개를 넘습니다",
    "use --format dot (Graphviz lays out large graphs) or --format tree, or draw a smaller program":
        "--format dot(Graphviz가 큰 그래프를 배치합니다)이나 --format tree를 쓰거나, 더 작은 프로그램을 그리세요",
    "the PNG would be {width} x {height} pixels, past {most}": "PNG가 {width} x {height} 픽셀이 되어 {most}〈을〉 넘습니다",
    "PNG output needs matplotlib, which is not installed": "PNG 출력에는 matplotlib이 필요한데, 설치되어 있지 않습니다",
    "install the images extra: {command} (or pip install matplotlib)":
        "images extra를 설치하세요: `{command}` (또는 `pip install matplotlib`)",
    "{what} of {nodes} nodes is past the {most} its layout handles": "노드 {nodes}개의 {what}〈은〉 배치할 수 있는 {most}개를 넘습니다",
    "an SVG": "SVG", "a PNG": "PNG", "an HTML page": "HTML 페이지", "a Mermaid chart": "Mermaid 그림",
    # teach/explanation.py: explain --symbolic
    "--symbolic does not take a given upstream gradient for a scalar program yet":
        "--symbolic은 아직 스칼라 프로그램에 주어진 Upstream Gradient를 받지 않습니다",
    "drop --upstream (or write the loss out: sum(output * upstream))":
        "--upstream을 빼세요 (또는 손실을 직접 쓰세요: sum(output * upstream))",
    # teach/plot.py: bpcalc plot
    "--{name}={text}: a range is written LOW:HIGH": "--{name}={text}: 범위는 LOW:HIGH로 씁니다",
    "for example --{name}=-4:4": "예: --{name}=-4:4",
    "--{name}={text}: the ends of a range must be numbers, not arrays": "--{name}={text}: 범위의 양 끝은 배열이 아니라 수여야 합니다",
    "--{name}={text}: the range is empty": "--{name}={text}: 범위가 비어 있습니다",
    "write the smaller end first, e.g. -4:4": "작은 쪽 끝을 먼저 쓰세요 (예: -4:4)",
    "a plot needs at least 2 points": "그래프에는 점이 2개 이상 필요합니다",
    "the expression does not use '{variable}', so it cannot be plotted over it":
        "식이 '{variable}'〈을〉 쓰지 않으므로 그 변수에 대해 그래프를 그릴 수 없습니다",
    "its inputs are: {inputs}": "입력은 다음과 같습니다: {inputs}",
    "no value for {names}": "{names}의 값이 없습니다",
    "a plot varies one variable; give the others fixed values, e.g. {example}":
        "그래프는 변수 하나만 바꿉니다. 나머지 변수에는 고정된 값을 주세요 (예: {example})",
    "{points} points of a {nodes}-node program is {count} node evaluations; a plot does at most {most}":
        "노드 {nodes}개인 프로그램을 점 {points}개에서 계산하면 노드 계산이 {count}번입니다. 그래프는 최대 {most}번까지 계산합니다",
    "give --points {fits} or fewer": "--points를 {fits} 이하로 주세요",
    "the expression is undefined everywhere on [{low}, {high}]": "식이 [{low}, {high}]의 모든 점에서 정의되지 않습니다",
    "choose a range where it is defined": "식이 정의되는 범위를 고르세요",
    "the expression's value is an array; a plot needs one number per point": "식의 값이 배열입니다. 그래프에는 점마다 수 하나가 필요합니다",
    # teach/train.py: bpcalc train
    "no parameters to train": "학습할 매개변수가 없습니다",
    "name some of the inputs: {inputs}": "입력 가운데 몇 개를 고르세요: {inputs}",
    "no optimizer named {name}": "{name}〈이라는〉 optimizer는 없습니다",
    "use one of {names}": "{names} 가운데 하나를 쓰세요",
    "'{name}' is given twice": "'{name}'〈이〉 두 번 주어졌습니다",
    "'{name}' is no input of the program": "'{name}'〈은〉 프로그램의 입력이 아닙니다",
    "{a} and {b} ask for two different outputs; give one of them": "{a} 옵션과 {b} 옵션은 서로 다른 출력을 요청합니다. 하나만 주세요",
    # click's frame around a usage error (cli/__init__.py _usage_frame)
    "Usage: {usage}": "사용법: {usage}",
    "Try '{command}' for help.": "도움말은 '{command}'로 볼 수 있습니다.",
    "Error: {message}": "오류: {message}",
    # click's own usage errors (a command's options parsed by click), shown after "Error: "
    "Invalid value for {param}: {message}": "{param}의 값이 잘못되었습니다: {message}",
    "Invalid value for {param} (env var: {var}): {message}":
        "{param}의 값이 잘못되었습니다 (환경 변수 {var}): {message}",
    "{value}: not a number of characters; write a count like 5000000 or 10M":
        "{value}: 글자 수가 아닙니다. 5000000이나 10M처럼 쓰세요",
    "{value}: the limit must be a whole number of characters, at least 1; write a count like 5000000 or 10M":
        "{value}: 한계는 1 이상의 정수 글자 수여야 합니다. 5000000이나 10M처럼 쓰세요",
    "{value}: not a size; write a size like 512M or 8G": "{value}: 크기가 아닙니다. 512M이나 8G처럼 쓰세요",
    "Invalid value: {message}": "잘못된 값: {message}",
    "{value} is not one of {choices}.": "{value}〈은〉 {choices} 가운데 하나가 아닙니다.",
    "{value} is not {choice}.": "{value}〈은〉 {choice}〈이〉 아닙니다.",
    "{value} is not a valid float.": "{value}〈은〉 올바른 float가 아닙니다.",
    "{value} is not a valid integer.": "{value}〈은〉 올바른 정수가 아닙니다.",
    "{value} is not a valid float range.": "{value}〈은〉 올바른 float 범위가 아닙니다.",
    "{value} is not a valid integer range.": "{value}〈은〉 올바른 정수 범위가 아닙니다.",
    "{value} is not in the range {range}.": "{value}〈은〉 범위 {range} 밖에 있습니다.",
    "{value} is not a valid boolean. Recognized values: {states}": "{value}〈은〉 올바른 불리언이 아닙니다. 쓸 수 있는 값: {states}",
    "Option {name} requires an argument.": "옵션 {name}에는 값이 필요합니다.",
    "Option {name} requires {nargs} arguments.": "옵션 {name}에는 값이 {nargs}개 필요합니다.",
    "Option {name} does not take a value.": "옵션 {name}에는 값을 줄 수 없습니다.",
    "No such option: {name}": "그런 옵션은 없습니다: {name}",
    "No such option {name}.": "그런 옵션은 없습니다: {name}",
    "No such command {name}.": "그런 명령은 없습니다: {name}",
    "{message} Did you mean {possibility}?": "{message} 혹시 {possibility}인가요?",
    "{message} (Did you mean one of: {possibilities}?)": "{message} (혹시 다음 가운데 하나인가요: {possibilities})",
    "Missing option {name}.": "옵션 {name}〈이〉 없습니다.", "Missing argument {name}.": "인자 {name}〈이〉 없습니다.",
    "Missing parameter: {name}": "매개변수가 없습니다: {name}", "Missing command.": "명령이 없습니다.",
    "Got unexpected extra argument ({args})": "예상하지 못한 인자가 더 있습니다 ({args})",
    "Got unexpected extra arguments ({args})": "예상하지 못한 인자가 더 있습니다 ({args})",
    "{name} {file} does not exist.": "{name} {file}〈이〉 없습니다.", "{name} {file} is a directory.": "{name} {file}〈은〉 폴더입니다.",
    "{name} {file} is a file.": "{name} {file}〈은〉 파일입니다.",
    "{name} {file} is not readable.": "{name} {file}〈을〉 읽을 수 없습니다.",
    "{name} {file} is not writable.": "{name} {file}에 쓸 수 없습니다.",
    "File": "파일", "Directory": "폴더", "Path": "경로",
    '"{name}" is no command; did you mean `bpcalc eval "{name}"`?': '"{name}"〈은〉 명령이 아닙니다. 혹시 `bpcalc eval "{name}"`인가요?',
}
