"""Fuzz targets shared by tests/test_fuzz.py (short) and fuzz/run.py (long).

A target passes when bpcalc answers or raises BpcalcError; anything else (another exception,
a traceback from the CLI, an exit code other than 0/1/2) is a finding.
"""

from __future__ import annotations

from hypothesis import strategies as st

from bpcalc.errors import BpcalcError

# The characters the language uses, its look-alikes, and a few that must be refused.
ALPHABET = "xyzw019.e+-*/^()[],=;#\n\t σπ²³⁻×÷·−√αΑх_ maxlogexpsqrt😀\x00\u202e"
WORDS = ["x", "y", "2", "0", "1e308", "1e-400", "9", "pi", "e", "exp(", "log(", "sqrt(", "max(", "relu(", "abs(",
         "sigmoid(", "tan(", "(", ")", "+", "-", "*", "/", "^", "**", ",", "=", ";", "\n", "q", " ", "²", "−"]


def programs_text() -> st.SearchStrategy[str]:
    """Token soup from the language's own words: near-valid programs reach deep code paths."""
    return st.lists(st.sampled_from(WORDS), max_size=25).map("".join)


def fuzz_pipeline(text: str) -> None:
    """Parse and evaluate with every variable set to 0.7: an answer or a BpcalcError."""
    from bpcalc.api import evaluate
    from bpcalc.language.parser import parse

    try:
        program = parse(text)
        values = {name: 0.7 for name in program.graph.variables if name not in program.values}
        evaluate(text, values, check=len(program.graph.ops) <= 12)
    except BpcalcError as error:
        error.render()  # rendering the message must not fail either
        error.to_dict()


def fuzz_cli(data: bytes) -> None:
    """Random bytes as a program file through `bpcalc eval -f`: exit 0, 1 or 2, no traceback."""
    import tempfile
    from pathlib import Path

    from click.testing import CliRunner

    from bpcalc.cli import cli

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.bp"
        path.write_bytes(data)
        result = CliRunner().invoke(cli, ["eval", "--no-check", "-f", str(path)])
    assert result.exit_code in (0, 1, 2), (data, result.output, result.exception)
    assert result.exit_code == 0 or not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), (data, repr(result.exception))
    assert "Traceback" not in result.output
