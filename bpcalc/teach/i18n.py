"""Every narrative string the explanations print, keyed, in each language we offer.

One table per language, so a further language is a new table and not a rewrite. The Korean
table keeps the lecture's English terms (Local / Upstream / Downstream Gradient, gate names)
inside Korean sentences, as Korean lecture notes do. English gate-pattern sentences come from
the registry (`Op.pattern`); other languages translate them here, keyed by op name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcalc.base.korean import fill
from bpcalc.ops import REGISTRY
from bpcalc.teach import korean_rows
from bpcalc.teach.lang_choice import DEFAULT
from bpcalc.teach.lang_choice import LANGUAGES as LANGUAGES  # re-exported: the explanations' languages
from bpcalc.teach.lang_choice import resolve_lang as resolve_lang  # re-exported for the renderers

if TYPE_CHECKING:
    from bpcalc.graph import Graph


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Backprop, step by step: {source}",
        "forward_title": "Forward pass: each node's value, from the inputs to the output",
        "backward_title": "Backward pass: reverse topological order; downstream gradient = upstream gradient × local gradient",
        "input": "input",
        "constant": "constant",
        "output_start": "the output L = {label}: the backward pass starts with dL/dL = 1",
        "output_start_loss": "the output L: the backward pass starts with dL/dL = 1",
        "output_upstream": "the output {label}: the backward pass starts from the given upstream gradient dL/d{label}, "
                           "not from dL/dL = 1; the gradients are those of L = {loss}",
        "jacobian_title": "Jacobians (--jacobian): each array gate's local gradient ∂(output)/∂(input) as a matrix, entries "
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
        "vjp_named": "vector-Jacobian product (the Jacobian is never built), written with this graph's names, "
                     "then its numbers",
        "shapes": "shapes: {shapes}",
        "sigmoid": "{label} = 1/(1 + exp(-{arg})) is a sigmoid written out in {count} primitive gates. As one grouped "
                   "sigmoid gate its local gradient is (1 - s) s with s = {label} = {s}: dL/d{arg} = {upstream} × "
                   "(1 - {s}) × {s} = {grouped}, the same gradient as the chain of primitives ({chain}).",
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
        "title": "Backpropagation 단계별 설명: {source}",
        "forward_title": "Forward pass: 입력에서 출력까지 각 노드의 값을 계산합니다",
        "backward_title": "Backward pass (Backpropagation): 위상 정렬의 역순으로 Chain Rule(연쇄 법칙)을 적용합니다. "
                          "Downstream Gradient = Upstream Gradient × Local Gradient",
        "input": "입력",
        "constant": "상수",
        "output_start": "출력 L = {label}: Backpropagation은 dL/dL = 1에서 시작하고, 각 게이트에서 Chain Rule(연쇄 법칙)에 "
                        "따라 Upstream Gradient에 Local Gradient를 곱합니다",
        "output_start_loss": "출력 L: Backpropagation은 dL/dL = 1에서 시작하고, 각 게이트에서 Chain Rule(연쇄 법칙)에 "
                             "따라 Upstream Gradient에 Local Gradient를 곱합니다",
        "output_upstream": "출력 {label}: Backpropagation은 dL/dL = 1이 아니라 주어진 Upstream Gradient dL/d{label}에서 "
                           "시작합니다. 이때의 Gradient는 L = {loss}의 Gradient입니다",
        "jacobian_title": "Jacobian (--jacobian): 배열 게이트마다 Local Gradient ∂(output)/∂(input)를 행렬로 보입니다 "
                          "(원소는 행 우선 순서). Downstream = Upstream · Jacobian",
        "jacobian_head": "{label} = {formula}: ∂{label}/∂{input}〈은〉 {rows} × {columns} 행렬입니다",
        "jacobian_diagonal": "대각 행렬: elementwise 게이트",
        "jacobian_broadcast": "행마다 원소 하나: elementwise 게이트이고 {input}〈은〉 broadcast됩니다",
        "jacobian_flat": "{names}〈을〉 행 우선 순서로 펼쳤습니다 (shape {shape}인 행렬의 행렬)",
        "jacobian_never": "{rows} × {columns}, 0이 아닌 원소 {nonzero}개: 한도 {limit}개를 넘어 만들지 않습니다. "
                          "VJP가 dL/d{input}〈을〉 바로 줍니다",
        "jacobian_never_uncounted": "{rows} × {columns} = {entries}개 원소: 한도 {limit}개를 넘어 만들지 않습니다. "
                                    "VJP가 dL/d{input}〈을〉 바로 줍니다",
        "jacobian_none": "배열 게이트가 없습니다: --jacobian은 배열 피연산자를 가진 게이트의 Jacobian을 보여 줍니다",
        "gate_head": "{label} = {formula}: {gate} 게이트, Upstream Gradient dL/d{label} = {upstream}",
        "via": "{label} 경유",
        "fanout": "{label:은} {count}곳에서 쓰입니다: 복사 연산 (fan-out)이므로 Gradient는 각 가지에서 돌아온 값의 합입니다",
        "copy_pattern": "copy 게이트 (복사 연산, Gradient Adder): Backward에서 Upstream들의 값을 더해서 받습니다. 여러 곳에서 "
                        "쓰인 값은 각 사용처에서 돌아온 Gradient의 합을 받습니다",
        "kink": "Kink: {label:은} {op} 게이트의 미분할 수 없는 점에 있습니다. 이 점에서 bpcalc는 {rule}",
        "vjp": "Vector-Jacobian Product (Jacobian 행렬은 만들지 않습니다): {rule}",
        "vjp_named": "Vector-Jacobian Product (Jacobian 행렬은 만들지 않습니다): 이 그래프의 이름으로 쓴 뒤 값을 "
                     "넣습니다",
        "shapes": "shape: {shapes}",
        "sigmoid": "{label} = 1/(1 + exp(-{arg}))〈는〉 기본 게이트 {count}개로 풀어 쓴 sigmoid입니다. 하나의 sigmoid 게이트로 "
                   "묶으면 s = {label} = {s}일 때 Local Gradient가 (1 - s) s이므로 dL/d{arg} = {upstream} × (1 - {s}) × "
                   "{s} = {grouped}입니다. 기본 게이트들에 Chain Rule을 적용한 결과({chain})와 같은 Gradient입니다.",
        "summary": "결과: {label} = {value}",
        "symbolic_skipped": "기호 공식 생략: {why}",
        "exact_title": "정확한 값(SymPy 유리수와 닫힌 형식)과 소수 값",
        "symbolic_title": "기호 Gradient: 입력에 대한 dL/dnode의 간단한 공식",
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

# The registry rows' sentences in other languages, keyed by op name (teach/korean_rows.py):
# gate patterns, and gates with constant parameters keyed "op:positions" as ParamGate.key.
PATTERNS: dict[str, dict[str, str]] = {"ko": {name: row.pattern for name, row in korean_rows.ROWS.items()}}
PARAM_PATTERNS: dict[str, dict[str, str]] = {"ko": dict(korean_rows.PARAM_ROWS)}
VJP_RULES: dict[str, dict[str, str]] = {"ko": {name: row.vjp for name, row in korean_rows.ROWS.items() if row.vjp}}
KINK_RULES: dict[str, dict[str, str]] = {"ko": {name: row.kink for name, row in korean_rows.ROWS.items() if row.kink}}
PARAMS_NOTES: dict[str, str] = {"ko": korean_rows.PARAMS_NOTE}

def message(key: str, lang: str = DEFAULT, **fields: object) -> str:
    """A narrative string in `lang`, with its fields filled in."""
    table = MESSAGES.get(lang, MESSAGES[DEFAULT])
    template = table.get(key) or MESSAGES[DEFAULT][key]
    return fill(template, **fields) if lang == "ko" else template.format(**fields)


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
                return name, fill(translated, c=written.constants)
        if key.endswith(":params") and lang in PARAMS_NOTES:
            written = REGISTRY[graph.ops[index]].parametrized(
                tuple(graph.label(a) if graph.is_constant(a) else None for a in graph.args[index]))
            note = fill(PARAMS_NOTES[lang], c=written.constants if written is not None else "")
            return name, f"{pattern(graph.ops[index], lang)}. {note}"
    return name, english


def vjp_rule(op_name: str, lang: str = DEFAULT) -> str | None:
    """The row's vector-Jacobian rule in `lang` (English is the registry's own)."""
    if lang != DEFAULT:
        translated = VJP_RULES.get(lang, {}).get(op_name)
        if translated:
            return translated
    return REGISTRY[op_name].vjp_rule


def kink_rule(op_name: str, lang: str = DEFAULT) -> str:
    """The row's convention at a kink in `lang`: a clause that finishes the kink sentence."""
    if lang != DEFAULT:
        translated = KINK_RULES.get(lang, {}).get(op_name)
        if translated:
            return translated
    return REGISTRY[op_name].kink_rule or "0"


def join_sentences(parts: list[str] | tuple[str, ...], lang: str = DEFAULT) -> str:
    """Sentences as one paragraph: each ends with a full stop, then one space ("... 받습니다. shape: ...")."""
    return " ".join(part if part.endswith((".", "!", "?")) else part + "." for part in parts if part)


def copy_pattern(lang: str = DEFAULT) -> str:
    return message("copy_pattern", lang)
