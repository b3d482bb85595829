"""Gradient descent on named inputs of a program: what a gradient is for.

Each step runs the program forward and backward through `bpcalc.evaluate` (unchecked: the
cross-check proves the gradients once, not at every step) and moves each named parameter
against its gradient. Three update rules, written as PyTorch's optimizers define them, with
g = dL/dp at the current parameters and t the step number from 1:

    sgd       p <- p - lr * g
    momentum  v <- mu * v + g;  p <- p - lr * v                      (v starts at 0)
    adam      m <- b1 * m + (1 - b1) * g;  v <- b2 * v + (1 - b2) * g^2
              p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)

The record of a run is plain data: step 0 is the loss before any update, step k the loss
after k updates, each with the parameters it was measured at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bpcalc.errors import UsageError, did_you_mean

if TYPE_CHECKING:
    from bpcalc.api import Result

OPTIMIZERS = ("sgd", "momentum", "adam")


@dataclass(frozen=True)
class Settings:
    """The update rule and its constants (PyTorch's defaults)."""

    lr: float
    optimizer: str = "sgd"
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8


@dataclass(frozen=True)
class Step:
    step: int
    loss: float
    params: dict[str, Any]  # the parameters the loss was measured at
    grads: dict[str, Any]  # dL/dparam there


@dataclass(frozen=True)
class Training:
    steps: list[Step]
    params: dict[str, Any]  # after the last update
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The `--json` document: {"steps": [{"step", "loss", "params"}, ...], "params": {...}}."""
        return {
            "steps": [{"step": s.step, "loss": s.loss, "params": plain_params(s.params)} for s in self.steps],
            "params": plain_params(self.params),
        }


@dataclass
class Optimizer:
    """The state an update rule carries between steps (velocity, moments, step count)."""

    settings: Settings
    state: dict[str, list[Any]] = field(default_factory=dict)
    count: int = 0

    def update(self, params: Mapping[str, Any], grads: Mapping[str, Any]) -> dict[str, Any]:
        """Fresh parameter values one step downhill; `params` is not changed."""
        self.count += 1
        s = self.settings
        out: dict[str, Any] = {}
        for name, value in params.items():
            g = grads[name]
            if s.optimizer == "sgd":
                out[name] = value - s.lr * g
            elif s.optimizer == "momentum":
                velocity = s.momentum * self.state[name][0] + g if name in self.state else g
                self.state[name] = [velocity]
                out[name] = value - s.lr * velocity
            else:
                m, v = self.state.get(name, [0.0 * g, 0.0 * g])
                m = s.beta1 * m + (1 - s.beta1) * g
                v = s.beta2 * v + (1 - s.beta2) * g * g
                self.state[name] = [m, v]
                m_hat = m / (1 - s.beta1**self.count)
                v_hat = v / (1 - s.beta2**self.count)
                out[name] = value - s.lr * m_hat / (_sqrt(v_hat) + s.eps)
        return out


def _sqrt(value: Any) -> Any:
    if isinstance(value, float):
        return value**0.5
    import numpy as np

    return np.sqrt(value)


def check_params(result: Result, names: Sequence[str], written: str | None = None) -> list[str]:
    """The parameter names, each an input of the program; else an error with a caret under the
    bad name in `written` (the --params text) and the closest input named."""
    inputs = list(result.trace.graph.variables)
    if not names:
        raise UsageError("no parameters to train", hint=f"name some of the inputs: {', '.join(inputs)}")
    offset = 0
    seen: set[str] = set()
    for name in names:
        start = written.find(name, offset) if written is not None else -1
        if start >= 0:
            offset = start + len(name)
        if name not in inputs or name in seen:
            close = did_you_mean(name, inputs)
            reason = f"'{name}' is given twice" if name in seen else f"'{name}' is no input of the program"
            hint = f"did you mean '{close}'?" if close else f"the inputs are: {', '.join(inputs) or 'none'}"
            from bpcalc.errors import Span

            span = Span(start, start + len(name)) if start >= 0 else None
            raise UsageError(reason, source=written if span else None, span=span, hint=hint)
        seen.add(name)
    return list(names)


def scalar_loss(result: Result) -> float:
    """The program's output as a float (the engine has already refused an array output)."""
    return float(result.value)


def train(source: str, values: Mapping[str, Any], params: Sequence[str], settings: Settings, steps: int,
          *, written: str | None = None, on_step: Callable[[Step], None] | None = None) -> Training:
    """`steps` updates of `params` (input names of `source`) from the given or `let` values."""
    from bpcalc.api import evaluate

    if settings.optimizer not in OPTIMIZERS:
        raise UsageError(f"no optimizer named {settings.optimizer!r}", hint=f"use one of {', '.join(OPTIMIZERS)}")
    result = evaluate(source, dict(values), check=False)
    names = check_params(result, params, written)
    current = dict(result.values)  # the `let` values and the given ones, parsed
    optimizer = Optimizer(settings)
    record: list[Step] = []
    for number in range(steps + 1):
        if number:
            result = evaluate(source, current, check=False)
        chosen = {name: current[name] for name in names}
        grads = result.gradients
        step = Step(number, scalar_loss(result), chosen, {name: grads[name] for name in names})
        record.append(step)
        if on_step is not None:
            on_step(step)
        if number < steps:
            current.update(optimizer.update(chosen, step.grads))
    return Training(record, {name: current[name] for name in names}, source)


def plain_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Numbers as floats and arrays as nested lists, as JSON and `--NAME=@file` read them."""
    return {name: value if isinstance(value, float) else _plain(value) for name, value in params.items()}


def _plain(value: Any) -> Any:
    tolist = getattr(value, "tolist", None)
    return tolist() if tolist is not None else float(value)
