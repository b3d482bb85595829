"""Write a folder of mixed submissions for examples/homework/problems.toml (used by the tests).

    python examples/homework/make_submissions.py OUT_FOLDER [COUNT]

The right answers are the lecture's published numbers, typed in by hand (not computed by
bpcalc), so grading these files checks bpcalc against an independent reference. Each file
has a known kind and a known total score (out of 36: 6 + 11 + 3 + 8 answers x 2 points).
"""

from __future__ import annotations

import sys
from pathlib import Path

RIGHT: dict[str, dict[str, str]] = {
    "circuit": {"q": "3", "f": "-12", "df/dq": "-4", "df/dz": "3", "df/dx": "-4", "df/dy": "-4"},
    "gates": {"a": "-12", "m": "2", "s": "-10", "f": "-20", "df/ds": "2", "df/dm": "2", "df/da": "2",
              "df/dw": "0", "df/dz": "2", "df/dy": "6", "df/dx": "-8"},
    "copy": {"f": "-9", "df/dy": "3", "df/dx": "-3"},
    "neuron": {"z": "1", "f": "0.7311", "df/dz": "0.1966", "df/dw2": "0.1966", "df/dx1": "-0.5898",
               "df/dw1": "-0.3932", "df/dx0": "0.3932", "df/dw0": "-0.1966"},
}

# kind -> (changes per problem, expected total score); None as a score: the file is not graded.
KINDS: dict[str, tuple[dict[str, dict[str, str]], float | None]] = {
    "right": ({}, 36.0),
    "exact_forms": ({"neuron": {"f": "1/(1+e^-1)"}, "circuit": {"df/dq": "-8/2"}}, 36.0),
    "sign_carried": ({"circuit": {"df/dq": "4", "df/dx": "4", "df/dy": "4"}}, 34.0),
    "mul_not_swapped": ({"gates": {"df/dx": "6"}}, 35.0),
    "fanout_missing": ({"copy": {"df/dx": "-4"}}, 35.0),
    "sigmoid_local_carried": ({"neuron": {"df/dz": "0.2689", "df/dw2": "0.2689", "df/dx1": "-0.8067",
                                          "df/dw1": "-0.5378", "df/dx0": "0.5378", "df/dw0": "-0.2689"}}, 29.0),
    "max_misrouted": ({"gates": {"df/dz": "0", "df/dw": "2"}}, 34.0),
    "blank_answers": ({"circuit": {"df/dx": "", "df/dy": ""}}, 34.0),
    "unreadable_answer": ({"circuit": {"q": "3x"}}, 35.0),
    "too_few_figures": ({"neuron": {"f": "0.7"}}, 34.0),
}
BROKEN = {
    "toml_syntax_error": 'student = "Broken"\n[circuit]\nq = 3 3\n',
    "not_a_table": 'circuit = "3"\n',
    "empty_file": "",
}


def submission_text(student: str, changes: dict[str, dict[str, str]]) -> str:
    lines = [f'student = "{student}"']
    for problem, answers in RIGHT.items():
        lines.append(f"\n[{problem}]")
        for key, value in {**answers, **changes.get(problem, {})}.items():
            lines.append(f'"{key}" = "{value}"')
    return "\n".join(lines) + "\n"


def write_submissions(folder: Path, count: int = 60) -> dict[str, tuple[str, float | None]]:
    """Write `count` files into folder; returns file name -> (kind, expected total or None)."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [*KINDS, *BROKEN, "not_toml"]
    expected: dict[str, tuple[str, float | None]] = {}
    for n in range(count):
        kind = kinds[n % len(kinds)]
        student = f"Student {n + 1:03d}"
        name = f"student{n + 1:03d}.toml"
        if kind in KINDS:
            changes, score = KINDS[kind]
            text = submission_text(student, changes)
        elif kind in BROKEN:
            text, score = BROKEN[kind], None
        else:
            name, text, score = f"student{n + 1:03d}.pdf", "%PDF-1.4 not a TOML file\n", None
        (folder / name).write_text(text, encoding="utf-8")
        expected[name] = (kind, score)
    return expected


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python examples/homework/make_submissions.py OUT_FOLDER [COUNT]")
    made = write_submissions(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 60)
    print(f"wrote {len(made)} submissions to {sys.argv[1]}")
