"""`bpcalc ops`: the registry itself, so the docs cannot drift from the code."""

from __future__ import annotations

import click

from bpcalc.ops import REGISTRY, Op


@click.command("ops")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (as in README.md).")
def ops_command(markdown: bool) -> None:
    """List every operation: how to write it, its local gradient, and its gate pattern."""
    if markdown:
        click.echo(ops_markdown())
        return
    from rich.table import Table
    from rich.text import Text

    from bpcalc.cli.common import make_console
    from bpcalc.teach.catalogue import current_lang, translate

    lang = current_lang()  # --lang, LANG
    table = Table(title=translate("bpcalc operations"), title_justify="left")
    for column in ("op", "syntax", "local gradient", "gate pattern"):
        table.add_column(translate(column))
    for op in REGISTRY.values():  # cells as Text: shown as written (x[i] is no markup tag), and no markup to parse
        table.add_row(Text(op.name), Text(op.syntax), Text(rule_text(op, lang)), Text(pattern_text(op, lang)))
    make_console().print(table)


def rule_text(op: Op, lang: str = "en") -> str:
    """The local gradient for people, in `lang` where the row's rule has words in it."""
    if lang != "en":
        from bpcalc.teach.korean_rows import ROWS

        row = ROWS.get(op.name)
        if row is not None and row.rule:
            return row.rule
    return op.rule


def pattern_text(op: Op, lang: str = "en") -> str:
    """The gate pattern, with the row's convention at its kink where it has one."""
    if lang != "en":
        from bpcalc.teach import i18n

        kink = f" (Kink: {i18n.kink_rule(op.name, lang)})" if op.kink_rule else ""
        return i18n.pattern(op.name, lang) + kink
    return op.pattern + (f" (kink: {op.kink_rule})" if op.kink_rule else "")


def ops_markdown() -> str:
    lines = ["| op | syntax | local gradient | gate pattern |", "|---|---|---|---|"]
    for op in REGISTRY.values():
        cells = [f"`{op.name}`", f"`{op.syntax}`", op.rule, pattern_text(op)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
