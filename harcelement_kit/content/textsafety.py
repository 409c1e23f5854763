"""Characters no text of the kit may hold, refused on input with their place and
escaped on output (issue 12, failures 8 and 12).

Why: an imported `etablissement` or module id holding terminal escape sequences,
bidi overrides or NUL was printed raw by `seance liste` and `bilan` (it can
rewrite or hide what the terminal shows); a cell starting with = + - @ is run as
a formula by Excel or LibreOffice (OWASP « CSV injection »).
"""

from __future__ import annotations

import re

__all__ = ["FORBIDDEN", "control_problem", "visible", "csv_cell", "check_data"]

# C0 controls but tab and newline, DEL, C1 controls, and the bidi controls (embeddings,
# overrides, isolates, marks) that can reorder what a reader sees.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _name(char: str) -> str:
    return f"U+{ord(char):04X}"


def control_problem(text: str, allow_newline: bool = False) -> str | None:
    """Why `text` may not be taken, with the position of the first bad character, or None."""
    if not isinstance(text, str):
        return None
    found = FORBIDDEN.search(text) or (None if allow_newline else _LINE_BREAKS.search(text))
    if found is None:
        return None
    return (
        f"caractère de contrôle interdit ({_name(found.group())}) en position {found.start() + 1} "
        "(attendu : du texte ordinaire)"
    )


def visible(text) -> str:
    """`text` safe for a terminal: every forbidden character shown as ⟨U+001B⟩."""
    return FORBIDDEN.sub(lambda m: f"⟨{_name(m.group())}⟩", str(text))


def csv_cell(text) -> str:
    """A CSV cell that no spreadsheet runs as a formula (OWASP: prefix an apostrophe)."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def check_data(data, path: tuple, report) -> None:
    """Report every string of a YAML document (keys and values) holding a forbidden
    character; newlines are allowed in content texts."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and control_problem(key, allow_newline=False):
                report.error(path + (key,), "clé : " + control_problem(key), at_key=True)
            check_data(value, path + (key,), report)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            check_data(value, path + (i,), report)
    elif isinstance(data, str):
        problem = control_problem(data, allow_newline=True)
        if problem:
            report.error(path, problem)
