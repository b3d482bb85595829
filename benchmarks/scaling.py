"""Per-command figures for benchmarks/run.py (issue 18): scaling, cold start against each
command's import floor, peak memory per node, check -f by statements, grade's speed-up.

Every figure is a fresh `bpcalc` process. Times are wall times; on a shared machine they are
noisy, so each table compares figures measured side by side in the same run (ratios), and
says which target it meets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LINEAR_TARGET = 1.3  # per-node cost at the largest size within 1.3x of that at the smallest
COLD_TARGET = 1.3  # a subcommand's cold start within 1.3x of importing what it needs
BYTES_PER_NODE_TARGET = 1024  # checked eval --json


def chain_text(nodes: int) -> str:
    levels = max(1, nodes // 5)
    return "tanh(0.5 * " * levels + "x" + " + 0.1)" * levels


def _base36(k: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        k, d = divmod(k, 36)
        text = digits[d] + text
        if not k:
            return text


def recurrence_text(statements: int) -> str:
    """h1=tanh(w*h0+x); h2=tanh(w*h1+x); ...: w and x are used by every statement (a fan-out of n).
    Names count in base 36 (h1, ..., hz, h10) so 45,000 statements fit the 1,000,000-character limit."""
    return "\n".join(f"h{_base36(k + 1)}=tanh(w*h{_base36(k)}+x)" for k in range(statements))


# The answers to check on the recurrence: h1 wrong, so every later number is the student's own
# (the slowest case: each step recomputed from the student's numbers), and the three wide gradients.
CHECK_ANSWERS = ["-a", "h1=0.4", "-a", "dh0=1", "-a", "dw=1", "-a", "dx=2"]
RECURRENCE_VALUES = ["--w=0.9", "--x=0.1", "--h0=0.2"]


# Linux keeps a process's resident high-water mark across fork and exec, so a child of this
# process (which holds the benchmark's own imports) reports at least this process's size in
# its ru_maxrss: every small program read about 50 MiB. GNU time, itself small, starts the
# command as its own child and reports that child's peak alone.
_GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_measured(command: list[str], env: dict[str, str], stdout: Any = subprocess.DEVNULL) -> tuple[float, int, int]:
    """(wall seconds, peak resident KB, exit code) of one fresh process: its peak from GNU time
    where there is one, else its own rusage (os.wait4, which then includes this process's size)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        argv = [_GNU_TIME, "-q", "-f", "%M", "-o", report.name, *command] if _GNU_TIME else command
        started = time.perf_counter()
        child = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=stdout, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        lines = report.read().split()
    peak_kb = int(lines[-1]) if _GNU_TIME and lines and lines[-1].isdigit() else usage.ru_maxrss
    return elapsed, peak_kb, child.returncode


def _median_of(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, int]:
    runs = sorted(run_measured(command, env)[:2] for _ in range(repeat))
    return runs[len(runs) // 2]


# ---------------------------------------------------------------------------------------------
# Per-command scaling: per-node cost (wall time less the command's own cold start) by size

SCALED: dict[str, Callable[[str], list[str]]] = {
    "eval --json (checked)": lambda f: ["eval", "-f", f, "--x=0.3", "--json"],
    "eval --no-check": lambda f: ["eval", "-f", f, "--x=0.3", "--no-check"],
    "explain": lambda f: ["explain", "-f", f, "--x=0.3"],
    "graph --format tree": lambda f: ["graph", "-f", f, "--x=0.3", "--format", "tree"],
}


def scaling(bp: list[str], env: dict[str, str], sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        files = {n: Path(folder) / f"chain{n}.bp" for n in [5, *sizes]}
        for n, path in files.items():
            path.write_text(chain_text(n), encoding="utf-8")
        for label, args in SCALED.items():
            floor, floor_kb = _median_of([*bp, *args(str(files[5]))], env, 3)
            row: dict[str, Any] = {"command": label, "start": floor, "floor_kb": floor_kb, "sizes": {}}
            for n in sizes:
                seconds, peak_kb = _median_of([*bp, *args(str(files[n]))], env, 3 if n < 10_000 else 1)
                row["sizes"][n] = {"seconds": seconds, "us_per_node": max(seconds - floor, 0.0) / n * 1e6,
                                   "peak_kb": peak_kb}
                print(f"  {label:<24} {n:>7} {seconds:7.2f} s {peak_kb / 1024:7.1f} MiB", file=sys.stderr)
            rows.append(row)
    return rows


def scaling_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Marginal cost per node between consecutive sizes (so start-up and fixed costs cancel);
    linear means the last slope is within LINEAR_TARGET of the first."""
    if not rows:
        return []
    sizes = list(rows[0]["sizes"])
    spans = [f"{a // 1000}k-{b // 1000}k" if a >= 1000 else f"5-{b // 1000}k" for a, b in zip([5, *sizes], sizes)]
    lines = ["Per-command scaling: a chain tanh(0.5 * ... + 0.1) of n written nodes (3 of 5 are gates once constants "
             "fold); us per added node between sizes, wall time",
             f"  {'command':<24} {'start':>7} " + " ".join(f"{s:>10}" for s in spans) + f" {'last/first':>10}  target"]
    for row in rows:
        times = [row["start"], *(row["sizes"][n]["seconds"] for n in sizes)]
        slopes = [(t1 - t0) / (n1 - n0) * 1e6 for t0, t1, n0, n1 in zip(times, times[1:], [5, *sizes], sizes)]
        ratio = slopes[-1] / slopes[1] if len(slopes) > 2 and slopes[1] > 0 else float("nan")
        verdict = "meets" if ratio <= LINEAR_TARGET else "MISSES" if ratio == ratio else "n/a: needs 3 sizes,"
        lines.append(f"  {row['command']:<24} {row['start']:6.2f}s " + " ".join(f"{p:10.1f}" for p in slopes)
                     + f" {ratio:9.2f}x  {verdict} <= {LINEAR_TARGET}x")
    lines.append("  (last/first: the slope between the two largest sizes over the one before it; the first span, from "
                 "5 nodes, also holds fixed costs that switch on with size, such as the check's sampling)")
    memory = next((r for r in rows if r["command"] == "eval --json (checked)"), None)
    if memory is not None:
        n = sizes[-1]
        peak = memory["sizes"][n]["peak_kb"] * 1024
        lines.append(f"  peak memory, checked eval --json at {n:,} nodes: {peak / 2**20:.0f} MiB = "
                     f"{peak / n:.0f} bytes per node, the interpreter and its imports included "
                     f"({'meets' if peak / n <= BYTES_PER_NODE_TARGET else 'MISSES'} ~{BYTES_PER_NODE_TARGET} B/node)")
        for row in rows:
            above = max(row["sizes"][n]["peak_kb"] - row["floor_kb"], 0) * 1024 / n
            target = (f"  {'meets' if above <= BYTES_PER_NODE_TARGET else 'MISSES'} <= {BYTES_PER_NODE_TARGET} B/node"
                      if row["command"] == "explain" else "")
            lines.append(f"    {row['command']:<24} peak {row['sizes'][n]['peak_kb'] / 1024:7.1f} MiB "
                         f"({row['sizes'][n]['peak_kb'] * 1024 / n:6.0f} B/node; {above:6.0f} above the 5-node run)"
                         f"{target}")
    return lines


# ---------------------------------------------------------------------------------------------
# check -f by statements (the recurrence: two inputs used by every statement)


def check_scaling(bp: list[str], env: dict[str, str], statements: list[int]) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in statements:
            path = Path(folder) / f"recurrence{n}.bp"
            path.write_text(recurrence_text(n), encoding="utf-8")
            seconds, peak_kb, code = run_measured([*bp, "check", "-f", str(path), *RECURRENCE_VALUES, *CHECK_ANSWERS], env)
            rows.append({"statements": n, "seconds": seconds, "peak_kb": peak_kb, "exit": code})
            print(f"  check -f {n:>7} statements {seconds:7.2f} s (exit {code})", file=sys.stderr)
    return rows


def check_lines(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    lines = ["check -f on h1=tanh(w*h0+x); h2=tanh(w*h1+x); ... with h1 wrong (every later number the "
             "student's own) and dw, dx, dh0 answered",
             f"  {'statements':>10} {'seconds':>8} {'ms/statement':>13} {'peak MiB':>9}"]
    for row in rows:
        lines.append(f"  {row['statements']:>10} {row['seconds']:8.2f} {row['seconds'] / row['statements'] * 1e3:13.2f} "
                     f"{row['peak_kb'] / 1024:9.1f}")
    first, last = rows[0], rows[-1]
    ratio = (last["seconds"] / last["statements"]) / (first["seconds"] / first["statements"])
    lines.append(f"  ms/statement, largest / smallest: {ratio:.2f}x "
                 f"({'meets' if ratio <= LINEAR_TARGET else 'MISSES'} <= {LINEAR_TARGET}x of linear)")
    return lines


# ---------------------------------------------------------------------------------------------
# Cold start per subcommand, against importing the third-party modules it cannot do without

# label -> (arguments, its floor: the third-party modules that command needs, imported whole).
# A table needs click and rich's console and table (`import rich` alone loads neither); a checked
# run needs SymPy; a pipe gets plain text, which needs no rich. Whatever else a command imports
# from those packages is named in the table as beyond its floor.
COLD: dict[str, tuple[list[str], list[str]]] = {
    "eval --no-check": (["eval", "(x+y)*z", "--x=-2", "--y=5", "--z=-4", "--no-check"], ["click"]),
    "eval": (["eval", "(x+y)*z", "--x=-2", "--y=5", "--z=-4"], ["click", "sympy"]),
    "eval --json": (["eval", "(x+y)*z", "--x=-2", "--y=5", "--z=-4", "--json"], ["click", "sympy"]),
    "explain": (["explain", "(x+y)*z", "--x=-2", "--y=5", "--z=-4"], ["click", "rich.console"]),
    "check": (["check", "q = x + y; f = q * z", "--x=-2", "--y=5", "--z=-4", "-a", "q=3"], ["click"]),
    "graph --format svg": (["graph", "(x+y)*z", "--x=-2", "--y=5", "--z=-4", "--format", "svg"], ["click"]),
    "graph --format tree": (["graph", "(x+y)*z", "--x=-2", "--y=5", "--z=-4", "--format", "tree"],
                            ["click", "rich.console", "rich.tree"]),
    "graph --format dot": (["graph", "(x+y)*z", "--x=-2", "--y=5", "--z=-4", "--format", "dot"], ["click"]),
    "code": (["code", "(x+y)*z", "--x=-2", "--y=5", "--z=-4"], ["click"]),
    "ops": (["ops"], ["click", "rich.console", "rich.table"]),
    "grade --dry-run": (["grade", "--dry-run", "examples/homework/problems.toml"], ["click"]),
    "--help": (["--help"], ["click"]),
}
_HEAVY = ("click", "rich", "numpy", "sympy", "matplotlib")


def third_party_imports(command: list[str], env: dict[str, str]) -> list[str]:
    """The third-party modules a command asks for itself (python -X importtime): those whose
    importer is bpcalc's code or the command's run, not another module of the same package."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "bpcalc", *command], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    lines = [line.rsplit("|", 1)[-1] for line in done.stderr.splitlines() if line.startswith("import time:")][1:]
    seen: list[str] = []
    importers: list[tuple[int, str]] = []  # importtime lists a module's imports before it: read backwards
    for line in reversed(lines):
        depth, name = len(line) - len(line.lstrip(" ")), line.strip()
        while importers and importers[-1][0] >= depth:
            importers.pop()
        importer = importers[-1][1].split(".")[0] if importers else None
        if name.split(".")[0] in _HEAVY and importer not in _HEAVY and name not in seen:
            seen.append(name)
        importers.append((depth, name))
    return sorted(seen)


def _beyond(imported: list[str], floor: list[str]) -> list[str]:
    """What a command imports that its floor does not already load (rich.markup comes with rich.console)."""
    done = subprocess.run([sys.executable, "-c", "import sys, " + ", ".join(floor) + "; print(*sys.modules)"],
                          capture_output=True, text=True)
    loaded = set(done.stdout.split())
    return [name for name in imported if name not in loaded]


def cold_by_command(bp: list[str], env: dict[str, str], repeat: int) -> list[dict[str, Any]]:
    """Each subcommand and its floor (`python -c "import <what it needs>"`), taking turns."""
    plans = []
    for label, (args, needs) in COLD.items():
        extra = _beyond(third_party_imports(args, env), needs)
        floor = [sys.executable, "-c", "import " + ", ".join(needs)]
        plans.append((label, [*bp, *args], needs, extra, floor))
    times: dict[str, list[float]] = {}
    for _ in range(repeat + 1):  # the first round warms the caches and is dropped
        for label, command, _, _, floor in plans:
            for key, argv in ((label, command), ("floor " + label, floor)):
                seconds, _, code = run_measured(argv, env)
                if code:  # an error's start-up is not the command's
                    raise RuntimeError(f"{' '.join(argv)} exited {code}")
                times.setdefault(key, []).append(seconds)
    rows = []
    for label, _, needs, extra, _ in plans:
        ours, floor = (sorted(times[k][1:])[repeat // 2] for k in (label, "floor " + label))
        rows.append({"command": label, "seconds": ours, "floor": floor, "imports": needs, "beyond": extra})
        print(f"  cold {label:<22} {ours * 1000:7.1f} ms, floor {floor * 1000:7.1f} ms", file=sys.stderr)
    return rows


def cold_lines(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    lines = ["Cold start per subcommand against its import floor (python -c \"import <the modules it needs>\"), medians",
             f"  {'bpcalc ...':<22} {'ms':>7} {'floor ms':>9} {'ratio':>6}  floor imports"]
    for row in rows:
        ratio = row["seconds"] / row["floor"]
        mark = "" if ratio <= COLD_TARGET else f"  MISSES <= {COLD_TARGET}x"
        beyond = f"; also loads {', '.join(row['beyond'])}" if row.get("beyond") else ""
        lines.append(f"  {row['command']:<22} {row['seconds'] * 1000:7.1f} {row['floor'] * 1000:9.1f} {ratio:5.2f}x  "
                     f"{', '.join(row['imports'])}{beyond}{mark}")
    return lines


# ---------------------------------------------------------------------------------------------
# grade --jobs: a generated class, one process against every core


def grade_speedup(bp: list[str], env: dict[str, str], copies: int) -> dict[str, Any]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        klass = Path(folder) / "class"
        klass.mkdir()
        sources = sorted((ROOT / "examples" / "homework" / "submissions").iterdir())
        for k in range(copies):
            for source in sources:
                shutil.copy(source, klass / f"{k:04d}-{source.name}")
        problems = str(ROOT / "examples" / "homework" / "problems.toml")
        found: dict[int, list[float]] = {1: [], cores: []}
        outputs: dict[int, bytes] = {}
        for _ in range(3):
            for jobs in found:
                csv = Path(folder) / f"scores{jobs}.csv"
                seconds = run_measured([*bp, "grade", problems, str(klass), "--jobs", str(jobs), "--csv", str(csv)], env)[0]
                found[jobs].append(seconds)
                outputs[jobs] = csv.read_bytes()
    serial, parallel = (sorted(v)[1] for v in found.values())
    row = {"files": copies * len(sources), "cores": cores, "serial": serial, "parallel": parallel,
           "identical": outputs[1] == outputs[cores]}
    print(f"  grade {row['files']} files: --jobs 1 {serial:.2f} s, --jobs {cores} {parallel:.2f} s", file=sys.stderr)
    return row


def grade_lines(row: dict[str, Any] | None) -> list[str]:
    if not row:
        return []
    return ["grade --jobs: the shipped submissions copied into a class, --csv written (median of 3)",
            f"  {row['files']} files: --jobs 1 {row['serial']:.2f} s, --jobs {row['cores']} {row['parallel']:.2f} s: "
            f"speed-up {row['serial'] / row['parallel']:.2f}x on {row['cores']} cores; CSV "
            f"{'byte-identical' if row['identical'] else 'DIFFERS'}"]


# ---------------------------------------------------------------------------------------------
# 10^6 nodes (--million): past the default source limit, so every command gets --max-source.
# Peak memory is counted above the same command's peak on a one-node program (the interpreter
# and its imports), per node of the graph.

MILLION_SOURCE = "10M"  # the recurrence below is 7.2 million characters
MILLION_COMMANDS: dict[str, list[str]] = {
    "eval --no-check": ["eval", "--no-check"],
    "eval --json --no-check": ["eval", "--json", "--no-check"],
    "eval --json (checked)": ["eval", "--json"],
    "explain": ["explain"],
}


def wide_sum_text(terms: int) -> str:
    """tanh(x*1) + tanh(x*2) + ...: one input feeding every term (a fan-out of n), 4 nodes a term."""
    return " + ".join(f"tanh(x*{k % 7 + 1})" for k in range(terms))


def million(bp: list[str], env: dict[str, str], nodes: int = 1_000_000) -> list[dict[str, Any]]:
    programs = {
        "recurrence": (recurrence_text(nodes // 3), RECURRENCE_VALUES),
        "wide sum": (wide_sum_text(nodes // 4), ["--x=0.3"]),
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.bp"
        tiny.write_text("x * 2", encoding="utf-8")
        floors = {label: run_measured([*bp, *args, "-f", str(tiny), "--x=0.3"], env)[1]
                  for label, args in MILLION_COMMANDS.items()}
        for name, (text, values) in programs.items():
            path = Path(folder) / f"{name.replace(' ', '_')}.bp"
            path.write_text(text, encoding="utf-8")
            count = _node_count(text, values, env)
            for label, args in MILLION_COMMANDS.items():
                seconds, peak_kb, code = run_measured(
                    [*bp, *args, "-f", str(path), *values, "--max-source", MILLION_SOURCE], env)
                above = max(peak_kb - floors[label], 0) * 1024
                rows.append({"program": name, "command": label, "nodes": count, "chars": len(text),
                             "seconds": seconds, "peak_kb": peak_kb, "floor_kb": floors[label],
                             "bytes_per_node": above / count, "exit": code})
                print(f"  {name:<10} {label:<24} {seconds:7.1f} s {peak_kb / 1024:7.1f} MiB (exit {code})",
                      file=sys.stderr)
    return rows


def _node_count(text: str, values: list[str], env: dict[str, str]) -> int:
    """The graph's node count, from a child process (this one stays small)."""
    names = dict(pair[2:].split("=") for pair in values)
    script = ("import sys, json, bpcalc; from bpcalc.language.lexer import source_limit\n"
              "with source_limit(10**8):\n"
              "    g = bpcalc.evaluate(sys.stdin.read(), {k: float(v) for k, v in json.loads(sys.argv[1]).items()},"
              " check=False).trace.graph\n"
              "print(len(g.ops))")
    import json

    done = subprocess.run([sys.executable, "-c", script, json.dumps(names)], input=text, env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def million_lines(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return []
    lines = [f"10^6 nodes (--million): each command with --max-source {MILLION_SOURCE}; peak memory above the same "
             "command on a one-node program, per node",
             f"  {'program':<11} {'nodes':>9} {'chars':>9} {'command':<24} {'seconds':>8} {'peak MiB':>9} "
             f"{'floor MiB':>9} {'B/node':>7}"]
    for row in rows:
        verdict = ""
        if row["command"] == "eval --json (checked)":
            ok = row["bytes_per_node"] <= BYTES_PER_NODE_TARGET
            verdict = f"  {'meets' if ok else 'MISSES'} <= {BYTES_PER_NODE_TARGET} B/node"
        if row["exit"] != 0:
            verdict += f"  (exit {row['exit']})"
        lines.append(f"  {row['program']:<11} {row['nodes']:>9,} {row['chars']:>9,} {row['command']:<24} "
                     f"{row['seconds']:8.1f} {row['peak_kb'] / 1024:9.1f} {row['floor_kb'] / 1024:9.1f} "
                     f"{row['bytes_per_node']:7.0f}{verdict}")
    return lines
