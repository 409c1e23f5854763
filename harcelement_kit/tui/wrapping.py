"""French line breaking on screen: Rich, and Textual through it, break a line at any
Unicode space, the no-break space included (their word pattern is ``\\s*\\S+\\s*``),
so « 45 000 € » could end a line on « 45 » and « ? » start one. Their one word
splitter is replaced by one that breaks only where content/typography.py allows:
every text the UI shows (statics, counts, lists, toasts, the key bar) wraps by the
same French rules, and the texts themselves are not changed (searches still find
« 45 000 € » with ordinary spaces)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import rich._wrap

from harcelement_kit.content.typography import no_break

__all__ = ["install_french_wrapping", "french_words"]

# A word: breakable spaces before it (at the start only), anything else (no-break
# spaces included), then its breakable spaces.
_WORD = re.compile(r"[^\S\u00a0\u202f\u2007]*(?:[^\s]|[\u00a0\u202f\u2007])+[^\S\u00a0\u202f\u2007]*")


# Textual wraps the same text again at each layout and width (a module's line in the list
# 3 times before Accueil is first drawn): the French rules run once per text (~5 M
# instructions of the first screen).
_glued = lru_cache(maxsize=256)(no_break)


def french_words(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, word) as rich._wrap.words gives them, cut only where French allows."""
    glued = _glued(text)  # same length: offsets are the original text's
    position = 0
    match = _WORD.match(glued, position)
    while match is not None:
        start, end = match.span()
        yield start, end, text[start:end]
        match = _WORD.match(glued, end)


french_words.french = True


def install_french_wrapping() -> None:
    """Once per process; Rich's divide_line looks the splitter up at each call."""
    if not getattr(rich._wrap.words, "french", False):
        rich._wrap.words = french_words
