"""Python names for the nodes of generated code: the user's names where Python allows them.

The rule (documented in README): an ASCII name that is no Python keyword, soft keyword or
builtin is kept as written; a keyword or builtin gets a trailing underscore (`lambda` ->
`lambda_`, `sum` -> `sum_`); a non-ASCII letter is spelled by the last word of its Unicode name
(`α` -> `alpha`, `가` -> `ga`), since Python folds some distinct letters into one (NFKC) and
linters flag look-alikes; unnamed nodes take their id (`n3`). A spelling already taken gets `_2`,
`_3`, ... Gradients are `d` + the value's name, kept distinct the same way.
"""

from __future__ import annotations

import builtins
import keyword
import unicodedata

# Names the generated file defines or imports itself.
RESERVED = frozenset({"math", "np", "forward_backward", "compare", "check_gradients", "numeric_gradient", "relative_error",
                      "INPUTS", "value", "grads", "name", "grad", "mine", "self", "dout", "out"})


def safe_spelling(name: str) -> str:
    """The name as a plain ASCII Python identifier (before clashes are resolved)."""
    if not name.isascii():
        parts: list[str] = []
        for char in name:
            if char.isascii():
                parts.append(char if char.isalnum() or char == "_" else "_")
                continue
            words = unicodedata.name(char, "").split()
            parts.append(f"_{words[-1].lower()}_" if words and words[-1].isalnum() else f"_u{ord(char):04x}_")
        name = "".join(parts).strip("_") or "v"
        while "__" in name:
            name = name.replace("__", "_")
        if name[0].isdigit():
            name = f"v{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name):
        name += "_"
    return name


class Names:
    """Hands out distinct identifiers: each request gets its spelling, or that plus _2, _3, ..."""

    def __init__(self, reserved: frozenset[str] = RESERVED) -> None:
        self.taken: set[str] = set(reserved)

    def reserve(self, name: str) -> None:
        self.taken.add(name)

    def claim(self, wanted: str) -> str:
        base = safe_spelling(wanted)
        name, count = base, 1
        while name in self.taken:
            count += 1
            name = f"{base}_{count}"
        self.taken.add(name)
        return name
