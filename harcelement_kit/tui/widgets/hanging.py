"""Hanging indents on screen: a line's next rows start under its text, not at the margin."""

from __future__ import annotations

from rich.text import Text

__all__ = ["hanging"]


def hanging(console, line: str, indent: int, width: int) -> str:
    """`line` wrapped to `width` by the French rules (tui/wrapping.py), its rows after the
    first starting `indent` columns in: a long answer under its own text, not under its
    number; a key's description under the description, not under the key."""
    if width <= indent + 10 or len(line) <= width:
        return line
    rows = [row.plain.rstrip() for row in Text(line[indent:]).wrap(console, width - indent)]
    return line[:indent] + ("\n" + " " * indent).join(rows)
