"""What the two plain consoles of `direct` share (phones: live/console.py, answer cards:
reading/cards_console.py): printing a question, and reading the animateur's keys.
A base module, below every layer, as both consoles sit in layers that may not import
each other."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

__all__ = ["say", "show_question", "show_totals", "read_input"]


def say(text: str = "") -> None:
    print(text, flush=True)


def show_question(q, index: int, count: int, labels: list[str], where: str = "") -> None:
    """The question opened: its number, heading, context, prompt and labelled options
    (as many as `labels`)."""
    say(f"\nQuestion {index + 1}/{count} ouverte{where} — {q.heading}")
    if q.context:
        say(q.context)
    say(q.prompt)
    for label, option in zip(labels, q.options):
        say(f"  {label} {option}")


def show_totals(q, counts: list[int], labels: list[str] | None = None) -> None:
    """A closed question's totals, the right answers ticked; nothing for a sensitive one."""
    if q.sensitive:
        say("  Question sensible : les réponses ne sont pas affichées pendant la séance.")
        return
    shown = q.options if labels is None else q.options[:len(labels)]
    for i, option in enumerate(shown):
        mark = "✔" if i in q.right else " "
        label = "" if labels is None else f"{labels[i]} "
        say(f"  {mark} {label}{option} : {counts[i]}")


def read_input(put: Callable[[str | None], None]) -> None:
    """Read the console in a daemon thread (it never holds up the end), line by line:
    each line, stripped and lower-cased, then None when there is no more input."""
    def read() -> None:
        for line in sys.stdin:
            put(line.strip().lower())
        put(None)

    threading.Thread(target=read, daemon=True).start()
