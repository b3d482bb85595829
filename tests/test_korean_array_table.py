"""eval --lang ko on array programs: the Local Gradient column (a Jacobian never formed and the
row's VJP rule, a diagonal Jacobian, a broadcast input) is Korean, with no English sentence."""

from __future__ import annotations

import pytest

from bpcalc.ops import REGISTRY
from bpcalc.teach.catalogue import translate
from bpcalc.teach.korean_rows import ROWS
from tests.korean_english import english_runs

PROGRAMS = [
    ("L = sum(relu(W @ x + b))", ["--W=[[1, 2], [3, -1]]", "--x=[1, 2]", "--b=1"]),
    ("L = mean(softmax(s) * s)", ["--s=[1, 2, 0.5]"]),
    ("L = sum(max(X, axis=0) * w) + norm(X, axis=1)[0]", ["--X=[[1, -2], [3, 4]]", "--w=[1, 2]"]),
    ("L = cross_entropy(s, y)", ["--s=[[1, 2, 0.5], [0, 1, 3]]", "--y=[1, 2]"]),
]


@pytest.mark.parametrize(("program", "values"), PROGRAMS)
def test_the_array_table_under_lang_ko_holds_no_english_sentence(run_cli, program: str, values: list[str]) -> None:
    done = run_cli("eval", program, *values, "--lang", "ko", "--wide")
    assert done.exit_code == 0, done.output
    assert english_runs(done.output) == [], done.output


def test_a_jacobian_never_formed_quotes_the_rows_korean_vjp_rule() -> None:
    english = f"Jacobian not formed (∂n2/∂W 2x4); {REGISTRY['sum'].vjp_rule}"
    assert translate(english, "ko") == f"Jacobian 행렬은 만들지 않습니다 (∂n2/∂W 2x4). {ROWS['sum'].vjp}"


def test_every_rows_vjp_rule_has_its_korean_in_the_catalogue() -> None:
    missing = [name for name, op in REGISTRY.items() if op.vjp_rule and translate(op.vjp_rule, "ko") == op.vjp_rule
               and english_runs(op.vjp_rule)]
    assert missing == []


def test_english_output_keeps_the_english_column(run_cli) -> None:
    done = run_cli("eval", "L = sum(relu(x))", "--x=[1, -2]", "--lang", "en")
    assert "diagonal Jacobian, diag = [1, 0]" in done.output
