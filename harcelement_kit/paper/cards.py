"""Answer cards (« cartes-réponses »): one A4 page per card, a square to cut out with a
large ArUco marker, the letters A–D on its four sides and a small card number. The
kit never knows which pupil holds which card: nothing on a card names anyone."""

from __future__ import annotations

import datetime

from harcelement_kit.paper.sheet import FONT, PaperError, Sheet
from harcelement_kit.paper.card_markers import MAX_CARDS, marker_cells
from harcelement_kit.paper.qr import dark_runs

__all__ = ["print_cards", "CARD", "MARKER", "CARD_X", "CARD_Y"]

CARD = 190.0  # the square to cut out, mm
MARKER = 150.0  # the marker, mm: 25 mm cells read from the back of a classroom
CARD_X, CARD_Y = 10.0, 12.0
_LETTER_PT = 40
# Each letter reads upright when its side is on top; fpdf2 turns counterclockwise.
_TURN = {"A": 0, "B": -90, "C": 180, "D": 90}


def _marker(pdf: Sheet, number: int, x: float, y: float) -> None:
    cells = marker_cells(number)
    cell = MARKER / len(cells)
    pdf.set_fill_color(0, 0, 0)
    for row, start, length in dark_runs(cells):
        pdf.rect(x + start * cell, y + row * cell, length * cell, cell, style="F")


def _letter(pdf: Sheet, letter: str, cx: float, cy: float) -> None:
    pdf.set_font(FONT, "B", _LETTER_PT)
    width = pdf.get_string_width(letter)
    height = _LETTER_PT * 0.3528 * 0.7  # cap height of Lexend, about 0.7 em
    with pdf.rotation(_TURN[letter], cx, cy):
        pdf.text(cx - width / 2, cy + height / 2, letter)


def _card(pdf: Sheet, number: int) -> None:
    pdf.add_page()
    x, y = CARD_X, CARD_Y
    margin = (CARD - MARKER) / 2
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.3)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    pdf.rect(x, y, CARD, CARD)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0, 0, 0)
    pdf.scissors(x - 7, y + CARD / 2 - 2.5, 5)
    _marker(pdf, number, x + margin, y + margin)
    middle = margin / 2
    _letter(pdf, "A", x + CARD / 2, y + middle)
    _letter(pdf, "B", x + CARD - middle, y + CARD / 2)
    _letter(pdf, "C", x + CARD / 2, y + CARD - middle)
    _letter(pdf, "D", x + middle, y + CARD / 2)
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(90, 90, 90)
    pdf.text(x + 4, y + 7, f"n° {number}")  # small: the animateur sorts the pile, the camera reads the marker
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, y + CARD + 8)
    pdf.text_block(f"Carte-réponse n° {number} · à découper en suivant le pointillé", bold=True, gap=2)
    pdf.text_block(
        "Pour répondre, tiens la carte devant toi, à deux mains par les bords, la lettre de "
        "ta réponse en haut. Ne cache pas le grand carré noir et blanc. La caméra "
        "compte les réponses sans savoir qui tient quelle carte.",
        size=11,
        gap=1,
    )


def print_cards(count: int = 40, created: datetime.datetime | None = None) -> bytes:
    """Cards 1 to `count`, one a page."""
    if not 1 <= count <= MAX_CARDS:
        raise PaperError(f"le nombre de cartes doit être entre 1 et {MAX_CARDS}")
    pdf = Sheet(12, "harcelement-kit · cartes-réponses", created)
    pdf.describe("Cartes-réponses", f"{count} cartes à lever, lues par la caméra")
    pdf.set_auto_page_break(False)
    for number in range(1, count + 1):
        _card(pdf, number)
    return pdf.output_checked()
