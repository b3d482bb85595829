"""Every narrative string the explanations print, keyed, in each language we offer.

One table per language, so a further language is a new table and not a rewrite. The Korean
table keeps the lecture's English terms (Local / Upstream / Downstream Gradient, gate names)
inside Korean sentences, as Korean lecture notes do. English gate-pattern sentences come from
the registry (`Op.pattern`); other languages translate them here, keyed by op name.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from bpcalc.ops import REGISTRY

if TYPE_CHECKING:
    from bpcalc.graph import Graph

LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Backprop, step by step: {source}",
        "forward_title": "Forward pass: each node's value, from the inputs to the output",
        "backward_title": "Backward pass: reverse topological order; downstream gradient = upstream gradient × local gradient",
        "input": "input",
        "constant": "constant",
        "output_start": "the output L = {label}: the backward pass starts with dL/dL = 1",
        "output_upstream": "the output {label}: the backward pass starts from the given upstream gradient dL/d{label}, "
                           "not from dL/dL = 1; the gradients are those of L = {loss}",
        "jacobian_title": "Jacobians (--jacobian): each array gate's local gradient d(output)/d(input) as a matrix, entries "
                          "in row-major order; downstream = upstream · Jacobian",
        "jacobian_head": "{label} = {formula}: ∂{label}/∂{input} is {rows} × {columns}",
        "jacobian_diagonal": "diagonal: an elementwise gate",
        "jacobian_broadcast": "one entry per row: an elementwise gate, {input} broadcast",
        "jacobian_flat": "{names} flattened in row-major order (a matrix of matrices of shape {shape})",
        "jacobian_never": "{rows} × {columns}, {nonzero} nonzero entries: never formed (past the limit of {limit} "
                          "entries); the VJP gives dL/d{input} directly",
        "jacobian_never_uncounted": "{rows} × {columns} = {entries} entries: never formed (past the limit of {limit} "
                                    "entries); the VJP gives dL/d{input} directly",
        "jacobian_none": "no array gate: --jacobian shows the Jacobians of gates with array operands",
        "gate_head": "{label} = {formula}: {gate} gate, upstream gradient dL/d{label} = {upstream}",
        "via": "via {label}",
        "fanout": "{label} is used {count} times: copy gate (fan-out), its gradient is the sum of the branches",
        "copy_pattern": "copy gate (fan-out): gradient adder, a value used in several places receives the sum of the "
                        "gradients flowing back from each use",
        "kink": "kink: {label} sits at a non-differentiable point of {op}; bpcalc uses the convention {rule}",
        "vjp": "vector-Jacobian product (the Jacobian is never built): {rule}",
        "shapes": "shapes: {shapes}",
        "sigmoid": "{label} = 1/(1 + exp(-{arg})) is a sigmoid written out in {count} primitive gates. As one grouped "
                   "sigmoid gate its local gradient is (1 - s) s with s = {label} = {s}: dL/d{arg} = {upstream} * "
                   "(1 - {s}) * {s} = {grouped}, the same gradient as the chain of primitives ({chain}).",
        "summary": "Result: {label} = {value}",
        "symbolic_skipped": "symbolic formulas skipped: {why}",
        "exact_title": "Exact values (SymPy rationals and closed forms) next to the decimals",
        "symbolic_title": "Symbolic gradients: dL/dnode as a simplified formula of the inputs",
        "col_node": "node",
        "col_operation": "operation",
        "col_value": "value",
        "col_exact_value": "exact value",
        "col_grad": "gradient dL/dnode",
        "col_exact_grad": "exact gradient",
        "col_formula": "formula",
        "col_local": "local gradient",
        "step": "step",
        "note": "note",
    },
    "ko": {
        "title": "Backprop 단계별 설명: {source}",
        "forward_title": "Forward pass (순전파): 입력에서 출력까지 각 노드의 값",
        "backward_title": "Backward pass (역전파): 위상 정렬의 역순; Downstream Gradient = Upstream Gradient × Local Gradient",
        "input": "입력",
        "constant": "상수",
        "output_start": "출력 L = {label}: 역전파는 dL/dL = 1 에서 시작합니다",
        "output_upstream": "출력 {label}: 역전파는 dL/dL = 1 이 아니라 주어진 Upstream Gradient dL/d{label} 에서 "
                           "시작합니다; Gradient는 L = {loss} 의 Gradient입니다",
        "jacobian_title": "Jacobian (--jacobian): 배열 게이트마다 Local Gradient d(output)/d(input) 를 행렬로 (원소는 "
                          "행 우선 순서); Downstream = Upstream · Jacobian",
        "jacobian_head": "{label} = {formula}: ∂{label}/∂{input} 는 {rows} × {columns} 행렬입니다",
        "jacobian_diagonal": "대각 행렬: elementwise 게이트",
        "jacobian_broadcast": "행마다 원소 하나: elementwise 게이트, {input} 는 broadcast 됨",
        "jacobian_flat": "{names} 를 행 우선 순서로 펼침 (shape {shape} 의 행렬의 행렬)",
        "jacobian_never": "{rows} × {columns}, 0 이 아닌 원소 {nonzero} 개: 만들지 않습니다 (한도 {limit} 원소 초과); "
                          "VJP 가 dL/d{input} 를 바로 줍니다",
        "jacobian_never_uncounted": "{rows} × {columns} = {entries} 원소: 만들지 않습니다 (한도 {limit} 원소 초과); "
                                    "VJP 가 dL/d{input} 를 바로 줍니다",
        "jacobian_none": "배열 게이트가 없습니다: --jacobian 은 배열 피연산자를 가진 게이트의 Jacobian 을 보여 줍니다",
        "gate_head": "{label} = {formula}: {gate} 게이트, Upstream Gradient dL/d{label} = {upstream}",
        "via": "{label} 경유",
        "fanout": "{label} 은(는) {count} 곳에서 쓰입니다: copy 게이트 (fan-out), Gradient는 각 가지에서 온 값의 합입니다",
        "copy_pattern": "copy 게이트 (fan-out): gradient adder, 여러 곳에서 쓰인 값은 각 사용처에서 돌아온 Gradient의 "
                        "합을 받습니다",
        "kink": "kink: {label} 은(는) {op} 의 미분 불가능한 점에 있습니다; bpcalc는 {rule} 규칙을 따릅니다",
        "vjp": "vector-Jacobian product (Jacobian 행렬은 만들지 않습니다): {rule}",
        "shapes": "shape: {shapes}",
        "sigmoid": "{label} = 1/(1 + exp(-{arg})) 는 {count} 개의 기본 게이트로 풀어 쓴 sigmoid 입니다. 하나의 sigmoid "
                   "게이트로 묶으면 Local Gradient는 (1 - s) s, s = {label} = {s}: dL/d{arg} = {upstream} * "
                   "(1 - {s}) * {s} = {grouped}, 기본 노드들의 chain rule 결과({chain})와 같은 Gradient입니다.",
        "summary": "결과: {label} = {value}",
        "symbolic_skipped": "기호 공식 생략: {why}",
        "exact_title": "정확한 값 (SymPy 유리수와 닫힌 형식) 과 소수 값",
        "symbolic_title": "기호 Gradient: 입력에 대한 dL/dnode 의 간단한 공식",
        "col_node": "노드",
        "col_operation": "연산",
        "col_value": "값",
        "col_exact_value": "정확한 값",
        "col_grad": "Gradient dL/dnode",
        "col_exact_grad": "정확한 Gradient",
        "col_formula": "공식",
        "col_local": "Local Gradient",
        "step": "단계",
        "note": "설명",
    },
}

# Gate-pattern sentences in languages other than English, keyed by registry op name. Rows for
# array operations another change may add are included ahead of time; extra keys are harmless.
PATTERNS: dict[str, dict[str, str]] = {
    "ko": {
        "add": "add 게이트: gradient distributor, 각 입력은 Upstream Gradient를 그대로 받습니다",
        "sub": "sub 게이트: add 게이트처럼 나누어 주지만, 빼는 입력은 부호가 바뀐 Upstream Gradient를 받습니다",
        "mul": "mul 게이트: gradient swapper, 각 입력은 Upstream Gradient에 다른 입력의 값을 곱한 값을 받습니다",
        "div": "div 게이트: 분자는 Upstream Gradient / b 를, 분모는 -Upstream Gradient * a / b^2 을 받습니다",
        "pow": "power 게이트: 밑은 Upstream Gradient * b * a^(b-1) 을, 지수는 Upstream Gradient * a^b * log(a) 를 "
               "받습니다 (a > 0 필요)",
        "neg": "negation 게이트: Upstream Gradient의 부호를 바꾸어 돌려보냅니다",
        "exp": "exp 게이트: Local Gradient가 출력 자신이므로 입력은 Upstream Gradient * exp(a) 를 받습니다",
        "log": "log 게이트: 입력은 Upstream Gradient / a 를 받습니다",
        "sqrt": "sqrt 게이트: 입력은 Upstream Gradient / (2 sqrt(a)) 를 받습니다; a = 0 에서 무한대입니다",
        "sin": "sin 게이트: 입력은 Upstream Gradient * cos(a) 를 받습니다",
        "cos": "cos 게이트: 입력은 Upstream Gradient * -sin(a) 를 받습니다",
        "tan": "tan 게이트: 입력은 Upstream Gradient * (1 + tan(a)^2) 를 받습니다",
        "tanh": "tanh 게이트: 입력은 Upstream Gradient * (1 - t^2) 를 받습니다 (t 는 출력); |a| 가 커지면 사라집니다",
        "sigmoid": "sigmoid 게이트: 하나로 묶은 게이트로, Local Gradient는 (1 - s) s 입니다 (s 는 출력)",
        "relu": "relu 게이트: 0 과의 max 게이트, a > 0 인 곳에서는 Upstream Gradient를 통과시키고 나머지는 막습니다",
        "abs": "abs 게이트: Upstream Gradient에 sign(a) 를 곱해 돌려보냅니다",
        "max": "max 게이트: gradient router, 가장 큰 입력이 Upstream Gradient를 받고 나머지는 0 을 받습니다",
        "min": "min 게이트: gradient router, 가장 작은 입력이 Upstream Gradient를 받고 나머지는 0 을 받습니다",
        "matmul": "matmul 게이트: D = W X 에서 dL/dW = (dL/dD) X^T, dL/dX = W^T (dL/dD); shape 이 전치의 위치를 "
                  "알려 줍니다",
        "dot": "dot 게이트: 각 벡터는 Upstream Gradient에 다른 벡터를 곱한 값을 받습니다 (mul 게이트의 벡터판)",
        "sum": "sum 게이트: gradient distributor, 모든 원소가 Upstream Gradient를 그대로 받습니다",
        "mean": "mean 게이트: 모든 원소가 Upstream Gradient / n 을 받습니다",
        "transpose": "transpose 게이트: Upstream Gradient를 다시 전치하여 돌려보냅니다",
        "norm": "norm 게이트: 입력은 Upstream Gradient * x / ||x|| 를 받습니다",
        "square": "square 게이트: 입력은 Upstream Gradient * 2a 를 받습니다",
        "softmax": "softmax 게이트: Jacobian 은 diag(s) - s s^T 이며, 입력은 s * (g - sum(g s)) 를 받습니다",
        "reshape": "reshape 게이트: Upstream Gradient를 입력의 shape 으로 되돌립니다",
        "flatten": "flatten 게이트: Upstream Gradient를 입력의 shape 으로 되돌립니다",
        "ones": "ones 게이트: 1 로 채운 상수 배열; 프로그램을 읽을 때 상수로 접히고 gradient 는 없습니다",
        "zeros": "zeros 게이트: 0 으로 채운 상수 배열; 프로그램을 읽을 때 상수로 접히고 gradient 는 없습니다",
        "ones_like": "ones_like 게이트: 입력과 같은 shape 의 1 배열; 입력은 0 gradient 를 받습니다",
        "zeros_like": "zeros_like 게이트: 입력과 같은 shape 의 0 배열; 입력은 0 gradient 를 받습니다",
        "array": "array literal 게이트: router, 각 part 는 Upstream Gradient의 자기 행을 받습니다",
        "stack": "stack 게이트: router, 각 part 는 새 axis 를 따라 Upstream Gradient의 자기 slice 를 받습니다",
        "concatenate": "concatenate 게이트: router, Upstream Gradient를 part 들이 만나는 곳에서 자릅니다",
        "vstack": "vstack 게이트: router, 각 part 는 Upstream Gradient의 자기 행들을 받습니다",
        "hstack": "hstack 게이트: router, 각 part 는 Upstream Gradient의 자기 열들을 받습니다",
        "outer": "outer 게이트: 각 벡터는 Upstream 행렬에 다른 벡터를 곱한 값을 받습니다",
        "amax": "max 게이트 (한 배열의 원소에 대한 reduction): gradient router, 가장 큰 원소가 Upstream Gradient를 "
                "받고 나머지는 0 을 받습니다",
        "amin": "min 게이트 (한 배열의 원소에 대한 reduction): gradient router, 가장 작은 원소가 Upstream Gradient를 "
                "받고 나머지는 0 을 받습니다",
        "index": "index 게이트: router, 선택된 원소는 Upstream Gradient를 받고 나머지 원소는 0 을 받습니다",
        "log_softmax": "log_softmax 게이트: 각 score 는 Upstream Gradient에서 softmax 와 Upstream Gradient 합의 곱을 "
                       "뺀 값을 받습니다",
        "cross_entropy": "cross_entropy 게이트: softmax loss -log p_y; 각 score 는 Upstream Gradient * "
                         "(p - 1[class = y]) 를 받고, 행에 대해 평균합니다",
        "svm_loss": "svm_loss 게이트: multiclass hinge loss, j != y 에 대한 max(0, s_j - s_y + delta) "
                    "(delta 는 주어지지 않으면 1) 의 합을 행에 대해 "
                    "평균합니다; max 게이트가 margin 이 양수인 class 로 Upstream Gradient를 보냅니다",
        "leaky_relu": "leaky_relu 게이트: relu 와 같지만, a <= 0 인 곳에서는 Upstream Gradient를 막지 않고 기울기 s 를 "
                      "곱해 통과시킵니다",
        "elu": "elu 게이트: a > 0 인 곳에서는 Upstream Gradient를 통과시키고, a <= 0 인 곳에서는 s * exp(a) 를 곱하며 "
               "a 가 작아질수록 0 에 가까워집니다",
        "softplus": "softplus 게이트: 부드러운 relu, log(1 + exp(a)); 입력은 Upstream Gradient * sigmoid(a) 를 받습니다",
        "silu": "silu (swish) 게이트: a * sigmoid(a); 입력은 Upstream Gradient * s (1 + a (1 - s)) 를 받습니다 "
                "(s = sigmoid(a))",
        "gelu": "gelu 게이트 (erf 형태, a Phi(a)): 입력은 Upstream Gradient * (Phi(a) + a phi(a)) 를 받습니다",
        "erf": "erf 게이트: 입력은 Upstream Gradient * 2/sqrt(pi) exp(-a^2) 를 받습니다",
        "log1p": "log1p 게이트: log(1 + a), a = 0 근처에서도 정확합니다; 입력은 Upstream Gradient / (1 + a) 를 받습니다",
        "expm1": "expm1 게이트: exp(a) - 1, a = 0 근처에서도 정확합니다; 입력은 Upstream Gradient * exp(a) 를 받습니다",
        "sinh": "sinh 게이트: 입력은 Upstream Gradient * cosh(a) 를 받습니다",
        "cosh": "cosh 게이트: 입력은 Upstream Gradient * sinh(a) 를 받습니다",
        "sign": "sign 게이트: 양쪽이 평평한 계단이므로 입력은 0 을 받습니다 (Gradient가 흐르지 않습니다)",
        "logsumexp": "logsumexp 게이트: 부드러운 max, log(sum(exp(x))); 각 원소는 Upstream Gradient에 자신의 softmax "
                     "가중치를 곱한 값을 받습니다",
        "variance": "var 게이트: 편차 제곱의 평균; 각 원소는 Upstream Gradient * 2 (x_i - mean) / n 을 받습니다",
        "std": "std 게이트: sqrt(var(x)); 각 원소는 Upstream Gradient * (x_i - mean) / (n std) 를 받습니다",
        "greater": "> 게이트: 비교, a > b 인 곳에서 1, 나머지는 0 인 마스크; 양쪽에서 평평하므로 두 입력은 0 을 받습니다",
        "greater_equal": ">= 게이트: 비교, a >= b 인 곳에서 1, 나머지는 0 인 마스크; 양쪽에서 평평하므로 두 입력은 0 을 받습니다",
        "less": "< 게이트: 비교, a < b 인 곳에서 1, 나머지는 0 인 마스크; 양쪽에서 평평하므로 두 입력은 0 을 받습니다",
        "less_equal": "<= 게이트: 비교, a <= b 인 곳에서 1, 나머지는 0 인 마스크; 양쪽에서 평평하므로 두 입력은 0 을 받습니다",
        "equal": "== 게이트: 비교, a == b 인 곳에서 1, 나머지는 0 인 마스크; 양쪽에서 평평하므로 두 입력은 0 을 받습니다",
        "not_equal": "!= 게이트: 비교, a != b 인 곳에서 1, 나머지는 0 인 마스크; 양쪽에서 평평하므로 두 입력은 0 을 받습니다",
        "where": "where 게이트: router, 조건이 참인 곳에서는 a 가, 나머지에서는 b 가 Upstream Gradient를 받습니다; 조건(마스크)은 "
                 "0 을 받습니다",
        "len": "len 게이트: 첫 번째 축의 크기; 배열의 값이 아니라 shape 만 읽으므로 배열은 Gradient를 받지 않습니다",
        "shape": "shape 게이트: 각 축의 크기; 배열의 값이 아니라 shape 만 읽으므로 배열은 Gradient를 받지 않습니다",
        "arange": "arange 게이트: 정수 a, a + 1, ..., b - 1 (S[arange(N), y] 의 행 번호); 범위는 static 이므로 Gradient를 "
                  "받지 않습니다",
    },
}

# Gates with constant parameters (Op.param_gates), keyed "op:positions" as ParamGate.key; {c}
# is the constant as written. The English sentences are the registry's own.
PARAM_PATTERNS: dict[str, dict[str, str]] = {
    "ko": {
        "add:0": "+{c} 게이트: Upstream Gradient를 그대로 통과시킵니다",
        "add:1": "+{c} 게이트: Upstream Gradient를 그대로 통과시킵니다",
        "sub:1": "-{c} 게이트: Upstream Gradient를 그대로 통과시킵니다",
        "sub:0": "{c}-x 게이트: Upstream Gradient의 부호를 바꿔 돌려보냅니다",
        "mul:0": "*{c} 게이트: Upstream Gradient에 {c} 를 곱합니다",
        "mul:1": "*{c} 게이트: Upstream Gradient에 {c} 를 곱합니다",
        "div:0": "{c}/x 게이트: Local Gradient는 -{c}/x² 이므로 입력은 Upstream Gradient * -{c}/x² 를 받습니다",
        "div:1": "/{c} 게이트: Upstream Gradient에 1/{c} 을 곱합니다",
        "pow:1": "x^{c} 게이트: Local Gradient는 {c} * x^({c} - 1) 입니다; 지수는 게이트의 파라미터이므로 Gradient를 받지 "
                 "않습니다",
        "pow:0": "{c}^x 게이트: Local Gradient는 {c}^x * log({c}), 즉 출력에 log({c}) 를 곱한 값입니다",
        "max:0": "max({c}, x) 게이트: x > {c} 이면 Upstream Gradient를 x 로 보내고 x < {c} 이면 막습니다; x = {c} 인 "
                 "동점에서는 고르게 나누므로 x 는 절반을 받습니다 (PyTorch 의 maximum)",
        "max:1": "max(x, {c}) 게이트: x > {c} 이면 Upstream Gradient를 x 로 보내고 x < {c} 이면 막습니다; x = {c} 인 "
                 "동점에서는 고르게 나누므로 x 는 절반을 받습니다 (PyTorch 의 maximum)",
        "min:0": "min({c}, x) 게이트: x < {c} 이면 Upstream Gradient를 x 로 보내고 x > {c} 이면 막습니다; x = {c} 인 "
                 "동점에서는 고르게 나누므로 x 는 절반을 받습니다 (PyTorch 의 minimum)",
        "min:1": "min(x, {c}) 게이트: x < {c} 이면 Upstream Gradient를 x 로 보내고 x > {c} 이면 막습니다; x = {c} 인 "
                 "동점에서는 고르게 나누므로 x 는 절반을 받습니다 (PyTorch 의 minimum)",
        "leaky_relu:1": "기울기 {c} 의 leaky_relu 게이트: a > 0 이면 Upstream Gradient를 통과시키고 a <= 0 이면 {c} 를 "
                        "곱합니다; 기울기는 파라미터이므로 Gradient를 받지 않습니다",
        "elu:1": "scale {c} 의 elu 게이트: a > 0 이면 Upstream Gradient를 통과시키고 a <= 0 이면 {c} * exp(a) 를 "
                 "곱합니다; scale 은 파라미터이므로 Gradient를 받지 않습니다",
        "greater:1": "> {c} 게이트: 0/1 마스크 (x > {c} 인 곳에서 1); 입력은 0 을 받습니다",
        "greater:0": "{c} > x 게이트: 0/1 마스크; 입력은 0 을 받습니다",
        "greater_equal:1": ">= {c} 게이트: 0/1 마스크 (x >= {c} 인 곳에서 1); 입력은 0 을 받습니다",
        "greater_equal:0": "{c} >= x 게이트: 0/1 마스크; 입력은 0 을 받습니다",
        "less:1": "< {c} 게이트: 0/1 마스크 (x < {c} 인 곳에서 1); 입력은 0 을 받습니다",
        "less:0": "{c} < x 게이트: 0/1 마스크; 입력은 0 을 받습니다",
        "less_equal:1": "<= {c} 게이트: 0/1 마스크 (x <= {c} 인 곳에서 1); 입력은 0 을 받습니다",
        "less_equal:0": "{c} <= x 게이트: 0/1 마스크; 입력은 0 을 받습니다",
        "equal:1": "== {c} 게이트: 0/1 마스크 (x == {c} 인 곳에서 1); 입력은 0 을 받습니다",
        "equal:0": "{c} == x 게이트: 0/1 마스크; 입력은 0 을 받습니다",
        "not_equal:1": "!= {c} 게이트: 0/1 마스크 (x != {c} 인 곳에서 1); 입력은 0 을 받습니다",
        "not_equal:0": "{c} != x 게이트: 0/1 마스크; 입력은 0 을 받습니다",
    },
}

_LANG_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")


def resolve_lang(requested: str | None = None) -> str:
    """The language to speak: an explicit choice wins, then the locale (LC_ALL, LC_MESSAGES, LANG)."""
    if requested:
        code = requested.strip().lower().replace("-", "_").split("_")[0]
        return code if code in LANGUAGES else DEFAULT
    for var in _LANG_ENV:
        value = os.environ.get(var, "")
        if value:
            code = value.lower().split("_")[0].split(".")[0]
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT


def message(key: str, lang: str = DEFAULT, **fields: object) -> str:
    """A narrative string in `lang`, with its fields filled in."""
    table = MESSAGES.get(lang, MESSAGES[DEFAULT])
    template = table.get(key) or MESSAGES[DEFAULT][key]
    return template.format(**fields)


def pattern(op_name: str, lang: str = DEFAULT) -> str:
    """The gate-pattern sentence of a registry row, in `lang` (English is the registry's own)."""
    if lang != DEFAULT:
        translated = PATTERNS.get(lang, {}).get(op_name)
        if translated:
            return translated
    return REGISTRY[op_name].pattern


def gate_pattern(graph: Graph, index: int, lang: str = DEFAULT) -> tuple[str, str]:
    """(gate name, pattern sentence in `lang`) of a gate node, its constants as parameters:
    ("+1", "+1 gate: passes the upstream gradient unchanged")."""
    name, english, key = graph.gate(index)
    if key == graph.ops[index]:
        return name, pattern(key, lang)
    if lang != DEFAULT:
        translated = PARAM_PATTERNS.get(lang, {}).get(key)
        if translated:
            written = REGISTRY[graph.ops[index]].parametrized(
                tuple(graph.label(a) if graph.is_constant(a) else None for a in graph.args[index]))
            if written is not None:
                return name, translated.format(c=written.constants)
        if key.endswith(":params"):
            return name, pattern(graph.ops[index], lang)
    return name, english


def copy_pattern(lang: str = DEFAULT) -> str:
    return message("copy_pattern", lang)
