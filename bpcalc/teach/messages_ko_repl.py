"""Korean for the interactive session's own texts: the banner and :help (cli/repl.py,
cli/repl_session.py). Keyed by the English text as those modules write it; a test fails when
either changes without its Korean (tests/test_korean_repl_help.py)."""

from __future__ import annotations

KO_REPL: dict[str, str] = {
    "bpcalc {version}: type an expression, let x = 3 for a value, :help for the commands, Ctrl-D to leave.":
        "bpcalc {version}: 식을 입력하세요. 값은 let x = 3, 명령 목록은 :help, 끝내려면 Ctrl-D를 누르세요.",
    """\
Type a program a line at a time; after each change the table is shown again.
  (x + y) * z         the output expression (a new one replaces it)
  q = x + y           a named step (typing q = ... again replaces it)
  let x = 3           an input's value (also x = 3, or :set x=3 y=-4)
  ans                 the last output value, fixed when the line using it is typed
Commands:
  :explain            the forward and backward pass, step by step
  :graph [-o FILE]    the graph as a tree, or into FILE (.svg .png .dot .mmd .html .txt)
  :json               the result as JSON
  :code [modular]     the backprop code for the program (as bpcalc code writes it)
  :check KEY=ANSWER…  check hand-worked answers (q=3 df/dq=-4 dx=-4)
  :step LR [NAMES]    one gradient-descent step on NAMES (comma-separated; default: the last
                      :step's names, else every input)
  :values             the inputs and their values
  :program            the program as it stands
  :reset              forget the program and the values
  :help               this text
  :quit               leave (Ctrl-D too)
A line ending in an operator, a comma or an open bracket continues on the next line.""": """\
프로그램을 한 줄씩 입력합니다. 바뀔 때마다 표를 다시 보여 줍니다.
  (x + y) * z         출력 식 (새 식을 입력하면 바뀝니다)
  q = x + y           이름 붙은 단계 (q = ...를 다시 입력하면 바뀝니다)
  let x = 3           입력의 값 (x = 3, 또는 :set x=3 y=-4도 됩니다)
  ans                 마지막 출력 값 (그 값을 쓰는 줄을 입력할 때 정해집니다)
명령:
  :explain            Forward pass와 Backward pass를 한 단계씩
  :graph [-o FILE]    그래프를 트리로, 또는 FILE로 (.svg .png .dot .mmd .html .txt)
  :json               결과를 JSON으로
  :code [modular]     프로그램의 backprop 코드 (bpcalc code가 쓰는 대로)
  :check KEY=ANSWER…  손으로 푼 답 검사 (q=3 df/dq=-4 dx=-4)
  :step LR [NAMES]    NAMES에 Gradient descent 한 단계 (쉼표로 구분, 기본값: 지난
                      :step의 이름들, 없으면 모든 입력)
  :values             입력과 그 값
  :program            지금의 프로그램
  :reset              프로그램과 값을 모두 지웁니다
  :help               이 도움말
  :quit               끝내기 (Ctrl-D도 됩니다)
연산자, 쉼표, 열린 괄호로 끝나는 줄은 다음 줄로 이어집니다.""",
}
