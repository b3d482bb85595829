"""Mutation run: how many hand-made bugs does the test suite catch?

Each mutant is one exact textual change to one file of the package (a wrong derivative, a
disabled check, a loosened tolerance, a precedence slip). The script copies the checkout to a
temporary folder (never touching the checkout), applies the mutants one at a time there, runs
the tests with -x (stop at the first failure), and prints killed / survived for each and the
totals. A mutant whose text is no longer found in its file is reported "stale" (the code moved:
update the mutant), not counted.

    python benchmarks/mutation.py                 # every mutant, its focused test files, 1 job
    python benchmarks/mutation.py --jobs 2        # two copies side by side
    python benchmarks/mutation.py --full          # the whole suite for every mutant (slow)
    python benchmarks/mutation.py -k svm -k sigmoid   # only mutants whose description matches
    python benchmarks/mutation.py --list          # list the mutants

Focused runs take the test files that exercise the mutated layer (AREAS below); a mutant that
survives them may still be killed by --full. Exit status: 1 if any mutant survived.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("bpcalc", "tests", "examples", "docs", "benchmarks", "fuzz", "README.md", "pyproject.toml", ".ci")

AREAS = {
    "rows": ["tests/test_registry.py", "tests/test_arrays_registry.py", "tests/test_properties.py",
             "tests/test_arrays_properties.py", "tests/test_engine.py", "tests/test_examples.py",
             "tests/test_arrays_examples.py", "tests/test_check_resolution.py", "tests/test_autodiff_jax.py"],
    "engine": ["tests/test_engine.py", "tests/test_deep.py", "tests/test_examples.py", "tests/test_arrays_examples.py",
               "tests/test_check_resolution.py", "tests/test_arrays_properties.py", "tests/test_autodiff_jax.py"],
    "check": ["tests/test_check_scaling.py", "tests/test_check_resolution.py", "tests/test_properties.py",
              "tests/test_arrays_properties.py", "tests/test_examples.py", "tests/test_arrays_examples.py"],
    "diagnosis": ["tests/test_homework_diagnose.py", "tests/test_diagnose_resolution.py", "tests/test_homework_cli.py",
                  "tests/test_grade_batch.py"],
    "parser": ["tests/test_parser.py", "tests/test_arrays_parser.py", "tests/test_errors.py", "tests/test_hostile.py",
               "tests/test_parse_speed_equivalence.py", "tests/test_fuzz.py", "tests/test_examples.py"],
}


@dataclass(frozen=True)
class Mutant:
    path: str
    old: str
    new: str
    description: str
    area: str


S, E, C, D, P = ("bpcalc/ops/scalar.py", "bpcalc/engine/", "bpcalc/checks/cross_check.py", "bpcalc/homework/diagnose.py",
                 "bpcalc/language/parser.py")
# The array rows by kind, and the cross-check's parts (see bpcalc/checks/cross_check.py's docstring).
LINALG, REDUCE, LOSSES = "bpcalc/ops/linear_algebra.py", "bpcalc/ops/reductions.py", "bpcalc/ops/losses.py"
REPORT, SYMBOLIC, DIFFS, ARRAYS = ("bpcalc/checks/report.py", "bpcalc/checks/scalar_symbolic.py",
                                   "bpcalc/checks/scalar_differences.py", "bpcalc/checks/array_checks.py")

MUTANTS = [
    # -- scalar rows --
    Mutant(S, "forward=operator.mul, local=lambda out, a, b: (b, a),", "forward=operator.mul, local=lambda out, a, b: (a, b),",
           "mul: local gradients not swapped", "rows"),
    Mutant(S, "local=lambda out, a, b: (1.0, -1.0),", "local=lambda out, a, b: (1.0, 1.0),", "sub: d/db = +1", "rows"),
    Mutant(S, "local=lambda out, a, b: (1.0 / b, -out / b),", "local=lambda out, a, b: (1.0 / b, out / b),",
           "div: d/db sign flipped", "rows"),
    Mutant(S, "local=lambda out, a: (-1.0,),", "local=lambda out, a: (1.0,),", "neg: d/da = +1", "rows"),
    Mutant(S, "forward=math.exp, forward_array=lambda a: np.exp(a), local=lambda out, a: (out,),",
           "forward=math.exp, forward_array=lambda a: np.exp(a), local=lambda out, a: (out * 1.0001,),",
           "exp: local gradient 1e-4 too large", "rows"),
    Mutant(S, "local=lambda out, a: (1.0 / a,),", "local=lambda out, a: (1.0 / (a * a),),", "log: 1/a^2", "rows"),
    Mutant(S, "local=lambda out, a: (0.5 / out,),", "local=lambda out, a: (1.0 / out,),", "sqrt: d/da = 1/out", "rows"),
    Mutant(S, "local=lambda out, a: (math.cos(a),), local_array=lambda out, a: (np.cos(a),),",
           "local=lambda out, a: (math.cos(a) * (1 + 1e-7),), local_array=lambda out, a: (np.cos(a),),",
           "sin: float rule wrong by 1e-7 relative (below finite differences, above SymPy)", "rows"),
    Mutant(S, "local=lambda out, a: (-math.sin(a),), local_array=lambda out, a: (-np.sin(a),),",
           "local=lambda out, a: (-math.sin(a),), local_array=lambda out, a: (np.sin(a),),",
           "cos: numpy rule sign flipped", "rows"),
    Mutant(S, "local=lambda out, a: (1.0 - out * out,),", "local=lambda out, a: (1.0 - out,),", "tanh: 1 - t", "rows"),
    Mutant(S, "local=lambda out, a: ((1.0 - out) * out,),", "local=lambda out, a: ((1.0 - out),),",
           "sigmoid: local gradient 1 - s", "rows"),
    Mutant(S, "np.exp(-np.abs(a)) / (1.0 + np.exp(-np.abs(a))))", "np.exp(-np.abs(a)) / (1.0 + np.exp(np.abs(a))))",
           "sigmoid: numpy forward wrong on the negative branch", "rows"),
    Mutant(S, "    z = math.exp(a)\n    return z / (1.0 + z)", "    z = math.exp(a)\n    return z / (1.0 + z * z)",
           "sigmoid: float forward wrong on the negative branch", "rows"),
    Mutant(S, "    d_base = b * a ** (b - 1) if b != 1 else 1.0", "    d_base = b * a ** (b - 1) if b != 1 else 0.0",
           "pow: d/da = 0 at b == 1 (floats)", "rows"),
    Mutant(S, "d_base = np.where(b == 1, 1.0, b * np.power(a, b - 1.0))", "d_base = np.where(b == 1, 0.0, b * np.power(a, b - 1.0))",
           "pow: d/da = 0 at b == 1 (numpy)", "rows"),
    Mutant(S, "        d_exp = out * math.log(a)", "        d_exp = math.log(a)", "pow: d/db = log(a)", "rows"),
    Mutant(S, "local=lambda out, a: (1.0 if a > 0 else 0.0,),", "local=lambda out, a: (1.0 if a >= 0 else 0.0,),",
           "relu: float rule a >= 0 (relu'(0) = 1)", "rows"),
    Mutant(S, "local_array=lambda out, a: (np.asarray(a > 0, dtype=float),),",
           "local_array=lambda out, a: (np.asarray(a >= 0, dtype=float),),", "relu: numpy rule a >= 0", "rows"),
    Mutant(S, "local_array=lambda out, a: (np.sign(a),),", "local_array=lambda out, a: (np.where(a >= 0, 1.0, -1.0),),",
           "abs: numpy sign(0) = 1", "rows"),
    Mutant(S, "    return tuple(1.0 / winners if x == out else 0.0 for x in xs)",
           "    return tuple(1.0 if x == out else 0.0 for x in xs)", "max/min: float ties each get the full gradient", "rows"),
    Mutant(S, "    return tuple(m / winners for m in masks)", "    return tuple(m for m in masks)",
           "max/min: numpy ties each get the full gradient", "rows"),
    Mutant(S, "        return sum(1 for x in xs if x == out) > 1", "        return False",
           "max/min: float ties never called a kink", "rows"),
    # -- array rows --
    Mutant(LINALG, "        return np.outer(g, b), a.T @ g", "        return np.outer(g, b), a @ g", "matmul: dx = W g (not W^T g)",
           "rows"),
    Mutant(LINALG, "    return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)",
           "    return (g2 @ b2.T).reshape(a.shape), (a2 @ g2).reshape(b.shape)", "matmul: general dB without transpose", "rows"),
    Mutant(LOSSES, "vjp=lambda g, out, a: (out * (g - np.sum(g * out, axis=-1, keepdims=True)),)",
           "vjp=lambda g, out, a: (out * (g - np.sum(g, axis=-1, keepdims=True)),)", "softmax: VJP forgets the p weights", "rows"),
    Mutant(LOSSES, "    margins[np.arange(len(classes)), classes] = 1.0\n    return bool(np.any(margins == 0))",
           "    margins[np.arange(len(classes)), classes] = 1.0\n    return False", "svm_loss: kink never detected", "rows"),
    Mutant(REDUCE, "        ratio = np.where(scale == 0, 0.0, x / np.where(scale == 0, 1.0, scale))",
           "        ratio = np.where(scale == 0, 0.0, x / np.where(scale == 0, 1.0, scale * scale))", "norm: x / ||x||^2", "rows"),
    Mutant(LOSSES,
           "    shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))\n    return shifted / np.sum(shifted, axis=-1, keepdims=True)",
           "    shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))\n    return shifted / np.sum(shifted)",
           "softmax: normalised over all entries, not the last axis", "rows"),
    # -- engines --
    Mutant(E + "quick.py", "            grads[a] += g * values[b]\n            grads[b] += g * values[a]",
           "            grads[a] += g * values[b]\n            grads[b] = g * values[a]",
           "quick backward: fan-out not accumulated (2-input)", "engine"),
    Mutant(E + "quick.py", "            grads[a] += grads[i] * rule1(values[i], values[a])[0]",
           "            grads[a] = grads[i] * rule1(values[i], values[a])[0]", "quick backward: fan-out not accumulated (1-input)",
           "engine"),
    Mutant(E + "scalar_pass.py", "    grads: list[Any] = [0.0] * n\n    grads[output] = 1.0\n    undefined",
           "    grads: list[Any] = [0.0] * n\n    grads[output] = 2.0\n    undefined", "careful backward: output seed 2", "engine"),
    Mutant(E + "array_pass.py", "                grads[a] = _own(c) if grads[a] is None else grads[a] + c",
           "                grads[a] = _own(c)", "array backward: fan-out not accumulated", "engine"),
    Mutant(E + "array_pass.py",
           "            if varying[a] and np.any(np.isinf(p)):  # infinite (a pole)",
           "            if False:  # infinite (a pole)",
           "array backward: no longer raises for an infinite local gradient into an input", "engine"),
    # -- the cross-check --
    Mutant(REPORT, "SYMPY_RTOL, SYMPY_ATOL = 1e-9, 1e-12", "SYMPY_RTOL, SYMPY_ATOL = 1e-6, 1e-12", "check: SymPy tolerance loosened 1000x",
           "check"),
    Mutant(DIFFS, "        verdict = OK if abs(ours - expected) <= tolerance else MISMATCH\n        return NodeCheck(verdict, \"finite-d"
              "ifferences\", expected, None, numeric.relative_error(ours, expected))\n    # Every step crossed",
           "        verdict = OK\n        return NodeCheck(verdict, \"finite-d"
           "ifferences\", expected, None, numeric.relative_error(ours, expected))\n    # Every step crossed",
           "check: single-input finite-difference verdict forced to ok (after Richardson)", "check"),
    Mutant(DIFFS, "        if abs(ours - wide) <= NUMERIC_ATOL + NUMERIC_RTOL * max(abs(ours), abs(wide)) + noise:",
           "        if True:", "check: single-input finite differences always ok", "check"),
    Mutant(REPORT, "        if self.directional is not None and self.directional.verdict == MISMATCH:\n            return False",
           "        if False:\n            return False", "check: passed ignores a directional mismatch", "check"),
    Mutant(DIFFS, "        verdict = OK if abs(expected - ours) <= tolerance else MISMATCH\n        return DirectionalCheck(",
           "        verdict = OK\n        return DirectionalCheck(", "check: directional verdict forced to ok", "check"),
    Mutant(SYMBOLIC, "        if difference > SYMPY_ATOL + SYMPY_RTOL * scale:\n            verdict = MISMATCH",
           "        if difference > SYMPY_ATOL + SYMPY_RTOL * scale * 1e4:\n            verdict = MISMATCH",
           "check: per-node SymPy fast path 1e4x looser", "check"),
    Mutant(ARRAYS, 'checks[k] = _verdict(trace.grads[k], expected[k], "sympy-elements", SYMPY_RTOL, SYMPY_ATOL, trace, values, k)',
           'checks[k] = NodeCheck(OK, "sympy-elements")', "check: SymPy's array verdict forced to ok", "check"),
    Mutant(C, "    affected = list(trace.kinks)\n", "    affected = [False] * len(trace.kinks)\n",
           "check: kinks never mark their nodes", "check"),
    # -- diagnosis --
    Mutant(D, "        if _nonzero(reference) and self.close(written, -reference, width, slack=False):",
           "        if False:",
           "diagnosis: forward-value sign detector disabled", "diagnosis"),
    Mutant(D, "DIAGNOSIS_SLACK = 5e-3", "DIAGNOSIS_SLACK = 0.0", "diagnosis: carried-forward slack 0", "diagnosis"),
    Mutant(D, "        if _nonzero(whole) and self.close(written, -whole, width):\n            return (WRONG, SIGN,",
           "        if False:\n            return (WRONG, SIGN,", "diagnosis: gradient sign detector disabled", "diagnosis"),
    Mutant(D, "        if len(uses) > 1:\n            for (c, _k), term in zip(uses, terms):",
           "        if len(uses) > 99:\n            for (c, _k), term in zip(uses, terms):",
           "diagnosis: fan-out sum missing never recognised", "diagnosis"),
    Mutant(D, "    first = next((v for v in verdicts if v.status == WRONG), None)",
           "    first = next((v for v in reversed(verdicts) if v.status == WRONG), None)", "diagnosis: last mistake named first",
           "diagnosis"),
    # -- parser (its tables come from the rows' precedence and associativity) --
    Mutant(S, 'the denominator receives -upstream * a / b^2",\n            precedence=20,',
           'the denominator receives -upstream * a / b^2",\n            precedence=10,',
           "parser: / binds like +", "parser"),
    Mutant(S, 'precedence=40, right_assoc=True, aliases=("power",),', 'precedence=20, right_assoc=True, aliases=("power",),',
           "parser: ^ binds like *", "parser"),
    Mutant(S, 'precedence=40, right_assoc=True, aliases=("power",),', 'precedence=40, right_assoc=False, aliases=("power",),',
           "parser: ^ left-associative", "parser"),
    Mutant(S, 'passes the upstream gradient back with its sign flipped",\n            precedence=30,',
           'passes the upstream gradient back with its sign flipped",\n            precedence=50,',
           "parser: unary minus binds tighter than ^ (-x^2 read as (-x)^2)", "parser"),
    Mutant("bpcalc/language/frames.py", "op.precedence if op.right_assoc else op.precedence - 1)",
           "op.precedence if op.right_assoc else op.precedence)", "parser: every operator right-associative", "parser"),
]


def copy_checkout(target: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
        elif source.exists():
            shutil.copy2(source, target / name)


def broken_copy(workdir: Path) -> str | None:
    """Why the unmutated copy cannot run its tests (a file missing from COPIED, say), or None:
    otherwise every mutant would count as killed."""
    env = {**os.environ, "PYTHONPATH": str(workdir), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=workdir, env=env, capture_output=True, text=True)
    return None if done.returncode == 0 else (done.stdout + done.stderr)[-2000:]


def run_mutant(workdir: Path, mutant: Mutant, full: bool, timeout: float) -> tuple[str, float, str]:
    """Apply one mutant in workdir, run the tests, restore the file: (outcome, seconds, detail)."""
    path = workdir / mutant.path
    original = path.read_text(encoding="utf-8")
    if original.count(mutant.old) != 1:
        return "stale", 0.0, f"text found {original.count(mutant.old)} times in {mutant.path}"
    path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
    tests = ["tests"] if full else AREAS[mutant.area]
    env = {**os.environ, "PYTHONPATH": str(workdir), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=", *tests]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
        outcome = "survived" if done.returncode == 0 else "killed"
        lines = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        detail = lines[0] if lines else done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    except subprocess.TimeoutExpired:
        outcome, detail = "killed", f"timed out after {timeout:g} s"
    finally:
        path.write_text(original, encoding="utf-8")
    return outcome, time.monotonic() - started, detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="copies run side by side (default 1; 2 at most on 2 cores)")
    parser.add_argument("--full", action="store_true", help="the whole suite for every mutant instead of its area's files")
    parser.add_argument("-k", action="append", default=[], help="only mutants whose description contains this")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per mutant; a timeout counts as killed")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.k or any(k.lower() in m.description.lower() for k in args.k)]
    if args.list:
        for number, m in enumerate(chosen, 1):
            print(f"{number:3d}  [{m.area}] {m.description}  ({m.path})")
        return 0
    work: queue.Queue[tuple[int, Mutant]] = queue.Queue()
    for item in enumerate(chosen, 1):
        work.put(item)
    results: dict[int, tuple[str, float, str]] = {}
    lock = threading.Lock()
    started = time.monotonic()

    def worker() -> None:
        with tempfile.TemporaryDirectory(prefix="bpcalc-mutation-") as folder:
            workdir = Path(folder)
            copy_checkout(workdir)
            problem = broken_copy(workdir)
            if problem:
                with lock:
                    print(f"the unmutated copy does not collect its tests, nothing measured:\n{problem}", flush=True)
                while not work.empty():
                    work.get_nowait()
                return
            while True:
                try:
                    number, mutant = work.get_nowait()
                except queue.Empty:
                    return
                outcome = run_mutant(workdir, mutant, args.full, args.timeout)
                with lock:
                    results[number] = outcome
                    print(f"{number:3d}/{len(chosen)} {outcome[0]:8s} {outcome[1]:6.1f}s  [{mutant.area}] {mutant.description}"
                          + (f"\n              {outcome[2]}" if outcome[2] else ""),
                          flush=True)

    threads = [threading.Thread(target=worker) for _ in range(max(1, min(args.jobs, len(chosen))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = [r for r in results.values() if r[0] != "stale"]
    killed = sum(1 for r in counted if r[0] == "killed")
    stale = len(results) - len(counted)
    print(f"\n{killed} of {len(counted)} mutants killed, {len(counted) - killed} survived"
          + (f", {stale} stale" if stale else "") + f" ({'full suite' if args.full else 'focused tests'}, "
          f"{time.monotonic() - started:.0f} s)")
    for number in sorted(results):
        if results[number][0] == "survived":
            print(f"  survived: {chosen[number - 1].description}")
    return 1 if killed < len(counted) else 0


if __name__ == "__main__":
    sys.exit(main())
