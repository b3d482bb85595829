"""`bpcalc code`: the generated file, run as a program, gives the right values and gradients.

References are independent of bpcalc: JAX autodiff in float64 written by hand for each lecture
example, and the published numbers; the engine's own gradients are compared too (to 1e-12), so
that the file agrees node by node with what `bpcalc eval` shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

import bpcalc
from bpcalc.render.code import render_code
from tests.conftest import ROOT
from tests.test_code_support import run_script, run_text, write

EXAMPLES = ROOT / "examples"


def _jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    return jax


def _references():
    """Each lecture example as a JAX function of its inputs, written from its comment line."""
    jax = _jax()
    jnp = jax.numpy

    def log_softmax(s):
        return s - jax.scipy.special.logsumexp(s, axis=-1, keepdims=True)

    def svm(S, y):
        rows = jnp.arange(S.shape[0])
        margins = jnp.maximum(0.0, S - S[rows, y][:, None] + 1.0).at[rows, y].set(0.0)
        return jnp.sum(margins) / S.shape[0]

    sigmoid = lambda w0, x0, w1, x1, w2: 1 / (1 + jnp.exp(-(w0 * x0 + w1 * x1 + w2)))  # noqa: E731
    return {
        "circuit": lambda x, y, z: (x + y) * z,
        "fan_out": lambda x, y: x * y + x,
        "gate_patterns": lambda x, y, z, w: 2 * (x * y + jnp.maximum(z, w)),
        "sigmoid_neuron": sigmoid,
        "sigmoid_gate": sigmoid,
        "tanh_neuron": lambda x1, x2, w1, w2, b: jnp.tanh(x1 * w1 + x2 * w2 + b),
        "matrix_norm": lambda W, x: jnp.sum((W @ x) ** 2),
        "relu_vector": lambda x, w: jnp.sum(w * jnp.maximum(x, 0.0)),
        "softmax_loss": lambda s, y: -log_softmax(s)[y],
        "svm_loss": svm,
        "two_layer_net": lambda x, W1, b1, W2, b2, y: -log_softmax(W2 @ jnp.maximum(W1 @ x + b1, 0.0) + b2)[y],
    }


STATIC = {"softmax_loss": ("y",), "svm_loss": ("y",), "two_layer_net": ("y",)}


def _result(name: str):
    return bpcalc.evaluate((EXAMPLES / f"{name}.bp").read_text(encoding="utf-8"), check=False)


def _close(a, b, rtol=1e-12, atol=1e-14) -> bool:
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol)


@pytest.mark.parametrize("style", ["flat", "modular"])
@pytest.mark.parametrize("name", ["circuit", "fan_out", "gate_patterns", "sigmoid_neuron", "sigmoid_gate", "tanh_neuron",
                                  "matrix_norm", "relu_vector", "softmax_loss", "svm_loss", "two_layer_net"])
def test_lecture_example_code_matches_jax_and_every_node_of_the_engine(name: str, style: str, tmp_path) -> None:
    jax = _jax()
    result = _result(name)
    ran = run_text(render_code(result, style=style), tmp_path)
    reference = _references()[name]
    inputs = {k: np.asarray(v) if k not in STATIC.get(name, ()) else np.asarray(v, dtype=int)
              for k, v in result.values.items()}
    args = list(inputs)
    diff = [k for k in args if k not in STATIC.get(name, ())]
    value = reference(**inputs)
    assert _close(ran["value"], value, rtol=1e-12)
    for k in diff:
        grad = jax.grad(lambda v, k=k: reference(**{**inputs, k: v}))(inputs[k].astype(float))
        assert _close(ran["grads"][k], grad, rtol=1e-10, atol=1e-12), k
    for key, grad in ran["grads"].items():
        assert _close(grad, result.grad[key]), key
    assert set(ran["grads"]) >= set(diff)


def test_circuit_code_gives_the_published_gradients(tmp_path) -> None:
    ran = run_text(bpcalc.code("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}), tmp_path)
    assert float(ran["value"]) == -12
    assert {k: float(v) for k, v in ran["grads"].items()} == {"x": -4, "y": -4, "q": -4, "z": 3, "f": 1}


def test_matrix_norm_code_gives_the_primers_gradients(tmp_path) -> None:
    ran = run_text(render_code(_result("matrix_norm")), tmp_path)
    assert np.allclose(ran["grads"]["W"], [[0.088, 0.176], [0.104, 0.208]], atol=1e-12)
    assert np.allclose(ran["grads"]["x"], [-0.112, 0.636], atol=1e-12)
    assert np.allclose(ran["grads"]["q"], [0.44, 0.52], atol=1e-12)


def test_sigmoid_gate_flat_code_reads_like_the_lectures_staged_code() -> None:
    text = render_code(_result("sigmoid_gate"))
    body = [line.strip() for line in text.splitlines() if line.startswith("    ") and not line.strip().startswith("#")]
    expected = ["n2 = w0 * x0", "n5 = w1 * x1", "n6 = n2 + n5", "dot = n6 + w2", "f = 1 / (1 + math.exp(-dot))",
                "df = 1.0", "ddot = (1 - f) * f * df", "dn6 = ddot", "dw2 = ddot", "dn2 = dn6", "dn5 = dn6",
                "dw1 = x1 * dn5", "dx1 = w1 * dn5", "dw0 = x0 * dn2", "dx0 = w0 * dn2"]
    assert body[1:1 + len(expected)] == expected
    assert "import numpy" not in text and "import math" in text


def test_fan_out_sums_the_branches_with_plus_equals() -> None:
    text = bpcalc.code("f = x*y + x", {"x": 3, "y": -4})
    assert "    dx = 0.0  # x fans out to 2 uses: its gradient is the sum of theirs" in text
    assert text.count("    dx += ") == 2


def test_constants_are_literals_never_variables_with_gradients(tmp_path) -> None:
    text = bpcalc.code("f = 1 / (1 + exp(-2.5 * x))", {"x": 0.3})
    assert "    n1 = (-2.5) * x\n" in text  # -2.5 is the negation of 2.5: folded to a literal (ids count inputs and gates)
    ran = run_text(text, tmp_path)
    assert set(ran["grads"]) == {"x", "n1", "n2", "n3", "f"}  # the constants -2.5, 1 and 1 have no gradient
    e = np.exp(-2.5 * 0.3)
    assert np.isclose(ran["grads"]["x"], 2.5 * e / (1 + e) ** 2, rtol=1e-12)


def test_broadcast_gradients_are_summed_back_with_sum_axis(tmp_path) -> None:
    text = bpcalc.code("sum(W + b)", {"W": "[[1, 2, 3], [4, 5, 6]]", "b": "[1, 2, 3]"})
    assert "db = dn2.sum(axis=0)" in text
    ran = run_text(text, tmp_path)
    assert np.array_equal(ran["grads"]["b"], [2.0, 2.0, 2.0])
    assert np.array_equal(ran["grads"]["W"], np.ones((2, 3)))


def test_matmul_code_writes_the_vjp_not_a_jacobian() -> None:
    text = bpcalc.code("sum((W @ x)^2)", {"W": "[[0.1, 0.5], [-0.3, 0.8]]", "x": "[0.2, 0.4]"})
    assert "dW = np.outer(dn2, x)" in text and "dx = W.T @ dn2" in text


def test_keywords_builtins_and_greek_names_get_safe_spellings(tmp_path) -> None:
    text = bpcalc.code("id = α * x; f = id + x + math", {"α": 2, "x": 3, "math": 1})
    assert "def forward_backward(*, alpha, x, math_2):" in text and "id_ = alpha * x" in text
    ran = run_text(text, tmp_path)
    assert float(ran["grads"]["α"]) == 3 and float(ran["grads"]["id"]) == 1 and float(ran["grads"]["x"]) == 3
    assert float(ran["grads"]["math"]) == 1


def test_a_gate_without_a_code_form_is_refused_by_name(run_cli) -> None:
    done = run_cli("code", "y = sum(erf(x)) * 2", "--x=[0.5, 1]")  # erf's one form is for scalars (math.erf)
    assert done.exit_code == 2
    assert "the registry's code forms for the erf gate do not cover it" in done.output and "^^^^^^" in done.output
    assert "Traceback" not in done.output


def test_output_file_is_written_and_runs_as_a_script(run_cli, tmp_path) -> None:
    target = tmp_path / "grad.py"
    done = run_cli("code", "-f", str(EXAMPLES / "circuit.bp"), "-o", str(target))
    assert done.exit_code == 0 and done.output == ""
    ran = run_script(target)
    assert ran.returncode == 0
    assert "dx: -4.0" in ran.stdout and "dz: 3.0" in ran.stdout and "value: -12.0" in ran.stdout
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_output_never_overwrites_the_program_file(run_cli, tmp_path) -> None:
    program = tmp_path / "net.bp"
    program.write_text("let x = 2\nf = x * x\n", encoding="utf-8")
    done = run_cli("code", "-f", str(program), "-o", str(program))
    assert done.exit_code == 2 and "would overwrite the program file" in done.output
    assert program.read_text(encoding="utf-8") == "let x = 2\nf = x * x\n"


def test_output_never_overwrites_a_value_file(run_cli, tmp_path) -> None:
    values = tmp_path / "x.json"
    values.write_text("[1, 2]", encoding="utf-8")
    done = run_cli("code", "sum(x * x)", f"--x=@{values}", "-o", str(values))
    assert done.exit_code == 2 and "would overwrite the value file of x" in done.output
    assert values.read_text(encoding="utf-8") == "[1, 2]"


def test_harness_passes_for_the_generated_gradients(run_cli, tmp_path) -> None:
    target = tmp_path / "check.py"
    assert run_cli("code", "-f", str(EXAMPLES / "two_layer_net.bp"), "--harness", "-o", str(target)).exit_code == 0
    ran = run_script(target)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.count("(good)") == 5 and "wrong" not in ran.stdout


def test_harness_numeric_check_fails_a_deliberately_wrong_gradient_line(run_cli, tmp_path) -> None:
    target = tmp_path / "check.py"
    assert run_cli("code", "-f", str(EXAMPLES / "circuit.bp"), "--harness", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "    dz = q * df\n" in text
    target.write_text(text.replace("    dz = q * df\n", "    dz = 2 * q * df\n"), encoding="utf-8")
    ran = run_script(target)
    assert ran.returncode == 1
    assert "numeric check of dz: relative error 0.5" in ran.stdout and "(wrong)" in ran.stdout
    assert "numeric check of dx: relative error 0," in ran.stdout


def test_harness_compare_reports_exact_close_and_wrong(tmp_path) -> None:
    path = write(bpcalc.code("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}, harness=True), tmp_path)
    script = (f"import runpy; m = runpy.run_path({str(path)!r}); "
              "print(m['compare']('q', -4.0)); print(m['compare']('q', -4.00001)); print(m['compare']('z', -3.0))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("dq: exact (max abs diff 0") and lines[1] == "exact"
    assert lines[2].startswith("dq: close (max abs diff 1e-05, relative error 2.5e-06: fine only near a kink)")
    assert lines[4].startswith("dz: wrong (max abs diff 6, relative error 2: wrong)") and lines[5] == "wrong"


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
@pytest.mark.parametrize("style", ["flat", "modular"])
def test_generated_code_passes_ruff(style: str, tmp_path) -> None:
    for name in ["sigmoid_neuron", "two_layer_net", "svm_loss", "softmax_loss", "fan_out"]:
        text = render_code(_result(name), style=style, harness=True)
        path = write(text, tmp_path, f"{name}_{style}.py")
        for rules in (["--isolated"], ["--isolated", "--select", "E,F,W,I,B,UP,SIM", "--line-length", "140"]):
            done = subprocess.run(["ruff", "check", *rules, str(path)], capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stdout


def test_ten_thousand_gates_are_written_in_under_a_second_and_run(tmp_path) -> None:
    source = "; ".join(["a0 = x * y"] + [f"a{k} = tanh(a{k - 1}) + x * {0.5 + k % 3}" for k in range(1, 3334)])
    result = bpcalc.evaluate(source, {"x": 0.3, "y": -0.2}, check=False)
    assert len(result.trace.graph) >= 10_000
    start = time.process_time()  # CPU time: on a shared machine the wall clock measures the neighbours too
    text = render_code(result)
    assert time.process_time() - start < 1.0
    ran = run_text(text, tmp_path)
    assert _close(ran["grads"]["x"], result.grad["x"], rtol=1e-12)
    assert _close(ran["value"], result.value, rtol=1e-12)


EDGE_PROGRAMS = [
    ("x", {"x": 2}),  # the output is an input
    ("q = x * 2; r = q; f = r + q", {"x": 1}),  # an alias: r and q are one node, both keys
    ("n0 = x * y; f = n0 * x", {"x": 2, "y": 3}),  # a user name that looks like an id
    ("f = sum(x[0:2]) + x[-1] * sum(W, axis=-1)[0] + sum(W[1, :]) + sum(x[::2])", {"x": "[1,2,3]", "W": "[[1,2],[3,4]]"}),
    ("max(x, y, z)", {"x": 1, "y": 3, "z": 2}),  # a variadic gate
    ("p = softmax(s); L = -log(p[y]) * y", {"s": "[1,2,3]", "y": 2}),  # a label that is also differentiated
    ("f = x * x * x", {"x": -1.5}),  # one value used three times
]


@pytest.mark.parametrize("style", ["flat", "modular"])
@pytest.mark.parametrize(("source", "values"), EDGE_PROGRAMS, ids=[s for s, _ in EDGE_PROGRAMS])
def test_graph_shapes_that_are_easy_to_get_wrong_run_to_the_engines_gradients(source, values, style, tmp_path) -> None:
    result = bpcalc.evaluate(source, values, check=False)
    ran = run_text(render_code(result, style=style), tmp_path)
    assert _close(ran["value"], result.value)
    named = [k for k in result.trace.graph.aliases if result.grad[k] is not None and k in result.trace.graph.variables]
    assert set(named) <= set(ran["grads"])
    for key, grad in ran["grads"].items():
        assert _close(grad, result.grad[key]), key


def test_cubing_by_fan_out_gives_three_x_squared(tmp_path) -> None:
    ran = run_text(bpcalc.code("f = x * x * x", {"x": -1.5}), tmp_path)
    assert float(ran["grads"]["x"]) == pytest.approx(3 * 1.5**2, rel=1e-15)


def test_eval_format_code_writes_the_same_file_as_bpcalc_code(run_cli) -> None:
    args = ("q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4")
    by_eval = run_cli("eval", *args, "--format", "code", "--no-check")
    assert by_eval.exit_code == 0
    assert by_eval.output == run_cli("code", *args).output
    assert "    dq = z * df\n" in by_eval.output
