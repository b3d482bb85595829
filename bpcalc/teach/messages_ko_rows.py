"""Korean for what eval's table quotes of the registry rows: each row's VJP rule and kink
convention (the English sentences are the keys, so the catalogue translates a cell that shows
one) and the words around them (a Jacobian never formed, a diagonal Jacobian, a broadcast input).
"""

from __future__ import annotations

KO_DESCRIBE: dict[str, str] = {
    # render/describe.py: the Local Gradient column of an array node
    "Jacobian not formed ({sizes}); {rule}": "Jacobian 행렬은 만들지 않습니다 ({sizes}). {rule}",
    "{partial}: diagonal Jacobian, diag = {diag}": "{partial}: 대각 Jacobian, 대각 성분 = {diag}",
    "{partial} = {value} per entry (diagonal Jacobian)": "{partial} = 원소마다 {value} (대각 Jacobian)",
    "{partial}: per entry {value} ({name} is broadcast, so its downstream gradient sums over the copies)":
        "{partial}: 원소마다 {value} ({name}〈이〉 broadcast되므로 Downstream Gradient는 복사본들에 걸쳐 더해집니다)",
    "{partial} = {value} per entry ({name} is broadcast, so its downstream gradient sums over the copies)":
        "{partial} = 원소마다 {value} ({name}〈이〉 broadcast되므로 Downstream Gradient는 복사본들에 걸쳐 더해집니다)",
}


def ko_rows() -> dict[str, str]:
    """The rows' English VJP rules and kink conventions -> their Korean (teach/korean_rows.py)."""
    from bpcalc.ops import REGISTRY
    from bpcalc.teach.korean_rows import ROWS

    out = dict(KO_DESCRIBE)
    for name, korean in ROWS.items():
        op = REGISTRY.get(name)
        if op is None:
            continue
        for english, translated in ((op.vjp_rule, korean.vjp), (op.kink_rule, korean.kink)):
            if english and translated:
                out.setdefault(english, translated)
    return out
