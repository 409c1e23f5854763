"""French line breaking: where a line must not break, as no-break spaces.

One set of rules for every place a French text is laid out (the terminal UI wraps
with them, the phones' pages carry them as &nbsp;; paper/sheet.py started them and
they are the same rules, extended). Each rule turns ONE ordinary space into ONE
no-break space, so the text keeps its length and every offset in it: the UI can
use the result to find where a line may break without changing what it shows.
"""

from __future__ import annotations

import re

__all__ = ["NBSP", "NO_BREAK_PATTERNS", "no_break", "break_points"]

NBSP = "\u00a0"

# Words a number is never separated from (units, and what the kit counts).
_UNITS = (
    r"€|%|h|min|s|ans?|mois|jours?|minutes?|secondes?|mains?|participants?|réponses?|"
    r"téléphones?|tél\.|élèves?|fois|questions?|votes?|cartes?"
)

# Each pattern matches one space that becomes a no-break space. Kept as text and compiled
# once, joined (`_GLUE`): each regex compiled costs the UI's start about 1 ms.
NO_BREAK_PATTERNS: list[str] = [
    r"(?<=\d) (?=\d{3}(?!\d))",  # 45 000, 1 234 567
    rf"(?<=\d) (?=(?:{_UNITS})(?!\w))",  # 45 000 €, 9 h, 3 ans, 1 main
    r"(?<=«) ",  # « mot
    r" (?=[»?!:;€%])",  # mot », quoi ?, Réponse :
    r"(?<=\b[nN]) (?==)|(?<==) (?=\d)",  # n = 12
]
# The same rules in one pass (the UI wraps every text it shows with them).
_GLUE = re.compile("|".join(f"(?:{pattern})" for pattern in NO_BREAK_PATTERNS))
# A short bracketed count or blank: « [12 mains] », « [3 ________] », « [10 mains + 1 tél.] »;
# compiled by `re` when first met (few texts have one).
_BRACKETS = r"\[[^\[\]\n]{1,32}\]"


def no_break(text: str) -> str:
    """`text` with a no-break space wherever a French line must not break; same length."""
    if " " not in text:
        return text
    text = _GLUE.sub(NBSP, text)
    if "[" in text:
        text = re.sub(_BRACKETS, lambda m: m.group(0).replace(" ", NBSP), text)
    return text


_BREAKABLE = r"[^\S\u00a0\u202f\u2007]+"  # compiled by `re` when first used (not by the UI)


def break_points(text: str) -> list[int]:
    """Offsets just after each run of spaces where a line may break (French rules).
    A URL has no space, so it is never broken inside."""
    return [m.end() for m in re.finditer(_BREAKABLE, no_break(text))]
