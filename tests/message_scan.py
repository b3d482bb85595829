"""Reads, from a module's source, every message it can show a user, as the catalogue keys it.

tests/test_messages_ko.py checks each one against the Korean table. A message is found where it
is made, in any of the ways the package makes them:

- the message and hint of an error's constructor (BpcalcError and its subclasses, including
  the ones a module defines for itself, e.g. ExactLimitError);
- the message argument of a function that builds an error (engine.failures.node_error and
  the like: BUILDERS);
- in ops/, the text of a ValueError a forward rule raises, and what a `*_check` / `*_domain`
  function returns: the engine puts these into a node's error;
- in the diagnosis (homework/diagnose.py), the message of every verdict: the third item of a
  returned (status, code, message, sources) tuple and the message argument of `verdict(...)`;
- the slip texts of the registry's `Slip(code, text, rule)` rows;
- what a `*_problem` function returns (a text, or a (message, hint) pair), a `*_hint`
  function's text, and `show(token)`'s ("the name 'x'"), which messages quote;
- in the layers below teach/, the sentences of constant tables (`_WRITE_INSTEAD`), which
  messages quote;
- the notes a check or a grading run prints: `notes.append(text)` (and a check's `methods`
  and `skipped` lists), and a submission's
  `StudentResult(..., error=text)` (the grade table shows both).

A message may be a literal, an f-string (each field becomes {name}), `a + b`, `x if c else y`,
or a local variable: the scan then follows the variable's assignments (and `+=`) in the same
function. Placeholders are compared by position only (`{}`), so the names the Korean table
chose need not be the names of the code's expressions.
"""

from __future__ import annotations

import ast
import re
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ERRORS = {"BpcalcError", "ParseError", "UnknownNameError", "ValueInputError", "DomainError", "ShapeError",
          "UsageError", "MemoryBudgetError", "SymbolicLimitError", "ExactLimitError", "ExactArrayLimitError"}
# name -> the positions of its message arguments
BUILDERS = {"node_error": (2,), "node_shape_error": (2,), "_error": (0,), "verdict": (2,), "Verdict": (7,),
            "Slip": (1,), "_unknown": (2,), "read_text": (1,)}
# Messages the scan cannot read where they are raised, each with where its text is read instead.
UNREADABLE = {
    "bpcalc/base/textfile.py": "hint: the callers' read_text(..., hint=...) (BUILDERS)",
    "bpcalc/homework/grading.py": "error.hint: another error's hint, read where that error is made",
    "bpcalc/language/careful.py": "message, hint: lexer._representation_problem's (message, hint), read as *_problem",
    "bpcalc/language/methods.py": "message: the callers' _unknown(reader, pos, message) (BUILDERS)",
    "bpcalc/render/png.py": "install_hint(): its text is read as a *_hint function's return",
    "bpcalc/language/spellings.py": "message, hint: a (message, hint) pair of the _MODULE_DIFFERS table",
}
_OPS_ERRORS = {"ValueError", "OverflowError", "ZeroDivisionError"}
_VERDICT_STATUSES = {"WRONG", "CARRIED", "RIGHT"}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def shape(template: str) -> str:
    """A template with its placeholders unnamed: what two spellings of one message share."""
    return _PLACEHOLDER.sub("{}", template)


class _Scope:
    """The string values assigned to each local name of one function (or the module)."""

    def __init__(self, body: ast.AST, parent: _Scope | None = None) -> None:
        self.parent = parent  # the module, for constants such as _HINT
        self.assigned: dict[str, list[ast.expr]] = {}
        self.appended: dict[str, list[ast.expr]] = {}
        for node in ast.walk(body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
                self.appended.setdefault(node.target.id, []).append(node.value)


def _field(node: ast.expr) -> str:
    return "{" + (re.sub(r"\W+", "_", ast.unparse(node)).strip("_") or "value") + "}"


def templates(node: ast.expr, scope: _Scope, depth: int = 0, pieces: list[str] | None = None,
              visiting: frozenset[str] = frozenset()) -> list[str]:
    """Every text `node` can evaluate to, with its computed parts as {placeholders}; the text
    a local variable named in an f-string field holds goes to `pieces` (the catalogue
    translates a filled-in part on its own: {where} = "node n3 (log)")."""
    if depth > 6:
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        choices: list[list[str]] = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                choices.append([str(part.value)])
                continue
            assert isinstance(part, ast.FormattedValue)
            inline = templates(part.value, scope, depth + 1, pieces, visiting) \
                if isinstance(part.value, ast.IfExp | ast.JoinedStr | ast.Constant) else []
            choices.append(inline or [_field(part.value)])  # f"{'only' if k else 'last'}": both texts
            if pieces is not None and isinstance(part.value, ast.Name):
                pieces.extend(t for t in templates(part.value, scope, depth + 1, pieces, visiting) if " " in t.strip())
        return ["".join(parts) for parts in product(*choices)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = templates(node.left, scope, depth + 1, pieces, visiting) or [_field(node.left)]
        right = templates(node.right, scope, depth + 1, pieces, visiting) or [_field(node.right)]
        return [a + b for a, b in product(left, right)]
    if isinstance(node, ast.IfExp):
        return (templates(node.body, scope, depth + 1, pieces, visiting)
                + templates(node.orelse, scope, depth + 1, pieces, visiting))
    if isinstance(node, ast.Name):
        if node.id in visiting:
            return []  # `hint = "..." + hint`: the earlier value is a part of its own, {hint}
        if node.id not in scope.assigned and scope.parent is not None:
            return templates(node, scope.parent, depth + 1, pieces, visiting)
        inner = visiting | {node.id}
        found: list[str] = []
        for value in scope.assigned.get(node.id, []):
            found.extend(templates(value, scope, depth + 1, pieces, inner))
        for value in scope.appended.get(node.id, []):
            found.extend(base + extra for base in list(found) for extra in templates(value, scope, depth + 1, pieces, inner))
        return found
    return []


def _names_notes(func: ast.expr) -> bool:
    """`notes.append`, `out.notes.append`, `skipped.append`: a list of notes shown to the user."""
    owner = getattr(func, "value", None)
    return getattr(owner, "id", getattr(owner, "attr", None)) in ("notes", "skipped", "methods")


def _is_message_call(name: str | None, classes: set[str], in_ops: bool) -> bool:
    return name in classes or (in_ops and name in _OPS_ERRORS)


def messages(path: str) -> list[str]:
    """The user-facing messages of the module at `path` (relative to the repository root)."""
    tree = ast.parse((ROOT / path).read_text())
    classes = set(ERRORS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(getattr(b, "id", None) in classes for b in node.bases):
            classes.add(node.name)
    in_ops = path.startswith("bpcalc/ops/")
    found: list[str] = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.Lambda)]
    module = _Scope(tree)
    module.assigned = {k: v for k, v in module.assigned.items() if k.isupper() or k.startswith("_")}  # constants
    scopes = [(tree, module)] + [(f, _Scope(f, module)) for f in functions if isinstance(f, ast.FunctionDef)]
    owner: dict[int, _Scope] = {}
    for body, scope in scopes:  # innermost function last, so it wins
        for node in ast.walk(body):
            owner[id(node)] = scope
    for node in ast.walk(tree):
        scope = owner[id(node)]
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            arguments: list[ast.expr] = []
            if _is_message_call(name, classes, in_ops):
                arguments = [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("message", "hint"))]
            elif name in BUILDERS:
                arguments = [node.args[i] for i in BUILDERS[name] if i < len(node.args)]
                arguments += [k.value for k in node.keywords if k.arg in ("message", "problem", "text")]
            elif name == "StudentResult":
                arguments = [k.value for k in node.keywords if k.arg == "error"]
            elif name == "append" and _names_notes(node.func):
                arguments = node.args[:1]
            for argument in arguments:
                found.extend(templates(argument, scope, pieces=found))
        elif isinstance(node, ast.Tuple) and len(node.elts) == 4 and getattr(node.elts[0], "id", None) in _VERDICT_STATUSES:
            found.extend(templates(node.elts[2], scope, pieces=found))
        elif isinstance(node, ast.FunctionDef) and (node.name.endswith(("_problem", "_hint")) or node.name == "show"
                                                     or (in_ops and node.name.endswith(("_check", "_domain")))):
            for ret in ast.walk(node):  # a problem's text, or a (message, hint) pair
                if isinstance(ret, ast.Return) and ret.value is not None:
                    values = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
                    for value in values:
                        found.extend(templates(value, owner[id(ret)], pieces=found))
    if path.startswith(_TABLE_LAYERS):
        found.extend(_table_texts(tree))
    return [m for m in dict.fromkeys(found) if _has_words(m)]  # "{where}" alone is no message


_TABLE_LAYERS = ("bpcalc/language/", "bpcalc/engine/", "bpcalc/checks/", "bpcalc/homework/", "bpcalc/ops/")


def _table_texts(tree: ast.Module) -> list[str]:
    """The sentences of a module's constant tables (`_WRITE_INSTEAD = {"square": "write x^2 ..."}`),
    which messages quote: values of three words or more, or (message, hint) pairs; no code."""
    found = []
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(value, ast.Dict):
            continue
        for item in value.values:
            for element in item.elts if isinstance(item, ast.Tuple) else [item]:
                text = element.value if isinstance(element, ast.Constant) else None
                if isinstance(text, str) and len(text.split()) >= 3 and "\n" not in text:
                    found.append(text)
    return found


def _has_words(template: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", _PLACEHOLDER.sub("", template)))


def unreadable(path: str) -> list[str]:
    """Message arguments of error constructors the scan cannot turn into a template."""
    tree = ast.parse((ROOT / path).read_text())
    module = _Scope(tree)
    scopes = {id(n): _Scope(n, module) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    out = []
    for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        scope = scopes[id(function)]
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ERRORS:
                for argument in [*node.args[:1], *(k.value for k in node.keywords if k.arg == "hint")]:
                    if not templates(argument, scope):
                        out.append(f"{path}:{node.lineno}: {ast.unparse(argument)}")
    return out
