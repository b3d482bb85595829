"""`bpcalc eval` on vectors and matrices: the issue's command, shapes in the table, summaries,
values from files, and shape mistakes that end with exit 2 and a message naming node and shapes."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from bpcalc import evaluate
from tests.conftest import ROOT

PRIMER = ("sum((W @ x)^2)", "--W=[[0.1,0.5],[-0.3,0.8]]", "--x=[0.2,0.4]")


def test_the_issues_command_gives_the_primers_numbers(run_cli) -> None:
    done = run_cli("eval", *PRIMER, "--json")
    assert done.exit_code == 0
    doc = json.loads(done.stdout)
    assert doc["value"] == pytest.approx(0.116)
    np.testing.assert_allclose(doc["gradients"]["W"], [[0.088, 0.176], [0.104, 0.208]])
    np.testing.assert_allclose(doc["gradients"]["x"], [-0.112, 0.636])
    assert doc["check"]["passed"] is True
    assert doc["check"]["methods"] == ["sympy-elements", "finite-differences"]


def test_json_writes_shapes_and_nested_lists(run_cli) -> None:
    nodes = json.loads(run_cli("eval", *PRIMER, "--json").stdout)["nodes"]
    matmul = next(n for n in nodes if n["op"] == "matmul")
    assert matmul["shape"] == [2]
    assert matmul["value"] == pytest.approx([0.22, 0.26])
    assert matmul["local"] is None, "the Jacobian is not formed"
    assert "dL/dA = G B^T" in matmul["vjp_rule"]
    np.testing.assert_allclose(matmul["downstream"][0], [[0.088, 0.176], [0.104, 0.208]])
    assert nodes[0]["shape"] == [2, 2]


def test_table_shows_shape_and_what_each_local_gradient_is(run_cli) -> None:
    out = run_cli("eval", *PRIMER).stdout
    assert "shape" in out and "(2, 2)" in out and "(2,)" in out and "scalar" in out
    assert "Jacobian not formed (∂n2/∂W 2x4, ∂n2/∂x 2x2)" in out
    assert "diagonal Jacobian" in out
    assert "checked by sympy-elements, finite-differences" in out


def test_relu_on_a_vector_states_its_diagonal_jacobian(run_cli) -> None:
    out = run_cli("eval", "sum(relu(x))", "--x=[1,-2,3]").stdout
    assert "∂n1/∂x: diagonal Jacobian, diag = [1, 0, 1]" in out


def test_large_arrays_are_summarized_and_full_shows_every_entry(run_cli) -> None:
    x = "[" + ", ".join(str(i) for i in range(40)) + "]"
    short = run_cli("eval", "sum(x * x)", f"--x={x}").stdout
    assert "shape (40,)" in short and "…" in short and " 20," not in short
    full = run_cli("eval", "sum(x * x)", f"--x={x}", "--full").stdout
    assert "…" not in full and " 20," in full


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("W @ x", "--W=[[1,2],[3,4]]", "--x=[1,2,3]"), "W @ x: (2, 2) @ (3,): inner dimensions 2 and 3 differ"),
        (("sum(x @ W)", "--W=[[1,2],[3,4]]", "--x=[1,2,3]"), "x @ W: (3,) @ (2, 2): inner dimensions 3 and 2 differ"),
        (("sum(x + y)", "--x=[1,2]", "--y=[1,2,3]"), "x + y: shapes (2,) and (3,) do not broadcast together"),
        (("dot(x, y)", "--x=[1,2]", "--y=[1,2,3]"), "dot(x, y): dot((2,), (3,)): the vectors' lengths 2 and 3 differ"),
        (("x[5]", "--x=[1,2]"), "x[5]: index 5 is out of range for axis 0 of size 2"),
        (("s[y]", "--s=[1,2]", "--y=0.5"), "s[y]: the index must be an integer, got 0.5"),
        (("sum(x, axis=2)", "--x=[[1,2]]"), "axis 2 does not exist for an input of shape (1, 2)"),
        (("cross_entropy(s, y)", "--s=[1,2]", "--y=2"), "class labels must be between 0 and 1"),
        (("W @ x", "--W=[[1,2],[3,4]]", "--x=[1,2]"), "the output is an array of shape (2,)"),
        (("x @ y", "--x=1", "--y=2"), "@ needs vectors or matrices"),
    ],
)
def test_shape_mistakes_exit_2_naming_the_node_and_shapes(run_cli, args: tuple[str, ...], message: str) -> None:
    done = run_cli("eval", *args)
    assert done.exit_code == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_shape_error_json_names_the_node(run_cli) -> None:
    done = run_cli("eval", "W @ x", "--W=[[1,2],[3,4]]", "--x=[1,2,3]", "--json")
    error = json.loads(done.stderr)["error"]
    assert error["kind"] == "shape error"
    assert error["node"] == "n2"


def test_values_load_from_json_npy_and_csv_files(run_cli, tmp_path) -> None:
    (tmp_path / "net.json").write_text('{"W": [[0.1, 0.5], [-0.3, 0.8]]}')
    np.save(tmp_path / "x.npy", np.array([0.2, 0.4]))
    (tmp_path / "w.csv").write_text("0.1,0.5\n-0.3,0.8\n")
    for w in (tmp_path / "net.json", tmp_path / "w.csv"):
        done = run_cli("eval", "sum((W @ x)^2)", f"--W=@{w}", f"--x=@{tmp_path / 'x.npy'}", "--json")
        assert json.loads(done.stdout)["value"] == pytest.approx(0.116)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[1, 2], [3]]", "not a numeric array"),
        ("[1, NaN]", "NaN is not accepted"),
        ('{"V": [1]}', "has no key 'W'"),
        ("[1, 2", "not valid JSON"),
        ('"text"', "expected a number or a nested list"),
    ],
)
def test_bad_value_files_exit_2(run_cli, tmp_path, content: str, message: str) -> None:
    path = tmp_path / "w.json"
    path.write_text(content)
    done = run_cli("eval", "sum(W)", f"--W=@{path}")
    assert done.exit_code == 2
    assert message in done.stderr


def test_missing_value_file_exits_2(run_cli) -> None:
    done = run_cli("eval", "sum(W)", "--W=@no/such/file.json")
    assert done.exit_code == 2
    assert "no such file" in done.stderr


def test_a_scalar_run_never_imports_numpy() -> None:
    code = (
        "import sys\n"
        "from bpcalc import evaluate\n"
        "r = evaluate('sum(x) * mean(y) + norm(x) + max(x, y)', x=3, y=-2, check=False)\n"
        "assert r.value == -6 + 3 + 3, r.value\n"
        "assert 'numpy' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_checks_report_which_method_ran_above_the_symbolic_size() -> None:
    x = np.linspace(-1, 1, 200)
    result = evaluate("sum(x * x)", x=x)
    assert result.check.methods == ["finite-differences"]
    assert any("sympy-elements" in line and "entries" in line for line in result.check.skipped)
    assert result.check.passed


def test_an_array_literal_works_with_scalar_inputs() -> None:
    result = evaluate("sum([1, 2, 3] * x)", x=2)
    assert result.value == 12
    assert result.gradients["x"] == 6


def test_inputs_too_large_to_difference_entirely_are_sampled_and_the_report_says_so() -> None:
    rng = np.random.default_rng(1)
    result = evaluate("sum(tanh(W @ v))", W=rng.normal(size=(150, 150)) / 10, v=rng.normal(size=150))
    assert result.check.passed
    assert any("sampled at random" in line for line in result.check.skipped)
    w = result.trace.graph.find("W")
    assert result.check.nodes[w].method == "finite-differences (sampled)"
    assert result.check.nodes[w].verdict == "ok"


def test_a_wrong_vjp_is_reported_as_a_mismatch(monkeypatch) -> None:
    import dataclasses

    from bpcalc import ops

    row = ops.REGISTRY["matmul"]
    monkeypatch.setitem(ops.REGISTRY, "matmul", dataclasses.replace(row, vjp=lambda g, out, a, b: (np.outer(g, b), a @ g)))
    result = evaluate("sum((W @ x)^2)", W="[[0.1,0.5],[-0.3,0.8]]", x="[0.2,0.4]")
    assert not result.check.passed
    assert result.check.nodes[result.trace.graph.find("x")].verdict == "mismatch"


@pytest.mark.parametrize("example", ["matrix_norm.bp", "relu_vector.bp", "two_layer_net.bp", "softmax_loss.bp", "svm_loss.bp"])
def test_array_json_validates_against_the_published_schema(run_cli, example: str) -> None:
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("bpcalc").joinpath("schema/eval.schema.json").read_text())
    done = run_cli("eval", "-f", str(ROOT / "examples" / example), "--json")
    jsonschema.validate(json.loads(done.stdout), schema)


def test_ragged_rows_in_a_file_are_named(run_cli, tmp_path) -> None:
    path = tmp_path / "w.json"
    path.write_text("[[1, 2], [3]]")
    assert "its rows differ in length" in run_cli("eval", "sum(W)", f"--W=@{path}").stderr


def test_a_broadcast_input_is_named_as_such_in_the_local_gradient(run_cli) -> None:
    out = run_cli("eval", "sum(x * c)", "--x=[1,2]", "--c=3").stdout
    assert "∂n2/∂c: per entry [1, 2] (c is broadcast, so its downstream gradient sums over the copies)" in out
    assert "∂n2/∂x = 3 per entry (diagonal Jacobian)" in out
