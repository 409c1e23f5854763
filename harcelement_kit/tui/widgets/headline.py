"""The question on the projector: in block letters when the screen is wide enough
(Textual has no font size), else in bold text. Big letters come from pyfiglet's
mono9 font, which carries French accents. A long question keeps its context in bold
text and draws its last sentence (the question asked) in block letters; what cannot
be drawn (a missing glyph such as €, too many rows) stays plain text."""

from __future__ import annotations

import re
from functools import lru_cache

from rich.text import Text
from textual.widgets import Static

from harcelement_kit.content.typography import no_break

__all__ = ["Headline", "big_text", "BIG_FROM_COLUMNS"]

BIG_FROM_COLUMNS = 120  # below, the letters would hold too few words per line
FONTS = ("mono9",)  # smblock's quadrant glyphs were tried: unreadable on a projector


@lru_cache(maxsize=8)
def _figlet(font: str):
    import pyfiglet  # imported when a wide screen first asks: the start stays light

    return pyfiglet.Figlet(font=font, width=100_000)


@lru_cache(maxsize=512)
def _draw(font: str, text: str) -> list[str]:
    rows = _figlet(font).renderText(text).split("\n")
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    width = max((len(r) for r in rows), default=0)
    return [r.ljust(width) for r in rows]


@lru_cache(maxsize=64)
def big_text(text: str, width: int, max_rows: int) -> str | None:
    """`text` in block letters within `width` columns and `max_rows` rows, each line
    centred, cut only where French allows a break; None when no font fits."""
    for font in FONTS:
        chars = _figlet(font).Font.chars
        if any(ord(c) not in chars for c in text.replace("\u00a0", " ")):
            continue
        groups = no_break(text).split(" ")
        lines: list[list[str]] = []
        current: list[str] = []
        for group in groups:
            trial = " ".join(current + [group]).replace("\u00a0", " ")
            drawn = _draw(font, trial)
            if current and drawn and len(drawn[0]) > width:
                lines.append(_draw(font, " ".join(current).replace("\u00a0", " ")))
                current = [group]
            else:
                current.append(group)
        if current:
            lines.append(_draw(font, " ".join(current).replace("\u00a0", " ")))
        if any(len(row) > width for block in lines for row in block):
            continue  # one word wider than the screen
        rows = sum(len(block) for block in lines) + len(lines) - 1
        if rows > max_rows:
            continue
        out = []
        for block in lines:
            pad = " " * ((width - len(block[0])) // 2)
            out += [pad + row.rstrip() for row in block] + [""]
        return "\n".join(out[:-1])
    return None


_LAST_SENTENCE = re.compile(r"^(.*[.!?…»])\s+(\S[^.!?…]*[?!.]?)$", re.S)


def split_question(text: str) -> tuple[str, str]:
    """(context, question): « Depuis … au collège. » and « Qu'est-ce que ça peut vouloir dire ? »."""
    found = _LAST_SENTENCE.match(text.strip())
    return (found.group(1), found.group(2)) if found else ("", text)


def _centred(text: str, width: int) -> str:
    from textual.content import Content

    return "\n".join(
        " " * ((width - len(line.plain.rstrip())) // 2) + line.plain.rstrip() for line in Content(text).wrap(width)
    )


class Headline(Static):
    """A Static (its text is the question, read as such by tests and screen readers of the
    log) drawn big on a wide screen."""

    def __init__(self, text: str, **kwargs):
        super().__init__(Text(text, style="bold", justify="center"), markup=False, **kwargs)
        self.text = text
        self.big = False

    def _big(self, width: int) -> str | None:
        app = self.app
        if app.size.width < BIG_FROM_COLUMNS or width < 60:
            return None
        rows = max(app.size.height * 2 // 5, 4)
        whole = big_text(self.text, width, rows)
        if whole is not None:
            return whole
        context, question = split_question(self.text)
        if not context:
            return None
        above = _centred(context, width)
        drawn = big_text(question, width, rows - above.count("\n") - 2)
        return None if drawn is None else f"{above}\n\n{drawn}"

    def render(self):
        drawn = self._big(self.content_size.width)
        self.big = drawn is not None
        if drawn:
            return Text(drawn, style="bold")
        width = self.content_size.width
        return Text(_centred(self.text, width) if width > 0 else self.text, style="bold")

    def get_content_height(self, container, viewport, width: int) -> int:
        drawn = self._big(width)
        if drawn is not None:
            return drawn.count("\n") + 1
        return super().get_content_height(container, viewport, width)
