"""The library surface: `bpcalc.evaluate`, `Result` and the names `bpcalc` exports.

Numbers come from the lecture's worked circuit (CS231n, "Backpropagation, Intuitions"):
q = x + y, f = q * z at x = -2, y = 5, z = -4 gives f = -12, df/dq = z = -4, df/dz = q = 3,
df/dx = df/dy = -4; other expected values are derived by hand in the test.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

import bpcalc
from bpcalc.errors import BpcalcError, UsageError
from tests.conftest import ROOT

CIRCUIT = "q = x + y; f = q * z"
AT = {"x": -2, "y": 5, "z": -4}


def test_every_name_in_all_resolves() -> None:
    for name in bpcalc.__all__:
        assert getattr(bpcalc, name) is not None, name


def test_all_lists_exactly_the_lazily_exported_names() -> None:
    assert set(bpcalc.__all__) == {"__version__", *bpcalc._LAZY}


def test_all_names_the_library_entry_points() -> None:
    expected = {"evaluate", "explain", "Result", "BpcalcError", "to_json", "load_problem_set", "grade_folder"}
    assert expected <= set(bpcalc.__all__)


def test_exported_error_is_the_one_evaluate_raises() -> None:
    with pytest.raises(bpcalc.BpcalcError):
        bpcalc.evaluate("x +", x=1)


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'evalute'"):
        _ = bpcalc.evalute


def test_import_bpcalc_loads_no_submodule() -> None:
    code = "import sys, bpcalc; print(sorted(m for m in sys.modules if m.startswith('bpcalc')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "['bpcalc']", done.stderr


def test_evaluate_loads_no_renderer() -> None:
    code = ("import sys, bpcalc; bpcalc.evaluate('(x + y) * z', x=-2, y=5, z=-4, check=False)\n"
            "print(sorted(m for m in sys.modules if m.startswith('bpcalc.render')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_value_is_the_output_value() -> None:
    assert bpcalc.evaluate(CIRCUIT, AT, check=False).value == -12


def test_grad_by_name_of_an_intermediate_node() -> None:
    assert bpcalc.evaluate(CIRCUIT, AT, check=False).grad["q"] == -4  # df/dq = z


def test_grad_by_node_id() -> None:
    result = bpcalc.evaluate(CIRCUIT, AT, check=False)
    assert result.trace.graph.names[3] == "z"  # nodes in creation order: x, y, q, z, f
    assert result.grad["n3"] == 3  # df/dz = q = x + y


def test_grad_iterates_over_every_named_node() -> None:
    assert dict(bpcalc.evaluate(CIRCUIT, AT, check=False).grad) == {"x": -4, "y": -4, "q": -4, "z": 3, "f": 1}


def test_grad_of_an_unknown_name_is_a_key_error_that_suggests_the_near_name() -> None:
    result = bpcalc.evaluate(CIRCUIT, AT, check=False)
    with pytest.raises(KeyError) as caught:
        result.grad["qq"]
    assert str(caught.value) == "no node named 'qq': did you mean 'q'? (ids n0 to n4 work too)"


def test_grad_of_an_unknown_name_with_no_near_name_lists_the_names() -> None:
    with pytest.raises(KeyError, match="the named nodes are: x, y, q, z, f"):
        bpcalc.evaluate(CIRCUIT, AT, check=False).grad["weight"]


def test_repr_is_one_short_line() -> None:
    assert repr(bpcalc.evaluate(CIRCUIT, AT)) == "Result(output f = -12, 5 nodes, inputs x, y, z, check: ok)"


def test_repr_says_when_the_check_did_not_run() -> None:
    assert repr(bpcalc.evaluate("x * y", x=2, y=3, check=False)).endswith("check: not run)")


def test_repr_of_a_kink_names_it() -> None:
    # relu'(0) is taken as 0 (PyTorch's convention): the gate and its input are both at the kink
    assert repr(bpcalc.evaluate("relu(x)", x=0)).endswith("check: ok (2 nodes kink))")


def test_repr_of_a_failed_check_says_failed() -> None:
    result = bpcalc.evaluate("x * y", x=2, y=3)
    mismatched = dataclasses.replace(result.check.nodes[0], verdict="mismatch")
    failed = dataclasses.replace(result, check=dataclasses.replace(result.check, nodes=[mismatched, *result.check.nodes[1:]]))
    assert repr(failed).endswith("check: failed (1 node mismatch))")


def test_repr_of_a_large_graph_stays_short() -> None:
    terms = " + ".join(f"x{i} * x{i + 1}" for i in range(700))  # about 2,000 nodes
    result = bpcalc.evaluate(terms, {f"x{i}": 1 for i in range(701)}, check=False)
    text = repr(result)
    assert len(result.trace.graph) > 2000
    assert "\n" not in text and len(text) < 200
    assert "inputs x0, x1, x2, x3, x4, … (701 in all)" in text


def test_values_dict_may_name_a_variable_like_an_option() -> None:
    result = bpcalc.evaluate("check * 2", {"check": 3})
    assert (result.value, result.gradients) == (6, {"check": 2})
    assert result.check is not None and result.check.passed


def test_option_given_a_number_is_refused_with_the_dict_form_in_the_message() -> None:
    with pytest.raises(TypeError, match=r"evaluate\(text, \{'check': 3\}\)"):
        bpcalc.evaluate("check * 2", check=3)


def test_variable_named_like_an_option_without_a_dict_value_is_an_input_error() -> None:
    with pytest.raises(UsageError) as caught:
        bpcalc.evaluate("check * 2", check=False)
    assert "input named 'check', which is also an option" in caught.value.message
    assert caught.value.location() == (1, 1)


def test_option_and_dict_value_of_the_same_name_both_apply() -> None:
    result = bpcalc.evaluate("progress + 1", {"progress": 2}, check=False)
    assert (result.value, result.check) == (3, None)


def test_keyword_values_may_be_named_source_and_values() -> None:
    assert bpcalc.evaluate("values * source", values=2, source=5, check=False).gradients == {"values": 5, "source": 2}


def test_a_value_given_in_the_dict_and_as_a_keyword_is_refused() -> None:
    with pytest.raises(BpcalcError, match="'x' was given twice"):
        bpcalc.evaluate("x + 1", {"x": 1}, x=2)


def test_to_json_is_the_json_document_of_the_cli() -> None:
    doc = bpcalc.to_json(bpcalc.evaluate(CIRCUIT, AT))
    assert doc["nodes"][2]["expression"] == "x + y"
    assert doc["gradients"] == {"x": -4, "y": -4, "z": 3}


def test_notebook_display_shows_the_markdown_table() -> None:
    limit = sys.getrecursionlimit()
    formatters = pytest.importorskip("IPython.core.formatters", reason="IPython is not installed")
    sys.setrecursionlimit(limit)  # importing IPython raises it to 3000 for the whole process
    display = formatters.DisplayFormatter()
    bpcalc._register_notebook_display(display)
    shown, _metadata = display.format(bpcalc.evaluate(CIRCUIT, AT, check=False))
    assert "| q |" in shown["text/markdown"].replace("`", "")
    assert shown["text/plain"] == "Result(output f = -12, 5 nodes, inputs x, y, z, check: not run)"
