"""The A4 sheet: embedded font, page footer, and the shapes of a worksheet
(checkboxes, writing lines, scissors, framed boxes), all drawn as vectors."""

from __future__ import annotations

import datetime
import logging
import re

from fpdf import FPDF
from fpdf.enums import XPos, YPos

__all__ = ["Sheet", "PaperError", "FONT", "font_files", "typeset"]

FONT = "Lexend"


class PaperError(Exception):
    """A sheet that cannot be printed correctly, with a French message."""


def font_files() -> dict[str, tuple[str, dict]]:
    """Lexend (OFL, designed for reading ease), regular and bold, from its variable font.
    Atkinson Hyperlegible was tried first: its slashed zero makes « 3018 » and
    « 45 000 € » read as « 3Ø18 » to an 11-year-old."""
    import fontpkg

    path = str(fontpkg.path("lexend", weight=400))
    return {"": (path, {"wght": 400}), "B": (path, {"wght": 700})}


_NO_BREAK = [
    (re.compile(r"(\d) (?=\d{3}\b)"), "\\1\u00a0"),   # 45 000
    (re.compile(r"(\d) (?=(€|%|h\b|min\b|ans\b))"), "\\1\u00a0"),  # 45 000 €, 9 h, 3 ans
    (re.compile(r"« "), "«\u00a0"),
    (re.compile(r" (?=[»?!:;])"), "\u00a0"),
]


def typeset(text: str) -> str:
    """French no-break spaces, so that « 150 000 € » or « ? » never start a line."""
    for pattern, replacement in _NO_BREAK:
        text = pattern.sub(replacement, text)
    return text


class _MissingGlyphs(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "missing" in record.getMessage().lower():
            self.messages.append(record.getMessage())


class Sheet(FPDF):
    """One PDF; `size` is the body font size in points (14 or more for large print)."""

    def __init__(self, size: float = 12, footer_text: str = "", created: datetime.datetime | None = None):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.body = size
        self.small = max(size - 3, 14) if size >= 14 else size - 3  # large print stays large
        self.footer_text = footer_text
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        for style, (path, axes) in font_files().items():
            self.add_font(FONT, style, path, variations=axes)
        self.set_creation_date(created or datetime.datetime.now(datetime.UTC))
        self.set_title("harcelement-kit")
        self.set_producer("harcelement-kit")
        self.alias_nb_pages()

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        return super().multi_cell(w, h, typeset(text), *args, **kwargs)

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        return super().cell(w, h, typeset(text), *args, **kwargs)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 9)
        self.set_text_color(80, 80, 80)
        self.cell(0, 5, f"{self.footer_text} — page {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    # -- text ----------------------------------------------------------------------

    def text_block(self, text: str, size: float | None = None, bold: bool = False,
                   gap: float = 2, indent: float = 0) -> None:
        self.set_font(FONT, "B" if bold else "", size or self.body)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, (size or self.body) * 0.5, text, align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def heading(self, text: str, level: int = 1) -> None:
        size = self.body + (8 if level == 1 else 3)
        if self.will_page_break(size * 1.5):
            self.add_page()
        self.text_block(text, size=size, bold=True, gap=1 if level > 1 else 3)

    def keep_together(self, height: float) -> None:
        """Start a new page when `height` mm would not fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    # -- shapes ----------------------------------------------------------------------

    def checkbox_line(self, label: str, indent: float = 4) -> None:
        side = self.body * 0.35
        line_h = self.body * 0.5
        lines = self.multi_cell(self.epw - indent - side - 3, line_h, label, dry_run=True,
                                output="LINES")
        self.keep_together(len(lines) * line_h + 2)
        y = self.get_y()
        self.set_line_width(0.35)
        self.rect(self.l_margin + indent, y + (line_h - side) / 2, side, side)
        self.set_x(self.l_margin + indent + side + 3)
        self.set_font(FONT, "", self.body)
        self.multi_cell(self.epw - indent - side - 3, line_h, label, align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def writing_lines(self, count: int, spacing: float = 9) -> None:
        self.keep_together(count * spacing + 2)
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        for _ in range(count):
            self.ln(spacing)
            self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.set_draw_color(0, 0, 0)
        self.ln(4)

    def scissors(self, x: float, y: float, size: float = 5) -> None:
        """Two rings and two crossed blades, pointing right."""
        self.set_line_width(0.3)
        r = size * 0.18
        self.circle(x + r, y + r, r)
        self.circle(x + r, y + size - r, r)
        self.line(x + 2 * r * 0.9, y + r * 1.3, x + size, y + size * 0.62)
        self.line(x + 2 * r * 0.9, y + size - r * 1.3, x + size, y + size * 0.38)

    def cut_grid(self, texts: list[str], columns: int = 2, height: float = 30) -> None:
        """Cards to cut out, in a grid of dashed lines with scissors at the top."""
        width = self.epw / columns
        # The rows that fit between the heading with its scissors (14 mm) and the footer.
        per_page = columns * int((self.h - self.t_margin - 14 - self.b_margin) // height)
        for start in range(0, len(texts), per_page):
            self.add_page()
            self.set_font(FONT, "B", self.body)
            self.cell(0, 6, "Cartes à découper", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.scissors(self.l_margin, self.get_y() + 1)
            top = self.get_y() + 8
            page = texts[start:start + per_page]
            rows = (len(page) + columns - 1) // columns
            self.set_dash_pattern(dash=2, gap=1.5)
            self.set_line_width(0.3)
            for r in range(rows + 1):
                self.line(self.l_margin, top + r * height, self.l_margin + self.epw, top + r * height)
            for c in range(columns + 1):
                self.line(self.l_margin + c * width, top, self.l_margin + c * width, top + rows * height)
            self.set_dash_pattern()
            for i, text in enumerate(page):
                r, c = divmod(i, columns)
                self.set_xy(self.l_margin + c * width + 4, top + r * height + 4)
                self.set_font(FONT, "", self.body)
                self.multi_cell(width - 8, self.body * 0.5, text, align="L")
            self.set_y(top + rows * height + 4)

    def output_checked(self) -> bytes:
        """The PDF bytes; PaperError when the font lacks a character of the content."""
        handler = _MissingGlyphs()
        logger = logging.getLogger("fpdf")
        logger.addHandler(handler)
        try:
            data = bytes(self.output())
        finally:
            logger.removeHandler(handler)
        if handler.messages:
            raise PaperError("la police ne sait pas écrire certains caractères : " + " ; ".join(handler.messages))
        return data
