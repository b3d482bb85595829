"""A given upstream gradient (--upstream, upstream=, an `upstream = [...]` line): the lecture's
array examples as typed, against the lecture's published numbers, finite differences and JAX."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

import bpcalc
from bpcalc.checks.upstream_check import cross_check_upstream
from bpcalc.checks.verdicts import MISMATCH

RELU = ("y = relu(x)", "--x=[1, -2, 3, -1]", "--upstream", "[4, -1, 5, 9]")
X = "[[2, 1, -3], [-3, 4, 2]]"
W = "[[3, 2, 1, -1], [2, 1, 3, 2], [3, 2, 1, -2]]"
DY = "[[2, 3, -3, 9], [-8, 1, 4, 6]]"
MATMUL = ("y = x @ w", f"--x={X}", f"--w={W}", "--upstream", DY)
# The lecture's published numbers (CS231n, backprop with vectors and matrices).
Y = [[-1, -1, 2, 6], [5, 2, 11, 7]]
DX = [[0, 16, -9], [-24, 9, -30]]
DW = [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]
SCHEMA = json.loads(resources.files("bpcalc").joinpath("schema/eval.schema.json").read_text())


def test_relu_with_the_lectures_upstream_gives_the_published_gradient() -> None:
    result = bpcalc.evaluate("relu(x)", {"x": "[1, -2, 3, -1]"}, upstream="[4, -1, 5, 9]")
    np.testing.assert_array_equal(result.gradients["x"], [4, 0, 5, 0])


def test_max_zero_with_the_lectures_upstream_gives_the_published_gradient() -> None:
    result = bpcalc.evaluate("max(0, x)", {"x": [1, -2, 3, -1]}, upstream=[4, -1, 5, 9])
    np.testing.assert_array_equal(result.gradients["x"], [4, 0, 5, 0])


def test_matmul_with_the_lectures_upstream_gives_the_published_numbers() -> None:
    result = bpcalc.evaluate("x @ w", {"x": X, "w": W}, upstream=np.array(json.loads(DY)))
    np.testing.assert_array_equal(result.value, Y)
    np.testing.assert_array_equal(result.gradients["x"], DX)
    np.testing.assert_array_equal(result.gradients["w"], DW)


def test_the_check_of_a_seeded_run_passes_with_no_mismatch() -> None:
    result = bpcalc.evaluate("x @ w", {"x": X, "w": W}, upstream=DY)
    assert result.check is not None and result.check.passed
    assert MISMATCH not in result.check.counts()
    assert len(result.check.nodes) == len(result.trace.graph.ops)


def test_the_check_of_a_seeded_run_catches_a_wrong_gradient() -> None:
    from dataclasses import replace

    result = bpcalc.evaluate("x @ w", {"x": X, "w": W}, upstream=DY, check=False)
    trace = result.trace
    grads = list(trace.grads)
    x = trace.graph.variables["x"]
    grads[x] = grads[x] + 1.0  # what a seed of 1 where the upstream belongs would not notice
    report = cross_check_upstream(replace(trace, grads=grads), result.values)
    assert report.nodes[x].verdict == MISMATCH and not report.passed


def test_a_scalar_upstream_scales_the_gradients() -> None:
    result = bpcalc.evaluate("(x + y) * z", x=-2, y=5, z=-4, upstream=2)
    assert result.gradients == {"x": -8.0, "y": -8.0, "z": 6.0}
    assert result.check is not None and result.check.passed


def test_norm_example_from_the_given_upstream_2q() -> None:
    # ||W x||^2 in the primer: q = W x = [0.22, 0.26], df/dq = 2q = [0.44, 0.52].
    result = bpcalc.evaluate("q = W @ x", {"W": "[[0.1, 0.5], [-0.3, 0.8]]", "x": "[0.2, 0.4]"},
                             upstream="[0.44, 0.52]")
    np.testing.assert_allclose(result.value, [0.22, 0.26], rtol=1e-12)
    np.testing.assert_allclose(result.gradients["W"], [[0.088, 0.176], [0.104, 0.208]], rtol=1e-12)
    np.testing.assert_allclose(result.gradients["x"], [-0.112, 0.636], rtol=1e-12)
    assert result.check is not None and result.check.passed


def test_two_layer_network_with_an_upstream_agrees_with_finite_differences() -> None:
    rng = np.random.default_rng(3)
    values = {"W1": rng.normal(size=(4, 3)), "x": rng.normal(size=3), "b1": rng.normal(size=4),
              "W2": rng.normal(size=(2, 4)), "b2": rng.normal(size=2)}
    dout = rng.normal(size=2)
    result = bpcalc.evaluate("h = max(0, W1 @ x + b1); s = W2 @ h + b2", values, upstream=dout)

    def loss(named: dict[str, np.ndarray]) -> float:  # written by the test from the mathematics
        h = np.maximum(0, named["W1"] @ named["x"] + named["b1"])
        return float((named["W2"] @ h + named["b2"]) @ dout)

    for name, value in values.items():
        expected = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            up, down = dict(values), dict(values)
            up[name], down[name] = value.copy(), value.copy()
            up[name][index] += 1e-6
            down[name][index] -= 1e-6
            expected[index] = (loss(up) - loss(down)) / 2e-6
        np.testing.assert_allclose(result.gradients[name], expected, rtol=1e-6, atol=1e-8)
    assert result.check is not None and result.check.passed


def test_table_shows_the_published_gradient_and_the_given_upstream(run_cli) -> None:
    done = run_cli("eval", *RELU)
    assert done.exit_code == 0, done.stderr
    assert "upstream dL/dy = [4, -1, 5, 9] (given)" in done.stdout
    assert "dL/dx = [4, 0, 5, 0]" in done.stdout


def test_table_shows_the_matmul_gradients(run_cli) -> None:
    done = run_cli("eval", *MATMUL)
    assert done.exit_code == 0, done.stderr
    assert "dL/dx = [[0, 16, -9], [-24, 9, -30]]" in done.stdout
    assert "dL/dw = [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]" in done.stdout


def test_json_holds_the_gradients_for_the_upstream_and_names_it(run_cli) -> None:
    import jsonschema

    done = run_cli("eval", *MATMUL, "--json")
    doc = json.loads(done.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["value"] == Y and doc["gradients"] == {"x": DX, "w": DW}
    assert doc["upstream"] == json.loads(DY)


def test_json_upstream_is_null_without_one(run_cli) -> None:
    doc = json.loads(run_cli("eval", "x * y", "--x=2", "--y=3", "--json").stdout)
    assert doc["upstream"] is None


def test_markdown_and_tree_show_the_gradient(run_cli) -> None:
    markdown = run_cli("eval", *RELU, "--format", "markdown").stdout
    assert "| x | input | [1, -2, 3, -1] | [4, 0, 5, 0] |" in markdown
    assert "the given upstream gradient dL/dy = `[4, -1, 5, 9]`" in markdown
    tree = run_cli("eval", *RELU, "--tree").stdout
    assert "grad [4, 0, 5, 0]" in tree and "started from the given upstream gradient dL/dy" in tree


def test_latex_table_notes_the_given_upstream(run_cli) -> None:
    latex = run_cli("eval", *RELU, "--format", "latex").stdout
    assert "$[4, 0, 5, 0]$" in latex and "% backprop started from the given upstream gradient dL/dy" in latex


def test_latex_starts_from_the_upstream(run_cli) -> None:
    done = run_cli("explain", *RELU, "--format", "latex")
    assert done.exit_code == 0, done.stderr
    assert r"\frac{dL}{dy} &= [4, -1, 5, 9] && \text{the output y: the backward pass starts from the given" \
        in done.stdout
    assert "= [4, 0, 5, 0]" in done.stdout


def test_explain_starts_from_the_given_upstream_and_says_so(run_cli) -> None:
    done = run_cli("explain", *MATMUL)
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("Backward pass"))) + 1
    assert lines[first].strip().startswith("dL/dy = [[2, 3, -3, 9], [-8, 1, 4, 6]]")
    assert "starts from the given upstream gradient" in lines[first]
    assert "dL/dx = [[0, 16, -9], [-24, 9, -30]]" in done.stdout


def test_explain_in_korean_starts_from_the_given_upstream(run_cli) -> None:
    done = run_cli("explain", *RELU, "--lang", "ko")
    assert "주어진 Upstream Gradient" in done.stdout
    assert "dL/dx = [4, 0, 5, 0]" in done.stdout


def test_explain_json_names_the_upstream(run_cli) -> None:
    doc = json.loads(run_cli("explain", *RELU, "--format", "json").stdout)
    assert doc["upstream"] == [4, -1, 5, 9] and doc["gradients"] == {"x": [4, 0, 5, 0]}


def test_graph_html_shows_the_upstream_and_the_published_numbers(run_cli) -> None:
    done = run_cli("graph", *MATMUL, "--format", "html")
    assert done.exit_code == 0, done.stderr
    assert "starts from the given upstream gradient dL/dy = [[2, 3, -3, 9], [-8, 1, 4, 6]]" in done.stdout
    assert "[[0, 16, -9], [-24, 9, -30]]" in done.stdout
    assert "[[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]" in done.stdout


@pytest.mark.parametrize("fmt", ["svg", "dot", "mermaid", "tree"])
def test_graph_formats_draw_the_gradient_for_the_upstream(run_cli, fmt: str) -> None:
    done = run_cli("graph", *RELU, "--format", fmt)
    assert done.exit_code == 0, done.stderr
    assert "4, 0, 5, 0" in done.stdout


def test_upstream_from_a_json_file(run_cli, tmp_path) -> None:
    path = tmp_path / "dout.json"
    path.write_text("[4, -1, 5, 9]")
    done = run_cli("eval", "relu(x)", "--x=[1, -2, 3, -1]", f"--upstream=@{path}", "--json")
    assert json.loads(done.stdout)["gradients"]["x"] == [4, 0, 5, 0]


def test_upstream_from_an_npy_file(run_cli, tmp_path) -> None:
    path = tmp_path / "dout.npy"
    np.save(path, np.array(json.loads(DY), dtype=float))
    done = run_cli("eval", "x @ w", f"--x={X}", f"--w={W}", f"--upstream=@{path}", "--json")
    assert json.loads(done.stdout)["gradients"] == {"x": DX, "w": DW}


@pytest.mark.parametrize("line", ["upstream = [4, -1, 5, 9]", "let upstream = [4, -1, 5, 9]"])
def test_upstream_line_in_a_program_file(run_cli, tmp_path, line: str) -> None:
    path = tmp_path / "relu.bp"
    path.write_text(f"{line}\nlet x = [1, -2, 3, -1]\ny = relu(x)\n")
    done = run_cli("eval", "-f", str(path), "--json")
    assert done.exit_code == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["gradients"] == {"x": [4, 0, 5, 0]} and doc["upstream"] == [4, -1, 5, 9]
    assert doc["warnings"] == []


def test_the_option_overrides_the_program_line(tmp_path) -> None:
    result = bpcalc.evaluate("upstream = [1, 1, 1, 1]\nrelu(x)", {"x": [1, -2, 3, -1]}, upstream=[4, -1, 5, 9])
    np.testing.assert_array_equal(result.gradients["x"], [4, 0, 5, 0])


def test_a_variable_named_upstream_stays_an_input() -> None:
    result = bpcalc.evaluate("upstream * x", {"upstream": 3, "x": 2})
    assert result.gradients == {"upstream": 2.0, "x": 3.0} and result.upstream is None


def test_bad_upstream_shape_names_both_shapes_and_exits_2(run_cli) -> None:
    done = run_cli("eval", "y = relu(x)", "--x=[1, -2, 3]", "--upstream", "[4, -1, 5, 9]")
    assert done.exit_code == 2
    assert "the upstream gradient has shape (4,), but the output relu(x) has shape (3,)" in done.stderr
    assert "^^^^^^^" in done.stderr and "Traceback" not in done.stderr


def test_array_upstream_on_a_scalar_output_names_both_shapes(run_cli) -> None:
    done = run_cli("eval", "x * y", "--x=2", "--y=3", "--upstream", "[1, 2]")
    assert done.exit_code == 2
    assert "shape (2,)" in done.stderr and "a number, shape ()" in done.stderr


def test_bad_upstream_shape_in_json_mode_is_a_json_error(run_cli) -> None:
    done = run_cli("eval", "x @ w", f"--x={X}", f"--w={W}", "--upstream", "[1, 2]", "--json")
    assert done.exit_code == 2
    message = json.loads(done.stderr)["error"]["message"]
    assert "shape (2,)" in message and "shape (2, 4)" in message


def test_array_output_without_upstream_says_how_to_give_one(run_cli) -> None:
    done = run_cli("eval", "relu(x)", "--x=[1, -2, 3, -1]")
    assert done.exit_code == 2
    assert "gradients need a scalar output" in done.stderr
    assert "--upstream" in done.stderr and "sum(" in done.stderr


def test_explain_exact_starts_from_a_given_upstream(run_cli) -> None:
    done = run_cli("explain", "x * y", "--x=2", "--y=3", "--upstream", "1/2", "--exact", "--format", "json")
    assert done.exit_code == 0, done.stderr
    exact = {s["label"]: s["exact_gradient"] for s in json.loads(done.stdout)["backward"] if s["kind"] == "gate"}
    assert exact["n2"] == "1/2"  # dL/d(x*y) is the given upstream, exactly


def test_generated_code_refuses_a_given_upstream(run_cli, tmp_path) -> None:
    path = tmp_path / "relu.bp"
    path.write_text("let x = [1, -2, 3, -1]\nupstream = [4, -1, 5, 9]\ny = relu(x)\n")
    for args in (("code", "-f", str(path)), ("eval", "-f", str(path), "--format", "code")):
        done = run_cli(*args)
        assert done.exit_code == 2 and "upstream" in done.stderr and "Traceback" not in done.stderr


NORM = ("q = W @ x", "--W=[[0.1, 0.5], [-0.3, 0.8]]", "--x=[0.2, 0.4]", "--upstream", "[0.44, 0.52]")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_explain_of_the_norm_example_from_2q_gives_the_primers_numbers(run_cli, lang: str) -> None:
    done = run_cli("explain", *NORM, "--lang", lang)
    assert done.exit_code == 0, done.stderr
    assert "dL/dq = [0.44, 0.52]" in done.stdout
    assert "dL/dW = [[0.088, 0.176], [0.104, 0.208]]" in done.stdout
    assert "dL/dx = [-0.112, 0.636]" in done.stdout


def test_graph_html_of_the_norm_example_from_2q(run_cli) -> None:
    done = run_cli("graph", *NORM, "--format", "html")
    assert "given upstream gradient dL/dq = [0.44, 0.52]" in done.stdout
    assert "[[0.088, 0.176], [0.104, 0.208]]" in done.stdout and "[-0.112, 0.636]" in done.stdout


TWO_LAYER = ("h = relu(W1 @ x + b1); s = W2 @ h + b2", "--x=[1.0, 2.0]", "--W1=[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]",
             "--b1=[0.4, 0.1, -1.0]", "--W2=[[0.2, 0.1, -0.3], [0.5, -0.4, 0.1]]", "--b2=[0.0, 0.1]")


def _two_layer_dout() -> list[float]:
    """dL/ds of cross_entropy(s, 1), by numpy from the mathematics: softmax(s) - onehot(1)."""
    w1 = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
    h = np.maximum(0, w1 @ [1.0, 2.0] + [0.4, 0.1, -1.0])
    s = np.array([[0.2, 0.1, -0.3], [0.5, -0.4, 0.1]]) @ h + [0.0, 0.1]
    p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
    return (p - [0.0, 1.0]).tolist()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_two_layer_network_from_the_losss_upstream_gives_the_published_numbers(run_cli, lang: str) -> None:
    # examples/two_layer_net.bp: dL/db1 = [-0.18462, 0.30769, 0], dL/dx = [0.07385, 0.16000]
    done = run_cli("explain", *TWO_LAYER, "--upstream", json.dumps(_two_layer_dout()), "--lang", lang,
                   "--format", "json")
    assert done.exit_code == 0, done.stderr
    gradients = json.loads(done.stdout)["gradients"]
    np.testing.assert_allclose(gradients["b1"], [-0.18462, 0.30769, 0], atol=5e-6)
    np.testing.assert_allclose(gradients["x"], [0.07385, 0.16000], atol=5e-6)
    np.testing.assert_allclose(gradients["b2"], [0.61538, -0.61538], atol=5e-6)


def test_two_layer_network_graph_html_and_jacobians(run_cli) -> None:
    dout = json.dumps(_two_layer_dout())
    html = run_cli("graph", *TWO_LAYER, "--upstream", dout, "--format", "html", "--precision", "5").stdout
    assert "[0.073846, 0.16]" in html and "[-0.18462, 0.30769, 0]" in html  # dL/dx and dL/db1, 5 digits
    doc = json.loads(run_cli("eval", *TWO_LAYER, "--upstream", dout, "--jacobian", "--json").stdout)
    assert doc["check"]["passed"]
    relu = next(entry for entry in doc["jacobians"] if entry["label"] == "h")
    assert relu["structure"] == "diagonal" and relu["matrix"] == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]


def test_a_non_finite_upstream_is_refused() -> None:
    from bpcalc.errors import BpcalcError

    with pytest.raises(BpcalcError, match="not a finite number"):
        bpcalc.evaluate("relu(x)", {"x": [1, 2]}, upstream=np.array([np.nan, 1.0]))


def test_a_scalar_upstream_on_a_scalar_program_imports_no_numpy() -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys, bpcalc; r = bpcalc.evaluate('(x + y) * z', x=-2, y=5, z=-4, upstream=2, check=False); "
            "print(r.gradients['z'], 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.split() == ["6.0", "False"], done.stderr


def test_the_check_leaves_the_users_graph_as_it_was() -> None:
    result = bpcalc.evaluate("y = relu(x)", {"x": [1, -2, 3, -1]}, upstream=[4, -1, 5, 9])
    graph = result.trace.graph
    assert len(graph.ops) == 2 and graph.ops[graph.output] == "relu" and len(graph.spans) == 2
    assert len(graph.constants) == 0


def test_a_variable_named_upstream_on_the_command_line_takes_var(run_cli) -> None:
    done = run_cli("eval", "upstream * x", "--x=2", "--var", "upstream=3", "--upstream", "5", "--json")
    doc = json.loads(done.stdout)
    assert doc["gradients"] == {"upstream": 10, "x": 15} and doc["upstream"] == 5
    refused = run_cli("eval", "upstream * x", "--x=2", "--upstream", "5")
    assert refused.exit_code == 2 and "--var upstream=VALUE" in refused.stderr
