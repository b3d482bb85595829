"""The HTML page in a real headless Chromium: values read back from the DOM, the backward pass
stepped with the page's own buttons, and a hover that shows the chain-rule step.

The page is opened as the file bpcalc wrote, plus a small driver script appended by the test:
it clicks and hovers the way a person would (DOM events), then writes what the page shows
into a <pre> that `chromium --dump-dom` prints.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import bpcalc
from bpcalc.render.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install chromium chromium-driver)")

CIRCUIT = "q = x + y; f = q * z"

DRIVER = """
<script>
(function () {
  var steps = %(steps)d, hover = %(hover)s, out = {};
  function texts(cls) {
    var found = {};
    document.querySelectorAll('text.' + cls).forEach(function (t) { found[t.getAttribute('data-node')] = t.textContent; });
    return found;
  }
  function pending() {
    var ids = [];
    document.querySelectorAll('.bp-node.bp-pending').forEach(function (g) { ids.push(g.getAttribute('data-node')); });
    return ids;
  }
  out.values = texts('bp-value');
  out.grads = texts('bp-grad');
  out.pendingBefore = pending();
  for (var i = 0; i < steps; i++) { document.getElementById('bp-step').click(); }
  out.pendingAfter = pending();
  var current = document.querySelector('.bp-node.bp-current');
  out.current = current ? current.getAttribute('data-node') : null;
  out.status = document.getElementById('bp-status').textContent;
  out.stepDisabled = document.getElementById('bp-step').disabled;
  if (hover) {
    document.getElementById('bp-' + hover).dispatchEvent(new MouseEvent('mouseenter'));
    out.detail = document.getElementById('bp-detail').textContent;
  }
  var pre = document.createElement('pre');
  pre.id = 'bp-test-out';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def read_page(tmp_path: Path, page: str, steps: int = 0, hover: str | None = None) -> dict:
    driver = DRIVER % {"steps": steps, "hover": json.dumps(hover)}
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", driver + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-extensions", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=3000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=90,
    )
    found = re.search(r'<pre id="bp-test-out">(.*?)</pre>', done.stdout, re.S)
    assert found, f"the driver did not run; chromium said:\n{done.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def circuit_page() -> str:
    result = bpcalc.evaluate(CIRCUIT, x=-2, y=5, z=-4, check=False)
    return render_html(result, engine="builtin")


def test_the_dom_holds_the_primers_values_and_gradients(tmp_path: Path, circuit_page: str) -> None:
    seen = read_page(tmp_path, circuit_page)
    # ids: x n0, y n1, q n2, z n3, f n4; the lecture's published numbers
    assert seen["values"] == {"n0": "-2", "n1": "5", "n2": "3", "n3": "-4", "n4": "-12"}
    assert seen["grads"] == {"n0": "-4", "n1": "-4", "n2": "-4", "n3": "3", "n4": "1"}


def test_every_gradient_is_hidden_until_the_backward_pass_reaches_it(tmp_path: Path, circuit_page: str) -> None:
    seen = read_page(tmp_path, circuit_page)
    assert sorted(seen["pendingBefore"]) == ["n0", "n1", "n2", "n3", "n4"]
    assert "Press step" in seen["status"]


def test_stepping_walks_the_backward_pass_from_the_output(tmp_path: Path, circuit_page: str) -> None:
    seen = read_page(tmp_path, circuit_page, steps=1)
    assert seen["current"] == "n4"
    assert sorted(seen["pendingAfter"]) == ["n0", "n1", "n2", "n3"]
    assert "dL/df = 1" in seen["status"]


def test_the_second_step_is_the_add_gate_distributing_its_upstream_gradient(tmp_path: Path, circuit_page: str) -> None:
    seen = read_page(tmp_path, circuit_page, steps=2)
    assert seen["current"] == "n2"  # order: f; then q and z (the mul gate's inputs); then x and y
    assert sorted(seen["pendingAfter"]) == ["n0", "n1", "n3"]
    assert "upstream gradient -4" in seen["status"]
    assert "→ x: upstream × ∂q/∂x = -4 × 1 = -4" in seen["status"]


def test_the_step_button_stops_at_the_last_input(tmp_path: Path, circuit_page: str) -> None:
    seen = read_page(tmp_path, circuit_page, steps=9)
    assert seen["current"] == "n1"  # y, the last of the inputs in the backward order
    assert seen["pendingAfter"] == []
    assert seen["stepDisabled"] is True
    assert seen["status"].startswith("Step 5 of 5")


def test_hovering_the_mul_gate_shows_its_local_gradient_and_chain_rule_step(tmp_path: Path, circuit_page: str) -> None:
    seen = read_page(tmp_path, circuit_page, hover="n4")
    detail = seen["detail"]
    assert "f = q * z   (mul gate)" in detail
    assert "gradient swapper" in detail
    assert "local gradient: ∂f/∂q = -4; ∂f/∂z = 3" in detail
    assert "→ q: upstream × ∂f/∂q = 1 × (-4) = -4" in detail
    assert "→ z: upstream × ∂f/∂z = 1 × 3 = 3" in detail


def test_the_page_loads_nothing_from_the_network(circuit_page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", circuit_page)
    assert "@import" not in circuit_page


def test_the_sigmoid_neuron_page_steps_through_every_live_node(tmp_path: Path) -> None:
    result = bpcalc.evaluate("f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
                             w0=2, x0=-1, w1=-3, x1=-2, w2=-3, check=False)
    seen = read_page(tmp_path, render_html(result, engine="builtin"), steps=100)
    assert seen["pendingAfter"] == []
    ids = {name: result.trace.graph.node_id(result.trace.graph.variables[name]) for name in ("w0", "x0", "w1", "x1", "w2")}
    published = {"w0": "-0.1966", "w1": "-0.3932", "w2": "0.1966", "x0": "0.3932", "x1": "-0.5898"}
    assert {name: seen["grads"][ids[name]] for name in published} == published
    assert seen["values"][result.trace.graph.node_id(result.trace.graph.output)] == "0.7311"
