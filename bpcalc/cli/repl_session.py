"""The REPL's interpreter, without a terminal: lines in, text out.

A session holds a program (its assignments in the order typed, and one output expression)
and the values of its inputs. Each line either changes one of them, after which the program
is evaluated again and its table shown, or is a `:command`. A line that fails leaves the
session as it was and shows the same caret message the commands show. prompt_toolkit lives in
repl.py; this module never imports it, so every behaviour here is tested with plain strings.

`ans` is the last output value. A statement that mentions it takes the value it had when the
statement was typed (later re-evaluations do not feed the output back into itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from bpcalc.cli.repl_lines import (
    ASSIGNMENT,
    COMMANDS,
    WORD,
    command_name,
    literal_value,
    program_text,
    split_statements,
    typed_value,
    unfinished,
)
from bpcalc.errors import BpcalcError, UsageError

if TYPE_CHECKING:
    from bpcalc.api import Result

HELP = """\
Type a program a line at a time; after each change the table is shown again.
  (x + y) * z         the output expression (a new one replaces it)
  q = x + y           a named step (typing q = ... again replaces it)
  let x = 3           an input's value (also x = 3, or :set x=3 y=-4)
  ans                 the last output value, fixed when the line using it is typed
Commands:
  :explain            the forward and backward pass, step by step
  :graph [-o FILE]    the graph as a tree, or into FILE (.svg .png .dot .mmd .html .txt)
  :json               the result as JSON
  :code [modular]     the backprop code for the program (as bpcalc code writes it)
  :check KEY=ANSWER…  check hand-worked answers (q=3 df/dq=-4 dx=-4)
  :step LR [NAMES]    one gradient-descent step on NAMES (comma-separated; default: the last
                      :step's names, else every input)
  :values             the inputs and their values
  :program            the program as it stands
  :reset              forget the program and the values
  :help               this text
  :quit               leave (Ctrl-D too)
A line ending in an operator, a comma or an open bracket continues on the next line."""




@dataclass
class Session:
    """out: where tables and messages go; err: where error messages go (the same stream on a
    terminal, stderr for a script). console: a rich console for the terminal, or None for
    plain text. check: cross-check every evaluation (the table's check column)."""

    out: TextIO
    err: TextIO
    console: Any = None
    check: bool = True
    precision: int = 6
    steps: list[tuple[str, str]] = field(default_factory=list)  # (assigned name, statement)
    output: str | None = None  # the bare expression, the program's last statement
    values: dict[str, Any] = field(default_factory=dict)
    result: Result | None = None
    ans: Any = None
    pending: list[str] = field(default_factory=list)  # lines of an unfinished statement
    trained: list[str] = field(default_factory=list)  # the names the last :step moved
    errors: int = 0
    failed_checks: int = 0
    done: bool = False

    # --- input -----------------------------------------------------------------------------
    def feed(self, line: str) -> None:
        """One line as typed; an unfinished statement waits for the next line."""
        self.pending.append(line)
        text = "\n".join(self.pending)
        if not text.lstrip().startswith(":") and unfinished(text):
            return
        self.pending = []
        if text.strip():
            self.execute(text)

    def execute(self, text: str) -> None:
        try:
            if text.lstrip().startswith(":"):
                self.command(text.strip())
            else:
                self.statements(text)
        except BpcalcError as error:
            self.errors += 1
            from bpcalc.teach.catalogue import translate_lines  # in the language of --lang or LANG

            self.err.write(translate_lines(error.render()) + "\n")
        except Exception as error:  # a bug of ours must not end the student's session
            self.errors += 1
            self.err.write(f"internal error (a bug in bpcalc, please report it): {type(error).__name__}: {error}\n")

    # --- statements ------------------------------------------------------------------------
    def statements(self, text: str) -> None:
        from bpcalc.language.parser import parse

        steps, output, values = list(self.steps), self.output, dict(self.values)
        uses_ans = False
        for statement in split_statements(text):
            match = ASSIGNMENT.match(statement)
            literal = None
            if match is not None and match.group(3) is None and not match.group(1) and match.group(2) not in dict(steps):
                literal = literal_value(match.group(4), match.group(2))  # x = 3 is a value, as in bpcalc eval
            if match is not None and (match.group(1) or literal is not None):
                name = match.group(2)
                values[name] = literal if literal is not None else typed_value(match.group(4), name, statement)
                continue
            parse(statement)  # a syntax error is shown against the line as typed
            uses_ans = uses_ans or "ans" in WORD.findall(statement)
            if match is not None:
                name = match.group(2)
                if name in dict(steps):  # replaced where it stood, so later steps still follow it
                    steps = [(n, statement.strip() if n == name else t) for n, t in steps]
                else:
                    steps.append((name, statement.strip()))
            else:
                output = statement.strip()
        if uses_ans:
            if self.ans is None:
                raise UsageError("ans is the last output value, and there is none yet",
                                 hint="type an expression first, e.g. (x + y) * z")
            values["ans"] = self.ans
        self.show(steps, output, values)

    def show(self, steps: list[tuple[str, str]], output: str | None, values: dict[str, Any]) -> None:
        """Evaluate the program that would result; only when that works does the session change."""
        source = program_text(steps, output)
        result = self.evaluate(source, values) if source else None
        changed = [name for name, value in values.items() if self.values.get(name) is not value]
        self.steps, self.output, self.values, self.result = steps, output, values, result
        if result is None:
            if not source:
                self.write_values(changed)  # values before any program: say what was set
            return
        self.ans = result.value
        self.write_table(result)

    def evaluate(self, source: str, values: dict[str, Any]) -> Result | None:
        """The result, or None (with a note) while some input has no value yet."""
        from bpcalc.api import evaluate
        from bpcalc.language.parser import parse

        program = parse(source)
        inputs = program.graph.variables
        missing = [name for name in inputs if name not in values and name not in program.values]
        if missing:
            self.out.write(_say(f"needs a value for {', '.join(missing)}: let {missing[0]} = ...") + "\n")
            return None
        used = {name: value for name, value in values.items() if name in inputs}
        return evaluate(source, used, check=self.check)

    # --- commands --------------------------------------------------------------------------
    def command(self, text: str) -> None:
        word, _, rest = text.partition(" ")
        name = command_name(word)
        rest = rest.strip()
        if name == ":quit":
            self.done = True
        elif name == ":help":
            self.out.write(_say(HELP) + "\n")
        elif name == ":reset":
            self.steps, self.output, self.values, self.result, self.ans, self.trained = [], None, {}, None, None, []
            self.out.write(_say("the program and the values are forgotten") + "\n")
        elif name == ":values":
            self.write_values()
        elif name == ":program":
            self.out.write((program_text(self.steps, self.output) or "(no program yet)") + "\n")
        elif name == ":set":
            self.set_values(rest)
        else:
            result = self.current()
            if name == ":explain":
                self.explain(result)
            elif name == ":graph":
                self.graph(result, rest)
            elif name == ":json":
                from bpcalc.render.json_doc import document, dumps

                self.out.write(dumps(document(result)) + "\n")
            elif name == ":check":
                self.check_answers(result, rest)
            elif name == ":code":
                self.code(result, rest)
            else:
                self.step(result, rest)

    def code(self, result: Result, rest: str) -> None:
        from bpcalc.render.code import STYLES, render_code

        style = rest.strip() or "flat"
        if style not in STYLES:
            raise UsageError(f"no code style {style!r}", hint=f"the styles are {', '.join(STYLES)}")
        self.out.write(render_code(result, style=style))

    def current(self) -> Result:
        if self.result is None:
            raise UsageError("there is nothing to show yet", hint="type an expression, e.g. (x + y) * z, and its values")
        return self.result

    def set_values(self, rest: str) -> None:
        pairs = rest.split()
        if not pairs:
            raise UsageError(":set needs NAME=VALUE", hint=":set x=3 y=-4")
        values = dict(self.values)
        for pair in pairs:
            name, eq, text = pair.partition("=")
            if not eq or not name.isidentifier():
                raise UsageError(f":set {pair}: expected NAME=VALUE", hint=":set x=3 y=-4")
            values[name] = typed_value(text, name, pair)
        self.show(self.steps, self.output, values)

    def explain(self, result: Result) -> None:
        from bpcalc.teach.explanation import explain

        explanation = explain(result.program.graph.source, result.values, precision=self.precision)
        if self.console is not None:
            from bpcalc.render.explain_text import render_explanation

            render_explanation(explanation, self.console)
        else:
            from bpcalc.render.explain_text import explanation_text

            self.out.write(explanation_text(explanation).rstrip("\n") + "\n")

    def graph(self, result: Result, rest: str) -> None:
        from bpcalc.cli.graph_cmd import choose_format, render

        words = rest.split()
        output = None
        if words:
            if words[0] not in ("-o", "--output") or len(words) != 2:
                raise UsageError(f":graph {rest}: expected nothing or -o FILE", hint=":graph -o graph.svg")
            output = words[1]
        fmt = choose_format(None, output)
        if fmt == "tree" and output is None:
            from rich.console import Console

            from bpcalc.render.tree import render_tree

            console = self.console or Console(file=self.out, width=200, no_color=True, highlight=False, emoji=False)
            render_tree(result, console, 4)
            return
        data = _tree_text(result) if fmt == "tree" else render(result, fmt, 4, "auto")
        try:
            if isinstance(data, bytes):
                with open(str(output), "wb") as binary:
                    binary.write(data)
            else:
                with open(str(output), "w", encoding="utf-8") as text:
                    text.write(data)
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
        self.out.write(_say(f"wrote {output}") + "\n")

    def check_answers(self, result: Result, rest: str) -> None:
        from bpcalc.homework.grading import grade_problem
        from bpcalc.homework.notation import Tolerance
        from bpcalc.homework.problems import Problem, Scoring
        from bpcalc.homework.report import render_text

        answers: dict[str, str] = {}
        for item in rest.split():
            key, eq, value = item.partition("=")
            if not eq or not key:
                raise UsageError(f":check {item}: expected KEY=ANSWER", hint=":check q=3 df/dq=-4 dx=-4")
            answers[key] = value
        if not answers:
            raise UsageError(":check needs answers", hint=":check q=3 df/dq=-4 dx=-4")
        problem = Problem("answers", "answers", result.program.graph.source, dict(result.values), [], 1.0)
        graded = grade_problem(problem, result, answers, Scoring(), Tolerance(None, None), strict=True,
                               fill_missing=False)
        if not graded.marking.all_right:
            self.failed_checks += 1
        self.out.write(render_text(graded) + "\n")

    def step(self, result: Result, rest: str) -> None:
        """One plain gradient-descent step, each parameter's update shown, then the new table."""
        from bpcalc.base.numbers import format_number
        from bpcalc.teach.train import Optimizer, Settings, check_params, scalar_loss

        words = rest.split()
        if not words or len(words) > 2:
            raise UsageError(":step needs a learning rate", hint=":step 0.1, or :step 0.1 w0,w1 for some inputs only")
        try:
            lr = float(words[0])
        except ValueError:
            raise UsageError(f":step {words[0]}: the learning rate is a number", hint=":step 0.1") from None
        default = self.trained or [name for name in result.trace.graph.variables if name != "ans"]
        names = check_params(result, words[1].split(",") if len(words) > 1 else default,
                             f":step {rest}" if len(words) > 1 else None)
        loss = scalar_loss(result)
        current = {name: result.values[name] for name in names}
        grads = result.gradients
        moved = Optimizer(Settings(lr)).update(current, grads)
        values = {**self.values, **moved}
        digits = self.precision
        self.show(self.steps, self.output, values)
        self.trained = names
        for name in names:
            self.out.write(f"{name}: {format_number(current[name], digits)} → {format_number(moved[name], digits)}"
                           f"  (−{format_number(lr, digits)} × dL/d{name} = −{format_number(lr, digits)} × "
                           f"{format_number(grads[name], digits)})\n")
        if self.result is not None:
            graph = self.result.trace.graph
            self.out.write(f"output {graph.label(graph.output)}: {format_number(loss, digits)} → "
                           f"{format_number(scalar_loss(self.result), digits)}\n")

    # --- output ----------------------------------------------------------------------------
    def write_table(self, result: Result) -> None:
        from bpcalc.render.table import render_table
        from bpcalc.teach.catalogue import translate  # in the language of --lang or LANG

        for warning in result.warnings:
            self.err.write(translate(f"warning: {warning}") + "\n")
        render_table(result, self.console, precision=self.precision, out=self.out)
        if result.check is not None and not result.check.passed:
            self.failed_checks += 1

    def write_values(self, names: list[str] | None = None) -> None:
        from bpcalc.base.numbers import format_number

        if not self.values:
            self.out.write(_say("no values yet: let x = 3") + "\n")
        for name, value in self.values.items():
            if names is not None and name not in names:
                continue
            self.out.write(f"{name} = {format_number(value, self.precision)}\n")

    # --- completion ------------------------------------------------------------------------
    def words(self) -> list[str]:
        """What Tab may complete: functions (from the registry), constants, names, commands."""
        from bpcalc.ops import CONSTANTS, FUNCTIONS, REDUCTIONS

        names = [name for name, _ in self.steps] + list(self.values)
        if self.result is not None:
            names += list(self.result.trace.graph.variables)
        return sorted({*FUNCTIONS, *REDUCTIONS, *CONSTANTS, *names, "ans", "let", *COMMANDS})


def _tree_text(result: Result) -> str:
    import io

    from rich.console import Console

    from bpcalc.render.tree import render_tree

    buffer = io.StringIO()
    render_tree(result, Console(file=buffer, width=200, no_color=True, highlight=False, emoji=False), 4)
    return buffer.getvalue()


def run_script(lines: Callable[[], str | None], session: Session) -> int:
    """Every line from `lines` (None at the end) through the session; the exit status:
    2 if any line was an error, 1 if a check failed, else 0."""
    while not session.done:
        line = lines()
        if line is None:
            break
        session.feed(line.rstrip("\n"))
    if session.pending:
        session.pending.append("")
        session.execute("\n".join(session.pending))
        session.pending = []
    return 2 if session.errors else 1 if session.failed_checks else 0


def _say(text: str) -> str:
    """A line of the session in the language of --lang or LANG (the catalogue)."""
    from bpcalc.teach.catalogue import translate

    return translate(text)
