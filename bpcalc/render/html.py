"""One self-contained HTML page (no network): the SVG circuit, made to teach.

Hovering a node shows its gate, its local gradient and the chain-rule step it performs
(downstream = local x upstream). A "step" control walks the backward pass one node at a time,
from dL/dL = 1 at the output back to the inputs, revealing each gradient as it becomes final.
Everything the script needs is in a JSON block written by Python; the script only shows it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bpcalc.base.notation import CHAIN_RULE, factor, gradient, local_gradient, product
from bpcalc.base.numbers import format_number
from bpcalc.ops import REGISTRY
from bpcalc.render.describe import operation_text
from bpcalc.render.labels import PRECISION, NodeLabel
from bpcalc.render.layout import layout
from bpcalc.render.svg import check_drawable, escape, scene_svg

if TYPE_CHECKING:
    from bpcalc.api import Result

PAGE_STYLE = """
body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 16px; color: #222; }
#bp-controls button { font-size: 14px; margin-right: 6px; padding: 4px 10px; }
#bp-status { margin: 10px 0; font-size: 14px; min-height: 1.4em; }
#bp-detail { border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; font-size: 13px;
             min-height: 5em; max-width: 60em; background: #fafafa; white-space: pre-line; }
#bp-figure { overflow: auto; border: 1px solid #eee; margin-top: 10px; }
"""

SVG_EXTRA = """
.bp-node { cursor: pointer; }
.bp-pending .bp-grad { visibility: hidden; }
.bp-current .bp-gate, .bp-current .bp-leaf, .bp-current .bp-const { stroke: #c0262d; stroke-width: 3.5; }
.bp-hover .bp-gate, .bp-hover .bp-leaf, .bp-hover .bp-const { fill: #fff6d6; }
"""

SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('bp-data').textContent);
  var order = data.order, step = -1;
  function group(id) { return document.getElementById('bp-' + id); }
  function show(k) {
    step = k;
    var done = {};
    for (var i = 0; i <= k; i++) { done[order[i]] = true; }
    data.nodes.forEach(function (n) {
      var g = group(n.id);
      g.classList.toggle('bp-pending', !done[n.id]);
      g.classList.toggle('bp-current', k >= 0 && order[k] === n.id);
    });
    var status = document.getElementById('bp-status');
    if (k < 0) { status.textContent = 'Forward pass done: every value is known. Press step to start the backward pass.'; }
    else { status.textContent = 'Step ' + (k + 1) + ' of ' + order.length + ': ' + data.byId[order[k]].step; }
    document.getElementById('bp-step').disabled = k >= order.length - 1;
    document.getElementById('bp-back').disabled = k < 0;
  }
  function detail(n) {
    var lines = [n.name + ' = ' + n.expression + '   (' + n.gate + ')', n.pattern,
                 'value: ' + n.value + '    gradient dL/d' + n.name + ': ' + n.grad];
    if (n.local.length) { lines.push('local gradient: ' + n.local.join('; ')); }
    if (n.chain.length) { lines.push('chain rule, CHAIN_RULE:'); lines = lines.concat(n.chain); }
    document.getElementById('bp-detail').textContent = lines.join('\\n');
  }
  data.byId = {};
  data.nodes.forEach(function (n) {
    data.byId[n.id] = n;
    var g = group(n.id);
    g.addEventListener('mouseenter', function () { g.classList.add('bp-hover'); detail(n); });
    g.addEventListener('mouseleave', function () { g.classList.remove('bp-hover'); });
    g.addEventListener('click', function () { detail(n); });
  });
  document.getElementById('bp-step').addEventListener('click', function () { if (step < order.length - 1) { show(step + 1); } });
  document.getElementById('bp-back').addEventListener('click', function () { if (step >= 0) { show(step - 1); } });
  document.getElementById('bp-reset').addEventListener('click', function () { show(-1); });
  document.getElementById('bp-all').addEventListener('click', function () { show(order.length - 1); });
  show(-1);
})();
"""


def render_html(result: Result, precision: int = PRECISION, engine: str = "auto") -> str:
    check_drawable(result, "an HTML page")
    scene = layout(result, precision, engine)
    data = page_data(result, precision)
    from bpcalc.teach.array_steps import wire_derivations

    svg = scene_svg(scene, SVG_EXTRA, tips=wire_derivations(result.trace, precision))
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>bpcalc: {escape(scene.title)}</title>",
        f"<style>{PAGE_STYLE}</style></head><body>",
        f"<h1 style=\"font-size:18px\">bpcalc: {escape(scene.title)}</h1>",
        '<div id="bp-controls"><button id="bp-back" type="button">◀ back</button>'
        '<button id="bp-step" type="button">step ▶</button>'
        '<button id="bp-reset" type="button">reset</button>'
        '<button id="bp-all" type="button">show all</button></div>',
        '<div id="bp-status"></div>',
        '<div id="bp-detail">Hover over a node to see its local gradient and the chain-rule step it performs.</div>',
        f'<div id="bp-figure">{svg}</div>',
        f'<script type="application/json" id="bp-data">{payload}</script>',
        f"<script>{SCRIPT.replace('CHAIN_RULE', CHAIN_RULE)}</script>",  # base/notation's words
        "</body></html>",
    ]) + "\n"


def page_data(result: Result, precision: int = PRECISION) -> dict[str, Any]:
    """Per node: its words and chain-rule lines; and the backward order the step control walks."""
    from bpcalc.render.labels import node_labels

    trace = result.trace
    labels = node_labels(result, precision)
    nodes = []
    for node in labels:
        i = node.node
        upstream = format_number(trace.grads[i], precision)
        chain = chain_lines(result, i, precision)
        if node.output:
            step = f"{node.name} is the output: the backward pass starts with {gradient(node.name)} = 1."
            if trace.upstream is not None:  # a given upstream gradient (--upstream)
                step = (f"{node.name} is the output: the backward pass starts from the given upstream gradient "
                        f"{gradient(node.name)} = {upstream}.")
        elif node.leaf:
            step = f"{node.name} ({node.gate}) has all its gradient now: {gradient(node.name)} = {upstream}."
        else:
            step = f"{node.name} ({node.gate}) has upstream gradient {upstream}."
        if chain and not node.leaf:
            step += " It sends back: " + "; ".join(chain)
        nodes.append({
            "id": node.id, "name": node.name, "gate": node.gate, "expression": node.expression,
            "pattern": node.pattern, "value": node.value, "grad": node.grad, "local": list(node.local),
            "chain": chain, "step": step, "shape": node.shape, "kink": node.kink,
        })
    return {"nodes": nodes, "order": backward_order(labels)}


def backward_order(labels: list[NodeLabel]) -> list[str]:
    """The ids the stepper lights, in a reverse topological order that walks back from the
    output one gate at a time: by the longest path to the output (every node after all the
    nodes that use it), then in forward order, so for (x + y) * z the mul gate's inputs q and
    z come before x and y, and q before z."""
    live = [n for n in labels if n.live]
    distance = [0] * len(labels)
    for node in reversed(live):
        for a in node.inputs:
            distance[a] = max(distance[a], distance[node.index] + 1)
    return [n.id for n in sorted(live, key=lambda n: (distance[n.index], n.index))]


def chain_lines(result: Result, index: int, precision: int) -> list[str]:
    """'→ x: upstream × ∂q/∂x = -4 × 1 = -4', one per input; the VJP rule for array ops.

    Every number is the trace's: its local gradient, its upstream and what it sent back."""
    trace = result.trace
    graph = trace.graph
    args = graph.args[index]
    grad = trace.grads[index]
    if not args or grad is None:
        return []
    me = graph.label(index)
    operation = operation_text(graph, index)
    local, sent = trace.edges(index)
    sent = sent or (None,) * len(args)
    named = derivation_lines(result, index, precision)
    if local is None and named:
        return named
    if local is None:
        row = REGISTRY[graph.ops[index]]
        return [f"→ {graph.label(a)}: {row.vjp_rule or row.rule}, with upstream {format_number(grad, precision)}"
                + (f" = {format_number(d, precision)}" if d is not None else "") for a, d in zip(args, sent)
                if not graph.is_constant(a)]
    lines = []
    for a, p, d in zip(args, local, sent):
        if graph.is_constant(a):
            continue  # a parameter of the gate: nothing flows back to it
        name = graph.label(a)
        result_text = "" if d is None else f" = {format_number(d, precision)}"
        chain = product("upstream", local_gradient(me, name, operation))  # the lecture's order (base/notation)
        lines.append(f"→ {name}: {chain} = {product(format_number(grad, precision), factor(format_number(p, precision)))}"
                     f"{result_text}")
    return lines


def derivation_lines(result: Result, index: int, precision: int) -> list[str]:
    """'→ W: dL/dW = dL/dq · x^T = ...' for an array gate whose row has array formulas (else [])."""
    from bpcalc.teach.array_steps import gate_derivations

    args = result.trace.graph.args[index]
    return [f"→ {result.trace.graph.label(args[k])}: {line}"
            for k, line in gate_derivations(result.trace, index, precision).items()]
