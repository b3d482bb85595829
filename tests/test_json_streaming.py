"""`eval --json` past 1,000 nodes is written node by node (render/json_doc.write_document): the
text must be exactly what building the whole document and dumping it gives, on many programs."""

from __future__ import annotations

import io
import json
import random

import numpy as np
import pytest

import bpcalc
from bpcalc.render import json_doc


def streamed(result: bpcalc.Result) -> str:
    out = io.StringIO()
    json_doc.write_document(result, out.write)
    return out.getvalue()


def chain(levels: int) -> str:
    return "tanh(0.5 * " * levels + "x" + " + 0.1)" * levels


def recurrence(steps: int) -> str:
    return "\n".join(["h1 = tanh(w*h0 + x)"] + [f"h{k + 1} = tanh(w*h{k} + x)" for k in range(1, steps)])


def random_program(seed: int, statements: int) -> tuple[str, dict[str, float]]:
    """Statements over a few inputs with every kind of scalar gate, some at kinks and poles."""
    rng = random.Random(seed)
    names = ["a", "b", "c"]
    lines = []
    for k in range(statements):
        x, y = rng.choice(names), rng.choice(names)
        form = rng.choice(["{x} * {y}", "{x} + {y}", "tanh({x})", "relu({x} - {y})", "max({x}, {y})", "{x} / (1 + {y}^2)",
                           "exp(-{x}^2)", "abs({x})", "sigmoid({x}) * 2"])
        lines.append(f"t{k} = " + form.format(x=x, y=y))
        names.append(f"t{k}")
    return "\n".join(lines), {"a": 0.5, "b": -0.25, "c": 0.0}


CASES = [
    ("chain past the limit", chain(300), {"x": 0.3}),
    ("chain just under", chain(199), {"x": 0.3}),
    ("recurrence", recurrence(700), {"w": 0.9, "x": 0.1, "h0": 0.2}),
    ("a gradient with no real value", "g = x^y\n" + "\n".join(f"y{k} = g * {k}" for k in range(1100))
     + "\nf = " + " + ".join(f"y{k}" for k in range(1100)), {"x": -2.0, "y": 2.0}),
]
CASES += [(f"random {seed}", *random_program(seed, 600)) for seed in range(4)]


@pytest.mark.parametrize(("label", "source", "values"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("check", [True, False])
def test_the_streamed_document_is_byte_identical_to_the_whole_one(label: str, source: str, values: dict, check: bool) -> None:
    result = bpcalc.evaluate(source, values, check=check)
    text = streamed(result)
    assert text == json_doc.dumps(json_doc.document(result))
    assert json.loads(text) == json.loads(json.dumps(json_doc.document(result), allow_nan=False))


def test_an_array_program_past_the_limit_streams_the_same_text() -> None:
    source = "\n".join(["h1 = tanh(W @ x)"] + [f"h{k + 1} = tanh(W @ h{k})" for k in range(1, 1100)]) + "\nf = sum(h1100)"
    rng = np.random.default_rng(0)
    result = bpcalc.evaluate(source, {"W": rng.standard_normal((3, 3)) / 3, "x": rng.standard_normal(3)}, check=False)
    assert len(json_doc.document(result)["nodes"]) > json_doc.COMPACT_ABOVE_NODES
    assert streamed(result) == json_doc.dumps(json_doc.document(result))


def test_the_stream_is_written_in_many_pieces_none_holding_the_whole_document() -> None:
    result = bpcalc.evaluate(chain(2000), {"x": 0.3}, check=False)
    pieces: list[str] = []
    json_doc.write_document(result, pieces.append)
    assert len(pieces) > 10
    assert max(map(len, pieces)) < len("".join(pieces)) / 10


@pytest.mark.parametrize("levels", [20, 300])
def test_extra_fields_come_last_in_both_the_streamed_and_the_whole_document(levels: int) -> None:
    result = bpcalc.evaluate(chain(levels), {"x": 0.3}, check=False)
    out = io.StringIO()
    json_doc.write_document(result, out.write, {"jacobians": [{"node": "n1"}]})
    assert out.getvalue() == json_doc.dumps({**json_doc.document(result), "jacobians": [{"node": "n1"}]})
    assert list(json.loads(out.getvalue()))[-1] == "jacobians"
