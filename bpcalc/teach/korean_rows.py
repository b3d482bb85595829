"""The registry rows' sentences in Korean: gate pattern, VJP rule and kink convention, per row.

One table keyed by row name (`Op.name`), beside nothing but itself, so a new row needs one entry
here (tests/test_korean_rows.py fails until it has one). The words are those of Korean lecture
notes: 더하기/곱하기/복사/Max 연산, 반대편의 값, "Upstream Gradient를 그대로 받음", with the
English terms capitalised as the notes write them (Local Gradient, Upstream Gradient, Gradient
Router). A particle after a value filled in later is written 〈을〉 and chosen when the sentence
is filled (bpcalc.base.korean.fill), so `x^2〈을〉` reads 제곱을 and `0.5〈을〉` reads 0.5를.
"""

from __future__ import annotations

from typing import NamedTuple


class KoreanRow(NamedTuple):
    pattern: str  # the gate-pattern sentence (Op.pattern)
    vjp: str | None = None  # the vector-Jacobian rule (Op.vjp_rule), for rows that have one
    kink: str | None = None  # the convention at a kink (Op.kink_rule): a clause ending in a verb
    rule: str | None = None  # the local gradient for people (Op.rule), where the row's has words in it


_TIES = "동점인 입력들이 Upstream Gradient를 똑같이 나누어 받게 합니다 ({torch}와 같습니다)"
_TIED_ENTRIES = "동점인 원소들이 Upstream Gradient를 똑같이 나누어 받게 합니다 ({torch}와 같습니다)"

ROWS: dict[str, KoreanRow] = {
    "add": KoreanRow("add 게이트 (더하기 연산, Gradient Distributor): Backward에서 각 입력은 Upstream Gradient를 그대로 "
                     "받습니다"),
    "sub": KoreanRow("sub 게이트 (빼기 연산): 더하기 연산처럼 Upstream Gradient를 나누어 주지만, 빼는 쪽 입력은 부호를 "
                     "바꾼 Upstream Gradient를 받습니다"),
    "mul": KoreanRow("mul 게이트 (곱하기 연산, Gradient Swapper): Backward에서 각 입력은 반대편의 값을 Upstream Gradient에 "
                     "곱해서 받습니다"),
    "div": KoreanRow("div 게이트 (나누기 연산 a / b): 분자 a는 Upstream Gradient / b를, 분모 b는 "
                     "-Upstream Gradient * a / b^2을 받습니다"),
    "pow": KoreanRow("pow 게이트 (거듭제곱 a^b): 밑 a는 Upstream Gradient * b * a^(b-1)을, 지수 b는 "
                     "Upstream Gradient * a^b * log(a)를 받습니다. 지수 쪽의 Gradient는 밑 a가 양수일 때만 정의됩니다"),
    "neg": KoreanRow("*-1 게이트 (부호 바꾸기): Upstream Gradient의 부호를 바꾸어 돌려보냅니다"),
    "exp": KoreanRow("exp 게이트: Local Gradient가 출력 exp(a) 자신이므로, 입력은 Upstream Gradient * exp(a)를 받습니다"),
    "log": KoreanRow("log 게이트: Local Gradient가 1 / a이므로, 입력은 Upstream Gradient / a를 받습니다"),
    "sqrt": KoreanRow("sqrt 게이트: 입력은 Upstream Gradient / (2 sqrt(a))를 받습니다. a = 0에서는 Local Gradient가 "
                      "무한대입니다"),
    "sin": KoreanRow("sin 게이트: 입력은 Upstream Gradient * cos(a)를 받습니다"),
    "cos": KoreanRow("cos 게이트: 입력은 Upstream Gradient * -sin(a)를 받습니다"),
    "tan": KoreanRow("tan 게이트: 입력은 Upstream Gradient * (1 + tan(a)^2)을 받습니다"),
    "tanh": KoreanRow("tanh 게이트: 출력을 t라 하면 Local Gradient는 1 - t^2이므로, 입력은 Upstream Gradient * (1 - t^2)을 "
                      "받습니다. 입력 a의 절댓값이 커지면 t^2이 1에 가까워져 Gradient가 사라집니다"),
    "sigmoid": KoreanRow("sigmoid 게이트: 여러 기본 게이트를 하나로 묶은 게이트로, 출력을 s라 하면 Local Gradient는 "
                         "(1 - s) s입니다"),
    "relu": KoreanRow("relu 게이트: 0과 비교하는 Max 연산으로, a > 0인 곳에서는 Upstream Gradient를 그대로 통과시키고 "
                      "나머지 곳에서는 0을 보냅니다",
                      kink="relu'(0) = 0으로 정합니다 (PyTorch와 같습니다)"),
    "abs": KoreanRow("abs 게이트: Upstream Gradient에 sign(a)를 곱해서 돌려보냅니다",
                     kink="abs'(0) = 0으로 정합니다 (PyTorch에서 sign(0) = 0인 것과 같습니다)"),
    "max": KoreanRow("max 게이트 (Max 연산, Gradient Router): Backward에서 가장 큰 입력만 Upstream Gradient를 그대로 받고, "
                     "나머지 입력은 0을 받습니다",
                     kink=_TIES.format(torch="PyTorch의 maximum/amax"),
                     rule="가장 큰 입력은 d/da = 1, 나머지는 0"),
    "min": KoreanRow("min 게이트 (Min 연산, Gradient Router): Backward에서 가장 작은 입력만 Upstream Gradient를 그대로 받고, "
                     "나머지 입력은 0을 받습니다",
                     kink=_TIES.format(torch="PyTorch의 minimum/amin"),
                     rule="가장 작은 입력은 d/da = 1, 나머지는 0"),
    "leaky_relu": KoreanRow("leaky_relu 게이트: relu와 같지만, a <= 0인 곳에서도 Upstream Gradient를 막지 않고 기울기 s를 "
                            "곱해서 통과시킵니다",
                            kink="leaky_relu'(0) = s, 곧 음수 쪽의 기울기로 정합니다 (PyTorch와 같습니다)"),
    "elu": KoreanRow("elu 게이트: a > 0인 곳에서는 Upstream Gradient를 그대로 통과시키고, a <= 0인 곳에서는 s * exp(a)를 "
                     "곱합니다. 이 값은 a가 작아질수록 0에 가까워집니다",
                     kink="elu'(0) = s exp(0) = s, 곧 음수 쪽의 기울기로 정합니다 (PyTorch와 같습니다). s = 1이면 "
                          "매끄럽습니다"),
    "softplus": KoreanRow("softplus 게이트: relu를 부드럽게 만든 log(1 + exp(a))로, 입력은 Upstream Gradient * sigmoid(a)를 "
                          "받습니다"),
    "silu": KoreanRow("silu (swish) 게이트: a * sigmoid(a)이며, s = sigmoid(a)라 하면 입력은 "
                      "Upstream Gradient * s (1 + a (1 - s))를 받습니다"),
    "gelu": KoreanRow("gelu 게이트 (erf 형태, a Phi(a)): 입력은 Upstream Gradient * (Phi(a) + a phi(a))를 받습니다",
                      rule="d/da = Phi(a) + a * phi(a), Phi와 phi는 표준정규분포의 cdf와 밀도"),
    "erf": KoreanRow("erf 게이트: 입력은 Upstream Gradient * 2/sqrt(pi) exp(-a^2)을 받습니다"),
    "log1p": KoreanRow("log1p 게이트: a = 0 근처에서도 정확한 log(1 + a)로, 입력은 Upstream Gradient / (1 + a)를 받습니다"),
    "expm1": KoreanRow("expm1 게이트: a = 0 근처에서도 정확한 exp(a) - 1로, 입력은 Upstream Gradient * exp(a)를 받습니다"),
    "sinh": KoreanRow("sinh 게이트: 입력은 Upstream Gradient * cosh(a)를 받습니다"),
    "cosh": KoreanRow("cosh 게이트: 입력은 Upstream Gradient * sinh(a)를 받습니다"),
    "sign": KoreanRow("sign 게이트: 양쪽이 평평한 계단 함수이므로 입력은 0을 받습니다 (Gradient가 흐르지 않습니다)",
                      kink="sign은 0에서 값이 뛰므로, 그 점의 미분도 0으로 정합니다 (PyTorch와 같습니다)"),
    "matmul": KoreanRow("matmul 게이트 (행렬의 곱하기 연산): 각 입력은 반대편의 값을 Upstream Gradient에 곱해서 받되, shape가 "
                        "맞도록 전치합니다",
                        vjp="dL/dA = G B^T, dL/dB = A^T G (C = A B, G는 Upstream Gradient)"),
    "dot": KoreanRow("dot 게이트 (벡터의 곱하기 연산을 더한 것): 각 벡터는 반대편 벡터를 Upstream Gradient에 곱해서 받습니다",
                     vjp="dL/da = g b, dL/db = g a (dot(a, b), g는 Upstream Gradient)"),
    "outer": KoreanRow("outer 게이트: 각 벡터는 반대편 벡터를 Upstream Gradient 행렬 G에 곱해서 받습니다",
                       vjp="dL/da = G b, dL/db = G^T a (outer(a, b), G는 Upstream Gradient)"),
    "transpose": KoreanRow("transpose 게이트: Upstream Gradient를 다시 전치해서 돌려보냅니다",
                           vjp="dL/dW = G^T (W^T의 Upstream Gradient가 G)"),
    "sum": KoreanRow("sum 게이트 (원소들의 더하기 연산, Gradient Distributor): 모든 원소가 Upstream Gradient를 그대로 "
                     "받습니다",
                     vjp="Upstream Gradient를 더한 축을 따라 broadcast해서 되돌립니다",
                     rule="모든 원소에서 d/dx_i = 1"),
    "mean": KoreanRow("mean 게이트 (나누어 주는 Distributor): 모든 원소가 Upstream Gradient를 원소의 개수 n으로 나눈 값을 "
                      "받습니다",
                      vjp="Upstream Gradient / n을 평균한 축을 따라 broadcast해서 되돌립니다 (n은 평균한 원소의 개수)"),
    "norm": KoreanRow("norm 게이트 (L2 norm sqrt(sum x^2)): 각 원소는 Upstream Gradient * x / ||x||를 받습니다",
                      vjp="dL/dx = g x / ||x|| (g는 Upstream Gradient)",
                      kink="norm이 0인 점의 Gradient를 0으로 정합니다 (subgradient)"),
    "amax": KoreanRow("max 게이트 (한 배열의 원소들에 대한 Max 연산, Gradient Router): 가장 큰 원소만 Upstream Gradient를 "
                      "받고, 나머지 원소는 0을 받습니다",
                      vjp="Upstream Gradient를 가장 큰 원소의 자리로 보내고, 나머지 자리는 0으로 채웁니다",
                      kink=_TIED_ENTRIES.format(torch="PyTorch의 amax"),
                      rule="가장 큰 원소는 d/dx_i = 1, 나머지는 0"),
    "amin": KoreanRow("min 게이트 (한 배열의 원소들에 대한 Min 연산, Gradient Router): 가장 작은 원소만 Upstream Gradient를 "
                      "받고, 나머지 원소는 0을 받습니다",
                      vjp="Upstream Gradient를 가장 작은 원소의 자리로 보내고, 나머지 자리는 0으로 채웁니다",
                      kink=_TIED_ENTRIES.format(torch="PyTorch의 amin"),
                      rule="가장 작은 원소는 d/dx_i = 1, 나머지는 0"),
    "index": KoreanRow("index 게이트 (Router): 골라낸 원소는 Upstream Gradient를 받고, 나머지 원소는 모두 0을 받습니다",
                       vjp="Upstream Gradient를 골라낸 원소의 자리로 되돌려 놓고, 나머지 원소는 0을 받습니다",
                       rule="골라낸 원소에서 d out/d x = 1, 나머지는 0"),
    "softmax": KoreanRow("softmax 게이트: 입력 score를 s, 출력을 p = softmax(s)라 하면, 각 score는 "
                         "p * (Upstream Gradient - p로 가중한 Upstream Gradient의 평균)을 받습니다",
                         vjp="dL/ds = p * (g - sum(g * p)), p = softmax(s) (마지막 축을 따라, g는 Upstream Gradient)"),
    "log_softmax": KoreanRow("log_softmax 게이트: 각 score는 Upstream Gradient에서 softmax(s)와 Upstream Gradient 합의 곱을 "
                             "뺀 값을 받습니다",
                             vjp="dL/ds = g - softmax(s) * sum(g) (마지막 축을 따라, g는 Upstream Gradient)"),
    "cross_entropy": KoreanRow("cross_entropy 게이트: softmax loss -log p_y로, 각 score는 "
                               "Upstream Gradient * (p - 1[class = y])를 받고 행에 대해 평균합니다",
                               vjp="dL/ds = g (softmax(s) - onehot(y))이며, 행이 N개이면 N으로 나눕니다"),
    "svm_loss": KoreanRow("svm_loss 게이트: multiclass hinge loss로, j != y인 class에 대한 max(0, s_j - s_y + delta)의 합을 "
                          "행에 대해 평균합니다 (delta는 주지 않으면 1). Max 연산이 margin이 양수인 class로 Upstream Gradient를 보냅니다",
                          vjp="margin이 양수인 틀린 class는 각각 g를 받고, 정답 class는 양수인 margin 하나마다 -g를 "
                              "받습니다",
                          kink="margin이 정확히 0이면 비활성으로 셉니다 (relu처럼 max(0, m)의 m = 0에서의 미분을 0으로 "
                               "정합니다)"),
    "logsumexp": KoreanRow("logsumexp 게이트: 부드러운 max인 log(sum(exp(x)))로, 각 원소는 Upstream Gradient에 자신의 "
                           "softmax 가중치를 곱한 값을 받습니다",
                           vjp="dL/dx = g softmax(x) (줄인 축을 따라, g는 Upstream Gradient)"),
    "variance": KoreanRow("var 게이트: 편차 제곱의 평균으로, 각 원소는 Upstream Gradient * 2 (x_i - mean) / n을 받습니다",
                          vjp="dL/dx = g * 2 (x - mean(x)) / n (g는 Upstream Gradient)"),
    "std": KoreanRow("std 게이트: sqrt(var(x))로, 각 원소는 Upstream Gradient * (x_i - mean) / (n std)를 받습니다",
                     vjp="dL/dx = g (x - mean(x)) / (n std(x)) (g는 Upstream Gradient)",
                     kink="std = 0인 점(모든 원소가 같을 때)의 Gradient를 0으로 정합니다 (PyTorch와 같습니다)"),
    "greater": KoreanRow("> 게이트 (비교): a가 b보다 큰 곳에서 1, 나머지는 0인 마스크입니다. 양쪽이 평평하므로 두 입력은 "
                "0을 받습니다",
                rule="d out/d a = d out/d b = 0 (양쪽이 평평한 계단)",
                kink="두 값이 같은 곳에서 마스크가 뛰지만, 다른 곳처럼 그 점의 미분도 0으로 정합니다"),
    "greater_equal": KoreanRow(">= 게이트 (비교): a가 b 이상인 곳에서 1, 나머지는 0인 마스크입니다. 양쪽이 평평하므로 두 입력은 "
                "0을 받습니다",
                rule="d out/d a = d out/d b = 0 (양쪽이 평평한 계단)",
                kink="두 값이 같은 곳에서 마스크가 뛰지만, 다른 곳처럼 그 점의 미분도 0으로 정합니다"),
    "less": KoreanRow("< 게이트 (비교): a가 b보다 작은 곳에서 1, 나머지는 0인 마스크입니다. 양쪽이 평평하므로 두 입력은 "
                "0을 받습니다",
                rule="d out/d a = d out/d b = 0 (양쪽이 평평한 계단)",
                kink="두 값이 같은 곳에서 마스크가 뛰지만, 다른 곳처럼 그 점의 미분도 0으로 정합니다"),
    "less_equal": KoreanRow("<= 게이트 (비교): a가 b 이하인 곳에서 1, 나머지는 0인 마스크입니다. 양쪽이 평평하므로 두 입력은 "
                "0을 받습니다",
                rule="d out/d a = d out/d b = 0 (양쪽이 평평한 계단)",
                kink="두 값이 같은 곳에서 마스크가 뛰지만, 다른 곳처럼 그 점의 미분도 0으로 정합니다"),
    "equal": KoreanRow("== 게이트 (비교): a와 b가 같은 곳에서 1, 나머지는 0인 마스크입니다. 양쪽이 평평하므로 두 입력은 "
                "0을 받습니다",
                rule="d out/d a = d out/d b = 0 (양쪽이 평평한 계단)",),
    "not_equal": KoreanRow("!= 게이트 (비교): a와 b가 다른 곳에서 1, 나머지는 0인 마스크입니다. 양쪽이 평평하므로 두 입력은 "
                "0을 받습니다",
                rule="d out/d a = d out/d b = 0 (양쪽이 평평한 계단)",),
    "where": KoreanRow("where 게이트 (Router): 조건이 참인 곳에서는 a가, 나머지 곳에서는 b가 Upstream Gradient를 받습니다. "
                       "조건(마스크)은 0을 받습니다",
                       rule="조건이 참인 곳에서 d out/d a = 1, 나머지 곳에서 d out/d b = 1, 조건은 0"),
    "len": KoreanRow("len 게이트: 첫 번째 축의 크기입니다. 배열의 원소가 아니라 shape만 읽으므로 배열은 Gradient를 받지 "
                     "않습니다",
                     vjp="없음: len은 원소가 아니라 shape를 읽습니다",
                     rule="d len(x)/d x = 0, 원소가 바뀌어도 길이는 그대로입니다"),
    "shape": KoreanRow("shape 게이트: 각 축의 크기를 수로 줍니다. 배열의 원소가 아니라 shape만 읽으므로 배열은 Gradient를 "
                       "받지 않습니다",
                       vjp="없음: shape는 원소가 아니라 shape를 읽습니다",
                       rule="d shape(x)/d x = 0, 원소가 바뀌어도 shape는 그대로입니다"),
    "arange": KoreanRow("arange 게이트: 정수 a, a + 1, ..., b - 1 (한계가 하나면 0부터)로, 예를 들어 S[arange(N), y]의 행 "
                        "번호입니다. 범위는 static 정수이므로 Gradient를 받지 않습니다",
                        vjp="없음: arange의 범위는 static 정수입니다",
                        rule="Gradient 없음: 범위는 static 정수입니다"),
    "reshape": KoreanRow("reshape 게이트: Upstream Gradient를 입력의 shape로 되돌려 돌려보냅니다",
                         vjp="dL/dx = reshape(g, x의 shape) (값은 바뀌지 않으므로 Upstream Gradient를 입력의 shape로 되돌립니다)",
                         rule="같은 원소를 다른 shape로 놓습니다"),
    "flatten": KoreanRow("flatten 게이트: Upstream Gradient를 입력의 shape로 되돌려 돌려보냅니다",
                         vjp="dL/dx = reshape(g, x의 shape) (값은 바뀌지 않으므로 Upstream Gradient를 입력의 shape로 되돌립니다)",
                         rule="같은 원소를 한 행으로 놓습니다 (numpy의 ravel처럼 행 우선 순서)"),
    "ones": KoreanRow("ones 게이트: 1로 채운 상수 배열로, 프로그램을 읽을 때 상수로 접힙니다",
                      vjp="없음: 상수이고 shape는 static입니다",
                      rule="상수 배열: shape만 읽으므로 Gradient가 흐르지 않습니다"),
    "zeros": KoreanRow("zeros 게이트: 0으로 채운 상수 배열로, 프로그램을 읽을 때 상수로 접힙니다",
                       vjp="없음: 상수이고 shape는 static입니다",
                       rule="상수 배열: shape만 읽으므로 Gradient가 흐르지 않습니다"),
    "ones_like": KoreanRow("ones_like 게이트: 입력과 shape가 같은 1의 배열로, 입력은 0인 Gradient를 받습니다",
                           vjp="dL/dx = 0 (출력은 x의 shape만 읽습니다)",
                           rule="d/dx = 0: x가 무엇이든 모든 원소가 1입니다"),
    "zeros_like": KoreanRow("zeros_like 게이트: 입력과 shape가 같은 0의 배열로, 입력은 0인 Gradient를 받습니다",
                            vjp="dL/dx = 0 (출력은 x의 shape만 읽습니다)",
                            rule="d/dx = 0: x가 무엇이든 모든 원소가 0입니다"),
    "array": KoreanRow("array literal 게이트 (Router): 각 part는 Upstream Gradient에서 자기 행을 받습니다",
                       vjp="part k는 g[k]를 받습니다 (각 part는 Upstream Gradient에서 자기 몫을 받습니다)",
                       rule="out[k] = part k"),
    "stack": KoreanRow("stack 게이트 (Router): 각 part는 새 축을 따라 Upstream Gradient에서 자기 slice를 받습니다",
                       vjp="part k는 쌓은 축을 따라 g의 k번째 slice를 받습니다 (각 part는 Upstream Gradient에서 자기 몫을 받습니다)",
                       rule="새 축: part k가 그 축의 k번째 slice입니다"),
    "concatenate": KoreanRow("concatenate 게이트 (Router): Upstream Gradient를 part들이 만나는 곳에서 자릅니다",
                             vjp="g를 part들이 만나는 곳에서 자릅니다 (각 part는 Upstream Gradient에서 자기 몫을 받습니다)",
                             rule="part들을 축을 따라 이어 붙입니다"),
    "vstack": KoreanRow("vstack 게이트 (Router): 각 part는 Upstream Gradient에서 자기 행들을 받습니다",
                        vjp="g를 part들의 행 사이에서 자릅니다 (각 part는 Upstream Gradient에서 자기 몫을 받습니다)",
                        rule="part들을 행으로 위아래로 쌓습니다"),
    "hstack": KoreanRow("hstack 게이트 (Router): 각 part는 Upstream Gradient에서 자기 열들을 받습니다",
                        vjp="g를 part들의 열 사이에서 자릅니다 (각 part는 Upstream Gradient에서 자기 몫을 받습니다)",
                        rule="part들을 옆으로 나란히 놓습니다 (벡터는 이어 붙입니다)"),
}

# Gates with constant parameters (Op.param_gates), keyed "op:positions" as ParamGate.key; {c}
# is the constant as written, and 〈을〉 the particle chosen from how it is read.
PARAM_ROWS: dict[str, str] = {
    "add:0": "+{c} 게이트: Upstream Gradient를 그대로 통과시킵니다",
    "add:1": "+{c} 게이트: Upstream Gradient를 그대로 통과시킵니다",
    "sub:1": "-{c} 게이트: Upstream Gradient를 그대로 통과시킵니다",
    "sub:0": "{c}-x 게이트: Upstream Gradient의 부호를 바꿔서 돌려보냅니다",
    "mul:0": "*{c} 게이트 (곱하기 연산): 반대편의 값 {c}〈을〉 Upstream Gradient에 곱해서 돌려보냅니다",
    "mul:1": "*{c} 게이트 (곱하기 연산): 반대편의 값 {c}〈을〉 Upstream Gradient에 곱해서 돌려보냅니다",
    "div:0": "{c}/x 게이트: Local Gradient가 -{c}/x²이므로, 입력은 Upstream Gradient * -{c}/x²을 받습니다",
    "div:1": "/{c} 게이트: Upstream Gradient에 1/{c}〈을〉 곱합니다",
    "pow:1": "x^{c} 게이트: Local Gradient는 {c} * x^({c} - 1)입니다. 지수 {c}〈은〉 게이트의 파라미터이므로 Gradient를 "
             "받지 않습니다",
    "pow:0": "{c}^x 게이트: Local Gradient는 {c}^x * log({c}), 곧 출력에 log({c})〈을〉 곱한 값입니다",
    "max:0": "max({c}, x) 게이트: x > {c}〈이면〉 Upstream Gradient를 x로 보내고, x < {c}〈이면〉 막습니다. x = {c}인 "
             "동점에서는 Gradient를 똑같이 나누므로 x는 절반을 받습니다 (PyTorch의 maximum)",
    "max:1": "max(x, {c}) 게이트: x > {c}〈이면〉 Upstream Gradient를 x로 보내고, x < {c}〈이면〉 막습니다. x = {c}인 "
             "동점에서는 Gradient를 똑같이 나누므로 x는 절반을 받습니다 (PyTorch의 maximum)",
    "min:0": "min({c}, x) 게이트: x < {c}〈이면〉 Upstream Gradient를 x로 보내고, x > {c}〈이면〉 막습니다. x = {c}인 "
             "동점에서는 Gradient를 똑같이 나누므로 x는 절반을 받습니다 (PyTorch의 minimum)",
    "min:1": "min(x, {c}) 게이트: x < {c}〈이면〉 Upstream Gradient를 x로 보내고, x > {c}〈이면〉 막습니다. x = {c}인 "
             "동점에서는 Gradient를 똑같이 나누므로 x는 절반을 받습니다 (PyTorch의 minimum)",
    "leaky_relu:1": "기울기 {c}의 leaky_relu 게이트: a > 0이면 Upstream Gradient를 그대로 통과시키고, a <= 0이면 "
                    "{c}〈을〉 곱합니다. 기울기는 게이트의 파라미터이므로 Gradient를 받지 않습니다",
    "elu:1": "scale {c}의 elu 게이트: a > 0이면 Upstream Gradient를 그대로 통과시키고, a <= 0이면 {c} * exp(a)를 "
             "곱합니다. scale은 게이트의 파라미터이므로 Gradient를 받지 않습니다",
    "greater:1": "> {c} 게이트: 0/1 마스크입니다 (x > {c}인 곳에서 1). 입력은 0을 받습니다",
    "greater:0": "{c} > x 게이트: 0/1 마스크입니다 ({c} > x인 곳에서 1). 입력은 0을 받습니다",
    "greater_equal:1": ">= {c} 게이트: 0/1 마스크입니다 (x >= {c}인 곳에서 1). 입력은 0을 받습니다",
    "greater_equal:0": "{c} >= x 게이트: 0/1 마스크입니다 ({c} >= x인 곳에서 1). 입력은 0을 받습니다",
    "less:1": "< {c} 게이트: 0/1 마스크입니다 (x < {c}인 곳에서 1). 입력은 0을 받습니다",
    "less:0": "{c} < x 게이트: 0/1 마스크입니다 ({c} < x인 곳에서 1). 입력은 0을 받습니다",
    "less_equal:1": "<= {c} 게이트: 0/1 마스크입니다 (x <= {c}인 곳에서 1). 입력은 0을 받습니다",
    "less_equal:0": "{c} <= x 게이트: 0/1 마스크입니다 ({c} <= x인 곳에서 1). 입력은 0을 받습니다",
    "equal:1": "== {c} 게이트: 0/1 마스크입니다 (x == {c}인 곳에서 1). 입력은 0을 받습니다",
    "equal:0": "{c} == x 게이트: 0/1 마스크입니다 ({c} == x인 곳에서 1). 입력은 0을 받습니다",
    "not_equal:1": "!= {c} 게이트: 0/1 마스크입니다 (x != {c}인 곳에서 1). 입력은 0을 받습니다",
    "not_equal:0": "{c} != x 게이트: 0/1 마스크입니다 ({c} != x인 곳에서 1). 입력은 0을 받습니다",
}
# A gate whose constant inputs have no sentence of their own (`clip(x, 0, 1)` style): the row's
# sentence, then this.
PARAMS_NOTE = "{c}〈은〉 게이트의 파라미터이므로 Gradient를 받지 않습니다"
