"""Horizontal bar charts drawn with block characters, for the counts of a séance."""

from __future__ import annotations

from rich.text import Text

__all__ = ["bar_chart"]


def bar_chart(labels: list[str], counts: list[int], correct: list[int], width: int = 30) -> Text:
    """One line per option: label, bar, count; the right answer marked ✔."""
    top = max(counts) if counts and max(counts) > 0 else 1
    total = sum(counts)
    text = Text()
    for i, (label, n) in enumerate(zip(labels, counts)):
        mark = "✔ " if i in correct else "  "
        bar = "█" * round(width * n / top)
        share = f" ({round(100 * n / total)} %)" if total else ""
        text.append(f"{mark}{label}\n", style="bold" if i in correct else "")
        text.append(f"   {bar} {n}{share}\n", style="green" if i in correct else "cyan")
    return text
