"""French line breaking on screen: the texts of the bundled modules and adversarial
strings, wrapped by Rich/Textual at many widths, never break where French forbids."""

from __future__ import annotations

import dataclasses
import re

import pytest
from rich.console import Console
from rich.text import Text
from textual.content import Content

import harcelement_kit.tui.app  # noqa: F401  (installs the French wrapping, as the app does)
from harcelement_kit.content.loader import load_library
from harcelement_kit.content.typography import NBSP, break_points, no_break
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.cli import main  # noqa: F401  (the kit as installed)

from conftest import TODAY

WIDTHS = range(12, 81, 3)
ADVERSARIAL = [
    "Une amende de 45 000 € et un an de prison : c'est la loi.",
    "Jusqu'à 150 000 € d'amende ; 1 234 567 vues ! Vraiment ?",
    "Il dit « tu es nul » puis « personne ne t'aime » devant 30 élèves.",
    "Option A   [12 mains]   Option B [10 mains + 1 tél.]   Option C [3 ________]",
    "Le [3 ________] est puni par la loi ; le [4 ________] aussi.",
    "Rejoindre : http://192.168.137.1:8765/j/ypRr6LpjF_rDZDcq7vp-qWM4 puis le code 123 456",
    "Appelle le 3018 (gratuit, 7 j/7, de 9 h à 23 h) ou le 119 : c'est anonyme.",
    "Réponse : 71 % des élèves, soit 17 sur 24 ; n = 24 ; 82 % !",
    "Au plus 24 mains : la séance compte 24 participants (⌫ pour corriger).",
]


def bundled_texts() -> list[str]:
    """Every text of the bundled modules (titles, questions, options, explanations...)."""
    library = load_library([bundled_content_dir()], today=TODAY)
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            if " " in value:
                found.append(value)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for module in library.modules.values():
        walk(module)
    for resource in library.helplines(None):
        walk(resource)
    return found


CORPUS = bundled_texts() + ADVERSARIAL


def wrapped_lines(text: str, width: int) -> list[str]:
    """The lines Textual draws (Content, as Static does) and Rich draws (Text)."""
    textual_lines = [line.plain for line in Content(text).wrap(width)]
    rich_lines = [line.plain for line in Text(text).wrap(Console(width=width), width)]
    return textual_lines + ["<>"] + rich_lines


def folded(text: str, before: str, after: str, width: int) -> bool:
    """Whether this break is inside a group of words glued together that is wider than the line."""
    last = before.split(" ")[-1] if before.strip() else ""
    first = after.split(" ")[0] if after.strip() else ""
    groups = [g.replace(NBSP, " ") for g in re.split(r"[^\S\u00a0]+", no_break(text))]
    return any(len(g) > width and last in g and first in g for g in groups)


def bad_breaks(text: str, width: int) -> list[str]:
    """Each line break that French forbids, said in words."""
    found = []
    for part in (0, 1):
        all_lines = wrapped_lines(text, width)
        cut = all_lines.index("<>")
        lines = all_lines[:cut] if part == 0 else all_lines[cut + 1 :]
        for before, after in zip(lines, lines[1:]):
            b, a = before.rstrip(), after.lstrip()
            if folded(text, b, a, width):
                continue  # a glued group longer than the line is folded: no rule can keep it whole
            if re.match(r"[»?!:;€%]", a):
                found.append(f"« {a[:1]} » starts a line: {b!r} / {a!r}")
            if b.endswith("«"):
                found.append(f"a line ends on « : {b!r}")
            if re.search(r"\d$", b) and re.match(r"\d{3}(?!\d)|€|%", a):
                found.append(f"a number is cut: {b!r} / {a!r}")
            if b.count("[") > b.count("]") and len(re.search(r"\[[^\]]*$", b).group(0)) < 30:
                found.append(f"a bracket is cut: {b!r} / {a!r}")
            if "http" in text and re.search(r"https?://\S*$", b) and not b.endswith(" "):
                url = re.search(r"https?://\S+", text).group(0)
                if len(url) <= width and url not in b:
                    found.append(f"a URL is cut: {b!r} / {a!r}")
    return found


def test_the_corpus_is_the_bundled_texts():
    texts = bundled_texts()
    assert len(texts) > 100
    assert any("€" in t for t in texts) and any("«" in t for t in texts) and any(" : " in t for t in texts)


@pytest.mark.parametrize("text", CORPUS, ids=lambda t: t[:30])
def test_no_line_breaks_where_french_forbids(text):
    problems = [p for width in WIDTHS for p in bad_breaks(text, width)]
    assert problems == []


def test_the_wrapping_is_the_kit_one_and_changes_no_text():
    """Rich's own splitter cuts « 45 | 000 € » at width 17 (the bug seen on the projector);
    the kit's keeps it whole and shows the same characters."""
    import rich._wrap
    from harcelement_kit.tui.wrapping import french_words

    assert rich._wrap.words is french_words
    text = "Le prix est de 45 000 € pour tout le monde ici"
    lines = [line.plain for line in Content(text).wrap(17)]
    assert [line.rstrip() for line in lines] == ["Le prix est de", "45 000 € pour", "tout le monde ici"]
    original = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word
    glued = [m.group(0) for m in original.finditer(no_break(text))]
    assert "45\u00a0" in glued  # what Rich alone would have let break


@pytest.mark.parametrize(
    "text, glued",
    [
        ("45 000 €", "45\u00a0000\u00a0€"),
        ("1 234 567 €", "1\u00a0234\u00a0567\u00a0€"),
        ("« mot »", "«\u00a0mot\u00a0»"),
        ("Quoi ? Non ! Ici : là ; 12 %", "Quoi\u00a0? Non\u00a0! Ici\u00a0: là\u00a0; 12\u00a0%"),
        ("[10 mains + 1 tél.]", "[10\u00a0mains\u00a0+\u00a01\u00a0tél.]"),
        ("en 2024 les élèves", "en 2024 les élèves"),  # a year before a word: free to break
        ("http://a.b/c d", "http://a.b/c d"),
    ],
)
def test_no_break_rules(text, glued):
    assert no_break(text) == glued
    assert len(no_break(text)) == len(text)


def test_a_url_only_breaks_around_it():
    text = "Sans QR code : http://192.168.137.1:8765/j/ypRr6LpjF_rDZDcq7vp-qWM4 puis"
    url_start = text.index("http")
    inside = [p for p in break_points(text) if url_start < p < url_start + 52]
    assert inside == []
    for width in (52, 60, 80):
        assert any(
            "http://192.168.137.1:8765/j/ypRr6LpjF_rDZDcq7vp-qWM4" in line.plain for line in Content(text).wrap(width)
        )


def test_paper_glues_nothing_the_screen_would_break():
    """The paper's rules (paper/sheet.py) are a part of these: a text never breaks on
    screen where its printed sheet keeps it together."""
    from harcelement_kit.paper.sheet import typeset

    for text in CORPUS:
        printed = typeset(text)
        if len(printed) != len(text):
            continue  # print typography that changes the text (quotes): compared elsewhere
        on_screen = no_break(text)
        assert [i for i, c in enumerate(printed) if c == NBSP and on_screen[i] != NBSP] == [], text
