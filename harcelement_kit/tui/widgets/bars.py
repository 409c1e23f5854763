"""Horizontal bar charts drawn with block characters, for the counts of a séance."""

from __future__ import annotations

from rich.text import Text

from harcelement_kit.tally.numbers import round_percent

__all__ = ["bar_chart"]


def bar_chart(labels: list[str], counts: list[int], correct: list[int], width: int = 30) -> Text:
    """One line per option: label, bar, count; the right answer marked ✔. A bar is the
    option's share of the answers (scaled to the largest, 71 % and 82 % looked alike)."""
    total = sum(counts)
    top = total or 1
    text = Text()
    for i, (label, n) in enumerate(zip(labels, counts)):
        mark = "✔ " if i in correct else "  "
        bar = "█" * round(width * n / top)
        share = f" ({round_percent(n, total)} %)" if total else ""
        text.append(f"{mark}{label}\n", style="bold" if i in correct else "")
        text.append(f"   {bar} {n}{share}\n", style="green" if i in correct else "cyan")
    return text
